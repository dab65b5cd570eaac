"""All dossiers as one versioned JSON document (docs/schema/dossiers-v1.schema.json).

Import checks the structure against the schema, then every value with the same rules and Dutch
messages as the screens; it writes nothing unless everything is valid, in one transaction, and is
idempotent: a dossier already present (same BSN, else V-nummer, else kenmerk + birth date + family
name) is updated, and child records already present are not added twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inburgering_desktop.domain.enums import ChecklistItemKind, CloseReason
from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError, parse_date
from inburgering_desktop.resources import schema_dir
from inburgering_desktop.services import (
    auditing,
    checklist,
    decisions,
    household,
    journal,
    partners,
)
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.dossier_fields import ALL_FIELDS, parse_dossier_fields
from inburgering_desktop.services.dossiers import apply_values, insert_dossier
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.services.policy import load_policy
from inburgering_desktop.store.models import (
    ChainPartner,
    ChecklistItem,
    Dossier,
    DossierPartner,
    Exemption,
    Extension,
    HouseholdMember,
    JournalEntry,
)

FORMAT = "inburgering-desktop/dossiers"
VERSION = 1
SCHEMA_NAME = "dossiers-v1.schema.json"


@cache
def schema() -> dict[str, Any]:
    return json.loads((schema_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))


def _iso(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value  # enums
    return value


def export_data(ctx: AppContext) -> dict[str, Any]:
    with ctx.db.transaction() as session:
        dossiers = session.scalars(select(Dossier).order_by(Dossier.reference)).all()
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "dossiers": [_export_dossier(d) for d in dossiers],
        }


def _export_dossier(d: Dossier) -> dict[str, Any]:
    return {
        "reference": d.reference,
        "person": {key: _iso(getattr(d, key)) for key in ALL_FIELDS},
        "closed": {
            "on": d.closed_on.isoformat(),
            "reason": d.close_reason.value,
            "note": d.close_note,
        }
        if d.closed_on and d.close_reason
        else None,
        "exemptions": [
            {
                "kind": x.kind.value,
                "decided_on": _iso(x.decided_on),
                "ground": x.ground,
                "reference": x.reference,
            }
            for x in d.exemptions
        ],
        "extensions": [
            {
                "decided_on": _iso(e.decided_on),
                "new_end_date": _iso(e.new_end_date),
                "reason": e.reason,
                "reference": e.reference,
            }
            for e in d.extensions
        ],
        "household": [
            {
                "relation": m.relation.value,
                "name": m.name,
                "birth_date": _iso(m.birth_date),
                "linked_bsn": m.linked_dossier.bsn if m.linked_dossier else None,
            }
            for m in d.household
        ],
        "checklist": [
            {
                "kind": c.kind.value,
                "owner": c.owner,
                "status": c.status.value,
                "status_date": _iso(c.status_date),
                "note": c.note,
            }
            for c in d.checklist
        ],
        "journal": [
            {"entry_date": _iso(j.entry_date), "author": j.author, "text": j.text}
            for j in d.journal
        ],
        "partners": [
            {
                "role": link.partner.role.value,
                "organisation": link.partner.organisation,
                "contact_name": link.partner.contact_name,
                "phone": link.partner.phone,
                "email": link.partner.email,
                "note": link.partner.note,
                "link_note": link.note,
            }
            for link in d.partner_links
        ],
    }


def export_json(ctx: AppContext, path: Path) -> int:
    """Writes the export to path (private file mode); returns the number of dossiers."""
    data = export_data(ctx)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", opener=lambda p, f: _private_open(p, f)) as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise ServiceError(
            N_("Het bestand {path} kon niet worden geschreven: {reason}"),
            path=str(path),
            reason=error.strerror or type(error).__name__,
        ) from None
    return len(data["dossiers"])


def _private_open(path: str, flags: int) -> int:
    import os

    return os.open(path, flags, 0o600)


@dataclass
class ImportProblem:
    dossier: int  # 1-based position in the file
    label: str  # how the dossier is named in the message
    field: str
    message: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        text = self.message.format(**self.params) if self.params else self.message
        return f"Dossier {self.dossier} ({self.label}), {self.field}: {text}"


class ImportRejected(ServiceError):
    """Nothing was imported; `problems` says what to fix, per dossier and field."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(
            N_("Er is niets ingelezen: {count} fout(en) in het bestand."), count=len(problems)
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def load_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ServiceError(N_("Het bestand {path} bestaat niet."), path=str(path)) from None
    except OSError as error:  # a folder, no permission, a failing disk
        raise ServiceError(
            N_("Het bestand {path} kon niet worden gelezen: {reason}"),
            path=str(path),
            reason=error.strerror or type(error).__name__,
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServiceError(
            N_("Het bestand is geen geldige JSON (regel {line})."), line=getattr(exc, "lineno", "?")
        ) from None


def check_structure(data: Any) -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    problems = []
    for err in errors[:50]:
        path = list(err.absolute_path)
        position = path[1] + 1 if len(path) > 1 and path[0] == "dossiers" else 0
        where = "/".join(str(p) for p in path[2:]) or "/".join(str(p) for p in path) or "—"
        problems.append(
            ImportProblem(
                position,
                "",
                where,
                N_("de opbouw klopt niet met het schema ({detail})."),
                {"detail": err.message[:200]},
            )
        )
    raise ImportRejected(problems)


def import_data(ctx: AppContext, data: Any) -> ImportResult:
    check_structure(data)
    problems: list[ImportProblem] = []
    created = updated = unchanged = 0
    with ctx.db.transaction() as session:
        policy = load_policy(session)
        today = ctx.today()
        seen: dict[tuple[str, str], int] = {}
        for index, item in enumerate(data["dossiers"], start=1):
            person = item["person"]
            label = " ".join(filter(None, (person.get("given_names"), person.get("family_name"))))
            try:
                values = parse_dossier_fields(person, policy, today)
            except ValidationFailed as failed:
                problems += [_problem(index, label, e) for e in failed.errors]
                continue
            for key in ("bsn", "v_number"):
                value = values.get(key)
                if value and (key, str(value)) in seen:
                    problems.append(
                        ImportProblem(
                            index,
                            label,
                            key,
                            N_("komt ook voor bij dossier {other} in hetzelfde bestand."),
                            {"other": seen[(key, str(value))]},
                        )
                    )
                elif value:
                    seen[(key, str(value))] = index
            try:
                children = _parse_children(item)
            except ValidationFailed as failed:
                problems += [_problem(index, label, e) for e in failed.errors]
                continue
            if problems:
                continue  # keep validating the rest; write nothing
            try:
                with session.begin_nested():
                    outcome = _upsert(session, ctx, item, values, children)
            except ValidationFailed as failed:
                problems += [_problem(index, label, e) for e in failed.errors]
                continue
            created += outcome == "created"
            updated += outcome == "updated"
            unchanged += outcome == "unchanged"
        if problems:
            session.rollback()
            raise ImportRejected(problems)
        _link_household(session, ctx, data)
    return ImportResult(created, updated, unchanged)


def import_json(ctx: AppContext, path: Path) -> ImportResult:
    return import_data(ctx, load_file(path))


def _problem(index: int, label: str, error: ValidationError) -> ImportProblem:
    return ImportProblem(index, label, error.field, error.message, dict(error.params))


def _parse_children(item: Mapping[str, Any]) -> dict[str, list[dict[str, object]]]:
    errors: list[ValidationError] = []
    parsed: dict[str, list[dict[str, object]]] = {}
    parsers: dict[str, Callable[[Mapping[str, object]], dict[str, object]]] = {
        "exemptions": decisions.parse_exemption,
        "extensions": decisions.parse_extension,
        "household": household.parse_member,
        "journal": journal.parse_entry,
        "partners": partners.parse_partner,
    }
    for key, parse in parsers.items():
        parsed[key] = []
        for raw in item.get(key) or []:
            try:
                parsed[key].append(parse(_as_text(raw)))
            except ValidationFailed as failed:
                errors += [_prefixed(key, e) for e in failed.errors]
    parsed["checklist"] = []
    for raw in item.get("checklist") or []:
        try:
            parsed["checklist"].append(
                {"kind": ChecklistItemKind(raw["kind"]), **checklist.parse_item(_as_text(raw))}
            )
        except ValidationFailed as failed:
            errors += [_prefixed("checklist", e) for e in failed.errors]
    closed = item.get("closed")
    if closed:
        try:
            parsed["closed"] = [
                {
                    # The schema checks the shape of the date only: "2024-13-45" passes it.
                    "closed_on": parse_date(closed["on"], "closed.on"),
                    "close_reason": CloseReason(closed["reason"]),
                    "close_note": str(closed.get("note", "")).strip(),
                }
            ]
        except ValidationError as error:
            errors.append(error)
    for index, raw in enumerate(item.get("household") or []):
        if index < len(parsed["household"]):
            parsed["household"][index]["_linked_bsn"] = raw.get("linked_bsn")
    for index, raw in enumerate(item.get("journal") or []):
        if index < len(parsed["journal"]):  # who wrote a note is part of the note
            parsed["journal"][index]["author"] = str(raw.get("author") or "").strip()[:200]
    for index, raw in enumerate(item.get("partners") or []):
        if index < len(parsed["partners"]):
            parsed["partners"][index]["_link_note"] = raw.get("link_note", "")
    if errors:
        raise ValidationFailed(errors)
    return parsed


def _as_text(raw: Mapping[str, Any]) -> dict[str, object]:
    return {k: ("" if v is None else v) for k, v in raw.items()}


def _prefixed(section: str, error: ValidationError) -> ValidationError:
    return ValidationError(f"{section}.{error.field}", error.message, error.params)


def _find_existing(
    session: Session, values: Mapping[str, object], item: Mapping[str, Any]
) -> Dossier | None:
    for key in ("bsn", "v_number"):
        if values.get(key):
            found = session.scalar(select(Dossier).where(getattr(Dossier, key) == values[key]))
            if found is not None:
                return found
    reference = item.get("reference")
    if reference:
        return session.scalar(
            select(Dossier).where(
                Dossier.reference == reference,
                Dossier.birth_date == values["birth_date"],
                Dossier.family_name == values["family_name"],
            )
        )
    return None


def _upsert(
    session: Session,
    ctx: AppContext,
    item: Mapping[str, Any],
    values: Mapping[str, object],
    children: dict[str, list[dict[str, object]]],
) -> str:
    dossier = _find_existing(session, values, item)
    if dossier is None:
        dossier = insert_dossier(session, ctx, values)
        outcome = "created"
    else:
        outcome = "updated" if apply_values(session, ctx, dossier, values) else "unchanged"
    changed = _merge_children(session, ctx, dossier, children)
    if outcome == "unchanged" and changed:
        outcome = "updated"
    return outcome


def _merge_children(
    session: Session,
    ctx: AppContext,
    dossier: Dossier,
    children: dict[str, list[dict[str, object]]],
) -> bool:
    """Adds what is not there yet; never deletes what the file does not mention."""
    changed = False

    def add_missing(
        model: type, rows: list[dict[str, object]], key: Callable[[Any], tuple]
    ) -> None:
        nonlocal changed
        existing = {
            key(obj) for obj in session.scalars(select(model).where(model.dossier_id == dossier.id))
        }
        for values in rows:
            clean = {k: v for k, v in values.items() if not k.startswith("_")}
            if key(_Row(clean)) in existing:
                continue
            obj = model(dossier_id=dossier.id, **clean)
            session.add(obj)
            auditing.record_create(session, ctx.account, obj, dossier.id)
            existing.add(key(obj))
            changed = True

    add_missing(Exemption, children["exemptions"], lambda o: (o.kind, o.decided_on, o.reference))
    add_missing(Extension, children["extensions"], lambda o: (o.decided_on, o.new_end_date))
    add_missing(
        HouseholdMember, children["household"], lambda o: (o.relation, o.name, o.birth_date)
    )
    add_missing(JournalEntry, children["journal"], lambda o: (o.entry_date, o.text))
    for values in children["checklist"]:
        item = session.scalar(
            select(ChecklistItem).where(
                ChecklistItem.dossier_id == dossier.id, ChecklistItem.kind == values["kind"]
            )
        )
        if item is None:
            continue
        before = auditing.snapshot(item)
        for k, v in values.items():
            setattr(item, k, v)
        changed |= auditing.record_update(session, ctx.account, item, before, dossier.id)
    for values in children["partners"]:
        changed |= _link_partner(session, ctx, dossier, values)
    for values in children.get("closed", []):
        if dossier.closed_on is None:
            before = auditing.snapshot(dossier)
            for k, v in values.items():
                setattr(dossier, k, v)
            changed |= auditing.record_update(session, ctx.account, dossier, before, dossier.id)
    return changed


class _Row:
    def __init__(self, values: Mapping[str, object]) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> object:
        return None


def _link_partner(
    session: Session, ctx: AppContext, dossier: Dossier, values: dict[str, object]
) -> bool:
    link_note = str(values.pop("_link_note", "") or "")
    partner = session.scalar(
        select(ChainPartner).where(
            ChainPartner.role == values["role"],
            ChainPartner.organisation == values["organisation"],
            ChainPartner.contact_name == values["contact_name"],
        )
    )
    if partner is None:
        partner = ChainPartner(**values)
        session.add(partner)
        auditing.record_create(session, ctx.account, partner, None)
    linked = session.scalar(
        select(DossierPartner).where(
            DossierPartner.dossier_id == dossier.id, DossierPartner.partner_id == partner.id
        )
    )
    if linked is not None:
        return False
    link = DossierPartner(dossier_id=dossier.id, partner_id=partner.id, note=link_note)
    session.add(link)
    auditing.record_create(session, ctx.account, link, dossier.id)
    return True


def _link_household(session: Session, ctx: AppContext, data: Mapping[str, Any]) -> None:
    """Second pass: link members to the dossiers named by BSN, now that all dossiers exist."""
    for item in data["dossiers"]:
        bsn = (item["person"].get("bsn") or "").replace(" ", "") or None
        own = session.scalar(select(Dossier).where(Dossier.bsn == bsn)) if bsn else None
        if own is None:
            continue
        for raw in item.get("household") or []:
            target_bsn = raw.get("linked_bsn")
            if not target_bsn:
                continue
            target = session.scalar(select(Dossier).where(Dossier.bsn == target_bsn))
            member = session.scalar(
                select(HouseholdMember).where(
                    HouseholdMember.dossier_id == own.id,
                    HouseholdMember.name == raw["name"].strip(),
                    HouseholdMember.relation == raw["relation"],
                )
            )
            if target is None or member is None or member.linked_dossier_id == target.id:
                continue
            before = auditing.snapshot(member)
            member.linked_dossier_id = target.id
            auditing.record_update(session, ctx.account, member, before, own.id)
