"""Closed vocabularies of the register. Values are stable identifiers (stored, exported)."""

from enum import StrEnum

from inburgering_desktop.domain.text import N_


class Regime(StrEnum):
    """Which law governs the duty (RULES.md §1)."""

    WI2013 = "wi2013"  # the ondertussengroep: permit before 2022-01-01
    WI2021 = "wi2021"


class Doelgroep(StrEnum):
    """Wi2021 art. 13 (RULES.md §1)."""

    ASIELSTATUSHOUDER = "asielstatushouder"
    GEZINSMIGRANT = "gezinsmigrant"  # gezinsmigrant / overige migrant


class Phase(StrEnum):
    """Where a dossier stands; always derived from its dates, never stored."""

    AANGEMELD = "aangemeld"
    INTAKE = "intake"
    PIP_IN_VOORBEREIDING = "pip_in_voorbereiding"
    IN_TRAJECT = "in_traject"
    AFGEROND = "afgerond"
    GESLOTEN = "gesloten"


class ExemptionKind(StrEnum):
    """RULES.md §1: a vrijstelling ends the duty, an ontheffing (by DUO) ends or narrows it."""

    VRIJSTELLING = "vrijstelling"
    ONTHEFFING = "ontheffing"


class CloseReason(StrEnum):
    AFGEROND = "afgerond"  # the inburgering was completed: phase AFGEROND
    VERHUISD = "verhuisd"  # moved to another municipality
    VRIJSTELLING = "vrijstelling"
    ONTHEFFING = "ontheffing"
    VERTROKKEN = "vertrokken"  # left the Netherlands
    OVERLEDEN = "overleden"
    ANDERS = "anders"


class ChecklistItemKind(StrEnum):
    """The practical checklist at housing (seed 003 §3, RULES.md §2.2)."""

    BSN = "bsn"
    BANK_ACCOUNT = "bank_account"
    BRP = "brp"
    BENEFIT = "benefit"
    HEALTH_INSURANCE = "health_insurance"
    GP = "gp"
    SCHOOL = "school"
    VOORSCHOOLSE_EDUCATIE = "voorschoolse_educatie"


class ChecklistStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


class HouseholdRelation(StrEnum):
    PARTNER = "partner"
    CHILD = "child"


class PartnerRole(StrEnum):
    """Chain partners of the municipality (seeds 001, 003)."""

    COA_CASEMANAGER = "coa_casemanager"
    MAATSCHAPPELIJKE_BEGELEIDING = "maatschappelijke_begeleiding"
    TAALAANBIEDER = "taalaanbieder"
    WERKCOACH = "werkcoach"
    INKOMEN = "inkomen"
    JGZ = "jgz"
    TOLK = "tolk"
    ANDERS = "anders"


class Offer(StrEnum):
    """The rows of the RULES.md §1 table."""

    BREDE_INTAKE_PIP = "brede_intake_pip"  # brede intake + PIP + voortgangsgesprekken
    LEERROUTE_PAID = "leerroute_paid"  # leerroute paid by the municipality (incl. KNM)
    MAP = "map"
    PVT = "pvt"
    MAATSCHAPPELIJKE_BEGELEIDING = "maatschappelijke_begeleiding"
    ONTZORGEN = "ontzorgen"
    FINE_BREDE_INTAKE = "fine_brede_intake"
    FINE_PIP = "fine_pip"


class Leerroute(StrEnum):
    """The three leerroutes of the Wi2021 (RULES.md §2.6; seed 002 "Taalaanbod")."""

    B1 = "b1"
    ONDERWIJSROUTE = "onderwijsroute"
    Z_ROUTE = "z_route"


