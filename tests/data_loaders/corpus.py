"""The corpus of bad workbooks: each case is the small valid fixture (conftest.py) with one fault, and its
expected outcome written by hand: accepted with its totals and exact warnings, or refused with the cell named.

The workbooks are generated, never committed: openpyxl writes the fixture and the fault, or, where the
fault lives in the file's bytes (a lying zip, a shared text, an .xls header), zipfile edits what openpyxl
wrote. ``python -m tests.data_loaders.corpus --out DIR`` writes every case to DIR, one file per case.

The fixture's totals, by hand: allocation 1 000 000 + 500 000 = 1 500 000; committed 600 000 (P1) +
300 000 (P2) = 900 000; paid 90 000 + 60 000 + 45 000 = 195 000; forecasts 200 000 + 250 000 + 45 000 =
495 000; 3 projects. Grants (EU + regional): P1 600 000, P2 300 000, P3 200 000.
Cells: every sheet has its header on row 1. Programme: A1 programme id, A2 CCI, A3 title, A4 eligibility
end, A5 EU rate, A6 reference date (values in B). Budget: A code .. F allocation, G EU amount. Calls: C
objective codes, E closing date, F budget. Projects: A id, D objective, F status, J end date, K total cost,
L EU amount, M regional amount. Commitments / Forecasts: A project, B date / year, C amount. Payments: A
project, B date, C amount, D kind.
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

from data_loaders.writer import write_workbook

try:
    from .conftest import PROGRAMME, SHEETS
except ImportError:  # run as a script: python -m tests.data_loaders.corpus
    from tests.data_loaders.conftest import PROGRAMME, SHEETS

#: the date the corpus is checked on (an extract date after it is "in the future")
TODAY = date(2024, 1, 15)
TOTALS = {"allocation": 1_500_000.0, "committed": 900_000.0, "paid": 195_000.0, "forecasts": 495_000.0, "projects": 3}
ANY = object()  # a value not checked


@dataclass(frozen=True)
class Refused:
    """The workbook is refused, and among its errors is this one, located."""

    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = ANY


@dataclass(frozen=True)
class Accepted:
    """The workbook loads with these totals and exactly these warnings (code, sheet, row, column)."""

    warnings: tuple[tuple[str, str | None, int | None, str | None], ...] = ()
    totals: dict[str, float] = field(default_factory=lambda: dict(TOTALS))


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], None]
    expect: Refused | Accepted
    suffix: str = ".xlsx"

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}{self.suffix}"
        self.build(path)
        return path


# -- builders ---------------------------------------------------------------------------------------
def _rows() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    return copy.deepcopy(PROGRAMME), copy.deepcopy(SHEETS)


def fixture(**options: Any) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        programme, sheets = _rows()
        write_workbook(path, programme, sheets, **options)

    return build


def rows(change: Callable[[dict[str, Any], dict[str, list[dict[str, Any]]]], None]) -> Callable[[Path], None]:
    """The fixture's rows changed before writing."""

    def build(path: Path) -> None:
        programme, sheets = _rows()
        change(programme, sheets)
        write_workbook(path, programme, sheets)

    return build


def edit(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], None]:
    """The fixture written, then changed with openpyxl."""

    def build(path: Path) -> None:
        fixture()(path)
        wb = openpyxl.load_workbook(path)
        change(wb)
        wb.save(path)

    return build


def cell(sheet: str, ref: str, value: Any) -> Callable[[Path], None]:
    return edit(lambda wb: wb[sheet].__setitem__(ref, value))


def zipped(
    change: Callable[[dict[str, bytes]], None], start: Callable[[Path], None] | None = None
) -> Callable[[Path], None]:
    """The fixture (or ``start``) written, then its zip parts changed."""

    def build(path: Path) -> None:
        (start or fixture())(path)
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        change(parts)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)

    return build


