"""Typed SQLAlchemy models of the register.

Portable types only (a regional team will run the same models on PostgreSQL): enums are stored as
their string values without native enum types, dates as DATE, money as integer cents.
Derived facts (regime, phase, termijn, deadlines) are never columns: the domain computes them.
`__special__` names the columns holding special-category data (AVG art. 9); the audit trail records
only that they changed, never their content. `__special_if__` does the same per row, for a table
whose rows differ: it maps a column to the Boolean column that says whether this row's value is
special (an intake answer about health next to one about work experience).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
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
    Leerroute,
    PartnerRole,
    PipVersionStatus,
    ToetsExemptReason,
    ToetsOutcome,
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
    # {column: flag column}: the column is special in the rows where the flag is true.
    __special_if__: ClassVar[Mapping[str, str]] = {}


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


# -- warme overdracht, brede intake, PIP, tasks (RULES.md §2.3–2.5) --------------------------------


class CoaHandover(Base):
    """The warme overdracht from COA (RULES.md §2.3): what arrived, and the consent to share it.

    One per dossier, edited as a form like the dossier itself, hence the optimistic locking.
    """

    __tablename__ = "coa_handover"
    # All three are free text about the client written from COA's files: the NOA summary can
    # mention trauma or concentration problems, risk signals are often about (mental) health, and
    # a list of documents can name a GGZ referral. The audit trail records only that they changed.
    __special__ = frozenset({"noa_summary", "risk_signals", "documents_received"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), unique=True
    )
    noa_summary: Mapped[str] = mapped_column(Text, default="")
    # The medical (GCA) and youth health care (JGZ) handovers themselves stay with the health
    # professionals; the register records only whether and when they were received.
    gca_received: Mapped[bool] = mapped_column(Boolean, default=False)
    gca_received_on: Mapped[dt.date | None] = mapped_column(Date)
    jgz_received: Mapped[bool] = mapped_column(Boolean, default=False)
    jgz_received_on: Mapped[dt.date | None] = mapped_column(Date)
    risk_signals: Mapped[str] = mapped_column(Text, default="")
    documents_received: Mapped[str] = mapped_column(Text, default="")
    consent_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    no_intake_in_azc: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class Intake(Base):
    """The brede intake's own facts (Wi2021 art. 14, RULES.md §2.4): the leerbaarheidstoets and
    the two things the municipality must have told the client. One per dossier.

    Its start and completion dates are not repeated here: they are the dossier's key dates
    (Dossier.intake_start_date / intake_completed_date), which the phase and the deadlines
    already read; a second copy could disagree with them. The answers per life area are
    IntakeAnswer rows.
    """

    __tablename__ = "intake"
    # An exemption from the toets is given for a visual or hearing impairment: its reason is
    # health data even as a code.
    __special__ = frozenset({"toets_exempt_reason"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), unique=True
    )
    # Null until the toets has been taken: an intake starts before the toets is planned.
    toets_date: Mapped[dt.date | None] = mapped_column(Date)
    toets_outcome: Mapped[ToetsOutcome | None] = mapped_column(_enum(ToetsOutcome))
    toets_no_show: Mapped[bool] = mapped_column(Boolean, default=False)
    toets_exempt_reason: Mapped[ToetsExemptReason | None] = mapped_column(_enum(ToetsExemptReason))
    vve_informed_on: Mapped[dt.date | None] = mapped_column(Date)
    interview_alone_informed_on: Mapped[dt.date | None] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class IntakeAnswer(Base):
    """One answer of the brede intake, under a key the domain defines ("taal.lezen").

    A row per answer rather than a column per question: the life areas and their questions are
    good practice that changes (Divosa's handreiking), and a new question then needs no migration.
    Whether an answer is special-category data depends on its key (gezondheid is, opleiding is
    not), so the service copies the domain's classification into `special` and the audit trail
    redacts `value` in exactly those rows (`__special_if__`).
    """

    __tablename__ = "intake_answer"
    __special_if__: ClassVar[Mapping[str, str]] = {"value": "special"}
    __table_args__ = (UniqueConstraint("dossier_id", "field_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    field_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text, default="")
    # True by default: a row the service failed to classify is redacted, not shown.
    special: Mapped[bool] = mapped_column(Boolean, default=True)


class PipVersion(Base):
    """One version of the plan inburgering en participatie (RULES.md §2.5). Every change is a new
    version with its own reason and beschikking; history is kept.

    A version is a concept until it is vastgesteld; from then on it is immutable (the pip service
    refuses changes; the database cannot express that portably). Its `dagtekening` is the date of
    the beschikking; the first one's starts the termijn, which the domain computes from
    Dossier.first_pip_date, never from here.

    The dossier link is RESTRICT, as for Letter: an established PIP is a decision of the college
    and part of the record (Archiefwet); deleting a dossier must not make it vanish.
    """

    __tablename__ = "pip_version"
    # Why a PIP changed can be illness (stepping down from B1 to A2); the content holds the
    # arrangements, which can name health-related adjustments. Both are kept in the version
    # itself; the audit trail records only that they changed.
    __special__ = frozenset({"reason", "content"})
    __table_args__ = (UniqueConstraint("dossier_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per dossier
    status: Mapped[PipVersionStatus] = mapped_column(
        _enum(PipVersionStatus), default=PipVersionStatus.CONCEPT
    )
    dagtekening: Mapped[dt.date | None] = mapped_column(Date)  # set on vaststelling
    reason: Mapped[str] = mapped_column(Text, default="")  # required from version 2 (service)
    # A copy of the content's leerroute, so that reports need not parse every PIP's JSON.
    leerroute: Mapped[Leerroute | None] = mapped_column(_enum(Leerroute))
    content: Mapped[str] = mapped_column(Text, default="{}")  # JSON of the domain's PipContent
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    established_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    # The beschikking as sent. RESTRICT: a letter an established PIP points at is not deleted
    # as a side effect either.
    letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("letter.id", ondelete="RESTRICT"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class Task(Base):
    """Something the consultant must do, with an optional due date (e.g. register the PIP with
    DUO). Tasks a PIP version created point back at it, so that a replaced concept's tasks can
    be found."""

    __tablename__ = "task"
    # Usually a generated title, but the consultant can type one ("afspraak GGZ regelen").
    __special__ = frozenset({"title"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))  # e.g. "pip_melden_duo"
    title: Mapped[str] = mapped_column(Text, default="")
    created_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    # SET NULL: the task stays when a concept version is thrown away.
    source_pip_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("pip_version.id", ondelete="SET NULL"), index=True
    )


class FormDraft(Base):
    """Typed input not saved yet, kept so that a crash or a closed window loses at most seconds.

    A draft is a scratch copy of a form, not a record: it is never audited (the trail records
    what the municipality registered, and a draft is rewritten every few seconds while typing),
    and it is deleted when the form is saved or discarded. `dossier_id` is null for the form of
    a dossier not created yet. The payload can hold anything typed, health included; the file is
    encrypted like the rest, and the column is marked special so that nothing would leak should a
    draft ever reach the trail.

    At most one draft per form and dossier. SQL treats nulls as distinct in a unique constraint,
    so the partial unique index does the same for the drafts without a dossier.
    """

    __tablename__ = "form_draft"
    __special__ = frozenset({"payload"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    form_key: Mapped[str] = mapped_column(String(64))  # "intake", "person", "pip", ...
    payload: Mapped[str] = mapped_column(Text)  # JSON object of the form's typed values
    saved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    account: Mapped[str] = mapped_column(String(NAME_LENGTH))

    __table_args__ = (
        UniqueConstraint("dossier_id", "form_key"),
        Index(
            "uq_form_draft_form_key_without_dossier",
            "form_key",
            unique=True,
            sqlite_where=text("dossier_id IS NULL"),
            postgresql_where=text("dossier_id IS NULL"),
        ),
    )
