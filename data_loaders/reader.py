"""Opening a programme workbook and finding its sheets, header rows and columns (python-calamine).

The reader knows the layout rules (sheet and header names through the alias table, a header
row somewhere in the first rows, blank rows and a totals row to skip, a unit in an amount
header) but not what the values mean: that is :mod:`data_loaders.loader`. Formulas are read
as the values Excel last computed and saved.

Nothing is handed to calamine before :mod:`data_loaders.package` has bounded it: the file and
its decompressed parts, then each sheet's extent, just before that sheet is read.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import python_calamine

from i18n import t, texts
from monitoring.model import FRAME_COLUMNS

from . import aliases
from .issues import Issue
from .limits import DEFAULT_LIMITS, IntakeLimits
from .package import Package, SheetScan, sniff
from .parsing import column_letter, is_blank, parse_number, parse_text

HEADER_SEARCH_ROWS = 15
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Excel's older formats: refused with what to do (save as .xlsx)
LEGACY_SUFFIXES = (".xls", ".xlsb")
#: the sheet kinds whose columns hold amounts (a unit in their header scales them)
AMOUNT_KIND = "float"
_log = logging.getLogger(__name__)

Source = str | Path | bytes | bytearray | memoryview | IO[bytes]
Row = list[Any]


@dataclass
class Table:
    """One data sheet: where its header is, which column holds what, and its data rows."""

    sheet: str  # sheet name as written in the file
    key: str  # sheet key: "budget", "projects", ...
    header_row: int  # Excel row number of the header
    columns: dict[str, int] = field(default_factory=dict)  # column key -> 0-based column index
    labels: dict[str, str] = field(default_factory=dict)  # column key -> "Header (C)"
    numbers: list[int] = field(default_factory=list)  # the data rows' Excel row numbers
    cells: list[Row] = field(default_factory=list)  # the data rows' cells, in the same order
    scales: dict[str, float] = field(default_factory=dict)  # amount column key -> euros per unit (k€: 1000)
    scan: SheetScan | None = None  # what the sheet's XML holds besides values (hidden rows, errors, formulas)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # totals rows left out: (Excel row, label)
    #: the data rows' cells in column A when the reader looked at that column whole (the id in column A, every
    #: row below the header kept), so that it is not gathered twice; None otherwise
    first_column: list[Any] | None = None
    first_distinct: set[Any] | None = None  # its distinct values, when it is kept
    #: the typed lines' columns that hold texts only (every value a str itself, none missing), as the loader
    #: found them: column key -> that very list, so that its frame column is built without looking at every value
    texts: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[int, Row]]:
        """The data rows as (Excel row number, cells)."""
        return list(zip(self.numbers, self.cells, strict=True))

    def forget_cells(self) -> None:
        """Drop the data rows' cells (once typed, the lines hold the values); their row numbers are kept."""
        self.cells, self.first_column, self.first_distinct = [], None, None


#: characters a file name may not bring into a message, a log line or a page: control characters (a newline
#: forges a log line) and the bidirectional controls (U+202E shows "rtl-\u202eslx.exe" as "rtl-exe.xlsx")
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_name(name: str) -> str:
    """A file name as it may be shown or logged: each control or bidirectional control character replaced by
    U+FFFD (the name stays recognisable, and can no longer break a line or turn the text around)."""
    return _UNSAFE_NAME.sub("\ufffd", name)


def source_name(source: object, name: str | None = None) -> str:
    """The file name shown in messages: ``name`` if given, else the path's name, else "upload.xlsx"
    (made safe to show: :func:`safe_name`)."""
    if name:
        return safe_name(Path(name).name)
    if isinstance(source, str | Path):
        return safe_name(Path(source).name)
    return safe_name(Path(getattr(source, "name", "") or "upload.xlsx").name)


def _unreadable(file: str, detail: str) -> list[Issue]:
    return [Issue("error", "unreadable-file", file, params={"detail": texts(detail)})]


