"""Cross-sheet checks of a programme workbook: the links between sheets, and money that must add up.

Each rule is one function taking the :class:`Context` (the records of every sheet, the tables
they come from, the Programme fields) and returning its issues; :data:`RULES` lists them in the
order they are reported.

Errors (the workbook is refused): a duplicate code, call or project id; a project pointing to
an unknown objective or call; a call naming an unknown objective; a commitment, payment or
forecast for an unknown project; a negative allocation, call budget or grant; a negative EU tranche
or pre-financing; a payment application's reference used twice (for the same resource); one line,
or one project's grant, larger than the whole programme's allocation (a typing error).

Warnings (the workbook loads, the staff member should look): payments above a project's
committed amount; commitments above a project's grant (EU + regional) or above an objective's
allocation; one payment or forecast line larger than its project's grant; the same money line
twice; a Budget allocation far outside the programme's scale (its EU amount does not fit the EU rate, or it
is more than a hundred times the median allocation); a payment dated after the eligibility end date; a
commitment or payment dated before the programme period; a project ending before it starts; an extract date
in the future.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from i18n import LANGS, format_eur, format_pct, texts

from . import reader
from .issues import Issue
from .parsing import display

CENT = 0.005
#: an allocation whose EU amount is below this share of the programme's EU rate (40 % -> 4 %), or above the
#: allocation itself, does not fit the rate: one of the two figures is mistyped (in thousands, a digit too many)
RATE_MISMATCH = 10.0
#: an allocation more than this many times the median of the Budget lines (three lines or more) is out of scale
SCALE_FACTOR = 100.0
#: located issues of one kind shown per sheet; the rest are counted in one "more-like-this" issue
MAX_PER_KIND = 50
_ID_COLUMN = {"budget": "code", "calls": "call_id", "projects": "project_id"}
#: the money lines, and the columns that make two of them the same line
_LINE_KEYS = {
    "commitments": ("project_id", "date", "amount"),
    "payments": ("project_id", "date", "amount", "kind"),
    "forecasts": ("project_id", "year", "amount"),
}

Record = dict[str, Any]


def _money(amount: float) -> dict[str, str]:
    return {lang: format_eur(amount, lang) for lang in LANGS}


def _money_shown(k: int, amount: float) -> dict[str, str]:
    """``_money(amount)`` for the first :data:`MAX_PER_KIND` issues of one kind on one sheet (``k`` counts them
    from 0); {} for the others, which :func:`at_most` only counts and never shows (formatting an amount in three
    languages costs more than finding it: 750 projects paid above their commitments at 50 000 projects)."""
    return _money(amount) if k < MAX_PER_KIND else {}


def _day(d: date) -> dict[str, str]:
    return {lang: d.strftime("%d/%m/%Y") for lang in LANGS}


def internal_detail() -> dict[str, str]:
    """The detail of a refusal caused by the loader itself (the log has the rest)."""
    return texts("detail.internal")


class Lines:
    """The lines of one sheet read without error, column by column: column key -> values in row order (an
    amount column as a float64 array, NaN where the cell is empty; any other column as a list), and "_row" ->
    each line's Excel row number, so that any check can name the cell it finds."""

    def __init__(self, columns: dict[str, Any]) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns["_row"])

    def __getitem__(self, key: str) -> Any:
        return self.columns[key]

    def __setitem__(self, key: str, values: Any) -> None:
        self.columns[key] = values

    def __contains__(self, key: object) -> bool:
        return key in self.columns

    def numbers(self, key: str) -> np.ndarray:
        """The column as float64 (NaN where empty)."""
        values = self.columns[key]
        if isinstance(values, np.ndarray):
            return values
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    def record(self, i: int) -> Record:
        """The line at position ``i`` as a record (column key -> value; an empty amount is None)."""
        return {key: _value(values, i) for key, values in self.columns.items()}

    def records(self) -> list[Record]:
        """Every line as a record (for the sheets of a few lines: Budget, Calls, the financial sheets)."""
        return [self.record(i) for i in range(len(self))]

    def take(self, positions: np.ndarray) -> Lines:
        """The lines at ``positions`` (in that order)."""
        where = positions.tolist()
        return Lines(
            {
                key: values[positions] if isinstance(values, np.ndarray) else [values[i] for i in where]
                for key, values in self.columns.items()
            }
        )

    @classmethod
    def from_records(cls, records: list[Record], like: Lines) -> Lines:
        """Lines from records, each column of the same kind as in ``like`` (an array of amounts stays one)."""
        columns: dict[str, Any] = {}
        for key, values in like.columns.items():
            column = [rec.get(key) for rec in records]
            columns[key] = (
                np.array([np.nan if v is None else v for v in column], dtype=float)
                if isinstance(values, np.ndarray)
                else column
            )
        return cls(columns)


