"""The top-down check (monitoring.topdown) on screen: the programme's curve in the official series against its
comparable programmes' (same period, same fund), the projection in words, and the backtest that decides whether
the projection is shown as a forecast (docs/metrics.md, "Top-down check"; an estimate, said so).

* :func:`topdown_section`: the section of the official page ``/official/<cci>``;
* :func:`topdown_check`: one sentence and a link to that section, for the programme page's forecast section
  (placed by the lead where a loaded programme's CCI has an official series).

Programme titles come from the official file: untrusted, escaped before they reach the chart (``plain``); Dash
escapes the page's texts itself. Every figure comes from ``ui.service``.
"""

from __future__ import annotations

import math
from typing import Any

import dash_mantine_components as dmc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from i18n import format_date, format_number, format_pct, t
from monitoring.topdown import TopDown, TopDownBacktest

from .. import ids, service, urls
from ..charts import RAG_COLOURS, SERIES_COLOURS, base_layout, plain
from ..components import graph, in_words, notice, section

#: the peers' band and median, the projection's band
PEER_FILL = "rgba(134, 142, 150, 0.22)"
PEER_LINE = "#868E96"
PROJECTION_FILL = "rgba(230, 119, 0, 0.20)"
PROJECTION_LINE = "#B54708"
#: the figures' cells: right-aligned, so that the digits line up
NUMBER = {"textAlign": "right", "whiteSpace": "nowrap"}
LEFT = {"textAlign": "left"}
#: above this many peers their own curves are not drawn (the band says it)
MAX_PEER_LINES = 8


def _pct_values(values: Any) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) * 100 for v in values]


def _points(value: float, lang: str) -> str:
    """A mean error in points of rate, signed: 0.05 -> "+5,0" (fr/nl), "+5.0" (en)."""
    if value != value:
        return "–"
    text = format_number(abs(value) * 100, lang, 1)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _band(fig: go.Figure, x: list[str], low: list[Any], high: list[Any], fill: str, **lower: Any) -> None:
    """A shaded band between two edges (rates as fractions): the upper edge unseen, the lower one filled up to it;
    ``lower`` names and describes it (its legend entry, its hover)."""
    fig.add_scatter(x=x, y=_pct_values(high), mode="lines", line={"width": 0}, hoverinfo="skip", showlegend=False)
    fig.add_scatter(x=x, y=_pct_values(low), mode="lines", line={"width": 0}, fill="tonexty", fillcolor=fill, **lower)


