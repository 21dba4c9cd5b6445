"""Check the catalogue against the glossary and the typography rules: ``python -m i18n.check``.

For a translator: prints every problem with the file and the key, and exits 1 if there is one.
The same checks run in the test suite (tests/i18n/test_glossary.py).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from i18n.catalogue import LANGS, Entry, entries

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.toml"
#: French: a no-break space (U+00A0 or U+202F) before these signs, and after «
_FR_SPACE_BEFORE = re.compile(r"[ \t]([:;%€»!?])")
_FR_SPACE_AFTER = re.compile(r"«[ \t]")
_FR_NO_SPACE_BEFORE = re.compile(r"[^\s\u00a0\u202f{}kM]([;%€»])")  # k€ and M€ are unit symbols
_FR_NO_SPACE_AFTER = re.compile(r"«[^\s\u00a0\u202f]")
#: Dutch quotes with “…”; no space before %
_NL_BAD_QUOTES = re.compile(r"[«»]|'\{[^}]+\}'")
_NO_SPACE_BEFORE_PERCENT = re.compile(r"[\s\u00a0\u202f]%")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”")
#: a plural written as a bracketed ending: "projet(s)", "dag(en)", "gebruiker(s)", "taux(x)", "mois(es)", "rij(en)"
_PLURAL_HACK = re.compile(r"\w\((s|es|e|en|n|x|ren|nen|eren)\)")
#: French inclusive writing with a middle dot ("ajouté·e", "modifié·e·s"): the catalogue writes neutral forms
_MIDDLE_DOT = re.compile(r"\w·\w")


@dataclass(frozen=True)
class Concept:
    name: str
    words: Mapping[str, tuple[re.Pattern[str], ...]]
    avoid: Mapping[str, tuple[re.Pattern[str], ...]]
    #: words refused only in the texts tagged with this concept (Dutch "regel" for a row, not for a rule)
    avoid_tagged: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)


@cache
def glossary(path: Path = GLOSSARY_FILE) -> dict[str, Concept]:
    """The glossary's concepts by name."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    out = {}
    for name, table in raw.items():
        words = {lang: tuple(re.compile(w, re.IGNORECASE) for w in table.get(lang, ())) for lang in LANGS}
        avoid, avoid_tagged = (
            {lang: tuple(re.compile(w, re.IGNORECASE) for w in table.get(kind, {}).get(lang, ())) for lang in LANGS}
            for kind in ("avoid", "avoid_tagged")
        )
        out[name] = Concept(name, words, avoid, avoid_tagged)
    return out


def _strip(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    """``text`` with every match of ``patterns`` (found on the original text) blanked out."""
    keep = list(text)
    for p in patterns:
        for m in p.finditer(text):
            keep[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(keep)


def problems(entry: Entry, concepts: Mapping[str, Concept] | None = None) -> list[str]:
    """What is wrong with one entry: glossary words, typography, plural forms."""
    concepts = glossary() if concepts is None else concepts
    where = f"{entry.file}: {entry.key}"
    out = []
    for name in entry.concepts:
        if name not in concepts:
            out.append(f"{where}: unknown concept {name!r}")
    tagged = [concepts[n] for n in entry.concepts if n in concepts]
    counts = any("{n}" in form for lang in LANGS for form in entry.forms(lang))
    for lang in LANGS:
        text = entry.texts.get(lang)
        if counts and not isinstance(text, Mapping):
            out.append(f"{where}.{lang}: counts {{n}} but gives no plural forms")
        for form in entry.forms(lang):
            for c in tagged:
                if c.words[lang] and not any(w.search(form) for w in c.words[lang]):
                    out.append(f"{where}.{lang}: names {c.name} without its word ({form!r})")
            # a quoted name (« Budget », “Budget”) is the workbook's, cited: not the app's word
            rest = _QUOTED.sub(" ", _strip(form, (w for c in tagged for w in c.words[lang])))
            for c in concepts.values():
                for bad in c.avoid[lang] + (c.avoid_tagged.get(lang, ()) if c in tagged else ()):
                    if bad.search(rest):
                        out.append(
                            f"{where}.{lang}: {bad.pattern!r} is not the glossary's word for {c.name} ({form!r})"
                        )
            if _PLURAL_HACK.search(form):
                out.append(f"{where}.{lang}: writes a plural as '(s)': give plural forms ({form!r})")
            if lang == "fr" and _MIDDLE_DOT.search(form):
                out.append(f"{where}.{lang}: inclusive writing with a middle dot: write a neutral form ({form!r})")
            out += [f"{where}.{lang}: {p} ({form!r})" for p in typography(form, lang)]
    return out


def typography(text: str, lang: str) -> list[str]:
    """French no-break spaces; Dutch quotes; no space before % in Dutch and English."""
    found = []
    if lang == "fr":
        if _FR_SPACE_BEFORE.search(text) or _FR_SPACE_AFTER.search(text):
            found.append("an ordinary space where French needs a no-break space")
        if _FR_NO_SPACE_BEFORE.search(text) or _FR_NO_SPACE_AFTER.search(text):
            found.append("no space where French needs a no-break space")
    else:
        if _NO_SPACE_BEFORE_PERCENT.search(text):
            found.append("a space before %")
        if lang == "nl" and _NL_BAD_QUOTES.search(text):
            found.append("quotes other than “…”")
    return found


def check(files: Iterable[str] | None = None) -> list[str]:
    """Every problem of the catalogue (or of the named catalogue files)."""
    wanted = set(files) if files is not None else None
    out = []
    for entry in entries().values():
        if wanted is None or entry.file in wanted:
            out += problems(entry)
    return out


def main() -> int:
    found = check()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) in {len(entries())} texts")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
