"""Loading one programme workbook into a validated :class:`monitoring.model.ProgrammeData`.

``check_workbook`` opens the workbook within its bounds (:mod:`data_loaders.package`), reads
the Programme sheet's fields and every data sheet, parses every cell by the column's kind
(text, amount, date, year, status, payment kind, resource, objective codes), runs the cross-sheet checks
of :mod:`data_loaders.validation`, and returns the data together with every issue found; it
never raises for a bad workbook. ``load_programme`` does the same but refuses a workbook with
errors.

Both run in the calling process. The dashboard and the check command read through
:mod:`data_loaders.isolation` instead, in a child process with a memory limit.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from monitoring.model import FRAME_COLUMNS, PROGRAMME_IDS, ProgrammeData, ProgrammeInfo, coerce_column, coerce_frame

from . import aliases, operations, reader, validation
from .issues import Issue, WorkbookError
from .limits import DEFAULT_LIMITS, OPEN_END_DATE, IntakeLimits
from .package import SheetScan
from .parsing import (
    MAX_AMOUNT,
    column_letter,
    display,
    is_blank,
    parse_amount,
    parse_date,
    parse_rate,
    parse_scaled_amount,
    parse_text,
    parse_year,
)

#: the cells that must hold a value on every data row
REQUIRED_VALUES = {
    "budget": ("code", "allocation"),
    "calls": ("call_id", "objective_codes", "budget"),
    "projects": ("project_id", "objective_code", "stage", "eu_amount", "regional_amount"),
    "commitments": ("project_id", "date", "amount"),
    "payments": ("project_id", "date", "amount", "kind"),
    "forecasts": ("project_id", "year", "amount"),
    "tranches": ("year", "eu_amount"),
    "prefinancing": ("year", "amount"),
    "claims": ("date", "declared_total", "eu_amount"),
}
#: Programme-sheet fields that may be left out or empty ("" then)
OPTIONAL_PROGRAMME_FIELDS = ("cci", "title", "title_fr", "title_nl", "title_en")
#: the data sheets, in the order they are read and reported (the last four are optional)
DATA_SHEETS = (
    "budget",
    "calls",
    "projects",
    "commitments",
    "payments",
    "forecasts",
    "tranches",
    "prefinancing",
    "claims",
)
#: issues that explain others: reported before every other issue
CAUSES = ("duplicate-sheet",)
_SPECIAL_KINDS = {
    ("projects", "stage"): "stage",
    ("payments", "kind"): "kind",
    ("calls", "objective_codes"): "codes",
    ("forecasts", "year"): "year",
    ("tranches", "year"): "year",
    ("prefinancing", "year"): "year",
    ("tranches", "resource"): "resource",
    ("prefinancing", "resource"): "resource",
    ("claims", "resource"): "resource",
}
_CODE_SPLIT = re.compile(r"[;,/\s]+")
_PROGRAMME_YEARS = re.compile(r"(20\d\d)\D{1,5}(20\d\d)")
_log = logging.getLogger(__name__)

Record = dict[str, Any]
Converter = Callable[[object], Any]


class CellError(ValueError):
    """A cell that cannot be read: ``code`` is the issue code, ``params`` its message params."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Located:
    """A Programme-sheet field as found: its raw value, Excel row, column label and 0-based column."""

    raw: object
    row: int
    label: str
    col: int


# -- one cell ---------------------------------------------------------------------------------------
def _kind(sheet: str, col: str) -> str:
    return _SPECIAL_KINDS.get((sheet, col), FRAME_COLUMNS[sheet][col])


def _window(limits: IntakeLimits) -> dict[str, str]:
    return {"first": limits.date_min.strftime("%d/%m/%Y"), "last": limits.date_max.strftime("%d/%m/%Y")}


def check_date(value: date | None, limits: IntakeLimits, required: bool) -> date | None:
    """A parsed date checked against the plausible window; 31/12/9999 is "no date" (refused where required)."""
    if value is None:
        return None
    if value == OPEN_END_DATE:
        if required:
            raise CellError("open-end-date")
        return None
    if not limits.date_min <= value <= limits.date_max:
        raise CellError("date-out-of-range", **_window(limits))
    return value


def _amount(scale: float) -> Converter:
    def convert(value: object) -> float | None:
        try:
            return parse_scaled_amount(value, scale) if scale != 1.0 else parse_amount(value)
        except ValueError as exc:
            raise CellError("ambiguous-amount" if str(exc) == "ambiguous" else "bad-amount") from None

    return convert


