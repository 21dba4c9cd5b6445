"""The workbook writer: XlsxWriter, with the few things every sheet of an export needs.

* Every value is written by its kind: numbers as numbers with a number format, dates as Excel
  dates, texts always as strings (``write_string``, never ``write``, which would turn "=..." into
  a formula), texts that start like a formula with Excel's quote prefix (see ``exports.safe``).
  The only formulas are the totals rows' SUBTOTALs, which the writer builds itself.
* Number formats are locale-neutral codes: Excel shows the reader's own separators; euros keep
  two decimals, rates are real fractions shown as percentages, dates use Excel's built-in short
  date (shown in the reader's date order).
* A table is an Excel table (header, banded rows, auto-filter) with a totals row of
  ``SUBTOTAL(109, <first row>:<last row>)`` per amount column, so the totals follow the filter;
  rate columns total as SUBTOTAL(numerator) / SUBTOTAL(denominator). Status columns hold the
  status word, coloured by conditional formatting (the colour never stands alone).
* ``stream=True`` writes in XlsxWriter's constant-memory mode (each row is flushed to disk as it
  is written) for the Payments and Commitments sheets of a national programme: XlsxWriter cannot
  make a native table in that mode, so each sheet gets the same header, auto-filter, frozen
  header, widths, formats and SUBTOTAL totals row on a plain range instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from exports.columns import Column, Ratio
from exports.safe import MAX_CELL_CHARS, cell_text, needs_quote_prefix
from i18n import t
from monitoring.status import plain_shown

#: euro amounts with two decimals; the separators are the reader's, the sign's place the language's
EUR_FORMATS = {"fr": '#,##0.00\\ "€"', "nl": '"€"\\ #,##0.00', "en": '"€"#,##0.00'}
#: rates with one or two decimals (the display rule's precision), a no-break-space-like gap before % in French
PCT_FORMATS = {
    "fr": {1: "0.0\\ %", 2: "0.00\\ %"},
    "nl": {1: "0.0%", 2: "0.00%"},
    "en": {1: "0.0%", 2: "0.00%"},
}
INT_FORMAT = "#,##0"
YEAR_FORMAT = "0"
#: Excel's built-in short date and date-time (ids 14 and 22): shown in the reader's own order
DATE_FORMAT_ID = 14
DATETIME_FORMAT_ID = 22

#: fills (and their text colour, AA contrast) of the red / orange / green status cells
RAG_FILLS = {
    "red": ("#F8D7DA", "#8A1C12"),
    "orange": ("#FFE8CC", "#8A3A00"),
    "green": ("#D3F9D8", "#1E5C2E"),
}
SERIES_COLOURS = {"allocation": "#ADB5BD", "committed": "#1C7ED6", "paid": "#0B7285"}
TABLE_STYLE = "Table Style Medium 2"
HEADER_COLOUR = "#1C4E9C"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
#: rows of a value kind's words: kind -> catalogue family
WORD_FAMILIES = {
    "rag": "rag.",
    "stage": "stage.",
    "kind": "payment_kind.",
    "decommitment": "decommitment.status.",
    "method": "decommitment.method.",
}
#: the colour of each decommitment standing (the same fills as red / orange / green)
DECOMMITMENT_RAG = {"covered": "green", "to_watch": "orange", "urgent": "red", "decommitted": "red"}


@dataclass(frozen=True)
class TableArea:
    """Where a table was written (0-based, inclusive): header row, data rows, totals row, and its columns."""

    sheet: str
    header_row: int
    first_row: int
    last_row: int  # last data row
    totals_row: int
    fields: tuple[str, ...]

    def col(self, field: str) -> int:
        return self.fields.index(field)


def sheet_name(text: str) -> str:
    """A valid sheet name: no []:*?/\\, no leading or trailing apostrophe, at most 31 characters."""
    name = _SHEET_NAME_BAD.sub("-", text).strip("'")
    return name[:31].strip() or "-"


def table_name(text: str) -> str:
    """A valid Excel table name (letters, digits, underscores; starts with a letter; not a cell reference)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not name or not name[0].isalpha():
        name = "T_" + name
    return "T_" + name if re.fullmatch(r"[A-Za-z]{1,3}\d+", name) else name


