"""Finding the sheets, header rows and columns of a programme workbook (python-calamine).

The reader knows the layout rules (sheet and header names through the alias
table, a header row somewhere in the first rows, blank rows and a totals row
to skip) but not what the values mean: that is :mod:`data_loaders.loader`.
Formulas are read as the values Excel last computed and saved.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from i18n import t, texts

from . import aliases
from .issues import Issue
from .parsing import is_blank, parse_text

HEADER_SEARCH_ROWS = 15
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_log = logging.getLogger(__name__)


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Table:
    """One data sheet: where its header is, which column holds what, and its data rows."""

    sheet: str  # sheet name as written in the file
    key: str  # sheet key: "budget", "projects", ...
    header_row: int  # Excel row number of the header
    columns: dict[str, int] = field(default_factory=dict)  # column key -> 0-based column index
    labels: dict[str, str] = field(default_factory=dict)  # column key -> "Header (C)"
    rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row number, cells)


def source_name(source, name: str | None = None) -> str:
    """The file name shown in messages: ``name`` if given, else the path's name, else "upload.xlsx"."""
    if name:
        return Path(name).name
    if isinstance(source, (str, Path)):
        return Path(source).name
    return Path(getattr(source, "name", "") or "upload.xlsx").name


def open_workbook(source, name: str | None = None) -> tuple[python_calamine.CalamineWorkbook | None, list[Issue]]:
    """The workbook opened for reading, or None and the issue saying why not.

    ``source`` is a path, or the file's bytes / a binary file object (an upload), in which
    case ``name`` is the uploaded file's name (its suffix must be .xlsx or .xlsm).
    """
    file = source_name(source, name)
    if Path(file).suffix.lower() not in XLSX_SUFFIXES:
        return None, [Issue("error", "not-xlsx", file)]
    detail = None
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            detail = "detail.file_not_found"
        elif not zipfile.is_zipfile(path):
            detail = "detail.not_zip"
        opener = lambda: python_calamine.CalamineWorkbook.from_path(str(path))  # noqa: E731
    else:
        try:
            data = bytes(source) if isinstance(source, (bytes, bytearray, memoryview)) else source.read()
        except Exception as exc:  # a closed or unreadable file object
            _log.warning("cannot read the upload %s: %s", file, exc)
            data, detail = b"", "detail.cannot_read_upload"
        if detail is None and not zipfile.is_zipfile(io.BytesIO(data)):
            detail = "detail.not_zip"
        opener = lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))  # noqa: E731
    if detail is None:
        try:
            return opener(), []
        except Exception as exc:  # calamine raises CalamineError and subclasses, or OSError
            _log.warning("calamine cannot open %s: %s", file, exc)
            detail = "detail.damaged"
    return None, [Issue("error", "unreadable-file", file, params={"detail": texts(detail)})]


def find_sheets(wb: python_calamine.CalamineWorkbook, file: str) -> tuple[dict[str, str], list[Issue]]:
    """Sheet key -> sheet name in the file, plus issues for missing and doubled sheets."""
    found: dict[str, str] = {}
    issues: list[Issue] = []
    for name in wb.sheet_names:
        key = aliases.sheet_key(name)
        if key is None:
            continue
        if key in found:
            issues.append(
                Issue("warning", "duplicate-sheet", file, sheet=name, params={**_sheet_names(key), "first": found[key]})
            )
            continue
        found[key] = name
    for key in aliases.REQUIRED_SHEETS:
        if key not in found:
            issues.append(Issue("error", "missing-sheet", file, params=_sheet_names(key)))
    return found, issues


def names_params(names: dict[str, str]) -> dict[str, str]:
    """Message params for a name known in three languages: name_en/fr/nl, and alt_en/fr/nl,
    the other languages' names in brackets (" (or Appels / Oproepen)"), empty when all are the same."""
    params = {f"name_{lang}": names[lang] for lang in aliases.LANGS}
    for lang in aliases.LANGS:
        others = [n for n in dict.fromkeys(names[o] for o in aliases.LANGS) if n != names[lang]]
        params[f"alt_{lang}"] = f" ({t('or', lang)} {' / '.join(others)})" if others else ""
    return params


def _sheet_names(key: str) -> dict[str, str]:
    return names_params({lang: aliases.sheet_name(key, lang) for lang in aliases.LANGS})


def column_names(sheet: str, key: str) -> dict[str, str]:
    """The column's canonical name per language, as message params (name_*, alt_*)."""
    return names_params({lang: aliases.header_name(sheet, key, lang) for lang in aliases.LANGS})


def read_cells(wb: python_calamine.CalamineWorkbook, sheet: str) -> list[list]:
    """All cells of a sheet from A1, rows padded to the same width ("" for empty cells)."""
    try:
        return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception:
        return []


def _header_matches(key: str, row: list) -> dict[str, int]:
    matched: dict[str, int] = {}
    for idx, cell in enumerate(row):
        if isinstance(cell, str) and cell.strip():
            col = aliases.column_key(key, cell)
            if col is not None and col not in matched:
                matched[col] = idx
    return matched


def read_table(cells: list[list], sheet: str, key: str, file: str) -> tuple[Table | None, list[Issue]]:
    """The sheet's header row, column positions and data rows, with issues for missing or doubled columns."""
    best_row, best = -1, {}
    for r, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        matched = _header_matches(key, row)
        if len(matched) > len(best):
            best_row, best = r, matched
    required = [c for c in aliases.COLUMNS[key] if c not in aliases.OPTIONAL_COLUMNS[key]]
    if len(best) < min(2, len(required)):
        expected = ", ".join(aliases.header_name(key, c) for c in required)
        return None, [
            Issue("error", "no-header", file, sheet=sheet, params={"rows": HEADER_SEARCH_ROWS, "expected": expected})
        ]
    header = cells[best_row]
    table = Table(sheet=sheet, key=key, header_row=best_row + 1)
    issues: list[Issue] = []
    for idx, cell in enumerate(header):
        if not (isinstance(cell, str) and cell.strip()):
            continue
        col = aliases.column_key(key, cell)
        if col is None:
            continue
        label = f"{parse_text(cell)} ({column_letter(idx)})"
        if col in table.columns:
            issues.append(
                Issue(
                    "error",
                    "duplicate-column",
                    file,
                    sheet=sheet,
                    row=best_row + 1,
                    column=label,
                    value=parse_text(cell),
                    params={**column_names(key, col), "first": table.labels[col]},
                )
            )
            continue
        table.columns[col] = idx
        table.labels[col] = label
    for col in required:
        if col not in table.columns:
            issues.append(
                Issue("error", "missing-column", file, sheet=sheet, row=best_row + 1, params=column_names(key, col))
            )
    id_col = table.columns.get(next(iter(aliases.COLUMNS[key])))
    used = sorted(table.columns.values())
    for r in range(best_row + 1, len(cells)):
        row = cells[r]
        if all(is_blank(row[i]) for i in used if i < len(row)):
            continue
        if _is_totals_row(row, id_col):
            continue
        table.rows.append((r + 1, row))
    return table, issues


def _is_totals_row(row: list, id_col: int | None) -> bool:
    if id_col is not None and id_col < len(row) and aliases.is_total_label(row[id_col]):
        return True
    for cell in row:
        if not is_blank(cell):
            return aliases.is_total_label(cell)
    return False