def _date(limits: IntakeLimits, required: bool) -> Converter:
    def convert(value: object) -> date | None:
        try:
            parsed = parse_date(value)
        except ValueError:
            raise CellError("bad-date") from None
        return check_date(parsed, limits, required)

    return convert


def _year(limits: IntakeLimits) -> Converter:
    def convert(value: object) -> int | None:
        try:
            year = parse_year(value)
        except ValueError:
            raise CellError("bad-year") from None
        if year is not None and not limits.date_min.year <= year <= limits.date_max.year:
            raise CellError("date-out-of-range", **_window(limits))
        return year

    return convert


def _word(lookup: Callable[[object], str | None], code: str) -> Converter:
    def convert(value: object) -> str | None:
        if is_blank(value):
            return None
        key = lookup(value)
        if key is None:
            raise CellError(code)
        return key

    return convert


def _codes(value: object) -> str:
    codes = [parse_text(c) for c in _CODE_SPLIT.split(parse_text(value)) if c]
    return ";".join(dict.fromkeys(codes))


def converter(kind: str, limits: IntakeLimits, *, scale: float = 1.0, required: bool = False) -> Converter:
    """The function reading one cell of a column ``kind``; it raises :class:`CellError` when it cannot."""
    if kind == "str":
        return parse_text
    if kind == "float":
        return _amount(scale)
    if kind == "date":
        return _date(limits, required)
    if kind in ("year", "int"):
        return _year(limits)
    if kind == "stage":
        return _word(aliases.status_key, "unknown-status")
    if kind == "kind":
        return _word(aliases.payment_kind_key, "unknown-payment-kind")
    if kind == "resource":
        return _word(aliases.resource_key, "unknown-resource")
    if kind == "codes":
        return _codes
    raise AssertionError(kind)


def special_issue(scan: SheetScan | None, cell: tuple[int, int], **where: Any) -> Issue | None:
    """The issue for a cell calamine read as empty but which holds an Excel error or an unsaved formula."""
    if scan is None or not scan.special:
        return None
    found = scan.special.get(cell)  # (Excel row, 0-based column)
    if found is None:
        return None
    kind, text = found
    if kind == "error":
        return Issue("error", "excel-error", value=text, **where)
    return Issue("error", "formula-no-value", value=f"={text}" if text else "=…", **where)


# -- data sheets ------------------------------------------------------------------------------------
_SLOW = object()  # a cell the usual case does not decide: the column's full converter reads it
#: Python's round(x, 2) and numpy's agree for |x| below this, away from a half cent (see :func:`_round_cents`)
_NUMPY_ROUND_MAX = 2.0**31


def _round_cents(values: np.ndarray) -> np.ndarray:
    """``round(v, 2) + 0.0`` of each value, as Python rounds it, over a whole float64 array.

    numpy rounds x*100 to the nearest integer and divides by 100; Python rounds the exact decimal value of x.
    Both give the nearest double to the same cent count unless x*100 lies at a half cent (where the product's
    own rounding decides) or x is so large that x*100 is not exact: those few values are rounded by Python.
    """
    out = np.round(values, 2) + 0.0
    scaled = values * 100.0
    frac = np.abs(scaled - np.trunc(scaled))
    doubtful = np.flatnonzero((np.abs(frac - 0.5) < 1e-6) | ~(np.abs(values) < _NUMPY_ROUND_MAX))
    for i in doubtful.tolist():
        out[i] = round(float(values[i]), 2) + 0.0
    return out


def _fast_column(kind: str, limits: IntakeLimits, values: Sequence[object]) -> tuple[list[object], list[int]]:
    """The column's values where the usual case decides them (a date inside the window, a year written as a
    number, plain text), and the positions it leaves to the converter (their values in the list are
    placeholders until the converter reads them). Same results as the converters, sooner."""
    if kind == "date":
        lo, hi = limits.date_min, limits.date_max
        return list(values), [i for i, v in enumerate(values) if not (v.__class__ is date and lo <= v <= hi)]
    if kind in ("year", "int") and values and set(map(type, values)) == {float}:
        # years written as numbers (2024.0): whole, within 1990-2100 and the plausible window
        numbers = np.fromiter(values, dtype=float, count=len(values))
        first, last = max(1990, limits.date_min.year), min(2100, limits.date_max.year)
        whole = (numbers == np.trunc(numbers)) & (numbers >= first) & (numbers <= last)
        return np.where(whole, numbers, 0).astype(np.int64).tolist(), np.flatnonzero(~whole).tolist()
    if kind == "str":
        parsed = [" ".join(v.split()) if v.__class__ is str and v and v[0].isalnum() else _SLOW for v in values]
        return parsed, [i for i, v in enumerate(parsed) if v is _SLOW]
    return [_SLOW] * len(values), list(range(len(values)))


