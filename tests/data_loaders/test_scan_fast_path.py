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
from data_loaders.package import Package, _SheetScanner, _usual_references

from .corpus import shared_strings

SHEET = "xl/worksheets/sheet1.xml"
ROWS = 5_000


def _workbook(change=lambda xml: xml, rows=None) -> bytes:
    """A Payments sheet written by openpyxl (``rows``: its rows; by default ROWS rows of two numbers), its XML then
    passed through ``change``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Payments"
    for row in rows if rows is not None else ([r, 2 * r] for r in range(1, ROWS + 1)):
        ws.append(row)
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


def _duplicate(issue):
    """A duplicate-cell refusal as (row, column, value written last, value written first)."""
    assert issue.code == "duplicate-cell"
    return issue.row, issue.column, issue.value, issue.params["first"]


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
        b'<c r="B2500" t="n"><v>1</v></c><c\tr="C2500"><v>7</v></c>',  # a tab after the name
        b'<c r="B2500" t="n"><v>1</v></c><c r="C2500"t="n"><v>7</v></c>',  # no space after the reference
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


def _cell_replaced(ref: bytes, cell: bytes):
    """A change of the sheet's XML: the cell ``ref`` (``b"B4999"``) written as ``cell`` instead."""

    def change(xml: bytes) -> bytes:
        start = xml.index(b'<c r="' + ref + b'"')
        end = xml.index(b"</c>", start) + 4
        return xml[:start] + cell + xml[end:]

    return change


def test_a_formula_with_no_value_among_5000_is_still_found():
    fast, slow, by_numpy = _scans(_workbook(_cell_replaced(b"B4999", b'<c r="B4999"><f>A4999*2</f></c>')))
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
    assert _duplicate(issue) == (17, "A", "99", "17")
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


# -- the stretches written as Excel writes them (cells compared with their row tag) and the others ------------------
def _sheet_xml(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return z.read(SHEET)


def _same_refs(x, y) -> bool:
    fields = ("rows", "columns", "duplicates", "formulas", "hidden", "errors", "shared_uses")
    return all(getattr(x, k) == getattr(y, k) for k in fields) and (x.big_negatives == y.big_negatives).all()


def _move_cell(xml: bytes, ref: bytes, into_row: bytes) -> bytes:
    """The cell ``ref`` taken out of its row tag and written last in row tag ``into_row``."""
    start = xml.index(b'<c r="' + ref + b'"')
    end = xml.index(b"</c>", start) + 4
    cell, xml = xml[start:end], xml[:start] + xml[end:]
    close = xml.index(b"</row>", xml.index(b'<row r="' + into_row + b'"'))
    return xml[:close] + cell + xml[close:]


def test_a_cell_written_in_the_row_tag_before_its_own_is_read_as_the_regular_expressions_read_it():
    # B4321 written in row tag 4320: its digits are not its row tag's, the stretch is decoded reference by reference
    fast, slow, by_numpy = _scans(_workbook(lambda xml: _move_cell(xml, b"B4321", b"4320")))
    assert by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])  # out of order, but no cell twice


def test_a_cell_written_twice_in_two_row_tags_is_refused_naming_it_and_both_values():
    def change(xml: bytes) -> bytes:  # C4321 written last in row tag 4320 (777777), then last in row tag 4321 (1)
        for row, value in ((b"4320", b"777777"), (b"4321", b"1")):
            close = xml.index(b"</row>", xml.index(b'<row r="' + row + b'"'))
            xml = xml[:close] + b'<c r="C4321" t="n"><v>' + value + b"</v></c>" + xml[close:]
        return xml

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    (issue,) = fast[1]
    # each C4321 is right of the cell before it in its row tag: only their digits tell the first is not row 4320's
    assert _duplicate(issue) == (4321, "C", "1", "777777")
    assert _located(fast) == _located(slow)