def _value(values: Any, i: int) -> Any:
    if isinstance(values, np.ndarray):
        v = float(values[i])
        return None if v != v else v
    return values[i]


def _zero(values: np.ndarray) -> np.ndarray:
    """NaN (an empty amount) as 0.0: ``amount or 0.0`` over a column."""
    return np.where(np.isnan(values), 0.0, values)


@dataclass
class Context:
    """Everything the rules look at, and helpers to locate what they find.

    The rules look at whole columns: they find the lines at fault with one pass (or one array operation) over
    the column, then build a located issue for those lines only."""

    records: dict[str, Lines]
    tables: dict[str, reader.Table]
    fields: dict[str, Any]
    file: str
    today: date
    _first: dict[str, dict[str, Record]] = field(default_factory=dict)
    _first_at: dict[str, dict[str, int]] = field(default_factory=dict)
    _rows: dict[str, list[Record]] = field(default_factory=dict)
    _distinct: dict[tuple[str, str], tuple[np.ndarray, list[Any]] | None] = field(default_factory=dict)
    _grants: dict[str, float] | None = None

    def at(self, sheet: str, row: int, col: str, severity: str, code: str, value: object, **params: Any) -> Issue:
        """An issue on the cell ``col`` of the line at Excel row ``row`` of ``sheet``."""
        table = self.tables[sheet]
        return Issue(
            severity,
            code,
            self.file,
            sheet=table.sheet,
            row=row,
            column=table.labels.get(col),
            value=None if value is None else str(value),
            params=params,
        )

    def on_sheet(self, sheet: str, severity: str, code: str, value: str, **params: Any) -> Issue:
        """An issue on a whole sheet (a project's total, not one line)."""
        return Issue(severity, code, self.file, sheet=self.tables[sheet].sheet, value=value, params=params)

    def rows(self, sheet: str) -> list[Record]:
        """The lines of a short sheet as records (Budget, Calls, the financial sheets); [] without the sheet."""
        if sheet not in self._rows:
            lines = self.records.get(sheet)
            self._rows[sheet] = lines.records() if lines is not None else []
        return self._rows[sheet]

    def column(self, sheet: str, col: str) -> Any:
        """The values of one column of ``sheet`` ([] without the sheet)."""
        lines = self.records.get(sheet)
        return lines[col] if lines is not None else []

    def distinct(self, sheet: str, col: str) -> tuple[np.ndarray, list[Any]] | None:
        """:func:`_distinct` of a column (project ids are numbered once for every check that groups by them)."""
        if (sheet, col) not in self._distinct:
            self._distinct[(sheet, col)] = _distinct(self.column(sheet, col))
        return self._distinct[(sheet, col)]

    def excel_rows(self, sheet: str) -> list[int]:
        return self.column(sheet, "_row")  # type: ignore[no-any-return]

    def ids(self, sheet: str) -> list[str]:
        """The id column of ``sheet`` (budget codes, call ids, project ids), "" where empty."""
        return [v or "" for v in self.column(sheet, _ID_COLUMN[sheet])]

    def first(self, sheet: str) -> dict[str, Record]:
        """The first record of each id of a short sheet (budget codes, call ids), in the order of the sheet."""
        if sheet not in self._first:
            seen: dict[str, Record] = {}
            for rec in self.rows(sheet):
                seen.setdefault(rec.get(_ID_COLUMN[sheet]) or "", rec)
            self._first[sheet] = seen
        return self._first[sheet]

    def first_at(self, sheet: str) -> dict[str, int]:
        """The position of the first line of each id of ``sheet`` (to look ids up, in no particular order)."""
        if sheet not in self._first_at:
            ids = self.ids(sheet)
            # written from the last line up: the first line of an id is written last and stays
            self._first_at[sheet] = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
        return self._first_at[sheet]

    def grant(self, project_id: str) -> float | None:
        """A project's grant (EU + regional amount), None for an unknown project."""
        return self.grants().get(project_id)

    def grants(self) -> dict[str, float]:
        """Each project's grant (EU + regional amount of its first line)."""
        if self._grants is None:
            lines = self.records.get("projects")
            if lines is None:
                self._grants = {}
            else:
                total = (_zero(lines.numbers("eu_amount")) + _zero(lines.numbers("regional_amount"))).tolist()
                self._grants = {pid: total[i] for pid, i in self.first_at("projects").items()}
        return self._grants

    def allocation(self) -> float | None:
        """The programme's allocation: the Budget sheet's total (None without a Budget sheet)."""
        if "budget" not in self.tables:
            return None
        latest: dict[str, Record] = {}  # per code, its latest version (a Budget with "valid from" dates)
        for rec in self.rows("budget"):
            code, old = rec.get("code") or "", latest.get(rec.get("code") or "")
            if old is None or _version_day(rec) >= _version_day(old):
                latest[code] = rec
        return float(sum(rec.get("allocation") or 0.0 for rec in latest.values()))