#: in texts joined by NUL: a text after the first that is empty or starts with no letter or digit
#: (``[^\W_]`` is exactly str.isalnum; the search starts at each NUL, found by a fast scan)
_BAD_START = re.compile(r"\x00(?![^\W_])")
#: whitespace other than a plain space (``\s`` is exactly str.isspace)
_ODD_SPACE = re.compile(r"[^\S ]")
#: the same in a text of ASCII characters only: each looked for by a plain search, faster than the pattern
_ASCII_ODD_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _plain_texts(values: Sequence[object]) -> bool:
    """True when every value is a text that the usual case keeps as it is: it starts with a letter or a digit
    and holds no whitespace but single spaces between words (``" ".join(text.split())`` gives it back).
    Decided over the whole column joined by NUL, with a few scans instead of one test per cell."""
    try:
        joined = "\x00".join(values)  # type: ignore[arg-type]
    except TypeError:  # a number, a date, an empty cell read as None
        return False
    return (
        joined.count("\x00") == len(values) - 1
        and joined[:1].isalnum()
        and "  " not in joined
        and " \x00" not in joined
        and not joined.endswith(" ")
        and _BAD_START.search(joined) is None
        and not (any(ch in joined for ch in _ASCII_ODD_SPACES) if joined.isascii() else _ODD_SPACE.search(joined))
    )


def _amount_column(values: Sequence[object]) -> tuple[np.ndarray, list[int]]:
    """An amount column (no unit) as a float64 array to the cent, and the positions the usual case leaves to
    the converter (text, an empty cell, a number out of range): NaN there until the converter reads them."""
    n = len(values)
    out = np.full(n, np.nan)
    if set(map(type, values)) == {float}:  # every cell a number: the usual column, typed in one step
        is_float = np.ones(n, dtype=bool)
        numbers = np.fromiter(values, dtype=float, count=n)
    else:
        is_float = np.fromiter((v.__class__ is float for v in values), dtype=bool, count=n)
        numbers = np.full(n, np.nan)
        where = np.flatnonzero(is_float)
        numbers[where] = np.fromiter((values[i] for i in where.tolist()), dtype=float, count=len(where))
    fast = is_float & (numbers > -MAX_AMOUNT) & (numbers < MAX_AMOUNT)
    out[fast] = _round_cents(numbers[fast])
    return out, np.flatnonzero(~fast).tolist()


def _convert_at(
    values: Sequence[object], positions: list[int], convert: Converter
) -> tuple[dict[int, object], dict[int, CellError]]:
    """The converter's value of the cells at ``positions`` (by position), and the errors by position.

    The same cell value is converted once (payment kinds, project ids and statuses repeat).
    """
    results: dict[int, object] = {}
    errors: dict[int, CellError] = {}
    memo: dict[tuple[type, object], object] = {}
    for i in positions:
        raw = values[i]
        try:
            key: tuple[type, object] | None = (raw.__class__, raw)
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in memo:
            result = memo[key]
        else:
            try:
                result = convert(raw)
            except CellError as exc:
                result = exc
            if key is not None:
                memo[key] = result
        if isinstance(result, CellError):
            errors[i] = result
        else:
            results[i] = result
    return results, errors


