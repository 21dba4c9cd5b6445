"""The workbook as a zip package, inspected before calamine parses any of it.

calamine builds each sheet as one dense rectangle from the first to the last cell holding a
value, and copies a shared text into every cell that uses it. One value in XFD1048576, or a
20 MB text used in a hundred cells, is then tens of gigabytes: the process aborts instead of
raising. So the package is looked at first, cheaply, with Python's zipfile and a few byte
searches over each sheet's XML (no XML tree is built):

- the file's size, each part's size once decompressed, and all parts together
  (:class:`~data_loaders.limits.IntakeLimits`); Python's zipfile stops at the size a part
  declares and checks its CRC, so a part that lies about its size is refused as damaged;
- per sheet that will be read: the last row and column holding a value, which bound the
  rectangle calamine will build; the rows hidden in Excel; the cells holding an Excel error
  (``#N/A``, ``#REF!``), which calamine reads as empty; the formulas with no saved value,
  which calamine reads as empty too;
- the shared texts: none may be longer than Excel allows in a cell (32 767 characters), and
  the text a sheet repeats through them is bounded.

The scan reads what Excel, LibreOffice and openpyxl write (a cell's reference as its first
attribute, optional namespace prefixes); anything stranger is still bounded by the memory limit
of the reading process (:mod:`data_loaders.isolation`).

A sheet whose every row and cell tag is written the usual way (``<row r="7"``, ``<c r="B7"``) is
checked in one numpy pass over its bytes (:func:`_usual_references`: extent, cells written twice,
whether a formula or a large negative value needs a closer look); one tag written any other way
sends the sheet to the regular expressions, which rewrite odd references first, as before.
"""

from __future__ import annotations

import contextlib
import html
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO
from xml.etree import ElementTree

import numpy as np

from i18n import LANGS, format_number, texts

from .issues import Issue
from .limits import IntakeLimits
from .parsing import column_index, column_letter

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the stream name of a password-protected workbook, as its OLE2 directory writes it (UTF-16, little end first)
_ENCRYPTED_MARK = bytes(b for ch in b"EncryptedPackage" for b in (ch, 0))
#: parts small enough to parse as a tree (workbook, relationships); larger is not a workbook
_SMALL_PART_BYTES = 16 * 2**20
_REL_NS = "relationships"
_log = logging.getLogger(__name__)

