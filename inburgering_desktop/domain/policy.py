"""The policy parameters: every number the rules use, in one place, with its source.

RULES.md: every number is a parameter the program ships as a default, shows with its source in
the "Beleidsregels" screen, and lets the municipality change where its own verordening or
beleidsregels differ. `PARAMETERS` describes them (label, unit, source, allowed range);
`Policy` holds the effective values, typed, one attribute per key. Values marked (verify) are our
best reading of a text we could not check word for word (RULES.md, introduction).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass

from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError

ParameterValue = int | bool | dt.date
JsonValue = int | bool | str


@dataclass(frozen=True)
class PolicyParameter:
    key: str
    default: ParameterValue
    unit: str  # msgid
    label: str  # msgid
    source: str  # legal article and/or seed, and the RULES.md section
    minimum: int | None = None  # ints only
    maximum: int | None = None  # ints only

    @property
    def kind(self) -> type:
        """bool, int or date; bool first, since a bool is also an int in Python."""
        for candidate in (bool, int, dt.date):
            if isinstance(self.default, candidate):
                return candidate
        raise TypeError(self.key)


UNIT_DATE = N_("datum")
UNIT_YEARS = N_("jaar")
UNIT_MONTHS = N_("maanden")
UNIT_WEEKS = N_("weken")
UNIT_DAYS = N_("dagen")
UNIT_HOURS = N_("uren")
UNIT_CENTS = N_("eurocent")
UNIT_YES_NO = N_("ja/nee")

# Ranges are sanity bounds for what a municipality could sensibly set, except where the law
# itself sets a bound (the fines' maxima, the ontzorgen minimum): those are said per parameter.
PARAMETERS: tuple[PolicyParameter, ...] = (
    PolicyParameter(
        "wi2021_start_date",
        dt.date(2022, 1, 1),
        UNIT_DATE,
        N_("Ingangsdatum Wet inburgering 2021"),
        "Wi2021 art. 54 (verify); seeds 000, 002 §1.3.4; RULES.md §1",
    ),
    PolicyParameter(
        "duty_age",
        18,
        UNIT_YEARS,
        N_("Leeftijd waarop de inburgeringsplicht ingaat"),
        "Wi2021 art. 3 (verify; or when compulsory schooling ends); RULES.md §1",
        minimum=16,
        maximum=21,
    ),
    PolicyParameter(
        "pip_weeks",
        10,
        UNIT_WEEKS,
        N_("Termijn voor het vaststellen van het PIP"),
        # Counted from the later of DUO's notice and the BRP registration (rules.pip_due).
        "Bi2021 art. 5.3 (verify); RULES.md §2.5: from DUO's notice or the BRP registration, "
        "whichever is later (seed 003's 6 weeks after housing is a 2020 draft)",
        minimum=1,
        maximum=52,
    ),
    PolicyParameter(
        "termijn_years",
        3,
        UNIT_YEARS,
        N_("Duur van de inburgeringstermijn"),
        "Wi2021 art. 11; RULES.md §2.5",
        minimum=1,
        maximum=10,
    ),
    PolicyParameter(
        "termijnenwet_shift",
        False,
        UNIT_YES_NO,
        N_("Einde inburgeringstermijn op weekend of feestdag naar de volgende werkdag"),
        "Algemene termijnenwet art. 1 and 3 (verify whether it applies); RULES.md §2.5",
    ),
    PolicyParameter(
        "meeting_interval_months",
        3,
        UNIT_MONTHS,
        N_("Tijd tussen twee voortgangsgesprekken"),
        "local policy; seed 002 'Monitoring'; RULES.md §2.9",
        minimum=1,
        maximum=24,
    ),
    PolicyParameter(
        "onderwijsroute_warning_age",
        28,
        UNIT_YEARS,
        N_("Leeftijd vanaf wanneer de onderwijsroute een waarschuwing geeft"),
        "MvT Wi2021 ('tot 28 jaar'; no legal limit); seed 002 fn. 9, seed 003; RULES.md §2.6",
        minimum=18,
        maximum=67,
    ),
    PolicyParameter(
        "ontzorgen_min_months",
        6,
        UNIT_MONTHS,
        N_("Minimale duur van ontzorgen"),
        # The law's floor is the range's minimum: a municipality may choose longer, not shorter.
        "Pw art. 56a; seed 002 §3.4, seed 003 §3; RULES.md §2.8",
        minimum=6,
        maximum=60,
    ),
    PolicyParameter(
        "route_switch_window_months",
        18,
        UNIT_MONTHS,
        N_("Periode na de start van de termijn waarin van leerroute gewisseld kan worden"),
        "Wi2021/Bi2021 (verify the details); RULES.md §2.5",
        minimum=0,
        maximum=36,
    ),
    PolicyParameter(
        "pvt_min_hours",
        12,
        UNIT_HOURS,
        N_("Minimale omvang van het participatieverklaringstraject (PVT)"),
        "Bi2021 (verify); seed 002; RULES.md §2.7",
        minimum=1,
        maximum=200,
    ),
    PolicyParameter(
        "map_min_practical_hours",
        40,
        UNIT_HOURS,
        N_("Minimaal aantal uren praktijk in de MAP"),
        "Bi2021 (verify); seed 002; RULES.md §2.7",
        minimum=1,
        maximum=400,
    ),
    PolicyParameter(
        "z_route_language_hours",
        800,
        UNIT_HOURS,
        N_("Uren Nederlands (inclusief KNM) in de Z-route"),
        "Bi2021 art. 3.14 (verify); seed 002 fn. 10; RULES.md §2.6",
        minimum=0,
        maximum=3000,
    ),
    PolicyParameter(
        "z_route_participation_hours",
        800,
        UNIT_HOURS,
        N_("Uren participatie in de Z-route (asielstatushouders)"),
        "Bi2021 art. 3.14 (verify); seed 002 fn. 10; RULES.md §2.6",
        minimum=0,
        maximum=3000,
    ),
    PolicyParameter(
        "fine_brede_intake_cents",
        25000,
        UNIT_CENTS,
        N_("Maximale boete: niet meewerken aan de brede intake"),
        # The legal maximum is the range's maximum: a municipality may fine less, not more.
        "Wi2021 art. 14 (verify); seed 002 §3.6; RULES.md §2.11",
        minimum=0,
        maximum=25000,
    ),
    PolicyParameter(
        "fine_pip_cents",
        80000,
        UNIT_CENTS,
        N_("Maximale boete: niet nakomen van het PIP"),
        "seed 002 §3.6; RULES.md §2.11",
        minimum=0,
        maximum=80000,
    ),
    PolicyParameter(
        "retention_years",
        5,
        UNIT_YEARS,
        N_("Bewaartermijn na het einde van de inburgeringsplicht"),
        "VNG handreiking Wi2021 (verify); Selectielijst gemeenten 2020 item 8.1 says 10 years "
        "after closing; RULES.md §5",
        minimum=1,
        maximum=20,
    ),
    PolicyParameter(
        "pip_due_soon_days",
        14,
        UNIT_DAYS,
        N_("Signaal 'PIP moet binnenkort klaar zijn' vanaf dit aantal dagen ervoor"),
        "local policy (a signal, not a rule); RULES.md §2.5, §2.9",
        minimum=0,
        maximum=70,
    ),
    PolicyParameter(
        "termijn_ending_months",
        6,
        UNIT_MONTHS,
        N_("Signaal 'inburgeringstermijn eindigt' vanaf dit aantal maanden voor het einde"),
        "local policy (a signal, not a rule); RULES.md §2.9",
        minimum=0,
        maximum=36,
    ),
    PolicyParameter(
        "bilingual_months",
        6,
        UNIT_MONTHS,
        N_("Periode waarin alle post in het Nederlands en de eigen taal gaat"),
        "seed 002 §3.5 ('wordt gepoogd'); RULES.md §3",
        minimum=0,
        maximum=36,
    ),
    PolicyParameter(
        "meeting_overdue_grace_days",
        0,
        UNIT_DAYS,
        # Kept because planning a talk a few days late is normal in some teams: they can stop
        # the signal from firing the day after the due date without changing the interval.
        N_("Aantal dagen na de geplande datum voordat een voortgangsgesprek als te laat geldt"),
        "local policy (a signal, not a rule); RULES.md §2.9",
        minimum=0,
        maximum=90,
    ),
)

_BY_KEY: dict[str, PolicyParameter] = {p.key: p for p in PARAMETERS}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parameter(key: str) -> PolicyParameter:
    """The description of one parameter; KeyError for an unknown key (a programming error)."""
    return _BY_KEY[key]


@dataclass(frozen=True)
class Policy:
    """The effective values. Build with `defaults()` or `from_overrides()`, never directly:
    the defaults live in `PARAMETERS`, not here."""

    wi2021_start_date: dt.date
    duty_age: int
    pip_weeks: int
    termijn_years: int
    termijnenwet_shift: bool
    meeting_interval_months: int
    onderwijsroute_warning_age: int
    ontzorgen_min_months: int
    route_switch_window_months: int
    pvt_min_hours: int
    map_min_practical_hours: int
    z_route_language_hours: int
    z_route_participation_hours: int
    fine_brede_intake_cents: int
    fine_pip_cents: int
    retention_years: int
    pip_due_soon_days: int
    termijn_ending_months: int
    bilingual_months: int
    meeting_overdue_grace_days: int

    @classmethod
    def defaults(cls) -> Policy:
        return cls(**{p.key: p.default for p in PARAMETERS})

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object]) -> Policy:
        """The defaults with the municipality's own values; each is checked for type and range.

        Accepts what `overrides()` produced (dates as ISO strings) as well as `date` objects.
        Raises ValidationError (field = the key) naming the parameter in Dutch.
        """
        values: dict[str, ParameterValue] = {p.key: p.default for p in PARAMETERS}
        for key, raw in overrides.items():
            if key not in _BY_KEY:
                raise ValidationError(key, N_("Onbekende beleidsregel: {key}."), {"key": key})
            values[key] = _checked(_BY_KEY[key], raw)
        return cls(**values)  # type: ignore[arg-type]  # checked per kind above

    def value(self, key: str) -> ParameterValue:
        parameter(key)  # KeyError for an unknown key, rather than any attribute of the class
        value: ParameterValue = getattr(self, key)
        return value

    def overrides(self) -> dict[str, JsonValue]:
        """Only the values that differ from the defaults, JSON-able (dates as ISO strings)."""
        result: dict[str, JsonValue] = {}
        for p in PARAMETERS:
            value = self.value(p.key)
            if value != p.default:
                result[p.key] = value.isoformat() if isinstance(value, dt.date) else value
        return result


def _checked(p: PolicyParameter, raw: object) -> ParameterValue:
    named = {"parameter": p.label}  # a msgid itself: the ui translates it before formatting
    if p.kind is bool:
        if not isinstance(raw, bool):
            raise ValidationError(p.key, N_("{parameter}: kies ja of nee."), named)
        return raw
    if p.kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValidationError(p.key, N_("{parameter}: vul een geheel getal in."), named)
        if p.minimum is None or p.maximum is None:
            raise RuntimeError(f"{p.key}: no range")  # _check_table() makes this unreachable
        if not p.minimum <= raw <= p.maximum:
            raise ValidationError(
                p.key,
                N_("{parameter}: kies een waarde van {minimum} tot en met {maximum}."),
                {**named, "minimum": p.minimum, "maximum": p.maximum},
            )
        return raw
    # A datetime is a date too, but carries a time that means nothing here.
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise ValidationError(p.key, N_("{parameter}: vul een datum in als jjjj-mm-dd."), named)


def _check_table() -> None:
    """The table and the class must describe the same parameters; fail at import, not later."""
    hints = typing.get_type_hints(Policy)
    if [f.name for f in dataclasses.fields(Policy)] != [p.key for p in PARAMETERS]:
        raise RuntimeError("Policy fields and PARAMETERS differ")
    for p in PARAMETERS:
        if hints[p.key] is not p.kind:
            raise RuntimeError(f"Policy.{p.key} is not typed {p.kind.__name__}")
        has_range = p.minimum is not None and p.maximum is not None
        if has_range != (p.kind is int):
            raise RuntimeError(f"{p.key}: an int parameter needs a range, others none")
        if has_range and not p.minimum <= p.default <= p.maximum:  # type: ignore[operator]
            raise RuntimeError(f"{p.key}: default outside its range")


_check_table()
