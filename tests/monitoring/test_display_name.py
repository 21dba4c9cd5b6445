"""A project's name (or a call's title) in a language: the workbook's French or Dutch one, else the single name."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from monitoring.details import display_name


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Centre sportif Neerpede"), ("nl", "Sportcentrum Neerpede"), ("en", "Neerpede sports centre")],
)
def test_the_name_in_the_language_when_given(lang, expected):
    assert display_name("Neerpede sports centre", "Centre sportif Neerpede", "Sportcentrum Neerpede", lang) == expected


@pytest.mark.parametrize("missing", ["", "   ", None, math.nan, pd.NA])
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_an_empty_name_in_the_language_falls_back_to_the_single_name(missing, lang):
    assert display_name("Lab", missing, missing, lang) == "Lab"


def test_english_and_any_other_language_use_the_single_name():
    assert display_name("Lab", "Labo", "Labo NL", "en") == "Lab"
    assert display_name("Lab", "Labo", "Labo NL", "de") == "Lab"


def test_each_language_takes_its_own_column_only():
    assert display_name("Lab", "", "Laboratorium", "fr") == "Lab"
    assert display_name("Lab", "Laboratoire", "", "nl") == "Lab"


def test_no_name_at_all_is_empty():
    assert display_name("", "", "", "fr") == ""
    assert display_name(None, None, None, "en") == ""