def _version_day(rec: Record) -> date:
    return rec.get("valid_from") or date.min  # no date: in force from the start


# -- errors -----------------------------------------------------------------------------------------
def duplicate_ids(ctx: Context) -> list[Issue]:
    """A Budget code, call id or project id used twice: the first line is kept, the others refused.

    With a "valid from" column in Budget, a code may repeat with different dates (programme versions);
    the same code with the same date twice (or twice without a date) is refused."""
    issues = []
    for sheet, col in _ID_COLUMN.items():
        if sheet == "budget" and "budget" in ctx.tables and "valid_from" in ctx.tables["budget"].labels:
            issues += _duplicate_versions(ctx)
            continue
        ids, first, rows = ctx.ids(sheet), ctx.first_at(sheet), ctx.excel_rows(sheet)
        for i in [i for i, key in enumerate(ids) if first[key] != i]:
            key = ids[i]
            names = reader.column_names(sheet, col)
            issues.append(
                ctx.at(sheet, rows[i], col, "error", "duplicate-id", key, first_row=rows[first[key]], **names)
            )
    return issues


def _duplicate_versions(ctx: Context) -> list[Issue]:
    seen: dict[tuple[str, date | None], Record] = {}
    issues = []
    for rec in ctx.rows("budget"):
        key: tuple[str, date | None] = (rec.get("code") or "", rec.get("valid_from"))
        if key not in seen:
            seen[key] = rec
            continue
        names = reader.column_names("budget", "valid_from")
        day = key[1].strftime("%d/%m/%Y") if key[1] is not None else "–"
        issues.append(
            ctx.at(
                "budget", rec["_row"], "valid_from", "error", "duplicate-version", key[0],
                first_row=seen[key]["_row"], date=day, **names,
            )
        )  # fmt: skip
    return issues


def negative_allocations(ctx: Context) -> list[Issue]:
    """A negative allocation or EU amount in Budget, or a negative call budget."""
    issues = []
    for sheet, cols in (("budget", ("allocation", "eu_amount")), ("calls", ("budget",))):
        for rec in ctx.rows(sheet):
            for col in cols:
                v = rec.get(col)
                if v is not None and v < 0:
                    issues.append(ctx.at(sheet, rec["_row"], col, "error", "negative-allocation", display(v)))
    return issues


#: the amounts of the optional financial sheets that may not be negative (a payment application may: a correction)
_NON_NEGATIVE = (("tranches", "eu_amount"), ("prefinancing", "amount"))


def negative_amounts(ctx: Context) -> list[Issue]:
    """A negative EU amount in Tranches, or a negative amount in Prefinancing."""
    return [
        ctx.at(sheet, rec["_row"], col, "error", "negative-amount", display(rec[col]))
        for sheet, col in _NON_NEGATIVE
        for rec in ctx.rows(sheet)
        if rec.get(col) is not None and rec[col] < 0
    ]


