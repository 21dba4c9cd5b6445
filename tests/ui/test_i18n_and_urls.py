"""Formatting per language (CLDR via Babel), the text table, and the URLs that reproduce a view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from monitoring import i18n
from monitoring.i18n import format_date, format_eur, format_eur_short, format_pct, t
from ui import urls

NBSP, NNBSP = "\xa0", "\u202f"


def test_euro_amounts_in_each_languages_own_format():
    # fr_BE: narrow no-break space between thousands, comma for decimals, € after
    assert format_eur(1234567.891, "fr") == f"1{NNBSP}234{NNBSP}567,89{NBSP}€"
    # nl_BE: € first, dots between thousands, comma for decimals
    assert format_eur(1234567.891, "nl") == f"€{NBSP}1.234.567,89"
    assert format_eur(1234567.891, "en") == "€1,234,567.89"
    assert format_eur(0.005, "en") == "€0.01"  # half-up to the cent (0.005 -> 0.01)
    assert format_eur(190_000_000, "fr", decimals=0) == f"190{NNBSP}000{NNBSP}000{NBSP}€"


def test_short_amounts_and_rates():
    assert format_eur_short(4_200_000, "fr") == f"4,2{NBSP}M€"
    assert format_eur_short(4_200_000, "en") == "€4.2M"
    assert format_eur_short(-850_000, "nl") == f"-850{NBSP}k€"
    assert format_pct(0.95, "fr") == f"95,0{NBSP}%"
    assert format_pct(0.9534, "nl") == "95,3%"
    assert format_pct(0.6, "en", 0) == "60%"


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_not_applicable_is_a_dash_never_nan(missing):
    for lang in i18n.LANGS:
        assert format_eur(missing, lang) == i18n.NA
        assert format_pct(missing, lang) == i18n.NA
    assert format_date(pd.NaT, "fr") == i18n.NA


def test_dates():
    d = date(2023, 11, 30)
    assert format_date(d, "fr") == "30 nov. 2023"
    assert format_date(d, "nl") == "30 nov 2023"
    assert format_date(pd.Timestamp(d), "en") == "Nov 30, 2023"


def test_every_text_has_the_three_languages_and_placeholders_match():
    import string

    for key, entry in i18n.TEXTS.items():
        assert set(entry) == {"fr", "nl", "en"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in i18n.LANGS]
        assert fields[0] == fields[1] == fields[2], key


def test_text_lookup_falls_back_visibly():
    assert t("committed", "nl") == "Vastgelegd"
    assert t("committed", "de") == "Engagé"  # unknown language: the default (French)
    assert t("no-such-key", "en") == "no-such-key"
    assert (
        t("not_found", "en", what="Call", key="X", programme="2021-2027")
        == "Call 'X' does not exist in programme 2021-2027."
    )


def test_urls_round_trip():
    path = urls.call_path("2021-2027", "2023/08 bis")
    assert path == "/programme/2021-2027/call/2023%2F08%20bis"
    href = urls.with_query(path, "nl", date(2023, 9, 30))
    assert href == path + "?lang=nl&as_of=2023-09-30"
    q = urls.parse_query(href.split("?")[1])
    assert q == {"lang": "nl", "as_of": "2023-09-30"}
    assert urls.parse_as_of("2023-02-30") is None  # not a date: the page shows the extract date
    assert urls.programme_from_path(path) == "2021-2027"
    assert urls.replace_programme("/programme/2021-2027/projects", "2014-2020") == "/programme/2014-2020/projects"
    assert urls.replace_programme("/programme/2021-2027/objective/2.1", "2014-2020") == "/programme/2014-2020"


def test_docstring_examples_hold():
    import doctest

    result = doctest.testmod(i18n)
    assert result.attempted >= 5 and result.failed == 0
