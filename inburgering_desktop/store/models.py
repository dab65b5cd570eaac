"""Typed SQLAlchemy models of the register.

Portable types only (a regional team will run the same models on PostgreSQL): enums are stored as
their string values without native enum types, dates as DATE, money as integer cents.
Derived facts (regime, phase, termijn, deadlines) are never columns: the domain computes them.
`__special__` names the columns holding special-category data (AVG art. 9); the audit trail records
only that they changed, never their content.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from inburgering_desktop.domain.enums import (
    ChecklistItemKind,
    ChecklistStatus,
    CloseReason,
    Doelgroep,
    ExemptionKind,
    HouseholdRelation,
    PartnerRole,
)

# Stable constraint names keep Alembic batch migrations and PostgreSQL happy.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    # All columns: with only the first, (dossier_id, kind) was named "uq_checklist_item_dossier_id"
    # and a second unique constraint starting with dossier_id would collide with it.
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME_LENGTH = 200


def _enum(enum_cls: type) -> Enum:
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment in time, always timezone-aware UTC in Python on every database.

    SQLite has no time zones: SQLAlchemy writes an aware datetime's wall-clock digits and drops
    the offset (a Europe/Amsterdam time would be stored an hour or two off) and reads back a
    naive datetime, while PostgreSQL's timestamptz reads back aware. Code comparing with
    `utcnow()` would then work on one database and raise TypeError on the other. Naive values
    are refused on the way in: they are a bug (local time or UTC?).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: store timezone-aware datetimes (utcnow())")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    __special__: ClassVar[frozenset[str]] = frozenset()


class Dossier(Base):
    """One inburgeraar: the person, the key dates and the closing."""

    __tablename__ = "dossier"
    # Why a dossier was closed can be a death or an illness.
    __special__ = frozenset({"close_note"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # Person
    family_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    given_names: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    name_original_script: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    bsn: Mapped[str | None] = mapped_column(String(9), unique=True)
    v_number: Mapped[str | None] = mapped_column(String(10), unique=True)
    birth_date: Mapped[dt.date] = mapped_column(Date)
    nationality: Mapped[str] = mapped_column(String(3), default="")
    country_of_birth: Mapped[str] = mapped_column(String(3), default="")
    language_code: Mapped[str] = mapped_column(String(8), default="nl")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    street: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    house_number: Mapped[str] = mapped_column(String(20), default="")
    postal_code: Mapped[str] = mapped_column(String(7), default="")
    city: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    # Doelgroep and benefit decide the offers (RULES.md §1)
    doelgroep: Mapped[Doelgroep] = mapped_column(_enum(Doelgroep))
    pw_benefit: Mapped[bool] = mapped_column(Boolean, default=False)
    # Key dates (RULES.md §2); termijn start/end are derived, never stored
    permit_date: Mapped[dt.date] = mapped_column(Date)
    koppeling_date: Mapped[dt.date | None] = mapped_column(Date)
    duo_notice_date: Mapped[dt.date | None] = mapped_column(Date)
    brp_date: Mapped[dt.date | None] = mapped_column(Date)
    intake_start_date: Mapped[dt.date | None] = mapped_column(Date)
    intake_completed_date: Mapped[dt.date | None] = mapped_column(Date)
    first_pip_date: Mapped[dt.date | None] = mapped_column(Date)
    # Closing
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    close_reason: Mapped[CloseReason | None] = mapped_column(_enum(CloseReason))
    close_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: a stale editor cannot silently overwrite a newer save.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012

    exemptions: Mapped[list[Exemption]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="Exemption.decided_on"
    )
    extensions: Mapped[list[Extension]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="Extension.decided_on"
    )
    household: Mapped[list[HouseholdMember]] = relationship(
        back_populates="dossier",
        cascade="all, delete-orphan",
        foreign_keys="HouseholdMember.dossier_id",
        order_by="HouseholdMember.id",
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="ChecklistItem.id"
    )
    journal: Mapped[list[JournalEntry]] = relationship(
        back_populates="dossier",
        cascade="all, delete-orphan",
        order_by="(JournalEntry.entry_date.desc(), JournalEntry.id.desc())",
    )
    partner_links: Mapped[list[DossierPartner]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierPartner.id"
    )


class Exemption(Base):
    """Vrijstelling or ontheffing (RULES.md §1). The ground can be medical: special category."""

    __tablename__ = "exemption"
    __special__ = frozenset({"ground"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ExemptionKind] = mapped_column(_enum(ExemptionKind))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    ground: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(100), default="")

    dossier: Mapped[Dossier] = relationship(back_populates="exemptions")


class Extension(Base):
    """DUO's verlenging of the termijn: recorded as decided, never computed (Wi2021 art. 11)."""

    __tablename__ = "extension"
    # DUO extends for illness, pregnancy, care for a relative: the reason is health data.
    __special__ = frozenset({"reason"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    decided_on: Mapped[dt.date] = mapped_column(Date)
    new_end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(100), default="")

    dossier: Mapped[Dossier] = relationship(back_populates="extensions")


class HouseholdMember(Base):
    """Partner or child; linked to their own dossier where both are inburgeringsplichtig."""

    __tablename__ = "household_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[HouseholdRelation] = mapped_column(_enum(HouseholdRelation))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    linked_dossier_id: Mapped[int | None] = mapped_column(
        ForeignKey("dossier.id", ondelete="SET NULL"), index=True
    )

    dossier: Mapped[Dossier] = relationship(back_populates="household", foreign_keys=[dossier_id])
    linked_dossier: Mapped[Dossier | None] = relationship(foreign_keys=[linked_dossier_id])