def duplicate_claims(ctx: Context) -> list[Issue]:
    """A payment application's reference used twice for the same resource (an application covering both
    resources has one row per resource; a row without reference is never a duplicate)."""
    issues = []
    seen: dict[tuple[str, str], Record] = {}
    for rec in ctx.rows("claims"):
        claim = rec.get("claim_id") or ""
        if not claim:
            continue
        key = (claim, rec.get("resource") or "ordinary")
        if key not in seen:
            seen[key] = rec
            continue
        names = reader.column_names("claims", "claim_id")
        issues.append(
            ctx.at(
                "claims", rec["_row"], "claim_id", "error", "duplicate-id", claim, first_row=seen[key]["_row"], **names
            )
        )
    return issues


def negative_grants(ctx: Context) -> list[Issue]:
    """A project's EU amount, regional amount or total eligible cost below zero."""
    lines = ctx.records.get("projects")
    if lines is None:
        return []
    found: list[tuple[int, int, str, float]] = []  # (position, column order, column, amount): row order, then column
    for order, col in enumerate(("eu_amount", "regional_amount", "total_cost")):
        if col not in ctx.tables["projects"].labels:
            continue
        values = lines.numbers(col)
        found += [(i, order, col, float(values[i])) for i in np.flatnonzero(values < 0).tolist()]
    rows = lines["_row"]
    return [ctx.at("projects", rows[i], col, "error", "negative-grant", display(v)) for i, _, col, v in sorted(found)]


def _distinct(values: list[Any]) -> tuple[np.ndarray, list[Any]] | None:
    """Each value's number among the distinct values (in order of first appearance), and those values; None
    when a value is empty (None or NaN), which pandas would not number.

    One dictionary look-up per value (texts keep their hash: a project id is hashed once in the whole read)."""
    numbers: dict[Any, int] = {}
    number = numbers.setdefault
    codes = np.fromiter((number(v, len(numbers)) for v in values), dtype=np.int64, count=len(values))
    uniques = list(numbers)
    if any(u is None or u != u for u in uniques):  # u != u: a float NaN
        return None
    return codes, uniques


def _unknown(values: list[Any], known: Any, distinct: tuple[np.ndarray, list[Any]] | bool | None = False) -> list[int]:
    """The positions of the values that are not keys of ``known`` (each distinct value looked up once;
    ``distinct``: the values' :func:`_distinct`, when already known)."""
    if distinct is False:
        distinct = _distinct(values)
    if not isinstance(distinct, tuple):
        return [i for i, v in enumerate(values) if v not in known]
    codes, uniques = distinct
    missing = np.array([u not in known for u in uniques], dtype=bool)
    return np.flatnonzero(missing[codes]).tolist() if missing.any() else []


def _looked_up(
    values: list[Any], mapping: dict[Any, float], distinct: tuple[np.ndarray, list[Any]] | None
) -> np.ndarray:
    """``mapping.get(value, NaN)`` for each value, as float64 (each distinct value looked up once; ``distinct``:
    the values' :func:`_distinct`)."""
    if distinct is None:
        return np.array([mapping.get(v, np.nan) for v in values], dtype=float)
    codes, uniques = distinct
    by_value: np.ndarray = np.array([mapping.get(u, np.nan) for u in uniques], dtype=float)
    return by_value[codes]  # type: ignore[no-any-return]


def unknown_objectives(ctx: Context) -> list[Issue]:
    """A call or project pointing to a code that is not in Budget."""
    if "budget" not in ctx.tables:
        return []
    codes = ctx.first("budget")
    known = ", ".join(list(codes)[:20])
    issues = []
    for rec in ctx.rows("calls"):
        for code in filter(None, (rec.get("objective_codes") or "").split(";")):
            if code not in codes:
                issues.append(
                    ctx.at("calls", rec["_row"], "objective_codes", "error", "unknown-objective", code, known=known)
                )
    values, rows = ctx.column("projects", "objective_code"), ctx.excel_rows("projects")
    for i in _unknown(values, codes):
        issues.append(
            ctx.at("projects", rows[i], "objective_code", "error", "unknown-objective", values[i], known=known)
        )
    return issues


def unknown_calls(ctx: Context) -> list[Issue]:
    """A project pointing to a call that is not in Calls (an empty call is allowed)."""
    if "calls" not in ctx.tables:
        return []
    calls = ctx.first("calls")
    values, rows = ctx.column("projects", "call_id"), ctx.excel_rows("projects")
    return [
        ctx.at("projects", rows[i], "call_id", "error", "unknown-call", values[i])
        for i in [i for i, call in enumerate(values) if call and call not in calls]
    ]


