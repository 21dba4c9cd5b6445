"""The one catalogue: every key in the three languages, used somewhere, and no user text outside it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import i18n
from i18n import catalogue as cat
from i18n import t

ROOT = Path(__file__).resolve().parents[2]
#: the code whose texts users read (tests, benchmarks and tools are not shown to users)
APP_CODE = [ROOT / "app.py", ROOT / "settings.py", *sorted(ROOT.glob(p) for p in ())]
PACKAGES = ("i18n", "monitoring", "data_loaders", "ui", "callbacks", "pages", "exports")
#: data, not UI text: the FR/NL/EN names accepted in workbooks and the demo workbooks' contents
DATA_MODULES = {"data_loaders/aliases.py", "data_loaders/demo.py"}


def _sources() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "settings.py"]
    for pkg in PACKAGES:
        files += sorted((ROOT / pkg).rglob("*.py"))
    return files


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (module, class, function)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _strings(path: Path) -> tuple[set[str], set[str]]:
    """The string constants of a module (not docstrings) and the constant heads of f-strings / "x." + y."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    constants, prefixes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            constants.add(node.value)
            if node.value.endswith(".") and " " not in node.value:  # a family kept in a name ("forecast.verdict.")
                prefixes.add(node.value)
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            prefixes.add(str(node.values[0].value))
            # the other literal pieces ("objective_label.{code}.full" -> "full") name members
            constants |= {str(v.value).strip(".") for v in node.values[1:] if isinstance(v, ast.Constant)}
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
        ):
            prefixes.add(node.left.value)
    return constants, prefixes


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_text_has_the_three_languages_and_the_same_placeholders():
    entries = i18n.entries()
    assert len(entries) > 100
    for key, entry in entries.items():
        assert set(entry.texts) == set(i18n.LANGS), f"{entry.file}: {key} lacks a language"
        for lang in i18n.LANGS:
            for form in entry.forms(lang):
                assert form.strip(), f"{entry.file}: {key}.{lang} is empty"
        fields = [set().union(*(_placeholders(f) for f in entry.forms(lang))) for lang in i18n.LANGS]
        assert fields[0] == fields[1] == fields[2], f"{entry.file}: {key} placeholders differ {fields}"


def test_plural_forms_follow_cldr():
    # French counts 0 and 1 as singular; Dutch and English only 1
    assert t("cli.errors", "fr", n=0) == "0 erreur"
    assert t("cli.errors", "fr", n=1) == "1 erreur"
    assert t("cli.errors", "fr", n=2) == "2 erreurs"
    assert t("cli.errors", "nl", n=0) == "0 fouten"
    assert t("cli.errors", "nl", n=1) == "1 fout"
    assert t("cli.errors", "en", n=1) == "1 error"
    assert t("cli.errors", "en", n=12) == "12 errors"
    assert t("cli.projects", "fr", n=1234) == "1\u202f234 projets"  # the count in the language's digits
    assert t("cli.projects", "nl", n=1234) == "1.234 projecten"


def test_a_plural_text_must_have_other_and_known_categories(tmp_path):
    (tmp_path / "x.toml").write_text('[k]\nfr = { one = "a" }\nnl = "b"\nen = "c"\n', encoding="utf-8")
    with pytest.raises(cat.CatalogueError, match="other"):
        cat.entries(tmp_path)


def test_a_key_is_defined_once(tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('[k]\nfr = "a"\nnl = "b"\nen = "c"\n', encoding="utf-8")
    with pytest.raises(cat.CatalogueError, match=r"already defined in a\.toml"):
        cat.entries(tmp_path)


def test_lookup_falls_back_visibly():
    assert t("committed", "nl") == "Vastgelegd"
    assert t("committed", "de") == t("committed", "fr")  # unknown language: the default (French)
    assert t("no-such-key", "en") == "no-such-key"
    assert i18n.texts("overview") == {"fr": "Vue d'ensemble", "nl": "Overzicht", "en": "Overview"}


def test_every_key_is_used():
    """A key is used when the code names it, or names its family ("stage." + x) and its member ("closed")."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in _sources():
        c, p = _strings(path)
        constants |= c
        prefixes |= p
    for js in sorted((ROOT / "assets").glob("*.js")):
        constants |= set(re.findall(r"[\"']([\w.\-]+)[\"']", js.read_text(encoding="utf-8")))
    unused = []
    for key in i18n.entries():
        if key in constants:
            continue
        member = key.rpartition(".")[2]
        if any(key.startswith(p) and p.endswith(".") for p in prefixes) and member in constants:
            continue
        unused.append(key)
    assert unused == []


#: words of French or Dutch prose; a string constant holding one is a user text outside the catalogue
PROSE_WORDS = {
    "le", "la", "les", "des", "du", "une", "est", "pour", "avec", "dans", "sur", "pas", "aucun", "aucune",
    "het", "een", "van", "voor", "met", "niet", "geen", "nog", "zijn", "wordt", "naar", "deze",
    "projet", "projets", "appel", "engagé", "liquidé", "dotation", "objectif",
    "vastgelegd", "vereffend", "toewijzing", "doelstelling", "oproep", "betaling", "werkmap", "blad",
}  # fmt: skip
ACCENTED = re.compile(r"[àâçéèêëîïôûùüÿœæ]", re.IGNORECASE)


def test_no_french_or_dutch_text_outside_the_catalogue():
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel in DATA_MODULES:
            continue
        constants, _ = _strings(path)
        for text in constants:
            words = set(re.findall(r"[^\W\d_]+", text.lower()))
            if ACCENTED.search(text) or words & PROSE_WORDS:
                found.append(f"{rel}: {text!r}")
    assert found == []