def _missing(v: Any) -> bool:
    """None, NaN and NaT."""
    if v is None:
        return True
    if isinstance(v, str):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_datetime(v: Any) -> datetime | None:
    if _missing(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, np.datetime64):
        return None if np.isnat(v) else pd.Timestamp(v).to_pydatetime()
    return None


class Book:
    """One workbook being written, in one language, with its cached formats and unique sheet and table names."""

    def __init__(self, out: IO[bytes] | str, lang: str, *, stream: bool = False) -> None:
        self.lang = lang
        self.stream = stream
        self.wb = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": stream,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": False,
            },
        )
        self._formats: dict[str, Format] = {}
        self._sheets: set[str] = set()
        self._tables: set[str] = set()

    # --- formats ----------------------------------------------------------------------------
    def fmt(self, name: str) -> Format:
        """A named format: text, text_q (quote prefix), eur, pct, int, year, date, datetime, header, bold, ..."""
        if name not in self._formats:
            self._formats[name] = self.wb.add_format(self._format_props(name))
        return self._formats[name]

    def _format_props(self, name: str) -> dict[str, Any]:
        base, _, variant = name.partition("+")
        table: dict[str, dict[str, Any]] = {
            "text": {},
            "text_q": {"quote_prefix": True},
            "label": {},
            "eur": {"num_format": EUR_FORMATS.get(self.lang, EUR_FORMATS["en"])},
            "pct": {"num_format": PCT_FORMATS.get(self.lang, PCT_FORMATS["en"])[1]},
            "pct2": {"num_format": PCT_FORMATS.get(self.lang, PCT_FORMATS["en"])[2]},
            "int": {"num_format": INT_FORMAT},
            "year": {"num_format": YEAR_FORMAT},
            "date": {"num_format": DATE_FORMAT_ID},
            "datetime": {"num_format": DATETIME_FORMAT_ID},
            "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOUR, "text_wrap": True},
            "title": {"bold": True, "font_size": 16, "font_color": HEADER_COLOUR},
            "subtitle": {"italic": True, "font_color": "#495057"},
            "section": {"bold": True, "font_size": 12, "font_color": HEADER_COLOUR, "bottom": 1},
            "key": {"bold": True, "font_color": "#343A40"},
            "note": {"italic": True, "font_color": "#495057", "text_wrap": True},
            "demo": {"bold": True, "font_color": "#8A3A00", "bg_color": "#FFE8CC"},
        }
        props = dict(table[base])
        if variant in RAG_FILLS:
            fill, font = RAG_FILLS[variant]
            props.update({"bg_color": fill, "font_color": font, "bold": True})
        elif variant == "bold":
            props["bold"] = True
        elif variant == "total":
            props.update({"bold": True, "top": 1})
        return props

    def rag_fill(self, rag: str) -> Format:
        """The format of a conditional status fill (background and text colour of ``rag``)."""
        key = f"cf_{rag}"
        if key not in self._formats:
            fill, font = RAG_FILLS[rag]
            self._formats[key] = self.wb.add_format({"bg_color": fill, "font_color": font})
        return self._formats[key]

    # --- sheets -----------------------------------------------------------------------------
    def sheet(self, name: str) -> Worksheet:
        """A new sheet; the name is made valid and unique (" (2)" added to a name already taken)."""
        base = sheet_name(name)
        candidate, i = base, 2
        while candidate.lower() in self._sheets:
            suffix = f" ({i})"
            candidate, i = base[: 31 - len(suffix)] + suffix, i + 1
        self._sheets.add(candidate.lower())
        return self.wb.add_worksheet(candidate)

    def unique_table(self, name: str) -> str:
        base = table_name(name)
        candidate, i = base, 2
        while candidate.lower() in self._tables:
            candidate, i = f"{base}_{i}", i + 1
        self._tables.add(candidate.lower())
        return candidate

    # --- cells ------------------------------------------------------------------------------
    def text(self, ws: Worksheet, row: int, col: int, value: Any, fmt: str = "text") -> None:
        """A text cell: always a string, with the quote prefix when it starts like a formula."""
        s = cell_text(value)
        if needs_quote_prefix(s):
            fmt = "text_q" if fmt == "text" else fmt
            ws.write_string(row, col, s, self._quoted(fmt))
        elif fmt == "text":
            ws.write_string(row, col, s)
        else:
            ws.write_string(row, col, s, self.fmt(fmt))

    def _quoted(self, fmt: str) -> Format:
        if fmt == "text_q":
            return self.fmt("text_q")
        key = f"q:{fmt}"
        if key not in self._formats:
            self._formats[key] = self.wb.add_format({**self._format_props(fmt), "quote_prefix": True})
        return self._formats[key]

    def number(self, ws: Worksheet, row: int, col: int, value: Any, fmt: str) -> None:
        """A number with its format; a missing value (NaN, None) is an empty cell with the same format."""
        if _missing(value):
            ws.write_blank(row, col, None, self.fmt(fmt))
        else:
            ws.write_number(row, col, float(value), self.fmt(fmt))

    def when(self, ws: Worksheet, row: int, col: int, value: Any, fmt: str = "date") -> None:
        """A date (or date-time) as an Excel date; a missing one is an empty cell."""
        d = _as_datetime(value)
        if d is None:
            ws.write_blank(row, col, None, self.fmt(fmt))
        else:
            ws.write_datetime(row, col, d, self.fmt(fmt))

    def rate(
        self, ws: Worksheet, row: int, col: int, value: Any, decimals: int | None = None, fmt_variant: str = ""
    ) -> None:
        """A rate as every output writes it: the value shown (the display rule's, ``decimals`` in percent) with the
        number format of that precision, so Excel shows the figure the page shows. Without ``decimals`` the value
        is a plain rate, rounded half up to one decimal."""
        suffix = f"+{fmt_variant}" if fmt_variant else ""
        if _missing(value):
            self.number(ws, row, col, None, "pct" + suffix)
            return
        if decimals is None:
            value, decimals = float(plain_shown([float(value)])[0]), 1
        self.number(ws, row, col, value, ("pct2" if decimals >= 2 else "pct") + suffix)

    def value(self, ws: Worksheet, row: int, col: int, value: Any, kind: str, fmt_variant: str = "") -> None:
        """A value of any column kind (see exports.columns.KINDS)."""
        suffix = f"+{fmt_variant}" if fmt_variant else ""
        if kind == "pct":
            self.rate(ws, row, col, value, fmt_variant=fmt_variant)
        elif kind in ("eur", "int", "year"):
            self.number(ws, row, col, value, kind + suffix)
        elif kind in ("date", "datetime"):
            self.when(ws, row, col, value, kind + suffix)
        else:
            self.text(ws, row, col, self.word(kind, value), "text" + suffix if suffix else "text")

    def word(self, kind: str, value: Any) -> str:
        """The text a cell of ``kind`` shows for ``value`` (status and stage words in the book's language)."""
        if _missing(value):
            return ""
        if kind in WORD_FAMILIES:
            return t(WORD_FAMILIES[kind] + str(value), self.lang) if value != "" else ""
        if kind == "yesno":
            return t("export.yes" if bool(value) else "export.no", self.lang)
        return cell_text(value)

    # --- tables -----------------------------------------------------------------------------
    def table(
        self,
        ws: Worksheet,
        top: int,
        columns: Sequence[Column],
        frame: pd.DataFrame,
        name: str,
        *,
        header_context: Mapping[str, str] | None = None,
        label: Callable[[Mapping[str, Any]], str] | None = None,
        freeze: bool = True,
        width_hint: Mapping[str, int] | None = None,
    ) -> TableArea | None:
        """Write ``frame`` as a table whose header is on row ``top``; None (and nothing written) if it has no row.

        ``label`` gives the text of "label" columns (e.g. the objective's label in the language).
        """
        cols = [c for c in columns if c.field in frame.columns or c.default is not None or c.kind == "label"]
        n = len(frame)
        if n == 0:
            return None
        headers = [t(c.header, self.lang, **(header_context or {})) for c in cols]
        fields = tuple(c.field for c in cols)
        first, last, totals = top + 1, top + n, top + n + 1
        values = [self._column_values(frame, c, label) for c in cols]
        decimals = [self._rate_decimals(frame, c) for c in cols]
        formulas, cached = self._totals(cols, values, first, last)

        if self.stream:
            for j, h in enumerate(headers):
                ws.write_string(top, j, h, self.fmt("header"))
        else:
            ws.add_table(
                top,
                0,
                totals,
                len(cols) - 1,
                {
                    "name": self.unique_table(name),
                    "style": TABLE_STYLE,
                    "total_row": True,
                    "columns": [
                        self._table_column(j, c, headers[j], formulas[j], cached[j]) for j, c in enumerate(cols)
                    ],
                },
            )
        writers = [self._cell_writer(ws, c, decimals[j]) for j, c in enumerate(cols)]
        for i in range(n):
            row = first + i
            for j, write in enumerate(writers):
                write(row, j, values[j][i])
        if self.stream:
            self.text(ws, totals, 0, t("export.total", self.lang), "text+total")
            for j, c in enumerate(cols):
                formula = formulas[j]
                if formula:
                    ws.write_formula(totals, j, "=" + formula, self.fmt(self._kind_format(c) + "+total"), cached[j])
            ws.autofilter(top, 0, last, len(cols) - 1)
        self._status_colours(ws, cols, first, last)
        self._widths(ws, cols, headers, values, width_hint or {})
        if freeze:
            ws.freeze_panes(top + 1, 0)
        return TableArea(ws.name, top, first, last, totals, fields)

    def _table_column(
        self, j: int, c: Column, header: str, formula: str | None, cached: float | None
    ) -> dict[str, Any]:
        spec: dict[str, Any] = {"header": header, "format": self.fmt(self._kind_format(c))}
        if j == 0:
            spec["total_string"] = t("export.total", self.lang)
        elif formula:
            spec["total_function"] = formula
            spec["total_value"] = cached if cached is not None else 0
        return spec

    @staticmethod
    def _kind_format(c: Column) -> str:
        return c.kind if c.kind in ("eur", "pct", "int", "year", "date") else "text"

    def _column_values(
        self, frame: pd.DataFrame, c: Column, label: Callable[[Mapping[str, Any]], str] | None
    ) -> list[Any]:
        if c.kind == "label":
            if label is not None:
                return [label({str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]
            col = f"label_{self.lang}"
            src = frame[col] if col in frame.columns else frame[c.field]
            return [self.word("text", v) for v in src.tolist()]
        series = frame[c.field] if c.field in frame.columns else pd.Series([c.default] * len(frame), dtype=object)
        if c.kind == "pct":  # the rate as written on the page (the core's display rule), not the raw fraction
            shown = f"{c.field}_shown"
            if shown in frame.columns:
                return [None if _missing(v) else float(v) for v in frame[shown].tolist()]
            rates = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
            return [None if np.isnan(v) else float(v) for v in plain_shown(rates)]
        if c.kind in WORD_FAMILIES or c.kind == "yesno":
            return [self.word(c.kind, v) for v in series.tolist()]
        if c.kind == "date":
            return excel_serials(series)
        return series.tolist()

    @staticmethod
    def _rate_decimals(frame: pd.DataFrame, c: Column) -> list[int] | None:
        """The decimals each rate of a column is written with (the display rule's), None for other columns."""
        col = f"{c.field}_decimals"
        if c.kind != "pct" or col not in frame.columns:
            return None
        return [1 if _missing(d) else int(d) for d in frame[col].tolist()]

    def _cell_writer(
        self, ws: Worksheet, c: Column, decimals: Sequence[int] | None = None
    ) -> Callable[[int, int, Any], None]:
        kind = self._kind_format(c)
        if kind == "pct" and decimals is not None and any(d >= 2 for d in decimals):
            one, two = self.fmt("pct"), self.fmt("pct2")
            first_row: list[int] = []

            def write_rate(row: int, col: int, v: Any) -> None:
                if not first_row:
                    first_row.append(row)
                fmt = two if decimals[row - first_row[0]] >= 2 else one
                if v is None or v != v:
                    ws.write_blank(row, col, None, fmt)
                else:
                    ws.write_number(row, col, v, fmt)

            return write_rate
        if kind in ("eur", "pct", "int", "year"):
            fmt = self.fmt(kind)

            def write_number(row: int, col: int, v: Any) -> None:
                if v is None or v != v:  # None or NaN
                    ws.write_blank(row, col, None, fmt)
                else:
                    ws.write_number(row, col, v, fmt)

            return write_number
        if kind == "date":  # Excel's date serial numbers (see excel_serials), with the date format
            day = self.fmt("date")

            def write_day(row: int, col: int, v: Any) -> None:
                if v is None:
                    ws.write_blank(row, col, None, day)
                else:
                    ws.write_number(row, col, v, day)

            return write_day
        quoted = self.fmt("text_q")

        def write_text(row: int, col: int, v: Any) -> None:
            s = v if isinstance(v, str) else cell_text(v)
            if len(s) > MAX_CELL_CHARS:
                s = s[:MAX_CELL_CHARS]
            if s and s[0] in "=+-@\t\r\n":
                ws.write_string(row, col, s, quoted)
            else:
                ws.write_string(row, col, s)

        return write_text

    def _totals(
        self, cols: Sequence[Column], values: Sequence[Sequence[Any]], first: int, last: int
    ) -> tuple[list[str | None], list[float | None]]:
        """The totals row's formulas (without "=") and their cached values (the sums of the rows written)."""
        letters = {c.field: xl_col_to_name(j) for j, c in enumerate(cols)}
        sums: dict[str, float] = {}
        for j, c in enumerate(cols):
            if c.total is not None or any(isinstance(o.total, Ratio) for o in cols):
                nums = [float(v) for v in values[j] if isinstance(v, int | float) and not _missing(v)]
                sums[c.field] = round(math.fsum(nums), 2) if c.kind == "eur" else math.fsum(nums)

        def subtotal(field: str) -> str:
            return f"SUBTOTAL(109,{letters[field]}{first + 1}:{letters[field]}{last + 1})"

        formulas: list[str | None] = []
        cached: list[float | None] = []
        for c in cols:
            if c.total == "sum":
                formulas.append(subtotal(c.field))
                cached.append(sums.get(c.field, 0.0))
            elif isinstance(c.total, Ratio) and c.total.numerator in letters and c.total.denominator in letters:
                formulas.append(f'IFERROR({subtotal(c.total.numerator)}/{subtotal(c.total.denominator)},"")')
                den = sums.get(c.total.denominator, 0.0)
                cached.append(sums.get(c.total.numerator, 0.0) / den if den else None)
            else:
                formulas.append(None)
                cached.append(None)
        return formulas, cached

    def _status_colours(self, ws: Worksheet, cols: Sequence[Column], first: int, last: int) -> None:
        for j, c in enumerate(cols):
            if c.kind not in ("rag", "decommitment"):
                continue
            pairs = [(rag, rag) for rag in RAG_FILLS] if c.kind == "rag" else list(DECOMMITMENT_RAG.items())
            for value, rag in pairs:
                word = self.word(c.kind, value).replace('"', '""')
                ws.conditional_format(
                    first,
                    j,
                    last,
                    j,
                    {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": self.rag_fill(rag)},
                )

    def _widths(
        self,
        ws: Worksheet,
        cols: Sequence[Column],
        headers: Sequence[str],
        values: Sequence[Sequence[Any]],
        hint: Mapping[str, int],
    ) -> None:
        for j, c in enumerate(cols):
            ws.set_column(j, j, hint.get(c.field) or fitting_width(c.kind, headers[j], values[j]))


#: day 0 of Excel's (1900) date system: a date is the number of days since, as XlsxWriter's write_datetime counts
EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")


def excel_serials(series: pd.Series) -> list[float | None]:
    """Dates as Excel's serial day numbers (what ``write_datetime`` writes, computed for the whole column at once).

    Dates before 1 March 1900 (Excel's phantom 29 February 1900) never occur in programme data; missing ones are None.
    """
    days = pd.to_datetime(series).to_numpy(dtype="datetime64[ns]")
    serial = (days - EXCEL_EPOCH) / np.timedelta64(1, "D")
    return [None if np.isnan(x) else float(x) for x in serial]


def fitting_width(kind: str, header: str, values: Iterable[Any]) -> float:
    """A column width (in characters) that fits the header (with its filter button) and the values."""
    head = min(len(header), 24) + 3
    vals = list(values)
    if kind in ("eur", "int"):
        nums = [abs(float(v)) for v in vals if isinstance(v, int | float) and not _missing(v)]
        biggest = max(nums, default=0.0)
        body = len(f"{biggest:,.0f}") + (6 if kind == "eur" else 1)
    elif kind == "pct":
        body = 7
    elif kind in ("date", "year"):
        body = 11
    else:
        lengths = pd.Series([v for v in vals if isinstance(v, str)], dtype=object).str.len()
        body = int(lengths.max()) + 1 if len(lengths) else 4
    return float(min(max(head, body, 6), 60))


def cell(row: int, col: int) -> str:
    """ "B4" for (3, 1)."""
    return str(xl_rowcol_to_cell(row, col))