def test_a_cell_written_twice_across_two_stretches_is_found():
    # B4321 twice, one after the other, the second starting the second stretch: only the stretches' edge tells
    usual = _sheet_xml(_workbook())
    end = usual.index(b"</c>", usual.index(b'<c r="B4321"')) + 4
    data = usual[:end] + b'<c r="B4321" t="n"><v>777777</v></c>' + usual[end:]
    refs = _usual_references(data, b"", 10**9, chunk=end)
    assert refs is not None and refs.duplicates
    assert (refs.rows, refs.columns) == (5_000, 2)


def test_a_row_tag_written_again_after_the_stretchs_first_cells_is_found():
    # row tag 4321 and its cells written again at the end; the second stretch starts at B5000, a cell of the row tag
    # before it, then comes row tag 4321 again: only its number (below 5 000) tells its cells are not in order
    usual = _sheet_xml(_workbook())
    start = usual.index(b'<row r="4321"')
    again = usual[start : usual.index(b"</row>", start) + 6]
    data = usual.replace(b"</sheetData>", again + b"</sheetData>")
    refs = _usual_references(data, b"", 10**9, chunk=data.index(b'<c r="B5000"'))
    assert refs is not None and refs.duplicates  # A4321 and B4321 written twice
    assert (refs.rows, refs.columns) == (5_000, 2)


@pytest.mark.parametrize(
    "odd",
    [
        b'<row r="04321">',  # a leading zero
        b'<row  r="4321">',  # two spaces
        b"<row r='4321'>",  # single quotes
        b'<row\tr="4321">',  # a tab after the name
        b'<row r="4321"x="1">',  # no space after the reference
        b"<row>",  # no reference: its place follows the order
        b'<row r="04321"/><row r="4321">',  # an empty row tag with a leading zero
    ],
)
def test_one_odd_row_tag_among_5000_is_read_by_the_regular_expressions(odd):
    fast, slow, by_numpy = _scans(_workbook(lambda xml: xml.replace(b'<row r="4321">', odd)))
    assert not by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])


def test_cells_before_the_first_row_tag_are_read_as_the_regular_expressions_read_them():
    def change(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", b'<sheetData><c r="C1" t="n"><v>5</v></c>')

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 3, {}), [])  # C1 reaches column C


def _wide_workbook(change=lambda xml: xml) -> bytes:
    """500 rows of 30 columns (A-AD): the row number x 30 + the column's index."""
    return _workbook(change, [[r * 30 + c for c in range(30)] for r in range(1, 501)])


def test_two_letter_columns_are_read_by_numpy_with_the_same_extent():
    fast, slow, by_numpy = _scans(_wide_workbook())
    assert by_numpy
    assert _located(fast) == _located(slow) == ((500, 30, {}), [])  # AD is the 30th column


def test_a_three_letter_column_is_read_by_numpy_with_the_same_extent():
    def change(xml: bytes) -> bytes:  # ABC17 written after AD17
        close = xml.index(b"</row>", xml.index(b'<row r="17"'))
        return xml[:close] + b'<c r="ABC17" t="n"><v>1</v></c>' + xml[close:]

    fast, slow, by_numpy = _scans(_wide_workbook(change))
    assert by_numpy
    # ABC = 1 x 26 x 26 + 2 x 26 + 3 = 731st column
    assert _located(fast) == _located(slow) == ((500, 731, {}), [])


_WIDE_CHANGES = {
    "wide": lambda xml: xml,
    "a cell missing": lambda xml: xml.replace(b'<c r="AB300" t="n"><v>9027</v></c>', b""),
    "a cell twice": lambda xml: xml.replace(
        b"</row></sheetData>", b'<c r="AB300" t="n"><v>1</v></c></row></sheetData>'
    ),
}


@pytest.mark.parametrize("name", list(_WIDE_CHANGES))
@pytest.mark.parametrize("chunk", [700, 65_536])
def test_small_stretches_of_a_wide_sheet_give_what_one_stretch_gives(name, chunk):
    data = _WIDE_CHANGES[name](_sheet_xml(_wide_workbook()))
    whole = _usual_references(data, b"", 10**9)
    assert whole is not None and (whole.rows, whole.columns) == (500, 30)
    # AB300 (300 x 30 + 27 = 9 027) written once, not at all, twice
    assert data.count(b'r="AB300"') == {"wide": 1, "a cell missing": 0, "a cell twice": 2}[name]
    assert whole.duplicates == (name == "a cell twice")
    stretches = _usual_references(data, b"", 10**9, chunk=chunk)
    assert stretches is not None and _same_refs(stretches, whole)


