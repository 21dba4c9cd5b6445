"""A project's status from its own stage and forecast, never from the programme's threshold.

A selected project whose agreement is not signed, a closed one and a cancelled one each have
their word. A signed or ongoing project is judged on its own forecast of payments, by the 80/90
rule (red below 80 %, green from 90 %, configurable in ``[forecast]``): the administration's rule
for its urban-policy grants ("Politique de la Ville"), borrowed for ERDF projects (docs/DOMAIN.md).

* the **current year**: its payments so far against the time-proportional share of its forecast
  (``forecast_table``'s ``expected``): "in progress — on time / slightly behind / behind";
* the **latest completed year** with a forecast: its payments against the whole forecast; the
  **worst completed year** is given beside it;
* with no forecast for the current year, the status is the latest completed year's; with no
  forecast at all, "no forecast"; a project whose start (start date, else agreement date) is
  still to come this year is "not started yet", not late.

The stage is the Projects sheet's, which is not historised: at a past as-of date it is still the
stage at the extract date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from i18n import format_eur, format_pct, t
from monitoring.exposure import forecast_table
from monitoring.model import ProgrammeData
from monitoring.prepared import as_of_day
from monitoring.status import format_rate
from monitoring.thresholds import DEFAULT_BANDS, ForecastBands

#: the status keys: stage words, then the words of a signed / ongoing project
STATUS_KEYS = (
    "selected",
    "closed",
    "cancelled",
    "on_time",
    "slightly_late",
    "late",
    "last_year_reached",
    "last_year_short",
    "last_year_missed",
    "no_forecast",
    "not_started",
)
_CURRENT = {"green": "on_time", "orange": "slightly_late", "red": "late"}
_LAST = {"green": "last_year_reached", "orange": "last_year_short", "red": "last_year_missed"}

#: columns of project_status_table, in order
STATUS_COLUMNS = [
    "project_id", "stage", "status", "rag",
    "current_year", "current_forecast", "current_expected", "current_paid", "current_ratio", "current_rag",
    "last_year", "last_forecast", "last_paid", "last_ratio", "last_rag",
    "worst_year", "worst_ratio", "worst_rag",
]  # fmt: skip


@dataclass(frozen=True)
class ProjectStatus:
    """One project's status: its stage, its word, its colour and the figures behind it."""

    project_id: str
    stage: str
    status: str  # one of STATUS_KEYS
    rag: str  # "red" | "orange" | "green" | "na" (stage words are "na": neither good nor bad)
    bands: ForecastBands = DEFAULT_BANDS
    current_year: int | None = None
    current_forecast: float | None = None
    current_expected: float | None = None
    current_paid: float | None = None
    current_ratio: float | None = None  # current_paid / current_expected
    current_rag: str = "na"
    last_year: int | None = None
    last_forecast: float | None = None
    last_paid: float | None = None
    last_ratio: float | None = None
    last_rag: str = "na"
    worst_year: int | None = None
    worst_ratio: float | None = None
    worst_rag: str = "na"

    def label(self, lang: str) -> str:
        """The status in words: fr "En cours — en retard", nl "Lopend — achterstand", en "In progress — behind"."""
        return t(f"project_status.{self.status}", lang, year=self.last_year or "")

    def _pct(self, rate: float | None, lang: str) -> str:
        return format_rate(rate, (self.bands.red_below, self.bands.green_from), lang)

    def describe(self, lang: str) -> list[str]:
        """The figures behind the status, one sentence each (current year, latest and worst completed years)."""
        out: list[str] = []
        if self.status == "not_started" and self.current_year is not None:
            out.append(
                t(
                    "project_progress.not_started",
                    lang,
                    year=self.current_year,
                    forecast=format_eur(self.current_forecast, lang),
                )
            )
        elif self.current_year is not None and self.current_expected is not None:
            out.append(
                t(
                    "project_progress.current",
                    lang,
                    year=self.current_year,
                    paid=format_eur(self.current_paid, lang),
                    expected=format_eur(self.current_expected, lang),
                    forecast=format_eur(self.current_forecast, lang),
                    pct=self._pct(self.current_ratio, lang),
                )
            )
        if self.last_year is not None:
            out.append(
                t(
                    "project_progress.last",
                    lang,
                    year=self.last_year,
                    paid=format_eur(self.last_paid, lang),
                    forecast=format_eur(self.last_forecast, lang),
                    pct=self._pct(self.last_ratio, lang),
                )
            )
        if self.worst_year is not None and self.worst_year != self.last_year:
            out.append(t("project_progress.worst", lang, year=self.worst_year, pct=self._pct(self.worst_ratio, lang)))
        return out

    def rule_note(self, lang: str) -> str:
        """Where the 80/90 rule comes from, with the bands in use."""
        return t(
            "project_progress.rule",
            lang,
            red=format_pct(self.bands.red_below, lang, 0),
            green=format_pct(self.bands.green_from, lang, 0),
        )


