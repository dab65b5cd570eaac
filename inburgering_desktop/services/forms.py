"""Reading what a person typed: the small steps every record's validation shares. A form's
fields are all checked, and every problem is reported at once (ValidationFailed), so the screen
can show each message beside its field and keep what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

from inburgering_desktop.domain import validation as v
from inburgering_desktop.services.errors import ValidationFailed

E = TypeVar("E", bound=StrEnum)


def text(raw: Mapping[str, object], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def choice(raw: Mapping[str, object], key: str, enum_cls: type[E], message: str) -> E:
    try:
        return enum_cls(text(raw, key))
    except ValueError:
        raise v.ValidationError(key, message) from None


def optional_date(raw: Mapping[str, object], key: str) -> dt.date | None:
    value = text(raw, key)
    return v.parse_date(value, key) if value else None


def collect(checks: Iterable[tuple[str, Callable[[], object]]]) -> dict[str, object]:
    """Runs every check; returns the values by key, or raises all the problems together."""
    errors: list[v.ValidationError] = []
    values: dict[str, object] = {}
    for key, check in checks:
        try:
            values[key] = check()
        except v.ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationFailed(errors)
    return values
