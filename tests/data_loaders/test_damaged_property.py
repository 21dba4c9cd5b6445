"""Property: whatever damage a workbook suffers, the loader answers with data or WorkbookError, nothing else.

Hypothesis takes the small valid fixture, written by openpyxl, and applies random
damage: cells replaced by values of any type, rows deleted or duplicated, headers
renamed, sheets renamed or removed. ``load_programme`` may only raise
``WorkbookError``; ``check_workbook`` never raises, returns data exactly when no
issue is an error, and every issue it returns can be worded in the three languages.
"""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders import WorkbookError, check_workbook, load_programme
from data_loaders.writer import write_workbook

from .conftest import fixture_rows

SHEETS = ["Programme", "Budget", "Calls", "Projects", "Commitments", "Payments", "Forecasts"]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
cell_values = st.one_of(
    st.none(),
    text,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(
        [
            "Total",
            "TOTAAL",
            "P1",
            "P2",
            "C1",
            "1.1",
            "2.1",
            "1.234,56",
            "12,3,4",
            "31/02/2023",
            "30/11/2023",
            "2021-2027",
            "50 %",
            "signé",
            "solde",
            "€",
            "-",
            "Montant",
            "Amount",
            "Date",
            "Project id",
            "Status",
            "=1+1",
            " ",
            "\u00a0",
        ]
    ),
)

replace = st.tuples(st.just("replace"), st.sampled_from(SHEETS), st.integers(1, 8), st.integers(1, 15), cell_values)
delete_row = st.tuples(st.just("delete_row"), st.sampled_from(SHEETS), st.integers(1, 6))
duplicate_row = st.tuples(st.just("duplicate_row"), st.sampled_from(SHEETS), st.integers(1, 6))
rename_header = st.tuples(st.just("rename_header"), st.sampled_from(SHEETS[1:]), st.integers(1, 15), text)
rename_sheet = st.tuples(st.just("rename_sheet"), st.sampled_from(SHEETS), text.filter(lambda s: 0 < len(s.strip())))
delete_sheet = st.tuples(st.just("delete_sheet"), st.sampled_from(SHEETS))
swap_columns = st.tuples(st.just("swap_columns"), st.sampled_from(SHEETS[1:]), st.integers(1, 14), st.integers(1, 14))
damage = st.lists(
    st.one_of(replace, replace, delete_row, duplicate_row, rename_header, rename_sheet, delete_sheet, swap_columns),
    min_size=1,
    max_size=6,
)


def _apply(wb, op):
    kind, name = op[0], op[1]
    if name not in wb.sheetnames:
        return
    ws = wb[name]
    if kind == "replace":
        ws.cell(row=op[2], column=op[3]).value = op[4]
    elif kind == "delete_row":
        ws.delete_rows(op[2])
    elif kind == "duplicate_row":
        ws.append([c.value for c in ws[op[2]]])
    elif kind == "rename_header":
        ws.cell(row=1, column=op[2]).value = op[3]
    elif kind == "rename_sheet":
        title = "".join(ch for ch in op[2] if ch not in "[]:*?/\\")[:31].strip() or "X"
        if title not in wb.sheetnames:
            ws.title = title
    elif kind == "delete_sheet" and len(wb.sheetnames) > 1:
        del wb[name]
    elif kind == "swap_columns":
        a, b = op[2], op[3]
        for r in range(1, ws.max_row + 1):
            ca, cb = ws.cell(row=r, column=a), ws.cell(row=r, column=b)
            ca.value, cb.value = cb.value, ca.value


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    programme, sheets = fixture_rows()
    return write_workbook(tmp_path_factory.mktemp("base") / "base.xlsx", programme, sheets)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=damage)
def test_damaged_workbooks_only_raise_workbook_error(base, tmp_path_factory, ops):
    wb = openpyxl.load_workbook(base)
    for op in ops:
        _apply(wb, op)
    path = tmp_path_factory.mktemp("damaged") / "damaged.xlsx"
    wb.save(path)

    data, issues = check_workbook(path)
    errors = [i for i in issues if i.severity == "error"]
    assert (data is None) == bool(errors)
    for issue in issues:
        for lang in ("en", "fr", "nl"):
            assert issue.message(lang)
    try:
        loaded = load_programme(path)
    except WorkbookError as exc:
        assert exc.issues and data is None
    else:
        assert data is not None and len(loaded.projects) == len(data.projects)
