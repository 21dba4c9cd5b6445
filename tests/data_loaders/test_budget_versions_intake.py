"""Programme versions in the workbook: the optional Budget column "valid from" (FR "Valable à partir du",
NL "Geldig vanaf"); a code may then repeat with different dates. Real workbooks written by openpyxl.

The fixture (tests/data_loaders/conftest.py): Budget 1.1 1 000 000 (EU 400 000), 2.1 500 000 (EU 200 000),
as of 30/11/2023. Here 1.1 gets a second version from 01/07/2023:

| row | code | allocation | EU      | valid from |
| 2   | 1.1  | 1 000 000  | 400 000 | (empty)    |
| 3   | 2.1  |   500 000  | 200 000 | (empty)    |
| 4   | 1.1  | 1 200 000  | 480 000 | 01/07/2023 |
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from data_loaders import check_workbook, load_programme
from monitoring.figures import totals

from .conftest import fixture_rows


def _versioned(extra_date=date(2023, 7, 1)):
    prog, rows = fixture_rows()
    budget = rows["budget"]
    for row in budget:
        row["valid_from"] = None
    second = copy.deepcopy(budget[0])
    second.update(allocation=1_200_000.0, eu_amount=480_000.0, valid_from=extra_date)
    budget.append(second)
    return prog, rows


def _errors(path):
    data, issues = check_workbook(path, today=date(2026, 12, 6))
    return data, [i for i in issues if i.severity == "error"]


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_versions_load_and_a_past_date_uses_the_allocation_valid_then(make_workbook, lang):
    prog, rows = _versioned()
    data = load_programme(make_workbook(programme=prog, sheets=rows, lang=lang))
    assert data.has_budget_versions
    # 30/06/2023: 1.1 at 1 000 000 + 2.1 500 000 = 1 500 000; 30/11/2023: 1 200 000 + 500 000 = 1 700 000
    assert totals(data, date(2023, 6, 30))["allocation"] == 1_500_000
    assert totals(data)["allocation"] == 1_700_000
    assert totals(data, objective="1.1")["allocation_eu"] == 480_000
    assert totals(data, date(2023, 6, 30), objective="1.1")["allocation_eu"] == 400_000


def test_the_headers_in_three_languages(make_workbook):
    from data_loaders import aliases

    names = {lang: aliases.header_name("budget", "valid_from", lang) for lang in ("en", "fr", "nl")}
    assert names == {"en": "Valid from", "fr": "Valable à partir du", "nl": "Geldig vanaf"}


def test_without_the_column_a_repeated_code_stays_a_duplicate_id(make_workbook):
    prog, rows = _versioned()
    for row in rows["budget"]:
        del row["valid_from"]
    data, errors = _errors(make_workbook(programme=prog, sheets=rows))
    assert data is None
    assert [(e.code, e.row, e.value) for e in errors] == [("duplicate-id", 4, "1.1")]


def test_the_same_code_and_date_twice_is_refused_where_it_is(make_workbook):
    prog, rows = _versioned(extra_date=None)  # two versions of 1.1 "from the start"
    data, errors = _errors(make_workbook(programme=prog, sheets=rows))
    assert data is None
    (e,) = errors
    assert (e.code, e.sheet, e.row, e.value) == ("duplicate-version", "Budget", 4, "1.1")
    assert e.column.startswith("Valid from (")
    msg = e.message("en")
    assert "valid from – already appears on row 2" in msg and "Valid from" in msg
    prog, rows = _versioned(extra_date=date(2023, 7, 1))
    rows["budget"].append({**rows["budget"][-1], "allocation": 1_300_000.0})  # 01/07/2023 again, row 5
    data, errors = _errors(make_workbook(programme=prog, sheets=rows))
    assert [(e.code, e.row, e.params["date"], e.params["first_row"]) for e in errors] == [
        ("duplicate-version", 5, "01/07/2023", 4)
    ]
    assert "valable à partir du 01/07/2023 figure déjà à la ligne 4" in errors[0].message("fr")


def test_an_unreadable_date_is_refused_where_it_is(make_workbook):
    prog, rows = _versioned(extra_date="next summer")
    data, errors = _errors(make_workbook(programme=prog, sheets=rows))
    assert data is None
    assert [(e.code, e.sheet, e.row, e.value) for e in errors] == [("bad-date", "Budget", 4, "next summer")]
