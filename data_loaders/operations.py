"""Lists of operations: the one-row-per-project tables that managing authorities publish and export.

A list of operations is not a programme workbook (no Programme, Budget, Calls, Commitments or Payments
sheet): it is one table, often under title rows, with headers in the publisher's languages, and sometimes
section rows (an axis's name) between the projects. This module reads such a file, finds its header, proposes
a mapping of its columns onto the format's fields, carries the section rows onto the rows below, and builds
the dashboard's data (:class:`monitoring.model.ProgrammeData`) from the mapped rows. It is pure: no Dash, no
files written (the caller keeps the mapping profiles: :mod:`data_loaders.profiles`).

Public API::

    read_list(raw, file) -> ListFile                  # .xlsx, .xls or .csv (delimiter sniffed, encoding tried)
    find_table(listfile) -> Table | None              # the sheet and header row that look most like a list
    recognise(raw, file) -> Table | None               # the same, None when the file is not a list of operations
    propose(headers) -> dict[int, str]                 # column index -> field (FIELDS), from ALIASES
    extract(table, mapping) -> Extracted               # operations with their sections carried, rows skipped
    totals(operations, by) -> {key: Totals}            # per programme, priority or call
    build_programme(extracted, programme_id=..., allocation={priority: amount}, ...) -> ProgrammeData
    workbook_sheets(data) -> (programme fields, sheet rows)  # for data_loaders.writer.write_workbook
    header_signature(table) -> str                    # the same source's next export has the same one

What a list cannot give (commitments, payments unless it has a column for them, decommitment) is left
empty; the pages say so (docs/data-format.md, "Lists of operations").
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from monitoring.model import ProgrammeData, ProgrammeInfo, coerce_frame, empty_frame

from . import aliases
from .parsing import is_blank, parse_amount, parse_date, parse_text

#: the fields a list's columns can be mapped onto ("" / missing key: the column is not used)
FIELDS = (
    "project_id",
    "name",
    "beneficiary",
    "programme",
    "priority",
    "call_id",
    "call_title",
    "status",
    "total_cost",
    "eu_amount",
    "national_amount",
    "paid",
    "selection_date",
    "start_date",
    "end_date",
    "postcode",
)
AMOUNT_FIELDS = ("total_cost", "eu_amount", "national_amount", "paid")
DATE_FIELDS = ("selection_date", "start_date", "end_date")
#: what identifies an operation's row (one of them must be filled)
IDENTITY_FIELDS = ("project_id", "name", "beneficiary")

#: field -> header names that propose it: the publishers' own words, kept with the workbook format's names
#: (``data_loaders.aliases.LIST_FIELDS``; docs/data-format.md prints them)
ALIASES: dict[str, tuple[str, ...]] = aliases.LIST_FIELDS

#: a row whose first words say it is a total ("Total AXE 2", "Totaal", "Sous-total") is no operation
_TOTAL = re.compile(r"^(?:sous-?|sub-?)?(?:total|totaal|totaux|totale|celkem|somme|som|sum)\b", re.IGNORECASE)
_PART_SEPARATORS = re.compile(r"\s+/\s+|\s+-\s+|\n")
_CURRENCY_UNIT = re.compile(r"\((?:€|eur|euro|euros|czk|kč)\)", re.IGNORECASE)
_UNIT = re.compile(r"\((?:€|eur|euro|euros|czk|kč|ue|eu)\)", re.IGNORECASE)
#: the rows looked at for a header
HEADER_SEARCH_ROWS = 30
#: a cell longer than this is cut in what is shown (a title row, a section label)
MAX_LABEL = 200
#: rows read at most from one list (a larger one is refused: too large for a list of one programme)
MAX_ROWS = 200_000
#: the total size an .xlsx may take once decompressed before it is read (a zip bomb is refused)
MAX_UNZIPPED = 400 * 2**20
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Cell = Any
Row = list[Cell]


class ListError(Exception):
    """A file that cannot be read as a list ("unreadable", "too-large", "empty"); ``params`` for the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ListFile:
    """A file's tables as rows of cell values: sheet name -> rows (a .csv has one sheet, named after the file)."""

    file: str
    kind: str  # "xlsx" | "xls" | "csv"
    sheets: dict[str, list[Row]]
    encoding: str = ""  # a .csv: the encoding its text was read with
    delimiter: str = ""  # a .csv: the delimiter sniffed


