"""Reading the Commission's official open-data files into :class:`monitoring.official.OfficialSource` rows.

Three datasets of the Cohesion Open Data Platform (cohesiondata.ec.europa.eu), as CSV (see
docs/data-format.md, "Official figures", and ``monitoring.official`` for the columns):

* "ESIF 2014-2020 Finance Implementation Details" (99js-gm52), in the header spellings met so far: the
  Socrata API field names (``eu_amount``, ``total_eligible_cost``, ``total_eligible_expenditure``,
  ``reference_date``), the CSV download's (``EU_amount_planned``, ``total_eligible_cost_decided_(selected)``,
  ``total_eligible_spending``) and R's mangling of them (``total_eligible_cost_decided_.selected.``);
* "ESIF 2014-2020 Finances planned details" (e4v6-qrrq): ``EU Amount``, ``National Amount``, ``Total Amount``;
* "2021-2027 Finances details (categorisation)" (hgyj-gyin): ``priority_code``, ``specific_objective_code``,
  ``dimension_type``, ``eu_amount``, ``total_amount``.

Headers are matched on their letters and digits only, case ignored (``Total Amount``, ``total_amount``
and ``Total_Amount_planned`` are told apart by the alias table, not by spacing). A file whose header is
none of these, or whose figures cannot be read, is refused with an :class:`OfficialFileError` naming the
file, the line, the column and the value. Pure standard library ``csv`` and pandas.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from monitoring.official import COLUMNS, OfficialSource, empty_rows

#: the Socrata API's default row cap: an export of exactly this many rows was cut
SOCRATA_ROW_CAP = 1000
#: the problems an error lists at most (the rest are counted)
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    """One located problem: the line of the file (1 = the header), the column as written, the value."""

    row: int
    column: str
    value: str
    code: str  # "missing-column" | "bad-number" | "bad-year" | "bad-date" | "unknown-header" | "unreadable"


@dataclass
class OfficialFileError(Exception):
    """An official file that cannot be read; ``problems`` say where (the first :data:`MAX_PROBLEMS`)."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    more: int = 0  # problems beyond those listed

    def __str__(self) -> str:
        first = self.problems[0] if self.problems else None
        where = f" line {first.row}, column {first.column!r}, value {first.value!r}: {first.code}" if first else ""
        return f"{self.file}:{where}" + (f" (and {len(self.problems) - 1 + self.more} more)" if first else "")


def _norm(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.lower())


#: canonical field -> the normalised headers that mean it, per kind of file
IMPLEMENTATION = {
    "ms": ("ms",),
    "cci": ("cci",),
    "title": ("title", "programmetitle"),
    "fund": ("fund",),
    "version": ("ver", "version"),
    "priority": ("priority",),
    "to": ("to", "tocode"),
    "category": ("categoryofregion",),
    "planned_eu": ("euamount", "euamountplanned"),
    "planned_national": ("nationalamount", "nationalamountplanned"),
    "planned_total": ("totalamount", "totalamountplanned"),
    "year": ("year",),
    "decided": ("totaleligiblecost", "totaleligiblecostdecidedselected"),
    "spent": ("totaleligibleexpenditure", "totaleligiblespending"),
    "reference_date": ("referencedate",),
}
PLANNED = {k: v for k, v in IMPLEMENTATION.items() if k not in ("year", "decided", "spent", "reference_date")}
CATEGORISATION = {
    "ms": ("ms",),
    "cci": ("cci",),
    "title": ("programmetitleshort", "programmetitle"),
    "fund": ("fund",),
    "version": ("version",),
    "priority": ("prioritycode",),
    "to": ("specificobjectivecode",),
    "category": ("categoryofregion",),
    "dimension": ("dimensiontype",),
    "planned_eu": ("euamount",),
    "planned_total": ("totalamount",),
}
REQUIRED = {
    "implementation": ("cci", "priority", "planned_total", "year", "decided", "spent"),
    "planned": ("cci", "priority", "planned_eu", "planned_national", "planned_total"),
    "categorisation": ("cci", "priority", "to", "dimension", "planned_eu", "planned_total"),
}
#: the fund a CCI's letters name, for files that have no fund column (the 2019 ERDF extract)
CCI_FUNDS = {"RF": "ERDF", "SF": "ESF", "CF": "CF", "FF": "ERDF/CF", "M2": "ERDF/ESF", "MF": "ERDF/ESF/CF"}
_VINTAGE = re.compile(r"(?<!\d)(20\d\d-\d\d-\d\d|20\d\d-\d\d|\d{6})(?![\d-])")