def test_a_seven_digit_row_of_formatting_only_is_read_by_numpy():
    def change(xml: bytes) -> bytes:  # row 1 000 000 holds a styled cell and no value: not part of the extent
        return xml.replace(b"</sheetData>", b'<row r="1000000"><c r="A1000000" s="1"/></row></sheetData>')

    fast, slow, by_numpy = _scans(_workbook(change))
    assert by_numpy
    # the tags reach row 1 000 000 (above the 500 000 allowed): the cells holding a value end at row 5 000
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])


def test_an_empty_c_tag_is_none_of_the_scans_business():
    fast, slow, by_numpy = _scans(_workbook(lambda xml: xml.replace(b'<row r="17">', b'<row r="17"><c/>')))
    assert by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])


def test_no_byte_between_the_reference_and_the_next_attribute_goes_to_the_regular_expressions():
    fast, slow, by_numpy = _scans(_workbook(lambda xml: xml.replace(b'<c r="B2500" t="n">', b'<c r="B2500"t="n">')))
    assert not by_numpy
    assert _located(fast) == _located(slow) == ((5_000, 2, {}), [])


def test_hidden_rows_are_found_as_the_regular_expressions_find_them():
    wb = Workbook()
    ws = wb.active
    ws.title = "Payments"
    for r in range(1, ROWS + 1):
        ws.append([r, 2 * r])
    for r in (17, 4321):
        ws.row_dimensions[r].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    fast, slow, by_numpy = _scans(buf.getvalue())
    assert by_numpy
    assert fast[0].hidden_rows == slow[0].hidden_rows == frozenset({17, 4321})
    assert _located(fast) == _located(slow)


def test_an_excel_error_among_5000_is_found():
    fast, slow, by_numpy = _scans(_workbook(_cell_replaced(b"B4000", b'<c r="B4000" t="e"><v>#N/A</v></c>')))
    assert by_numpy
    assert fast[0].special == {(4000, 1): ("error", "#N/A")}  # row 4 000, column B (index 1)
    assert _located(fast) == _located(slow)


