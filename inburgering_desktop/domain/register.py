"""The register as a whole: every dossier's plain columns in, list rows and statuses out.

The store reads the columns (`RegisterSnapshot`, one read transaction, no ORM); this module turns
them into `rules.DossierFacts`, evaluates them and builds the rows of the register list. The list,
the deadline report and the start-up path all go through here, so they cannot disagree. No Qt,
no SQL.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from inburgering_desktop.domain import rules
from inburgering_desktop.domain.enums import CloseReason, Doelgroep, Phase, Regime
from inburgering_desktop.domain.policy import Policy


class DossierRow(NamedTuple):
    """A dossier's columns as the register needs them (a plain tuple: thousands are cheap)."""

    id: int
    reference: str
    family_name: str
    given_names: str
    name_original_script: str
    bsn: str | None
    v_number: str | None
    birth_date: dt.date
    doelgroep: Doelgroep
    pw_benefit: bool
    permit_date: dt.date
    koppeling_date: dt.date | None
    duo_notice_date: dt.date | None
    brp_date: dt.date | None
    intake_start_date: dt.date | None
    intake_completed_date: dt.date | None
    first_pip_date: dt.date | None
    closed_on: dt.date | None
    close_reason: CloseReason | None


@dataclass(frozen=True)
class RegisterSnapshot:
    """Everything the rules need about every dossier, read in one transaction."""

    dossiers: tuple[DossierRow, ...]  # in reference order
    exemptions: Mapping[int, tuple[rules.Exemption, ...]] = field(default_factory=dict)
    extensions: Mapping[int, tuple[rules.Extension, ...]] = field(default_factory=dict)
    policy_overrides: Mapping[str, object] = field(default_factory=dict)

    def policy(self) -> Policy:
        return Policy.from_overrides(self.policy_overrides)


class DossierSummary(NamedTuple):
    """One row of the register list. A tuple, not a dataclass: the list builds one per dossier
    at every start, and a tuple is built in C, several times faster than a frozen dataclass."""

    id: int
    reference: str
    family_name: str
    given_names: str
    name_original_script: str
    bsn: str | None
    v_number: str | None
    birth_date: dt.date
    doelgroep: Doelgroep
    regime: Regime
    phase: Phase
    pip_due: dt.date | None
    termijn_end: dt.date | None
    signal_count: int
    top_severity: rules.Severity | None
    search_key: str

    @property
    def display_name(self) -> str:
        return display_name(self.family_name, self.given_names)


def display_name(family_name: str, given_names: str) -> str:
    return f"{family_name}, {given_names}" if given_names else family_name


class _DropCombining(dict[int, int | None]):
    """str.translate table that drops combining marks; each code point is looked up once and
    then answered from the dict in C, which is what makes folding 10,000 names cheap."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_DROP_COMBINING = _DropCombining()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form for searching: 'Zoë' matches 'zoe'; Arabic
    harakat are dropped so a name typed without vowel marks still matches."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # nothing combining to drop: most Latin names
        return decomposed
    return decomposed.translate(_DROP_COMBINING)


def facts_for(
    d: Any, exemptions: Iterable[Any] = (), extensions: Iterable[Any] = ()
) -> rules.DossierFacts:
    """The facts of one dossier: `d` has the DossierRow attributes (a row or a model object);
    exemptions and extensions have the attributes of rules.Exemption / rules.Extension."""
    return rules.DossierFacts(
        birth_date=d.birth_date,
        doelgroep=d.doelgroep,
        pw_benefit=d.pw_benefit,
        permit_date=d.permit_date,
        koppeling_date=d.koppeling_date,
        duo_notice_date=d.duo_notice_date,
        brp_date=d.brp_date,
        intake_start_date=d.intake_start_date,
        intake_completed_date=d.intake_completed_date,
        first_pip_date=d.first_pip_date,
        extensions=()
        if not extensions
        else tuple(
            e
            if isinstance(e, rules.Extension)
            else rules.Extension(
                decided_on=e.decided_on,
                new_end_date=e.new_end_date,
                reason=e.reason,
                reference=e.reference,
            )
            for e in extensions
        ),
        exemptions=()
        if not exemptions
        else tuple(
            x
            if isinstance(x, rules.Exemption)
            else rules.Exemption(
                kind=x.kind, decided_on=x.decided_on, ground=x.ground, reference=x.reference
            )
            for x in exemptions
        ),
        closed_on=d.closed_on,
        close_reason=d.close_reason,
        last_meeting_date=None,
    )


def evaluate_register(
    snapshot: RegisterSnapshot, today: dt.date
) -> Iterator[tuple[DossierRow, rules.DossierStatus]]:
    """Every dossier with its derived status, in reference order."""
    policy = snapshot.policy()
    no_records: tuple[Any, ...] = ()
    for row in snapshot.dossiers:
        facts = facts_for(
            row,
            snapshot.exemptions.get(row.id, no_records),
            snapshot.extensions.get(row.id, no_records),
        )
        yield row, rules.evaluate(facts, policy, today)


def summaries(snapshot: RegisterSnapshot, today: dt.date) -> list[DossierSummary]:
    """The register list's rows."""
    return [summary(row, status) for row, status in evaluate_register(snapshot, today)]


def summary(d: DossierRow, status: rules.DossierStatus) -> DossierSummary:
    searchable = (
        d.reference,
        d.family_name,
        d.given_names,
        d.name_original_script,
        d.bsn,
        d.v_number,
    )
    signals = status.signals
    # Positional, in DossierSummary's field order: this runs for every dossier at every start.
    return DossierSummary(
        d.id,
        d.reference,
        d.family_name,
        d.given_names,
        d.name_original_script,
        d.bsn,
        d.v_number,
        d.birth_date,
        d.doelgroep,
        status.regime,
        status.phase,
        status.pip_due.date if status.pip_due else None,
        status.termijn.end if status.termijn else None,
        len(signals),
        rules.top_severity(signals) if signals else None,
        fold(" ".join(filter(None, searchable))),
    )