class ChainPartner(Base):
    """A reusable contact at a chain partner (COA, maatschappelijke begeleiding,
    taalaanbieder...)."""

    __tablename__ = "chain_partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[PartnerRole] = mapped_column(_enum(PartnerRole))
    organisation: Mapped[str] = mapped_column(String(NAME_LENGTH))
    contact_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    links: Mapped[list[DossierPartner]] = relationship(back_populates="partner")


class DossierPartner(Base):
    __tablename__ = "dossier_partner"
    __table_args__ = (UniqueConstraint("dossier_id", "partner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("chain_partner.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    dossier: Mapped[Dossier] = relationship(back_populates="partner_links")
    partner: Mapped[ChainPartner] = relationship(back_populates="links")


class ChecklistItem(Base):
    """One line of the practical checklist at housing (seed 003 §3)."""

    __tablename__ = "checklist_item"
    # Notes on the health-insurance and GP items are about health.
    __special__ = frozenset({"note"})
    __table_args__ = (UniqueConstraint("dossier_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ChecklistItemKind] = mapped_column(_enum(ChecklistItemKind))
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    status: Mapped[ChecklistStatus] = mapped_column(
        _enum(ChecklistStatus), default=ChecklistStatus.OPEN
    )
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship(back_populates="checklist")


class JournalEntry(Base):
    """A dated note. Notes may mention health or other special-category facts."""

    __tablename__ = "journal_entry"
    __special__ = frozenset({"text"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    entry_date: Mapped[dt.date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    text: Mapped[str] = mapped_column(Text)

    dossier: Mapped[Dossier] = relationship(back_populates="journal")


class PolicyValue(Base):
    """A municipality's override of one policy parameter (domain/policy.py holds the defaults)."""

    __tablename__ = "policy_value"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class Setting(Base):
    """Municipality profile and account name; small JSON values under a key."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class Blob(Base):
    """Binary settings such as the municipality logo."""

    __tablename__ = "blob"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEntry(Base):
    """One change, chained to the previous entry by its SHA-256 (see store/audit.py)."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    account: Mapped[str] = mapped_column(String(NAME_LENGTH))
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    dossier_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: outlives deletes
    changes: Mapped[str] = mapped_column(Text)  # canonical JSON {field: [old, new]}
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last sequence number and hash, updated in the same transaction as every entry, so that
    removing entries from the end of the chain is detected too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class Letter(Base):
    """A letter as it was printed or saved: the PDF bytes themselves, and what made them.

    Reprinting shows these bytes, never a re-render: a letter rendered again after the client's
    name, the municipality's address or a translation changed would not be the letter the client
    received. `sha256` is the digest of `pdf`, checked on every read. The program never updates
    or deletes a row.

    The dossier link is RESTRICT, not CASCADE like the dossier's other records: a sent letter is
    part of the record of what the municipality decided and told the client (Archiefwet), so
    deleting a dossier must fail until its letters have been dealt with deliberately (exported to
    the yearly archive, then destroyed under the selectielijst), never vanish as a side effect.
    """

    __tablename__ = "letter"
    # The PDF holds whatever the letter says (a warning's explanation may mention health);
    # the audit trail records its digest, never its content.
    __special__ = frozenset({"pdf"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="RESTRICT"), index=True
    )
    letter_type: Mapped[str] = mapped_column(String(40))  # a key of letter_types.LETTER_TYPES
    languages: Mapped[str] = mapped_column(String(40))  # section languages in order: "nl+ar"
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    template_version: Mapped[str] = mapped_column(String(64))
    # JSON {language: {"version": ..., "certified": bool}} of each catalog used, as it was then.
    catalog_versions: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[dt.date] = mapped_column(Date)  # the date printed in the letter
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    account: Mapped[str] = mapped_column(String(NAME_LENGTH))
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listing a dossier's letters must not read every PDF.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
