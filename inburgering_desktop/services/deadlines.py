"""The deadline report: every dossier's derived dates, offers and signals, for scripts and
exports (`inburgering-desktop deadlines --json`)."""

from __future__ import annotations

import datetime as dt

from inburgering_desktop.domain import register, rules
from inburgering_desktop.services.context import AppContext

REPORT_VERSION = 1


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def signal_text(signal: rules.Signal, translate: object = None) -> str:
    message = translate(signal.message) if callable(translate) else signal.message
    return message.format(**signal.params) if signal.params else message


def deadline_report(ctx: AppContext) -> dict[str, object]:
    today = ctx.today()
    entries = []
    snapshot = ctx.db.read_register()
    for row, status in register.evaluate_register(snapshot, today):
        entries.append(
            {
                "reference": row.reference,
                "regime": status.regime.value,
                "doelgroep": row.doelgroep.value,
                "phase": status.phase.value,
                "duty_starts": _iso(status.duty_starts),
                "pip_due": _iso(status.pip_due.date if status.pip_due else None),
                "termijn_start": _iso(status.termijn.start if status.termijn else None),
                "termijn_end": _iso(status.termijn.end if status.termijn else None),
                "termijn_extended": bool(status.termijn and status.termijn.extended),
                "next_meeting_due": _iso(status.next_meeting_due),
                "offers": {offer.value: allowed for offer, allowed in status.offers.items()},
                "signals": [
                    {
                        "code": s.code,
                        "severity": s.severity,
                        "message": signal_text(s),
                        "date": _iso(s.date),
                    }
                    for s in status.signals
                ],
            }
        )
    return {"version": REPORT_VERSION, "as_of": today.isoformat(), "dossiers": entries}
