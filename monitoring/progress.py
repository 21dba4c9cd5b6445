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

At a past as-of date the stage is replayed from the project's dates (selection, agreement, start,
closure: :meth:`monitoring.prepared.Prepared.stages_at`): a project selected later is "not selected
yet", not "in progress". A closed or cancelled project is never rated on its forecast: its word is
its stage (docs/metrics.md, "A project's status").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from i18n import format_eur, format_pct, t
from monitoring.exposure import forecast_table
from monitoring.model import ProgrammeData
from monitoring.prepared import as_of_day, prepare
from monitoring.status import format_rate
from monitoring.thresholds import DEFAULT_BANDS, ForecastBands

#: the status keys: stage words, then the words of a signed / ongoing project
STATUS_KEYS = (
    "not_selected",
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


def _words(rags: npt.NDArray[np.object_], table: dict[str, str]) -> npt.NDArray[np.object_]:
    return np.array([table.get(r, "no_forecast") for r in rags], dtype=object)


def project_status_table(
    data: ProgrammeData, as_of: date | None = None, *, bands: ForecastBands = DEFAULT_BANDS
) -> pd.DataFrame:
    """One row per project of the Projects sheet (in its order): its status at ``as_of``; columns STATUS_COLUMNS.

    current_*: the current year's forecast, the share of it expected by ``as_of``, the payments
    so far, their ratio and rag (None / "na" without a forecast for the year); last_*: the latest
    completed year with a non-zero forecast; worst_*: the completed year with the lowest ratio.
    """
    day = as_of_day(data, as_of)
    memo = prepare(data).memo
    key = ("project_status_table", day, bands)
    if key not in memo:
        if len(memo) > 64:
            memo.clear()
        memo[key] = _status_table(data, day, bands)
    table: pd.DataFrame = memo[key]
    return table.copy()


def _status_table(data: ProgrammeData, day: date, bands: ForecastBands) -> pd.DataFrame:
    f = forecast_table(data, day, bands=bands)
    f = f[f["forecast"] > 0]
    cur = f[f["year_state"] == "current"].drop_duplicates("project_id")
    cur = cur[["project_id", "forecast", "expected", "paid", "expected_ratio", "rag"]].set_axis(
        ["project_id", "current_forecast", "current_expected", "current_paid", "current_ratio", "current_rag"], axis=1
    )
    done = f[f["year_state"] == "completed"]
    last = done.sort_values(["project_id", "year"]).groupby("project_id").tail(1)
    last = last[["project_id", "year", "forecast", "paid", "ratio", "rag"]].set_axis(
        ["project_id", "last_year", "last_forecast", "last_paid", "last_ratio", "last_rag"], axis=1
    )
    worst = done.sort_values(["project_id", "expected_ratio", "year"]).groupby("project_id").head(1)
    worst = worst[["project_id", "year", "ratio", "rag"]].set_axis(
        ["project_id", "worst_year", "worst_ratio", "worst_rag"], axis=1
    )
    prep = prepare(data)
    ident = pd.DataFrame({"project_id": prep.project_ids, "stage": prep.stages_at(day)})
    out = (
        ident.merge(cur, on="project_id", how="left")
        .merge(last, on="project_id", how="left")
        .merge(worst, on="project_id", how="left")
    )
    has_cur = out["current_rag"].notna().to_numpy()
    has_last = out["last_rag"].notna().to_numpy()
    stage = out["stage"].to_numpy(dtype=object)
    cur_rag = out["current_rag"].fillna("na").to_numpy(dtype=object)
    last_rag = out["last_rag"].fillna("na").to_numpy(dtype=object)
    by_stage = np.isin(stage, ["", "selected", "closed", "cancelled"])
    status = np.select(
        [by_stage, has_cur & (cur_rag == "na"), has_cur, has_last & (last_rag != "na")],
        [
            np.where(stage == "", "not_selected", stage),
            "not_started",
            np.vectorize(lambda r: _CURRENT.get(r, "no_forecast"), otypes=[object])(cur_rag)
            if len(cur_rag)
            else cur_rag,
            np.vectorize(lambda r: _LAST.get(r, "no_forecast"), otypes=[object])(last_rag)
            if len(last_rag)
            else last_rag,
        ],
        "no_forecast",
    ).astype(object)
    judged = np.isin(status, [*_CURRENT.values(), *_LAST.values()])
    rag = np.where(judged, np.where(has_cur & ~by_stage, cur_rag, last_rag), "na").astype(object)
    out["status"] = status
    out["rag"] = rag
    out["current_year"] = pd.array([day.year if h else pd.NA for h in has_cur], dtype="Int64")
    for col in ("current_rag", "last_rag", "worst_rag"):
        out[col] = out[col].fillna("na").astype(object)
    for col in ("last_year", "worst_year"):
        out[col] = out[col].astype("Int64")
    for col in ("current_forecast", "current_expected", "current_paid", "current_ratio", "last_forecast"):
        out[col] = out[col].astype("float64")
    for col in ("last_paid", "last_ratio", "worst_ratio"):
        out[col] = out[col].astype("float64")
    return out[STATUS_COLUMNS].reset_index(drop=True)


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