def _none(x: object) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)  # type: ignore[arg-type]


def project_status_table(
    data: ProgrammeData, as_of: date | None = None, *, bands: ForecastBands = DEFAULT_BANDS
) -> pd.DataFrame:
    """One row per project of the Projects sheet (in its order): its status at ``as_of``; columns STATUS_COLUMNS.

    current_*: the current year's forecast, the share of it expected by ``as_of``, the payments
    so far, their ratio and rag (None / "na" without a forecast for the year); last_*: the latest
    completed year with a non-zero forecast; worst_*: the completed year with the lowest ratio.
    """
    day = as_of_day(data, as_of)
    f = forecast_table(data, day, bands=bands)
    f = f[f["forecast"] > 0]
    cur = f[f["year_state"] == "current"].set_index("project_id")
    done = f[f["year_state"] == "completed"].sort_values(["project_id", "year"])
    last = done.groupby("project_id").tail(1).set_index("project_id")
    by_ratio = done.sort_values(["project_id", "expected_ratio", "year"])
    worst = by_ratio.groupby("project_id").head(1).set_index("project_id")
    p = data.projects
    rows = []
    for pid, stage in zip(p["project_id"], p["stage"], strict=True):
        c = cur.loc[pid] if pid in cur.index else None
        lr = last.loc[pid] if pid in last.index else None
        w = worst.loc[pid] if pid in worst.index else None
        if stage in ("selected", "closed", "cancelled"):
            status, rag = stage, "na"
        elif c is not None and c["rag"] == "na":  # a forecast for the year, but the project starts later
            status, rag = "not_started", "na"
        elif c is not None:
            status, rag = _CURRENT[c["rag"]], str(c["rag"])
        elif lr is not None:
            status, rag = _LAST.get(lr["rag"], "no_forecast"), str(lr["rag"])
        else:
            status, rag = "no_forecast", "na"
        if status == "no_forecast":
            rag = "na"
        rows.append(
            {
                "project_id": pid,
                "stage": stage,
                "status": status,
                "rag": rag,
                "current_year": day.year if c is not None else None,
                "current_forecast": None if c is None else c["forecast"],
                "current_expected": None if c is None else c["expected"],
                "current_paid": None if c is None else c["paid"],
                "current_ratio": None if c is None else c["expected_ratio"],
                "current_rag": "na" if c is None else c["rag"],
                "last_year": None if lr is None else int(lr["year"]),
                "last_forecast": None if lr is None else lr["forecast"],
                "last_paid": None if lr is None else lr["paid"],
                "last_ratio": None if lr is None else lr["ratio"],
                "last_rag": "na" if lr is None else lr["rag"],
                "worst_year": None if w is None else int(w["year"]),
                "worst_ratio": None if w is None else w["ratio"],
                "worst_rag": "na" if w is None else w["rag"],
            }
        )
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    for col in ("current_year", "last_year", "worst_year"):
        out[col] = out[col].astype("Int64")
    for col in ("current_forecast", "current_expected", "current_paid", "current_ratio", "last_forecast"):
        out[col] = out[col].astype("float64")
    for col in ("last_paid", "last_ratio", "worst_ratio"):
        out[col] = out[col].astype("float64")
    return out


def project_status(
    data: ProgrammeData, project_id: str, as_of: date | None = None, *, bands: ForecastBands = DEFAULT_BANDS
) -> ProjectStatus:
    """The status of one project (see :func:`project_status_table`); KeyError for an unknown project."""
    table = project_status_table(data, as_of, bands=bands)
    rows = table[table["project_id"] == project_id]
    if rows.empty:
        raise KeyError(f"no project {project_id!r} in programme {data.info.programme_id}")
    r = rows.iloc[0]

    def year(x: object) -> int | None:
        return None if x is pd.NA or x is None or (isinstance(x, float) and np.isnan(x)) else int(x)  # type: ignore[call-overload]

    return ProjectStatus(
        project_id=project_id,
        stage=str(r["stage"]),
        status=str(r["status"]),
        rag=str(r["rag"]),
        bands=bands,
        current_year=year(r["current_year"]),
        current_forecast=_none(r["current_forecast"]),
        current_expected=_none(r["current_expected"]),
        current_paid=_none(r["current_paid"]),
        current_ratio=_none(r["current_ratio"]),
        current_rag=str(r["current_rag"]),
        last_year=year(r["last_year"]),
        last_forecast=_none(r["last_forecast"]),
        last_paid=_none(r["last_paid"]),
        last_ratio=_none(r["last_ratio"]),
        last_rag=str(r["last_rag"]),
        worst_year=year(r["worst_year"]),
        worst_ratio=_none(r["worst_ratio"]),
        worst_rag=str(r["worst_rag"]),
    )
