from __future__ import annotations

import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from inburgering_desktop.store import keys
from inburgering_desktop.store.errors import (
    KEY_FILE_DAMAGED,
    KEY_FILE_MISSING,
    RECOVERY_KEY_TYPO,
    KeyFileError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)

FAST = 16
PASSPHRASE = "Zwaantje-proef-wachtwoord"


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "inburgering.db.keys"


def test_create_and_unlock_with_either_secret(key_path: Path) -> None:
    db_key, recovery_key = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    assert len(db_key) == 32
    assert keys.unlock_with_passphrase(key_path, PASSPHRASE) == db_key
    assert keys.unlock_with_recovery_key(key_path, recovery_key) == db_key


def test_key_file_holds_no_key_in_the_clear_and_is_private(key_path: Path) -> None:
    db_key, recovery_key = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    raw = key_path.read_bytes()
    for secret in (db_key, db_key.hex().encode(), PASSPHRASE.encode(), recovery_key.encode()):
        assert secret not in raw
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    data = json.loads(raw)
    assert data["version"] == keys.VERSION
    assert data["wraps"]["passphrase"]["n"] == FAST
    # No temp files left behind by the atomic write.
    assert sorted(p.name for p in key_path.parent.iterdir()) == [key_path.name]


def test_create_refuses_to_overwrite(key_path: Path) -> None:
    keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    with pytest.raises(FileExistsError):
        keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)


def test_wrong_passphrase(key_path: Path) -> None:
    keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    with pytest.raises(WrongPassphraseError) as info:
        keys.unlock_with_passphrase(key_path, PASSPHRASE.upper())
    assert "Caps Lock" in info.value.message


def test_passphrase_is_unicode_normalised(key_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "Zwaantje-café-wachtwoord")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    db_key, _ = keys.create_key_file(key_path, composed, scrypt_n=FAST)
    assert keys.unlock_with_passphrase(key_path, decomposed) == db_key


def test_empty_passphrase_refused(key_path: Path) -> None:
    with pytest.raises(ValueError):
        keys.create_key_file(key_path, "", scrypt_n=FAST)


def test_change_passphrase_rewraps_only(key_path: Path) -> None:
    db_key, recovery_key = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    before = json.loads(key_path.read_bytes())
    keys.change_passphrase(key_path, PASSPHRASE, "Nieuw-proef-wachtwoord", scrypt_n=FAST)
    after = json.loads(key_path.read_bytes())
    assert after["wraps"]["recovery"] == before["wraps"]["recovery"]
    assert keys.unlock_with_passphrase(key_path, "Nieuw-proef-wachtwoord") == db_key
    assert keys.unlock_with_recovery_key(key_path, recovery_key) == db_key
    with pytest.raises(WrongPassphraseError):
        keys.unlock_with_passphrase(key_path, PASSPHRASE)


def test_change_passphrase_checks_the_old_one(key_path: Path) -> None:
    keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    with pytest.raises(WrongPassphraseError):
        keys.change_passphrase(key_path, "fout", "Nieuw-proef-wachtwoord", scrypt_n=FAST)
    keys.unlock_with_passphrase(key_path, PASSPHRASE)


def test_rewrap_makes_new_recovery_key(key_path: Path) -> None:
    _, old_recovery = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    new_db_key = os.urandom(32)
    new_recovery = keys.rewrap(key_path, new_db_key, "Nieuw-proef-wachtwoord", scrypt_n=FAST)
    assert new_recovery != old_recovery
    assert keys.unlock_with_recovery_key(key_path, new_recovery) == new_db_key
    assert keys.unlock_with_passphrase(key_path, "Nieuw-proef-wachtwoord") == new_db_key
    with pytest.raises(WrongRecoveryKeyError):
        keys.unlock_with_recovery_key(key_path, old_recovery)


def test_replace_recovery_key(key_path: Path) -> None:
    db_key, old_recovery = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    new_recovery = keys.replace_recovery_key(key_path, db_key)
    assert keys.unlock_with_recovery_key(key_path, new_recovery) == db_key
    with pytest.raises(WrongRecoveryKeyError):
        keys.unlock_with_recovery_key(key_path, old_recovery)
    assert keys.unlock_with_passphrase(key_path, PASSPHRASE) == db_key


def test_associated_data_binds_purpose_and_version(key_path: Path) -> None:
    """A wrapping decrypts only as what it was made for: with the right wrapping key but the
    other slot's (or another version's) associated data, the GCM tag check fails."""
    db_key, _ = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    wrap = json.loads(key_path.read_bytes())["wraps"]["passphrase"]
    wrapping_key = keys._derive_from_passphrase(
        PASSPHRASE, keys._b64(wrap, "salt"), keys._scrypt_params_of(wrap)
    )
    assert keys._unwrap(wrapping_key, wrap, keys.PURPOSE_PASSPHRASE) == db_key
    with pytest.raises(InvalidTag):
        keys._unwrap(wrapping_key, wrap, keys.PURPOSE_RECOVERY)
    aesgcm = AESGCM(wrapping_key)
    with pytest.raises(InvalidTag):
        aesgcm.decrypt(
            keys._b64(wrap, "nonce"),
            keys._b64(wrap, "ciphertext"),
            f"{keys.FORMAT}/v{keys.VERSION + 1}/{keys.PURPOSE_PASSPHRASE}".encode(),
        )


