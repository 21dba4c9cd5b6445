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
whether a formula, a hidden row, an Excel error or a large negative value needs a closer look, how
many cells use a shared text); one tag written any other way sends the sheet to the regular
expressions, which rewrite odd references first, as before.
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
        shared = bool(package.shared.count)  # t="s" counted only when the workbook has shared texts
        self.usual = _usual_references(data, p, package.limits.max_cells, shared) if fast else None
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
        uses = self.usual.shared_uses if self.usual is not None else None
        if uses is None:
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
        if not (self.usual.hidden if self.usual is not None else b'hidden="' in self.data):
            return frozenset()
        pattern = re.compile(b"<" + self.p + rb'row r="(\d+)"[^>]*\bhidden="(?:1|true)"')
        return frozenset(int(r) for r in pattern.findall(self.data))

    def _special(self) -> dict[tuple[int, int], Special]:
        out: dict[tuple[int, int], Special] = {}
        p = self.p
        if self.usual.errors if self.usual is not None else b't="e"' in self.data:
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
_CHUNK = 1 << 20  # bytes of XML looked at a time (bounds the scan's own memory: a few MB)
_REFS_AT_ONCE = 1 << 18  # references decoded a time

_U64 = np.uint64
_ALL = _U64(0xFFFFFFFFFFFFFFFF)
#: sets of bytes below 64 as the bits of one number: ``(set >> byte) & 1`` tells whether ``byte`` is in it
#: (numpy shifts by 64 or more give 0: a byte of 64 or more is in neither)
_AFTER_BITS = _U64(sum(1 << b for b in (32, 9, 10, 13, 47, 62)))  # after a reference's closing quote
_ODD_OR_SPACE_BITS = _U64(sum(1 << b for b in (32, 9, 10, 13, 62)))  # after the name ``c`` or ``row``
#: the usual tags' first bytes, read as little-endian numbers from the element's name on
_CELL = int.from_bytes(b'c r="', "little")
_ROW = int.from_bytes(b'row r="', "little")
_ROW_NAME = int.from_bytes(b"row", "little")
_NEGATIVE = int.from_bytes(b"v>-", "little")
_LOW3, _LOW5, _LOW7 = _U64(0xFFFFFF), _U64(0xFFFFFFFFFF), _U64(0xFFFFFFFFFFFFFF)
#: eight bytes at a time (SWAR): a quote, ones, top bits, the digit 0, nibbles, sixes in every byte
_QUOTES, _ONES, _TOPS = _U64(0x2222222222222222), _U64(0x0101010101010101), _U64(0x8080808080808080)
_ZEROS, _HIGH_NIBBLES = _U64(0x3030303030303030), _U64(0xF0F0F0F0F0F0F0F0)
_LOW_NIBBLES, _SIXES = _U64(0x0F0F0F0F0F0F0F0F), _U64(0x0606060606060606)
#: texts looked for in every stretch, with where a pair of their bytes falls on an even place when the text starts
#: on an even place, and on an odd one (see :func:`_occurrences`): seldom written pairs
_HIDDEN, _ERROR, _SHARED = (b'hidden="', 2, 5), (b't="e"', 2, 3), (b't="s"', 2, 3)


@dataclass(frozen=True)
class _Refs:
    """The references of a sheet whose every row and cell tag is the usual ``<row r="7"``, ``<c r="B7"``."""

    rows: int  # the last row tag's largest number (0: no row)
    columns: int  # the largest column (1 = A) of a cell
    duplicates: bool  # two cells share a reference
    formulas: bool  # an element named ``f`` starts somewhere (``<f``, ``<x:f``): the formula scan is needed
    #: where ``<v>-`` starts for the negative values that may be -1 000 000 000 or below (long or with an exponent)
    big_negatives: np.ndarray
    hidden: bool = True  # ``hidden="`` is written somewhere: the hidden rows' scan is needed
    errors: bool = True  # ``t="e"`` is written somewhere: the Excel errors' scan is needed
    shared_uses: int | None = None  # how many times ``t="s"`` is written (None: not counted)