class LifeArea(StrEnum):
    """The life areas of the brede intake (RULES.md §2.4; Wi2021 art. 14; Divosa handreiking)."""

    TAAL = "taal"
    OPLEIDING_WERK = "opleiding_werk"
    GEZONDHEID = "gezondheid"
    FINANCIEN = "financien"
    GEZIN_KINDEREN = "gezin_kinderen"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    PARTICIPATIE_ZELFREDZAAMHEID = "participatie_zelfredzaamheid"
    AMBITIES = "ambities"


class LanguageSkill(StrEnum):
    """The four skills whose Dutch level the intake records (RULES.md §2.4)."""

    LEZEN = "lezen"
    SCHRIJVEN = "schrijven"
    LUISTEREN = "luisteren"
    SPREKEN = "spreken"


class LanguageLevel(StrEnum):
    """Level of Dutch per skill on the CEFR scale (ERK). Members are in ascending order:
    pip.py compares levels by their position."""

    GEEN = "geen"
    A0 = "a0"
    A1 = "a1"
    A2 = "a2"
    B1 = "b1"
    B2_PLUS = "b2_plus"


class Literacy(StrEnum):
    """Literacy, as the intake records it (RULES.md §2.4)."""

    LATIJNS_SCHRIFT = "latijns_schrift"  # literate in the Latin script
    EIGEN_SCHRIFT = "eigen_schrift"  # literate in another script only
    LAAGGELETTERD = "laaggeletterd"
    ANALFABEET = "analfabeet"


class EducationLevel(StrEnum):
    """Highest education, mostly in the country of origin. Members are in ascending order."""

    GEEN = "geen"
    BASISONDERWIJS = "basisonderwijs"
    VOORTGEZET_ONDERWIJS = "voortgezet_onderwijs"
    BEROEPSONDERWIJS = "beroepsonderwijs"
    HOGER_ONDERWIJS = "hoger_onderwijs"


class WorkExperience(StrEnum):
    """Kind of work experience, mostly in the country of origin (RULES.md §2.4)."""

    GEEN = "geen"
    ONGESCHOOLD = "ongeschoold"
    VAKWERK = "vakwerk"
    HOGER_NIVEAU = "hoger_niveau"
    EIGEN_BEDRIJF = "eigen_bedrijf"


class HealthLimitation(StrEnum):
    """Limitations from physical or mental health (special category data, AVG art. 9)."""

    GEEN = "geen"
    LICHAMELIJK = "lichamelijk"
    PSYCHISCH = "psychisch"
    LICHAMELIJK_EN_PSYCHISCH = "lichamelijk_en_psychisch"


class IncomeSource(StrEnum):
    """Main source of income (RULES.md §2.4; ontzorgen depends on a Pw benefit, §2.8)."""

    PARTICIPATIEWET = "participatiewet"
    ANDERE_UITKERING = "andere_uitkering"
    WERK = "werk"
    PARTNER = "partner"
    STUDIEFINANCIERING = "studiefinanciering"
    GEEN = "geen"


class FinancialSituation(StrEnum):
    RONDKOMEN = "rondkomen"
    KRAP = "krap"
    SCHULDEN = "schulden"


class SocialNetwork(StrEnum):
    GEEN = "geen"
    EIGEN_KRING = "eigen_kring"
    GEMENGD = "gemengd"


class SelfReliance(StrEnum):
    """Self-reliance in daily life, a simplified zelfredzaamheidsmatrix (RULES.md §2.4)."""

    NIET = "niet"
    BEPERKT = "beperkt"
    ZELFREDZAAM = "zelfredzaam"


class ToetsOutcome(StrEnum):
    """The outcome of the leerbaarheidstoets as DUO reports it, in ascending order.

    Source: RULES.md §2.4; seed 002 §1.2.2 fn. 8 (verify: DUO's own scale and wording could not
    be checked; a plain ordered three-step scale stands in for it).
    """

    LAAG = "laag"
    GEMIDDELD = "gemiddeld"
    HOOG = "hoog"