def topdown_chart(td: TopDown, bt: TopDownBacktest, lang: str) -> go.Figure:
    """The programme's curve, each peer's (thin, when few), the peers' 10-90 % band and median at each cut-off, the
    threshold (for comparison), and the projection's band when the backtest lets it be shown."""
    fig = go.Figure()
    measure_name = t(f"topdown.measure.{td.measure}", lang)
    mine = td.curves[(td.curves["cci"] == td.cci) & td.curves[td.measure].notna()].sort_values("t")
    days = list(mine["cutoff"])
    projected = td.points if (bt.shown and td.shown and len(td.points)) else pd.DataFrame()
    labels = [format_date(d, lang) for d in days]
    future = [format_date(d, lang) for d in projected["cutoff"]] if len(projected) else []
    band = td.band.set_index("cutoff") if len(td.band) else pd.DataFrame()
    high = [band.loc[d, "high"] if d in band.index else None for d in days]
    low = [band.loc[d, "low"] if d in band.index else None for d in days]
    median = [band.loc[d, "median"] if d in band.index else None for d in days]
    band_name = t("topdown.chart.band", lang)
    _band(
        fig,
        labels,
        low,
        high,
        PEER_FILL,
        name=band_name,
        customdata=[f"{format_pct(lo, lang)} – {format_pct(hi, lang)}" for lo, hi in zip(low, high, strict=True)],
        hovertemplate="%{x}: %{customdata}<extra>" + plain(band_name) + "</extra>",
    )
    peers = td.curves[td.curves["cci"] != td.cci]
    if peers["cci"].nunique() <= MAX_PEER_LINES:
        for _, part in peers.groupby("cci", sort=True):
            part = part[part["cutoff"].isin(days)].sort_values("t")
            title = plain(str(part["title"].iloc[0])) if len(part) else ""
            fig.add_scatter(
                x=[format_date(d, lang) for d in part["cutoff"]],
                y=_pct_values(part[td.measure]),
                mode="lines",
                line={"width": 1, "color": "#ADB5BD"},
                showlegend=False,
                customdata=[format_pct(v, lang) for v in part[td.measure]],
                hovertemplate="%{x}: %{customdata}<extra>" + title + "</extra>",
            )
    median_name = t("topdown.chart.median", lang)
    fig.add_scatter(
        x=labels,
        y=_pct_values(median),
        mode="lines",
        name=median_name,
        line={"color": PEER_LINE, "width": 2, "dash": "dash"},
        customdata=[format_pct(v, lang) for v in median],
        hovertemplate="%{x}: %{customdata}<extra>" + plain(median_name) + "</extra>",
    )
    me = t("topdown.chart.programme", lang)
    colour = SERIES_COLOURS["committed"] if td.measure == "decided_rate" else SERIES_COLOURS["paid"]
    fig.add_scatter(
        x=labels,
        y=_pct_values(mine[td.measure]),
        mode="lines+markers",
        name=f"{me} ({measure_name})",
        line={"color": colour, "width": 3},
        marker={"size": 8},
        customdata=[format_pct(v, lang) for v in mine[td.measure]],
        hovertemplate="%{x}: %{customdata}<extra>" + plain(me) + "</extra>",
    )
    if len(projected):
        name = t("topdown.chart.projection", lang)
        x = [labels[-1], *future]
        high_edge, low_edge = [td.rate, *projected["high"]], [td.rate, *projected["low"]]
        _band(fig, x, low_edge, high_edge, PROJECTION_FILL, showlegend=False, hoverinfo="skip")
        fig.add_scatter(
            x=x,
            y=_pct_values([td.rate, *projected["median"]]),
            mode="lines+markers",
            name=name,
            line={"color": PROJECTION_LINE, "width": 2, "dash": "dot"},
            customdata=[format_pct(v, lang) for v in [td.rate, *projected["median"]]],
            hovertemplate="%{x}: %{customdata}<extra>" + plain(name) + "</extra>",
        )
    if td.threshold is not None:
        fig.add_hline(
            y=td.threshold * 100,
            line_dash="solid",
            line_width=2,
            line_color=RAG_COLOURS["red"],
            annotation_text=t("topdown.chart.threshold", lang, pct=format_pct(td.threshold, lang, 0)),
            annotation_position="bottom left",
            annotation_font_color=RAG_COLOURS["red"],
        )
    fig.update_yaxes(
        title_text=t("topdown.chart.axis", lang),
        ticksuffix="\u00a0%" if lang == "fr" else "%",
        rangemode="tozero",
        gridcolor="#E9ECEF",
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[*labels, *future])
    fig = base_layout(fig, lang, height=420)
    fig.update_layout(margin={"r": 40})  # the last date's label is not cut on a phone
    return fig


def chart_sentences(td: TopDown, bt: TopDownBacktest, lang: str) -> list[str]:
    """The chart in words: at each cut-off the programme's rate and its peers' band, then the projected points (when
    shown)."""
    measure = t(f"topdown.measure.{td.measure}", lang)
    mine = td.curves[(td.curves["cci"] == td.cci) & td.curves[td.measure].notna()].sort_values("t")
    band = td.band.set_index("cutoff") if len(td.band) else pd.DataFrame()
    out = []
    for day, rate in zip(mine["cutoff"], mine[td.measure], strict=True):
        if day not in band.index:
            continue
        out.append(
            t(
                "topdown.words.point",
                lang,
                date=format_date(day, lang),
                measure=measure,
                rate=format_pct(rate, lang),
                low=format_pct(band.loc[day, "low"], lang),
                high=format_pct(band.loc[day, "high"], lang),
                median=format_pct(band.loc[day, "median"], lang),
            )
        )
    if bt.shown and td.shown:
        for row in td.points.itertuples(index=False):
            out.append(
                t(
                    "topdown.words.projected",
                    lang,
                    date=format_date(row.cutoff, lang),
                    low=format_pct(row.low, lang),
                    high=format_pct(row.high, lang),
                    median=format_pct(row.median, lang),
                )
            )
    return out


