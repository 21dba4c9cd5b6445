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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

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


def _day(d: date) -> dict[str, str]:
    return {lang: d.strftime("%d/%m/%Y") for lang in LANGS}


def internal_detail() -> dict[str, str]:
    """The detail of a refusal caused by the loader itself (the log has the rest)."""
    return texts("detail.internal")


@dataclass
class Context:
    """Everything the rules look at, and helpers to locate what they find."""

    records: dict[str, list[Record]]
    tables: dict[str, reader.Table]
    fields: dict[str, Any]
    file: str
    today: date
    _first: dict[str, dict[str, Record]] = field(default_factory=dict)
    _grants: dict[str, float] | None = None

    def at(self, sheet: str, rec: Record, col: str, severity: str, code: str, value: object, **params: Any) -> Issue:
        """An issue on the cell ``col`` of the record ``rec`` of ``sheet``."""
        table = self.tables[sheet]
        return Issue(
            severity,
            code,
            self.file,
            sheet=table.sheet,
            row=rec["_row"],
            column=table.labels.get(col),
            value=None if value is None else str(value),
            params=params,
        )

    def on_sheet(self, sheet: str, severity: str, code: str, value: str, **params: Any) -> Issue:
        """An issue on a whole sheet (a project's total, not one line)."""
        return Issue(severity, code, self.file, sheet=self.tables[sheet].sheet, value=value, params=params)

    def first(self, sheet: str) -> dict[str, Record]:
        """The first record of each id of ``sheet`` (budget codes, call ids, project ids)."""
        if sheet not in self._first:
            seen: dict[str, Record] = {}
            for rec in self.records.get(sheet, []):
                seen.setdefault(rec.get(_ID_COLUMN[sheet]) or "", rec)
            self._first[sheet] = seen
        return self._first[sheet]

    def lines(self, *sheets: str) -> Iterator[tuple[str, Record]]:
        for sheet in sheets:
            for rec in self.records.get(sheet, []):
                yield sheet, rec

    def grant(self, project_id: str) -> float | None:
        """A project's grant (EU + regional amount), None for an unknown project."""
        if self._grants is None:
            self._grants = {
                pid: float((rec.get("eu_amount") or 0.0) + (rec.get("regional_amount") or 0.0))
                for pid, rec in self.first("projects").items()
            }
        return self._grants.get(project_id)

    def allocation(self) -> float | None:
        """The programme's allocation: the Budget sheet's total (None without a Budget sheet)."""
        if "budget" not in self.tables:
            return None
        latest: dict[str, Record] = {}  # per code, its latest version (a Budget with "valid from" dates)
        for rec in self.records.get("budget", []):
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
        first = ctx.first(sheet)
        for rec in ctx.records.get(sheet, []):
            key = rec.get(col) or ""
            if first[key] is not rec:
                names = reader.column_names(sheet, col)
                issues.append(
                    ctx.at(sheet, rec, col, "error", "duplicate-id", key, first_row=first[key]["_row"], **names)
                )
    return issues


def _duplicate_versions(ctx: Context) -> list[Issue]:
    seen: dict[tuple[str, date | None], Record] = {}
    issues = []
    for rec in ctx.records.get("budget", []):
        key: tuple[str, date | None] = (rec.get("code") or "", rec.get("valid_from"))
        if key not in seen:
            seen[key] = rec
            continue
        names = reader.column_names("budget", "valid_from")
        day = key[1].strftime("%d/%m/%Y") if key[1] is not None else "–"
        issues.append(
            ctx.at(
                "budget", rec, "valid_from", "error", "duplicate-version", key[0], first_row=seen[key]["_row"],
                date=day, **names,
            )
        )  # fmt: skip
    return issues


def negative_allocations(ctx: Context) -> list[Issue]:
    """A negative allocation or EU amount in Budget, or a negative call budget."""
    issues = []
    for sheet, cols in (("budget", ("allocation", "eu_amount")), ("calls", ("budget",))):
        for rec in ctx.records.get(sheet, []):
            for col in cols:
                v = rec.get(col)
                if v is not None and v < 0:
                    issues.append(ctx.at(sheet, rec, col, "error", "negative-allocation", display(v)))
    return issues


#: the amounts of the optional financial sheets that may not be negative (a payment application may: a correction)
_NON_NEGATIVE = (("tranches", "eu_amount"), ("prefinancing", "amount"))


def negative_amounts(ctx: Context) -> list[Issue]:
    """A negative EU amount in Tranches, or a negative amount in Prefinancing."""
    return [
        ctx.at(sheet, rec, col, "error", "negative-amount", display(rec[col]))
        for sheet, col in _NON_NEGATIVE
        for rec in ctx.records.get(sheet, [])
        if rec.get(col) is not None and rec[col] < 0
    ]