def unknown_projects(ctx: Context) -> list[Issue]:
    """A commitment, payment or forecast for a project that is not in Projects."""
    if "projects" not in ctx.tables:
        return []
    projects = ctx.first_at("projects")
    issues = []
    for sheet in ("commitments", "payments", "forecasts"):
        values, rows = ctx.column(sheet, "project_id"), ctx.excel_rows(sheet)
        issues += [
            ctx.at(sheet, rows[i], "project_id", "error", "unknown-project", values[i])
            for i in _unknown(values, projects, ctx.distinct(sheet, "project_id"))
        ]
    return issues


def lines_above_allocation(ctx: Context) -> list[Issue]:
    """One money line, or one project's grant, larger than the whole programme's allocation: a typo."""
    total = ctx.allocation()
    if not total:
        return []
    top = total + CENT
    issues = []
    for sheet in ("commitments", "payments", "forecasts"):
        lines = ctx.records.get(sheet)
        if lines is None:
            continue
        amounts, rows = lines.numbers("amount"), lines["_row"]
        for i in np.flatnonzero(np.abs(amounts) > top).tolist():
            value = display(float(amounts[i]))
            issues.append(
                ctx.at(sheet, rows[i], "amount", "error", "line-above-allocation", value, allocation=_money(total))
            )
    projects = ctx.records.get("projects")
    if projects is not None:
        grants = _zero(projects.numbers("eu_amount")) + _zero(projects.numbers("regional_amount"))
        ids, rows = projects["project_id"], projects["_row"]
        for i in np.flatnonzero(grants > top).tolist():
            params = {"grant": _money(float(grants[i])), "allocation": _money(total)}
            issues.append(ctx.at("projects", rows[i], "eu_amount", "error", "grant-above-allocation", ids[i], **params))
    return issues


# -- warnings ---------------------------------------------------------------------------------------
def end_before_start(ctx: Context) -> list[Issue]:
    """A project whose end date is before its start date."""
    starts, ends, rows = (
        ctx.column("projects", "start_date"),
        ctx.column("projects", "end_date"),
        ctx.excel_rows("projects"),
    )
    found = [i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start and end and end < start]
    return [
        ctx.at("projects", rows[i], "end_date", "warning", "end-before-start", display(ends[i]), start=_day(starts[i]))
        for i in found
    ]


def _days_outside(days: list[Any], low: date | None, high: date | None) -> list[int]:
    """The positions of the dates before ``low`` or after ``high`` (an empty cell is neither). When every value
    is a date inside the bounds, one min/max pass in C says so and no line is looked at."""
    try:
        if days and (low is None or min(days) >= low) and (high is None or max(days) <= high):
            return []
    except TypeError:  # an empty cell (None) or a text among the dates: each line is looked at
        pass
    return [
        i
        for i, day in enumerate(days)
        if day and ((low is not None and day < low) or (high is not None and day > high))
    ]


def payments_after_eligibility(ctx: Context) -> list[Issue]:
    """A payment dated after the eligibility end date."""
    end = ctx.fields.get("eligibility_end")
    if not end:
        return []
    days, rows = ctx.column("payments", "date"), ctx.excel_rows("payments")
    return [
        ctx.at("payments", rows[i], "date", "warning", "payment-after-eligibility", display(days[i]), end=_day(end))
        for i in _days_outside(days, None, end)
    ]


def lines_before_programme(ctx: Context) -> list[Issue]:
    """A commitment or payment dated before 1 January of the programme's first year."""
    pid = ctx.fields.get("programme_id")
    if not pid:
        return []
    start = date(int(pid[:4]), 1, 1)
    issues = []
    for sheet in ("commitments", "payments"):
        days, rows = ctx.column(sheet, "date"), ctx.excel_rows(sheet)
        issues += [
            ctx.at(
                sheet, rows[i], "date", "warning", "line-before-programme", display(days[i]), programme=pid,
                start=_day(start),
            )
            for i in _days_outside(days, start, None)
        ]  # fmt: skip
    return issues


