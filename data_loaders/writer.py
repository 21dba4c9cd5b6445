"""Writing a programme workbook in the documented format (openpyxl).

Used by the demo-data generator and by the tests, which build valid workbooks
and their FR / NL / Belgian-text variants from the same rows. Amounts are
written as real numbers with a number format (or, with ``text_amounts``, as the
Belgian text a regional export would hold: "1.234.567,89").
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from . import aliases

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
_AMOUNT_KEYS = {"allocation", "eu_amount", "budget", "total_cost", "regional_amount", "amount", "declared_total"}


def belgian_amount(value: float) -> str:
    """``1234567.891`` -> ``"1.234.567,89"`` (the Belgian/French way of writing an amount)."""
    neg = value < 0
    cents = round(abs(value) * 100)
    whole, frac = divmod(cents, 100)
    text = f"{whole:,}".replace(",", ".") + f",{frac:02d}"
    return "-" + text if neg else text


def write_workbook(
    path: str | Path,
    programme: dict[str, Any],
    sheets: dict[str, list[dict[str, Any]]],
    *,
    lang: str = "en",
    text_amounts: bool = False,
    title_rows: dict[str, str] | None = None,
    totals: bool = False,
    notes: list[str] | None = None,
) -> Path:
    """Write one programme workbook and return its path.

    ``programme`` maps Programme-sheet fields (programme_id, cci, title,
    eligibility_end, eu_rate, as_of) to values; ``sheets`` maps sheet keys
    (budget, calls, projects, commitments, payments, forecasts, tranches,
    prefinancing, claims) to rows, each a dict of column key -> value (columns
    in the order of aliases.COLUMNS).
    ``lang`` picks the sheet names and headers; ``title_rows`` puts a title line
    above the header of the named sheets; ``totals`` adds a totals row under the
    Budget, Commitments and Payments tables; ``notes`` adds a Notes sheet.
    """
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = aliases.sheet_name("programme", lang)
    for key, value in programme.items():
        ws.append([aliases.programme_key_name(key, lang), value])
        cell = ws.cell(row=ws.max_row, column=2)
        if isinstance(value, (date, datetime)):
            cell.number_format = DATE_FORMAT
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60

    for sheet, rows in sheets.items():
        ws = wb.create_sheet(aliases.sheet_name(sheet, lang))
        keys = list(aliases.COLUMNS[sheet])
        if rows:
            keys = [k for k in keys if any(k in row for row in rows)]
        if title_rows and sheet in title_rows:
            ws.append([title_rows[sheet]])
            ws.append([])
        ws.append([aliases.header_name(sheet, k, lang) for k in keys])
        header_row = ws.max_row
        for row in rows:
            values = []
            for k in keys:
                v = row.get(k)
                if text_amounts and k in _AMOUNT_KEYS and isinstance(v, (int, float)):
                    v = belgian_amount(v)
                values.append(v)
            ws.append(values)
        for idx, k in enumerate(keys, start=1):
            letter = ws.cell(row=header_row, column=idx).column_letter
            ws.column_dimensions[letter].width = 14 if k not in ("name", "title", "beneficiary") else 40
            for r in range(header_row + 1, ws.max_row + 1):
                cell = ws.cell(row=r, column=idx)
                if isinstance(cell.value, (date, datetime)):
                    cell.number_format = DATE_FORMAT
                elif isinstance(cell.value, float):
                    cell.number_format = AMOUNT_FORMAT
        versions = sheet == "budget" and "valid_from" in keys  # versions of a code: their sum means nothing
        if totals and sheet in ("budget", "commitments", "payments") and rows and not versions:
            total_row = ["TOTAL"] + [None] * (len(keys) - 1)
            first, last = header_row + 1, ws.max_row
            for idx, k in enumerate(keys):
                if k in _AMOUNT_KEYS and idx > 0:
                    letter = ws.cell(row=header_row, column=idx + 1).column_letter
                    total_row[idx] = f"=SUM({letter}{first}:{letter}{last})"
            ws.append(total_row)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)

    if notes:
        ws = wb.create_sheet("Notes")
        for line in notes:
            ws.append([line])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    _pin_timestamps(path)
    return path


_STAMP = "2023-11-30T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")


def _pin_timestamps(path: Path) -> None:
    """Rewrite the saved file with fixed zip and document dates, so the same rows give the same bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + _STAMP.encode() + rb"\g<3>", data)
            info = zipfile.ZipInfo(name, date_time=(2023, 11, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
