"""The core's public API: every figure the dashboard shows, gathered from the computing modules.

The computations live in small modules (``aggregate``, ``timeline``, ``exposure``); this
module gathers them, adds the headline KPI and :func:`dashboard_figures`. See
docs/core-api.md for the contract and docs/metrics.md for the definitions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from monitoring.aggregate import (
    COLUMNS,
    LEVELS,
    OUTSIDE_CALLS,
    call_allocation_gap,
    level_table,
    rows_totals,
    selection_allocation,
    totals,
)
from monitoring.details import (
    budget_versions,
    call_milestones,
    call_objective_codes,
    call_title,
    display_name,
    objective_label,
    project_lines,
    project_name,
    projects_table,
    replay_limits,
    shared_calls,
    unrated_calls,
)
from monitoring.exposure import (
    EXPOSURE_COLUMNS,
    decommitment_exposure,
    decommitment_sources,
    forecast_table,
    programme_years,
    tranche_deadline,
    unforecast_payments,
)
from monitoring.model import ProgrammeData
from monitoring.prepared import as_of_day
from monitoring.progress import ProjectStatus, project_status, project_status_table
from monitoring.status import (
    RateDisplay,
    Status,
    displayed_rate,
    format_rate,
    kpi_status,
    plain_shown,
    shown_text,
    started,
    with_rag,
    with_shown_rates,
)
from monitoring.thresholds import KPI_AMOUNT, KPI_RATE, DecommitmentRule, ForecastBands, Kpi, Thresholds
from monitoring.timeline import monthly_series, reporting_cutoffs, step_series, target_path, target_rate_at

__all__ = [
    "COLUMNS",
    "EXPOSURE_COLUMNS",
    "LEVELS",
    "OUTSIDE_CALLS",
    "DecommitmentRule",
    "ForecastBands",
    "Kpi",
    "ProjectStatus",
    "RateDisplay",
    "Status",
    "budget_versions",
    "call_allocation_gap",
    "call_milestones",
    "call_objective_codes",
    "call_title",
    "dashboard_figures",
    "decommitment_exposure",
    "decommitment_sources",
    "display_name",
    "displayed_rate",
    "forecast_table",
    "format_rate",
    "headline",
    "kpi_figures",
    "level_table",
    "monthly_series",
    "objective_label",
    "plain_shown",
    "programme_years",
    "project_lines",
    "project_name",
    "project_status",
    "project_status_table",
    "projects_table",
    "replay_limits",
    "reporting_cutoffs",
    "rows_totals",
    "selection_allocation",
    "shared_calls",
    "shown_text",
    "started",
    "step_series",
    "target_path",
    "target_rate_at",
    "totals",
    "tranche_deadline",
    "unforecast_payments",
    "unrated_calls",
    "with_rag",
    "with_shown_rates",
]  # fmt: skip


def kpi_figures(
    data: ProgrammeData, kpi: Kpi, as_of: date | None = None, *, total: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One KPI of the programme at ``as_of``: its rate, amount done, allocation, status, deadline and target today.

    Keys: kpi, rate (None without allocation), done (committed or paid), allocation, status
    (Status), days_to_deadline (negative once passed), target_rate_today, target_amount_today.
    """
    day = as_of_day(data, as_of)
    total = total if total is not None else totals(data, day)
    done, allocation = total[KPI_AMOUNT[kpi.key]], total["allocation"]
    target = target_rate_at(kpi, day)
    return {
        "kpi": kpi,
        "rate": total[KPI_RATE[kpi.key]],
        "done": done,
        "allocation": allocation,
        "status": kpi_status(done, allocation, kpi, day),
        "days_to_deadline": (kpi.deadline - day).days,
        "target_rate_today": target,
        "target_amount_today": round(target * allocation, 2),
    }


def headline(data: ProgrammeData, thresholds: Thresholds, as_of: date | None = None) -> dict[str, Any]:
    """The headline KPI (consumption for 2014-2020, commitment for 2021-2027) at ``as_of``; see :func:`kpi_figures`."""
    return kpi_figures(data, thresholds.headline(data.info.programme_id), as_of)


def dashboard_figures(data: ProgrammeData, thresholds: Thresholds, as_of: date | None = None) -> dict[str, Any]:
    """Everything the dashboard shows for one programme at ``as_of``, computed at once.

    Keys: programme_id, as_of, totals, headline, secondary (the other KPI, or None),
    objectives / calls (level tables with the headline KPI's rag columns), projects
    (projects_table: each project's own status, not the KPI's), monthly (monthly_series),
    target (the headline KPI's target path), forecast (forecast_table with the thresholds'
    bands), decommitment (with the thresholds' decommitment rule), decommitment_sources, cutoffs.
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
        "objectives": with_rag(level_table(data, "objective", day), head, day),
        "calls": with_rag(level_table(data, "call", day), head, day),
        "projects": projects_table(data, day, bands=thresholds.forecast),
        "monthly": monthly_series(data, day),
        "target": target_path(head, total["allocation"], day),
        "forecast": forecast_table(data, day, bands=thresholds.forecast),
        "decommitment": decommitment_exposure(data, day, thresholds.decommitment(pid)),
        "decommitment_sources": decommitment_sources(data),
        "cutoffs": reporting_cutoffs(data),
    }