def _parse_column(
    kind: str,
    scale: float,
    limits: IntakeLimits,
    values: Sequence[object],
    convert: Converter,
    distinct: set[object] | None = None,
) -> tuple[list[object] | np.ndarray, dict[int, CellError], list[int], bool]:
    """One column read whole: its values (a float64 array for an amount column, NaN for empty; else a list),
    the cells that cannot be read (by position), the positions left empty ("" or None), and whether the values
    are texts only (every one a str itself, none missing). ``distinct``: the column's distinct values when the
    reader already has them."""
    if kind == "float":
        if scale == 1.0:
            numbers, slow = _amount_column(values)
        else:
            numbers, slow = np.full(len(values), np.nan), list(range(len(values)))
        results, errors = _convert_at(values, slow, convert)
        for i, v in results.items():
            if v is not None:
                numbers[i] = v
        empty = np.flatnonzero(np.isnan(numbers)).tolist()
        return numbers, errors, [i for i in empty if i not in errors], False
    if kind not in _DISTINCT_KINDS:
        distinct = None
    elif distinct is None:
        distinct = reader.distinct_values(values)
    if distinct is not None and kind != "date" and _only(str, distinct):  # every cell a text
        if kind == "str" and _plain_texts(list(distinct)):
            return _as_list(values), {}, [], True  # every text kept as it is
        return _word_column(values, convert, distinct)  # type: ignore[arg-type]  # every value a str
    if kind == "date" and distinct and _only(date, distinct) and _inside(distinct, limits):  # type: ignore[arg-type]
        return _as_list(values), {}, [], False  # every cell a date inside the window: kept as it is
    parsed, slow = _fast_column(kind, limits, values)
    if not slow:  # every cell read by the usual case: a date, or a text that is not empty
        return parsed, {}, [], kind == "str"
    results, errors = _convert_at(values, slow, convert)
    for i, v in results.items():
        parsed[i] = v
    for i in errors:
        parsed[i] = None
    empty = [i for i in slow if (parsed[i] is None or parsed[i] == "") and i not in errors]
    # a text column holds texts only: the fast ones joined, the others read by parse_text (which never fails)
    return parsed, errors, empty, kind == "str"


#: the kinds of column holding a few distinct words (a status, a payment kind, a resource, objective codes)
_WORD_KINDS = ("stage", "kind", "resource", "codes")
#: the kinds of column first looked at as a set of distinct values (texts, words, dates)
_DISTINCT_KINDS = ("str", "date", *_WORD_KINDS)


def _only(cls: type, items: set[object]) -> bool:
    """True when every item is of class ``cls`` itself (not a subclass: a ``datetime`` is no ``date`` here)."""
    return set(map(type, items)) <= {cls}


def _inside(dates: set[date], limits: IntakeLimits) -> bool:
    """True when the earliest and the latest of ``dates`` lie inside the plausible window (so all do)."""
    return limits.date_min <= min(dates) and max(dates) <= limits.date_max


def _as_list(values: Sequence[object]) -> list[object]:
    """The column's cells as the list of its values (the column itself when it is one: kept as it is read)."""
    return values if isinstance(values, list) else list(values)


def _word_column(
    values: Sequence[str], convert: Converter, distinct: set[object]
) -> tuple[list[object], dict[int, CellError], list[int], bool]:
    """A column of texts (``distinct``: its distinct texts): each distinct text converted once, then looked up
    for every cell (the same values, errors and empty cells as converting cell by cell), and whether each is
    read as a text (none refused, none empty)."""
    results: dict[object, object] = {}
    for text in distinct:
        try:
            results[text] = convert(text)
        except CellError as exc:
            results[text] = exc
    parsed: list[object] = list(map(results.__getitem__, values))
    refused = {text for text, r in results.items() if isinstance(r, CellError)}
    errors: dict[int, CellError] = {}
    if refused:
        errors = {i: results[v] for i, v in enumerate(values) if v in refused}  # type: ignore[misc]
        for i in errors:
            parsed[i] = None
    blank = {text for text, r in results.items() if r is None or r == ""}
    empty = [i for i, v in enumerate(values) if v in blank] if blank else []
    return parsed, errors, empty, set(map(type, results.values())) <= {str}


def _columns(table: reader.Table, indexes: list[int]) -> list[list[object]]:
    """The cells of the data rows in the columns at ``indexes`` (0-based), one list per column ("" beyond a short
    row); column A as the reader already gathered it, when it did."""
    cells = table.cells
    try:
        return [
            table.first_column if i == 0 and table.first_column is not None else list(map(itemgetter(i), cells))
            for i in indexes
        ]
    except IndexError:  # a short row: pad it (calamine gives every row the sheet's width)
        top = max(indexes) + 1
        padded = [c if len(c) >= top else [*c, *([""] * (top - len(c)))] for c in cells]
        return [list(map(itemgetter(i), padded)) for i in indexes]


