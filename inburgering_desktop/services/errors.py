"""Errors the user can cause. Each carries a Dutch msgid (translated by the ui) and parameters."""

from __future__ import annotations

from collections.abc import Iterable

from inburgering_desktop.domain.validation import ValidationError


class ServiceError(Exception):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message.format(**self.params) if self.params else self.message


class NotFoundError(ServiceError):
    pass


class StaleRecordError(ServiceError):
    """Someone (another window, an import) saved the record after it was opened here."""


class ValidationFailed(ServiceError):
    """One or more fields are invalid; the form keeps what was typed and shows each message."""

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def by_field(self) -> dict[str, ValidationError]:
        return {e.field: e for e in self.errors}