def read_source(source: Source, file: str, limits: IntakeLimits) -> tuple[bytes | None, list[Issue]]:
    """The workbook's bytes (at most ``limits.max_file_bytes``), or None and the issue saying why not."""
    too_big = Issue("error", "file-too-large", file, params={"max": f"{limits.max_file_bytes / 2**20:.0f}"})
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if not path.is_file():
                return None, _unreadable(file, "detail.file_not_found")
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                return None, [too_big]
            with open(path, "rb") as fh:  # read what the file holds, and a little more if it grew meanwhile
                data = fh.read(min(size + 65536, limits.max_file_bytes + 1))
        except OSError as exc:
            _log.warning("cannot read %s: %s", path, exc)
            return None, _unreadable(file, "detail.file_not_found")
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:
            data = source.read(limits.max_file_bytes + 1)
        except Exception as exc:  # a closed or unreadable file object
            _log.warning("cannot read the upload %s: %s", file, exc)
            return None, _unreadable(file, "detail.cannot_read_upload")
        if not isinstance(data, bytes):
            return None, _unreadable(file, "detail.cannot_read_upload")
    if len(data) > limits.max_file_bytes:
        return None, [too_big]
    return data, []


class Workbook:
    """An opened workbook: its package (the bounds) and calamine's reader (the values)."""

    def __init__(self, package: Package, book: python_calamine.CalamineWorkbook) -> None:
        self.package = package
        self.book = book
        self.file = package.file
        self.sheet_names: list[str] = list(book.sheet_names)
        self._cells: dict[str, tuple[list[Row] | None, SheetScan | None, list[Issue]]] = {}

    def read_cells(self, sheet: str) -> tuple[list[Row] | None, SheetScan | None, list[Issue]]:
        """All cells of a sheet from A1, rows padded to the same width ("" for empty cells), once bounded.

        Returns (cells, scan, issues); cells is None when the sheet may not or cannot be read.
        """
        if sheet not in self._cells:
            self._cells[sheet] = self._read(sheet)
        return self._cells[sheet]

    def forget(self, sheet: str) -> None:
        """Drop the cells kept for ``sheet`` (they are read once, then turned into records)."""
        self._cells.pop(sheet, None)

    def _read(self, sheet: str) -> tuple[list[Row] | None, SheetScan | None, list[Issue]]:
        scan, issues = self.package.scan_sheet(sheet)
        if scan is None:
            return None, None, issues
        if scan.rows == 0:
            return [], scan, []
        try:
            cells: list[Row] = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # CalamineError and subclasses, or a Rust panic (pyo3's PanicException)
            _log.warning("calamine cannot read sheet %r of %s: %s", sheet, self.file, exc)
            detail = texts("detail.damaged")
            return None, scan, [Issue("error", "unreadable-sheet", self.file, sheet=sheet, params={"detail": detail})]
        return cells, scan, []

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already closed: nothing to release
            self.book.close()


def open_workbook(
    source: Source, name: str | None = None, limits: IntakeLimits = DEFAULT_LIMITS
) -> tuple[Workbook | None, list[Issue]]:
    """The workbook opened for reading, or None and the issue saying why not.

    ``source`` is a path, or the file's bytes / a binary file object (an upload), in which
    case ``name`` is the uploaded file's name. A file is taken by its content: a zip package
    named .xlsx or .xlsm (in any case: .XLSX too); an Excel 97-2003 file (.xls, or such content
    under an .xlsx name) and a password-protected workbook are refused with what to do.
    """
    file = source_name(source, name)
    suffix = Path(file).suffix.lower()
    if suffix in LEGACY_SUFFIXES:
        return None, [Issue("error", "legacy-xls", file)]
    if suffix not in XLSX_SUFFIXES:
        return None, [Issue("error", "not-xlsx", file)]
    raw, issues = read_source(source, file, limits)
    if raw is None:
        return None, issues
    if not raw:
        return None, [Issue("error", "empty-file", file)]
    kind = sniff(raw)
    if kind == "encrypted":
        return None, [Issue("error", "encrypted-workbook", file)]
    if kind == "ole2":
        return None, [Issue("error", "legacy-xls", file)]
    if kind != "zip":
        return None, _unreadable(file, "detail.not_zip")
    try:
        package = Package(raw, file, limits)
    except Exception as exc:  # zipfile.BadZipFile, or a damaged central directory
        _log.warning("%s is not a readable zip package: %s", file, exc)
        return None, _unreadable(file, "detail.damaged")
    issues = package.check_parts() or package.check_shared_strings()
    if issues:
        return None, issues
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # CalamineError and subclasses, OSError, or a Rust panic (PanicException)
        _log.warning("calamine cannot open %s: %s", file, exc)
        return None, _unreadable(file, "detail.damaged")
    return Workbook(package, book), []


