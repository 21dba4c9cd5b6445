"""Amounts, dates, rates and years as they arrive in the workbooks (Belgian and English writing)."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_loaders.parsing import parse_amount, parse_date, parse_rate, parse_text, parse_year
from data_loaders.writer import belgian_amount

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.234.567,89", 1234567.89),
        ("1 234 567,89 €", 1234567.89),
        (f"1{NBSP}234{NBSP}567,89{NBSP}€", 1234567.89),
        (f"1{NNBSP}234{NNBSP}567,89 €", 1234567.89),
        ("€ 1.234.567,89", 1234567.89),
        ("€1,234,567.89", 1234567.89),
        ("1234567.89", 1234567.89),
        ("1234567,89", 1234567.89),
        ("EUR 1.000,00", 1000.0),
        ("1.234", 1234.0),  # one separator + three digits = thousands (amounts have no 3 decimals)
        ("1,234", 1234.0),
        ("1.234.567", 1234567.0),
        ("12,5", 12.5),
        ("0,125", 0.12),  # 0.125 rounded to the cent (round half to even on the float)
        ("-1.234,56", -1234.56),  # decommitment
        ("(1.234,56)", -1234.56),
        (" 42 ", 42.0),
        (1234.567, 1234.57),
        (600000, 600000.0),
    ],
)
def test_amounts_in_belgian_and_english_writing(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12,3,4",
        "1.2.3",
        "1.234,56,7",
        "abc",
        "600k",
        "12..5",
        "1,23.4",
        "€",
        "--5",
        "1.234.56",
        True,
        1e26,
        1e13,
        "10.000.000.000.000,00",
    ],
)  # >= 10^13 €: a typing error, not money
def test_unreadable_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("blank", [None, "", "   ", NBSP, float("nan")])
def test_blank_amount_is_none(blank):
    assert parse_amount(blank) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2023, 11, 30), date(2023, 11, 30)),
        (datetime(2023, 11, 30, 14, 5), date(2023, 11, 30)),
        ("2023-11-30", date(2023, 11, 30)),
        ("2023-11-30 00:00:00", date(2023, 11, 30)),
        ("2023-11-30T08:00:00", date(2023, 11, 30)),
        ("30/11/2023", date(2023, 11, 30)),
        ("1/2/2024", date(2024, 2, 1)),  # day first, as written in Belgium
        ("30.11.2023", date(2023, 11, 30)),
        ("30-11-2023", date(2023, 11, 30)),
        (45260, date(2023, 11, 30)),  # Excel day number: 30/12/1899 + 45260 days
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2023", "2023-13-01", "30/11/23", "next week", 45260.5, -3, "11/30/2023"])
def test_unreadable_dates_are_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.5, 0.5),
        ("50 %", 0.5),
        ("50%", 0.5),
        (f"50{NBSP}%", 0.5),
        ("0,5", 0.5),
        (50, 0.5),
        ("40", 0.4),
        ("12,5 %", 0.125),
        ("0,125", 0.125),
        (1, 1.0),
        ("100 %", 1.0),
    ],
)
def test_rates(value, expected):
    assert parse_rate(value) == expected


@pytest.mark.parametrize("value", [0, "0 %", "150 %", -0.4, "fifty", 101])
def test_unreadable_rates_are_refused(value):
    with pytest.raises(ValueError):
        parse_rate(value)


def test_years_and_text():
    assert parse_year(2024.0) == 2024 and parse_year("2024") == 2024 and parse_year(None) is None
    with pytest.raises(ValueError):
        parse_year(24)
    assert parse_text(1000.0) == "1000"  # a postcode typed as a number
    assert parse_text(1.1) == "1.1"  # an objective code typed as a number
    assert parse_text(f"  Parc{NBSP}du   Midi ") == "Parc du Midi"
    assert parse_text(None) == ""


cents = st.integers(min_value=-(10**12), max_value=10**12)


def _english(value: float) -> str:
    neg = value < 0
    whole, frac = divmod(round(abs(value) * 100), 100)
    return ("-" if neg else "") + f"{whole:,}.{frac:02d}"


@given(cents, st.sampled_from([" ", NBSP, NNBSP, "."]), st.sampled_from(["", " €", "€ ", f"{NBSP}€", "EUR "]))
def test_belgian_text_round_trips(c, thousands, currency):
    value = c / 100
    text = belgian_amount(value).replace(".", thousands)
    text = (currency + text) if currency.endswith(" ") else (text + currency)
    assert parse_amount(text) == value


@given(cents)
def test_english_text_round_trips(c):
    assert parse_amount(_english(c / 100)) == c / 100


@given(cents)
def test_plain_text_and_numbers_round_trip(c):
    value = c / 100
    assert parse_amount(str(Decimal(c) / 100)) == value
    assert parse_amount(value) == value


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)))
def test_date_text_round_trips(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%d/%m/%Y")) == d
    assert parse_date(d.strftime("%d.%m.%Y")) == d
    assert parse_date((d - date(1899, 12, 30)).days) == d


@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True), st.integers(), st.none(), st.booleans()))
def test_parsers_only_raise_value_error(value):
    for parse in (parse_amount, parse_date, parse_rate, parse_year):
        with contextlib.suppress(ValueError):
            parse(value)
