"""Each chart's text alternative: the figures it draws, in sentences of the page's language.

A chart is a picture; a screen reader, a keyboard user and a committee member reading the printed
page get the same figures in words ("2.1 Énergie : 68,6 % engagé — À surveiller"), under the chart
(:func:`ui.components.in_words`). The sentences are made from the rows the page's grids already
show, so the words, the grid and the chart never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from i18n import NA, format_date, format_eur, format_pct, t
from monitoring.status import Status, format_rate
from monitoring.thresholds import KPI_AMOUNT, KPI_RATE, Kpi

from .chart_limits import TOP_BARS, others, top_indices


def _measure(kpi: Kpi, lang: str) -> str:
    """'engagé' / 'vastgelegd' / 'committed' or 'liquidé' / 'vereffend' / 'paid': what the KPI's rate counts."""
    return t(KPI_AMOUNT[kpi.key], lang).lower()


def units(rows: Iterable[Mapping[str, Any]], kpi: Kpi, lang: str, limit: int = TOP_BARS) -> list[str]:
    """One sentence per bar of an objective or call chart, from the grid's rows (code, label, rate text, status).

    Beyond ``limit`` rows, as the chart (``ui.charts.level_bars``): the ``limit - 1`` largest allocations, then one
    sentence for the others added up (their rate of the sums; each one's figures are in the grid).
    """
    rows = list(rows)
    col = f"{KPI_RATE[kpi.key]}_text"
    kept = top_indices([r.get("allocation") for r in rows], limit)
    shown = rows if kept is None else [rows[i] for i in kept]
    sentences = [
        t(
            "chart_words.unit",
            lang,
            unit=" ".join(str(x) for x in (r.get("code"), r.get("label")) if x and x != "–"),
            rate=r[col],
            measure=_measure(kpi, lang),
            status=r["rag_label"],
        )
        for r in shown
    ]
    if kept is not None:
        rest = others(rows, kept)
        amount = KPI_AMOUNT[kpi.key]
        rate = rest[KPI_RATE[kpi.key]]
        sentences.append(
            t(
                "chart_words.others",
                lang,
                n=rest["n"],
                rate=format_pct(rate, lang) if not math.isnan(rate) else NA,
                measure=_measure(kpi, lang),
                amount=format_eur(rest[amount], lang),
                allocation=format_eur(rest["allocation"], lang),
            )
        )
    return sentences


def gauge(kpi: Kpi, rate_text: str, status_label: str, lang: str) -> list[str]:
    """The gauge: the KPI's rate against its threshold, and its status."""
    return [
        t(
            "chart_words.gauge",
            lang,
            kpi=t("kpi." + kpi.key, lang),
            rate=rate_text,
            threshold=format_pct(kpi.red_below, lang, 0),
            status=status_label,
        )
    ]


def cumulative(series: pd.DataFrame, allocation: float, lang: str) -> list[str]:
    """The cumulative chart: committed and paid at the last day drawn, against the allocation."""
    if series.empty:
        return []
    last = series.iloc[-1]
    day = pd.Timestamp(last["day"]).date()
    return [
        t(
            "chart_words.cumulative",
            lang,
            date=format_date(day, lang),
            committed=format_eur(float(last["committed"]), lang),
            paid=format_eur(float(last["paid"]), lang),
            allocation=format_eur(float(allocation), lang),
        )
    ]


def sparkline(
    series: pd.DataFrame,
    rate_col: str,
    lang: str,
    *,
    kpi: Kpi | None = None,
    status: Status | None = None,
    as_of: date | None = None,
) -> list[str]:
    """The rate over time: its first and last month end, written by the display rule (never across the KPI's
    thresholds; the last point on the as-of day is the headline's own figure, beside its status)."""
    s = series.dropna(subset=[rate_col]) if rate_col in series.columns else series.iloc[0:0]
    if s.empty:
        return []
    first, last = s.iloc[0], s.iloc[-1]
    bands = (kpi.red_below, kpi.green_from) if kpi is not None and rate_col == KPI_RATE[kpi.key] else ()
    last_day = pd.Timestamp(last["month"]).date()
    if status is not None and bands and as_of is not None and last_day == as_of:
        last_text = status.rate_text(lang)
    else:
        last_text = format_rate(float(last[rate_col]), bands, lang)
    return [
        t(
            "chart_words.sparkline",
            lang,
            first=format_rate(float(first[rate_col]), bands, lang),
            start=format_date(pd.Timestamp(first["month"]).date(), lang),
            last=last_text,
            end=format_date(last_day, lang),
        )
    ]


def stages(counts: Mapping[str, int], lang: str) -> list[str]:
    """The donut: how many projects at each stage."""
    return [t("chart_words.stage", lang, stage=t(f"stage.{s}", lang), value=n) for s, n in counts.items() if n]


def tranches(rows: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The decommitment bars: each tranche, its amount, what is declared, its deadline and its standing."""
    return [
        t(
            "chart_words.tranche",
            lang,
            tranche=r["tranche"],
            amount=format_eur(r["eu_tranche"], lang),
            claimed=format_eur(r["claimed"], lang),
            deadline=format_date(date.fromisoformat(r["deadline"]), lang),
            status=r["standing"],
        )
        for r in rows
    ]


def forecast_years(rows: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """A project's forecast bars: each year, its forecast, what was paid and its standing."""
    return [
        t(
            "chart_words.forecast_year",
            lang,
            year=r["year"],
            forecast=format_eur(r["forecast"], lang),
            paid=format_eur(r["paid"], lang),
            status=r["rag_label"],
        )
        for r in rows
    ]


def events(frame: pd.DataFrame) -> list[str]:
    """A timeline: each event's text (already in the page's language, with its date)."""
    return [str(x) for x in frame["text"]] if "text" in frame.columns else []