def parse_table(
    table: reader.Table, file: str, limits: IntakeLimits = DEFAULT_LIMITS
) -> tuple[validation.Lines, list[Issue]]:
    """The data rows of one sheet, column by column (column key -> values, plus "_row"), with cell issues.

    A row with any issue is left out of the lines (the workbook is refused anyway). The sheet
    is read a whole column at a time: the usual cells (a number in an amount column, a date in a
    date column, plain text) are typed together, and only the other cells go one by one through the
    column's converter, which names the cells it cannot read; issues come in row order, then column order.
    """
    sheet = table.key
    required = REQUIRED_VALUES[sheet]
    excel_rows = table.numbers
    n = len(excel_rows)
    scan = table.scan if table.scan is not None and table.scan.special else None
    keys = list(table.columns)
    raw_columns = _columns(table, list(table.columns.values()))
    columns: dict[str, list[object] | np.ndarray] = {}
    bad = np.zeros(n, dtype=bool)
    found: list[tuple[int, int, Issue]] = []  # (row position, column order, issue)
    for order, col in enumerate(keys):
        idx, values = table.columns[col], raw_columns[order]
        kind, needed, scale = _kind(sheet, col), col in required, table.scales.get(col, 1.0)
        known = table.first_distinct if values is table.first_column else None  # column A: its distinct ids
        parsed, errors, empty, texts = _parse_column(
            kind, scale, limits, values, converter(kind, limits, scale=scale, required=needed), known
        )
        if texts:
            table.texts[col] = parsed  # type: ignore[assignment]  # a list: only an amount column is an array
        where = {"file": file, "sheet": table.sheet, "column": table.labels[col]}
        for i, exc in errors.items():
            issue = Issue("error", exc.code, row=excel_rows[i], value=display(values[i]), params=exc.params, **where)
            found.append((i, order, issue))
            bad[i] = True
        for i in empty:
            special = special_issue(scan, (excel_rows[i], idx), row=excel_rows[i], **where)
            if special is None and needed:
                special = Issue(
                    "error", "missing-value", row=excel_rows[i], params=reader.column_names(sheet, col), **where
                )
            if special is not None:
                found.append((i, order, special))
                bad[i] = True
        columns[col] = parsed
    for col in aliases.COLUMNS[sheet]:
        if col not in table.columns:
            absent_kind = _kind(sheet, col)
            if absent_kind == "float":
                columns[col] = np.full(n, np.nan)
            elif absent_kind in ("str", "codes"):
                columns[col] = table.texts[col] = [""] * n
            else:
                columns[col] = [None] * n
    lines = validation.Lines({"_row": excel_rows, **columns})
    if bad.any():
        lines = lines.take(np.flatnonzero(~bad))
    found.sort(key=lambda f: (f[0], f[1]))
    return lines, [issue for _, _, issue in found]


def hidden_rows_issue(table: reader.Table, file: str) -> Issue | None:
    """A warning when data rows that Excel hides (or filters out) were read and counted."""
    if table.scan is None or not table.scan.hidden_rows:
        return None
    rows = [r for r in table.numbers if r in table.scan.hidden_rows]
    if not rows:
        return None
    return Issue(
        "warning", "hidden-rows", file, sheet=table.sheet, row=rows[0], params={"n": len(rows), "rows": _ranges(rows)}
    )


def _ranges(rows: list[int], shown: int = 8) -> str:
    """[5, 7, 8, 9, 12] -> "5, 7-9, 12" (at most ``shown`` ranges, then "…")."""
    spans: list[tuple[int, int]] = []
    for r in rows:
        if spans and r == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], r)
        else:
            spans.append((r, r))
    parts = [f"{a}" if a == b else f"{a}\u2013{b}" for a, b in spans[:shown]]
    return ", ".join(parts) + (", …" if len(spans) > shown else "")


# -- the Programme sheet ----------------------------------------------------------------------------
def _programme_id(text: str) -> str | None:
    m = _PROGRAMME_YEARS.search(text)
    if m:
        candidate = f"{m.group(1)}-{m.group(2)}"
        return candidate if candidate in PROGRAMME_IDS else None
    return None