def test_recovery_key_format_and_tolerant_input(key_path: Path) -> None:
    db_key, recovery_key = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    groups = recovery_key.split("-")
    assert [len(g) for g in groups] == [4] * 7
    assert all(ch in keys.RECOVERY_ALPHABET for ch in "".join(groups))
    sloppy = " " + recovery_key.lower().replace("-", " ") + "\n"
    assert keys.unlock_with_recovery_key(key_path, sloppy) == db_key
    assert keys.unlock_with_recovery_key(key_path, recovery_key.replace("-", "")) == db_key


def test_recovery_key_lookalike_digits_accepted() -> None:
    body = "O" * 10 + "I" * 10 + "B" * 6
    key = keys.format_recovery_key(body + keys._recovery_check(body))
    typed = key.replace("O", "0").replace("I", "1").replace("B", "8")
    assert keys.normalize_recovery_key(typed) == body + keys._recovery_check(body)


def test_recovery_key_typo_is_reported_as_typo(key_path: Path) -> None:
    _, recovery_key = keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    first = recovery_key[0]
    typo = ("A" if first != "A" else "B") + recovery_key[1:]
    with pytest.raises(WrongRecoveryKeyError) as info:
        keys.unlock_with_recovery_key(key_path, typo)
    # One character changed: the check characters catch it (10 bits: 1 in 1024 slips through).
    assert info.value.message in (RECOVERY_KEY_TYPO, WrongRecoveryKeyError.default_message)
    with pytest.raises(WrongRecoveryKeyError) as info:
        keys.unlock_with_recovery_key(key_path, recovery_key[:-2])
    assert info.value.message == RECOVERY_KEY_TYPO


def test_recovery_key_of_another_database(key_path: Path, tmp_path: Path) -> None:
    keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    _, other = keys.create_key_file(tmp_path / "other.keys", PASSPHRASE, scrypt_n=FAST)
    with pytest.raises(WrongRecoveryKeyError) as info:
        keys.unlock_with_recovery_key(key_path, other)
    assert info.value.message == WrongRecoveryKeyError.default_message


def test_missing_key_file(key_path: Path) -> None:
    with pytest.raises(KeyFileError) as info:
        keys.unlock_with_passphrase(key_path, PASSPHRASE)
    assert info.value.message == KEY_FILE_MISSING


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: b"not json",
        lambda d: b"\xff\xfe",
        lambda d: json.dumps({**d, "version": 99}).encode(),
        lambda d: json.dumps({**d, "wraps": {}}).encode(),
        lambda d: json.dumps(
            {**d, "wraps": {**d["wraps"], "passphrase": {**d["wraps"]["passphrase"], "n": 2**40}}}
        ).encode(),
        lambda d: json.dumps(
            {**d, "wraps": {**d["wraps"], "passphrase": {**d["wraps"]["passphrase"], "salt": "!"}}}
        ).encode(),
    ],
)
def test_damaged_key_file(key_path: Path, damage) -> None:
    keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    key_path.write_bytes(damage(json.loads(key_path.read_bytes())))
    with pytest.raises(KeyFileError) as info:
        keys.unlock_with_passphrase(key_path, PASSPHRASE)
    assert info.value.message == KEY_FILE_DAMAGED


def test_tampered_ciphertext_is_refused(key_path: Path) -> None:
    keys.create_key_file(key_path, PASSPHRASE, scrypt_n=FAST)
    data = json.loads(key_path.read_bytes())
    wrap = data["wraps"]["passphrase"]
    raw = bytearray(keys._b64(wrap, "ciphertext"))
    raw[0] ^= 1
    wrap["ciphertext"] = keys._enc(bytes(raw))
    key_path.write_text(json.dumps(data))
    with pytest.raises(WrongPassphraseError):
        keys.unlock_with_passphrase(key_path, PASSPHRASE)


def test_default_parameters_are_stored(key_path: Path) -> None:
    keys.create_key_file(key_path, PASSPHRASE)
    assert keys.passphrase_params(key_path) == keys.ScryptParams(
        n=keys.SCRYPT_N, r=keys.SCRYPT_R, p=keys.SCRYPT_P
    )


def test_raw_key_literal() -> None:
    assert keys.raw_key_pragma_value(bytes(range(32))) == "x'" + bytes(range(32)).hex() + "'"
    with pytest.raises(ValueError):
        keys.raw_key_pragma_value(b"short")