def _kind(headers: list[str]) -> str | None:
    names = {_norm(h) for h in headers}
    if "dimensiontype" in names and "prioritycode" in names:
        return "categorisation"
    if "year" in names and names & {"totaleligiblecost", "totaleligiblecostdecidedselected"}:
        return "implementation"
    if "cci" in names and "priority" in names and names & {"totalamount", "totalamountplanned"}:
        return "planned"
    return None


def vintage_of(name: str) -> str:
    """The download date a file name carries: "…_2022-10.csv" -> "2022-10", "…_190411.csv" -> "2019-04-11"."""
    m = _VINTAGE.search(name)
    if not m:
        return ""
    text = m.group(1)
    if "-" in text:
        return text
    return f"20{text[:2]}-{text[2:4]}-{text[4:]}"  # yymmdd, as the platform's file names write it


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _number(text: str) -> float:
    """A CSV amount: "12207829.01", "" (missing: NaN); ValueError for anything else."""
    text = text.strip()
    if text == "" or text.upper() in ("NA", "VOID"):
        return math.nan
    value = float(text)
    if math.isinf(value) or math.isnan(value):
        raise ValueError(text)
    return value


def read(path: Path | str, data: bytes | None = None) -> OfficialSource:
    """One official CSV file as an :class:`OfficialSource`; :class:`OfficialFileError` if it cannot be read."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes() if data is None else data
    except OSError:
        raise OfficialFileError(name, [Problem(0, "", "", "unreadable")]) from None
    text = _decode(raw)
    sample = text[:4096]
    delimiter = max((",", ";", "\t"), key=lambda d: sample.split("\n", 1)[0].count(d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise OfficialFileError(name, [Problem(1, "", "", "unknown-header")]) from None
    kind = _kind(headers)
    if kind is None:
        shown = ", ".join(headers[:6])[:120]
        raise OfficialFileError(name, [Problem(1, "", shown, "unknown-header")])
    aliases = {"implementation": IMPLEMENTATION, "planned": PLANNED, "categorisation": CATEGORISATION}[kind]
    normalised = [_norm(h) for h in headers]
    where: dict[str, int] = {}
    for key, names in aliases.items():
        for alias in names:
            if alias in normalised:
                where[key] = normalised.index(alias)
                break
    missing = [k for k in REQUIRED[kind] if k not in where]
    if missing:
        raise OfficialFileError(name, [Problem(1, k, "", "missing-column") for k in missing])
    records, problems = _records(reader, headers, where, kind)
    if problems:
        raise OfficialFileError(name, problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS))
    truncated = kind == "categorisation" and len(records) == SOCRATA_ROW_CAP
    rows = pd.DataFrame(records, columns=[*COLUMNS, "dimension"]) if records else empty_rows().assign(dimension="")
    if kind == "categorisation":
        rows = _one_dimension(rows)
    rows = rows[COLUMNS].assign(source=name)
    rows["year"] = rows["year"].astype("Int64")
    rows["cutoff"] = pd.to_datetime(rows["cutoff"])
    return OfficialSource(name, kind, vintage_of(name), rows.reset_index(drop=True), truncated)


def _records(
    reader: Iterable[list[str]], headers: list[str], where: dict[str, int], kind: str
) -> tuple[list[dict[str, object]], list[Problem]]:
    records: list[dict[str, object]] = []
    problems: list[Problem] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            i = where.get(key)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        rec: dict[str, object] = {"row": line}
        for key in ("ms", "cci", "title", "fund", "version", "priority", "to", "category", "dimension"):
            rec[key] = cell(key)
        if not rec["fund"]:
            rec["fund"] = CCI_FUNDS.get(str(rec["cci"])[8:10], "")
        for key in ("planned_eu", "planned_national", "planned_total", "decided", "spent"):
            if key not in where:
                rec[key] = math.nan
                continue
            try:
                rec[key] = _number(cell(key))
            except ValueError:
                problems.append(Problem(line, headers[where[key]], cell(key)[:60], "bad-number"))
        if kind == "categorisation":  # no national column: the total less the EU amount
            rec["planned_national"] = _minus(rec.get("planned_total"), rec.get("planned_eu"))
        rec["year"], rec["cutoff"] = None, None
        if kind == "implementation":
            rec["year"], rec["cutoff"] = _cutoff(cell, headers, where, line, problems)
        records.append(rec)
    return records, problems


def _minus(a: object, b: object) -> float:
    if isinstance(a, float) and isinstance(b, float):
        return a - b
    return math.nan


def _cutoff(
    cell: Callable[[str], str], headers: list[str], where: dict[str, int], line: int, problems: list[Problem]
) -> tuple[int | None, date | None]:
    """The row's year and cut-off date: ``reference_date`` when given, else 31 December of the year."""
    text = cell("year")
    try:
        year = int(float(text))
        if not 2000 <= year <= 2040 or float(text) != year:
            raise ValueError(text)
    except ValueError:
        problems.append(Problem(line, headers[where["year"]], text[:60], "bad-year"))
        return None, None
    ref = cell("reference_date")
    if not ref:
        return year, date(year, 12, 31)
    try:
        return year, date.fromisoformat(ref[:10])
    except ValueError:
        problems.append(Problem(line, headers[where["reference_date"]], ref[:60], "bad-date"))
        return year, None