# -- sheets ----------------------------------------------------------------------------------------
def names_params(names: dict[str, str]) -> dict[str, str]:
    """Message params for a name known in three languages: name_en/fr/nl, and alt_en/fr/nl,
    the other languages' names in brackets (" (or Appels / Oproepen)"), empty when all are the same."""
    params = {f"name_{lang}": names[lang] for lang in aliases.LANGS}
    for lang in aliases.LANGS:
        others = [n for n in dict.fromkeys(names[o] for o in aliases.LANGS) if n != names[lang]]
        params[f"alt_{lang}"] = f" ({t('or', lang)} {' / '.join(others)})" if others else ""
    return params


def sheet_names(key: str) -> dict[str, str]:
    """The sheet's canonical name per language, as message params (name_*, alt_*)."""
    return names_params({lang: aliases.sheet_name(key, lang) for lang in aliases.LANGS})


def column_names(sheet: str, key: str) -> dict[str, str]:
    """The column's canonical name per language, as message params (name_*, alt_*)."""
    return names_params({lang: aliases.header_name(sheet, key, lang) for lang in aliases.LANGS})


def _score(wb: Workbook, sheet: str, key: str) -> int:
    """How much a sheet looks like the ``key`` sheet: the known names in its best header row."""
    cells, _, _ = wb.read_cells(sheet)
    if not cells:
        return 0
    top = cells[:HEADER_SEARCH_ROWS]
    if key == "programme":
        fields = {aliases.programme_key(row[0]) for row in top if row and isinstance(row[0], str)}
        across = max(
            (len({aliases.programme_key(c) for c in row if isinstance(c, str)} - {None}) for row in top), default=0
        )
        return max(len(fields - {None}), across)
    return max((len(_header_matches(key, row)) for row in top), default=0)


def find_sheets(wb: Workbook) -> tuple[dict[str, str], list[Issue]]:
    """Sheet key -> sheet name in the file, plus issues for missing, doubled and hidden sheets.

    When several sheets stand for the same sheet ("Info" and "Programme", "Operations" and
    "Projects"), the one whose header holds most of the expected names is read (on a tie: the
    one with the format's own name, then the first); each other one gets a ``duplicate-sheet``
    warning naming the sheet read, so that the cause is told before anything it leads to.
    """
    candidates: dict[str, list[str]] = {}
    for name in wb.sheet_names:
        sheet_key = aliases.sheet_key(name)
        if sheet_key is not None:
            candidates.setdefault(sheet_key, []).append(name)
    found: dict[str, str] = {}
    issues: list[Issue] = []
    for key, names in candidates.items():
        chosen = names[0]
        if len(names) > 1:
            canonical = {aliases.normalise(n) for n in aliases.SHEETS[key][:3]}
            order = {n: i for i, n in enumerate(names)}
            chosen = max(names, key=lambda n: (_score(wb, n, key), aliases.normalise(n) in canonical, -order[n]))
            for other in names:
                if other != chosen:
                    wb.forget(other)
                    issues.append(
                        Issue(
                            "warning",
                            "duplicate-sheet",
                            wb.file,
                            sheet=other,
                            params={**sheet_names(key), "first": chosen},
                        )
                    )
        found[key] = chosen
        if chosen in wb.package.hidden_sheets:
            issues.append(Issue("warning", "hidden-sheet", wb.file, sheet=chosen, params=sheet_names(key)))
    for key in aliases.REQUIRED_SHEETS:
        if key not in found:
            issues.append(Issue("error", "missing-sheet", wb.file, params=sheet_names(key)))
    return found, issues


# -- tables ----------------------------------------------------------------------------------------
def _header_matches(key: str, row: Row) -> dict[str, int]:
    matched: dict[str, int] = {}
    for idx, cell in enumerate(row):
        if isinstance(cell, str) and cell.strip():
            col = aliases.column_key(key, cell)
            if col is not None and col not in matched:
                matched[col] = idx
    return matched