def as_of_in_future(ctx: Context) -> list[Issue]:
    """An extract (reference) date after today: the figures would be read as of a day that has not come."""
    as_of = ctx.fields.get("as_of")
    if not as_of or as_of <= ctx.today:
        return []
    sheet, row, column = ctx.fields.get("_where", {}).get("as_of", (None, None, None))
    return [
        Issue(
            "warning",
            "as-of-in-future",
            ctx.file,
            sheet=sheet,
            row=row,
            column=column,
            value=display(as_of),
            params={"today": _day(ctx.today)},
        )
    ]


def _totals(ctx: Context, sheet: str) -> dict[str, float]:
    """Each project's amount on ``sheet``, in the order the projects first appear there.

    The lines are added in row order, from 0.0 (``np.bincount`` adds its weights one after the other): the
    same floating-point sums as adding them one line at a time."""
    lines = ctx.records.get(sheet)
    if lines is None or not len(lines):
        return {}
    distinct = ctx.distinct(sheet, "project_id")
    if distinct is None:  # an empty project id (not kept: it is refused), counted as written
        out: dict[str, float] = defaultdict(float)
        for pid, amount in zip(lines["project_id"], _zero(lines.numbers("amount")).tolist(), strict=True):
            out[pid] += amount
        return dict(out)
    codes, projects = distinct
    sums = np.bincount(codes, weights=_zero(lines.numbers("amount")), minlength=len(projects))
    return dict(zip(projects, sums.tolist(), strict=True))


def paid_above_committed(ctx: Context) -> list[Issue]:
    """A project's payments adding up to more than its commitments."""
    if "payments" not in ctx.tables:
        return []
    committed, projects = _totals(ctx, "commitments"), ctx.first_at("projects")
    found = [
        (pid, amount)
        for pid, amount in _totals(ctx, "payments").items()
        if pid in projects and amount > committed.get(pid, 0.0) + CENT
    ]
    return [
        ctx.on_sheet(
            "payments",
            "warning",
            "paid-above-committed",
            pid,
            paid=_money_shown(k, amount),
            committed=_money_shown(k, committed.get(pid, 0.0)),
        )
        for k, (pid, amount) in enumerate(found)
    ]


def committed_above_grant(ctx: Context) -> list[Issue]:
    """A project's commitments adding up to more than its grant (EU + regional amount)."""
    if "commitments" not in ctx.tables:
        return []
    issues: list[Issue] = []
    grants = ctx.grants()
    for pid, amount in _totals(ctx, "commitments").items():
        grant = grants.get(pid)
        if grant is not None and amount > grant + CENT:
            k = len(issues)
            issues.append(
                ctx.on_sheet(
                    "commitments",
                    "warning",
                    "committed-above-grant",
                    pid,
                    committed=_money_shown(k, amount),
                    grant=_money_shown(k, grant),
                )
            )
    return issues


def objectives_over_committed(ctx: Context) -> list[Issue]:
    """An objective's commitments (through its projects) adding up to more than its allocation."""
    if "commitments" not in ctx.tables:
        return []
    projects, codes = ctx.first_at("projects"), ctx.first("budget")
    objective = ctx.column("projects", "objective_code")
    by_objective: dict[str, float] = defaultdict(float)
    for pid, amount in _totals(ctx, "commitments").items():
        if pid in projects:
            by_objective[objective[projects[pid]] or ""] += amount
    issues = []
    for code, amount in by_objective.items():
        rec = codes.get(code)
        if rec is not None and rec.get("allocation") is not None and amount > rec["allocation"] + CENT:
            issues.append(
                ctx.at(
                    "budget",
                    rec["_row"],
                    "allocation",
                    "warning",
                    "objective-over-committed",
                    code,
                    committed=_money(amount),
                    allocation=_money(rec["allocation"]),
                )
            )
    return issues


