"""Errors the store raises for things a user can cause or fix, each with a calm Dutch message.

`message` is a gettext msgid (marked with `N_`, translated by the ui). Anything not listed here is a
bug and reaches the crash dialog. Nothing in these messages may contain personal data, keys or
passphrases: they are shown on screen and may end up in a screenshot sent to the helpdesk.
"""

from __future__ import annotations

import errno
from typing import ClassVar

from inburgering_desktop.domain.text import N_


class StoreError(Exception):
    """Base class. `message` is the Dutch msgid shown to the user."""

    default_message: ClassVar[str] = N_(
        "Er ging iets mis bij het werken met de database. Uw laatste wijziging is niet opgeslagen."
    )

    def __init__(self, message: str | None = None) -> None:
        self.message: str = message or self.default_message
        super().__init__(self.message)


class WrongPassphraseError(StoreError):
    default_message = N_("Het wachtwoord klopt niet. Probeer het opnieuw; let op Caps Lock.")


class WrongRecoveryKeyError(StoreError):
    default_message = N_(
        "De herstelcode klopt niet. Controleer de tekens en probeer het opnieuw."
    )


# A checksum in the recovery key lets us tell a typo from a key of another database.
RECOVERY_KEY_TYPO = N_(
    "De herstelcode bevat een typefout of is onvolledig. Controleer de tekens en probeer het "
    "opnieuw."
)


class AlreadyOpenError(StoreError):
    default_message = N_(
        "Inburgering Desktop is al geopend met deze database (op deze computer of door een ander "
        "proces). Sluit het andere venster eerst."
    )


class DiskFullError(StoreError):
    default_message = N_(
        "De schijf is vol; uw wijziging is niet opgeslagen maar staat nog in het scherm. Maak "
        "ruimte vrij en sla opnieuw op."
    )


class DiskIOError(StoreError):
    """SQLite's "disk I/O error": a failing or removed disk, not necessarily a full one."""

    default_message = N_(
        "De database kon niet worden gelezen of geschreven (schijffout). Uw wijziging is niet "
        "opgeslagen maar staat nog in het scherm. Controleer de schijf of de verbinding en probeer "
        "het opnieuw."
    )


class KeyFileError(StoreError):
    """The key file beside the database is missing, damaged or belongs to another database."""

    default_message = N_(
        "Het sleutelbestand naast de database ontbreekt of is beschadigd. Zet het sleutelbestand "
        "terug uit een reservekopie of vraag uw beheerder om hulp."
    )


KEY_FILE_MISSING = N_(
    "Het sleutelbestand naast de database ontbreekt. Zonder dit bestand kan de database niet "
    "worden geopend. Zet het terug uit een reservekopie of vraag uw beheerder om hulp."
)
KEY_FILE_DAMAGED = N_(
    "Het sleutelbestand naast de database is beschadigd. Zet het terug uit een reservekopie of "
    "vraag uw beheerder om hulp."
)
KEY_FILE_MISMATCH = N_(
    "Het sleutelbestand hoort niet bij deze database, of de database is beschadigd. Zet het "
    "juiste sleutelbestand terug of vraag uw beheerder om hulp."
)
REKEY_INTERRUPTED = N_(
    "Het vervangen van de sleutel is onderbroken. Open de database met het nieuwe wachtwoord dat u "
    "toen hebt gekozen."
)


class DatabaseNotFoundError(StoreError):
    default_message = N_(
        "De database is niet gevonden. Controleer of de schijf of map bereikbaar is, of maak een "
        "nieuwe database aan."
    )


class DatabaseExistsError(StoreError):
    default_message = N_(
        "Op deze plek staat al een database. Open die, of kies een andere plek voor een nieuwe "
        "database."
    )


class DatabaseTooNewError(StoreError):
    default_message = N_(
        "Deze database is gemaakt met een nieuwere versie van Inburgering Desktop. Installeer die "
        "versie om de database te openen."
    )


# Primary SQLite result codes (the low byte of an extended code); see sqlite.org/rescode.html.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_IOERR = 10
_SQLITE_FULL = 13


def translate_operational_error(exc: BaseException) -> StoreError | None:
    """The StoreError a user should see for a driver (or disk) error, or None if it is none of
    ours.

    Accepts the DBAPI exception or SQLAlchemy's wrapper around it (`exc.orig`). Prefers the
    numeric SQLite code and falls back on the English message, which is stable across versions.
    """
    if isinstance(exc, StoreError):
        return exc
    # Writing a backup or key file ourselves: the OS reports a full disk as ENOSPC.
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DiskFullError()
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return DiskFullError()
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return DiskIOError()
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return AlreadyOpenError()
    return None