def _texts_workbook() -> bytes:
    """5 000 rows: A = the row number, B = the text "t" + the row number, through shared texts as Excel writes them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Payments"
    for r in range(1, ROWS + 1):
        ws.append([r, f"t{r}"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    shared_strings(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("max_text_chars", [10_000, 1_000_000])
def test_shared_texts_are_counted_as_the_regular_expressions_count_them(max_text_chars):
    raw = _texts_workbook()
    limits = IntakeLimits(max_text_chars=max_text_chars)
    fast, slow, by_numpy = _scans(raw, limits)
    assert by_numpy
    pkg = Package(raw, "odd.xlsx", limits)
    pkg.check_parts()
    pkg.check_shared_strings()
    scanner = _SheetScanner(pkg, "Payments", pkg.read_part(pkg.sheet_parts["Payments"]))
    assert scanner.usual.shared_uses == 5_000  # one t="s" per text in column B, rows 1-5 000
    # 5 000 uses of texts of at most 21 bytes (<si><t>t5000</t></si>) may reach 105 000 characters: above 10 000 the
    # texts are summed one by one and refused; under 1 000 000 they are not looked at
    assert _located(fast) == _located(slow)
    assert [i.code for i in fast[1]] == (["too-much-text"] if max_text_chars == 10_000 else [])


_CHANGES = {
    "usual": lambda xml: xml,
    "a cell in the row tag before": lambda xml: _move_cell(xml, b"B4321", b"4320"),
    "a cell twice": lambda xml: xml.replace(
        b"</row></sheetData>", b'<c r="B4321" t="n"><v>777777</v></c></row></sheetData>'
    ),
    "hidden": lambda xml: xml.replace(b'<row r="17">', b'<row r="17" hidden="1">'),
    "negative": lambda xml: xml.replace(b'<c r="B3000" t="n"><v>6000</v>', b'<c r="B3000" t="n"><v>-1e12</v>'),
    "error": lambda xml: xml.replace(b'<c r="B3000" t="n"><v>6000</v>', b'<c r="B3000" t="e"><v>#REF!</v>'),
    "formula": lambda xml: xml.replace(b'<c r="B3000" t="n"><v>6000</v>', b'<c r="B3000"><f>A3000*2</f><v>6000</v>'),
    "before any row": lambda xml: xml.replace(b"<sheetData>", b'<sheetData><c r="C1" t="n"><v>5</v></c>'),
}


@pytest.mark.parametrize("change", list(_CHANGES))
@pytest.mark.parametrize("chunk", [700, 4096, 65_536])
def test_small_stretches_give_what_one_stretch_gives(change, chunk):
    # stretches of 700 bytes cut tags, references and attributes in two, and start with cells of an earlier row tag
    usual = _sheet_xml(_workbook())
    data = _CHANGES[change](usual)
    assert (data == usual) == (change == "usual")
    whole = _usual_references(data, b"", 10**9)
    assert whole is not None
    stretches = _usual_references(data, b"", 10**9, chunk=chunk)
    assert stretches is not None and _same_refs(stretches, whole)
    # what each change leaves in the sheet, as one stretch reads it
    assert (whole.rows, whole.columns) == (5_000, 3 if change == "before any row" else 2)
    assert whole.duplicates == (change == "a cell twice")
    assert whole.hidden == (change == "hidden")
    assert whole.errors == (change == "error")
    assert whole.formulas == (change == "formula")
    assert len(whole.big_negatives) == (change == "negative")  # -1e12: an exponent, looked at closely


def test_hidden_rows_and_errors_are_found_on_even_and_odd_places():
    # one space or two before hidden=" and before t="e": each of them starts on an even place and on an odd one
    places = set()
    for spaces in [(b" ", b" "), (b"  ", b" "), (b" ", b"  ")]:

        def change(xml: bytes, spaces: tuple[bytes, bytes] = spaces) -> bytes:
            xml = xml.replace(b'<row r="17">', b'<row r="17"' + spaces[0] + b'hidden="1">')
            return xml.replace(b'<c r="B3000" t="n"><v>6000</v>', b'<c r="B3000"' + spaces[1] + b't="e"><v>#REF!</v>')

        data = change(_sheet_xml(_workbook()))
        places |= {("hidden", data.index(b'hidden="') % 2), ("error", data.index(b't="e"') % 2)}
        for chunk in (700, 4096, 1 << 20):
            refs = _usual_references(data, b"", 10**9, chunk=chunk)
            assert refs is not None and refs.hidden and refs.errors
        fast, slow, by_numpy = _scans(_workbook(change))
        assert by_numpy
        assert fast[0].hidden_rows == slow[0].hidden_rows == frozenset({17})
        assert fast[0].special == {(3000, 1): ("error", "#REF!")}  # row 3 000, column B (index 1)
        assert _located(fast) == _located(slow)
    assert places == {("hidden", 0), ("hidden", 1), ("error", 0), ("error", 1)}


def test_small_stretches_of_a_prefixed_sheet_give_what_one_stretch_gives():
    # <x:c r="A17"> written twice (the second last): the prefix checked across the stretches' edges too
    usual = _sheet_xml(_workbook())
    data = _prefixed(usual.replace(b"</row></sheetData>", b'<c r="A17"><v>99</v></c></row></sheetData>'))
    whole = _usual_references(data, b"x:", 10**9)
    assert whole is not None and whole.duplicates and (whole.rows, whole.columns) == (5_000, 2)
    for chunk in (700, 4096):
        stretches = _usual_references(data, b"x:", 10**9, chunk=chunk)
        assert stretches is not None and _same_refs(stretches, whole)