def lines_above_grant(ctx: Context) -> list[Issue]:
    """One payment or forecast line larger than its project's whole grant (for commitments, the
    project's total is already checked by :func:`committed_above_grant`)."""
    total = ctx.allocation()
    top = (total + CENT) if total else float("inf")  # above it, the line is refused (lines_above_allocation)
    grants = ctx.grants()
    issues = []
    for sheet in ("payments", "forecasts"):
        lines = ctx.records.get(sheet)
        if lines is None:
            continue
        projects, rows = lines["project_id"], lines["_row"]
        amounts = _zero(lines.numbers("amount"))
        grant = _looked_up(projects, grants, ctx.distinct(sheet, "project_id"))
        with np.errstate(invalid="ignore"):
            above = ~np.isnan(grant) & (amounts > grant + CENT) & (np.abs(amounts) <= top)
        for k, i in enumerate(np.flatnonzero(above).tolist()):
            params = {"project": projects[i], "grant": _money_shown(k, float(grant[i]))}
            value = display(float(amounts[i]))
            issues.append(ctx.at(sheet, rows[i], "amount", "warning", "line-above-grant", value, **params))
    return issues


def _pct(rate: float) -> dict[str, str]:
    return {lang: format_pct(rate, lang, 0 if rate >= 0.01 else 2) for lang in LANGS}


