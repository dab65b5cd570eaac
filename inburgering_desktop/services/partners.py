"""Chain partners as reusable contacts, linked to the dossiers they work on."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import PartnerRole
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import auditing, children, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError
from inburgering_desktop.store.models import ChainPartner, DossierPartner


@dataclass(frozen=True)
class PartnerView:
    id: int
    role: PartnerRole
    organisation: str
    contact_name: str
    phone: str
    email: str
    note: str


@dataclass(frozen=True)
class PartnerLinkView:
    link_id: int
    partner: PartnerView
    note: str


def _view(p: ChainPartner) -> PartnerView:
    return PartnerView(p.id, p.role, p.organisation, p.contact_name, p.phone, p.email, p.note)


def parse_partner(raw: Mapping[str, object]) -> dict[str, object]:
    def optional(check: Callable[[str, str], str], key: str) -> Callable[[], str]:
        return lambda: check(forms.text(raw, key), key) if forms.text(raw, key) else ""

    return forms.collect(
        [
            ("role", lambda: forms.choice(raw, "role", PartnerRole, N_("Kies een rol."))),
            (
                "organisation",
                lambda: v.validate_name(forms.text(raw, "organisation"), "organisation"),
            ),
            (
                "contact_name",
                lambda: v.validate_name(
                    forms.text(raw, "contact_name"), "contact_name", required=False
                ),
            ),
            ("phone", optional(v.validate_phone, "phone")),
            ("email", optional(v.validate_email, "email")),
            ("note", lambda: forms.text(raw, "note")),
        ]
    )


def list_partners(ctx: AppContext) -> list[PartnerView]:
    with ctx.db.transaction() as session:
        rows = session.scalars(
            select(ChainPartner).order_by(ChainPartner.organisation, ChainPartner.contact_name)
        )
        return [_view(p) for p in rows]


def create_partner(ctx: AppContext, raw: Mapping[str, object]) -> int:
    values = parse_partner(raw)
    with ctx.db.transaction() as session:
        partner = ChainPartner(**values)
        session.add(partner)
        auditing.record_create(session, ctx.account, partner, None)
        return partner.id


def update_partner(ctx: AppContext, partner_id: int, raw: Mapping[str, object]) -> None:
    values = parse_partner(raw)
    with ctx.db.transaction() as session:
        partner = children.require(session, ChainPartner, partner_id)
        before = auditing.snapshot(partner)
        for key, value in values.items():
            setattr(partner, key, value)
        auditing.record_update(session, ctx.account, partner, before, None)


def delete_partner(ctx: AppContext, partner_id: int) -> None:
    with ctx.db.transaction() as session:
        partner = children.require(session, ChainPartner, partner_id)
        if partner.links:
            raise ServiceError(
                N_("Deze ketenpartner is nog aan {count} dossier(s) gekoppeld."),
                count=len(partner.links),
            )
        auditing.record_delete(session, ctx.account, partner, None)
        session.delete(partner)


def links_for(ctx: AppContext, dossier_id: int) -> list[PartnerLinkView]:
    with ctx.db.transaction() as session:
        rows = session.scalars(
            select(DossierPartner)
            .where(DossierPartner.dossier_id == dossier_id)
            .order_by(DossierPartner.id)
        )
        return [PartnerLinkView(r.id, _view(r.partner), r.note) for r in rows]


def link(ctx: AppContext, dossier_id: int, partner_id: int, note: str = "") -> int:
    with ctx.db.transaction() as session:
        children.require(session, ChainPartner, partner_id)
        existing = session.scalar(
            select(DossierPartner).where(
                DossierPartner.dossier_id == dossier_id, DossierPartner.partner_id == partner_id
            )
        )
        if existing is not None:
            return existing.id
        return children.add(
            session,
            ctx,
            DossierPartner,
            dossier_id,
            {"partner_id": partner_id, "note": note.strip()},
        ).id


def unlink(ctx: AppContext, link_id: int) -> None:
    with ctx.db.transaction() as session:
        children.delete(session, ctx, DossierPartner, link_id)
