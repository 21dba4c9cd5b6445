"""Every figure the dashboard, the Excel export and the committee slides show: the core's public API.

The computations live in small modules (``aggregate``, ``timeline``, ``exposure``); this
module gathers them, adds the headline KPI and :func:`dashboard_figures`. See
docs/core-api.md for the contract and docs/metrics.md for the definitions.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from monitoring.aggregate import COLUMNS, LEVELS, OUTSIDE_CALLS, level_table, selection_allocation, totals
from monitoring.exposure import decommitment_exposure, forecast_table, programme_years, tranche_deadline
from monitoring.model import ProgrammeData
from monitoring.prepared import as_of_day
from monitoring.status import Status, kpi_status, status_columns
from monitoring.thresholds import ForecastBands, Kpi, Thresholds
from monitoring.timeline import monthly_series, reporting_cutoffs, target_path, target_rate_at

__all__ = [
    "COLUMNS", "LEVELS", "OUTSIDE_CALLS", "ForecastBands", "Kpi", "Status",
    "level_table", "totals", "selection_allocation", "monthly_series", "target_path", "target_rate_at",
    "forecast_table", "decommitment_exposure", "programme_years", "tranche_deadline", "reporting_cutoffs",
    "with_status", "kpi_figures", "headline", "dashboard_figures",
]  # fmt: skip

_DONE = {"commitment": "committed", "consumption": "paid"}
_RATE = {"commitment": "commitment_rate", "consumption": "liquidation_rate"}


def with_status(table: pd.DataFrame, kpi: Kpi) -> pd.DataFrame:
    """``table`` (a level_table) with columns rag, next_threshold, gap for ``kpi`` (committed or paid vs allocation)."""
    st = status_columns(table[_DONE[kpi.key]].to_numpy(), table["allocation"].to_numpy(), kpi.red_below, kpi.green_from)
    return table.assign(
        rag=st["rag"].to_numpy(), next_threshold=st["next_threshold"].to_numpy(), gap=st["gap"].to_numpy()
    )


def kpi_figures(data: ProgrammeData, kpi: Kpi, as_of: date | None = None, *, total: dict | None = None) -> dict:
    """One KPI of the programme at ``as_of``: its rate, amount done, allocation, status, deadline and target today.

    Keys: kpi, rate (None without allocation), done (committed or paid), allocation, status
    (Status), days_to_deadline (negative once passed), target_rate_today, target_amount_today.
    """
    day = as_of_day(data, as_of)
    total = total if total is not None else totals(data, day)
    done, allocation = total[_DONE[kpi.key]], total["allocation"]
    target = target_rate_at(kpi, day)
    return {
        "kpi": kpi,
        "rate": total[_RATE[kpi.key]],
        "done": done,
        "allocation": allocation,
        "status": kpi_status(done, allocation, kpi),
        "days_to_deadline": (kpi.deadline - day).days,
        "target_rate_today": target,
        "target_amount_today": round(target * allocation, 2),
    }


def headline(data: ProgrammeData, thresholds: Thresholds, as_of: date | None = None) -> dict:
    """The programme's headline KPI (consumption for 2014-2020, commitment for 2021-2027) at ``as_of``; see :func:`kpi_figures`."""
    return kpi_figures(data, thresholds.headline(data.info.programme_id), as_of)


def dashboard_figures(data: ProgrammeData, thresholds: Thresholds, as_of: date | None = None) -> dict:
    """Everything the dashboard shows for one programme at ``as_of``, computed at once.

    Keys: programme_id, as_of, totals, headline, secondary (the other KPI, or None),
    objectives / calls / projects (level tables with the headline KPI's status columns),
    monthly (monthly_series), target (the headline KPI's target path), forecast
    (forecast_table with the thresholds' bands), decommitment, cutoffs.
    """
    day = as_of_day(data, as_of)
    pid = data.info.programme_id
    head = thresholds.headline(pid)
    second = thresholds.secondary(pid)
    total = totals(data, day)
    return {
        "programme_id": pid,
        "as_of": day,
        "totals": total,
        "headline": kpi_figures(data, head, day, total=total),
        "secondary": kpi_figures(data, second, day, total=total) if second is not None else None,
        "objectives": with_status(level_table(data, "objective", day), head),
        "calls": with_status(level_table(data, "call", day), head),
        "projects": with_status(level_table(data, "project", day), head),
        "monthly": monthly_series(data, day),
        "target": target_path(head, total["allocation"], day),
        "forecast": forecast_table(data, day, bands=thresholds.forecast),
        "decommitment": decommitment_exposure(data, day),
        "cutoffs": reporting_cutoffs(data),
    }