@dataclass(frozen=True)
class Table:
    """The list found in a file: its sheet, header row (1-based, as Excel numbers it), headers and rows below."""

    file: str
    kind: str
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, Row]]  # (Excel row number, cells) of every row under the header
    titles: list[str]  # the text of the rows above the header
    encoding: str = ""
    delimiter: str = ""

    @property
    def data_rows(self) -> int:
        """Rows under the header that hold anything."""
        return sum(1 for _r, cells in self.rows if any(not is_blank(c) for c in cells))


@dataclass
class Operation:
    """One operation of a list, its values parsed and its sections carried."""

    row: int  # Excel row (or line of the .csv)
    values: dict[str, Any]  # field -> parsed value (text, float or date)
    priority: str = ""  # code: the mapped column's value, or the carried section's number ("1", "2")
    priority_label: str = ""
    group: str = ""  # the second level of section rows ("1.1"), when the list has one
    group_label: str = ""

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def amount(self, key: str) -> float:
        value = self.values.get(key)
        return float(value) if isinstance(value, float) else 0.0


@dataclass(frozen=True)
class RowNote:
    """A row that is not an operation, or a value that could not be read, located for the user."""

    kind: str  # "total" | "section" | "ignored" | "bad-amount" | "bad-date"
    row: int
    column: str = ""
    value: str = ""


@dataclass
class Extracted:
    """The operations of a mapped list, with what was skipped and why."""

    table: Table
    mapping: dict[int, str]
    operations: list[Operation]
    notes: list[RowNote] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # priority code -> label (carried sections)
    groups: dict[str, str] = field(default_factory=dict)  # group code -> label

    def count(self, kind: str) -> int:
        return sum(1 for n in self.notes if n.kind == kind)

    def programmes(self) -> list[str]:
        """The programmes of the list, in their order of appearance ("" when there is no programme column)."""
        return list(dict.fromkeys(op.text("programme") for op in self.operations))


# -- reading ----------------------------------------------------------------------------------------------
def sniff_kind(raw: bytes) -> str:
    """ "xlsx" (a zip), "xls" (an OLE2 compound file) or "csv" (text: no NUL byte in its first 8 KiB), else ""."""
    if raw.startswith(ZIP_MAGIC):
        return "xlsx"
    if raw.startswith(OLE2_MAGIC):
        return "xls"
    head = raw[:8192]
    if raw and b"\x00" not in head:
        return "csv"
    return ""


def is_list_content(head: bytes) -> bool:
    """The first bytes of an .xls (OLE2, not a password-protected workbook) or of a text file in one of
    :data:`ENCODINGS` (no NUL byte; a multi-byte character cut at the end of ``head`` is allowed)."""
    kind = sniff_kind(head)
    if kind == "xls":
        return True
    return kind == "csv" and len(head.strip()) > 0


def decode_text(raw: bytes) -> tuple[str, str]:
    """The text of a .csv and the encoding it was read with: UTF-8 (with or without its mark), else
    Windows-1252, else Latin-1 (which reads any bytes)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"  # unreachable: latin-1 decodes every byte


DELIMITERS = (";", ",", "\t", "|")


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a .csv: csv.Sniffer's guess when it splits the lines into a steady number of fields
    (it can be fooled by the commas of a quoted text on a short sample), else the one of ";", ",", tab and "|"
    that does, with most fields (title lines above the header may have fewer)."""
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ""
    lines = "\n".join(line for line in sample.splitlines()[:60] if line.strip())
    best, best_score = ",", (False, False, 0)
    for d in dict.fromkeys([sniffed, *DELIMITERS]):
        if not d:
            continue
        counts = [len(r) for r in csv.reader(io.StringIO(lines), delimiter=d)]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        steady = counts.count(mode) >= 0.6 * len(counts)
        score = (mode > 1, steady, mode if steady else 0)
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv_rows(raw: bytes) -> tuple[list[Row], str, str]:
    """The rows of a .csv, with the encoding used and the delimiter sniffed (",", ";", tab or "|")."""
    text, encoding = decode_text(raw)
    delimiter = sniff_delimiter(text[:65536])
    rows: list[Row] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(list(row))
        if len(rows) > MAX_ROWS:
            raise ListError("too-large", rows=MAX_ROWS)
    return rows, encoding, delimiter