Special = tuple[str, str]
#: a number shown as a date below minus this is refused before calamine reads the sheet (below about
#: -10^12 days its date conversion panics; no real date is negative)
NEGATIVE_DATE_SERIAL = 1e9
_BUILTIN_DATE_FORMATS = frozenset(
    {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
)  # ("error", "#N/A") or ("formula", "SUM(C2:C9)")


@dataclass(frozen=True)
class SheetScan:
    """What one sheet's XML holds, found before the sheet is read."""

    sheet: str
    rows: int  # the last Excel row holding a value (0: the sheet is empty)
    columns: int  # the last column (1 = A) holding a value
    hidden_rows: frozenset[int] = frozenset()  # Excel rows hidden (or filtered out) in Excel
    #: (Excel row, 0-based column) -> what calamine reads as an empty cell but is not
    special: dict[tuple[int, int], Special] = field(default_factory=dict)


@dataclass
class SharedStrings:
    """The lengths of the workbook's shared texts (the text itself is left to calamine)."""

    count: int = 0
    #: upper bound of the longest text, in characters
    longest: int = 0
    #: where each text's XML element starts in the part, and its length in bytes, by index
    starts: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    #: texts longer than the limit: index -> length in characters
    too_long: dict[int, int] = field(default_factory=dict)
    #: index -> the start of its text, for messages
    previews: dict[int, str] = field(default_factory=dict)


class Package:
    """An opened workbook package: its sheets' parts, its shared texts, and a scan per sheet."""

    def __init__(self, raw: bytes, file: str, limits: IntakeLimits) -> None:
        self.raw = raw
        self.file = file
        self.limits = limits
        self.zip = zipfile.ZipFile(io.BytesIO(raw))
        self.sheet_parts: dict[str, str] = {}
        self.hidden_sheets: set[str] = set()
        self.shared = SharedStrings()
        self._shared_part: str | None = None
        self._shared_data: bytes | None = None
        self._styles_part: str | None = None
        self._date_styles: frozenset[int] | None = None

    # -- opening -----------------------------------------------------------------------------
    def _damaged(self, detail: str = "detail.damaged") -> Issue:
        return Issue("error", "unreadable-file", self.file, params={"detail": texts(detail)})

    def check_parts(self) -> list[Issue]:
        """Sizes, names and the workbook's sheet list; an empty list when the package may be read."""
        infos = self.zip.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names) or any(i.flag_bits & 0x1 for i in infos):
            return [self._damaged()]  # a part named twice (readers disagree which one counts), or encrypted parts
        total = sum(i.file_size for i in infos)
        biggest = max(infos, key=lambda i: i.file_size, default=None)
        if biggest is not None and biggest.file_size > self.limits.max_part_bytes:
            return [self._too_big(biggest.file_size, self.limits.max_part_bytes)]
        if total > self.limits.max_unpacked_bytes:
            return [self._too_big(total, self.limits.max_unpacked_bytes)]
        try:
            workbook = self._office_document()
            self._read_sheet_list(workbook)
        except Exception as exc:  # zipfile and zlib raise many kinds for damaged bytes (BadZipFile, zlib.error, ...)
            _log.info("%s: damaged package (%s: %s)", self.file, type(exc).__name__, exc)
            return [self._damaged()]
        return []

    def _too_big(self, size: int, limit: int) -> Issue:
        return Issue("error", "unpacked-too-large", self.file, params={"size": _mb(size), "max": _mb(limit)})

    def read_part(self, name: str) -> bytes:
        """One part, decompressed; raises ValueError when it is larger than it says or damaged."""
        info = self.zip.getinfo(name)
        if info.file_size > self.limits.max_part_bytes:
            raise ValueError(name)
        with self.zip.open(info) as fh:
            data = _read_bounded(fh, info.file_size)
        return data

    def _xml(self, name: str) -> ElementTree.Element:
        info = self.zip.getinfo(name)
        if info.file_size > _SMALL_PART_BYTES:
            raise ValueError(name)
        data = self.read_part(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ValueError(name)  # workbooks never declare entities: refuse rather than expand them
        return ElementTree.fromstring(data)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of ``part``."""
        path = PurePosixPath(part)
        rels_name = str(path.parent / "_rels" / f"{path.name}.rels").lstrip("/")
        if rels_name.startswith("./"):
            rels_name = rels_name[2:]
        out: dict[str, tuple[str, str]] = {}
        if rels_name not in self.zip.NameToInfo:
            return out
        for rel in self._xml(rels_name).iter():
            if _local(rel.tag) != "Relationship":
                continue
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            out[rel.get("Id", "")] = (rel.get("Type", ""), _resolve(path.parent, target))
        return out

    def _office_document(self) -> str:
        for kind, target in self._rels("").values():
            if kind.endswith("/officeDocument"):
                return target
        if "xl/workbook.xml" in self.zip.NameToInfo:
            return "xl/workbook.xml"
        raise KeyError("workbook")

    def _read_sheet_list(self, workbook: str) -> None:
        rels = self._rels(workbook)
        for kind, target in rels.values():
            if kind.endswith("/sharedStrings") and target in self.zip.NameToInfo:
                self._shared_part = target
            if kind.endswith("/styles") and target in self.zip.NameToInfo:
                self._styles_part = target
        for el in self._xml(workbook).iter():
            if _local(el.tag) != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and _REL_NS in k), "")
            name = el.get("name", "")
            if rid in rels and rels[rid][1] in self.zip.NameToInfo:
                self.sheet_parts[name] = rels[rid][1]
            if el.get("state") in ("hidden", "veryHidden"):
                self.hidden_sheets.add(name)

    # -- styles ------------------------------------------------------------------------------
    def date_styles(self) -> frozenset[int] | None:
        """The cell styles (``s="..."``) that show a number as a date; None when the styles cannot be read."""
        if self._date_styles is None and self._styles_part is not None:
            try:
                self._date_styles = _date_styles(self._xml(self._styles_part))
            except Exception as exc:  # damaged styles: every styled cell may be a date
                _log.info("%s: styles not read (%s: %s)", self.file, type(exc).__name__, exc)
                return None
        return self._date_styles if self._styles_part is not None else frozenset()

    # -- shared strings ----------------------------------------------------------------------
    def check_shared_strings(self) -> list[Issue]:
        """Find the shared texts longer than a cell may hold (refused where a read sheet uses them)."""
        if self._shared_part is None:
            return []
        try:
            data = self.read_part(self._shared_part)
        except Exception as exc:  # damaged bytes, an unknown compression method, a lying size
            _log.info("%s: damaged shared strings (%s: %s)", self.file, type(exc).__name__, exc)
            return [self._damaged()]
        self._shared_data = data
        prefix = _prefix(data, b"sst")
        starts = [m.start() for m in re.finditer(b"<" + prefix + rb"si[\s>/]", data)]
        self.shared.count = len(starts)
        if not starts:
            return []
        ends = [*starts[1:], len(data)]
        sizes = [e - s for s, e in zip(starts, ends, strict=True)]
        self.shared.starts, self.shared.sizes = starts, sizes
        limit = self.limits.max_string_chars
        longest = 0
        for idx, size in enumerate(sizes):
            if size <= limit:
                longest = max(longest, size)
                continue
            text = _element_text(data[starts[idx] : ends[idx]], prefix)
            longest = max(longest, len(text))
            if len(text) > limit:
                self.shared.too_long[idx] = len(text)
                self.shared.previews[idx] = _preview(text)
        self.shared.longest = longest
        return []

    def _shared_preview(self, idx: int) -> str:
        if idx in self.shared.previews:
            return self.shared.previews[idx]
        data = self._shared_data
        if data is None or idx >= len(self.shared.sizes):
            return ""
        start = self.shared.starts[idx]
        return _preview(_element_text(data[start : start + self.shared.sizes[idx]], _prefix(data, b"sst")))

    # -- one sheet ---------------------------------------------------------------------------
    def scan_sheet(self, sheet: str) -> tuple[SheetScan | None, list[Issue]]:
        """The sheet's extent, hidden rows and special cells, or the issue that stops it being read."""
        part = self.sheet_parts.get(sheet)
        if part is None:
            return None, [self._damaged()]
        try:
            data = self.read_part(part)
        except Exception as exc:  # damaged bytes, an unknown compression method, a lying size
            _log.info("%s: damaged sheet %r (%s: %s)", self.file, sheet, type(exc).__name__, exc)
            return None, [self._damaged()]
        return _SheetScanner(self, sheet, data).run()


class _SheetScanner:
    """The byte searches over one sheet's XML (see the module docstring)."""

    def __init__(self, package: Package, sheet: str, data: bytes, fast: bool = True) -> None:
        self.pkg = package
        self.sheet = sheet
        p = _prefix(data, b"sheetData")
        self.p = p
        #: the usual case, read with numpy; None: the regular expressions read the sheet (as it is or rewritten)
        self.usual = _usual_references(data, p, package.limits.max_cells) if fast else None
        self.data = data if self.usual is not None else _canonical_references(data, p)
        self.cell = b"<" + p + b'c r="'
        self.row_re = re.compile(b"<" + p + rb'row r="(\d+)"')
        self.col_re = re.compile(b"<" + p + rb'c r="([A-Z]{1,3})\d')
        self.content_re = re.compile(b"<" + p + rb'c r="([A-Z]{1,3})(\d+)"([^>]*)>')

    def run(self) -> tuple[SheetScan | None, list[Issue]]:
        limits = self.pkg.limits
        if self.usual is not None:  # every tag has its reference first, three letters at most: one numpy pass
            rows, columns = self.usual.rows, self.usual.columns
        else:
            found = self._regex_extent()
            if isinstance(found, Issue):
                return None, [found]
            rows, columns = found
        if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
            rows, columns, far = self._content_extent()
            if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
                return None, [self._too_large(rows, columns, far)]
        duplicates = self._duplicate_cells() if self.usual is None or self.usual.duplicates else []
        issues = duplicates or self._shared_text_issues() or self._impossible_dates()
        if issues:
            return None, issues
        return SheetScan(self.sheet, rows, columns, self._hidden_rows(), self._special()), []

    def _regex_extent(self) -> tuple[int, int] | Issue:
        """The last row and column named by the tags, read with regular expressions (any way of writing them)."""
        data, limits = self.data, self.pkg.limits
        beyond = re.search(b"<" + self.p + rb'c r="([A-Z]{4,}\d*)"', data)
        if beyond is not None:  # more than three column letters: past XFD, the last column Excel has
            ref = beyond.group(1).decode()
            letters = ref.rstrip("0123456789")
            row = int(ref[len(letters) :] or 0)
            return self._too_large(row, limits.max_columns + 1, (beyond.start(), row, column_index(letters) + 1))
        row_numbers = [int(r) for r in self.row_re.findall(data)]
        letters = self.col_re.findall(data)
        unreferenced = re.compile(b"<" + self.p + rb'(?:row|c)(?:>| (?!r="))')  # a row or cell without r="..." first
        if unreferenced.search(data):
            # rows or cells without a reference first: count them in order (calamine does the same)
            rows, columns = self._extent_in_order()
        else:
            rows = max(row_numbers, default=0)
            columns = max((column_index(c.decode()) + 1 for c in set(letters)), default=0)
        return rows, columns

    # extent ------------------------------------------------------------------------------------
    def _content_extent(self) -> tuple[int, int, tuple[int, int, int]]:
        """The last row and column of the cells holding a value (formatting alone does not count),
        and the cell furthest out (document position, row, column)."""
        rows = columns = 0
        far = (0, 0, 0)
        limits = self.pkg.limits
        close = b"</" + self.p + b"c>"
        data = self.data
        for m in self.content_re.finditer(data):
            if m.group(3).endswith(b"/") or data.startswith(close, m.end()):
                continue  # <c r="XFD9" s="1"/> or <c r="XFD9" s="1"></c>: formatting, no value
            row, col = int(m.group(2)), column_index(m.group(1).decode()) + 1
            if (row > limits.max_rows or col > limits.max_columns) and not far[0]:
                far = (m.start(), row, col)
            rows, columns = max(rows, row), max(columns, col)
        if not far[0] and rows:
            last = re.search(
                b"<" + self.p + rb'c r="[A-Z]{1,3}' + str(rows).encode() + rb'"[^>]*[^/]>(?!</)', self.data
            )
            if last:
                ref = re.match(rb'<[^"]*"([A-Z]{1,3})(\d+)"', last.group(0))
                if ref:
                    far = (last.start(), rows, column_index(ref.group(1).decode()) + 1)
        return rows, columns, far

    def _extent_in_order(self) -> tuple[int, int]:
        """Extent of a sheet whose rows or cells may lack their reference (positions follow order)."""
        rows = columns = 0
        row = 0
        tag = re.compile(b"<" + self.p + rb"(row|c)\b([^>]*)>")
        col = 0
        for m in tag.finditer(self.data):
            attrs = m.group(2)
            ref = re.search(rb'\br="([A-Z]{0,3})(\d+)"', attrs)
            if m.group(1) == b"row":
                row = int(ref.group(2)) if ref else row + 1
                col = 0
                continue
            col = column_index(ref.group(1).decode()) + 1 if ref and ref.group(1) else col + 1
            if ref and ref.group(2):
                row = max(row, int(ref.group(2)))
            if not attrs.endswith(b"/") and not self.data.startswith(b"</" + self.p + b"c>", m.end()):
                rows, columns = max(rows, row), max(columns, col)
        return rows, columns

    def _too_large(self, rows: int, columns: int, far: tuple[int, int, int]) -> Issue:
        limits = self.pkg.limits
        pos, row, col = far
        value = self._value_at(pos) if pos else ""
        ref = f"{column_letter(col - 1)}{row}" if row else ""
        return Issue(
            "error",
            "sheet-too-large",
            self.pkg.file,
            sheet=self.sheet,
            row=row or None,
            column=column_letter(col - 1) if col else None,
            value=value,
            params={
                "cell": ref,
                "rows": count(rows),
                "columns": count(columns),
                "max_rows": count(limits.max_rows),
                "max_columns": count(limits.max_columns),
                "max_cells": count(limits.max_cells),
            },
        )

    def _value_at(self, pos: int) -> str:
        """The value of the cell whose tag starts at ``pos``, as text (shared texts looked up)."""
        end = self.data.find(b"</" + self.p + b"c>", pos, pos + 65536)
        chunk = self.data[pos : end if end > 0 else pos + 4096]
        kind = re.search(rb'\bt="(\w+)"', chunk[: chunk.find(b">") + 1])
        v = re.search(b"<" + self.p + rb"v>([^<]*)</", chunk)
        if kind and kind.group(1) == b"inlineStr":
            return _preview(_element_text(chunk, self.p))
        if v is None:
            return ""
        text = html.unescape(v.group(1).decode("utf-8", "replace"))
        if kind and kind.group(1) == b"s" and text.isdigit():
            return self.pkg._shared_preview(int(text))
        return _preview(text)

    # cells written twice -----------------------------------------------------------------------
    def _duplicate_cells(self) -> list[Issue]:
        """A reference used by two cells (not valid SpreadsheetML: calamine would keep the later value silently)."""
        cell = self.cell
        refs = re.findall(re.escape(cell) + rb'([A-Z]{1,3}\d+)"', self.data)
        if len(set(refs)) == len(refs):
            return []
        seen: set[bytes] = set()
        ref = next(r for r in refs if r in seen or seen.add(r))  # type: ignore[func-returns-value]
        first = self.data.find(cell + ref + b'"')
        second = self.data.find(cell + ref + b'"', first + 1)
        text = ref.decode()
        letters = text.rstrip("0123456789")
        return [
            Issue(
                "error",
                "duplicate-cell",
                self.pkg.file,
                sheet=self.sheet,
                row=int(text[len(letters) :]),
                column=letters,
                value=self._value_at(second),
                params={"cell": text, "first": self._value_at(first)},
            )
        ]

    # shared texts ------------------------------------------------------------------------------
    def _shared_text_issues(self) -> list[Issue]:
        shared, limits = self.pkg.shared, self.pkg.limits
        if not shared.count:
            return []
        marker = b't="s"'
        uses = self.data.count(marker)
        if not uses:
            return []
        if not shared.too_long and uses * shared.longest <= limits.max_text_chars:
            return []
        pattern = re.compile(b"<" + self.p + rb'c r="([A-Z]{1,3})(\d+)"[^>]*\bt="s"[^>]*>\s*<' + self.p + rb"v>(\d+)<")
        total = 0
        for m in pattern.finditer(self.data):
            idx = int(m.group(3))
            if idx in shared.too_long:
                return [
                    Issue(
                        "error",
                        "text-too-long",
                        self.pkg.file,
                        sheet=self.sheet,
                        row=int(m.group(2)),
                        column=m.group(1).decode(),
                        value=shared.previews.get(idx, ""),
                        params={"chars": count(shared.too_long[idx]), "max": count(limits.max_string_chars)},
                    )
                ]
            total += shared.sizes[idx] if idx < len(shared.sizes) else 0
        if total > limits.max_text_chars:
            return [
                Issue(
                    "error",
                    "too-much-text",
                    self.pkg.file,
                    sheet=self.sheet,
                    params={"chars": count(total), "max": count(limits.max_text_chars)},
                )
            ]
        return []

    # numbers calamine cannot turn into dates ----------------------------------------------------
    def _impossible_dates(self) -> list[Issue]:
        """A large negative number in a cell shown as a date: calamine's date conversion panics on it."""
        p, data = self.p, self.data
        marker = b"<" + p + b"v>-"
        number = re.compile(rb"-[0-9.]+(?:[eE][-+]?[0-9]+)?(?=<)")
        tag = re.compile(b"<" + p + rb'c r="([A-Z]{1,3})(\d+)"([^>]*)>')
        dates: frozenset[int] | None = frozenset()
        looked = False
        for pos in self._negative_values(marker):  # negative numbers are few (decommitments, recoveries)
            m = number.match(data, pos + len(marker) - 1)
            start = data.rfind(b"<" + p + b"c ", 0, pos)
            cell = tag.match(data, start) if start >= 0 else None
            if m is not None and cell is not None and _number(m.group(0)) <= -NEGATIVE_DATE_SERIAL:
                if not looked:
                    dates, looked = self.pkg.date_styles(), True
                style = re.search(rb'\bs="(\d+)"', cell.group(3))
                if style is not None and (dates is None or int(style.group(1)) in dates):
                    row, col = int(cell.group(2)), cell.group(1).decode()
                    value = m.group(0).decode()
                    return [
                        Issue("error", "bad-date", self.pkg.file, sheet=self.sheet, row=row, column=col, value=value)
                    ]
        return []

    def _negative_values(self, marker: bytes) -> Iterator[int]:
        """Where each ``<v>-`` starts, in order (only those that may be -10^9 or below when numpy found them)."""
        if self.usual is not None:
            yield from (int(pos) for pos in self.usual.big_negatives)
            return
        pos = self.data.find(marker)
        while pos >= 0:
            yield pos
            pos = self.data.find(marker, pos + 1)

    # hidden rows, errors and formulas ----------------------------------------------------------
    def _hidden_rows(self) -> frozenset[int]:
        if b'hidden="' not in self.data:
            return frozenset()
        pattern = re.compile(b"<" + self.p + rb'row r="(\d+)"[^>]*\bhidden="(?:1|true)"')
        return frozenset(int(r) for r in pattern.findall(self.data))

    def _special(self) -> dict[tuple[int, int], Special]:
        out: dict[tuple[int, int], Special] = {}
        p = self.p
        if b't="e"' in self.data:
            errors = re.compile(
                b"<"
                + p
                + rb'c r="([A-Z]{1,3})(\d+)"[^>]*\bt="e"[^>]*>(?:\s*<'
                + p
                + rb"f\b[^>]*(?:/>|>[^<]*</"
                + p
                + rb"f>))?\s*<"
                + p
                + rb"v>([^<]*)</"
            )
            for m in errors.finditer(self.data):
                key = (int(m.group(2)), column_index(m.group(1).decode()))
                out[key] = ("error", html.unescape(m.group(3).decode("utf-8", "replace")))
        if self.usual.formulas if self.usual is not None else b"<" + p + b"f" in self.data:
            formulas = re.compile(
                b"<"
                + p
                + rb'c r="([A-Z]{1,3})(\d+)"[^>]*>\s*<'
                + p
                + rb"f\b[^>]*(?:/>|>([^<]*)</"
                + p
                + rb"f>)\s*(?:<"
                + p
                + rb"v\s*/>|<"
                + p
                + rb"v>\s*</"
                + p
                + rb"v>)?\s*</"
                + p
                + rb"c>"
            )
            for m in formulas.finditer(self.data):
                key = (int(m.group(2)), column_index(m.group(1).decode()))
                text = html.unescape((m.group(3) or b"").decode("utf-8", "replace"))
                out.setdefault(key, ("formula", _preview(text, 60)))
        return out


# -- the usual sheet, checked column-wise --------------------------------------------------------
#: bytes looked at after ``<c r="`` (3 letters, 7 digits, the closing quote and the byte after it)
_WINDOW = 12
#: the bytes that may follow a reference's closing quote in a canonical tag (space, tab, LF, CR, / or >)
_AFTER_REF = np.array([32, 9, 10, 13, 47, 62], dtype=np.uint8)
#: the bytes that make a ``<c``/``<row`` tag unusual right after its name (tab, LF, CR, >): the slow path reads it
_ODD_AFTER_NAME = np.array([9, 10, 13, 62], dtype=np.uint8)
_CHUNK = 1 << 22  # bytes of XML looked at a time (bounds the scan's own memory: 32 MB of positions at most)
_REFS_AT_ONCE = 1 << 18  # references decoded a time


@dataclass(frozen=True)
class _Refs:
    """The references of a sheet whose every row and cell tag is the usual ``<row r="7"``, ``<c r="B7"``."""

    rows: int  # the last row tag's largest number (0: no row)
    columns: int  # the largest column (1 = A) of a cell
    duplicates: bool  # two cells share a reference
    formulas: bool  # an element named ``f`` starts somewhere (``<f``, ``<x:f``): the formula scan is needed
    #: where ``<v>-`` starts for the negative values that may be -1 000 000 000 or below (long or with an exponent)
    big_negatives: np.ndarray


def _usual_references(data: bytes, p: bytes, max_cells: int) -> _Refs | None:
    """The rows and cells' references when every ``<row`` and ``<c`` tag is written the usual way, found with numpy
    (no Python object per cell); None as soon as one is not (no reference first, single quotes, two spaces, four
    letters, a leading zero, eight digits ...): the regular-expression scan then reads the sheet as before.

    A usual tag is ``<`` + prefix + ``c r="`` + 1-3 capitals + 1-7 digits (the first not 0) + ``"`` + a space, tab,
    line end, ``/`` or ``>``; ``<row r="`` + the same digits without letters. Tags named otherwise (``<col``,
    ``<cfRule``, ``<rowBreaks``, ``<c/>``) are none of the scan's business, as for the regular expressions."""
    a = np.frombuffer(data, dtype=np.uint8)
    n = len(a)
    cell_name = np.frombuffer(b"<" + p + b"c", dtype=np.uint8)
    row_name = np.frombuffer(b"<" + p + b"row", dtype=np.uint8)
    formula_name = np.frombuffer(b"<" + p + b"f", dtype=np.uint8)
    negative = np.frombuffer(b"<" + p + b"v>-", dtype=np.uint8)
    formulas = False
    negatives: list[np.ndarray] = []
    first = 1 + len(p)  # where an element's name starts after its "<"
    cells: list[np.ndarray] = []
    rows: list[np.ndarray] = []
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        lt = np.flatnonzero(a[start:stop] == 60) + start  # every "<" of this stretch
        for i, byte in enumerate(cell_name[1:first], 1):  # the namespace prefix, if any
            lt = lt[a[np.minimum(lt + i, n - 1)] == byte]
        initial = a[np.minimum(lt + first, n - 1)]  # the element name's first letter, looked up once
        formulas = formulas or bool(len(_named(a, lt, initial, formula_name, first)))
        negatives.append(_named(a, lt, initial, negative, first))
        for name, out in ((cell_name, cells), (row_name, rows)):
            at = _named(a, lt, initial, name, first)
            after = a[np.minimum(at + len(name), n - 1)] if len(at) else np.empty(0, np.uint8)
            if np.isin(after, _ODD_AFTER_NAME).any():
                return None  # <c>, <row\t...>: no reference first
            if (at + len(name) >= n).any():
                return None
            out.append(at[after == 32] + len(name) + 1)  # where ' r="' should start
    cell_at = np.concatenate(cells)
    if len(cell_at) > max_cells:  # refused either way (too large, or cells written twice): as before, and bounded
        return None
    row_at = np.concatenate(rows)
    row_refs = _decode_refs(a, row_at, letters=False)
    if row_refs is None:
        return None
    last_row = int(row_refs[1].max()) if len(row_at) else 0
    columns = 0
    keys: list[np.ndarray] = []
    for i in range(0, len(cell_at), _REFS_AT_ONCE):
        refs = _decode_refs(a, cell_at[i : i + _REFS_AT_ONCE], letters=True)
        if refs is None:
            return None
        col, row = refs
        columns = max(columns, int(col.max()))
        keys.append(row * 16384 + col)  # 16 384 columns at most (XFD): one number per cell
    key = np.concatenate(keys) if keys else np.empty(0, np.int64)
    duplicates = bool(len(key)) and not bool((np.diff(key) > 0).all())  # Excel writes them in order
    if duplicates:  # not in order: sort them to tell
        key.sort()
        duplicates = bool((np.diff(key) == 0).any())
    return _Refs(last_row, columns, duplicates, formulas, _big_negatives(a, np.concatenate(negatives), len(negative)))


def _named(a: np.ndarray, lt: np.ndarray, initial: np.ndarray, name: np.ndarray, first: int) -> np.ndarray:
    """The positions among ``lt`` (each a "<", its prefix checked; ``initial``: the byte where its name starts) where
    ``name`` follows."""
    at: np.ndarray = lt[initial == name[first]]
    for i, byte in enumerate(name[first + 1 :], first + 1):
        at = at[a[np.minimum(at + i, len(a) - 1)] == byte]
    return at


def _big_negatives(a: np.ndarray, at: np.ndarray, marker: int) -> np.ndarray:
    """The ``<v>-`` positions whose number may be -10^9 or below: ten characters or more from the minus sign to the
    next ``<``, or an exponent. The others (-999999999 at most, ``-12.5``) cannot be refused as impossible dates."""
    if not len(at):
        return at
    w = a[np.minimum(at[:, None] + (marker + np.arange(11)), len(a) - 1)]
    end = np.where((w == 60).any(axis=1), (w == 60).argmax(axis=1), 11)  # the characters after the minus sign
    exponent = ((w == 101) | (w == 69)) & (np.arange(11) < end[:, None])
    return np.asarray(at[(end > 9) | exponent.any(axis=1)], dtype=np.int64)


def _decode_refs(a: np.ndarray, at: np.ndarray, letters: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """(columns 1 = A, rows) of the references ``r="B7"`` starting at positions ``at``; None when one is unusual.

    The references are grouped by their shape (how many letters, where the closing quote is): within a group
    every byte has a fixed place, so each check and each digit is one operation over a column of bytes."""
    n = len(a)
    if not len(at):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if int(at[-1]) + 3 + _WINDOW > n:
        return None  # too near the end of the part to be a whole tag: the slow path decides
    for k, byte in enumerate(b'r="'):
        if not (a[at + k] == byte).all():
            return None
    w = a[at[:, None] + (3 + np.arange(_WINDOW))]  # (references, 12) bytes
    is_letter = (w[:, :3] - np.uint8(65)) < 26
    nl = is_letter[:, 0].astype(np.uint8)
    nl += is_letter[:, 0] & is_letter[:, 1]
    nl += is_letter[:, 0] & is_letter[:, 1] & is_letter[:, 2]
    q = (w[:, : _WINDOW - 1] == 34).argmax(axis=1).astype(np.uint8)  # the closing quote (0 when none: refused)
    shape = q * np.uint8(4) + nl
    col = np.zeros(len(at), np.int64)
    row = np.zeros(len(at), np.int64)
    for code in np.flatnonzero(np.bincount(shape, minlength=4 * _WINDOW)):
        quote, letters_here = divmod(int(code), 4)
        digits = quote - letters_here
        if not 1 <= digits <= 7 or (letters_here == 0 if letters else letters_here != 0):
            return None
        sel = np.flatnonzero(shape == code)
        g = w[sel]
        if (g[:, letters_here] == 48).any():  # a leading zero: "A01" is not "A1" to Excel's readers
            return None
        if not np.isin(g[:, quote + 1], _AFTER_REF).all():
            return None
        number = np.zeros(len(sel), np.int64)
        for k in range(letters_here, quote):
            d = g[:, k] - np.uint8(48)
            if not (d < 10).all():
                return None
            number = number * 10 + d.astype(np.int64)
        row[sel] = number
        if letters_here:
            column = np.zeros(len(sel), np.int64)
            for k in range(letters_here):  # letters checked above (a fourth one is no digit: refused)
                column = column * 26 + (g[:, k] - np.uint8(64)).astype(np.int64)
            col[sel] = column
    return col, row


# -- helpers ---------------------------------------------------------------------------------------
def _canonical_references(data: bytes, p: bytes) -> bytes:
    """The sheet's XML with every row and cell reference written as the scan's searches expect it: ``<c r="A1"``
    first, double quotes, upper case, one space. Excel, LibreOffice and openpyxl write it so, and then the data
    is returned as it is; a file written otherwise (``<c r='XFD1048576'>``, ``<c  r = "A1">``, ``<c t="n"
    r="A1">``) would hide its far cells from the bounds, and calamine reads it all the same."""
    odd = re.compile(b"<" + re.escape(p) + rb'(?:row|c)(?:[\t\r\n]| (?!r="[A-Z]{0,3}\d+")| r="[A-Z]{0,3}\d+"[^\s/>])')
    if odd.search(data) is None:
        return data
    tag = re.compile(b"<(" + re.escape(p) + rb"(?:row|c))(\s[^>]*?)?(/?)>")
    reference = re.compile(rb"""(?:^|\s)r\s*=\s*(["'])\s*([^"']*?)\s*\1""")
    quoted = re.compile(rb"""\s*=\s*'([^']*)'""")

    def fix(m: re.Match[bytes]) -> bytes:
        attrs = m.group(2) or b""
        ref = reference.search(attrs)
        if ref is None:
            return m.group(0)
        rest = attrs[: ref.start()] + attrs[ref.end() :]
        rest = b" ".join(quoted.sub(rb'="\1"', rest).split())
        return (
            b"<"
            + m.group(1)
            + b' r="'
            + ref.group(2).upper()
            + b'"'
            + (b" " + rest if rest else b"")
            + m.group(3)
            + b">"
        )

    return tag.sub(fix, data)


def _read_bounded(fh: IO[bytes], size: int) -> bytes:
    """Read a zip member that declared ``size`` bytes; more, less or a bad CRC raises."""
    data = fh.read(size + 1)
    if len(data) != size:
        raise ValueError("size")
    return data


def _number(text: bytes) -> float:
    """The number a cell's XML holds, 0 when it is no number (calamine refuses those itself)."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def _date_styles(styles: ElementTree.Element) -> frozenset[int]:
    """The indices of the cell formats (cellXfs) whose number format shows a date or a time."""
    custom: dict[int, str] = {}
    for el in styles.iter():
        if _local(el.tag) == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(el.get("numFmtId", ""))] = el.get("formatCode", "")
    out: set[int] = set()
    for el in styles.iter():
        if _local(el.tag) != "cellXfs":
            continue
        for index, xf in enumerate(x for x in el if _local(x.tag) == "xf"):
            try:
                fmt = int(xf.get("numFmtId", "0"))
            except ValueError:
                out.add(index)
                continue
            if fmt in _BUILTIN_DATE_FORMATS or (fmt in custom and _is_date_format(custom[fmt])):
                out.add(index)
        break
    return frozenset(out)


def _is_date_format(code: str) -> bool:
    """True when an Excel number format shows a date or a time (quoted text, escapes and [..] set aside)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return bool(re.search(r"[dmyhs]", bare, re.IGNORECASE)) and "General" not in bare


def _local(tag: str) -> str:
    return tag.rpartition("}")[2] if "}" in tag else tag.rpartition(":")[2]


def _resolve(base: PurePosixPath, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (*base.parts, *target.split("/")):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
            continue
        parts.append(piece)
    return "/".join(parts)


def _prefix(data: bytes, element: bytes) -> bytes:
    """The namespace prefix the part writes its elements with (b"" or b"x:"), found at ``element``."""
    i = data.find(element)
    if i <= 0:
        return b""
    j = data.rfind(b"<", max(0, i - 64), i)
    if j < 0:
        return b""
    prefix = data[j + 1 : i]
    return prefix if re.fullmatch(rb"[A-Za-z_][\w.\-]*:", prefix) else b""


def _element_text(chunk: bytes, prefix: bytes) -> str:
    """The text of the <t> elements of a shared or inline string (phonetic runs left out)."""
    chunk = re.sub(b"<" + prefix + rb"rPh\b.*?</" + prefix + rb"rPh>", b"", chunk, flags=re.S)
    pieces = re.findall(b"<" + prefix + rb"t(?:\s[^>]*)?>([^<]*)</", chunk)
    return html.unescape(b"".join(pieces).decode("utf-8", "replace"))


def _preview(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def count(n: int) -> dict[str, str]:
    """A count as message params, written in each language's digits (1 048 576, 1.048.576, 1,048,576)."""
    return {lang: format_number(n, lang) for lang in LANGS}


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


def sniff(raw: bytes) -> str:
    """What the bytes are: "zip", "encrypted" (a password-protected workbook), "ole2" (.xls) or "other"."""
    if raw.startswith(ZIP_MAGIC):
        return "zip"
    if raw.startswith(OLE2_MAGIC):
        return "encrypted" if _ENCRYPTED_MARK in raw else "ole2"
    return "other"
