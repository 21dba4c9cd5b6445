"""What an export is made of: the figures of one page, gathered by the caller (the UI's figure service).

The export package computes no figure: every amount, rate and status comes from the monitoring
core, through the same cached service the pages use. These dataclasses carry them, with what the
page shows around them (programme, selection, as-of date, language, the source files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, overload

import pandas as pd

from i18n import t
from monitoring.model import has_axes
from monitoring.status import Status
from monitoring.thresholds import Kpi

#: the pages an export reproduces
LEVELS = ("overview", "programme", "objective", "call", "project", "explorer")


@dataclass(frozen=True)
class Source:
    """A workbook the figures were read from, with its extract date."""

    file: str
    extract_date: date


@dataclass(frozen=True)
class Headline:
    """The headline KPI of the selection: its rate, status (words, threshold, gap) and the amounts it compares."""

    kpi: Kpi
    status: Status
    done: float
    allocation: float


@dataclass(frozen=True)
class PageExport:
    """Everything one page shows, for one workbook.

    ``level`` is the page ("programme", "objective", "call", "project", "explorer"); ``unit_key``
    and ``unit_label`` name the objective, call or project of the page. The frames are the core's
    (``level_table`` with rag columns, ``projects_table``, money lines, ``forecast_table``,
    ``decommitment_exposure``), already restricted to the page's selection; a frame left None
    gives no sheet. ``filters`` describes, in ``lang``, the explorer's search, filters and sort.
    """

    lang: str
    level: str
    programme_id: str
    cci: str
    programme_title: str
    as_of: date
    exported_at: datetime
    headline: Headline
    totals: Mapping[str, Any]
    sources: tuple[Source, ...] = ()
    demo: bool = False
    unit_key: str | None = None
    unit_label: str | None = None
    objectives: pd.DataFrame | None = None
    calls: pd.DataFrame | None = None
    projects: pd.DataFrame | None = None
    payments: pd.DataFrame | None = None
    commitments: pd.DataFrame | None = None
    forecasts: pd.DataFrame | None = None
    decommitment: pd.DataFrame | None = None
    filters: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown export level {self.level!r}, expected one of {', '.join(LEVELS)}")

    @property
    def axes(self) -> bool:
        """2014-2020 has priority axes; 2021-2027 specific objectives."""
        return has_axes(self.programme_id)


@dataclass(frozen=True)
class ObjectiveSheet:
    """One objective of a committee pack: its row of the objective table, its calls and its projects."""

    code: str
    label: str
    row: Mapping[str, Any]
    status: Status
    calls: pd.DataFrame
    projects: pd.DataFrame


@dataclass(frozen=True)
class CommitteePack:
    """The monitoring committee's annex: the programme's summary and one sheet per objective."""

    summary: PageExport
    objectives: tuple[ObjectiveSheet, ...]


def money_lines(
    lines: pd.DataFrame, project_ids: pd.Series | list[str], as_of: date, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The commitment or payment lines of ``project_ids`` dated on or before ``as_of``, by date then project.

    ``lines`` is a Commitments or Payments frame of the data model; the result adds the project's
    ``name`` (from ``names``) and keeps the order of the sheet for lines of the same day and project.
    A listing, not a figure: the amounts are the lines' own.
    """
    ids = pd.Index(pd.Series(project_ids, dtype=object).unique())
    keep = lines["project_id"].isin(ids) & (lines["date"] <= pd.Timestamp(as_of))
    out = lines.loc[keep].copy()
    out["name"] = out["project_id"].map(dict(names or {})).fillna("")
    out["_pos"] = range(len(out))
    out = out.sort_values(["date", "project_id", "_pos"], kind="stable").drop(columns="_pos")
    return out.reset_index(drop=True)


@overload
def with_progress_words(projects: pd.DataFrame, lang: str) -> pd.DataFrame: ...
@overload
def with_progress_words(projects: None, lang: str) -> None: ...
def with_progress_words(projects: pd.DataFrame | None, lang: str) -> pd.DataFrame | None:
    """The projects frame with a ``progress`` column: each project's own status in words (its stage and its
    forecast, from ``projects_table``'s ``status``), in ``lang``."""
    if projects is None or "status" not in projects.columns:
        return projects
    years = projects["last_year"] if "last_year" in projects.columns else pd.Series([None] * len(projects))
    words = [
        t(f"project_status.{status}", lang, year="" if year is None or pd.isna(year) else str(int(year)))
        for status, year in zip(projects["status"], years, strict=True)
    ]
    return projects.assign(progress=words)


def forecast_state_word(state: str, rag: str, forecast: float, lang: str) -> str:
    """A forecast year's standing in the project's own words: a completed year met / nearly met / missed, the
    current one on time / slightly behind / behind (or not started yet), a future year to come. Never the
    programme's threshold words: a project is not judged on the programme's threshold."""
    if state == "future":
        return t("forecast_state.future.na", lang)
    if state == "current" and (rag != "na" or forecast > 0):
        return t("forecast_state.current." + rag, lang)
    return t("forecast_state.completed." + rag, lang)


@overload
def with_forecast_words(forecasts: pd.DataFrame, lang: str) -> pd.DataFrame: ...
@overload
def with_forecast_words(forecasts: None, lang: str) -> None: ...
def with_forecast_words(forecasts: pd.DataFrame | None, lang: str) -> pd.DataFrame | None:
    """The forecasts frame (``forecast_table``) with a ``state_word`` column: each year's standing in ``lang``."""
    if forecasts is None or "year_state" not in forecasts.columns:
        return forecasts
    words = [
        forecast_state_word(str(s), str(r), float(f), lang)
        for s, r, f in zip(forecasts["year_state"], forecasts["rag"], forecasts["forecast"], strict=True)
    ]
    return forecasts.assign(state_word=words)
