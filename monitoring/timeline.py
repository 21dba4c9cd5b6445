"""Figures over time: cumulative monthly series, the straight target path, the reporting cut-offs."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from monitoring.aggregate import totals
from monitoring.model import ProgrammeData
from monitoring.money import ratio
from monitoring.prepared import Prepared, as_of_day, prepare
from monitoring.thresholds import Kpi

#: Cut-off dates of the financial data sent to the Commission five times a year (month, day).
CUTOFFS = ((1, 31), (4, 30), (7, 31), (9, 30), (11, 30))


def _month_number(days: np.ndarray) -> np.ndarray:
    """Months since January 1970 of datetime64 values."""
    return days.astype("datetime64[M]").astype("int64")


def _month_ends(first: int, last: int) -> pd.DatetimeIndex:
    """Month-end days of months ``first``..``last`` (months since January 1970)."""
    starts_next = (np.arange(first, last + 1) + 1).astype("datetime64[M]").astype("datetime64[D]")
    return pd.DatetimeIndex((starts_next - np.timedelta64(1, "D")).astype("datetime64[ns]"))


def monthly_series(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
) -> pd.DataFrame:
    """Cumulative committed and paid amounts at each month end, with their rates against the selection's allocation.

    Months run from the month of the selection's first commitment or payment line to the
    month of ``as_of`` (the last point counts lines up to ``as_of`` itself). Columns: month
    (month-end Timestamp), committed, paid, commitment_rate, liquidation_rate. With a dated
    Budget (programme versions), the rates of the programme and of an objective are measured
    against the allocation in force at each point (at ``as_of`` for the last one).
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    limit = np.datetime64(day, "ns")
    sel = prep.mask(objective, call, project)
    last = int(_month_number(np.array([limit]))[0])
    picked = []
    for lines in (prep.commitments, prep.payments):
        keep = sel[lines["pos"]] & (lines["day"] <= limit)
        picked.append((_month_number(lines["day"][keep]), lines["cents"][keep]))
    starts = [int(m.min()) for m, _ in picked if len(m)]
    first = min(starts) if starts else last
    cumulative = []
    for months, cents in picked:
        per_month = np.bincount(months - first, weights=cents, minlength=last - first + 1)
        cumulative.append(np.rint(np.cumsum(per_month)).astype("int64"))
    ends = _month_ends(first, last)
    if data.has_budget_versions and call is None and project is None:
        points = [*(m.date() for m in ends[:-1]), day]
        alloc = np.array([_budget_allocation_c(prep, d, objective) for d in points], dtype="int64")
    else:
        alloc_c = round(totals(data, day, objective=objective, call=call, project=project)["allocation"] * 100)
        alloc = np.full(last - first + 1, alloc_c, dtype="int64")
    return pd.DataFrame(
        {
            "month": ends,
            "committed": cumulative[0] / 100,
            "paid": cumulative[1] / 100,
            "commitment_rate": ratio(cumulative[0], alloc),
            "liquidation_rate": ratio(cumulative[1], alloc),
        }
    )


def _budget_allocation_c(prep: Prepared, day: date, objective: str | None) -> int:
    rows = prep.budget_at(day)
    keep = np.ones(len(rows), dtype=bool) if objective is None else rows.code == objective
    return int(rows.alloc_c[keep].sum())


def step_series(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
) -> pd.DataFrame:
    """Cumulative committed and paid amounts after each day that has a money line, and at ``as_of``.

    One row per such day (so the series stays small at national scale: a day, not a line), drawn as
    steps: the amounts change on those days and nowhere else. Columns: day (Timestamp), committed,
    paid (euros, cumulative, lines dated on or before the day).
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    limit = np.datetime64(day, "ns")
    sel = prep.mask(objective, call, project)
    picked = []
    for lines in (prep.commitments, prep.payments):
        keep = sel[lines["pos"]] & (lines["day"] <= limit)
        picked.append((lines["day"][keep].astype("datetime64[D]"), lines["cents"][keep]))
    days = np.unique(np.concatenate([d for d, _ in picked] + [np.array([np.datetime64(day, "D")])]))
    cumulative = []
    for d, cents in picked:
        idx = np.searchsorted(days, d)
        per_day = np.bincount(idx, weights=cents, minlength=len(days))
        cumulative.append(np.rint(np.cumsum(per_day)).astype("int64"))
    return pd.DataFrame(
        {
            "day": pd.DatetimeIndex(days.astype("datetime64[ns]")),
            "committed": cumulative[0] / 100,
            "paid": cumulative[1] / 100,
        }
    )


def target_rate_at(kpi: Kpi, day: date) -> float:
    """The target path's rate on ``day``: 0 at kpi.start, straight up to kpi.red_below at kpi.deadline, flat after."""
    day = pd.Timestamp(day).date()
    span = (kpi.deadline - kpi.start).days
    elapsed = min(max((day - kpi.start).days, 0), span)
    return kpi.red_below * elapsed / span


def target_path(kpi: Kpi, allocation: float, as_of: date | None = None) -> pd.DataFrame:
    """The straight target path: 0 % at kpi.start, kpi.red_below at kpi.deadline.

    Points: kpi.start, then every month end up to the deadline's month (or ``as_of``'s month
    if later; the path stays flat after the deadline). Columns: month, target_rate,
    target_amount (target_rate × allocation, rounded to the cent).
    """
    end = kpi.deadline if as_of is None else max(kpi.deadline, pd.Timestamp(as_of).date())
    first = int(_month_number(np.array([np.datetime64(kpi.start, "D")]))[0])
    last = int(_month_number(np.array([np.datetime64(end, "D")]))[0])
    months = _month_ends(first, last)
    points = pd.DatetimeIndex([pd.Timestamp(kpi.start)]).append(months[months > pd.Timestamp(kpi.start)])
    span = (kpi.deadline - kpi.start).days
    elapsed = (
        (points.to_numpy() - np.datetime64(kpi.start, "ns")).astype("timedelta64[D]").astype("int64").clip(0, span)
    )
    rate = kpi.red_below * elapsed / span
    return pd.DataFrame({"month": points, "target_rate": rate, "target_amount": np.round(rate * allocation, 2)})


def reporting_cutoffs(data: ProgrammeData) -> list[date]:
    """Reporting cut-offs (31/1, 30/4, 31/7, 30/9, 30/11) from the first dated line to the extract date, and it."""
    as_of = as_of_day(data, None)
    prep = prepare(data)
    days = np.concatenate([prep.commitments["day"], prep.payments["day"]])
    days = days[~np.isnat(days)]
    if len(days) == 0:
        return [as_of]
    first = pd.Timestamp(days.min()).date()
    out = [
        date(y, m, d) for y in range(first.year, as_of.year + 1) for m, d in CUTOFFS if first <= date(y, m, d) <= as_of
    ]
    if not out or out[-1] != as_of:
        out.append(as_of)
    return out
