"""Loading one programme workbook into a validated :class:`monitoring.model.ProgrammeData`.

``check_workbook`` reads every sheet, parses every cell by the column's kind
(text, amount, date, year, status, payment kind, objective codes), runs the
cross-sheet checks of :mod:`data_loaders.validation`, and returns the data
together with every issue found; it never raises for a bad workbook.
``load_programme`` does the same but refuses a workbook with errors.
"""

from __future__ import annotations

import re

import pandas as pd

from monitoring.model import FRAME_COLUMNS, PROGRAMME_IDS, ProgrammeData, ProgrammeInfo, coerce_frame

from . import aliases, reader, validation
from .issues import Issue, WorkbookError
from .parsing import display, is_blank, parse_amount, parse_date, parse_rate, parse_text, parse_year

#: the cells that must hold a value on every data row
REQUIRED_VALUES = {
    "budget": ("code", "allocation"),
    "calls": ("call_id", "objective_codes", "budget"),
    "projects": ("project_id", "objective_code", "stage", "eu_amount", "regional_amount"),
    "commitments": ("project_id", "date", "amount"),
    "payments": ("project_id", "date", "amount", "kind"),
    "forecasts": ("project_id", "year", "amount"),
}
_SPECIAL_KINDS = {
    ("projects", "stage"): "stage",
    ("payments", "kind"): "kind",
    ("calls", "objective_codes"): "codes",
    ("forecasts", "year"): "year",
}
_CODE_SPLIT = re.compile(r"[;,/\s]+")
_PROGRAMME_YEARS = re.compile(r"(20\d\d)\D{1,5}(20\d\d)")


def _kind(sheet: str, col: str) -> str:
    return _SPECIAL_KINDS.get((sheet, col), FRAME_COLUMNS[sheet][col])


def _parse_cell(kind: str, value: object):
    """The cell's value for a column kind; raises ValueError (with the issue code) when unreadable."""
    if kind == "str":
        return parse_text(value)
    if kind == "float":
        try:
            return parse_amount(value)
        except ValueError:
            raise ValueError("bad-amount") from None
    if kind == "date":
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError("bad-date") from None
    if kind in ("year", "int"):
        try:
            return parse_year(value)
        except ValueError:
            raise ValueError("bad-year") from None
    if kind == "stage":
        if is_blank(value):
            return None
        key = aliases.status_key(value)
        if key is None:
            raise ValueError("unknown-status")
        return key
    if kind == "kind":
        if is_blank(value):
            return None
        key = aliases.payment_kind_key(value)
        if key is None:
            raise ValueError("unknown-payment-kind")
        return key
    if kind == "codes":
        codes = [parse_text(c) for c in _CODE_SPLIT.split(parse_text(value)) if c]
        return ";".join(dict.fromkeys(codes))
    raise AssertionError(kind)


def parse_table(table: reader.Table, file: str) -> tuple[list[dict], list[Issue]]:
    """The data rows of one sheet as records (column key -> value, plus "_row"), with cell issues."""
    records: list[dict] = []
    issues: list[Issue] = []
    sheet = table.key
    required = REQUIRED_VALUES[sheet]
    kinds = {col: _kind(sheet, col) for col in table.columns}
    absent = {
        col: ("" if _kind(sheet, col) in ("str", "codes") else None)
        for col in aliases.COLUMNS[sheet]
        if col not in table.columns
    }
    for excel_row, cells in table.rows:
        record: dict = {"_row": excel_row, **absent}
        ok = True
        for col, idx in table.columns.items():
            raw = cells[idx] if idx < len(cells) else ""
            try:
                value = _parse_cell(kinds[col], raw)
            except ValueError as exc:
                issues.append(
                    Issue(
                        "error",
                        str(exc),
                        file,
                        sheet=table.sheet,
                        row=excel_row,
                        column=table.labels[col],
                        value=display(raw),
                    )
                )
                ok = False
                continue
            if col in required and (value is None or value == ""):
                issues.append(
                    Issue(
                        "error",
                        "missing-value",
                        file,
                        sheet=table.sheet,
                        row=excel_row,
                        column=table.labels[col],
                        params=reader.column_names(sheet, col),
                    )
                )
                ok = False
            record[col] = value
        if ok:
            records.append(record)
    return records, issues


def _programme_id(text: str) -> str | None:
    m = _PROGRAMME_YEARS.search(text)
    if m:
        candidate = f"{m.group(1)}-{m.group(2)}"
        return candidate if candidate in PROGRAMME_IDS else None
    return None


