"""How strong a passphrase for the encrypted register is, and whether we accept it.

zxcvbn cannot be installed here, so this is a deliberately simple estimate and says so: it counts
the characters that add something (a repeat such as "aaa" or "abcabc", a run such as "abcd" or
"4321" and a notorious password add nothing), and rewards mixing kinds of characters. It is
advice for the consultant; the hard rules are only those in `check_acceptable`.
"""

from __future__ import annotations

from dataclasses import dataclass

from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError

# The shortest passphrase we accept. Security policy, not municipal policy: it protects every
# client in the register, so it is not a setting.
MIN_LENGTH = 12

# Effective length (characters that add something) needed for each score above 0. Every extra
# 4 effective characters is a step: a sentence of four or five ordinary words reaches the top.
_SCORE_THRESHOLDS = (8, MIN_LENGTH, 16, 20)
MAX_SCORE = len(_SCORE_THRESHOLDS)
# Mixing at least this many kinds (lower case, upper case, digits, other) is worth one step,
# but only from MIN_LENGTH effective characters on: "Aa1!" mixes well and is still short.
_CLASS_BONUS_MIN_CLASSES = 3
# Runs ("aaa", "abc", "321") count from their third character: "aa", "ab" and "st" occur in
# ordinary Dutch words ("maan", "abonnement", "straat") and should cost nothing.
_RUN_FREE_LENGTH = 2
# A repeated block ("abab", "jan123jan123") is found from 2 characters up to this length; a
# repeat of a longer block is rare, and the bound keeps a pasted novel from taking seconds.
_MIN_REPEAT_BLOCK = 2
_MAX_REPEAT_BLOCK = 32

# The passwords people try first, and ones this program's users would think of. Lower case.
_NOTORIOUS = (
    "wachtwoord",
    "password",
    "welkom",
    "geheim",
    "qwerty",
    "azerty",
    "letmein",
    "inburgering",
    "gemeente",
)

_LABELS = (
    N_("Zeer zwak"),
    N_("Zwak"),
    N_("Redelijk"),
    N_("Sterk"),
    N_("Zeer sterk"),
)

HINT_LONGER = N_("Maak de wachtzin langer: een zin van vier of meer woorden onthoudt u makkelijk.")
HINT_REPEAT = N_("Vermijd herhalingen zoals 'aaaa' of 'abcabc'.")
HINT_SEQUENCE = N_("Vermijd reeksen zoals 'abcd' of '1234'.")
HINT_NOTORIOUS = N_("Vermijd bekende wachtwoorden zoals 'wachtwoord' of 'welkom'.")
HINT_MIX = N_("Gebruik ook hoofdletters, cijfers of leestekens, of voeg woorden toe.")


@dataclass(frozen=True)
class PassphraseStrength:
    score: int  # 0 (zeer zwak) to 4 (zeer sterk)
    label: str  # msgid
    hints: tuple[str, ...]  # msgids


def _repeat_length(text: str, position: int) -> int:
    """Length of the longest block (of 2 or more characters) ending just before `position`
    that the text repeats from `position` on; 0 if none."""
    for size in range(min(position, _MAX_REPEAT_BLOCK), _MIN_REPEAT_BLOCK - 1, -1):
        if text[position - size : position] == text[position : position + size]:
            return size
    return 0


def _effective_length(text: str) -> tuple[int, bool, bool]:
    """Characters that add something, and whether repeats or sequences were found."""
    effective = 0
    found_repeat = found_sequence = False
    position = 0
    while position < len(text):
        repeat = _repeat_length(text, position)
        if repeat:
            found_repeat = True
            position += repeat
            continue
        if position >= _RUN_FREE_LENGTH:
            step = ord(text[position]) - ord(text[position - 1])
            previous = ord(text[position - 1]) - ord(text[position - 2])
            # "aaa" (step 0) and "abc"/"cba" (step 1) from their third character on.
            if abs(step) <= 1 and step == previous:
                if step == 0:
                    found_repeat = True
                else:
                    found_sequence = True
                position += 1
                continue
        effective += 1
        position += 1
    return effective, found_repeat, found_sequence


def _character_classes(text: str) -> int:
    lower = any(ch.islower() for ch in text)
    upper = any(ch.isupper() for ch in text)
    digit = any(ch.isdigit() for ch in text)
    other = any(not ch.isalnum() for ch in text)
    return sum((lower, upper, digit, other))


def strength(passphrase: str) -> PassphraseStrength:
    """Score a passphrase 0-4 with hints to improve it (msgids)."""
    folded = passphrase.casefold()
    effective, found_repeat, found_sequence = _effective_length(folded)
    notorious = [word for word in _NOTORIOUS if word in folded]
    # A notorious word is guessed as one unit: it adds one character's worth, not its length.
    for word in notorious:
        effective -= len(word) - 1
    effective = max(effective, 0)

    score = sum(1 for threshold in _SCORE_THRESHOLDS if effective >= threshold)
    classes = _character_classes(passphrase)
    if classes >= _CLASS_BONUS_MIN_CLASSES and effective >= MIN_LENGTH:
        score = min(score + 1, MAX_SCORE)

    hints: list[str] = []
    if score < MAX_SCORE:
        hints.append(HINT_LONGER)
    if found_repeat:
        hints.append(HINT_REPEAT)
    if found_sequence:
        hints.append(HINT_SEQUENCE)
    if notorious:
        hints.append(HINT_NOTORIOUS)
    if classes < _CLASS_BONUS_MIN_CLASSES and score < MAX_SCORE:
        hints.append(HINT_MIX)
    return PassphraseStrength(score, _LABELS[score], tuple(hints))


def check_acceptable(passphrase: str, repeated: str) -> None:
    """Raise unless the passphrase is long enough, not trivially weak, and typed twice the same."""
    if len(passphrase) < MIN_LENGTH:
        raise ValidationError(
            "passphrase",
            N_("De wachtzin moet minstens {min_length} tekens lang zijn."),
            {"min_length": MIN_LENGTH},
        )
    # Twelve characters of "aaaa..." or "123456789012" meet the length and protect nothing.
    if strength(passphrase).score == 0:
        raise ValidationError(
            "passphrase",
            N_("Deze wachtzin is te makkelijk te raden. Kies een langere zin met meer variatie."),
        )
    if passphrase != repeated:
        raise ValidationError("passphrase_repeat", N_("De twee wachtzinnen zijn niet gelijk."))