class ToetsExemptReason(StrEnum):
    """Why the municipality exempted someone from the leerbaarheidstoets (Wi2021 art. 14
    lid 6 and 7, since 2023; RULES.md §2.4 (verify)). Health data: special category."""

    VISUEEL = "visueel"
    AUDITIEF = "auditief"


class PipComponent(StrEnum):
    """The parts of a PIP (RULES.md §2.5; seed 002 §1.2.2)."""

    LEERROUTE = "leerroute"
    KNM = "knm"
    MAP = "map"
    PVT = "pvt"
    ONTZORGEN = "ontzorgen"
    MAATSCHAPPELIJKE_BEGELEIDING = "maatschappelijke_begeleiding"
    VOORSCHOOLSE_EDUCATIE = "voorschoolse_educatie"
    PARTICIPATIE = "participatie"
    OVERIGE_AFSPRAKEN = "overige_afspraken"


class PipVersionStatus(StrEnum):
    """A PIP version is a draft until it is established as a beschikking (RULES.md §2.5)."""

    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"


# Dutch labels, marked for the catalog; the ui translates them with _(). Keyed by (enum type,
# value): StrEnum members hash as their string, so Phase.AFGEROND and CloseReason.AFGEROND would
# otherwise share one entry.
_LABEL_LIST: list[tuple[StrEnum, str]] = [
    (Regime.WI2013, N_("Wi2013 (ondertussengroep)")),
    (Regime.WI2021, N_("Wi2021")),
    (Doelgroep.ASIELSTATUSHOUDER, N_("Asielstatushouder")),
    (Doelgroep.GEZINSMIGRANT, N_("Gezinsmigrant / overige migrant")),
    (Phase.AANGEMELD, N_("Aangemeld")),
    (Phase.INTAKE, N_("Intake")),
    (Phase.PIP_IN_VOORBEREIDING, N_("PIP in voorbereiding")),
    (Phase.IN_TRAJECT, N_("In traject")),
    (Phase.AFGEROND, N_("Afgerond")),
    (Phase.GESLOTEN, N_("Gesloten")),
    (ExemptionKind.VRIJSTELLING, N_("Vrijstelling")),
    (ExemptionKind.ONTHEFFING, N_("Ontheffing")),
    (CloseReason.AFGEROND, N_("Inburgering afgerond")),
    (CloseReason.VERHUISD, N_("Verhuisd naar andere gemeente")),
    (CloseReason.VRIJSTELLING, N_("Vrijgesteld")),
    (CloseReason.ONTHEFFING, N_("Ontheffing verleend")),
    (CloseReason.VERTROKKEN, N_("Vertrokken uit Nederland")),
    (CloseReason.OVERLEDEN, N_("Overleden")),
    (CloseReason.ANDERS, N_("Andere reden")),
    (ChecklistItemKind.BSN, N_("BSN")),
    (ChecklistItemKind.BANK_ACCOUNT, N_("Bankrekening")),
    (ChecklistItemKind.BRP, N_("Inschrijving BRP")),
    (ChecklistItemKind.BENEFIT, N_("Aanvraag uitkering")),
    (ChecklistItemKind.HEALTH_INSURANCE, N_("Zorgverzekering")),
    (ChecklistItemKind.GP, N_("Huisarts")),
    (ChecklistItemKind.SCHOOL, N_("School voor de kinderen")),
    (ChecklistItemKind.VOORSCHOOLSE_EDUCATIE, N_("Voorschoolse educatie")),
    (ChecklistStatus.OPEN, N_("Open")),
    (ChecklistStatus.IN_PROGRESS, N_("Loopt")),
    (ChecklistStatus.DONE, N_("Geregeld")),
    (ChecklistStatus.NOT_APPLICABLE, N_("Niet van toepassing")),
    (HouseholdRelation.PARTNER, N_("Partner")),
    (HouseholdRelation.CHILD, N_("Kind")),
    (PartnerRole.COA_CASEMANAGER, N_("Casemanager COA")),
    (PartnerRole.MAATSCHAPPELIJKE_BEGELEIDING, N_("Maatschappelijke begeleiding")),
    (PartnerRole.TAALAANBIEDER, N_("Taalaanbieder")),
    (PartnerRole.WERKCOACH, N_("Werkcoach")),
    (PartnerRole.INKOMEN, N_("Consulent inkomen")),
    (PartnerRole.JGZ, N_("Jeugdgezondheidszorg")),
    (PartnerRole.TOLK, N_("Tolk")),
    (PartnerRole.ANDERS, N_("Anders")),
    (Offer.BREDE_INTAKE_PIP, N_("Brede intake, PIP en voortgangsgesprekken")),
    (Offer.LEERROUTE_PAID, N_("Leerroute betaald door de gemeente (incl. KNM)")),
    (Offer.MAP, N_("Module Arbeidsmarkt en Participatie (MAP)")),
    (Offer.PVT, N_("Participatieverklaringstraject (PVT)")),
    (Offer.MAATSCHAPPELIJKE_BEGELEIDING, N_("Maatschappelijke begeleiding")),
    (Offer.ONTZORGEN, N_("Ontzorgen")),
    (Offer.FINE_BREDE_INTAKE, N_("Boete gemeente: brede intake")),
    (Offer.FINE_PIP, N_("Boete gemeente: PIP")),
    (Leerroute.B1, N_("B1-route")),
    (Leerroute.ONDERWIJSROUTE, N_("Onderwijsroute")),
    (Leerroute.Z_ROUTE, N_("Z-route")),
    (LifeArea.TAAL, N_("Taal")),
    (LifeArea.OPLEIDING_WERK, N_("Opleiding en werkervaring")),
    (LifeArea.GEZONDHEID, N_("Gezondheid")),
    (LifeArea.FINANCIEN, N_("Financiën")),
    (LifeArea.GEZIN_KINDEREN, N_("Gezin en kinderen")),
    (LifeArea.SOCIAAL_NETWERK, N_("Sociaal netwerk")),
    (LifeArea.PARTICIPATIE_ZELFREDZAAMHEID, N_("Maatschappelijke participatie en zelfredzaamheid")),
    (LifeArea.AMBITIES, N_("Ambities")),
    (LanguageSkill.LEZEN, N_("Lezen")),
    (LanguageSkill.SCHRIJVEN, N_("Schrijven")),
    (LanguageSkill.LUISTEREN, N_("Luisteren")),
    (LanguageSkill.SPREKEN, N_("Spreken")),
    (LanguageLevel.GEEN, N_("Geen Nederlands")),
    (LanguageLevel.A0, N_("A0: enkele woorden")),
    (LanguageLevel.A1, N_("A1")),
    (LanguageLevel.A2, N_("A2")),
    (LanguageLevel.B1, N_("B1")),
    (LanguageLevel.B2_PLUS, N_("B2 of hoger")),
    (Literacy.LATIJNS_SCHRIFT, N_("Gealfabetiseerd in het Latijnse schrift")),
    (Literacy.EIGEN_SCHRIFT, N_("Gealfabetiseerd in een ander schrift, niet in het Latijnse")),
    (Literacy.LAAGGELETTERD, N_("Laaggeletterd: leest en schrijft met moeite")),
    (Literacy.ANALFABEET, N_("Niet gealfabetiseerd (analfabeet)")),
    (EducationLevel.GEEN, N_("Geen onderwijs gevolgd")),
    (EducationLevel.BASISONDERWIJS, N_("Basisonderwijs")),
    (EducationLevel.VOORTGEZET_ONDERWIJS, N_("Voortgezet onderwijs (middelbare school)")),
    (EducationLevel.BEROEPSONDERWIJS, N_("Beroepsonderwijs (zoals mbo)")),
    (EducationLevel.HOGER_ONDERWIJS, N_("Hoger onderwijs (hbo of universiteit)")),
    (WorkExperience.GEEN, N_("Geen werkervaring")),
    (WorkExperience.ONGESCHOOLD, N_("Ongeschoold werk")),
    (WorkExperience.VAKWERK, N_("Geschoold vakwerk")),
    (WorkExperience.HOGER_NIVEAU, N_("Werk op hbo- of universitair niveau")),
    (WorkExperience.EIGEN_BEDRIJF, N_("Eigen bedrijf")),
    (HealthLimitation.GEEN, N_("Geen beperkingen")),
    (HealthLimitation.LICHAMELIJK, N_("Lichamelijke beperkingen")),
    (HealthLimitation.PSYCHISCH, N_("Psychische beperkingen")),
    (HealthLimitation.LICHAMELIJK_EN_PSYCHISCH, N_("Lichamelijke en psychische beperkingen")),
    (IncomeSource.PARTICIPATIEWET, N_("Uitkering Participatiewet (bijstand)")),
    (IncomeSource.ANDERE_UITKERING, N_("Andere uitkering")),
    (IncomeSource.WERK, N_("Inkomen uit werk")),
    (IncomeSource.PARTNER, N_("Inkomen van de partner")),
    (IncomeSource.STUDIEFINANCIERING, N_("Studiefinanciering")),
    (IncomeSource.GEEN, N_("Geen inkomen")),
    (FinancialSituation.RONDKOMEN, N_("Kan rondkomen")),
    (FinancialSituation.KRAP, N_("Krap, zonder schulden")),
    (FinancialSituation.SCHULDEN, N_("Schulden of betalingsachterstanden")),
    (SocialNetwork.GEEN, N_("(Bijna) geen contacten")),
    (SocialNetwork.EIGEN_KRING, N_("Vooral contacten in de eigen kring")),
    (SocialNetwork.GEMENGD, N_("Contacten in en buiten de eigen kring")),
    (SelfReliance.NIET, N_("Niet zelfredzaam: heeft veel hulp nodig")),
    (SelfReliance.BEPERKT, N_("Beperkt zelfredzaam: heeft soms hulp nodig")),
    (SelfReliance.ZELFREDZAAM, N_("Zelfredzaam")),
    (ToetsOutcome.LAAG, N_("Laag")),
    (ToetsOutcome.GEMIDDELD, N_("Gemiddeld")),
    (ToetsOutcome.HOOG, N_("Hoog")),
    (ToetsExemptReason.VISUEEL, N_("Visuele beperking")),
    (ToetsExemptReason.AUDITIEF, N_("Auditieve beperking")),
    (PipComponent.LEERROUTE, N_("Leerroute")),
    (PipComponent.KNM, N_("Kennis van de Nederlandse Maatschappij (KNM)")),
    (PipComponent.MAP, N_("Module Arbeidsmarkt en Participatie (MAP)")),
    (PipComponent.PVT, N_("Participatieverklaringstraject (PVT)")),
    (PipComponent.ONTZORGEN, N_("Ontzorgen")),
    (PipComponent.MAATSCHAPPELIJKE_BEGELEIDING, N_("Maatschappelijke begeleiding")),
    (PipComponent.VOORSCHOOLSE_EDUCATIE, N_("Voorschoolse educatie")),
    (PipComponent.PARTICIPATIE, N_("Participatieactiviteiten")),
    (PipComponent.OVERIGE_AFSPRAKEN, N_("Overige afspraken")),
    (PipVersionStatus.CONCEPT, N_("Concept")),
    (PipVersionStatus.VASTGESTELD, N_("Vastgesteld")),
]
LABELS: dict[tuple[type[StrEnum], str], str] = {
    (type(member), member.value): text for member, text in _LABEL_LIST
}


def label(value: StrEnum) -> str:
    """The Dutch msgid for an enum value (translate with _() in the ui)."""
    return LABELS[(type(value), value.value)]
