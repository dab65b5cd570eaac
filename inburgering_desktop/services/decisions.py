"""Decisions recorded on a dossier: vrijstelling/ontheffing (RULES.md §1) and DUO's verlenging of
the termijn (Wi2021 art. 11). Recorded as decided; the program never computes an extension."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import ExemptionKind
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import children, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ValidationFailed
from inburgering_desktop.store.models import Exemption, Extension

REFERENCE_LENGTH = 100


@dataclass(frozen=True)
class ExemptionView:
    id: int
    kind: ExemptionKind
    decided_on: dt.date
    ground: str
    reference: str


@dataclass(frozen=True)
class ExtensionView:
    id: int
    decided_on: dt.date
    new_end_date: dt.date
    reason: str
    reference: str


def parse_exemption(raw: Mapping[str, object]) -> dict[str, object]:
    return forms.collect(
        [
            (
                "kind",
                lambda: forms.choice(
                    raw, "kind", ExemptionKind, N_("Kies vrijstelling of ontheffing.")
                ),
            ),
            ("decided_on", lambda: v.parse_date(forms.text(raw, "decided_on"), "decided_on")),
            ("ground", lambda: forms.text(raw, "ground")),
            (
                "reference",
                lambda: v.validate_name(
                    forms.text(raw, "reference"),
                    "reference",
                    required=False,
                    max_length=REFERENCE_LENGTH,
                ),
            ),
        ]
    )


def parse_extension(raw: Mapping[str, object]) -> dict[str, object]:
    values = forms.collect(
        [
            ("decided_on", lambda: v.parse_date(forms.text(raw, "decided_on"), "decided_on")),
            ("new_end_date", lambda: v.parse_date(forms.text(raw, "new_end_date"), "new_end_date")),
            ("reason", lambda: forms.text(raw, "reason")),
            (
                "reference",
                lambda: v.validate_name(
                    forms.text(raw, "reference"),
                    "reference",
                    required=False,
                    max_length=REFERENCE_LENGTH,
                ),
            ),
        ]
    )
    if values["new_end_date"] <= values["decided_on"]:  # type: ignore[operator]
        raise ValidationFailed(
            [
                v.ValidationError(
                    "new_end_date", N_("De nieuwe einddatum moet na de besluitdatum liggen.")
                )
            ]
        )
    return values


def list_exemptions(ctx: AppContext, dossier_id: int) -> list[ExemptionView]:
    with ctx.db.transaction() as session:
        rows = session.scalars(
            select(Exemption)
            .where(Exemption.dossier_id == dossier_id)
            .order_by(Exemption.decided_on)
        )
        return [ExemptionView(r.id, r.kind, r.decided_on, r.ground, r.reference) for r in rows]


def list_extensions(ctx: AppContext, dossier_id: int) -> list[ExtensionView]:
    with ctx.db.transaction() as session:
        rows = session.scalars(
            select(Extension)
            .where(Extension.dossier_id == dossier_id)
            .order_by(Extension.decided_on)
        )
        return [
            ExtensionView(r.id, r.decided_on, r.new_end_date, r.reason, r.reference) for r in rows
        ]


def add_exemption(ctx: AppContext, dossier_id: int, raw: Mapping[str, object]) -> int:
    values = parse_exemption(raw)
    with ctx.db.transaction() as session:
        return children.add(session, ctx, Exemption, dossier_id, values).id


def delete_exemption(ctx: AppContext, exemption_id: int) -> None:
    with ctx.db.transaction() as session:
        children.delete(session, ctx, Exemption, exemption_id)


def add_extension(ctx: AppContext, dossier_id: int, raw: Mapping[str, object]) -> int:
    values = parse_extension(raw)
    with ctx.db.transaction() as session:
        return children.add(session, ctx, Extension, dossier_id, values).id


def delete_extension(ctx: AppContext, extension_id: int) -> None:
    with ctx.db.transaction() as session:
        children.delete(session, ctx, Extension, extension_id)
