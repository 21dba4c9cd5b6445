"""The official figures' workbook: per priority, the series over the cut-offs, the peers and the reconciliation.

openpyxl: amounts are real numbers with a euro format, rates real fractions with a percentage format, dates
real dates; every text is written as a string cell, and one that starts like a formula gets Excel's quote
prefix (``exports.safe``), so a programme title from a file can never run as a formula. One sheet per table,
with a frozen header and an auto-filter; a first sheet says what the figures are and where they come from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.safe import cell_text, needs_quote_prefix
from i18n import t

#: euro amounts with two decimals; the sign's place the language's (the separators are the reader's)
EUR_FORMATS = {"fr": '#,##0.00\\ "€"', "nl": '"€"\\ #,##0.00', "en": '"€"#,##0.00'}
PCT_FORMAT = "0.0%"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="1C4E9C")
HEADER_FONT = Font(bold=True, color="FFFFFF")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the frame's field, the header's catalogue key (or text), its kind."""

    field: str
    header: str  # the header, already in the language
    kind: str = "text"  # "text" | "eur" | "pct" | "date" | "int"


@dataclass(frozen=True)
class Table:
    """One sheet: its name, a line saying what it shows, the columns and the rows."""

    name: str
    note: str
    columns: Sequence[Column]
    rows: pd.DataFrame
    bold: str | None = None  # a boolean / text field: the rows where it is true are written bold


@dataclass(frozen=True)
class OfficialExport:
    """What the official figures' page shows, for the workbook."""

    lang: str
    cci: str
    title: str
    source: str  # the file's name
    at: str  # "Situation at 31/12/2020" / "Amounts of programme version 5.1"
    exported_at: datetime
    about: Sequence[str] = ()  # the first sheet's lines: what the figures are, the quirks
    tables: Sequence[Table] = field(default_factory=tuple)
    stamp: str = ""  # the cut-off (ISO date) or the programme version, for the file name


def _text(ws: Worksheet, row: int, col: int, value: Any, bold: bool = False) -> None:
    text = cell_text(value)
    c = ws.cell(row=row, column=col)
    c.value = text
    c.data_type = "s"  # a string cell, never a formula, whatever the text starts with
    if needs_quote_prefix(text):
        c.quotePrefix = True
    if bold:
        c.font = Font(bold=True)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _value(ws: Worksheet, row: int, col: int, column: Column, value: Any, lang: str, bold: bool) -> None:
    if _missing(value):
        return
    if column.kind == "text":
        _text(ws, row, col, value, bold)
        return
    c = ws.cell(row=row, column=col)
    if column.kind == "date":
        c.value = pd.Timestamp(value).to_pydatetime().date() if not isinstance(value, date) else value
        c.number_format = DATE_FORMAT
    else:
        c.value = float(value) if column.kind != "int" else int(value)
        c.number_format = {"eur": EUR_FORMATS.get(lang, EUR_FORMATS["en"]), "pct": PCT_FORMAT, "int": "0"}[column.kind]
    if bold:
        c.font = Font(bold=True)


def _sheet_name(text: str) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in text)
    return cleaned[:31] or "x"


def _write_table(wb: Workbook, table: Table, lang: str) -> None:
    ws = wb.create_sheet(_sheet_name(table.name))
    _text(ws, 1, 1, table.note)
    header_row = 3
    for j, column in enumerate(table.columns, start=1):
        _text(ws, header_row, j, column.header)
        c = ws.cell(row=header_row, column=j)
        c.fill, c.font = HEADER_FILL, HEADER_FONT
        width = 14 if column.kind in ("eur", "pct", "date", "int") else 12
        longest = max([len(column.header) // 2, *(len(cell_text(v)) for v in table.rows.get(column.field, []))][:200])
        ws.column_dimensions[get_column_letter(j)].width = min(
            60, max(width, longest + 2, 18 if column.kind == "eur" else 0)
        )
    for i, rec in enumerate(table.rows.to_dict("records"), start=header_row + 1):
        bold = bool(rec.get(table.bold)) if table.bold else False
        for j, column in enumerate(table.columns, start=1):
            _value(ws, i, j, column, rec.get(column.field), lang, bold)
    last = header_row + max(len(table.rows), 1)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.columns))}{last}"


def write_official(export: OfficialExport, out: IO[bytes] | str) -> None:
    """Write the workbook of the official figures' page to ``out`` (a file name or a binary stream)."""
    lang = export.lang
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(t("official.export.about_sheet", lang))
    lines = [
        f"{t('official.title', lang)} — {export.title}",
        f"CCI {export.cci}",
        t("official.source", lang, file=export.source),
        export.at,
        t("official.export.exported", lang, when=export.exported_at.strftime("%d/%m/%Y %H:%M")),
        "",
        *export.about,
    ]
    for i, line in enumerate(lines, start=1):
        _text(ws, i, 1, line, bold=i == 1)
    ws.column_dimensions["A"].width = 120
    for table in export.tables:
        _write_table(wb, table, lang)
    wb.properties.title = cell_text(f"{t('official.title', lang)} {export.cci}")
    wb.save(out)
