"""Formatting per language (CLDR via Babel): amounts, rates, dates, the colon."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

import i18n
from i18n import format_date, format_datetime, format_eur, format_eur_short, format_number, format_pct, labelled
from i18n.formatting import in_brussels

NBSP, NNBSP = "\xa0", "\u202f"


def test_euro_amounts_in_each_languages_own_format():
    # fr_BE: narrow no-break space between thousands, comma for decimals, € after
    assert format_eur(1234567.891, "fr") == f"1{NNBSP}234{NNBSP}567,89{NBSP}€"
    # nl_BE: € first, dots between thousands, comma for decimals
    assert format_eur(1234567.891, "nl") == f"€{NBSP}1.234.567,89"
    assert format_eur(1234567.891, "en") == "€1,234,567.89"
    assert format_eur(0.005, "en") == "€0.01"  # half-up to the cent (0.005 -> 0.01)
    assert format_eur(0.015, "fr") == f"0,02{NBSP}€"  # half-up again (half-even would give 0,02 too; 0.025 below)
    assert format_eur(0.025, "en") == "€0.03"  # half-even would give €0.02
    assert format_eur(190_000_000, "fr", decimals=0) == f"190{NNBSP}000{NNBSP}000{NBSP}€"


def test_short_amounts_and_rates():
    assert format_eur_short(4_200_000, "fr") == f"4,2{NBSP}M€"
    assert format_eur_short(4_200_000, "en") == "€4.2M"
    assert format_eur_short(4_200_000, "nl") == f"€{NBSP}4,2{NBSP}mln"  # Belgian Dutch writes millions so
    assert format_eur_short(-850_400, "nl") == f"€{NBSP}-850.000"  # thousands in full, rounded to the thousand
    assert format_eur_short(850_000, "fr") == f"850{NBSP}k€"
    assert format_pct(0.95, "fr") == f"95,0{NBSP}%"
    assert format_pct(0.9534, "nl") == "95,3%"
    assert format_pct(0.6, "en", 0) == "60%"
    assert format_number(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert format_number(1234567, "nl") == "1.234.567"


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_not_applicable_is_a_dash_never_nan(missing):
    for lang in i18n.LANGS:
        assert format_eur(missing, lang) == i18n.NA
        assert format_pct(missing, lang) == i18n.NA
        assert format_eur_short(missing, lang) == i18n.NA
    assert format_date(pd.NaT, "fr") == i18n.NA
    assert format_date(None, "nl") == i18n.NA


def test_dates_day_first_in_every_language():
    d = date(2023, 11, 30)
    assert format_date(d, "fr") == "30 nov. 2023"
    assert format_date(d, "nl") == "30 nov 2023"
    assert format_date(pd.Timestamp(d), "en") == "30 Nov 2023"  # en_IE: the EU's English, day first
    # a time with its zone: 24/11/2026 00:53 UTC is 01:53 in Brussels (winter, UTC+1)
    assert format_datetime(datetime(2026, 11, 24, 0, 53, tzinfo=UTC), "fr") == "24/11/2026 01:53"


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_one_time_zone_and_one_date_time_pattern_in_every_language(lang):
    """The footer said 17:36 (the server's UTC) where the history said 18:36 (Brussels), and French wrote
    "6/12/26" where Dutch wrote "6/12/2026, 17:36": one zone, Europe/Brussels, and "dd/MM/yyyy HH:mm"."""
    assert format_datetime(datetime(2026, 12, 6, 17, 36, tzinfo=UTC), lang) == "06/12/2026 18:36"  # UTC+1
    assert format_datetime(datetime(2026, 7, 6, 17, 36, tzinfo=UTC), lang) == "06/07/2026 19:36"  # summer, UTC+2
    # a time without a zone is the server's local time: converted the same way
    local = datetime(2026, 12, 6, 17, 36)
    assert format_datetime(local, lang) == format_datetime(local.astimezone(), lang)
    assert in_brussels(datetime(2026, 12, 6, 17, 36, tzinfo=UTC)) == datetime(2026, 12, 6, 18, 36)


def test_colon_follows_each_languages_typography():
    assert labelled("Source", "x", "fr") == f"Source{NBSP}: x"
    assert labelled("Bron", "x", "nl") == "Bron: x"
    assert labelled("Source", "x", "en") == "Source: x"


def test_unknown_language_falls_back_to_french():
    assert format_pct(0.5, "de") == format_pct(0.5, "fr")
    assert i18n.lang_or_default(None) == "fr" == i18n.DEFAULT_LANG


def test_docstring_examples_hold():
    import doctest
    import importlib

    results = [doctest.testmod(importlib.import_module(f"i18n.{name}")) for name in ("formatting", "catalogue")]
    assert sum(r.attempted for r in results) >= 6
    assert sum(r.failed for r in results) == 0
