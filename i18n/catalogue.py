"""The one translation catalogue: every text a user reads, in French, Dutch and English.

The texts live in TOML files in ``i18n/catalogue/`` (one file per part of the product: ``app``
for the dashboard, ``figures`` for the words of the monitoring core, ``intake`` for the workbook
checks, ``cli`` for the command line). Together they form one table: a key is defined once, in
one file, and every text has the three languages. TOML was chosen over gettext catalogues
because a Brussels translator works on French and Dutch side by side: one file shows the three
versions of a text together, with a note and the glossary concepts it names, and needs no
compilation step; plural forms still follow CLDR's rules through Babel.

An entry is a table with ``fr``, ``nl`` and ``en``; each is a string, or a table of CLDR plural
categories (``one``, ``other``, ...) for a text that counts something: the count is the
placeholder ``{n}``. ``concepts`` (optional) lists the glossary concepts the text names and
``note`` (optional) is a hint for the translator.

>>> t("overview", "nl")
'Overzicht'
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale

LANGS = ("fr", "nl", "en")
#: the language of the dashboard when neither the URL nor the browser names one
DEFAULT_LANG = "fr"
#: Babel / CLDR locale of each language
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_IE"}
#: the same locales as BCP 47 tags, for the browser (Intl, AG Grid formatters)
BROWSER_LOCALES = {"fr": "fr-BE", "nl": "nl-BE", "en": "en-IE"}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"

_log = logging.getLogger(__name__)

Text = str | Mapping[str, str]


@dataclass(frozen=True)
class Entry:
    """One text of the catalogue in every language."""

    key: str
    texts: Mapping[str, Text]  # lang -> text, or lang -> {plural category: text}
    file: str  # catalogue file it is defined in
    concepts: tuple[str, ...] = ()
    note: str = ""

    def forms(self, lang: str) -> list[str]:
        """Every form of the text in ``lang`` (one, or one per plural category)."""
        text = self.texts.get(lang, "")
        return list(text.values()) if isinstance(text, Mapping) else [text]


class CatalogueError(ValueError):
    """A catalogue file is malformed (the message names the file and the key)."""


def lang_or_default(lang: str | None) -> str:
    """``lang`` if it is one of LANGS, else the default language."""
    return lang if lang in LANGS else DEFAULT_LANG


def _entries(table: Mapping[str, Any], prefix: str, file: str) -> Iterator[Entry]:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if not isinstance(value, Mapping):
            raise CatalogueError(f"{file}: '{key}' is not a table")
        if any(lang in value for lang in LANGS):
            unknown = set(value) - {*LANGS, "concepts", "note"}
            if unknown:
                raise CatalogueError(f"{file}: '{key}' has unknown fields {sorted(unknown)}")
            texts: dict[str, Text] = {}
            for lang in LANGS:
                text = value.get(lang)
                if isinstance(text, Mapping):
                    if not set(text) <= set(PLURAL_CATEGORIES) or "other" not in text:
                        raise CatalogueError(f"{file}: '{key}'.{lang} must give CLDR plural forms with 'other'")
                    texts[lang] = dict(text)
                elif isinstance(text, str):
                    texts[lang] = text
            yield Entry(key, texts, file, tuple(value.get("concepts", ())), str(value.get("note", "")))
        else:
            yield from _entries(value, f"{key}.", file)


@cache
def entries(folder: Path = CATALOGUE_DIR) -> dict[str, Entry]:
    """Every entry of the catalogue files in ``folder``, by key (a key defined twice is an error)."""
    out: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.toml")):
        with open(path, "rb") as fh:
            try:
                raw = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise CatalogueError(f"{path.name}: not valid TOML ({exc})") from exc
        for entry in _entries(raw, "", path.name):
            if entry.key in out:
                raise CatalogueError(f"{path.name}: '{entry.key}' is already defined in {out[entry.key].file}")
            out[entry.key] = entry
    return out


def has(key: str) -> bool:
    """True if ``key`` is in the catalogue."""
    return key in entries()


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def plural_category(n: float, lang: str) -> str:
    """The CLDR plural category of ``n`` in ``lang``: fr 0 and 1 -> "one"; nl and en only 1 -> "one"."""
    return str(_locale(lang_or_default(lang)).plural_form(abs(n)))


def _number(n: int | float, lang: str) -> str:
    from i18n.formatting import format_number

    return format_number(n, lang, 0 if float(n).is_integer() else 1)


def t(key: str, lang: str | None, /, **kw: Any) -> str:
    """The text ``key`` in ``lang``, with its ``{placeholders}`` filled from ``kw``.

    A plural text picks its form by the count ``n`` (written with the language's digits). A key
    missing from the catalogue is logged and shown as itself: the page stays up and the gap is
    visible (the catalogue tests fail on it long before a user sees it).
    """
    lang = lang_or_default(lang)
    entry = entries().get(key)
    if entry is None:
        _log.error("text %r is not in the catalogue", key)
        return key
    text = entry.texts.get(lang) or entry.texts.get("en") or key
    if isinstance(text, Mapping):
        n = kw.get("n")
        category = plural_category(n, lang) if isinstance(n, int | float) else "other"
        text = text.get(category) or text["other"]
    if "n" in kw and isinstance(kw["n"], int | float) and not isinstance(kw["n"], bool):
        kw = {**kw, "n": _number(kw["n"], lang)}
    return text.format(**kw) if kw else text


def texts(key: str, **kw: Any) -> dict[str, str]:
    """The text ``key`` in every language: {"fr": ..., "nl": ..., "en": ...}."""
    return {lang: t(key, lang, **kw) for lang in LANGS}
