"""The package scan's fast path (issue 22): a sheet whose every row and cell tag is the usual ``<c r="B7"`` is
checked with numpy in one pass; one unusual tag anywhere sends the whole sheet back to the regular expressions.

Each workbook is written by openpyxl (5 000 rows: A = the row number, B = twice it), then its sheet XML is changed
directly, as a hostile or odd generator would write it. Every test compares the scan with the regular-expression
scan of the same bytes (``fast=False``, the code before the fast path): the same extent, refusal, cell and values.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from data_loaders.limits import IntakeLimits
from data_loaders.package import Package, _SheetScanner

SHEET = "xl/worksheets/sheet1.xml"
ROWS = 5_000


def _workbook(change=lambda xml: xml) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Payments"
    for r in range(1, ROWS + 1):
        ws.append([r, 2 * r])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[SHEET] = change(parts[SHEET])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _scans(raw: bytes, limits: IntakeLimits | None = None):
    """(the scan as the loader runs it, the regular-expression scan of the same sheet, whether numpy decided)."""
    pkg = Package(raw, "odd.xlsx", limits or IntakeLimits())
    assert pkg.check_parts() == []
    pkg.check_shared_strings()
    data = pkg.read_part(pkg.sheet_parts["Payments"])
    fast = _SheetScanner(pkg, "Payments", data)
    slow = _SheetScanner(pkg, "Payments", data, fast=False)
    return pkg.scan_sheet("Payments"), slow.run(), fast.usual is not None


def _located(result):
    scan, issues = result
    where = [(i.code, i.sheet, i.row, i.column, i.value, i.params) for i in issues]
    return (scan.rows, scan.columns, scan.special) if scan else None, where


def test_the_usual_sheet_is_decided_by_numpy_with_the_same_extent():
    fast, slow, by_numpy = _scans(_workbook())
    assert by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])  # rows 1-5 000, columns A-B


def test_one_far_cell_written_with_single_quotes_among_5000_is_still_refused_naming_it():
    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b"<row r=\"1048576\"><c r='XFD1048576'><v>1</v></c></row></sheetData>")

    fast, slow, by_numpy = _scans(_workbook(change))
    assert not by_numpy  # the odd tag sends the sheet to the regular expressions
    (issue,) = fast[1]
    assert (issue.code, issue.row, issue.column) == ("sheet-too-large", 1048576, "XFD")
    assert _located(fast) == _located(slow)


@pytest.mark.parametrize(
    "odd",
    [
        b'<c r="B2500" t="n"><v>1</v></c><c  r="C2500"><v>7</v></c>',  # two spaces
        b'<c r="B2500" t="n"><v>1</v></c><c r="c2500"><v>7</v></c>',  # lower case
        b'<c r="B2500" t="n"><v>1</v></c><c r="C02500"><v>7</v></c>',  # a leading zero
        b'<c r="B2500" t="n"><v>1</v></c><c t="n" r="C2500"><v>7</v></c>',  # the reference not first
        b'<c r="B2500" t="n"><v>1</v></c><c><v>7</v></c>',  # no reference: its place follows the order
    ],
)
def test_one_odd_reference_among_5000_is_read_by_the_regular_expressions(odd):
    def change(xml: bytes) -> bytes:
        start = xml.index(b'<c r="B2500"')
        return xml[:start] + odd + xml[xml.index(b"</c>", start) + 4 :]

    fast, slow, by_numpy = _scans(_workbook(change))
    assert not by_numpy
    # the third column is reached in row 2 500: 5 000 rows, columns A-C, as the regular expressions say
    assert _located(fast) == _located(slow) == ((5_000, 3, {}), [])


@pytest.mark.parametrize("where", ["next to it", "at the end"])
def test_a_cell_written_twice_among_5000_is_refused_naming_it_and_both_values(where):
    def change(xml: bytes) -> bytes:
        if where == "next to it":  # B4321 twice, one after the other (in order, but not increasing)
            start = xml.index(b'<c r="B4321"')
            end = xml.index(b"</c>", start) + 4
            return xml[:end] + b'<c r="B4321" t="n"><v>777777</v></c>' + xml[end:]
        return xml.replace(b"</row></sheetData>", b'<c r="B4321" t="n"><v>777777</v></c></row></sheetData>')

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy  # every tag is usual: numpy finds the duplicate, the regular expressions name it
    (issue,) = fast[1]
    # B4321 holds 2 x 4 321 = 8 642 first, then 777 777
    assert (issue.code, issue.sheet, issue.row, issue.column, issue.value) == (
        "duplicate-cell",
        "Payments",
        4321,
        "B",
        "777777",
    )
    assert issue.params["first"] == "8642"
    assert _located(fast) == _located(slow)


def test_cells_out_of_order_but_distinct_are_read():
    def change(xml: bytes) -> bytes:  # row 4 321 written after the last row: out of order, no cell twice
        start = xml.index(b'<row r="4321"')
        end = xml.index(b"</row>", start) + 6
        return xml[:start] + xml[end:].replace(b"</sheetData>", xml[start:end] + b"</sheetData>")

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])


def test_a_formula_with_no_value_among_5000_is_still_found():
    def change(xml: bytes) -> bytes:
        start = xml.index(b'<c r="B4999"')
        end = xml.index(b"</c>", start) + 4
        return xml[:start] + b'<c r="B4999"><f>A4999*2</f></c>' + xml[end:]

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    assert fast[0].special == {(4999, 1): ("formula", "A4999*2")}  # row 4 999, column B (index 1)
    assert _located(fast) == _located(slow)


def test_a_far_cell_written_the_usual_way_is_refused_naming_it():
    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    (issue,) = fast[1]
    assert (issue.code, issue.row, issue.column, issue.value) == ("sheet-too-large", 1048576, "XFD", "1")
    assert _located(fast) == _located(slow)


def _dated_workbook(value: bytes) -> bytes:
    """5 000 rows: A = the row number, B = a date (1 January 2024 + the row in days); B4000's value replaced."""
    from datetime import date, timedelta

    wb = Workbook()
    ws = wb.active
    ws.title = "Payments"
    for r in range(1, ROWS + 1):
        ws.append([r, date(2024, 1, 1) + timedelta(days=r)])
        ws.cell(r, 2).number_format = "DD/MM/YYYY"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[SHEET]
    start = xml.index(b"<v>", xml.index(b'<c r="B4000"'))
    parts[SHEET] = xml[: start + 3] + value + xml[xml.index(b"</v>", start) :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("value", [b"-1000000000", b"-1e10", b"-1.5E+12", b"-99999999999999"])
def test_a_huge_negative_date_among_5000_is_refused_naming_it(value):
    fast, slow, by_numpy = _scans(_dated_workbook(value))
    assert by_numpy
    (issue,) = fast[1]  # -1 000 000 000 days or below: calamine's date conversion would panic
    assert (issue.code, issue.row, issue.column, issue.value) == ("bad-date", 4000, "B", value.decode())
    assert _located(fast) == _located(slow)


@pytest.mark.parametrize("value", [b"-999999999", b"-12.5", b"-45000"])
def test_a_short_negative_date_is_left_to_the_reader(value):
    fast, slow, by_numpy = _scans(_dated_workbook(value))
    assert by_numpy  # above -1 000 000 000: calamine reads it, the reader names the impossible date itself
    assert fast[1] == [] and _located(fast) == _located(slow)


def _prefixed(xml: bytes) -> bytes:
    """The sheet written with a namespace prefix on every element (``<x:c r="A1">``), as some generators do."""
    out = xml.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?")
    return out.replace(b' xmlns="', b' xmlns:x="', 1)


def test_a_prefixed_sheet_is_read_by_numpy_and_its_duplicate_named():
    def change(xml: bytes) -> bytes:
        xml = xml.replace(b"</row></sheetData>", b'<c r="A17" t="n"><v>99</v></c></row></sheetData>')
        return _prefixed(xml)

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    (issue,) = fast[1]
    # A17 holds 17 first (column A = the row number), then 99
    assert (issue.code, issue.row, issue.column, issue.value, issue.params["first"]) == (
        "duplicate-cell",
        17,
        "A",
        "99",
        "17",
    )
    assert _located(fast) == _located(slow)


def test_a_prefixed_sheet_with_one_odd_tag_goes_to_the_regular_expressions():
    def change(xml: bytes) -> bytes:
        return _prefixed(xml).replace(b'<x:c r="B4444"', b"<x:c r='B4444'")

    fast, slow, by_numpy = _scans(_workbook(change))
    assert not by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])


def test_more_cells_than_a_sheet_may_hold_go_to_the_regular_expressions():
    # 5 000 rows x 2 columns = 10 000 cells, above a limit of 9 999: numpy keeps no position beyond the limit
    limits = IntakeLimits(max_cells=9_999)
    fast, slow, by_numpy = _scans(_workbook(), limits)
    assert not by_numpy
    (issue,) = fast[1]
    # named at the last row's first cell holding a value, A5000, as the regular expressions always did
    assert (issue.code, issue.row, issue.column) == ("sheet-too-large", 5000, "A")
    assert _located(fast) == _located(slow)