def _find_header(cells: list[Row], key: str) -> tuple[int, dict[str, int]]:
    best_row, best = -1, dict[str, int]()
    for r, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        matched = _header_matches(key, row)
        if len(matched) > len(best):
            best_row, best = r, matched
    return best_row, best


def _read_header(table: Table, header: Row, file: str) -> list[Issue]:
    """Fill the table's columns, labels and units from its header row; issues for doubled columns and units."""
    issues: list[Issue] = []
    key, row = table.key, table.header_row
    for idx, cell in enumerate(header):
        if not (isinstance(cell, str) and cell.strip()):
            continue
        col = aliases.column_key(key, cell)
        if col is None:
            continue
        text = parse_text(cell)
        label = f"{text} ({column_letter(idx)})"
        if col in table.columns:
            params = {**column_names(key, col), "first": table.labels[col]}
            issues.append(
                Issue(
                    "error",
                    "duplicate-column",
                    file,
                    sheet=table.sheet,
                    row=row,
                    column=label,
                    value=text,
                    params=params,
                )
            )
            continue
        table.columns[col] = idx
        table.labels[col] = label
        if FRAME_COLUMNS[key].get(col) == AMOUNT_KIND:
            _, unit = aliases.split_unit(text)
            scale = aliases.unit_scale(unit) if unit else 1.0
            if scale is None:
                issues.append(
                    Issue(
                        "error",
                        "unknown-unit",
                        file,
                        sheet=table.sheet,
                        row=row,
                        column=label,
                        value=unit,
                        params={"header": text, **column_names(key, col)},
                    )
                )
                scale = 1.0
            table.scales[col] = scale
    return issues


def read_table(
    cells: list[Row], sheet: str, key: str, file: str, scan: SheetScan | None = None
) -> tuple[Table | None, list[Issue]]:
    """The sheet's header row, column positions and data rows, with issues for missing or doubled columns."""
    best_row, best = _find_header(cells, key)
    required = [c for c in aliases.COLUMNS[key] if c not in aliases.OPTIONAL_COLUMNS[key]]
    if len(best) < min(2, len(required)):
        expected = {lang: ", ".join(aliases.header_name(key, c, lang) for c in required) for lang in aliases.LANGS}
        params = {"rows": HEADER_SEARCH_ROWS, "expected": expected}
        return None, [Issue("error", "no-header", file, sheet=sheet, params=params)]
    table = Table(sheet=sheet, key=key, header_row=best_row + 1, scan=scan)
    issues = _read_header(table, cells[best_row], file)
    for col in required:
        if col not in table.columns:
            issues.append(
                Issue("error", "missing-column", file, sheet=sheet, row=best_row + 1, params=column_names(key, col))
            )
    first = best_row + 1
    if first < len(cells) and _unit_row(cells[first], table):
        first += 1  # a two-level header: "Montant" over "(EUR)"; its units are taken, the row is no data
    table.numbers, table.cells = _data_rows(cells, first, table)
    id_key = next(iter(aliases.COLUMNS[key]))
    for row_number, label in table.dropped:
        issues.append(
            Issue(
                "warning",
                "totals-row",
                file,
                sheet=sheet,
                row=row_number,
                value=label or None,
                params=column_names(key, id_key),
            )
        )
    return table, issues


#: a date format written under a date header in a two-level header: "(dd/mm/yyyy)", "jj/mm/aaaa", "dd-mm-jjjj"
_DATE_HINT = re.compile(r"^[(\[]?\s*(?:dd|jj|tt)[/.\-]mm[/.\-](?:yyyy|aaaa|jjjj)\s*[)\]]?$", re.IGNORECASE)


def _unit_scale_of(text: str) -> float | None:
    """The scale of a cell that holds a unit and nothing else ("(EUR)", "k€", "[M€]", "en euros"), else None."""
    inner = text.strip()
    if inner[:1] in "([" and inner[-1:] in ")]":
        inner = inner[1:-1].strip()
    return aliases.unit_scale(inner) if inner and len(inner) <= 40 else None


