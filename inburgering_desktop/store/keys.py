"""The database key and the small key file that keeps it, wrapped twice.

The database is encrypted by SQLCipher with a random 256-bit key in raw form, so no KDF runs per
connection. That key is never stored in the clear: the key file beside the database holds it
encrypted (AES-256-GCM) twice,

* under a key derived from the user's passphrase with scrypt (cost parameters stored per file, so
  a later version can raise them and re-wrap on the next unlock), and
* under a key derived with HKDF-SHA256 from a random recovery key that the user is shown once,
  for the day the passphrase is forgotten.

Changing the passphrase re-wraps only; the database itself is untouched. A new database key
(`engine.rekey`) rewrites both wrappings. The AES-GCM associated data binds the file format, its
version and the purpose of the wrapping, so a wrapping cannot be moved to the other slot.

Key file (JSON, mode 0600, replaced atomically)::

    {"format": "inburgering-desktop-keyfile", "version": 1,
     "wraps": {"passphrase": {"kdf": "scrypt", "n": .., "r": .., "p": .., "salt": b64,
                              "nonce": b64, "ciphertext": b64},
               "recovery":   {"kdf": "hkdf-sha256", "salt": b64, "nonce": b64,
                              "ciphertext": b64}}}

Nothing here logs or prints keys, passphrases or recovery keys.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from inburgering_desktop.store.errors import (
    KEY_FILE_DAMAGED,
    KEY_FILE_MISSING,
    RECOVERY_KEY_TYPO,
    KeyFileError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from inburgering_desktop.store.paths import PRIVATE_FILE_MODE, fsync_dir

FORMAT = "inburgering-desktop-keyfile"
VERSION = 1
DB_KEY_BYTES = 32

# scrypt cost: measured on the development machine (Nov 2026, Python 3.11, cryptography 50) at
# ≈60 ms per derivation and 24 MiB of memory; n=2**15 with r=8 took ≈135 ms, over the start-up
# budget. r=6 buys more memory-hardness per millisecond than n=2**14, r=8 (≈53 ms, 16 MiB).
SCRYPT_N = 2**15
SCRYPT_R = 6
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12

# Recovery key: 26 random characters of the RFC 4648 base32 alphabet (130 bits: HKDF does no
# stretching, so the key itself must be beyond guessing) plus 2 check characters that catch typos,
# shown as 7 groups of 4.
RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
RECOVERY_RANDOM_CHARS = 26
RECOVERY_CHECK_CHARS = 2
RECOVERY_GROUP = 4
# Characters people write or read for a base32 letter that is not in the alphabet.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_SEPARATORS = str.maketrans("", "", " -_.\t\n\r\u00a0")

PURPOSE_PASSPHRASE = "passphrase"
PURPOSE_RECOVERY = "recovery"


@dataclass(frozen=True)
class ScryptParams:
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @property
    def cost(self) -> int:
        """Proportional to both time and memory of one derivation."""
        return self.n * self.r * self.p


def default_scrypt_params(scrypt_n: int | None = None) -> ScryptParams:
    """The parameters for new wrappings; `scrypt_n` lowers the cost for tests (power of two)."""
    return ScryptParams(n=scrypt_n) if scrypt_n is not None else ScryptParams()


# -- public API ---------------------------------------------------------------------------------


def create_key_file(
    path: Path, passphrase: str, *, scrypt_n: int | None = None
) -> tuple[bytes, str]:
    """Make a new random database key and write its key file; refuse to overwrite one.

    Returns (database key, recovery key to show the user once).
    """
    if path.exists():
        raise FileExistsError(path)
    db_key = secrets.token_bytes(DB_KEY_BYTES)
    recovery_key = rewrap(path, db_key, passphrase, scrypt_n=scrypt_n)
    return db_key, recovery_key


@dataclass(frozen=True, repr=False)
class DerivedAhead:
    """A passphrase's scrypt output for one key file's salt and parameters, computed before it
    is needed (app.py derives it while Qt loads). Used only if the key file still has that salt
    and those parameters; the passphrase itself is checked, as always, by the AES-GCM tag."""

    salt: bytes
    params: ScryptParams
    wrapping_key: bytes


def derive_ahead(path: Path, passphrase: str) -> DerivedAhead | None:
    """The scrypt derivation for `path`'s passphrase wrapping, or None if the file cannot be
    read (the real unlock then reports why)."""
    try:
        wrap = _read(path)["wraps"][PURPOSE_PASSPHRASE]
        salt, params = _b64(wrap, "salt"), _scrypt_params_of(wrap)
    except (KeyFileError, KeyError, TypeError):
        return None
    return DerivedAhead(salt, params, _derive_from_passphrase(passphrase, salt, params))


def unlock_with_passphrase(
    path: Path, passphrase: str, ahead: DerivedAhead | None = None
) -> bytes:
    """The database key, or WrongPassphraseError."""
    wrap = _read(path)["wraps"][PURPOSE_PASSPHRASE]
    params = _scrypt_params_of(wrap)
    salt = _b64(wrap, "salt")
    if ahead is not None and ahead.salt == salt and ahead.params == params:
        wrapping_key = ahead.wrapping_key
    else:
        wrapping_key = _derive_from_passphrase(passphrase, salt, params)
    try:
        return _unwrap(wrapping_key, wrap, PURPOSE_PASSPHRASE)
    except InvalidTag:
        raise WrongPassphraseError() from None


def unlock_with_recovery_key(path: Path, recovery_key: str) -> bytes:
    """The database key, or WrongRecoveryKeyError (with a typo message if the checksum fails)."""
    normalized = normalize_recovery_key(recovery_key)
    wrap = _read(path)["wraps"][PURPOSE_RECOVERY]
    wrapping_key = _derive_from_recovery_key(normalized, _b64(wrap, "salt"))
    try:
        return _unwrap(wrapping_key, wrap, PURPOSE_RECOVERY)
    except InvalidTag:
        raise WrongRecoveryKeyError() from None


def change_passphrase(
    path: Path, old_passphrase: str, new_passphrase: str, *, scrypt_n: int | None = None
) -> bytes:
    """Re-wrap under a new passphrase after checking the old one; the recovery wrapping and the
    database stay as they are. Returns the database key."""
    db_key = unlock_with_passphrase(path, old_passphrase)
    set_passphrase(path, db_key, new_passphrase, scrypt_n=scrypt_n)
    return db_key


def set_passphrase(
    path: Path, db_key: bytes, new_passphrase: str, *, scrypt_n: int | None = None
) -> None:
    """Re-wrap the passphrase slot for a database key the caller has already verified (after an
    unlock with the recovery key, or with stronger KDF parameters)."""
    data = _read(path)
    data["wraps"][PURPOSE_PASSPHRASE] = _wrap_passphrase(
        db_key, new_passphrase, default_scrypt_params(scrypt_n)
    )
    _write_atomic(path, data)


def replace_recovery_key(path: Path, db_key: bytes) -> str:
    """A new recovery key for a verified database key (the old sheet was lost); the old recovery
    key stops working. Returns the new recovery key."""
    data = _read(path)
    recovery_key = generate_recovery_key()
    data["wraps"][PURPOSE_RECOVERY] = _wrap_recovery(db_key, recovery_key)
    _write_atomic(path, data)
    return recovery_key


def rewrap(path: Path, db_key: bytes, passphrase: str, *, scrypt_n: int | None = None) -> str:
    """Write a complete key file for `db_key` (after a re-key): both wrappings new, a new
    recovery key, which is returned."""
    recovery_key = generate_recovery_key()
    data = {
        "format": FORMAT,
        "version": VERSION,
        "wraps": {
            PURPOSE_PASSPHRASE: _wrap_passphrase(
                db_key, passphrase, default_scrypt_params(scrypt_n)
            ),
            PURPOSE_RECOVERY: _wrap_recovery(db_key, recovery_key),
        },
    }
    _write_atomic(path, data)
    return recovery_key


def passphrase_params(path: Path) -> ScryptParams:
    """The scrypt parameters the passphrase wrapping was made with."""
    return _scrypt_params_of(_read(path)["wraps"][PURPOSE_PASSPHRASE])


def raw_key_pragma_value(db_key: bytes) -> str:
    """SQLCipher's raw-key literal `x'<64 hex>'`: used as is, no per-connection KDF."""
    if len(db_key) != DB_KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"x'{db_key.hex()}'"


