"""The catalogue speaks the glossary's words, with French and Dutch typography and real plural forms."""

from __future__ import annotations

import pytest

import i18n
from i18n.catalogue import Entry
from i18n.check import check, glossary, problems, typography

#: catalogue files whose texts have not been through the translator's review yet (emptied as they are)
PENDING_REVIEW: set[str] = set()


def test_every_reviewed_text_follows_the_glossary_and_the_typography():
    files = {e.file for e in i18n.entries().values()} - PENDING_REVIEW
    assert check(files) == []


def test_every_concept_named_in_the_catalogue_is_in_the_glossary():
    known = set(glossary())
    used = {c for e in i18n.entries().values() for c in e.concepts}
    assert used <= known
    assert {"allocation", "call_budget", "commitment", "payment", "forecast", "deadline", "tranche"} <= used


def _entry(fr, nl="x", en="x", concepts=()):
    return Entry("k", {"fr": fr, "nl": nl, "en": en}, "test.toml", tuple(concepts))


@pytest.mark.parametrize(
    "entry, found",
    [
        # the allocation is "dotation / toewijzing", never "budget" ...
        (_entry("Budget", "Toewijzing", "Allocation", ["allocation"]), "names allocation without its word"),
        (_entry("Dotation", "Budget", "Allocation", ["allocation"]), "is not the glossary's word for allocation"),
        # ... while a call's budget stays "budget", once the text says it is the call's
        (_entry("Budget de l'appel", "Budget van de projectoproep", "Call budget", ["call_budget"]), None),
        (_entry("Budget", "x", "x"), "is not the glossary's word for allocation"),  # untagged: still wrong
        # payments are "liquidation / vereffening"; "paiement" only inside "paiement intermédiaire"
        (_entry("Paiements", "Vereffeningen", "Payments", ["payment"]), "names payment without its word"),
        (_entry("Paiement intermédiaire", "Tussentijdse betaling", "Interim payment", ["interim"]), None),
        (_entry("Paiement intermédiaire", "Tussentijdse betaling", "Interim payment"), "not the glossary's word"),
        (_entry("x", "Prognose", "x"), "not the glossary's word for forecast"),
        (_entry("x", "Schijf", "x"), "not the glossary's word for tranche"),
        (_entry("x", "Termijn", "x"), "not the glossary's word for deadline"),
        (_entry("x", "Graad", "x"), "not the glossary's word for rate"),
        (_entry("x", "Vastleggingsgraad", "x"), None),  # the compound is the glossary's
        # typography and plurals
        (_entry("Source : x"), "ordinary space where French needs a no-break space"),
        (_entry("Source\u00a0: x"), None),
        (_entry("95 %"), "ordinary space"),
        (_entry("«\u00a0{key}\u00a0»"), None),
        (_entry("« {key} »"), "ordinary space"),
        (_entry("x", "'{key}' bestaat niet", "x"), "quotes other than “…”"),
        (_entry("x", "“{key}” bestaat niet", "x"), None),
        (_entry("x", "95 %", "x"), "a space before %"),
        (_entry("{n} jours"), "no plural forms"),
        (_entry("{n} avertissement(s)"), "plural"),
    ],
)
def test_the_checker_finds_what_a_translator_would_change(entry, found):
    msgs = problems(entry)
    if found is None:
        assert msgs == []
    else:
        assert any(found in m for m in msgs), msgs


def test_french_unit_symbols_k_and_m_euro_are_written_solid():
    assert typography("4,2\u00a0M€", "fr") == []
    assert typography("850\u00a0k€", "fr") == []
    assert typography("850€", "fr") != []  # but a number needs its no-break space before €


# --- the rules added after the translator's review of December 2026 ------------------------------------
def _said(entry: Entry) -> list[str]:
    return [p for p in problems(entry) if ".nl:" in p or ".fr:" in p]


@pytest.mark.parametrize(
    ("entry", "found"),
    [
        # Dutch "regel" is refused for an Excel row only: a rule may be a "Regel" (the N+3 rule column)
        (_entry("Ligne", "Regel 4", "Row", ["row"]), "is not the glossary's word for row"),
        (_entry("Ligne", "geen kopregel gevonden", "Row", ["row"]), "is not the glossary's word for row"),
        (_entry("Règle", "Regel", "Rule"), None),
        (_entry("Ligne 4", "Rij 4", "Row 4", ["row"]), None),
        # "graden" (degrees) is not the plural of a rate; a compound is
        (_entry("Montants et taux", "Bedragen en graden", "Amounts and rates"), "is not the glossary's word for rate"),
        (_entry("Taux", "Vereffeningsgraden", "Rates", ["rate"]), None),
        # an estimate is a "schatting", never a "raming" (the forecast's word); the forecast keeps "raming"
        (_entry("Estimation", "Raming", "Estimate", ["estimate"]), "is not the glossary's word for estimate"),
        (_entry("Estimation", "Schatting", "Estimate", ["estimate"]), None),
        (_entry("Prévision", "Raming", "Forecast", ["forecast"]), None),
        # the Commission settles a tranche at closure ("afgerekend"): "vereffend" is the authority's payment
        (_entry("soldée", "wordt vereffend", "settled", ["settlement"]), "is not the glossary's word for settlement"),
        (_entry("soldée", "wordt afgerekend", "settled", ["settlement"]), None),
        # one Dutch name for "Politique de la Ville"; a release of commitment is a "vrijmaking"
        (_entry("x", "het Stedenbeleid", "x"), "is not the glossary's word for urban_policy"),
        (_entry("désengagement", "vrijgave", "release", ["release"]), "is not the glossary's word for release"),
        # plurals written as a bracketed ending, in the forms the first checker missed
        (_entry("x", "{count} rij(en)", "x"), "writes a plural as '(s)'"),
        (_entry("mois(es)", "x", "x"), "writes a plural as '(s)'"),
        (_entry("x", "gebruiker(s)", "x"), "writes a plural as '(s)'"),
        (_entry("Subside (FEDER + Région)", "Subsidie (EFRO + Gewest)", "Grant (ERDF + region)"), None),
        (_entry("Tranche (N+3)", "Tranche (N+3)", "Tranche (N+3)"), None),
        # French inclusive writing with a middle dot; the footer's " · " separator is not one
        (_entry("{name} est ajouté·e", "x", "x"), "inclusive writing with a middle dot"),
        (_entry("Diapositive 1 sur 2 · Dia 1 van 2", "x", "x"), None),
    ],
)
def test_the_checker_rules_from_the_second_review(entry, found):
    said = _said(entry)
    if found is None:
        assert said == []
    else:
        assert [p for p in said if found in p], said


def test_the_glossary_has_the_reviews_additions():
    g = glossary()
    assert {"estimate", "urban_policy", "stage", "release", "settlement"} <= set(g)
    assert g["row"].avoid["nl"] == ()  # "regel" is no longer refused everywhere ...
    assert [p.pattern for p in g["row"].avoid_tagged["nl"]] == ["\\bregel\\b", "kopregel"]  # ... only for a row