def _unit_row(row: Row, table: Table) -> bool:
    """True when the row under the header is the header's second level: its filled cells all name a unit (or a
    date format), at least one under an amount column, and nothing else. The units scale their columns (an amount
    header that names its own unit keeps it)."""
    amounts = {i: c for c, i in table.columns.items() if FRAME_COLUMNS[table.key].get(c) == AMOUNT_KIND}
    scales: dict[str, float] = {}
    for i, cell in enumerate(row):
        if not _filled(cell):
            continue
        if not isinstance(cell, str):
            return False
        scale = _unit_scale_of(cell)
        if scale is not None and i in amounts:
            scales[amounts[i]] = scale
        elif scale is None and not _DATE_HINT.match(cell.strip()):
            return False
    if not scales:
        return False
    for col, scale in scales.items():
        _, own = aliases.split_unit(parse_text(table.labels[col].rsplit(" (", 1)[0]))
        if own is None:
            table.scales[col] = scale
    return True


def _data_rows(cells: list[Row], first: int, table: Table) -> tuple[list[int], list[Row]]:
    """The rows below the header that hold a value in a known column and are not a totals row: their Excel row
    numbers and their cells.

    A totals row is recognised by its shape (:func:`_is_totals_row`), never by a word alone: a payment described
    "Totalité de l'avance convenue" or a project named "Totaalrenovatie ..." is data. Each row left out as a
    totals row is kept in ``table.dropped`` (reported as a located warning).

    When the id is in column A, that column is looked at whole first: a row whose id is a number or a text that
    starts with a digit, or with a letter no totals label starts with, is data, decided in one pass over the
    column (kept in ``table.first_column`` when every row is data). Only the other rows (an empty id, a label)
    are looked at one by one, in order, with the rows kept above them.
    """
    used = sorted(table.columns.values())
    id_col = table.columns.get(next(iter(aliases.COLUMNS[table.key])))
    special_rows = {r for r, _ in table.scan.special} if table.scan else set()
    fast = id_col == 0 and bool(used) and used[0] == 0  # the id in column A: most rows are decided by it
    body = cells[first:]
    # the rows looked at one by one: with the id in column A (and no row of width 0), those without a plain id
    ids = _first_cells(body) if fast else None
    distinct = distinct_values(ids) if ids is not None else None
    slow = _not_ids(ids, distinct) if ids is not None else list(range(len(body)))
    if not slow:  # every row below the header is data: the usual sheet
        table.first_column, table.first_distinct = ids, distinct
        return list(range(first + 1, first + len(body) + 1)), body
    numbers: list[int] = []
    kept: list[Row] = []
    sums = _Sums(kept, [i for c, i in table.columns.items() if FRAME_COLUMNS[table.key].get(c) == AMOUNT_KIND])
    done = 0
    for p in slow:
        if p > done:
            numbers.extend(range(first + done + 1, first + p + 1))
            kept.extend(body[done:p])
        done = p + 1
        row, excel_row = body[p], first + p + 1
        width = len(row)
        for i in used:
            if i < width and _filled(row[i]):
                break
        else:
            if excel_row not in special_rows:
                continue
        label = _totals_label(row, id_col, sums, table, excel_row)
        if label is not None:
            table.dropped.append((excel_row, label))
            continue
        numbers.append(excel_row)
        kept.append(row)
    if done < len(body):
        numbers.extend(range(first + done + 1, first + len(body) + 1))
        kept.extend(body[done:])
    return numbers, kept


def _first_cells(rows: list[Row]) -> list[Any] | None:
    """The cells of column A, or None when a row has no cell at all (calamine gives none such)."""
    try:
        return list(map(_FIRST_CELL, rows))
    except IndexError:
        return None


_FIRST_CELL = itemgetter(0)


def _not_ids(ids: list[Any], distinct: set[Any] | None) -> list[int]:
    """The positions of the cells that are not plainly an id: an id is a number, or a text starting with a digit
    or with a letter that no totals label starts with (``aliases.TOTAL_INITIALS``).

    A column of texts is decided by the first letters of its distinct texts (``distinct``, None when unknown):
    each one is judged once, and only a column holding a doubtful first letter (a T, an S, an empty id) is
    looked at cell by cell."""
    if distinct and set(map(type, distinct)) == {str}:  # no text equals a value of another type
        doubtful = {ch for ch in set(map(_FIRST_LETTER, distinct)) if not _id_initial(ch)}
        return [p for p, c in enumerate(ids) if c[:1] in doubtful] if doubtful else []
    return [p for p, c in enumerate(ids) if not _plain_id(c)]


