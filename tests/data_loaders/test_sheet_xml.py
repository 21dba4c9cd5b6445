"""What a sheet's XML may say that calamine would read silently or die on (#20; intake review R4, R6 and the fuzz
families dup_cells, far_value_quoted, far_value_ws, huge_col_letters).

The fixture of conftest.py is written by openpyxl, then the Payments sheet's XML (``xl/worksheets/sheet6.xml``,
the sixth sheet) is changed directly. Reads go through the isolated reader: before the fix, a far cell the scan
missed made calamine allocate the whole rectangle (the child was killed). Figures: the payments are 90 000 (C2),
60 000 (C3), 45 000 (C4).
"""

from __future__ import annotations

import zipfile

import pytest

from data_loaders.isolation import IsolatedReader

from .conftest import fixture_rows

PAYMENTS = "xl/worksheets/sheet6.xml"


@pytest.fixture(scope="module")
def reader():
    r = IsolatedReader(memory_mb=768, timeout=60)
    yield r
    r.close()


def _workbook(tmp_path, change) -> bytes:
    from data_loaders.writer import write_workbook

    programme, sheets = fixture_rows()
    path = tmp_path / "wb.xlsx"
    write_workbook(path, programme, sheets)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[PAYMENTS] = change(parts[PAYMENTS])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path.read_bytes()


def _far_row(cell: bytes) -> bytes:
    return b'<row r="1048576">' + cell + b"</row></sheetData>"


def test_a_cell_written_twice_is_refused_naming_it(tmp_path, reader):
    def change(xml: bytes) -> bytes:
        first = xml.index(b'<c r="C2"')
        end = xml.index(b"</c>", first) + len(b"</c>")
        return xml[:end] + b'<c r="C2" t="n"><v>777777</v></c>' + xml[end:]  # C2 again, another value

    result = reader.check(_workbook(tmp_path, change), "dup.xlsx")
    assert result.data is None  # before: accepted, paid 777 777 + 60 000 + 45 000 instead of 195 000
    (issue,) = [i for i in result.issues if i.code == "duplicate-cell"]
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("Payments", 2, "C", "777777")
    assert "C2" in issue.message("en") and "C2" in issue.message("fr") and "C2" in issue.message("nl")


@pytest.mark.parametrize(
    "cell",
    [
        b"<c r='XFD1048576'><v>1</v></c>",  # single quotes
        b'<c r = "XFD1048576"><v>1</v></c>',  # spaces around =
        b'<c  r="XFD1048576"><v>1</v></c>',  # two spaces
        b'<c\n r="XFD1048576"><v>1</v></c>',  # a line break
        b"<c t='n' r='XFD1048576'><v>1</v></c>",  # not the first attribute, single quotes
        b'<c r="xfd1048576"><v>1</v></c>',  # lower case
    ],
)
def test_a_far_cell_written_oddly_is_refused_naming_it(tmp_path, reader, cell):
    raw = _workbook(tmp_path, lambda xml: xml.replace(b"</sheetData>", _far_row(cell)))
    result = reader.check(raw, "far.xlsx")
    assert result.failure is None  # answered by the loader: the reading process was not killed for memory
    (issue,) = [i for i in result.issues if i.severity == "error"]
    assert issue.code == "sheet-too-large"
    assert (issue.sheet, issue.row, issue.column) == ("Payments", 1048576, "XFD")
    assert "XFD1048576" in issue.message("en")


def test_a_cell_with_four_column_letters_is_refused_naming_it(tmp_path, reader):
    raw = _workbook(
        tmp_path, lambda xml: xml.replace(b"</sheetData>", b'<row r="5"><c r="AAAA5"><v>1</v></c></row></sheetData>')
    )
    result = reader.check(raw, "letters.xlsx")
    assert result.failure is None
    (issue,) = [i for i in result.issues if i.severity == "error"]
    assert issue.code == "sheet-too-large" and "AAAA5" in issue.message("en")


def test_odd_but_near_references_are_read(tmp_path, reader):
    # the same cells written with single quotes and spaces: read as they are (no refusal, same figures)
    def change(xml: bytes) -> bytes:
        return xml.replace(b'<c r="C3"', b"<c  r = 'C3'").replace(b'<row r="4"', b"<row r='4'")

    result = reader.check(_workbook(tmp_path, change), "odd.xlsx")
    assert result.data is not None, [i.message("en") for i in result.issues]
    assert result.data.payments["amount"].sum() == 195_000.0  # 90 000 + 60 000 + 45 000