def _one_dimension(rows: pd.DataFrame) -> pd.DataFrame:
    """One split of the 2021-2027 money: each dimension (form of support, intervention field, gender
    equality, ...) splits the same planned amounts again, so adding them up would count them several times.
    Per programme, priority and specific objective the dimension with the largest total is kept (in a
    truncated sample, the most complete one)."""
    if rows.empty:
        return rows
    sums = rows.groupby(["cci", "priority", "to", "dimension"], sort=False)["planned_total"].sum().reset_index()
    best = sums.sort_values("planned_total", ascending=False, kind="stable").drop_duplicates(["cci", "priority", "to"])
    keep = best[["cci", "priority", "to", "dimension"]]
    return rows.merge(keep, on=["cci", "priority", "to", "dimension"], how="inner").sort_values("row")


@dataclass(frozen=True)
class Folder:
    """The official files of a folder: those read, and those refused (with their located error)."""

    sources: tuple[OfficialSource, ...] = ()
    refused: tuple[OfficialFileError, ...] = ()


def read_folder(folder: Path | str | None) -> Folder:
    """Every ``*.csv`` under ``folder`` (sub-folders included, sorted by path). A CSV that is not one of the
    official datasets is refused, not guessed; other files (workbooks, lists of operations) are left alone."""
    if folder is None:
        return Folder()
    root = Path(folder)
    if not root.is_dir():
        return Folder()
    sources, refused = [], []
    for path in sorted(root.rglob("*.csv")):
        try:
            sources.append(read(path))
        except OfficialFileError as error:
            refused.append(error)
    order = {"implementation": 0, "planned": 1, "categorisation": 2}
    sources.sort(key=lambda s: (order[s.kind], -_vintage_number(s.vintage), s.name))  # newest vintage first
    return Folder(tuple(sources), tuple(refused))


def _vintage_number(vintage: str) -> int:
    """ "2022-10" -> 20221000, "2019-04-11" -> 20190411, "" -> 0 (to put the newest vintage first)."""
    digits = re.sub(r"\D", "", vintage)
    return int(digits.ljust(8, "0")) if digits else 0
