"""The reader types whole columns at once (issue 22): every refused cell is still located to its sheet, Excel
row, column and value when it sits in the middle of a long column, and what is accepted is exactly what was
written.

The long workbook: the fixture (conftest.py) with 8 097 more projects and 10 000 payment lines.
- Projects: P1, P2, P3 on Excel rows 2-4, then one project per row from row 5 to row 8101, the project on
  Excel row r named "G0r" on 5 digits (row 7999: "G07999"), objective 1.1, call C1, EU 10 € + regional 15 €.
- Payments: 10 000 lines of P1 on Excel rows 2-10001, the line on Excel row r (i = r - 2) dated
  1 January 2023 + (i mod 1000) days, of 1 € + (i div 1000) cents, kind "interim": no two lines alike.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from data_loaders import check_workbook
from data_loaders.limits import DEFAULT_LIMITS
from data_loaders.loader import CellError, _parse_column, _plain_texts, _round_cents, converter, parse_table
from data_loaders.reader import Table
from monitoring.model import coerce_frame

from .conftest import fixture_rows

PROJECT_ROWS = range(5, 8102)  # the generated projects' Excel rows: 8 101 - 5 + 1 = 8 097 projects
PAYMENT_LINES = 10_000


def long_sheets() -> tuple[dict, dict]:
    programme, sheets = fixture_rows()
    for r in PROJECT_ROWS:
        sheets["projects"].append(
            {
                "project_id": f"G{r:05d}",
                "name": f"Project {r}",
                "beneficiary": "Commune",
                "objective_code": "1.1",
                "call_id": "C1",
                "stage": "ongoing",
                "selection_date": date(2023, 6, 1),
                "agreement_date": date(2023, 7, 1),
                "start_date": date(2023, 7, 1),
                "end_date": date(2026, 12, 31),
                "total_cost": 25.0,
                "eu_amount": 10.0,
                "regional_amount": 15.0,
                "postcode": "1000",
            }
        )
    sheets["payments"] = [
        {
            "project_id": "P1",
            "date": date(2023, 1, 1) + timedelta(days=i % 1000),
            "amount": 1.0 + (i // 1000) / 100,
            "kind": "interim",
        }
        for i in range(PAYMENT_LINES)
    ]
    return programme, sheets


@pytest.fixture(scope="module")
def long_workbook(tmp_path_factory):
    """``make(edit)`` writes the long workbook (openpyxl) after ``edit(sheets)`` changed its rows: the line on
    Excel row r of a sheet is ``sheets[kind][r - 2]``."""
    from data_loaders.writer import write_workbook

    folder = tmp_path_factory.mktemp("long")
    counter = iter(range(100))

    def make(edit=None):
        programme, sheets = long_sheets()
        if edit is not None:
            edit(sheets)
        return write_workbook(folder / f"long-{next(counter)}.xlsx", programme, sheets)

    return make


def located(issues):
    return [(i.severity, i.code, i.sheet, i.row, i.column, i.value) for i in issues]


def test_the_long_workbook_loads_exactly_as_written(long_workbook):
    data, issues = check_workbook(long_workbook(), today=date(2026, 12, 6))
    assert data is not None, located(issues)
    assert issues == []
    _, sheets = long_sheets()
    # every line as written, typed by the model's own schema: 3 + 8 097 = 8 100 projects, 10 000 payments
    for kind in ("commitments", "payments", "forecasts"):
        expected = coerce_frame(kind, pd.DataFrame(sheets[kind]))
        pdt.assert_frame_equal(getattr(data, kind), expected, check_exact=True)
    projects = pd.DataFrame(sheets["projects"]).assign(name_fr="", name_nl="")
    pdt.assert_frame_equal(data.projects, coerce_frame("projects", projects), check_exact=True)
    assert len(data.projects) == 3 + 8_097
    # the payments add up: 1 000 lines of each of 1,00 € ... 1,09 €: 10 000 + 1 000 x (0+1+...+9) cents = 10 450 €
    assert round(float(data.payments["amount"].sum()), 2) == 10_450.0


def test_bad_cells_in_the_middle_of_long_columns_are_located(long_workbook):
    def edit(sheets):
        payments = sheets["payments"]
        payments[8000 - 2]["amount"] = "douze"  # a text in an amount column (C8000)
        payments[8001 - 2]["date"] = "31/02/2023"  # no such day (B8001)
        payments[8003 - 2]["project_id"] = "NOPE"  # a project that is not in Projects (A8003)
        payments[8004 - 2]["amount"] = None  # a required amount left empty (C8004)
        sheets["projects"][8000 - 2]["project_id"] = "G07999"  # the project on row 7999, again (A8000)

    data, issues = check_workbook(long_workbook(edit), today=date(2026, 12, 6))
    assert data is None
    assert located(issues) == [
        # cell errors first, in row order, then the cross-sheet checks (duplicate ids, then unknown projects)
        ("error", "bad-amount", "Payments", 8000, "Amount (C)", "douze"),
        ("error", "bad-date", "Payments", 8001, "Date (B)", "31/02/2023"),
        ("error", "missing-value", "Payments", 8004, "Amount (C)", None),
        ("error", "duplicate-id", "Projects", 8000, "Project id (A)", "G07999"),
        ("error", "unknown-project", "Payments", 8003, "Project id (A)", "NOPE"),
    ]
    duplicate = issues[3]
    assert duplicate.params["first_row"] == 7999
    assert "8000" in duplicate.message("fr") and "G07999" in duplicate.message("nl")
    assert "Payments" in issues[0].message("en") and "douze" in issues[0].message("en")


def test_a_sap_trailing_minus_in_the_middle_of_a_long_column_is_read_as_negative(long_workbook):
    def edit(sheets):
        sheets["payments"][8002 - 2]["amount"] = "1.234,56-"  # SAP writes the minus after the amount (C8002)

    data, issues = check_workbook(long_workbook(edit), today=date(2026, 12, 6))
    assert data is not None, located(issues)
    # Excel row 8002 is the line at position 8 002 - 2 = 8 000
    assert data.payments["amount"].iloc[8000] == -1234.56
    # it replaced the line's 1 € + 8 000 div 1 000 = 8 cents: 10 450 - 1,08 - 1 234,56 = 9 214,36 €
    assert round(float(data.payments["amount"].sum()), 2) == 9_214.36


def test_a_repeated_line_deep_in_a_long_sheet_names_its_first_row(long_workbook):
    def edit(sheets):
        payments = sheets["payments"]
        payments[9001 - 2] = dict(payments[9000 - 2])  # row 9001 repeats row 9000

    data, issues = check_workbook(long_workbook(edit), today=date(2026, 12, 6))
    assert data is not None
    assert [(i.code, i.row, i.column, i.params.get("first_row")) for i in issues] == [
        ("duplicate-line", 9001, "Amount (C)", 9000)
    ]
    # row 9000 is i = 8 998: 1 € + 8 cents
    assert issues[0].value == "1.08"


def test_round_cents_is_python_round_over_a_whole_column():
    rng = random.Random(22)
    values = [
        0.285, 1.005, 2.675, 0.125, -0.125, -2.675, 1e12 + 0.005, 9_999_999_999_999.995, 0.0, -0.0, 5e-324,
        *(rng.uniform(-1e6, 1e6) for _ in range(20_000)),
        *(rng.randrange(-10**9, 10**9) / 1000 for _ in range(20_000)),  # three decimals: many half cents
        *(rng.randrange(-10**7, 10**7) / 200 for _ in range(20_000)),  # exact half cents
    ]  # fmt: skip
    got = _round_cents(np.array(values, dtype=float)).tolist()
    want = [round(v, 2) + 0.0 for v in values]
    assert got == want
    assert all(math.copysign(1, g) == math.copysign(1, w) for g, w in zip(got, want, strict=True))


@pytest.mark.parametrize(
    ("texts", "plain"),
    [
        (["P1", "Lab 2", "Écoles"], True),
        (["P1", "two  spaces"], False),
        (["P1", " leading"], False),
        (["P1", "trailing "], False),
        (["P1", "tab\there"], False),
        (["P1", "no\u00a0break"], False),
        (["P1", ""], False),
        (["P1", "_under"], False),
        (["P1", "-minus"], False),
        (["P1", 2.0], False),
        (["P1", "nul\x00inside"], False),
        (["P1", "cr\rhere"], False),  # the whitespace of ASCII texts, looked for one by one: \r, \x0b, \x1f
        (["P1", "vt\x0bhere"], False),
        (["P1", "us\x1fhere"], False),
        (["Écoles", "Zoë 2"], True),  # texts beyond ASCII: looked at with the pattern
        (["Écoles", "tab\there"], False),
        (["Écoles", "ideographic\u3000space"], False),
    ],
)
def test_plain_texts_are_those_the_usual_case_keeps(texts, plain):
    assert _plain_texts(texts) is plain
    if plain:  # what the cell-by-cell reading would give
        assert [" ".join(t.split()) for t in texts] == texts


def cell_by_cell(values, convert):
    """What the converter gives cell by cell: (values, error codes by position, empty positions)."""
    parsed, errors, empty = [], {}, []
    for i, v in enumerate(values):
        try:
            result = convert(v)
        except CellError as exc:
            errors[i] = exc.code
            result = None
        else:
            if result is None or result == "":
                empty.append(i)
        parsed.append(result)
    return parsed, errors, empty


N = 3_000  # long enough for every shortcut, short enough to convert cell by cell in the test
COLUMNS = {
    # dates: all inside the window (kept as they are), then one outside it, one written as text, a datetime,
    # an empty cell, the open end 31/12/9999
    "dates": ("date", [date(2023, 1, 1) + timedelta(days=i % 400) for i in range(N)]),
    "dates, one before the window": ("date", [date(2023, 1, 1)] * N + [date(1999, 12, 31)]),
    "dates, one after the window": ("date", [date(2041, 1, 1)] + [date(2023, 1, 1)] * N),
    "dates, a text": ("date", [date(2023, 1, 1)] * N + ["15/03/2023"]),
    "dates, a datetime": ("date", [date(2023, 1, 1)] * N + [datetime(2023, 1, 1, 12, 30)]),
    "dates, empty cells": ("date", [date(2023, 1, 1), ""] * N),
    "dates, the open end": ("date", [date(2023, 1, 1)] * N + [date(9999, 12, 31)]),
    # texts: plain (kept as they are), then empty cells, doubled or odd spaces, numbers, a leading dash
    "texts": ("str", [f"P{i:05d}" for i in range(N)]),
    "texts, empty cells": ("str", ["C1", "", "C2"] * N),
    "texts, odd spaces": ("str", ["C1", "C  1", " C1", "C1 ", "C1\u00a0", "C\t1", "  "] * N),
    "texts, numbers": ("str", ["1000", 1050.0, 1210, True, None] * N),
    "texts, a dash": ("str", ["-P1"] + ["P1"] * N),
    # words: each distinct text once, an unknown one refused, an empty one left empty
    "statuses": ("stage", ["ongoing", "Signed", "ONGOING", " closed "] * N),
    "statuses, unknown and empty": ("stage", ["ongoing", "weird", ""] * N),
    "statuses, a number": ("stage", ["ongoing", 1.0] * N),
    "payment kinds": ("kind", ["interim", "advance", "Balance"] * N),
    # years written as numbers, as texts, out of range
    "years": ("year", [2023.0, 2024.0] * N),
    "years, mixed": ("year", [2023.0, "2024", 2025, 1985.0, 2024.5, True, ""] * N),
}


@pytest.mark.parametrize("name", list(COLUMNS))
def test_a_column_read_whole_is_what_its_cells_read_one_by_one_give(name):
    kind, values = COLUMNS[name]
    convert = converter(kind, DEFAULT_LIMITS, required=True)
    parsed, errors, empty, texts = _parse_column(kind, 1.0, DEFAULT_LIMITS, list(values), convert)
    want, want_errors, want_empty = cell_by_cell(values, convert)
    assert parsed == want
    if texts:  # said to hold texts only: it does (its frame column is then built without looking again)
        assert all(type(v) is str for v in parsed)
    assert texts or kind != "str"  # a text column always does: parse_text gives a text for any cell
    assert [type(v) for v in parsed] == [type(v) for v in want]  # a date stays a date, a year an int
    assert {i: e.code for i, e in errors.items()} == want_errors
    assert sorted(empty) == want_empty


def payments_table(cells):
    """A Payments table read by hand: header on row 1 (Project id A, Date B, Amount C, Kind D), data from row 2."""
    columns = {"project_id": 0, "date": 1, "amount": 2, "kind": 3}
    labels = {"project_id": "Project id (A)", "date": "Date (B)", "amount": "Amount (C)", "kind": "Kind (D)"}
    table = Table(sheet="Payments", key="payments", header_row=1, columns=columns, labels=labels)
    table.numbers, table.cells = list(range(2, 2 + len(cells))), cells
    return table


def test_a_row_shorter_than_the_others_reads_as_empty_cells_beyond_its_end():
    cells = [
        ["P1", date(2023, 7, 20), 90_000.0, "advance"],
        ["P1", date(2023, 10, 15), 60_000.0],  # Excel row 3: no kind (calamine never gives such a row; a caller may)
        ["P2", date(2023, 10, 25), 45_000.0, "advance"],
    ]
    lines, issues = parse_table(payments_table(cells), "short.xlsx")
    # the kind is required: row 3 is named, and left out of the lines (rows 2 and 4 kept)
    assert located(issues) == [("error", "missing-value", "Payments", 3, "Kind (D)", None)]
    assert lines["_row"] == [2, 4]
    assert lines["project_id"] == ["P1", "P2"]
    assert lines["kind"] == ["advance", "advance"]
    assert lines["amount"].tolist() == [90_000.0, 45_000.0]


def test_column_a_gathered_by_the_reader_is_the_column_the_lines_hold(long_workbook):
    from data_loaders import reader

    path = long_workbook()
    wb, _ = reader.open_workbook(path)
    try:
        cells, scan, _ = wb.read_cells("Payments")
        table, issues = reader.read_table(cells, "Payments", "payments", wb.file, scan)
    finally:
        wb.close()
    assert issues == []
    # every row below the header is a payment: column A looked at whole, kept for the typing
    assert table.numbers == list(range(2, 10_002))  # Excel rows 2 .. 10 001: the 10 000 lines
    assert table.first_column == ["P1"] * 10_000
    lines, cell_issues = parse_table(table, wb.file)
    assert cell_issues == []
    assert lines["project_id"] == ["P1"] * 10_000
    assert lines["_row"] == table.numbers
    assert [(r, c) for r, c in table.rows[:1]] == [(2, cells[1])]  # (Excel row, its cells): row 2 is cells[1]


def test_the_frame_of_the_lines_is_what_coerce_frame_makes_of_them():
    from data_loaders.loader import _frame
    from data_loaders.validation import Lines

    ids = ["P1", "P2", "P3"]
    columns = {
        "project_id": ids,  # found to be texts by the reader (named in ``texts`` below): kept as they are
        "date": [date(2023, 7, 20), date(2023, 10, 15), None],  # an empty date: NaT
        "amount": np.array([90_000.0, 60_000.125, np.nan]),  # rounded to the cent again, as coerce_frame does
        "kind": ["advance", None, 7.0],  # not found to be texts: None -> "", 7.0 -> "7.0"
    }
    got = _frame("payments", Lines({"_row": [2, 3, 4], **columns}), {"project_id": ids, "kind": ["other"]})
    want = coerce_frame("payments", pd.DataFrame({k: list(v) for k, v in columns.items()}))
    pdt.assert_frame_equal(got, want, check_exact=True)
    # "kind" is named in ``texts`` with another list (a column replaced since): coerced, not kept
    assert got["kind"].tolist() == ["advance", "", "7.0"]
    assert got["project_id"].dtype == object and got["date"].dtype == "datetime64[ns]"
