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

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from typing import Any

import pandas as pd

from monitoring.model import FRAME_COLUMNS, PROGRAMME_IDS, ProgrammeData, ProgrammeInfo, coerce_frame

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


def _fast_column(kind: str, scale: float, limits: IntakeLimits, values: list[object]) -> list[object]:
    """The column's values where the usual case decides them (a number in an amount column, a date
    inside the window, plain text), ``_SLOW`` elsewhere. Same results as the converters, sooner."""
    if kind == "float" and scale == 1.0:
        top = MAX_AMOUNT
        return [round(v, 2) + 0.0 if v.__class__ is float and -top < v < top else _SLOW for v in values]
    if kind == "date":
        lo, hi = limits.date_min, limits.date_max
        return [v if v.__class__ is date and lo <= v <= hi else _SLOW for v in values]
    if kind == "str":
        return [" ".join(v.split()) if v.__class__ is str and v and v[0].isalnum() else _SLOW for v in values]
    return [_SLOW] * len(values)


def _convert_rest(values: list[object], parsed: list[object], convert: Converter) -> dict[int, CellError]:
    """Fill the ``_SLOW`` places of ``parsed`` with the converter's value; the errors by position.

    The same cell value is converted once (payment kinds, project ids and statuses repeat).
    """
    errors: dict[int, CellError] = {}
    memo: dict[tuple[type, object], object] = {}
    for i in [i for i, v in enumerate(parsed) if v is _SLOW]:
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
            parsed[i] = None
        else:
            parsed[i] = result
    return errors


def parse_table(
    table: reader.Table, file: str, limits: IntakeLimits = DEFAULT_LIMITS
) -> tuple[list[Record], list[Issue]]:
    """The data rows of one sheet as records (column key -> value, plus "_row"), with cell issues.

    A row with any issue is left out of the records (the workbook is refused anyway). The sheet
    is read column by column; issues come in row order, then column order.
    """
    sheet = table.key
    required = REQUIRED_VALUES[sheet]
    rows = table.rows
    excel_rows = [r for r, _ in rows]
    width = min((len(cells) for _, cells in rows), default=0)
    scan = table.scan if table.scan is not None and table.scan.special else None
    keys: list[str] = []
    columns: list[list[object]] = []
    bad = bytearray(len(rows))
    found: list[tuple[int, int, Issue]] = []  # (row position, column order, issue)
    for order, (col, idx) in enumerate(table.columns.items()):
        kind, needed, scale = _kind(sheet, col), col in required, table.scales.get(col, 1.0)
        values = [cells[idx] for _, cells in rows] if idx < width else [c[idx] if idx < len(c) else "" for _, c in rows]
        parsed = _fast_column(kind, scale, limits, values)
        errors = _convert_rest(values, parsed, converter(kind, limits, scale=scale, required=needed))
        where = {"file": file, "sheet": table.sheet, "column": table.labels[col]}
        for i, exc in errors.items():
            found.append(
                (
                    i,
                    order,
                    Issue("error", exc.code, row=excel_rows[i], value=display(values[i]), params=exc.params, **where),
                )
            )
            bad[i] = 1
        for i in [i for i, v in enumerate(parsed) if v is None or v == ""]:
            if i in errors:
                continue
            special = special_issue(scan, (excel_rows[i], idx), row=excel_rows[i], **where)
            if special is None and needed:
                special = Issue(
                    "error", "missing-value", row=excel_rows[i], params=reader.column_names(sheet, col), **where
                )
            if special is not None:
                found.append((i, order, special))
                bad[i] = 1
        keys.append(col)
        columns.append(parsed)
    absent = [
        (col, "" if _kind(sheet, col) in ("str", "codes") else None)
        for col in aliases.COLUMNS[sheet]
        if col not in table.columns
    ]
    all_keys = ["_row", *keys, *(c for c, _ in absent)]
    lines = zip(excel_rows, *columns, *(repeat(v) for _, v in absent))  # noqa: B905 (repeat() is endless)
    records = [dict(zip(all_keys, line, strict=True)) for line, b in zip(lines, bad, strict=False) if not b]
    found.sort(key=lambda f: (f[0], f[1]))
    return records, [issue for _, _, issue in found]


def hidden_rows_issue(table: reader.Table, file: str) -> Issue | None:
    """A warning when data rows that Excel hides (or filters out) were read and counted."""
    if table.scan is None or not table.scan.hidden_rows:
        return None
    rows = [r for r, _ in table.rows if r in table.scan.hidden_rows]
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
def _fill_defaults(records: dict[str, list[Record]], eu_rate: float | None) -> None:
    """Documented defaults for optional cells (see docs/data-format.md)."""
    for rec in records.get("budget", []):
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
    for sheet, single in (("projects", "name"), ("calls", "title")):
        for rec in records.get(sheet, []):
            if not rec.get(single):  # an empty single name: the French one, else the Dutch one
                rec[single] = rec.get(f"{single}_fr") or rec.get(f"{single}_nl") or ""
    for rec in records.get("projects", []):
        if rec.get("total_cost") is None:
            rec["total_cost"] = round((rec.get("eu_amount") or 0.0) + (rec.get("regional_amount") or 0.0), 2)
    for sheet in ("tranches", "prefinancing", "claims"):
        for rec in records.get(sheet, []):
            if not rec.get("resource"):
                rec["resource"] = "ordinary"


def _frame(kind: str, recs: list[Record]) -> pd.DataFrame:
    cols = list(FRAME_COLUMNS[kind])
    return coerce_frame(kind, pd.DataFrame(recs, columns=cols))


@dataclass
class _Sheets:
    """What was read from the sheets of one workbook."""

    fields: dict[str, Any]
    tables: dict[str, reader.Table]
    records: dict[str, list[Record]]
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
        table.rows = []  # the cells are no longer needed: the records hold the values
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
    return ProgrammeData(
        info=info,
        budget=_frame("budget", records["budget"]),
        calls=_frame("calls", records["calls"]),
        projects=_frame("projects", records["projects"]),
        commitments=_frame("commitments", records["commitments"]),
        payments=_frame("payments", records["payments"]),
        forecasts=_frame("forecasts", records.get("forecasts", [])),
        source=file,
        warnings=tuple(warnings),
        tranches=_frame("tranches", records.get("tranches", [])),
        prefinancing=_frame("prefinancing", records.get("prefinancing", [])),
        claims=_frame("claims", records.get("claims", [])),
    )


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