def duplicate_claims(ctx: Context) -> list[Issue]:
    """A payment application's reference used twice for the same resource (an application covering both
    resources has one row per resource; a row without reference is never a duplicate)."""
    issues = []
    seen: dict[tuple[str, str], Record] = {}
    for rec in ctx.records.get("claims", []):
        claim = rec.get("claim_id") or ""
        if not claim:
            continue
        key = (claim, rec.get("resource") or "ordinary")
        if key not in seen:
            seen[key] = rec
            continue
        names = reader.column_names("claims", "claim_id")
        issues.append(
            ctx.at("claims", rec, "claim_id", "error", "duplicate-id", claim, first_row=seen[key]["_row"], **names)
        )
    return issues


def negative_grants(ctx: Context) -> list[Issue]:
    """A project's EU amount, regional amount or total eligible cost below zero."""
    issues = []
    for rec in ctx.records.get("projects", []):
        for col in ("eu_amount", "regional_amount", "total_cost"):
            v = rec.get(col)
            if v is not None and v < 0 and col in ctx.tables["projects"].labels:
                issues.append(ctx.at("projects", rec, col, "error", "negative-grant", display(v)))
    return issues


def unknown_objectives(ctx: Context) -> list[Issue]:
    """A call or project pointing to a code that is not in Budget."""
    if "budget" not in ctx.tables:
        return []
    codes = ctx.first("budget")
    known = ", ".join(list(codes)[:20])
    issues = []
    for rec in ctx.records.get("calls", []):
        for code in filter(None, (rec.get("objective_codes") or "").split(";")):
            if code not in codes:
                issues.append(ctx.at("calls", rec, "objective_codes", "error", "unknown-objective", code, known=known))
    for rec in ctx.records.get("projects", []):
        code = rec.get("objective_code")
        if code not in codes:
            issues.append(ctx.at("projects", rec, "objective_code", "error", "unknown-objective", code, known=known))
    return issues


def unknown_calls(ctx: Context) -> list[Issue]:
    """A project pointing to a call that is not in Calls (an empty call is allowed)."""
    if "calls" not in ctx.tables:
        return []
    calls = ctx.first("calls")
    issues = []
    for rec in ctx.records.get("projects", []):
        call = rec.get("call_id") or ""
        if call and call not in calls:
            issues.append(ctx.at("projects", rec, "call_id", "error", "unknown-call", call))
    return issues


def unknown_projects(ctx: Context) -> list[Issue]:
    """A commitment, payment or forecast for a project that is not in Projects."""
    if "projects" not in ctx.tables:
        return []
    projects = ctx.first("projects")
    return [
        ctx.at(sheet, rec, "project_id", "error", "unknown-project", rec.get("project_id"))
        for sheet, rec in ctx.lines("commitments", "payments", "forecasts")
        if rec.get("project_id") not in projects
    ]


def lines_above_allocation(ctx: Context) -> list[Issue]:
    """One money line, or one project's grant, larger than the whole programme's allocation: a typo."""
    total = ctx.allocation()
    if not total:
        return []
    top = total + CENT
    issues = [
        ctx.at(sheet, rec, "amount", "error", "line-above-allocation", display(rec["amount"]), allocation=_money(total))
        for sheet, rec in ctx.lines("commitments", "payments", "forecasts")
        if rec["amount"] is not None and abs(rec["amount"]) > top
    ]
    for rec in ctx.records.get("projects", []):
        grant = (rec.get("eu_amount") or 0.0) + (rec.get("regional_amount") or 0.0)
        if grant > top:
            params = {"grant": _money(grant), "allocation": _money(total)}
            issues.append(
                ctx.at("projects", rec, "eu_amount", "error", "grant-above-allocation", rec.get("project_id"), **params)
            )
    return issues


# -- warnings ---------------------------------------------------------------------------------------
def end_before_start(ctx: Context) -> list[Issue]:
    """A project whose end date is before its start date."""
    issues = []
    for rec in ctx.records.get("projects", []):
        start, end = rec.get("start_date"), rec.get("end_date")
        if start and end and end < start:
            issues.append(
                ctx.at("projects", rec, "end_date", "warning", "end-before-start", display(end), start=_day(start))
            )
    return issues


def payments_after_eligibility(ctx: Context) -> list[Issue]:
    """A payment dated after the eligibility end date."""
    end = ctx.fields.get("eligibility_end")
    if not end:
        return []
    return [
        ctx.at("payments", rec, "date", "warning", "payment-after-eligibility", display(rec["date"]), end=_day(end))
        for rec in ctx.records.get("payments", [])
        if rec.get("date") and rec["date"] > end
    ]


