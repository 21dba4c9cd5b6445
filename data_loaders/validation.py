"""Cross-sheet checks of a programme workbook: the links between sheets and the money that must add up.

Errors (the workbook is refused): a duplicate code, call or project id; a
project pointing to an unknown objective or call; a call naming an unknown
objective; a commitment, payment or forecast for an unknown project; a
negative allocation or call budget.

Warnings (the workbook loads, the staff member should look): payments above a
project's committed amount; commitments above a project's grant (EU +
regional) or above an objective's allocation; a payment dated after the
eligibility end date; a project ending before it starts.
"""

from __future__ import annotations

from collections import defaultdict

from i18n import LANGS, format_eur

from . import reader
from .issues import Issue
from .parsing import display

CENT = 0.005
_ID_COLUMN = {"budget": "code", "calls": "call_id", "projects": "project_id"}


def _money(amount: float) -> dict[str, str]:
    return {lang: format_eur(amount, lang) for lang in LANGS}


def _day(d) -> dict[str, str]:
    return {lang: d.strftime("%d/%m/%Y") for lang in LANGS}


def cross_checks(
    records: dict[str, list[dict]], tables: dict[str, reader.Table], fields: dict, file: str
) -> list[Issue]:
    """Every cross-sheet error and warning, in sheet order."""
    issues: list[Issue] = []

    def at(sheet: str, rec: dict, col: str, severity: str, code: str, value, **params) -> Issue:
        table = tables[sheet]
        return Issue(
            severity,
            code,
            file,
            sheet=table.sheet,
            row=rec["_row"],
            column=table.labels.get(col),
            value=value,
            params=params,
        )

    # duplicate ids: keep the first line, refuse the others
    known: dict[str, dict[str, dict]] = {}
    for sheet, col in _ID_COLUMN.items():
        seen: dict[str, dict] = {}
        for rec in records.get(sheet, []):
            key = rec.get(col)
            if key in seen:
                issues.append(
                    at(
                        sheet,
                        rec,
                        col,
                        "error",
                        "duplicate-id",
                        key,
                        first_row=seen[key]["_row"],
                        **reader.column_names(sheet, col),
                    )
                )
            else:
                seen[key] = rec
        known[sheet] = seen

    for sheet, cols in (("budget", ("allocation", "eu_amount")), ("calls", ("budget",))):
        for rec in records.get(sheet, []):
            for col in cols:
                v = rec.get(col)
                if v is not None and v < 0:
                    issues.append(at(sheet, rec, col, "error", "negative-allocation", display(v)))

    codes = known["budget"]
    known_list = ", ".join(list(codes)[:20])
    if "budget" in tables:
        for rec in records.get("calls", []):
            for code in filter(None, (rec.get("objective_codes") or "").split(";")):
                if code not in codes:
                    issues.append(
                        at("calls", rec, "objective_codes", "error", "unknown-objective", code, known=known_list)
                    )
        for rec in records.get("projects", []):
            if rec.get("objective_code") not in codes:
                issues.append(
                    at(
                        "projects",
                        rec,
                        "objective_code",
                        "error",
                        "unknown-objective",
                        rec.get("objective_code"),
                        known=known_list,
                    )
                )
    if "calls" in tables:
        for rec in records.get("projects", []):
            call = rec.get("call_id") or ""
            if call and call not in known["calls"]:
                issues.append(at("projects", rec, "call_id", "error", "unknown-call", call))
    projects = known["projects"]
    if "projects" in tables:
        for sheet in ("commitments", "payments", "forecasts"):
            for rec in records.get(sheet, []):
                if rec.get("project_id") not in projects:
                    issues.append(at(sheet, rec, "project_id", "error", "unknown-project", rec.get("project_id")))

    # warnings
    for rec in records.get("projects", []):
        start, end = rec.get("start_date"), rec.get("end_date")
        if start and end and end < start:
            issues.append(
                at("projects", rec, "end_date", "warning", "end-before-start", display(end), start=_day(start))
            )
    committed: dict[str, float] = defaultdict(float)
    paid: dict[str, float] = defaultdict(float)
    for rec in records.get("commitments", []):
        committed[rec["project_id"]] += rec.get("amount") or 0.0
    end = fields.get("eligibility_end")
    for rec in records.get("payments", []):
        paid[rec["project_id"]] += rec.get("amount") or 0.0
        if end and rec.get("date") and rec["date"] > end:
            issues.append(
                at("payments", rec, "date", "warning", "payment-after-eligibility", display(rec["date"]), end=_day(end))
            )
    if "payments" in tables:
        for pid, amount in paid.items():
            if pid in projects and amount > committed.get(pid, 0.0) + CENT:
                issues.append(
                    Issue(
                        "warning",
                        "paid-above-committed",
                        file,
                        sheet=tables["payments"].sheet,
                        value=pid,
                        params={"paid": _money(amount), "committed": _money(committed.get(pid, 0.0))},
                    )
                )
    by_objective: dict[str, float] = defaultdict(float)
    if "commitments" in tables:
        for pid, amount in committed.items():
            rec = projects.get(pid)
            if rec is None:
                continue
            by_objective[rec.get("objective_code", "")] += amount
            grant = (rec.get("eu_amount") or 0.0) + (rec.get("regional_amount") or 0.0)
            if amount > grant + CENT:
                issues.append(
                    Issue(
                        "warning",
                        "committed-above-grant",
                        file,
                        sheet=tables["commitments"].sheet,
                        value=pid,
                        params={"committed": _money(amount), "grant": _money(grant)},
                    )
                )
    for code, amount in by_objective.items():
        rec = codes.get(code)
        if rec is not None and rec.get("allocation") is not None and amount > rec["allocation"] + CENT:
            issues.append(
                at(
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