def projection_words(td: TopDown, bt: TopDownBacktest, lang: str) -> list[str]:
    """The projection in words: the peers' gains (observed), then the year the threshold is reached only when the
    backtest lets the projection be shown; otherwise that it is not."""
    lines = td.words(lang)
    if td.shown and not bt.shown and len(lines) > 1:
        lines = [lines[0], t("topdown.words.not_shown", lang)]
    return lines


def backtest_table(bt: TopDownBacktest, lang: str) -> Any:
    """Method, MAPE, mean error, band coverage, number of forecasts: the projection and the naive baseline."""
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"topdown.backtest.col.{k}", lang), scope="col", style=NUMBER if k != "method" else LEFT)
                for k in ("method", "mape", "error", "coverage", "n")
            ]
        )
    )
    rows = [
        (
            t("topdown.backtest.method.peers", lang),
            format_pct(bt.mape_method, lang),
            _points(bt.error_method, lang),
            format_pct(bt.coverage, lang),
        ),
        (
            t("topdown.backtest.method.baseline", lang),
            format_pct(bt.mape_baseline, lang),
            _points(bt.error_baseline, lang),
            "–",
        ),
    ]
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(name, scope="row", style={"textAlign": "left", "minWidth": "220px"}),
                    *(html.Td(v, style=NUMBER) for v in (mape, error, cover, str(bt.n))),
                ]
            )
            for name, mape, error, cover in rows
        ]
    )
    return dmc.Table(
        [head, body],
        id=ids.TOPDOWN_BACKTEST,
        striped=True,
        withTableBorder=True,
        className="topdown-backtest",
        style={"minWidth": "640px"},  # on a phone the box scrolls sideways rather than squeeze the columns
    )


def topdown_section(source: Any, cci: str, lang: str) -> Any:
    """The official page's section: curves, projection in words, backtest; an empty state when the series has no
    rate for the programme or fewer than three comparable programmes."""
    title = t("topdown.title", lang)
    hint = t("topdown.hint", lang, file=source.name)
    found = service.official_topdown(source, cci)
    if found is None:
        return section(title, hint=hint, id=ids.TOPDOWN_SECTION)
    td, bt = found
    if not td.comparable:
        return section(
            title,
            notice(t("topdown.empty.title", lang), " ".join(td.words(lang)), "blue", id=ids.TOPDOWN_EMPTY),
            hint=hint,
            id=ids.TOPDOWN_SECTION,
        )
    chart = graph(topdown_chart(td, bt, lang), id=ids.TOPDOWN_CHART)
    return section(
        title,
        html.Ul([html.Li(s) for s in projection_words(td, bt, lang)], id=ids.TOPDOWN_WORDS),
        in_words(chart, chart_sentences(td, bt, lang), lang),
        dmc.Title(t("topdown.backtest.title", lang), order=3, size="h4"),
        dmc.Text(t("topdown.backtest.hint", lang), size="sm", c="dimmed"),
        html.Div(backtest_table(bt, lang), className="table-scroll"),
        dmc.Text(bt.words(lang), id=ids.TOPDOWN_VERDICT),
        hint=hint,
        id=ids.TOPDOWN_SECTION,
    )


def topdown_check(pid: str, lang: str) -> Any | None:
    """One sentence and a link to the official page's top-down check, for the programme page's forecast section;
    None when no official series holds the programme's CCI (the Programme sheet's)."""
    found = service.programme_topdown(pid)
    if found is None:
        return None
    cci, source, td, bt = found
    if td.cutoff is None:
        return None
    measure = t(f"topdown.measure.{td.measure}", lang)
    common = {"date": format_date(td.cutoff, lang), "measure": measure, "rate": format_pct(td.rate, lang)}
    if td.shown and td.comparable:
        text = t(
            "topdown.check.sentence",
            lang,
            low=format_number(round(td.gain_low * 100), lang),
            high=format_number(round(td.gain_high * 100), lang),
            **common,
        )
        words = projection_words(td, bt, lang)
        if bt.shown and len(words) > 1:
            text += " " + words[1]
        elif not bt.shown:
            text += " " + t("topdown.check.not_shown", lang)
    else:
        text = t("topdown.check.no_projection", lang, **common)
    href = urls.official_path(cci, lang, None, source.name) + "#" + ids.TOPDOWN_SECTION
    return dmc.Text(
        [text + " ", dcc.Link(t("topdown.check.link", lang), href=href, id=ids.TOPDOWN_CHECK_LINK)],
        id=ids.TOPDOWN_CHECK,
        size="sm",
    )