def lines_before_programme(ctx: Context) -> list[Issue]:
    """A commitment or payment dated before 1 January of the programme's first year."""
    pid = ctx.fields.get("programme_id")
    if not pid:
        return []
    start = date(int(pid[:4]), 1, 1)
    return [
        ctx.at(
            sheet,
            rec,
            "date",
            "warning",
            "line-before-programme",
            display(rec["date"]),
            programme=pid,
            start=_day(start),
        )
        for sheet, rec in ctx.lines("commitments", "payments")
        if rec.get("date") and rec["date"] < start
    ]


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
    out: dict[str, float] = defaultdict(float)
    for rec in ctx.records.get(sheet, []):
        out[rec["project_id"]] += rec["amount"] or 0.0
    return out


def paid_above_committed(ctx: Context) -> list[Issue]:
    """A project's payments adding up to more than its commitments."""
    if "payments" not in ctx.tables:
        return []
    committed, projects = _totals(ctx, "commitments"), ctx.first("projects")
    return [
        ctx.on_sheet(
            "payments",
            "warning",
            "paid-above-committed",
            pid,
            paid=_money(amount),
            committed=_money(committed.get(pid, 0.0)),
        )
        for pid, amount in _totals(ctx, "payments").items()
        if pid in projects and amount > committed.get(pid, 0.0) + CENT
    ]


def committed_above_grant(ctx: Context) -> list[Issue]:
    """A project's commitments adding up to more than its grant (EU + regional amount)."""
    if "commitments" not in ctx.tables:
        return []
    issues = []
    for pid, amount in _totals(ctx, "commitments").items():
        grant = ctx.grant(pid)
        if grant is not None and amount > grant + CENT:
            issues.append(
                ctx.on_sheet(
                    "commitments",
                    "warning",
                    "committed-above-grant",
                    pid,
                    committed=_money(amount),
                    grant=_money(grant),
                )
            )
    return issues


def objectives_over_committed(ctx: Context) -> list[Issue]:
    """An objective's commitments (through its projects) adding up to more than its allocation."""
    if "commitments" not in ctx.tables:
        return []
    projects, codes = ctx.first("projects"), ctx.first("budget")
    by_objective: dict[str, float] = defaultdict(float)
    for pid, amount in _totals(ctx, "commitments").items():
        if pid in projects:
            by_objective[projects[pid].get("objective_code", "")] += amount
    issues = []
    for code, amount in by_objective.items():
        rec = codes.get(code)
        if rec is not None and rec.get("allocation") is not None and amount > rec["allocation"] + CENT:
            issues.append(
                ctx.at(
                    "budget",
                    rec,
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
    ctx.grant("")  # fills the grants
    grants = ctx._grants or {}
    issues = []
    for sheet, rec in ctx.lines("payments", "forecasts"):
        amount, grant = rec["amount"] or 0.0, grants.get(rec["project_id"])
        if grant is None or amount <= grant + CENT or abs(amount) > top:
            continue
        params = {"project": rec["project_id"], "grant": _money(grant)}
        issues.append(ctx.at(sheet, rec, "amount", "warning", "line-above-grant", display(amount), **params))
    return issues


def _pct(rate: float) -> dict[str, str]:
    return {lang: format_pct(rate, lang, 0 if rate >= 0.01 else 2) for lang in LANGS}


def implausible_allocations(ctx: Context) -> list[Issue]:
    """A Budget allocation far outside the programme's scale (a figure typed in thousands, 9 999 999 999 999 €):
    its EU amount does not fit the programme's EU rate (below a tenth of it, or above the allocation), or, where
    the rate says nothing, it is more than a hundred times the median allocation. One warning per line, on the
    allocation cell; every rate and total of the dashboard depends on it."""
    budget = [rec for rec in ctx.records.get("budget", []) if (rec.get("allocation") or 0.0) > 0]
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
        issues.append(ctx.at("budget", rec, "allocation", "warning", code, display(allocation), **params))
    return issues


def duplicate_lines(ctx: Context) -> list[Issue]:
    """The same money line twice (same project, date, amount and kind; for forecasts: project, year, amount)."""
    issues = []
    for sheet, cols in _LINE_KEYS.items():
        seen: dict[Any, Record] = {}
        line_key = itemgetter(*cols)
        found = 0
        for rec in ctx.records.get(sheet, []):
            key = line_key(rec)
            if key not in seen:
                seen[key] = rec
                continue
            found += 1
            if found <= MAX_PER_KIND:  # the rest are only counted (see at_most)
                issues.append(
                    ctx.at(
                        sheet,
                        rec,
                        "amount",
                        "warning",
                        "duplicate-line",
                        display(rec.get("amount")),
                        first_row=seen[key]["_row"],
                        project=rec.get("project_id"),
                    )
                )
        if found > MAX_PER_KIND:
            issues.append(
                ctx.on_sheet(sheet, "warning", "more-like-this", "", n=found - MAX_PER_KIND, kind="duplicate-line")
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