def _programme_header(cells: list[reader.Row]) -> tuple[int, dict[str, int]] | None:
    """The row of a one-row-table Programme sheet (at least three field names across), if any."""
    for r, row in enumerate(cells[: reader.HEADER_SEARCH_ROWS]):
        keys: dict[str, int] = {}
        for i, c in enumerate(row):
            fld = aliases.programme_key(c) if isinstance(c, str) and c.strip() else None
            if fld is not None and fld not in keys:
                keys[fld] = i
        if len(keys) >= 3:
            return r, keys
    return None


def _fields_from_table(cells: list[reader.Row], r: int, keys: dict[str, int]) -> dict[str, Located]:
    """The values on the first filled row under the field names."""
    located: dict[str, Located] = {}
    for r2 in range(r + 1, len(cells)):
        row = cells[r2]
        if any(not is_blank(c) for c in row):
            for fld, i in keys.items():
                if i < len(row):
                    label = f"{parse_text(cells[r][i])} ({column_letter(i)})"
                    located[fld] = Located(row[i], r2 + 1, label, i)
            break
    return located


def _fields_from_rows(cells: list[reader.Row]) -> dict[str, Located]:
    """One field per row: the name in the first filled cell, the value in the next one."""
    located: dict[str, Located] = {}
    for r, row in enumerate(cells):
        filled = [(i, c) for i, c in enumerate(row) if not is_blank(c)]
        if not filled:
            continue
        fld = aliases.programme_key(filled[0][1]) if isinstance(filled[0][1], str) else None
        if fld is None or fld in located:
            continue
        i, value = filled[1] if len(filled) > 1 else (filled[0][0] + 1, "")
        located[fld] = Located(value, r + 1, f"{parse_text(filled[0][1])} ({column_letter(i)})", i)
    return located


def _parse_field(fld: str, found: Located, limits: IntakeLimits) -> object:
    """One Programme field's value; raises CellError."""
    raw = found.raw
    if fld == "programme_id":
        pid = _programme_id(parse_text(raw))
        if pid is None:
            raise CellError("unknown-programme")
        return pid
    if fld in ("eligibility_end", "as_of"):
        try:
            parsed = parse_date(raw)
        except ValueError:
            raise CellError("bad-date") from None
        return check_date(parsed, limits, required=True)
    if fld == "eu_rate":
        try:
            return parse_rate(raw)
        except ValueError as exc:
            raise CellError("rate-small-percent" if str(exc) == "small percent" else "bad-rate") from None
    return parse_text(raw)


def read_programme(
    cells: list[reader.Row],
    sheet: str,
    file: str,
    limits: IntakeLimits = DEFAULT_LIMITS,
    scan: SheetScan | None = None,
) -> tuple[dict[str, Any], list[Issue]]:
    """The Programme sheet's fields (key/value rows, or a one-row table) with their issues.

    The fields dict also holds "_where": field -> (sheet, Excel row, column label), for the checks
    that name a field's cell.
    """
    header = _programme_header(cells)
    located = _fields_from_table(cells, *header) if header is not None else _fields_from_rows(cells)
    fields: dict[str, Any] = {"_where": {fld: (sheet, f.row, f.label) for fld, f in located.items()}}
    issues: list[Issue] = []
    for fld in aliases.PROGRAMME_KEYS:
        found = located.get(fld)
        names = {f"name_{lang}": aliases.programme_key_name(fld, lang) for lang in aliases.LANGS}
        if found is not None and is_blank(found.raw):
            special = special_issue(
                scan, (found.row, found.col), file=file, sheet=sheet, row=found.row, column=found.label
            )
            if special is not None:
                issues.append(special)
                continue
        if found is None or is_blank(found.raw):
            if fld in OPTIONAL_PROGRAMME_FIELDS:
                fields[fld] = ""
                continue
            row = found.row if found is not None else None
            issues.append(Issue("error", "missing-programme-field", file, sheet=sheet, row=row, params=names))
            continue
        try:
            fields[fld] = _parse_field(fld, found, limits)
        except CellError as exc:
            params = {**names, **exc.params}
            value = display(found.raw)
            issues.append(
                Issue(
                    "error", exc.code, file, sheet=sheet, row=found.row, column=found.label, value=value, params=params
                )
            )
    return fields, issues