def read_list(raw: bytes, file: str) -> ListFile:
    """Every sheet of an .xlsx or .xls (python-calamine), or the one table of a .csv, taken by content."""
    kind = sniff_kind(raw)
    if not kind:
        raise ListError("unreadable", file=file)
    if kind == "csv":
        rows, encoding, delimiter = read_csv_rows(raw)
        return ListFile(file, kind, {file: rows}, encoding, delimiter)
    if kind == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
                    raise ListError("too-large", rows=MAX_ROWS)
        except zipfile.BadZipFile:
            raise ListError("unreadable", file=file) from None
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets: dict[str, list[Row]] = {}
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if len(rows) > MAX_ROWS:
                raise ListError("too-large", rows=MAX_ROWS)
            sheets[name] = [list(r) for r in rows]
    except ListError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # CalamineError, a Rust panic: not a readable workbook
        raise ListError("unreadable", file=file) from None
    return ListFile(file, kind, sheets)


# -- the header and the mapping ---------------------------------------------------------------------------
def _parts(header: str) -> list[str]:
    """A header and its language parts: "Bénéficiaire / Begunstigde" -> itself, "Bénéficiaire", "Begunstigde"."""
    text = _UNIT.sub("", header).strip()
    parts = [text, *(p.strip() for p in _PART_SEPARATORS.split(text) if p.strip())]
    return list(dict.fromkeys(parts))


def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for fld, names in ALIASES.items():
        for name in names:
            index.setdefault(aliases.normalise(name), fld)
    return index


_INDEX = _alias_index()


def field_for(header: object) -> tuple[str | None, int]:
    """The field a header proposes and how sure (3: the whole header is a known name, 2: one of its
    language parts is, 0: none)."""
    if not isinstance(header, str) or not header.strip():
        return None, 0
    parts = _parts(header)
    whole = _INDEX.get(aliases.normalise(parts[0]))
    if whole:
        return whole, 3
    for part in parts[1:]:
        fld = _INDEX.get(aliases.normalise(part))
        if fld:
            return fld, 2
    return None, 0


def propose(headers: list[str]) -> dict[int, str]:
    """Column index -> field, for the columns whose header is a known name. A field proposed by several
    columns goes to the surest (an amount's header that names its currency, "(€)", is surer), then the first;
    the others stay unmapped (the user may map them)."""
    best: dict[str, tuple[int, int]] = {}
    for idx, header in enumerate(headers):
        fld, score = field_for(header)
        if fld is None:
            continue
        if fld in AMOUNT_FIELDS and _CURRENCY_UNIT.search(header):
            score += 2
        if fld not in best or score > best[fld][1]:
            best[fld] = (idx, score)
    return {idx: fld for fld, (idx, _s) in sorted(best.items(), key=lambda kv: kv[1][0])}


def _text_cells(row: Row) -> int:
    return sum(1 for c in row if isinstance(c, str) and c.strip() and not _looks_numeric(c))