def distinct_values(values: Sequence[Any]) -> set[Any] | None:
    """A column's distinct values (None when one cannot be hashed, which no cell read by calamine is).

    What a set tells of the whole column: no text equals a value of another type, and no ``date`` equals a
    ``datetime``, so when every distinct value is a str (or a ``date``), so is every cell."""
    try:
        return set(values)
    except TypeError:
        return None


#: a text's first letter ("" for an empty text), taken by C code over a whole column
_FIRST_LETTER = itemgetter(slice(0, 1))


def _id_initial(ch: str) -> bool:
    return bool(ch) and (ch.isdigit() or (ch.isalpha() and ch.lower() not in aliases.TOTAL_INITIALS))


def _plain_id(c: object) -> bool:
    return (
        (isinstance(c, str) and c.__class__ is str and _id_initial(c[:1]))
        or (c.__class__ is float and c == c)
        or c.__class__ is int
    )


#: the formulas of a totals cell (Excel writes them in English in the file, whatever its language)
_SUM_FORMULAS = ("SUM(", "SUBTOTAL(", "AGGREGATE(", "_XLFN.AGGREGATE(")


class _Sums:
    """Running sums of the amount columns over the data rows kept: since the header, and since the last totals row
    (a subtotal). Caught up only when a row may be a totals row, so that a sheet without one costs nothing."""

    def __init__(self, kept: list[Row], columns: list[int]) -> None:
        self.kept, self.columns = kept, columns
        self.done = 0
        self.grand = [0.0] * len(columns)
        self.block = [0.0] * len(columns)

    def catch_up(self) -> None:
        for row in self.kept[self.done :]:
            width = len(row)
            for k, i in enumerate(self.columns):
                v = _number(row[i]) if i < width else None
                if v is not None:
                    self.grand[k] += v
                    self.block[k] += v
        self.done = len(self.kept)

    def close_block(self) -> None:
        self.block = [0.0] * len(self.columns)


def _number(value: object) -> float | None:
    """A cell as a number for the totals check (None: empty, or no number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            return None
    return None


def _totals_label(row: Row, id_col: int | None, sums: _Sums, table: Table, excel_row: int) -> str | None:
    """The row's label ("" when it has none) when it has the shape of a totals row, else None.

    The shape: no id (its id cell is empty, or reads Total / Totaal / Totaux ...), data rows above it, and each of
    its filled amount cells either the sum of that column over the data rows above (since the header or since the
    last totals row) or a SUM/SUBTOTAL formula; an unlabelled row needs at least one such amount.
    """
    id_cell = row[id_col] if id_col is not None and id_col < len(row) else None
    label = ""
    if id_col is not None and _filled(id_cell):
        if not aliases.is_total_label(id_cell):
            return None  # it has an id: a line of data, whatever its other cells say
        label = parse_text(id_cell)
    if not sums.kept:
        return None
    if not label:
        first = next((c for c in row if _filled(c)), None)
        if aliases.is_total_label(first):
            label = parse_text(first)
    sums.catch_up()
    special = table.scan.special if table.scan is not None else {}
    matched = 0
    width = len(row)
    for k, i in enumerate(sums.columns):
        cell = row[i] if i < width else None
        if not _filled(cell):
            kind, text = special.get((excel_row, i), ("", ""))
            if kind == "formula" and text.upper().lstrip("=+").startswith(_SUM_FORMULAS):
                matched += 1
            continue
        v = _number(cell)
        if v is None:
            return None
        tol = 0.005 + abs(v) * 1e-9
        if abs(v - sums.grand[k]) <= tol or abs(v - sums.block[k]) <= tol:
            matched += 1
            continue
        return None
    if not matched and not label:
        return None
    sums.close_block()
    return label


def _filled(value: object) -> bool:
    """``not is_blank(value)``, with the usual cases first (this runs for every cell read)."""
    if value.__class__ is str:
        text: str = value
        return bool(text) and (text[0].isalnum() or not is_blank(text))
    return not is_blank(value)