def read_programme(cells: list[list], sheet: str, file: str) -> tuple[dict, list[Issue]]:
    """The Programme sheet's fields (key/value rows, or a one-row table) with their issues."""
    located: dict[str, tuple[object, int, str]] = {}  # field -> (raw value, excel row, "Key (B)")
    table_header = None
    for r, row in enumerate(cells[: reader.HEADER_SEARCH_ROWS]):
        keys = {aliases.programme_key(c): i for i, c in enumerate(row) if isinstance(c, str) and c.strip()}
        keys.pop(None, None)
        if len(keys) >= 3:
            table_header = (r, keys)
            break
    if table_header is not None:
        r, keys = table_header
        for r2 in range(r + 1, len(cells)):
            row = cells[r2]
            if any(not is_blank(c) for c in row):
                for fld, i in keys.items():
                    if i < len(row):
                        located[fld] = (row[i], r2 + 1, f"{parse_text(cells[r][i])} ({reader.column_letter(i)})")
                break
    else:
        for r, row in enumerate(cells):
            filled = [(i, c) for i, c in enumerate(row) if not is_blank(c)]
            if not filled:
                continue
            fld = aliases.programme_key(filled[0][1]) if isinstance(filled[0][1], str) else None
            if fld is None or fld in located:
                continue
            i, value = filled[1] if len(filled) > 1 else (filled[0][0] + 1, "")
            located[fld] = (value, r + 1, f"{parse_text(filled[0][1])} ({reader.column_letter(i)})")

    fields: dict = {}
    issues: list[Issue] = []
    parsers = {
        "eligibility_end": ("bad-date", parse_date),
        "as_of": ("bad-date", parse_date),
        "eu_rate": ("bad-rate", parse_rate),
    }
    for fld in aliases.PROGRAMME_KEYS:
        names = {f"name_{lang}": aliases.programme_key_name(fld, lang) for lang in aliases.LANGS}
        if fld not in located or is_blank(located[fld][0]):
            if fld in ("cci", "title"):
                fields[fld] = ""
                continue
            row = located[fld][1] if fld in located else None
            issues.append(Issue("error", "missing-programme-field", file, sheet=sheet, row=row, params=names))
            continue
        raw, row, label = located[fld]
        if fld == "programme_id":
            pid = _programme_id(parse_text(raw))
            if pid is None:
                issues.append(
                    Issue("error", "unknown-programme", file, sheet=sheet, row=row, column=label, value=display(raw))
                )
            fields[fld] = pid
        elif fld in parsers:
            code, parse = parsers[fld]
            try:
                fields[fld] = parse(raw)
            except ValueError:
                issues.append(Issue("error", code, file, sheet=sheet, row=row, column=label, value=display(raw)))
        else:
            fields[fld] = parse_text(raw)
    return fields, issues


def _fill_defaults(records: dict[str, list[dict]], eu_rate: float | None) -> None:
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
    for rec in records.get("projects", []):
        if rec.get("total_cost") is None:
            rec["total_cost"] = round((rec.get("eu_amount") or 0.0) + (rec.get("regional_amount") or 0.0), 2)


def _frame(kind: str, recs: list[dict]) -> pd.DataFrame:
    cols = list(FRAME_COLUMNS[kind])
    df = pd.DataFrame.from_records([{c: r.get(c) for c in cols} for r in recs], columns=cols)
    return coerce_frame(kind, df)


def check_workbook(path, *, name: str | None = None) -> tuple[ProgrammeData | None, list[Issue]]:
    """Read and validate one programme workbook; never raises for bad input.

    ``path`` is a file path, or an uploaded file's bytes / binary file object with its
    file ``name``. Returns the loaded data (None when there is any error) and every
    issue found: errors first, in the order of the sheets, then warnings.
    """
    file = reader.source_name(path, name)
    wb, issues = reader.open_workbook(path, name)
    if wb is None:
        return None, issues
    try:
        found, sheet_issues = reader.find_sheets(wb, file)
        issues += sheet_issues
        fields: dict = {}
        if "programme" in found:
            f, i = read_programme(reader.read_cells(wb, found["programme"]), found["programme"], file)
            fields, issues = f, issues + i
        records: dict[str, list[dict]] = {}
        tables: dict[str, reader.Table] = {}
        for key in ("budget", "calls", "projects", "commitments", "payments", "forecasts"):
            if key not in found:
                continue
            table, i = reader.read_table(reader.read_cells(wb, found[key]), found[key], key, file)
            issues += i
            if table is None:
                continue
            tables[key] = table
            records[key], i = parse_table(table, file)
            issues += i
    finally:
        try:
            wb.close()
        except Exception:
            pass
    _fill_defaults(records, fields.get("eu_rate"))
    issues += validation.cross_checks(records, tables, fields, file)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if errors:
        return None, errors + warnings
    info = ProgrammeInfo(
        programme_id=fields["programme_id"],
        cci=fields.get("cci", ""),
        title=fields.get("title", ""),
        eligibility_end=fields["eligibility_end"],
        eu_rate=fields["eu_rate"],
        as_of=fields["as_of"],
    )
    data = ProgrammeData(
        info=info,
        budget=_frame("budget", records["budget"]),
        calls=_frame("calls", records["calls"]),
        projects=_frame("projects", records["projects"]),
        commitments=_frame("commitments", records["commitments"]),
        payments=_frame("payments", records["payments"]),
        forecasts=_frame("forecasts", records.get("forecasts", [])),
        source=file,
        warnings=tuple(warnings),
    )
    return data, warnings


def load_programme(path, *, name: str | None = None) -> ProgrammeData:
    """The validated data of one programme workbook; raises :class:`WorkbookError` if it has errors.

    ``path`` as for :func:`check_workbook` (a path, or bytes / a binary file object with ``name``).
    """
    data, issues = check_workbook(path, name=name)
    if data is None:
        raise WorkbookError(issues)
    return data


__all__ = ["check_workbook", "load_programme"]