# -- recovery key text ----------------------------------------------------------------------------


def generate_recovery_key() -> str:
    body = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_RANDOM_CHARS))
    return format_recovery_key(body + _recovery_check(body))


def format_recovery_key(normalized: str) -> str:
    """`ABCDEFGH...` -> `ABCD-EFGH-...`: groups of 4 are easy to read aloud and type."""
    return "-".join(
        normalized[i : i + RECOVERY_GROUP] for i in range(0, len(normalized), RECOVERY_GROUP)
    )


def normalize_recovery_key(text: str) -> str:
    """Upper-case, without separators, lookalike digits mapped; checked against its check
    characters. Raises WrongRecoveryKeyError with the typo message if it cannot be right."""
    cleaned = unicodedata.normalize("NFKC", text).translate(_SEPARATORS).upper()
    cleaned = cleaned.translate(_LOOKALIKES)
    length = RECOVERY_RANDOM_CHARS + RECOVERY_CHECK_CHARS
    if len(cleaned) != length or any(ch not in RECOVERY_ALPHABET for ch in cleaned):
        raise WrongRecoveryKeyError(RECOVERY_KEY_TYPO)
    body, check = cleaned[:RECOVERY_RANDOM_CHARS], cleaned[RECOVERY_RANDOM_CHARS:]
    if not secrets.compare_digest(check, _recovery_check(body)):
        raise WrongRecoveryKeyError(RECOVERY_KEY_TYPO)
    return cleaned