def _in(bits: np.uint64, values: np.ndarray) -> np.ndarray:
    """Which of the bytes ``values`` belong to the set ``bits`` (see ``_AFTER_BITS``)."""
    return ((bits >> values.astype(_U64)) & _U64(1)).astype(bool)


def _row_numbers(d: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(numbers, how many digits) of row references whose digits start each 8-byte number of ``d`` (first byte lowest),
    closed by a quote within these 8 bytes; None when one is not 1-7 digits, the first not 0, then a quote.

    Eight bytes at a time: the first quote is the lowest zero byte of ``d ^ 0x2222...``; the digits, pushed to the
    top bytes under ``0`` bytes, make an 8-digit number read by pairs, fours, then eights."""
    t = d ^ _QUOTES
    z = (t - _ONES) & ~t & _TOPS  # the top bit of the first zero byte (and maybe of later ones)
    if not z.all():
        return None  # no quote within 8 bytes: 8 digits or more, or no reference
    k = (np.bitwise_count((z & (~z + _U64(1))) - _U64(1)) >> 3).astype(_U64)  # bytes before the first quote
    if not (k >= 1).all():
        return None
    bits = k << _U64(3)
    mask = _ALL >> (_U64(64) - bits)
    digits = (d & mask) | (_ZEROS & ~mask)  # the bytes after the quote read as 0s
    if not ((digits & _HIGH_NIBBLES) == _ZEROS).all():
        return None  # a byte that is no digit (0x30-0x3F: then its low half at most 9)
    if not ((((digits & _LOW_NIBBLES) + _SIXES) & _HIGH_NIBBLES) == 0).all():
        return None
    if ((d & _U64(0xFF)) == 0x30).any():
        return None  # a leading zero: "01" is not "1" to Excel's readers
    x = ((d << (_U64(64) - bits)) | (_ZEROS >> bits)) - _ZEROS
    x = (x * _U64(10) + (x >> _U64(8))) & _U64(0x00FF00FF00FF00FF)
    x = (x * _U64(100) + (x >> _U64(16))) & _U64(0x0000FFFF0000FFFF)
    x = (x * _U64(10000) + (x >> _U64(32))) & _U64(0xFFFFFFFF)
    return x.astype(np.int64), k


def _occurrences(a: np.ndarray, seg: np.ndarray, s: int, m: int, text: tuple[bytes, int, int], out: np.ndarray) -> int:
    """How many times ``text[0]`` starts among the ``m`` bytes of a stretch starting at ``s`` (``seg``: the stretch
    and at least 64 bytes more, ``a``: the whole part).

    The stretch is read two bytes at a time from its start only (from its second byte, unaligned, the same read
    costs about three times as much): a text starting ``i`` bytes in holds its pair of bytes at ``text[1]`` (even) on
    an even place when ``i`` is even, its pair at ``text[2]`` (odd) on an even place when ``i`` is odd; each place
    found is then checked byte by byte."""
    needle, even, odd = text
    pairs = np.ndarray((len(seg) // 2,), "<u2", buffer=seg)
    found = 0
    for at in (even, odd):
        hit = np.equal(pairs, int.from_bytes(needle[at : at + 2], "little"), out=out[: len(pairs)])
        if not hit.any():
            continue
        start = np.flatnonzero(hit) * 2 - at  # where the text would start in the stretch
        start = start[(start >= 0) & (start < m)] + s
        start = start[start + len(needle) <= len(a)]
        for i, byte in enumerate(needle):
            start = start[a[start + i] == byte]
        found += len(start)
    return found


def _usual_references(
    data: bytes, p: bytes, max_cells: int, count_shared: bool = False, chunk: int = _CHUNK
) -> _Refs | None:
    """The rows and cells' references when every ``<row`` and ``<c`` tag is written the usual way, found with numpy
    (no Python object per cell); None as soon as one is not (no reference first, single quotes, two spaces, four
    letters, a leading zero, eight digits ...): the regular-expression scan then reads the sheet as before.

    A usual tag is ``<`` + prefix + ``c r="`` + 1-3 capitals + 1-7 digits (the first not 0) + ``"`` + a space, tab,
    line end, ``/`` or ``>``; ``<row r="`` + the same digits without letters. Tags named otherwise (``<col``,
    ``<cfRule``, ``<rowBreaks``, ``<c/>``) are none of the scan's business, as for the regular expressions.

    The XML is read a stretch (``chunk`` bytes) at a time. In a stretch, one test over its bytes keeps the ``<``
    followed by the prefix and a name starting ``c``, ``r``, ``f`` or ``v`` (and ``b``, ``g``, ``s``, ``w``: the
    test is on the bits that four letters share); the 16 bytes from each name on are read at once. The row tags'
    numbers are read eight bytes at a time (:func:`_row_numbers`). A cell written as Excel writes it, its column
    letters then the digits of the row tag it sits in, is checked by comparing those bytes with its row tag's (no
    decoding of its row), and the cells are in order when each is right of the one before in the same row tag, the
    row tags' numbers rising. Any other stretch (a cell whose row is not its row tag's, a cell before the first row
    tag, a 7-digit row with a 3-letter column) is decoded reference by reference (:func:`_decode_refs`), and cells
    out of order are all decoded and sorted to tell whether one is written twice. ``hidden="``, ``t="e"`` (and
    ``t="s"`` when ``count_shared``) are looked for in the same stretches, through two of their bytes."""
    a = np.frombuffer(data, np.uint8)
    n = len(a)
    f = 1 + len(p)  # where an element's name starts after its "<"
    pad = 64 + f
    size = max(1, min(chunk, n))
    lt, letters, hit = np.empty(size, bool), np.empty(size, np.uint8), np.empty(size + pad, bool)
    formulas = hidden = errors = False
    shared_uses = 0
    negatives: list[np.ndarray] = []
    cell_refs: list[np.ndarray] = []  # where each cell's r=" starts: decoded again when the cells are out of order
    in_order = True
    rows = columns = cells = 0
    last_row = 0
    last_cell = (0, 0)  # (row, column) of the last cell so far
    #: the last row tag so far: (its digits and closing quote as a number, their count in bits, its number)
    before: tuple[int, int, int] | None = None
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        m = e - s
        seg = a[s : e + pad] if e + pad <= n else np.frombuffer(data[s:] + bytes(pad), np.uint8)
        hidden = hidden or bool(_occurrences(a, seg, s, m, _HIDDEN, hit))
        errors = errors or bool(_occurrences(a, seg, s, m, _ERROR, hit))
        if count_shared:
            shared_uses += _occurrences(a, seg, s, m, _SHARED, hit)
        np.equal(seg[:m], 60, out=lt[:m])  # every "<"
        for i, byte in enumerate(p):  # the namespace prefix, if any
            lt[:m] &= seg[1 + i : 1 + i + m] == byte
        np.bitwise_and(seg[f : f + m], 0xEA, out=letters[:m])
        np.equal(letters[:m], 0x62, out=hit[:m])  # c, r, f, v (and b, g, s, w)
        hit[:m] &= lt[:m]
        pos = np.flatnonzero(hit[:m])
        if not len(pos):
            continue
        if int(pos[-1]) + s + f + 16 > n:
            return None  # too near the end of the part to be a whole tag: the regular expressions decide
        window = np.ndarray((len(seg) - f - 15,), "V16", buffer=seg, offset=f, strides=(1,))[pos]
        wb = window.view(np.uint8).reshape(-1, 16)
        w0 = window.view("<u8").reshape(-1, 2)[:, 0]
        name = wb[:, 0]
        formulas = formulas or bool((name == 102).any())
        three = w0 & _LOW3
        negative = three == _NEGATIVE
        if negative.any():
            negatives.append(pos[negative] + s)
        cell = (w0 & _LOW5) == _CELL
        row = (w0 & _LOW7) == _ROW
        # <c>, <c\t, <c t="n" r=..., <row\n ...: a tag written otherwise sends the sheet to the regular expressions
        # (first with the bytes below 64, most of which are: the exact set only when one is not, as in <c/>)
        c_name, row_name = name == 99, three == _ROW_NAME
        if ((c_name & (wb[:, 1] < 64)) != cell).any() and ((c_name & _in(_ODD_OR_SPACE_BITS, wb[:, 1])) != cell).any():
            return None
        if ((row_name & (wb[:, 3] < 64)) != row).any() and (
            (row_name & _in(_ODD_OR_SPACE_BITS, wb[:, 3])) != row
        ).any():
            return None
        ci, ri = np.flatnonzero(cell), np.flatnonzero(row)
        cells += len(ci)
        if cells > max_cells:  # refused either way (too large, or cells written twice): as before, and bounded
            return None
        cell_refs.append(pos.take(ci) + (s + f + 2))
        found = _usual_stretch(window, row, ci, ri, before)
        if found is not None:
            (rnum, rkeys, rbits), (col, row_of_cell, key) = found
            if len(ri):
                rows = max(rows, int(rnum.max()))
                in_order = in_order and int(rnum[0]) > last_row and bool((np.diff(rnum) > 0).all())
                last_row = int(rnum[-1])
                before = (int(rkeys[-1]), int(rbits[-1]), last_row)
            if len(ci):
                columns = max(columns, int(col.max()))
                first = (int(row_of_cell[0]), int(col[0]))
                in_order = in_order and first > last_cell and bool((np.diff(key) > 0).all())
                last_cell = (int(row_of_cell[-1]), int(col[-1]))
            continue
        # any other stretch: decoded reference by reference (None when one is not the usual)
        rdec = _decode_refs(a, pos.take(ri) + (s + f + 4), letters=False)
        cdec = _decode_refs(a, cell_refs[-1], letters=True)
        if rdec is None or cdec is None:
            return None
        if len(ri):
            rows = max(rows, int(rdec[1].max()))
            last_row = int(rdec[1][-1])
            digits = len(str(last_row)) + 1  # and the closing quote
            at = int(pos[ri[-1]]) + s + f + 7
            before = (int.from_bytes(data[at : at + digits], "little"), 8 * digits, last_row)
            in_order = in_order and bool((np.diff(rdec[1]) > 0).all())
        if len(ci):
            col, rr = cdec
            columns = max(columns, int(col.max()))
            key = rr * 16384 + col
            in_order = in_order and int(key[0]) > last_cell[0] * 16384 + last_cell[1] and bool((np.diff(key) > 0).all())
            last_cell = (int(rr[-1]), int(col[-1]))
    duplicates = False
    if not in_order:  # not in order: decode and sort them to tell
        refs = np.concatenate(cell_refs) if cell_refs else np.empty(0, np.int64)
        keys: list[np.ndarray] = []
        for i in range(0, len(refs), _REFS_AT_ONCE):
            refs_i = _decode_refs(a, refs[i : i + _REFS_AT_ONCE], letters=True)
            if refs_i is None:
                return None
            keys.append(refs_i[1] * 16384 + refs_i[0])  # 16 384 columns at most (XFD): one number per cell
        key = np.concatenate(keys) if keys else np.empty(0, np.int64)
        key.sort()
        duplicates = bool((np.diff(key) == 0).any())
    big = _big_negatives(a, np.concatenate(negatives) if negatives else np.empty(0, np.int64), len(p) + 4)
    return _Refs(rows, columns, duplicates, formulas, big, hidden, errors, shared_uses if count_shared else None)


def _usual_stretch(
    window: np.ndarray, row: np.ndarray, ci: np.ndarray, ri: np.ndarray, before: tuple[int, int, int] | None
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]] | None:
    """The row tags and cells of one stretch when it is written as Excel writes it: ((row numbers, their digits and
    quote as numbers, their count in bits), (cells' columns, cells' rows, a number rising with the cells' order in a
    stretch)); None when the stretch needs :func:`_decode_refs` (see :func:`_usual_references`).

    ``window``: the 16 bytes from each tag's name (``row r="123"`` or ``c r="B123"``), ``row`` which of them is a row
    tag, ``ci``/``ri`` where the cells and row tags are among them, ``before``: the last row tag of the stretches
    before (see :func:`_usual_references`). The cells' rows are given for the first and last cell only."""
    rnum = np.empty(0, np.int64)
    rk = np.empty(1, _U64)  # index 0: the row tag before the stretch, then the stretch's row tags
    rbits = np.empty(1, _U64)
    rk[0], rbits[0] = (before[0], before[1]) if before is not None else (0, 64)
    if len(ri):
        rw = window.take(ri).view("<u8").reshape(-1, 2)
        d = (rw[:, 0] >> _U64(56)) | (rw[:, 1] << _U64(8))  # the 8 bytes after row r="
        parsed = _row_numbers(d)
        if parsed is None:
            return None
        rnum, k = parsed
        if not _in(_AFTER_BITS, (rw[:, 1] >> (k << _U64(3))) & _U64(0xFF)).all():  # the byte after the quote
            return None
        bits = (k + _U64(1)) << _U64(3)
        rk = np.concatenate((rk, d & (_ALL >> (_U64(64) - bits))))
        rbits = np.concatenate((rbits, bits))
    if not len(ci):
        return (rnum, rk[1:], rbits[1:]), (np.empty(0, np.int64),) * 3
    tag = np.cumsum(row, dtype=np.int32).take(ci)  # each cell's row tag: 0 = the one before the stretch
    if before is None and tag[0] == 0:
        return None  # a cell before any row tag
    cw = window.take(ci)
    cb = cw.view(np.uint8).reshape(-1, 16)
    c = cw.view("<u8").reshape(-1, 2)
    c0, c1 = c[:, 0], c[:, 1]
    cbits = rbits.take(tag)
    if ((cb[:, 5] - np.uint8(65)) >= 26).any():
        return None  # a cell with no column letter
    two = (cb[:, 6] - np.uint8(65)) < 26
    col = cb[:, 5].astype(np.int64) - 64
    if not two.any():  # one column letter (A-Z), the usual: the digits start at byte 6
        d = (c0 >> _U64(48)) | (c1 << _U64(16))
        after = (c1 >> (cbits - _U64(16))) & _U64(0xFF)  # byte 6 + digits and quote
    else:  # two or three letters (AA-XFD): the digits start at byte 7 or 8
        three = two & ((cb[:, 7] - np.uint8(65)) < 26)
        if (three & ((cb[:, 8] - np.uint8(65)) < 26)).any():
            return None  # four letters
        start = (two.astype(_U64) + three.astype(_U64) + _U64(6)) << _U64(3)  # in bits
        d = (c0 >> start) | (c1 << (_U64(64) - start))
        # (3 letters and 7 digits: the byte after the quote is beyond the 16 bytes read, shifted out as 0, refused)
        after = (c1 >> (start + cbits - _U64(64))) & _U64(0xFF)
        col = np.where(two, col * 26 + cb[:, 6] - 64, col)
        col = np.where(three, col * 26 + cb[:, 7] - 64, col)
    if not ((d & (_ALL >> (_U64(64) - cbits))) == rk.take(tag)).all():
        return None  # a cell whose digits are not its row tag's
    if not _in(_AFTER_BITS, after).all():  # the byte after the quote
        return None
    numbers = np.concatenate(([before[2] if before is not None else 0], rnum))
    key = (tag.astype(np.int64) << 15) + col  # cells in order: rising (a row tag further, or a column further right)
    return (rnum, rk[1:], rbits[1:]), (col, numbers.take(tag[[0, -1]]), key)


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
