"""Municipality profile (the letterhead) and the consultant's account name."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from sqlalchemy.orm import Session

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services.context import ACCOUNT_KEY, AppContext
from inburgering_desktop.services.errors import ValidationFailed
from inburgering_desktop.store import audit
from inburgering_desktop.store.models import Blob, Setting

PROFILE_KEY = "municipality_profile"
LOGO_KEY = "municipality_logo"
LOGO_TYPES = ("image/png", "image/jpeg")
LOGO_MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class MunicipalityProfile:
    name: str = ""
    department: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    signatory_name: str = ""
    signatory_title: str = ""

    @classmethod
    def from_mapping(cls, raw: dict[str, object]) -> MunicipalityProfile:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(val) for k, val in raw.items() if k in known})


def _read(session: Session, key: str, default: object) -> object:
    row = session.get(Setting, key)
    return json.loads(row.value) if row else default


def _write(session: Session, account: str, key: str, value: object) -> None:
    row = session.get(Setting, key)
    old = json.loads(row.value) if row else None
    if old == value:
        return
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    else:
        row.value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        old_map = old if isinstance(old, dict) else {}
        changes = {
            k: (old_map.get(k), value.get(k))
            for k in sorted(set(old_map) | set(value))
            if old_map.get(k) != value.get(k)
        }
    else:
        changes = {key: (old, value)}
    audit.append(
        session,
        account=account,
        action="create" if old is None else "update",
        entity="setting",
        entity_id=key,
        dossier_id=None,
        changes=changes,
    )


def validate_profile(raw: dict[str, object]) -> MunicipalityProfile:
    errors: list[v.ValidationError] = []
    clean: dict[str, object] = {}
    for f in fields(MunicipalityProfile):
        text = str(raw.get(f.name, "") or "").strip()
        try:
            if f.name == "name":
                text = v.validate_name(text, "name", required=True)
            elif f.name == "postal_code" and text:
                text = v.validate_postcode(text, "postal_code")
            elif f.name == "email" and text:
                text = v.validate_email(text)
            elif f.name == "phone" and text:
                text = v.validate_phone(text)
            else:
                text = v.validate_name(text, f.name, required=False)
        except v.ValidationError as exc:
            errors.append(exc)
        clean[f.name] = text
    if errors:
        raise ValidationFailed(errors)
    return MunicipalityProfile.from_mapping(clean)


def get_profile(ctx: AppContext) -> MunicipalityProfile:
    with ctx.db.transaction() as session:
        raw = _read(session, PROFILE_KEY, {})
        return MunicipalityProfile.from_mapping(raw if isinstance(raw, dict) else {})


def save_profile(ctx: AppContext, raw: dict[str, object]) -> MunicipalityProfile:
    profile = validate_profile(raw)
    with ctx.db.transaction() as session:
        _write(session, ctx.account, PROFILE_KEY, asdict(profile))
    return profile


def get_account_name(ctx_or_session: AppContext | Session) -> str:
    if isinstance(ctx_or_session, Session):
        return str(_read(ctx_or_session, ACCOUNT_KEY, ""))
    with ctx_or_session.db.transaction() as session:
        return str(_read(session, ACCOUNT_KEY, ""))


def save_account_name(ctx: AppContext, name: str) -> str:
    clean = v.validate_name(name, "account_name", required=True)
    with ctx.db.transaction() as session:
        _write(session, ctx.account or clean, ACCOUNT_KEY, clean)
    ctx.account = clean
    return clean


def get_logo(ctx: AppContext) -> tuple[str, bytes] | None:
    with ctx.db.transaction() as session:
        blob = session.get(Blob, LOGO_KEY)
        return (blob.media_type, blob.data) if blob else None


def save_logo(ctx: AppContext, media_type: str, data: bytes | None) -> None:
    """Stores (or with data=None removes) the logo printed on letters."""
    if data is not None:
        if media_type not in LOGO_TYPES:
            raise ValidationFailed(
                [v.ValidationError("logo", N_("Het logo moet PNG of JPEG zijn."))]
            )
        if len(data) > LOGO_MAX_BYTES:
            raise ValidationFailed(
                [v.ValidationError("logo", N_("Het logo is te groot (maximaal 2 MB)."))]
            )
    with ctx.db.transaction() as session:
        blob = session.get(Blob, LOGO_KEY)
        old = f"{len(blob.data)} bytes" if blob else None
        if data is None:
            if blob is not None:
                session.delete(blob)
        elif blob is None:
            session.add(Blob(key=LOGO_KEY, media_type=media_type, data=data))
        else:
            blob.media_type, blob.data = media_type, data
        new = f"{len(data)} bytes" if data is not None else None
        if old != new or data is not None:
            audit.append(
                session,
                account=ctx.account,
                action="update",
                entity="blob",
                entity_id=LOGO_KEY,
                dossier_id=None,
                changes={"data": (old, new)},
            )