# -- the workbook -----------------------------------------------------------------------------------
def _fill_defaults(lines: dict[str, validation.Lines], eu_rate: float | None) -> None:
    """Documented defaults for optional cells (see docs/data-format.md)."""
    if "budget" in lines:  # a few lines: one record at a time
        records = lines["budget"].records()
        for rec in records:
            code = rec.get("code", "")
            if not rec.get("priority"):
                rec["priority"] = code.split(".")[0] if "." in code else code
            labels = [rec.get(k) or "" for k in ("label_en", "label_fr", "label_nl")]
            fallback = next((x for x in labels if x), code)
            for k in ("label_en", "label_fr", "label_nl"):
                if not rec.get(k):
                    rec[k] = fallback
            if rec.get("eu_amount") is None and rec.get("allocation") is not None and eu_rate is not None:
                rec["eu_amount"] = round(rec["allocation"] * eu_rate, 2)
        lines["budget"] = validation.Lines.from_records(records, lines["budget"])
    for sheet, single in (("projects", "name"), ("calls", "title")):
        if sheet not in lines:
            continue
        cols = lines[sheet]
        # an empty single name: the French one, else the Dutch one
        cols[single] = [
            v or fr or nl or ""
            for v, fr, nl in zip(cols[single], cols[f"{single}_fr"], cols[f"{single}_nl"], strict=True)
        ]
    if "projects" in lines:
        cols = lines["projects"]
        total = np.array(cols["total_cost"], dtype=float)
        missing = np.flatnonzero(np.isnan(total)).tolist()
        if missing:
            eu, regional = cols.numbers("eu_amount"), cols.numbers("regional_amount")
            for i in missing:
                e, r = float(eu[i]), float(regional[i])
                total[i] = round((0.0 if e != e else e) + (0.0 if r != r else r), 2)
            cols["total_cost"] = total
    for sheet in ("tranches", "prefinancing", "claims"):
        if sheet in lines:
            lines[sheet]["resource"] = [r or "ordinary" for r in lines[sheet]["resource"]]


def _objects(values: list[object]) -> pd.Series:
    """A column of Python values as an object Series (not inferred to pandas' string type), built in one step."""
    return pd.Series(np.fromiter(values, dtype=object, count=len(values)), dtype=object, copy=False)


def _frame(kind: str, lines: validation.Lines | None, texts: dict[str, list[Any]]) -> pd.DataFrame:
    """The frame of one sheet's lines, as :func:`monitoring.model.coerce_frame` makes it, column by column: a
    column the reader found to hold texts only (``texts``: column key -> that very list) is kept as it is, the
    others (and a column replaced since) are coerced."""
    if lines is None:
        return coerce_frame(kind, pd.DataFrame([], columns=list(FRAME_COLUMNS[kind])))
    out = pd.DataFrame(index=range(len(lines)))
    for c, t in FRAME_COLUMNS[kind].items():
        values, known = lines[c], texts.get(c)
        if t == "str" and known is not None and known is values:
            out[c] = _objects(known)
        else:
            out[c] = coerce_column(t, pd.Series(values) if isinstance(values, np.ndarray) else _objects(values))
    return out


@dataclass
class _Sheets:
    """What was read from the sheets of one workbook."""

    fields: dict[str, Any]
    tables: dict[str, reader.Table]
    records: dict[str, validation.Lines]
    issues: list[Issue]


def _read_sheets(wb: reader.Workbook, limits: IntakeLimits) -> _Sheets:
    found, issues = reader.find_sheets(wb)
    out = _Sheets({}, {}, {}, issues)
    if "programme" in found:
        name = found["programme"]
        cells, scan, cell_issues = wb.read_cells(name)
        out.issues += cell_issues
        if cells is not None:
            out.fields, field_issues = read_programme(cells, name, wb.file, limits, scan)
            out.issues += field_issues
        wb.forget(name)
    for key in DATA_SHEETS:
        if key not in found:
            continue
        name = found[key]
        cells, scan, cell_issues = wb.read_cells(name)
        out.issues += cell_issues
        if cells is None:
            continue
        table, table_issues = reader.read_table(cells, name, key, wb.file, scan)
        wb.forget(name)
        out.issues += table_issues
        if table is None:
            continue
        out.tables[key] = table
        out.records[key], record_issues = parse_table(table, wb.file, limits)
        out.issues += record_issues
        hidden = hidden_rows_issue(table, wb.file)
        if hidden is not None:
            out.issues.append(hidden)
        table.forget_cells()  # the cells are no longer needed: the records hold the values
    return out