def raw(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return build


def shared_strings(parts: dict[str, bytes], extra: dict[str, str] | None = None) -> None:
    """Rewrite openpyxl's inline strings as Excel writes them: one shared-strings part, cells pointing into it.

    ``extra`` maps "sheetN.xml!C3" to a text put in that cell (through the shared strings too).
    """
    table: dict[str, int] = {}
    order: list[str] = []

    def index(text: str) -> int:
        if text not in table:
            table[text] = len(order)
            order.append(text)
        return table[text]

    inline = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>')
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        sheet = name.rsplit("/", 1)[1]

        def repl(m: re.Match[bytes], sheet: str = sheet) -> bytes:
            ref, attrs, text = m.group(1).decode(), m.group(2), m.group(3).decode()
            text = (extra or {}).get(f"{sheet}!{ref}", text)
            return b'<c r="%s"%s t="s"><v>%d</v></c>' % (ref.encode(), attrs, index(text))

        parts[name] = inline.sub(repl, parts[name])
        for key, text in (extra or {}).items():
            target, ref = key.split("!")
            if target == sheet and f'r="{ref}"'.encode() not in parts[name]:
                row = re.match(r"[A-Z]+(\d+)", ref)
                assert row is not None
                cell_xml = b'<c r="%s" t="s"><v>%d</v></c>' % (ref.encode(), index(text))
                row_tag = b'<row r="%s">' % row.group(1).encode()
                if row_tag in parts[name]:
                    parts[name] = parts[name].replace(row_tag, row_tag + cell_xml, 1)
                else:
                    parts[name] = parts[name].replace(b"</sheetData>", row_tag + cell_xml + b"</row></sheetData>")
    items = "".join(f"<si><t>{t.replace('&', '&amp;').replace('<', '&lt;')}</t></si>" for t in order)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(order)}" uniqueCount="{len(order)}">{items}</sst>'
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml" Id="rIdSST"/></Relationships>',
    )


def _big_part(path: Path) -> None:
    """The fixture plus a 300 MB part of zeros (a zip bomb: it packs to about 300 KB)."""
    fixture()(path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/padding.bin", "w", force_zip64=True) as fh,
    ):
        block = bytes(1 << 20)
        for _ in range(300):
            fh.write(block)


