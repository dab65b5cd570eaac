"""Partner and children. Where a member is inburgeringsplichtig too, the two dossiers are linked
to each other, so either consultant screen leads to the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import HouseholdRelation
from inburgering_desktop.domain.register import display_name
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import auditing, children, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ValidationFailed
from inburgering_desktop.store.models import Dossier, HouseholdMember


@dataclass(frozen=True)
class MemberView:
    id: int
    relation: HouseholdRelation
    name: str
    birth_date: dt.date | None
    linked_dossier_id: int | None
    linked_reference: str | None


def parse_member(raw: Mapping[str, object]) -> dict[str, object]:
    return forms.collect(
        [
            (
                "relation",
                lambda: forms.choice(
                    raw, "relation", HouseholdRelation, N_("Kies partner of kind.")
                ),
            ),
            ("name", lambda: v.validate_name(forms.text(raw, "name"), "name", required=True)),
            ("birth_date", lambda: forms.optional_date(raw, "birth_date")),
        ]
    )


def list_members(ctx: AppContext, dossier_id: int) -> list[MemberView]:
    with ctx.db.transaction() as session:
        rows = session.execute(
            select(HouseholdMember, Dossier.reference)
            .outerjoin(Dossier, Dossier.id == HouseholdMember.linked_dossier_id)
            .where(HouseholdMember.dossier_id == dossier_id)
            .order_by(HouseholdMember.relation.desc(), HouseholdMember.birth_date)
        )
        return [
            MemberView(m.id, m.relation, m.name, m.birth_date, m.linked_dossier_id, ref)
            for m, ref in rows
        ]


def add_member(ctx: AppContext, dossier_id: int, raw: Mapping[str, object]) -> int:
    values = parse_member(raw)
    with ctx.db.transaction() as session:
        return children.add(session, ctx, HouseholdMember, dossier_id, values).id


def update_member(ctx: AppContext, member_id: int, raw: Mapping[str, object]) -> None:
    values = parse_member(raw)
    with ctx.db.transaction() as session:
        children.update(session, ctx, HouseholdMember, member_id, values)


def delete_member(ctx: AppContext, member_id: int) -> None:
    with ctx.db.transaction() as session:
        children.delete(session, ctx, HouseholdMember, member_id)


def link_member(ctx: AppContext, member_id: int, other_reference: str) -> None:
    """Links a member to the dossier with that reference; a partner link is made both ways."""
    with ctx.db.transaction() as session:
        member = children.require(session, HouseholdMember, member_id)
        children.require_open(session, member.dossier_id)
        other = session.scalar(select(Dossier).where(Dossier.reference == other_reference.strip()))
        if other is None:
            raise ValidationFailed(
                [v.ValidationError("linked_dossier", N_("Er is geen dossier met dit kenmerk."))]
            )
        if other.id == member.dossier_id:
            raise ValidationFailed(
                [
                    v.ValidationError(
                        "linked_dossier", N_("Een dossier kan niet naar zichzelf verwijzen.")
                    )
                ]
            )
        before = auditing.snapshot(member)
        member.linked_dossier_id = other.id
        auditing.record_update(session, ctx.account, member, before, member.dossier_id)
        if member.relation is not HouseholdRelation.PARTNER:
            return
        own = session.get(Dossier, member.dossier_id)
        assert own is not None
        back = session.scalar(
            select(HouseholdMember).where(
                HouseholdMember.dossier_id == other.id,
                HouseholdMember.relation == HouseholdRelation.PARTNER,
            )
        )
        if back is None:
            back = children.add(
                session,
                ctx,
                HouseholdMember,
                other.id,
                {
                    "relation": HouseholdRelation.PARTNER,
                    "name": display_name(own.family_name, own.given_names),
                    "birth_date": own.birth_date,
                    "linked_dossier_id": own.id,
                },
            )
        elif back.linked_dossier_id != own.id:
            before = auditing.snapshot(back)
            back.linked_dossier_id = own.id
            auditing.record_update(session, ctx.account, back, before, other.id)


def unlink_member(ctx: AppContext, member_id: int) -> None:
    with ctx.db.transaction() as session:
        member = children.require(session, HouseholdMember, member_id)
        children.require_open(session, member.dossier_id)
        before = auditing.snapshot(member)
        member.linked_dossier_id = None
        auditing.record_update(session, ctx.account, member, before, member.dossier_id)


def linked_from(ctx: AppContext, dossier_id: int) -> list[tuple[int, str, str]]:
    """Dossiers that name this one as a household member: (id, reference, name)."""
    with ctx.db.transaction() as session:
        rows = session.execute(
            select(Dossier.id, Dossier.reference, Dossier.family_name, Dossier.given_names)
            .join(HouseholdMember, HouseholdMember.dossier_id == Dossier.id)
            .where(HouseholdMember.linked_dossier_id == dossier_id)
        )
        return [(i, ref, display_name(fam, giv)) for i, ref, fam, giv in rows]
