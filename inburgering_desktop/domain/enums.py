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
]
LABELS: dict[tuple[type[StrEnum], str], str] = {
    (type(member), member.value): text for member, text in _LABEL_LIST
}


def label(value: StrEnum) -> str:
    """The Dutch msgid for an enum value (translate with _() in the ui)."""
    return LABELS[(type(value), value.value)]