def _recovery_check(body: str) -> str:
    digest = hashlib.sha256(b"inburgering-recovery-check\x00" + body.encode("ascii")).digest()
    value = int.from_bytes(digest[:2], "big") >> (16 - 5 * RECOVERY_CHECK_CHARS)
    chars = []
    for _ in range(RECOVERY_CHECK_CHARS):
        chars.append(RECOVERY_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


# -- wrapping -------------------------------------------------------------------------------------


def _associated_data(purpose: str) -> bytes:
    return f"{FORMAT}/v{VERSION}/{purpose}".encode("ascii")


def _wrap(wrapping_key: bytes, db_key: bytes, purpose: str) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, db_key, _associated_data(purpose))
    return nonce, ciphertext


def _unwrap(wrapping_key: bytes, wrap: dict[str, Any], purpose: str) -> bytes:
    db_key = AESGCM(wrapping_key).decrypt(
        _b64(wrap, "nonce"), _b64(wrap, "ciphertext"), _associated_data(purpose)
    )
    if len(db_key) != DB_KEY_BYTES:
        raise KeyFileError(KEY_FILE_DAMAGED)
    return db_key


def _wrap_passphrase(db_key: bytes, passphrase: str, params: ScryptParams) -> dict[str, Any]:
    salt = secrets.token_bytes(SALT_BYTES)
    nonce, ciphertext = _wrap(
        _derive_from_passphrase(passphrase, salt, params), db_key, PURPOSE_PASSPHRASE
    )
    return {
        "kdf": "scrypt",
        "n": params.n,
        "r": params.r,
        "p": params.p,
        "salt": _enc(salt),
        "nonce": _enc(nonce),
        "ciphertext": _enc(ciphertext),
    }


def _wrap_recovery(db_key: bytes, recovery_key: str) -> dict[str, Any]:
    salt = secrets.token_bytes(SALT_BYTES)
    normalized = normalize_recovery_key(recovery_key)
    nonce, ciphertext = _wrap(_derive_from_recovery_key(normalized, salt), db_key, PURPOSE_RECOVERY)
    return {
        "kdf": "hkdf-sha256",
        "salt": _enc(salt),
        "nonce": _enc(nonce),
        "ciphertext": _enc(ciphertext),
    }


def _passphrase_bytes(passphrase: str) -> bytes:
    if not passphrase:
        raise ValueError("an empty passphrase protects nothing")
    # NFC: the same typed passphrase can arrive composed or decomposed ("é" vs "e"+U+0301)
    # depending on platform and input method; both must open the database.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive_from_passphrase(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return kdf.derive(_passphrase_bytes(passphrase))


def _derive_from_recovery_key(normalized: str, salt: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=salt,
        info=_associated_data(PURPOSE_RECOVERY),
    )
    return hkdf.derive(normalized.encode("ascii"))


def _scrypt_params_of(wrap: dict[str, Any]) -> ScryptParams:
    try:
        params = ScryptParams(n=int(wrap["n"]), r=int(wrap["r"]), p=int(wrap["p"]))
    except (KeyError, TypeError, ValueError):
        raise KeyFileError(KEY_FILE_DAMAGED) from None
    # A damaged or hostile file must not make us allocate gigabytes or spin for minutes.
    if (
        wrap.get("kdf") != "scrypt"
        or params.n < 2
        or params.n & (params.n - 1)
        or not 1 <= params.r <= 64
        or not 1 <= params.p <= 16
        or params.n * params.r * 128 > 1 << 30
    ):
        raise KeyFileError(KEY_FILE_DAMAGED)
    return params


# -- file -----------------------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(KEY_FILE_MISSING) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KeyFileError(KEY_FILE_DAMAGED) from None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("version") != VERSION
        or not isinstance(data.get("wraps"), dict)
        or not all(
            isinstance(data["wraps"].get(purpose), dict)
            for purpose in (PURPOSE_PASSPHRASE, PURPOSE_RECOVERY)
        )
    ):
        raise KeyFileError(KEY_FILE_DAMAGED)
    return data


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    """Temp file (0600 from birth) + fsync + rename + fsync of the folder: after a crash the key
    file is either the old or the new one, never half of each."""
    payload = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def _enc(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _b64(wrap: dict[str, Any], field: str) -> bytes:
    try:
        return base64.b64decode(wrap[field], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise KeyFileError(KEY_FILE_DAMAGED) from None
