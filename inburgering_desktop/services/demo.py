"""Synthetic demo dossiers: every doelgroep, regime and phase, names in Latin, Arabic and Ge'ez
script. Every name is invented (family names mean "test" or "example" in their language) and
every BSN starts with 999, the range of the BRP test set, so nothing here can be taken for a
person."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from inburgering_desktop.domain.enums import (
    ChecklistItemKind,
    ChecklistStatus,
    CloseReason,
    Doelgroep,
    ExemptionKind,
    HouseholdRelation,
    PartnerRole,
)
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import auditing
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.dossier_fields import parse_dossier_fields
from inburgering_desktop.services.dossiers import insert_dossier
from inburgering_desktop.services.errors import ServiceError
from inburgering_desktop.services.policy import load_policy
from inburgering_desktop.store.models import (
    Base,
    ChainPartner,
    ChecklistItem,
    Dossier,
    DossierPartner,
    Exemption,
    Extension,
    HouseholdMember,
    JournalEntry,
)

DEFAULT_COUNT = 40
# The 999 range holds about 90,000 valid BSNs; stay well inside it.
MAX_COUNT = 50_000
BATCH = 250

# (Latin given name, own script) — common given names, paired with invented family names.
GIVEN = {
    "ar": [
        ("Ahmad", "أحمد"),
        ("Fatima", "فاطمة"),
        ("Yusuf", "يوسف"),
        ("Mariam", "مريم"),
        ("Omar", "عمر"),
        ("Layla", "ليلى"),
    ],
    "ti": [
        ("Selam", "ሰላም"),
        ("Yonas", "ዮናስ"),
        ("Senait", "ሰናይት"),
        ("Dawit", "ዳዊት"),
        ("Mehari", "መሓሪ"),
    ],
    "fa": [("Parisa", "پریسا"), ("Reza", "رضا"), ("Shirin", "شیرین")],
    "prs": [("Farid", "فرید"), ("Zahra", "زهرا")],
    "ps": [("Gul", "ګل"), ("Wahid", "وحید")],
    "ckb": [("Dilan", "دیلان"), ("Karwan", "کاروان")],
    "tr": [("Emre", ""), ("Elif", "")],
    "so": [("Hodan", ""), ("Abdi", "")],
    "uk": [("Oksana", "Оксана"), ("Taras", "Тарас")],
    "en": [("Grace", ""), ("Samuel", "")],
    "fr": [("Aminata", ""), ("Moussa", "")],
}
FAMILY = {
    "ar": [("Al-Tajriba", "التجربة"), ("Al-Mithal", "المثال"), ("Namudhaj", "نموذج")],
    "ti": [("Fetena", "ፈተና"), ("Abnet", "ኣብነት")],
    "fa": [("Azmayesh", "آزمایش"), ("Nemuneh", "نمونه")],
    "prs": [("Azmayeshi", "آزمایشی")],
    "ps": [("Azmoyana", "ازموینه")],
    "ckb": [("Taqikirdnewe", "تاقیکردنەوە")],
    "tr": [("Deneme", ""), ("Örnekoğlu", "")],
    "so": [("Tijaabo", "")],
    "uk": [("Prykladenko", "Прикладенко")],
    "en": [("Testwood", "")],
    "fr": [("Essai-Diallo", "")],
}
NATIONALITY = {
    "ar": "SY",
    "ti": "ER",
    "fa": "IR",
    "prs": "AF",
    "ps": "AF",
    "ckb": "IQ",
    "tr": "TR",
    "so": "SO",
    "uk": "UA",
    "en": "NG",
    "fr": "GN",
}
PARTNERS = [
    (PartnerRole.COA_CASEMANAGER, "COA locatie Proefdorp", "Casemanager Testdijk"),
    (
        PartnerRole.MAATSCHAPPELIJKE_BEGELEIDING,
        "Vluchtelingenwerk Testregio",
        "Begeleider Voorbeeld",
    ),
    (PartnerRole.TAALAANBIEDER, "Taalschool Voorbeeldstad", ""),
    (PartnerRole.WERKCOACH, "Werkplein Proefstreek", "Werkcoach Oefening"),
]


def synthetic_bsns(rng: random.Random) -> Iterator[str]:
    """Nine digits starting 999 that pass the elfproef (python-stdnum checks them again): about
    90,000 of them, enough for the 10,000-dossier benchmark."""
    seen: set[str] = set()
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(5)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last == 10:
            continue
        bsn = "".join(map(str, digits)) + str(last)
        if bsn not in seen:
            seen.add(bsn)
            yield bsn


def _raw(rng: random.Random, i: int, today: dt.date, bsn: str) -> tuple[dict[str, object], str]:
    lang = rng.choice(
        ["ar", "ar", "ti", "ti", "fa", "prs", "ps", "ckb", "tr", "so", "uk", "en", "fr"]
    )
    given, given_own = rng.choice(GIVEN[lang])
    family, family_own = rng.choice(FAMILY[lang])
    asylum = lang not in ("tr", "uk", "en") and rng.random() < 0.8
    kind = i % 8  # spreads the dossiers over every phase and both regimes
    minor = kind == 7
    birth = today - relativedelta(
        years=16 if minor else rng.randint(19, 58), days=rng.randint(0, 360)
    )
    if kind == 6:  # ondertussengroep
        permit = dt.date(2021, rng.randint(1, 12), rng.randint(1, 28))
    else:
        permit = today - relativedelta(months=rng.randint(1, 40))
    permit = max(permit, birth + relativedelta(days=1))
    koppeling = permit + relativedelta(weeks=rng.randint(1, 6)) if asylum else None
    notice = permit + relativedelta(weeks=rng.randint(2, 8))
    brp = (koppeling or permit) + relativedelta(weeks=rng.randint(2, 14))
    raw: dict[str, object] = {
        "family_name": family,
        "given_names": given,
        "name_original_script": " ".join(filter(None, (given_own, family_own))),
        "bsn": bsn,
        "v_number": f"{rng.randrange(10**9, 10**10)}",
        "birth_date": birth.isoformat(),
        "nationality": NATIONALITY[lang],
        "country_of_birth": NATIONALITY[lang],
        "language_code": lang,
        "interpreter_needed": lang not in ("en", "fr"),
        "phone": f"06-{rng.randrange(10**7, 10**8)}",
        "email": "",
        "street": rng.choice(["Proefstraat", "Voorbeeldlaan", "Testweg"]),
        "house_number": str(rng.randint(1, 120)),
        "postal_code": f"{rng.randint(1000, 9999)} {rng.choice(['AB', 'CD', 'XY'])}",
        "city": "Voorbeeldstad",
        "doelgroep": (Doelgroep.ASIELSTATUSHOUDER if asylum else Doelgroep.GEZINSMIGRANT).value,
        "pw_benefit": asylum and rng.random() < 0.85,
        "permit_date": permit.isoformat(),
        "koppeling_date": koppeling.isoformat() if koppeling else "",
    }
    if kind >= 1 and brp <= today:
        raw["duo_notice_date"] = min(notice, today).isoformat()
        raw["brp_date"] = brp.isoformat()
    if kind >= 2 and kind not in (6, 7):
        start = min(brp + relativedelta(weeks=2), today)
        raw["intake_start_date"] = start.isoformat()
        if kind >= 3:
            done = min(start + relativedelta(weeks=3), today)
            raw["intake_completed_date"] = done.isoformat()
            if kind >= 4:
                raw["first_pip_date"] = min(done + relativedelta(weeks=4), today).isoformat()
    return raw, lang


def generate(ctx: AppContext, count: int = DEFAULT_COUNT, seed: int = 2021) -> int:
    """Adds `count` synthetic dossiers (skipping BSNs already present); returns how many."""
    if not 1 <= count <= MAX_COUNT:
        raise ServiceError(N_("Kies een aantal van 1 tot en met {maximum}."), maximum=MAX_COUNT)
    bsns = synthetic_bsns(random.Random(seed))
    today = ctx.today()
    added = 0
    with ctx.db.transaction() as session:
        partners = _ensure_partners(session, ctx)
    done = 0
    while done < count:
        with ctx.db.transaction() as session:
            policy = load_policy(session)
            previous: Dossier | None = None
            for _ in range(min(BATCH, count - done)):
                done += 1
                bsn = next(bsns)
                # One generator per dossier: a second run makes the very same people again, so
                # it can skip them by BSN without shifting everyone after them.
                rng = random.Random(f"{seed}-{done}")
                raw, _lang = _raw(rng, done, today, bsn)
                if session.scalar(select(Dossier.id).where(Dossier.bsn == bsn)):
                    continue
                dossier = insert_dossier(session, ctx, parse_dossier_fields(raw, policy, today))
                _decorate(session, ctx, rng, dossier, done, today, partners, previous)
                previous = dossier
                added += 1
    return added


def _ensure_partners(session: Session, ctx: AppContext) -> list[int]:
    ids = []
    for role, organisation, contact in PARTNERS:
        found = session.scalar(
            select(ChainPartner).where(ChainPartner.organisation == organisation)
        )
        if found is None:
            found = ChainPartner(role=role, organisation=organisation, contact_name=contact)
            session.add(found)
            auditing.record_create(session, ctx.account, found, None)
        ids.append(found.id)
    return ids


def _add(session: Session, ctx: AppContext, obj: Base, dossier_id: int) -> None:
    session.add(obj)
    auditing.record_create(session, ctx.account, obj, dossier_id)


def _decorate(
    session: Session,
    ctx: AppContext,
    rng: random.Random,
    d: Dossier,
    i: int,
    today: dt.date,
    partners: list[int],
    previous: Dossier | None,
) -> None:
    """Household, partners, checklist progress, notes and decisions, so every tab has content."""
    _add(
        session, ctx, DossierPartner(dossier_id=d.id, partner_id=partners[i % len(partners)]), d.id
    )
    if i % 3 == 0:
        child_birth = today - relativedelta(years=rng.randint(1, 12))
        _add(
            session,
            ctx,
            HouseholdMember(
                dossier_id=d.id,
                relation=HouseholdRelation.CHILD,
                name=f"{d.given_names[:1]}. {d.family_name} jr.",
                birth_date=child_birth,
            ),
            d.id,
        )
    if i % 5 == 0 and previous is not None and previous.family_name == d.family_name:
        _add(
            session,
            ctx,
            HouseholdMember(
                dossier_id=d.id,
                relation=HouseholdRelation.PARTNER,
                name=f"{previous.given_names} {previous.family_name}",
                birth_date=previous.birth_date,
                linked_dossier_id=previous.id,
            ),
            d.id,
        )
    if d.brp_date:
        for item in session.scalars(select(ChecklistItem).where(ChecklistItem.dossier_id == d.id)):
            before = auditing.snapshot(item)
            if item.kind in (
                ChecklistItemKind.BSN,
                ChecklistItemKind.BRP,
                ChecklistItemKind.BANK_ACCOUNT,
            ):
                item.status, item.status_date, item.owner = (
                    ChecklistStatus.DONE,
                    d.brp_date,
                    "Klantregisseur",
                )
            elif item.kind is ChecklistItemKind.HEALTH_INSURANCE:
                item.status, item.owner = (
                    ChecklistStatus.IN_PROGRESS,
                    "Maatschappelijke begeleiding",
                )
            auditing.record_update(session, ctx.account, item, before, d.id)
        _add(
            session,
            ctx,
            JournalEntry(
                dossier_id=d.id,
                entry_date=d.brp_date,
                author=ctx.account,
                text="Kennismaking na huisvesting; afspraak brede intake gepland.",
            ),
            d.id,
        )
    if i % 11 == 0:
        _add(
            session,
            ctx,
            Exemption(
                dossier_id=d.id,
                kind=ExemptionKind.VRIJSTELLING,
                decided_on=today - relativedelta(months=2),
                ground="Nederlands diploma",
                reference=f"DUO-VR-{1000 + i}",
            ),
            d.id,
        )
    if d.first_pip_date and i % 12 == 4:
        _add(
            session,
            ctx,
            Extension(
                dossier_id=d.id,
                decided_on=today - relativedelta(days=20),
                new_end_date=d.first_pip_date + relativedelta(years=3, months=6),
                reason="Ziekte (verlenging door DUO)",
                reference=f"DUO-VL-{2000 + i}",
            ),
            d.id,
        )
    if i % 13 == 0 and d.first_pip_date:
        before = auditing.snapshot(d)
        d.closed_on, d.close_reason = today - relativedelta(days=10), CloseReason.AFGEROND
        auditing.record_update(session, ctx.account, d, before, d.id)
    elif i % 17 == 0:
        before = auditing.snapshot(d)
        d.closed_on, d.close_reason = today - relativedelta(days=30), CloseReason.VERHUISD
        d.close_note = "Verhuisd naar gemeente Elders"
        auditing.record_update(session, ctx.account, d, before, d.id)