def implausible_allocations(ctx: Context) -> list[Issue]:
    """A Budget allocation far outside the programme's scale (a figure typed in thousands, 9 999 999 999 999 €):
    its EU amount does not fit the programme's EU rate (below a tenth of it, or above the allocation), or, where
    the rate says nothing, it is more than a hundred times the median allocation. One warning per line, on the
    allocation cell; every rate and total of the dashboard depends on it."""
    budget = [rec for rec in ctx.rows("budget") if (rec.get("allocation") or 0.0) > 0]
    rate = ctx.fields.get("eu_rate")
    table = ctx.tables.get("budget")
    eu_given = table is not None and "eu_amount" in table.columns  # else EU amounts are allocation x rate
    amounts = sorted(rec["allocation"] for rec in budget)
    half = len(amounts) // 2
    median = amounts[half] if len(amounts) % 2 else sum(amounts[half - 1 : half + 1]) / 2
    issues = []
    params: dict[str, Any]
    for rec in budget:
        allocation, eu = rec["allocation"], rec.get("eu_amount") or 0.0
        money = _money(allocation)
        if eu_given and rate and eu > 0 and (eu / allocation < rate / RATE_MISMATCH or eu > allocation + CENT):
            params = {"amount": money, "eu": _money(eu), "share": _pct(eu / allocation), "rate": _pct(rate)}
            code = "allocation-rate-mismatch"
        elif len(amounts) >= 3 and allocation > SCALE_FACTOR * median:
            params = {"amount": money, "median": _money(median), "times": str(int(allocation // median))}
            code = "allocation-out-of-scale"
        else:
            continue
        issues.append(ctx.at("budget", rec["_row"], "allocation", "warning", code, display(allocation), **params))
    return issues


def _repeats(
    lines: Lines, cols: tuple[str, ...], projects: tuple[np.ndarray, list[Any]] | None
) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the lines equal (on ``cols``, the project id and the amount among them) to an earlier
    line, and for each the first such line (``projects``: the project ids' :func:`_distinct`).

    Two equal lines have the same project and the same amount: the lines are first numbered by that pair (two
    sorts of integers), and only the lines whose pair comes back are compared on every column, one look-up each.
    An empty amount (NaN) equals another empty amount, as in a group-by."""
    n = len(lines)
    candidates: range | list[int]
    if projects is None:  # an empty project id (refused anyway): every line is compared
        candidates = range(n)
    else:
        amounts = lines.numbers("amount")
        _, amount_codes = np.unique(amounts, return_inverse=True)  # NaNs are one value (numpy's equal_nan)
        pair = projects[0] * np.int64(amount_codes.max(initial=0) + 1) + amount_codes.reshape(-1)
        order = np.argsort(pair, kind="stable")
        ranked = pair[order]
        again = np.flatnonzero(ranked[1:] == ranked[:-1])
        member = np.zeros(n, dtype=bool)
        member[order[again]] = True  # each line whose pair comes back, and the line before it in the sort
        member[order[again + 1]] = True
        candidates = np.flatnonzero(member).tolist()  # in row order
    columns = [lines.numbers(c).tolist() if c == "amount" else lines[c] for c in cols]
    first: dict[tuple[Any, ...], int] = {}
    repeated: list[int] = []
    firsts: list[int] = []
    for i in candidates:
        key = tuple(None if v != v else v for v in (column[i] for column in columns))  # v != v: NaN
        j = first.setdefault(key, i)
        if j != i:
            repeated.append(i)
            firsts.append(j)
    return np.array(repeated, dtype=np.int64), np.array(firsts, dtype=np.int64)


def duplicate_lines(ctx: Context) -> list[Issue]:
    """The same money line twice (same project, date, amount and kind; for forecasts: project, year, amount)."""
    issues = []
    for sheet, cols in _LINE_KEYS.items():
        lines = ctx.records.get(sheet)
        if lines is None or not len(lines):
            continue
        repeated, firsts = _repeats(lines, cols, ctx.distinct(sheet, "project_id"))
        rows, amounts, projects = lines["_row"], lines.numbers("amount"), lines["project_id"]
        for i, first in zip(repeated[:MAX_PER_KIND].tolist(), firsts[:MAX_PER_KIND].tolist(), strict=True):
            issues.append(  # the rest are only counted (see at_most)
                ctx.at(
                    sheet,
                    rows[i],
                    "amount",
                    "warning",
                    "duplicate-line",
                    display(_value(amounts, i)),
                    first_row=rows[first],
                    project=projects[i],
                )
            )
        if len(repeated) > MAX_PER_KIND:
            issues.append(
                ctx.on_sheet(
                    sheet, "warning", "more-like-this", "", n=len(repeated) - MAX_PER_KIND, kind="duplicate-line"
                )
            )
    return issues


def duplicate_totals(data: Any) -> dict[str, dict[str, float]]:
    """For each money sheet with duplicated lines (as :func:`duplicate_lines` finds them): how many lines repeat
    an earlier one, the sheet's total as counted, and the total without them (the first of each kept). The
    duplicates are warned and counted; an editor's preview says what they add (``ProgrammeData`` in, sheets of
    ``commitments``, ``payments``, ``forecasts``)."""
    out: dict[str, dict[str, float]] = {}
    for sheet, cols in _LINE_KEYS.items():
        frame = getattr(data, sheet)
        if frame is None or frame.empty:
            continue
        repeated = frame.duplicated(subset=list(cols), keep="first")
        n = int(repeated.sum())
        if n:
            total = float(frame["amount"].sum())
            without = total - float(frame.loc[repeated, "amount"].sum())
            out[sheet] = {"lines": n, "total": round(total, 2), "without": round(without, 2)}
    return out


Rule = Callable[[Context], list[Issue]]
#: every rule, in the order its issues are reported (errors first)
RULES: tuple[Rule, ...] = (
    duplicate_ids,
    negative_allocations,
    negative_grants,
    negative_amounts,
    duplicate_claims,
    unknown_objectives,
    unknown_calls,
    unknown_projects,
    lines_above_allocation,
    end_before_start,
    payments_after_eligibility,
    lines_before_programme,
    as_of_in_future,
    paid_above_committed,
    committed_above_grant,
    objectives_over_committed,
    lines_above_grant,
    implausible_allocations,
    duplicate_lines,
)


def cross_checks(ctx: Context) -> list[Issue]:
    """Every cross-sheet error and warning, rule by rule."""
    return [issue for rule in RULES for issue in rule(ctx)]


def at_most(limit: int, issues: list[Issue]) -> list[Issue]:
    """The first ``limit`` issues of each code and sheet, then one ``more-like-this`` issue counting the rest.

    Twenty duplicated lines are twenty located warnings; eighty thousand would hide everything
    else (and the first fifty show the pattern).
    """
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    out: list[Issue] = []
    summary: dict[tuple[str, str | None], int] = {}
    for issue in issues:
        key = (issue.code, issue.sheet)
        counts[key] += 1
        if counts[key] <= limit:
            out.append(issue)
        else:
            summary[key] = len(out) if key not in summary else summary[key]
    extra: list[tuple[int, Issue]] = []
    for (code, sheet), _ in summary.items():
        first = next(i for i in out if i.code == code and i.sheet == sheet)
        n = counts[(code, sheet)] - limit
        more = Issue(first.severity, "more-like-this", first.file, sheet=sheet, params={"n": n, "kind": code})
        extra.append((max(j for j, i in enumerate(out) if i.code == code and i.sheet == sheet), more))
    for position, more in sorted(extra, key=lambda e: e[0], reverse=True):
        out.insert(position + 1, more)
    return out