def _corrupt_sheet(path: Path) -> None:
    """The Payments part's compressed bytes damaged in the middle (its checksum no longer matches)."""
    fixture()(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet6.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    fixture()(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _cell_xml(xml: bytes) -> Callable[[Path], None]:
    """The fixture with a cell written by hand at the end of the Payments sheet's last row (column E)."""

    def change(parts: dict[str, bytes]) -> None:
        sheet = "xl/worksheets/sheet6.xml"
        parts[sheet] = parts[sheet].replace(b"</row></sheetData>", xml + b"</row></sheetData>")

    return zipped(change)


def _hide(sheet: str, *rows_: int) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        for r in rows_:
            wb[sheet].row_dimensions[r].hidden = True

    return change


def _paste_twice(wb: openpyxl.Workbook) -> None:
    ws = wb["Payments"]
    for r in (2, 3, 4):
        ws.append([c.value for c in ws[r]])


def _notes_first(title: str) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb.create_sheet(title, 0)
        ws.append(["Notes de la direction FEDER"])
        ws.append(["Extraction du 30/11/2023, à vérifier"])
        ws.append(["Operation", "Status", "Remark"])
        for i in range(40):
            ws.append([f"OP{i}", "to check", "x" * (i % 7)])

    return change


def _units(sheet: str, header_cell: str, header: str, values: dict[str, Any]) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        wb[sheet][header_cell] = header
        for ref, value in values.items():
            wb[sheet][ref] = value

    return change


def _style_far(wb: openpyxl.Workbook) -> None:
    wb["Payments"]["XFD1048576"].font = Font(bold=True)  # formatting only, no value


def _hidden_forecasts(wb: openpyxl.Workbook) -> None:
    wb["Forecasts"].sheet_state = "hidden"


def _ole2(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + extra + bytes(1024)


def _programme_table(wb: openpyxl.Workbook) -> None:
    ws = wb["Programme"]
    values = [ws.cell(row=r, column=2).value for r in range(1, 7)]
    ws.delete_rows(1, 6)
    ws.append(["Programme", "CCI", "Title", "Eligibility end date", "EU rate", "As of"])
    ws.append(values)


def _set_rows(
    sheet: str, index: int, **values: Any
) -> Callable[[dict[str, Any], dict[str, list[dict[str, Any]]]], None]:
    def change(programme: dict[str, Any], sheets: dict[str, list[dict[str, Any]]]) -> None:
        sheets[sheet][index].update(values)

    return change


def _formula(sheet: str, ref: str, formula: str) -> Callable[[Path], None]:
    return cell(sheet, ref, formula)


# -- the cases ----------------------------------------------------------------------------------------
P, B, C, PR, CO, PA, F = "Programme", "Budget", "Calls", "Projects", "Commitments", "Payments", "Forecasts"
W = TOTALS

CASES: list[Case] = [
    # --- the fixture, for reference
    Case("valid-fixture", fixture(), Accepted()),
    # --- must never crash: bounds -----------------------------------------------------------------
    Case("far-cell-XFD1048576", cell(PA, "XFD1048576", 1), Refused("sheet-too-large", PA, 1048576, "XFD", "1")),
    Case("far-cell-XFD65536-text", cell(PR, "XFD65536", "note"), Refused("sheet-too-large", PR, 65536, "XFD", "note")),
    Case("far-row-A1048576", cell(CO, "A1048576", "P1"), Refused("sheet-too-large", CO, 1048576, "A", "P1")),
    Case("far-column-XFD2", cell(B, "XFD2", 12.5), Refused("sheet-too-large", B, 2, "XFD", "12.5")),
    Case("far-cell-in-programme-sheet", cell(P, "ZZ900000", "x"), Refused("sheet-too-large", P, 900000, "ZZ", "x")),
    # formatting alone far away costs nothing: accepted
    Case("far-formatting-only", edit(_style_far), Accepted()),
    Case(
        "shared-text-20MB-used-100-times",
        zipped(
            lambda parts: shared_strings(
                parts, dict.fromkeys((f"sheet7.xml!D{r}" for r in range(1, 101)), "A" * 20_000_000)
            )
        ),
        Refused("text-too-long", F, 1, "D", "A" * 39 + "…"),
    ),
    Case("zip-bomb-300MB-part", _big_part, Refused("unpacked-too-large")),
    Case("damaged-sheet-bytes", _corrupt_sheet, Refused("unreadable-file")),
    Case("half-written-file", _truncated, Refused("unreadable-file")),
    Case("not-a-zip", raw(b"this is no workbook"), Refused("unreadable-file")),
    Case("zip-without-workbook", raw(lambda: _zip({"hello.txt": b"hi"})), Refused("unreadable-file")),
    Case("xls-content-under-xlsx-name", raw(_ole2()), Refused("legacy-xls")),
    Case("password-protected", raw(_ole2("EncryptedPackage".encode("utf-16-le"))), Refused("encrypted-workbook")),
    Case("xls-name", fixture(), Refused("legacy-xls"), suffix=".xls"),
    Case("csv-name", raw(b"project id;amount\nP1;12\n"), Refused("not-xlsx"), suffix=".csv"),
    # --- dates -----------------------------------------------------------------------------------
    Case("end-date-31-12-9999-means-none", cell(PR, "J2", date(9999, 12, 31)), Accepted()),
    Case("closing-date-9999-as-text", cell(C, "E2", "31/12/9999"), Accepted()),
    Case(
        "payment-date-9999",
        cell(PA, "B3", date(9999, 12, 31)),
        Refused("open-end-date", PA, 3, "Date (B)", "31/12/9999"),
    ),
    Case(
        "payment-in-2300",
        cell(PA, "B2", date(2300, 1, 1)),
        Refused("date-out-of-range", PA, 2, "Date (B)", "01/01/2300"),
    ),
    Case(
        "payment-text-2300", cell(PA, "B4", "01/01/2300"), Refused("date-out-of-range", PA, 4, "Date (B)", "01/01/2300")
    ),
    Case(
        "commitment-in-1999",
        cell(CO, "B2", date(1999, 12, 31)),
        Refused("date-out-of-range", CO, 2, "Date (B)", "31/12/1999"),
    ),
    Case(
        "start-date-1900",
        cell(PR, "I3", date(1900, 1, 1)),
        Refused("date-out-of-range", PR, 3, "Start date (I)", "01/01/1900"),
    ),
    Case(  # calamine's date conversion panics on it: refused before the sheet is read
        "negative-number-in-a-date-cell",
        cell(C, "D2", -9_999_999_999_999),
        Refused("bad-date", C, 2, "D", "-9999999999999"),
    ),
    Case(  # the same in a column the format does not read: calamine converts every cell of the sheet
        "huge-negative-date-in-an-unread-column",
        _cell_xml(b'<c r="E4" s="1"><v>-9e15</v></c>'),
        Refused("bad-date", PA, 4, "E", "-9e15"),
    ),
    Case("number-cell-with-text-inside", _cell_xml(b'<c r="E4" t="n"><v>abc</v></c>'), Refused("unreadable-sheet", PA)),
    Case("boolean-cell-holding-7", _cell_xml(b'<c r="E4" t="b"><v>7</v></c>'), Refused("unreadable-sheet", PA)),
    Case(
        "shared-text-index-out-of-range",
        zipped(lambda parts: shared_strings(parts), _cell_xml(b'<c r="E4" t="s"><v>99999</v></c>')),
        Refused("unreadable-sheet", PA),
    ),
    Case(
        "infinite-amount",  # 1e400 is read as infinity: not an amount
        zipped(
            lambda parts: parts.__setitem__(
                "xl/worksheets/sheet6.xml", parts["xl/worksheets/sheet6.xml"].replace(b"<v>60000</v>", b"<v>1e400</v>")
            )
        ),
        Refused("bad-amount", PA, 3, "Amount (C)", "inf"),
    ),
    Case("year-1023-typo", cell(CO, "B3", "15/03/1023"), Refused("bad-date", CO, 3, "Date (B)", "15/03/1023")),
    Case(
        "reference-date-2300", cell(P, "B6", date(2300, 1, 1)), Refused("date-out-of-range", P, 6, "Reference date (B)")
    ),
    Case(
        "eligibility-end-9999",
        cell(P, "B4", date(9999, 12, 31)),
        Refused("open-end-date", P, 4, "Eligibility end date (B)", "31/12/9999"),
    ),
    Case("forecast-year-2099", cell(F, "B3", 2099), Refused("date-out-of-range", F, 3, "Year (B)", "2099")),
    # --- units in amount headers -------------------------------------------------------------------
    Case(
        "payments-in-kEUR",  # 90 + 60 + 45 k€ = 195 000 €
        edit(_units(PA, "C1", "Montant (k€)", {"C2": 90, "C3": 60, "C4": 45})),
        Accepted(),
    ),
    Case(
        "commitments-Bedrag-in-k€",  # 600 + 300 k€ = 900 000 €
        edit(_units(CO, "C1", "Bedrag in k€", {"C2": 600, "C3": 300})),
        Accepted(),
    ),
    Case(
        "commitments-Amount-kEUR-text",  # "599,5" k€ = 599 500 €; + 300 k€ -> committed 899 500 €
        edit(_units(CO, "C1", "Amount (kEUR)", {"C2": "599,5", "C3": 300})),
        Accepted(totals={**W, "committed": 899_500.0}),
    ),
    Case(
        "allocation-in-M€",  # 1 + 0,5 M€ = 1 500 000 €
        edit(_units(B, "F1", "Dotation (M€)", {"F2": 1, "F3": 0.5})),
        Accepted(),
    ),
    Case("amount-header-in-€", edit(_units(PA, "C1", "Montant (€)", {})), Accepted()),
    Case(
        "amount-header-in-USD",
        edit(_units(PA, "C1", "Amount (USD)", {})),
        Refused("unknown-unit", PA, 1, "Amount (USD) (C)", "USD"),
    ),
    Case(
        "amount-header-in-%",
        edit(_units(B, "G1", "EU amount (%)", {})),
        Refused("unknown-unit", B, 1, "EU amount (%) (G)", "%"),
    ),
    Case(
        "ambiguous-text-in-k€-column",
        edit(_units(PA, "C1", "Montant (k€)", {"C2": "1,234", "C3": 60, "C4": 45})),
        Refused("ambiguous-amount", PA, 2, "Montant (k€) (C)", "1,234"),
    ),
    # --- Excel errors and formulas without saved values ------------------------------------------
    Case("NA-in-payment-amount", cell(PA, "C3", "#N/A"), Refused("excel-error", PA, 3, "Amount (C)", "#N/A")),
    Case("REF-in-optional-eu-amount", cell(B, "G2", "#REF!"), Refused("excel-error", B, 2, "EU amount (G)", "#REF!")),
    Case(
        "DIV0-in-optional-total-cost",
        cell(PR, "K4", "#DIV/0!"),
        Refused("excel-error", PR, 4, "Total eligible cost (K)", "#DIV/0!"),
    ),
    Case("NA-in-project-name", cell(PR, "B3", "#N/A"), Refused("excel-error", PR, 3, "Name (B)", "#N/A")),
    Case(
        "formula-without-value-required",
        _formula(CO, "C2", "=C3*2"),
        Refused("formula-no-value", CO, 2, "Amount (C)", "=C3*2"),
    ),
    Case(
        "formula-without-value-optional-eu-allocation",  # the EU allocation would silently become allocation x rate
        _formula(B, "G3", "=F3*0.4"),
        Refused("formula-no-value", B, 3, "EU amount (G)", "=F3*0.4"),
    ),
    Case(
        "formula-without-value-reference-date",
        _formula(P, "B6", "=TODAY()"),
        Refused("formula-no-value", P, 6, "Reference date (B)", "=TODAY()"),
    ),
    # --- plausibility ------------------------------------------------------------------------------
    Case(
        "payment-of-9999999999999",
        cell(PA, "C3", 9_999_999_999_999),
        Refused("line-above-allocation", PA, 3, "Amount (C)", "9999999999999"),
    ),
    Case(
        "decommitment-larger-than-programme",
        cell(CO, "C3", -5_000_000),
        Refused("line-above-allocation", CO, 3, "Amount (C)", "-5000000"),
    ),
    Case(
        "project-grant-above-allocation",
        cell(PR, "L4", 2_000_000),
        Refused("grant-above-allocation", PR, 4, "EU amount (L)", "P3"),
    ),
    Case(
        "negative-regional-amount",
        cell(PR, "M3", -180_000),
        Refused("negative-grant", PR, 3, "Regional amount (M)", "-180000"),
    ),
    Case(
        "rate-0,5-percent",
        cell(P, "B5", "0,5 %"),
        Refused("rate-small-percent", P, 5, "EU co-financing rate (B)", "0,5 %"),
    ),
    Case("rate-150-percent", cell(P, "B5", "150 %"), Refused("bad-rate", P, 5, "EU co-financing rate (B)", "150 %")),
    Case("rate-minus-40", cell(P, "B5", -40), Refused("bad-rate", P, 5, "EU co-financing rate (B)", "-40")),
    Case(
        "payment-line-above-its-grant",  # P3: grant 200 000, one payment of 250 000 (and nothing committed)
        edit(lambda wb: wb[PA].append(["P3", date(2023, 11, 20), 250_000.0, "advance"])),
        Accepted(
            warnings=(("paid-above-committed", PA, None, None), ("line-above-grant", PA, 5, "Amount (C)")),
            totals={**W, "paid": 445_000.0},  # 195 000 + 250 000
        ),
    ),
    Case(
        "reference-date-in-the-future",  # TODAY is 15/01/2024
        cell(P, "B6", date(2024, 6, 30)),
        Accepted(warnings=(("as-of-in-future", P, 6, "Reference date (B)"),)),
    ),
    Case(
        "payment-before-the-programme",  # a 2021-2027 payment of 2020
        cell(PA, "B2", date(2020, 6, 1)),
        Accepted(warnings=(("line-before-programme", PA, 2, "Date (B)"),)),
    ),
    Case(
        "payment-lines-pasted-twice",  # 195 000 counted twice = 390 000, each copy warned
        edit(_paste_twice),
        Accepted(
            warnings=(
                ("duplicate-line", PA, 5, "Amount (C)"),
                ("duplicate-line", PA, 6, "Amount (C)"),
                ("duplicate-line", PA, 7, "Amount (C)"),
            ),
            totals={**W, "paid": 390_000.0},
        ),
    ),
    Case(
        "commitment-line-twice",  # P2's 300 000 twice: 1 200 000 committed, above P2's grant of 300 000 too
        edit(lambda wb: wb[CO].append(["P2", date(2023, 10, 1), 300_000.0])),
        Accepted(
            warnings=(
                ("committed-above-grant", CO, None, None),
                ("objective-over-committed", B, 3, "Allocation (F)"),
                ("duplicate-line", CO, 4, "Amount (C)"),
            ),
            totals={**W, "committed": 1_200_000.0},
        ),
    ),
    Case(
        "hidden-payment-row",
        edit(_hide(PA, 3)),
        Accepted(warnings=(("hidden-rows", PA, 3, None),)),
    ),
    Case(
        "hidden-project-rows",
        edit(_hide(PR, 3, 4)),
        Accepted(warnings=(("hidden-rows", PR, 3, None),)),
    ),
    Case("hidden-forecasts-sheet", edit(_hidden_forecasts), Accepted(warnings=(("hidden-sheet", F, None, None),))),
    # --- look-alike sheets: the cause first --------------------------------------------------------
    Case(
        "notes-sheet-named-Info-first",
        edit(_notes_first("Info")),
        Accepted(warnings=(("duplicate-sheet", "Info", None, None),)),
    ),
    Case(
        "notes-sheet-named-Operations-first",
        edit(_notes_first("Operations")),
        Accepted(warnings=(("duplicate-sheet", "Operations", None, None),)),
    ),
    Case(
        "second-payments-sheet",
        edit(lambda wb: wb.create_sheet("Betalingen")),
        Accepted(warnings=(("duplicate-sheet", "Betalingen", None, None),)),
    ),
    # --- names and formats that must load ----------------------------------------------------------
    Case("upper-case-extension", fixture(), Accepted(), suffix=".XLSX"),
    Case("xlsm-extension", fixture(), Accepted(), suffix=".xlsm"),
    Case("shared-strings-as-excel-writes", zipped(shared_strings), Accepted()),
    Case(
        "french-headers-title-and-totals-rows",
        fixture(lang="fr", text_amounts=True, totals=True, title_rows={"payments": "Extraction"}),
        # each totals row left out is reported: under the 2 budget lines (rows 2-3: row 4), the 2 commitments
        # (row 4), and the 3 payments (a title row, a blank row, the header on row 3, payments on rows 4-6: row 7)
        Accepted(
            warnings=(
                ("totals-row", "Budget", 4, None),
                ("totals-row", "Engagements", 4, None),
                ("totals-row", "Liquidations", 7, None),
            )
        ),
    ),
    Case("dutch-headers", fixture(lang="nl"), Accepted()),
    Case("programme-as-one-row-table", edit(_programme_table), Accepted()),
    # --- the classic refusals ----------------------------------------------------------------------
    Case("amount-with-two-commas", cell(PA, "C3", "12,3,4"), Refused("bad-amount", PA, 3, "Amount (C)", "12,3,4")),
    Case("impossible-date", cell(PA, "B2", "31/02/2023"), Refused("bad-date", PA, 2, "Date (B)", "31/02/2023")),
    Case(
        "unknown-payment-kind", cell(PA, "D4", "refund"), Refused("unknown-payment-kind", PA, 4, "Kind (D)", "refund")
    ),
    Case("unknown-status", cell(PR, "F3", "paused"), Refused("unknown-status", PR, 3, "Status (F)", "paused")),
    Case("duplicate-project", cell(PR, "A4", "P1"), Refused("duplicate-id", PR, 4, "Project id (A)", "P1")),
    Case(
        "project-unknown-objective",
        cell(PR, "D2", "9.9"),
        Refused("unknown-objective", PR, 2, "Objective code (D)", "9.9"),
    ),
    Case("payment-unknown-project", cell(PA, "A4", "P7"), Refused("unknown-project", PA, 4, "Project id (A)", "P7")),
    Case("negative-allocation", cell(B, "F3", -1000), Refused("negative-allocation", B, 3, "Allocation (F)", "-1000")),
    Case("missing-payments-sheet", edit(lambda wb: wb.remove(wb[PA])), Refused("missing-sheet")),
    Case("two-digit-year", cell(P, "B6", "30/11/23"), Refused("bad-date", P, 6, "Reference date (B)", "30/11/23")),
    Case("empty-required-cell", cell(PR, "D2", None), Refused("missing-value", PR, 2, "Objective code (D)")),
    Case(
        "unknown-programme",
        cell(P, "B1", "2028-2034"),
        Refused("unknown-programme", P, 1, "Programme (B)", "2028-2034"),
    ),
]


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def write_all(folder: Path) -> list[Path]:
    """Write every case to ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return [case.write(folder) for case in CASES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write the corpus of bad workbooks")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
