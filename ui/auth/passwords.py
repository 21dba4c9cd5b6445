"""The password rules (OWASP ASVS 2.1.1 and 2.1.7): at least 12 characters, at most 1024, and not a common one.

A password is refused when, written in lower case:

* it is in ``common-passwords.txt`` (shipped with the app), or is one of those with digits or signs before or
  after it (``Password2024!``, ``2024welkom``), or written with look-alike signs (``p@ssw0rd``);
* it repeats one short piece (``aaaaaaaaaaaa``, ``abcabcabcabc``) or has fewer than 5 different characters;
* it is a run of a keyboard row, the alphabet or the digits (``qwertyuiopas``, ``abcdefghijkl``);
* taking away the listed words of 4 letters or more (among them the app's own words, the file's last section:
  ``feder``, ``efro``, ``dashboard``...), the user's name and every digit and sign leaves fewer than 4 letters
  (``Feder-Brussel-2027``, ``welkom.zomer.2024``, ``ada.monitoring.99``).

Each refusal is a catalogue key (the page says it in the user's language).

>>> password_problem("password1234", "ada")
'users.error.common'
>>> password_problem("een lange zin met woorden", "ada") is None
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
LIST_FILE = Path(__file__).with_name("common-passwords.txt")
_APP_SECTION = "# --- the app's own words"
_LOOK_ALIKE = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s",
                             "7": "t", "+": "t", "8": "b", "9": "g", "€": "e", "|": "l"})  # fmt: skip
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "qwertzuiopasdfghjklyxcvbnm",
    "01234567890123456789",
)


@cache
def word_lists() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(every word of the list, the app's own words (the last section); words of 4 letters or more, longest first)."""
    common: set[str] = set()
    app: list[str] = []
    long_words: list[str] = []
    in_app = False
    for line in LIST_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith(_APP_SECTION):
            in_app = True
        word = line.strip().lower()
        if not word or word.startswith("#"):
            continue
        common.add(word)
        if in_app:
            app.append(word)
        if len(word) >= 4 and word.isalpha():
            long_words.append(word)
    return frozenset(common), tuple(app), tuple(sorted(set(long_words), key=len, reverse=True))


def _core(text: str) -> str:
    """``text`` without the digits and signs before and after its letters."""
    start, end = 0, len(text)
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha():
        end -= 1
    return text[start:end]


def _repeats(text: str) -> bool:
    """True if ``text`` is one piece written again and again (``abab...``)."""
    n = len(text)
    return any(n % size == 0 and text == text[:size] * (n // size) for size in range(1, n // 2 + 1))


def _letters_left(text: str, words: tuple[str, ...]) -> int:
    for word in words:
        text = text.replace(word, "")
    return sum(c.isalpha() for c in text)


def password_problem(password: str, name: str = "") -> str | None:
    """The catalogue key of the reason ``password`` is refused for the user ``name``, or None if it may be used."""
    if len(password) < MIN_PASSWORD:
        return "users.error.password"
    if len(password) > MAX_PASSWORD:
        return "users.error.password_long"
    common, _app, long_words = word_lists()
    low = password.lower()
    squeezed = "".join(low.split())
    candidates = {low, squeezed, _core(low), _core(squeezed), _core(low.translate(_LOOK_ALIKE)),
                  squeezed.translate(_LOOK_ALIKE)}  # fmt: skip
    if candidates & common:
        return "users.error.common"
    if len(set(low)) < 5 or _repeats(squeezed):
        return "users.error.common"
    if any(squeezed in run or squeezed in run[::-1] for run in _RUNS):
        return "users.error.common"
    own = name.strip().lower()
    words = tuple(sorted({*long_words, *([own] if len(own) >= 3 else [])}, key=len, reverse=True))
    if _letters_left(low, words) < 4 or _letters_left(low.translate(_LOOK_ALIKE), words) < 4:
        return "users.error.common"
    return None