def _looks_numeric(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def _header_score(row: Row) -> int:
    known = len(propose([c if isinstance(c, str) else "" for c in row]))
    texts = _text_cells(row)
    return known * 10 + texts if texts >= 2 else 0


def find_header(rows: list[Row]) -> int:
    """The index (0-based) of the header row among the first rows: the one with most known names, then most
    texts (title rows above it hold one text or two)."""
    best, best_score = -1, 0
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _header_score(row)
        if score > best_score:
            best, best_score = r, score
    return best


def find_table(listfile: ListFile) -> Table | None:
    """The sheet whose header has most known names, as a :class:`Table` (None: no sheet has a header)."""
    found: list[tuple[int, str, int]] = []
    for name, rows in listfile.sheets.items():
        r = find_header(rows)
        if r >= 0:
            found.append((_header_score(rows[r]), name, r))
    if not found:
        return None
    _score, sheet, r = max(found, key=lambda f: f[0])
    rows = listfile.sheets[sheet]
    headers = [parse_text(c) for c in rows[r]]
    width = len(headers)
    body = [(i + 1, (list(cells) + [""] * width)[:width]) for i, cells in enumerate(rows) if i > r]
    titles = [" ".join(parse_text(c) for c in row if not is_blank(c))[:MAX_LABEL] for row in rows[:r]]
    return Table(
        listfile.file,
        listfile.kind,
        sheet,
        r + 1,
        headers,
        body,
        [t for t in titles if t],
        listfile.encoding,
        listfile.delimiter,
    )


def recognise(raw: bytes, file: str) -> Table | None:
    """The list of operations a file holds, or None when it does not look like one: a header naming an amount
    (total cost or EU amount) and something that identifies an operation, with rows under it."""
    try:
        return list_table(read_list(raw, file))
    except ListError:
        return None


def list_table(listfile: ListFile) -> Table | None:
    """:func:`recognise` for a file already read."""
    table = find_table(listfile)
    if table is None:
        return None
    fields = set(propose(table.headers).values())
    if not fields & {"total_cost", "eu_amount"} or not fields & set(IDENTITY_FIELDS) or table.data_rows == 0:
        return None
    return table


def header_signature(headers: Iterable[str]) -> str:
    """What stays the same from one export of a source to the next: its normalised headers, in order."""
    text = "|".join(aliases.normalise(h) for h in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# -- the rows ---------------------------------------------------------------------------------------------
def _is_total(cells: Row) -> bool:
    return any(isinstance(c, str) and _TOTAL.match(c.strip()) for c in cells)


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _title_constants(titles: list[str]) -> dict[str, str]:
    """Fields given once above the header, "Prioritaire As: Ondernemerschap": field -> value."""
    out: dict[str, str] = {}
    for line in titles:
        label, sep, value = line.partition(":")
        if not sep or not value.strip():
            continue
        fld, _score = field_for(label.strip())
        if fld in ("priority", "programme", "call_id", "call_title") and fld not in out:
            out[fld] = value.strip()[:MAX_LABEL]
    return out


def extract(table: Table, mapping: Mapping[int, str]) -> Extracted:
    """The operations of ``table`` under ``mapping`` (column index -> field).

    Each row under the header is, in this order: blank (skipped); a total (its first words say so, or it has
    amounts and nothing that identifies an operation: skipped, noted); a section (one text and no amount: its
    text is carried onto the rows below as their priority, or as their group when the list has two levels:
    labels in capitals are the first level, others the second; two section rows in a row at the same level
    are one label written in two languages, joined by " / "); an operation (something identifies it); else
    ignored (noted). A priority column, when mapped, wins over the sections; a "Priority: …" line above the
    header stands for the whole list.
    """
    mapping = {int(k): v for k, v in mapping.items() if v in FIELDS}
    constants = _title_constants(table.titles)
    amount_cols = [i for i, f in mapping.items() if f in AMOUNT_FIELDS]
    identity_cols = [i for i, f in mapping.items() if f in IDENTITY_FIELDS]
    two_levels = _has_two_levels(table, amount_cols)
    out = Extracted(table, dict(mapping), [])
    level1: tuple[str, str] = ("", "")  # (code, label)
    level2: tuple[str, str] = ("", "")
    last_kind = ""  # "1" | "2" | "" : the level of the row before, when it was a section
    n1 = n2 = 0
    for row, cells in table.rows:
        filled = [(i, c) for i, c in enumerate(cells) if not is_blank(c)]
        if not filled:
            last_kind = ""
            continue
        amounts = {i: _amount_or_bad(cells[i]) for i in amount_cols}  # each amount parsed once
        has_amount = any(isinstance(v, float) for v in amounts.values())
        has_identity = any(not is_blank(cells[i]) for i in identity_cols)
        if _is_total(cells) or (has_amount and not has_identity):
            out.notes.append(RowNote("total", row, value=_row_text(cells)))
            last_kind = ""
            continue
        if len(filled) == 1 and isinstance(filled[0][1], str) and not has_amount:
            label = parse_text(filled[0][1])[:MAX_LABEL]
            out.notes.append(RowNote("section", row, value=label))
            level = "1" if (not two_levels or _upper(label)) else "2"
            if level == "1":
                if last_kind == "1":
                    level1 = (level1[0], f"{level1[1]} / {label}")
                else:
                    n1, n2 = n1 + 1, 0
                    level1, level2 = (str(n1), label), ("", "")
                out.sections[level1[0]] = level1[1]
            else:
                if last_kind == "2":
                    level2 = (level2[0], f"{level2[1]} / {label}")
                else:
                    n2 += 1
                    level2 = (f"{n1 or 1}.{n2}", label)
                out.groups[level2[0]] = level2[1]
            last_kind = level
            continue
        last_kind = ""
        if not has_identity or (amount_cols and not has_amount and len(filled) <= 2):  # a key under the list
            out.notes.append(RowNote("ignored", row, value=_row_text(cells)))
            continue
        values: dict[str, Any] = {}
        for i, fld in mapping.items():
            if i in amounts:
                values[fld] = _amount_value(amounts[i], cells[i], row, table.headers[i], out.notes)
            else:
                values[fld] = _value(fld, cells[i], row, table.headers[i], out.notes)
        op = Operation(row, values)
        if "priority" in mapping.values():
            op.priority = op.text("priority")
            op.priority_label = op.priority
        elif level1[0]:
            op.priority, op.priority_label = level1
        elif "priority" in constants:
            op.priority = op.priority_label = constants["priority"]
        op.group, op.group_label = level2
        for fld in ("programme", "call_id", "call_title"):
            if fld not in mapping.values() and fld in constants:
                values[fld] = constants[fld]
        out.operations.append(op)
    return out


def _has_two_levels(table: Table, amount_cols: list[int]) -> bool:
    """True when the section rows are of two kinds: some in capitals (axes), some not (groups of operations)."""
    kinds = set()
    for _row, cells in table.rows:
        filled = [c for c in cells if not is_blank(c)]
        if len(filled) == 1 and isinstance(filled[0], str) and not _looks_numeric(filled[0]):
            kinds.add(_upper(filled[0]))
    return kinds == {True, False}


def _row_text(cells: Row) -> str:
    return " | ".join(parse_text(c) for c in cells if not is_blank(c))[:MAX_LABEL]


_BAD = object()


def _amount_or_bad(value: Cell) -> Any:
    """An amount, None (empty) or _BAD (not an amount)."""
    try:
        return parse_amount(value)
    except ValueError:
        return _BAD


def _amount_value(parsed: Any, cell: Cell, row: int, header: str, notes: list[RowNote]) -> Any:
    if parsed is _BAD:
        notes.append(RowNote("bad-amount", row, header, parse_text(cell)[:MAX_LABEL]))
        return None
    return parsed


def _value(fld: str, cell: Cell, row: int, header: str, notes: list[RowNote]) -> Any:
    if fld in AMOUNT_FIELDS:
        try:
            return parse_amount(cell)
        except ValueError:
            notes.append(RowNote("bad-amount", row, header, parse_text(cell)[:MAX_LABEL]))
            return None
    if fld in DATE_FIELDS:
        try:
            value = parse_date(cell)
        except ValueError:
            notes.append(RowNote("bad-date", row, header, parse_text(cell)[:MAX_LABEL]))
            return None
        if value is not None and not (1990 <= value.year <= 2100):  # 02/01/1900: a serial 1 meaning "none"
            notes.append(RowNote("bad-date", row, header, value.strftime("%d/%m/%Y")))
            return None
        return value
    return parse_text(cell)[: MAX_LABEL * 5]


# -- totals -----------------------------------------------------------------------------------------------
@dataclass
class Totals:
    """The sums of a set of operations (euros as the list gives them, to the cent)."""

    operations: int = 0
    total_cost: float = 0.0
    eu_amount: float = 0.0
    national_amount: float = 0.0
    paid: float = 0.0
    beneficiaries: set[str] = field(default_factory=set)

    def add(self, op: Operation) -> None:
        self.operations += 1
        for key in AMOUNT_FIELDS:
            setattr(self, key, round(getattr(self, key) + op.amount(key), 2))
        name = op.text("beneficiary")
        if name:
            self.beneficiaries.add(name)


def totals(
    operations: Iterable[Operation], by: tuple[str, ...] = ("programme", "priority")
) -> dict[tuple[str, ...], Totals]:
    """Sums per key: each of ``by`` is a field, or "priority" / "group" (carried sections included)."""
    out: dict[tuple[str, ...], Totals] = {}
    for op in operations:
        key = tuple(_key(op, b) for b in by)
        out.setdefault(key, Totals()).add(op)
    return out


def _key(op: Operation, by: str) -> str:
    if by == "priority":
        return op.priority
    if by == "group":
        return op.group
    return op.text(by)


# -- the dashboard's data ---------------------------------------------------------------------------------
#: the last day of eligible expenditure of each programme the dashboard knows (CPR 1303/2013 Art. 65(2);
#: CPR 2021/1060 Art. 63(2))
ELIGIBILITY_END = {"2014-2020": date(2023, 12, 31), "2021-2027": date(2029, 12, 31)}
NO_PRIORITY = "-"


def allocation_from(table: Mapping[str, Any]) -> dict[str, float]:
    """An allocation per priority from a form or another reader: {code: amount}; empty and unreadable
    amounts are left out (ValueError names the first amount that is not one)."""
    out: dict[str, float] = {}
    for code, value in table.items():
        code = str(code).strip()
        if not code or is_blank(value):
            continue
        amount = parse_amount(value)
        if amount is not None:
            out[code] = amount
    return out


def _stage(status: str) -> str:
    key = aliases.normalise(status)
    for stage, words in aliases.STATUSES.items():
        if key and key in {aliases.normalise(w) for w in words}:
            return stage
    return "selected"


def build_programme(
    extracted: Extracted,
    *,
    programme_id: str,
    allocation: Mapping[str, float] | None = None,
    programme: str | None = None,
    as_of: date | None = None,
    title: str = "",
) -> ProgrammeData:
    """The dashboard's data from a mapped list, for one programme of it (``programme``: a value of its
    programme column; None: every operation).

    Budget: one row per priority (the mapped column's values, or the carried sections), its allocation from
    ``allocation`` ({priority code: amount}; 0 when not given). Calls: the call column's values, or the
    second level of section rows (a group of operations), each with the priorities of its projects and no
    budget of its own (a list does not give one). Projects: selected (or the stage the status column says),
    total eligible cost = the decided amount, EU amount, national amount as the regional part (0 when the
    list has none). Payments: one line per project at ``as_of`` when the list has a paid column.
    Commitments, forecasts and the financial data with the Commission stay empty: a list does not hold them.
    """
    ops = [op for op in extracted.operations if programme is None or op.text("programme") == programme]
    as_of = as_of or date.today()
    allocation = dict(allocation or {})
    # budget
    priorities: dict[str, str] = {}
    for op in ops:
        code = op.priority or NO_PRIORITY
        priorities.setdefault(code, op.priority_label or code)
    for code in allocation:
        priorities.setdefault(code, code)
    budget = pd.DataFrame(
        [
            {
                "code": code,
                "priority": code,
                "label_fr": label,
                "label_nl": label,
                "label_en": label,
                "allocation": float(allocation.get(code, 0.0)),
                "eu_amount": 0.0,
            }
            for code, label in priorities.items()
        ]
    )
    # calls
    calls: dict[str, dict[str, Any]] = {}
    for op in ops:
        call_id, call_title = _call_of(op)
        if not call_id:
            continue
        call = calls.setdefault(call_id, {"call_id": call_id, "title": call_title or call_id, "codes": []})
        code = op.priority or NO_PRIORITY
        if code not in call["codes"]:
            call["codes"].append(code)
    call_rows = [
        {"call_id": c["call_id"], "title": c["title"], "objective_codes": ";".join(c["codes"]), "budget": 0.0}
        for c in calls.values()
    ]
    # projects
    seen: dict[str, int] = {}
    projects: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    cost_sum = eu_sum = 0.0
    for op in ops:
        pid = op.text("project_id") or f"R{op.row}"
        seen[pid] = seen.get(pid, 0) + 1
        if seen[pid] > 1:
            pid = f"{pid} ({seen[pid]})"
        eu, national = op.amount("eu_amount"), op.amount("national_amount")
        cost = op.values.get("total_cost")
        projects.append(
            {
                "project_id": pid,
                "name": op.text("name") or op.text("beneficiary") or pid,
                "beneficiary": op.text("beneficiary"),
                "objective_code": op.priority or NO_PRIORITY,
                "call_id": _call_of(op)[0],
                "stage": _stage(op.text("status")),
                "selection_date": op.values.get("selection_date"),
                "agreement_date": None,
                "start_date": op.values.get("start_date"),
                "end_date": op.values.get("end_date"),
                "total_cost": cost if isinstance(cost, float) else round(eu + national, 2),
                "eu_amount": eu,
                "regional_amount": national,
                "postcode": op.text("postcode"),
            }
        )
        cost_sum += projects[-1]["total_cost"]
        eu_sum += eu
        if op.amount("paid"):
            payments.append({"project_id": pid, "date": as_of, "amount": op.amount("paid"), "kind": "interim"})
    rate = round(eu_sum / cost_sum, 4) if cost_sum > 0 and 0 < eu_sum <= cost_sum else 0.5
    info = ProgrammeInfo(
        programme_id=programme_id,
        cci="",
        title=title or programme or extracted.table.file,
        eligibility_end=ELIGIBILITY_END.get(programme_id, date(2023, 12, 31)),
        eu_rate=rate,
        as_of=as_of,
    )
    return ProgrammeData(
        info=info,
        budget=coerce_frame("budget", budget) if len(budget) else empty_frame("budget"),
        calls=coerce_frame("calls", pd.DataFrame(call_rows)) if call_rows else empty_frame("calls"),
        projects=coerce_frame("projects", pd.DataFrame(projects)) if projects else empty_frame("projects"),
        commitments=empty_frame("commitments"),
        payments=coerce_frame("payments", pd.DataFrame(payments)) if payments else empty_frame("payments"),
        source=extracted.table.file,
    )


def _call_of(op: Operation) -> tuple[str, str]:
    call_id, call_title = op.text("call_id"), op.text("call_title")
    if call_id or call_title:
        return call_id or call_title, call_title
    return op.group, op.group_label


def workbook_sheets(data: ProgrammeData) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The Programme fields and sheet rows of ``data``, for :func:`data_loaders.writer.write_workbook`: a
    mapped list becomes a workbook of the format, which the Data page checks and places like any other."""
    info = data.info
    programme = {
        "programme_id": info.programme_id,
        "title": info.title,
        "eligibility_end": info.eligibility_end,
        "eu_rate": info.eu_rate,
        "as_of": info.as_of,
    }

    def rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for rec in frame.to_dict("records"):
            row: dict[str, Any] = {}
            for c in columns:
                v = rec.get(c)
                if isinstance(v, pd.Timestamp):
                    v = v.date()
                elif v is pd.NaT or (isinstance(v, float) and v != v):
                    v = None
                elif isinstance(v, str) and v.startswith("="):
                    v = " " + v  # text, not a formula, in the workbook written (the loader strips the space)
                row[c] = v
            out.append(row)
        return out

    sheets = {
        "budget": rows(data.budget, ("code", "priority", "label_fr", "label_nl", "label_en", "allocation")),
        "calls": rows(data.calls, ("call_id", "title", "objective_codes", "budget")),
        "projects": rows(
            data.projects,
            (
                "project_id",
                "name",
                "beneficiary",
                "objective_code",
                "call_id",
                "stage",
                "selection_date",
                "start_date",
                "end_date",
                "total_cost",
                "eu_amount",
                "regional_amount",
                "postcode",
            ),
        ),
        "commitments": rows(data.commitments, ("project_id", "date", "amount")),
        "payments": rows(data.payments, ("project_id", "date", "amount", "kind")),
    }
    return programme, sheets


__all__ = [
    "ALIASES",
    "FIELDS",
    "Extracted",
    "ListError",
    "ListFile",
    "Operation",
    "Table",
    "Totals",
    "allocation_from",
    "build_programme",
    "extract",
    "find_table",
    "header_signature",
    "propose",
    "read_list",
    "recognise",
    "totals",
    "workbook_sheets",
]


# -- what the workbook check says of a list ---------------------------------------------------------------
#: issues that a list of operations explains: it is not a workbook of the format, so these say nothing useful
EXPLAINED = ("legacy-xls", "not-xlsx", "unreadable-file", "missing-sheet")
#: a workbook missing this many of the format's sheets is not a damaged workbook of the format
MISSING_SHEETS_OF_A_LIST = 4
SHOWN_COLUMNS = 6
#: a file with this many sheets named as the format's is a workbook of the format, not a list
FORMAT_SHEETS_OF_A_WORKBOOK = 3


def is_format_workbook(listfile: ListFile) -> bool:
    """True when the file has sheets named as the format's (a workbook of the format, however damaged)."""
    return sum(1 for name in listfile.sheets if aliases.sheet_key(name)) >= FORMAT_SHEETS_OF_A_WORKBOOK


def explain(source: Any, file: str, limits: Any, issues: list[Any]) -> list[Any]:
    """The workbook check's issues, with those a list of operations explains replaced by one that says what
    the file is ("this looks like a list of operations: 1 772 rows, columns …") and where to map it."""
    from i18n import LANGS, format_number

    from .issues import Issue
    from .reader import read_source

    codes = [i.code for i in issues]
    if not codes or not set(codes) <= set(EXPLAINED):
        return issues
    if "missing-sheet" in codes and codes.count("missing-sheet") < MISSING_SHEETS_OF_A_LIST:
        return issues
    from .limits import DEFAULT_LIMITS

    raw, _ = read_source(source, file, limits or DEFAULT_LIMITS)
    if not raw:
        return issues
    try:
        listfile = read_list(raw, file)
    except ListError:
        return issues
    if is_format_workbook(listfile):
        return issues  # a workbook of the format under another name or with sheets missing: its own issues say it
    table = list_table(listfile)
    if table is None:
        return issues
    shown = [h[:60] for h in table.headers if h][:SHOWN_COLUMNS]
    more = " …" if len([h for h in table.headers if h]) > len(shown) else ""
    quoted = {lang: ("«\u00a0{}\u00a0»" if lang == "fr" else "“{}”") for lang in LANGS}
    operations = len(extract(table, propose(table.headers)).operations)
    params = {
        "rows": {lang: format_number(operations, lang) for lang in LANGS},
        "columns": {lang: ", ".join(quoted[lang].format(h) for h in shown) + more for lang in LANGS},
        "header_row": table.header_row,
    }
    return [Issue("error", "operations-list", file, sheet=table.sheet if table.kind != "csv" else None, params=params)]