def _ordered(issues: list[Issue]) -> list[Issue]:
    """Causes first (a doubled sheet explains what follows), then errors, then warnings."""
    causes = [i for i in issues if i.code in CAUSES]
    rest = [i for i in issues if i.code not in CAUSES]
    return causes + [i for i in rest if i.severity == "error"] + [i for i in rest if i.severity != "error"]


def _programme_data(sheets: _Sheets, file: str, warnings: list[Issue]) -> ProgrammeData:
    fields, records = sheets.fields, sheets.records
    titles = {lang: fields[f"title_{lang}"] for lang in aliases.LANGS if fields.get(f"title_{lang}")}
    info = ProgrammeInfo(
        programme_id=fields["programme_id"],
        cci=fields.get("cci", ""),
        title=fields.get("title") or next((titles[lang] for lang in aliases.LANGS if lang in titles), ""),
        eligibility_end=fields["eligibility_end"],
        eu_rate=fields["eu_rate"],
        as_of=fields["as_of"],
        titles=titles,
    )

    def frame(kind: str, lines: validation.Lines | None) -> pd.DataFrame:
        table = sheets.tables.get(kind)
        return _frame(kind, lines, table.texts if table is not None else {})

    return ProgrammeData(
        info=info,
        budget=frame("budget", records["budget"]),
        calls=frame("calls", records["calls"]),
        projects=frame("projects", records["projects"]),
        commitments=frame("commitments", records["commitments"]),
        payments=frame("payments", records["payments"]),
        forecasts=frame("forecasts", records.get("forecasts")),
        source=file,
        warnings=tuple(warnings),
        tranches=frame("tranches", records.get("tranches")),
        prefinancing=frame("prefinancing", records.get("prefinancing")),
        claims=frame("claims", records.get("claims")),
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a workbook is read.

    A read makes millions of lists and tuples (a row of cells is a list) and no reference cycles; each time the
    collector runs it walks every one of them, about a sixth of the read at 10 000 projects. It is paused for
    the read, as it was found (it is turned back on only if it was on), and plain reference counting still
    frees everything the read lets go."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def check_workbook(
    path: reader.Source, *, name: str | None = None, limits: IntakeLimits | None = None, today: date | None = None
) -> tuple[ProgrammeData | None, list[Issue]]:
    """Read and validate one programme workbook; never raises for bad input.

    ``path`` is a file path, or an uploaded file's bytes / binary file object with its file
    ``name``. ``limits`` bounds the reading and sets the plausible date window (default:
    :data:`~data_loaders.limits.DEFAULT_LIMITS`); ``today`` is the date an extract date may not
    pass (default: today). Returns the loaded data (None when there is any error) and every
    issue found: the causes first (a doubled sheet), then errors in the order of the sheets,
    then warnings.
    """
    limits = limits or DEFAULT_LIMITS
    file = reader.source_name(path, name)
    wb, issues = reader.open_workbook(path, name, limits)
    if wb is None:
        return None, operations.explain(path, file, limits, issues)  # a list of operations says so
    with _no_cycle_collection():
        try:
            sheets = _read_sheets(wb, limits)
        finally:
            wb.close()
        _fill_defaults(sheets.records, sheets.fields.get("eu_rate"))
        context = validation.Context(sheets.records, sheets.tables, sheets.fields, file, today or date.today())
        found = issues + sheets.issues + validation.cross_checks(context)
    issues = _ordered(validation.at_most(validation.MAX_PER_KIND, found))
    if any(i.severity == "error" for i in issues):
        return None, operations.explain(path, file, limits, issues)
    warnings = [i for i in issues if i.severity != "error"]
    try:
        return _programme_data(sheets, file, warnings), issues
    except Exception:  # the checks above make this unreachable; a bug must still not escape as a crash
        _log.exception("building the frames of %s failed", file)
        return None, [Issue("error", "read-failed", file, params={"detail": validation.internal_detail()})]


def load_programme(
    path: reader.Source, *, name: str | None = None, limits: IntakeLimits | None = None
) -> ProgrammeData:
    """The validated data of one programme workbook; raises :class:`WorkbookError` if it has errors.

    ``path``, ``name`` and ``limits`` as for :func:`check_workbook`.
    """
    data, issues = check_workbook(path, name=name, limits=limits)
    if data is None:
        raise WorkbookError(issues)
    return data


__all__ = ["check_workbook", "load_programme"]
