"""Plotly figure builders: pure functions from core frames (and a language) to figures.

Amounts are drawn in M€ with the language's separators; hover labels carry the
full amount formatted by Babel (so the hover matches the tables to the cent).
Every bar that leads somewhere carries its URL in ``customdata[0]``; a single
callback turns a click into navigation.
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from i18n import PLOTLY_SEPARATORS, format_date, format_eur, format_pct, labelled, t
from monitoring.status import displayed_rate, plain_shown, shown_text

from .chart_limits import TOP_BARS, others, top_indices

# red / orange / green dark enough for white text and for text on white (WCAG AA, contrast >= 4.5)
RAG_COLOURS = {"red": "#B42318", "orange": "#B54708", "green": "#2B7A3E", "na": "#5C6670"}
BAND_FILL = {"red": "#F8D7DA", "orange": "#FFE8CC", "green": "#D3F9D8"}
SERIES_COLOURS = {
    "allocation": "#CED4DA",
    "committed": "#1C7ED6",
    "paid": "#0B7285",
    "target": "#495057",
    "forecast": "#ADB5BD",
}
FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"


def base_layout(fig: go.Figure, lang: str, height: int = 360, **kw) -> go.Figure:
    layout = {
        "separators": PLOTLY_SEPARATORS.get(lang, ".,"),
        "font": {"family": FONT, "size": 14, "color": "#212529"},
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "height": height,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "meta": {"lang": lang},  # ui.components.graph sets plotly's locale from it
    }
    layout.update(kw)
    fig.update_layout(**layout)
    return fig


def plain(text: object) -> str:
    """Text from a workbook or a user, escaped for plotly (which renders <a>, <b>, <br> in labels and hovers).

    >>> plain('<a href="https://evil.example">Appel</a>')
    '&lt;a href="https://evil.example"&gt;Appel&lt;/a&gt;'
    """
    return html.escape(str(text), quote=False)


def _nan_to_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def gauge(rate, kpi, level: str, lang: str, height: int = 230, status: Any = None) -> go.Figure:
    """Headline KPI gauge: red/orange/green bands, a bold line at the threshold (95 % / 60 %), a thin one at the mark.

    The number is written by the core's display rule (never rounded across a threshold: 94,99 %, not 95,0 %).
    """
    rate = _nan_to_none(rate)
    top = max(1.0, (rate or 0) + 0.05, kpi.green_from + 0.05)
    # beside its status (the cent rule's side, when given): the figure the headline line and the card write
    shown = status.shown() if status is not None else displayed_rate(rate, (kpi.red_below, kpi.green_from))
    value = 0 if shown.value is None else shown.value * 100
    half_width = top * 100 * 0.0025  # the mark: a thin dark band, half a percent of the dial wide
    fig = go.Figure(
        go.Indicator(
            mode="gauge+number",
            value=value,
            number={
                "suffix": "\u202f%" if lang == "fr" else "%",
                "valueformat": f".{shown.decimals}f",
                "font": {"size": 40, "color": RAG_COLOURS[level]},
            },
            gauge={
                "axis": {
                    "range": [0, top * 100],
                    "tickvals": [0, kpi.red_below * 100, kpi.mark * 100, kpi.green_from * 100],
                    # written out: with given tick values plotly's indicator drops a tick suffix ("95", not "95 %")
                    "ticktext": [format_pct(r, lang, 0) for r in (0.0, kpi.red_below, kpi.mark, kpi.green_from)],
                },
                "bar": {"color": RAG_COLOURS[level], "thickness": 0.3},
                "steps": [
                    {"range": [0, kpi.red_below * 100], "color": BAND_FILL["red"]},
                    {"range": [kpi.red_below * 100, kpi.green_from * 100], "color": BAND_FILL["orange"]},
                    {"range": [kpi.green_from * 100, top * 100], "color": BAND_FILL["green"]},
                    {
                        "range": [kpi.mark * 100 - half_width, kpi.mark * 100 + half_width],
                        "color": "#495057",
                        "thickness": 0.6,
                    },
                ],
                # the threshold the status is judged on: the bold line
                "threshold": {
                    "line": {"color": "#212529", "width": 5},
                    "thickness": 0.95,
                    "value": kpi.red_below * 100,
                },
            },
        )
    )
    # the sides leave room for the tick labels at the dial's ends ("100%" was cut on a phone, where the dial takes the
    # width; on a wider card the height bounds the dial and the sides are empty anyway)
    return base_layout(fig, lang, height=height, margin={"l": 55, "r": 55, "t": 20, "b": 5})


def sparkline(series: pd.DataFrame, column: str, lang: str, colour: str, height: int = 70) -> go.Figure:
    """The rate over time, tiny, for a card."""
    fig = go.Figure(
        go.Scatter(
            x=series["month"],
            y=series[column] * 100,
            mode="lines",
            line={"color": colour, "width": 2},
            fill="tozeroy",
            fillcolor="rgba(28,126,214,0.08)",
            hovertemplate="%{x|%m/%Y}: %{y:.1f} %<extra></extra>",
        )
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, rangemode="tozero")
    return base_layout(fig, lang, height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False)


#: the longest label a bar carries on its axis (the tooltip has the whole label)
LABEL_CHARS = 48


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """``label`` cut to ``limit`` characters, with an ellipsis when cut.

    >>> shorten("Projectoproep 1.001", 10)
    'Projectop…'
    """
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def level_bars(
    table: pd.DataFrame,
    labels: list[str],
    hrefs: list[str | None],
    lang: str,
    allocation_key: str = "allocation",
    hover_labels: list[str] | None = None,
    limit: int = TOP_BARS,
) -> go.Figure:
    """Allocation vs committed vs paid per unit (horizontal grouped bars), click to open a unit.

    ``labels`` come from the workbook: they are escaped, so markup in a title shows as text. Beyond ``limit``
    units, the ``limit - 1`` largest allocations are drawn and the others added up in one last bar, which
    leads nowhere (``ui.chart_limits``: the figure's size no longer grows with the units).
    """
    fig = go.Figure()
    hover_labels = list(hover_labels or labels)
    kept = top_indices(list(table["allocation"]), limit)
    if kept is not None:
        rest = others(table.to_dict("records"), kept)
        name = t("chart_limit.others", lang, n=rest["n"])
        columns = ["allocation", "committed", "paid", "commitment_rate", "liquidation_rate"]
        shown = [f"{c}_{x}" for c in columns[3:] for x in ("shown", "decimals") if f"{c}_shown" in table.columns]
        last = {c: rest[c] for c in columns}
        for c in columns[3:]:  # the others' rates as written: plain (no status of theirs to stand beside)
            if f"{c}_shown" in table.columns:
                last[f"{c}_shown"], last[f"{c}_decimals"] = float(plain_shown([rest[c]])[0]), 1
        table = pd.concat([table.iloc[kept][columns + shown], pd.DataFrame([last])], ignore_index=True)
        labels = [labels[i] for i in kept] + [name]
        hover_labels = [hover_labels[i] for i in kept] + [f"{name} — {t('chart_limit.others_hover', lang)}"]
        hrefs = [hrefs[i] for i in kept] + [None]
    n = len(table)
    hover_names = [plain(label) for label in hover_labels]  # the full labels, in the tooltips
    labels = [plain(shorten(label)) for label in labels]  # cut before escaping: never half an entity
    for col, key in (("allocation", allocation_key), ("committed", "committed"), ("paid", "paid")):
        rate_col = {"allocation": None, "committed": "commitment_rate", "paid": "liquidation_rate"}[col]
        hover = [
            f"<b>{lab}</b><br>{labelled(t(key, lang), format_eur(v, lang), lang)}" + (f" ({r})" if rate_col else "")
            for lab, v, r in zip(hover_names, table[col], rate_texts(table, rate_col, lang, n), strict=True)
        ]
        fig.add_bar(
            name=t(key, lang),
            y=labels,
            x=table[col] / 1e6,
            orientation="h",
            marker_color=SERIES_COLOURS[col],
            customdata=[[h, txt] for h, txt in zip(hrefs, hover, strict=True)],
            hovertemplate="%{customdata[1]}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(
        title_text=t("unit.million_axis", lang),
        ticksuffix=t("unit.million_tick", lang),
        gridcolor="#E9ECEF",
        zeroline=False,
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    if kept is not None:  # the others' sums would flatten every other bar: the axis ends past the largest unit drawn,
        # the others' bars run off its edge, and their allocation is written there
        top = float(table.iloc[:-1][["allocation", "committed", "paid"]].max().max()) / 1e6
        right = (top or 1.0) * 1.3
        if float(table.iloc[-1][["allocation", "committed", "paid"]].max()) / 1e6 > right:
            fig.update_xaxes(range=[0, right])
            fig.add_annotation(
                x=right,
                y=labels[-1],
                xref="x",
                yref="y",
                xanchor="right",
                showarrow=False,
                text=plain(f"{t(allocation_key, lang)} {format_eur(float(table['allocation'].iloc[-1]), lang, 0)} →"),
                bgcolor="#FFFFFF",
                font={"size": 12},
            )
    return base_layout(fig, lang, height=max(260, 70 * n + 80))


def rate_texts(table: pd.DataFrame, rate_col: str | None, lang: str, n: int) -> list[str]:
    """The rates of a level table as every output writes them (its ``<rate>_shown`` / ``<rate>_decimals`` columns,
    the display rule's; a table without them: rounded half up to one decimal)."""
    if rate_col is None:
        return [""] * n
    if f"{rate_col}_shown" in table.columns:
        return [
            shown_text(s, d, lang)
            for s, d in zip(table[f"{rate_col}_shown"], table[f"{rate_col}_decimals"], strict=True)
        ]
    return [format_pct(r, lang) for r in table[rate_col]]


#: the most steps a cumulative line draws; beyond, one step per week, then per month (see thin_steps)
MAX_STEPS = 400


def thin_steps(series: pd.DataFrame, limit: int = MAX_STEPS) -> pd.DataFrame:
    """A step series (one row per day with money lines) with at most ``limit`` rows: beyond, the last day of each
    week with lines (then of each month) keeps its cumulative amounts, which are the amounts at that day.

    50 000 projects have lines on some 2 000 days: two lines of 2 000 points and their hover texts made the
    programme's page 130 KB heavier (issue 22). Each point drawn stays exact for its day; the steps between the
    points drawn are merged (a week's payments show as one step).
    """
    if len(series) <= limit:
        return series
    days = pd.to_datetime(series["day"])
    for freq in ("W", "M"):
        ends = series.groupby(days.dt.to_period(freq).to_numpy(), sort=False).tail(1)
        kept = pd.concat([series.iloc[:1], ends]) if ends.index[0] != series.index[0] else ends  # the first day too
        if len(kept) <= limit:
            break
    return kept.iloc[-limit:].reset_index(drop=True)


def cumulative(
    series: pd.DataFrame,
    target: pd.DataFrame | None,
    allocation: float,
    lang: str,
    height: int = 360,
    allocation_label: str | None = None,
) -> go.Figure:
    """Cumulative commitments and payments (millions of euros) against the target path and the allocation.

    ``series`` is a step series (``monitoring.timeline.step_series``: one row per day with money lines):
    the lines step on those days and stay flat between them, as the amounts do. ``allocation_label``
    names the line of the allocation (a call's budget, a project's grant).
    """
    fig = go.Figure()
    series = thin_steps(series)
    if len(series):  # start from zero the day before the first line, so the first step shows
        start = pd.DataFrame({"day": [series["day"].iloc[0] - pd.Timedelta(days=1)], "committed": [0.0], "paid": [0.0]})
        series = pd.concat([start, series[["day", "committed", "paid"]]], ignore_index=True)
    for col in ("committed", "paid"):
        fig.add_scatter(
            x=series["day"],
            y=series[col] / 1e6,
            name=t(col, lang),
            mode="lines+markers" if len(series) <= 6 else "lines",
            line={"color": SERIES_COLOURS[col], "width": 3, "shape": "hv"},
            customdata=[
                f"{format_date(d, lang)} — {format_eur(v, lang)}"
                for d, v in zip(series["day"], series[col], strict=True)
            ],
            hovertemplate="%{customdata}<extra>" + t(col, lang) + "</extra>",
        )
    if target is not None and len(target):
        fig.add_scatter(
            x=target["month"],
            y=target["target_amount"] / 1e6,
            name=t("target_path", lang),
            mode="lines",
            line={"color": SERIES_COLOURS["target"], "width": 2, "dash": "dash"},
            customdata=[
                f"{format_eur(a, lang)} ({format_pct(r, lang)})"
                for a, r in zip(target["target_amount"], target["target_rate"], strict=True)
            ],
            hovertemplate="%{x|%m/%Y} — %{customdata}<extra>" + t("target_path", lang) + "</extra>",
        )
    if allocation:
        fig.add_hline(
            y=allocation / 1e6,
            line_dash="dot",
            line_color="#868E96",
            annotation_text=f"{allocation_label or t('allocation', lang)} {format_eur(allocation, lang, 0)}",
            annotation_position="top left",
        )
    fig.update_yaxes(title_text=t("unit.million_axis", lang), gridcolor="#E9ECEF", rangemode="tozero")
    months = series["day"].dt.to_period("M")
    span = (months.max() - months.min()).n + 1 if len(series) else 1
    if target is not None and len(target):
        span = max(span, len(target))
    days = (series["day"].max() - series["day"].min()).days if len(series) else 0
    if span <= 2 and days < 62 and (target is None or not len(target)):
        # a few weeks of lines (a new call or project): monthly ticks would fall outside the range and leave the
        # axis without a date (UI walk #7); days instead, at most six of them
        fig.update_xaxes(gridcolor="#F1F3F5", tickformat="%d/%m/%Y", nticks=6)
        return base_layout(fig, lang, height=height)
    dtick = "M1" if span <= 12 else "M3" if span <= 36 else "M12"
    # numeric months: no English month names on a French or Dutch page
    fig.update_xaxes(gridcolor="#F1F3F5", tickformat="%m/%Y" if dtick != "M12" else "%Y", dtick=dtick)
    return base_layout(fig, lang, height=height)


def tranche_label(year: int, resource: str) -> str:
    """ "2021" or "2021 REACT-EU"."""
    return f"{year} REACT-EU" if resource == "react-eu" else str(year)


def _bars_by_standing(
    fig: go.Figure,
    name: str,
    x: list[str],
    y: list[float],
    rags: list[str],
    words: list[str],
    hover: list[str],
) -> None:
    """One series of bars coloured by each bar's standing, as one trace per standing sharing one slot of the group:
    so each legend entry has its bars' colour and says their standing ("Non atteinte", under the series' name
    "Réalisé"), where one trace took its swatch from its first bar (UI walk #7: a green "Couvert" beside grey and
    orange bars)."""
    first = True
    for word in dict.fromkeys(words):  # in the order the bars first show them
        rows = [i for i, w in enumerate(words) if w == word]
        if not any(y[i] for i in rows):  # nothing drawn (years to come): no legend entry to explain it
            continue
        rag = rags[rows[0]]
        fig.add_bar(
            name=word,
            legendgrouptitle_text=name if first else None,  # the series named once, above its standings
            x=[x[i] for i in rows],
            y=[y[i] for i in rows],
            marker_color=RAG_COLOURS.get(rag, RAG_COLOURS["na"]),
            offsetgroup=name,
            legendgroup=name,
            customdata=[hover[i] for i in rows],
            hovertemplate="%{customdata}<extra></extra>",
        )
        first = False


def decommitment_bars(df: pd.DataFrame, lang: str, height: int = 300) -> go.Figure:
    """Per EU tranche: what must be covered by its deadline vs what covers it (pre-financing + claimed), by standing."""
    fig = go.Figure()
    x = [tranche_label(y, r) for y, r in zip(df["tranche_year"], df["resource"], strict=True)]
    when = [format_date(d, lang) for d in df["deadline"]]
    fig.add_bar(
        name=t("decommitment.col.due", lang),
        x=x,
        y=df["due_cumulative"] / 1e6,
        marker_color=SERIES_COLOURS["allocation"],
        offsetgroup="due",
        customdata=[f"{w} — {format_eur(v, lang)}" for w, v in zip(when, df["due_cumulative"], strict=True)],
        hovertemplate="%{customdata}<extra></extra>",
    )
    covered = df["prefinancing"] + df["claimed"]
    words = [t("decommitment.status." + s, lang) for s in df["status"]]
    _bars_by_standing(
        fig,
        t("decommitment.covered", lang),
        x,
        list(covered / 1e6),
        list(df["rag"]),
        words,
        [f"{format_eur(c, lang)} — {w}" for c, w in zip(covered, words, strict=True)],
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=t("unit.million_axis", lang), gridcolor="#E9ECEF")
    fig.update_xaxes(title_text=t("decommitment.col.tranche", lang), type="category")
    return base_layout(fig, lang, height=height)


def forecast_bars(df: pd.DataFrame, lang: str, height: int = 300) -> go.Figure:
    """Forecast vs realised payments per year, realised coloured by its status."""
    fig = go.Figure()
    x = [str(y) for y in df["year"]]
    # every year from the first to the last, a year without a forecast line drawn empty (UI walk #7: 2020 and 2022
    # went missing between 2019 and 2021, 2023 without a gap)
    years = range(int(df["year"].min()), int(df["year"].max()) + 1) if len(df) else range(0)
    forecast = df.groupby("year")["forecast"].sum().reindex(years, fill_value=0.0)
    fig.add_bar(
        name=t("forecast_column", lang),
        x=[str(y) for y in years],
        y=list(forecast),
        marker_color=SERIES_COLOURS["forecast"],
        offsetgroup="forecast",
        customdata=[format_eur(v, lang) for v in forecast],
        hovertemplate="%{customdata}<extra></extra>",
    )
    states = df["year_state"] if "year_state" in df else pd.Series(["completed"] * len(df), index=df.index)
    words = [
        t("forecast_state.future.na", lang)
        if s == "future"
        else t(f"forecast_state.{'current' if s == 'current' else 'completed'}.{r if r in RAG_COLOURS else 'na'}", lang)
        for s, r in zip(states, df["rag"], strict=True)
    ]
    _bars_by_standing(
        fig,
        t("realised", lang),
        x,
        list(df["paid"]),
        list(df["rag"]),
        words,
        [f"{format_eur(v, lang)} ({format_pct(r, lang)})" for v, r in zip(df["paid"], df["ratio"], strict=True)],
    )
    if "year_state" in df:  # the current year: what its forecast asks by the as-of date
        cur = df[df["year_state"] == "current"]
        if len(cur):
            fig.add_scatter(
                name=t("forecast_expected", lang),
                x=[str(y) for y in cur["year"]],
                y=cur["expected"],
                mode="markers",
                marker={
                    "symbol": "line-ew-open",
                    "size": 40,
                    "color": "#212529",
                    "line": {"width": 3, "color": "#212529"},
                },
                customdata=[format_eur(v, lang) for v in cur["expected"]],
                hovertemplate="%{customdata}<extra></extra>",
            )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="€", gridcolor="#E9ECEF", tickformat=",.0f")
    fig.update_xaxes(type="category")
    return base_layout(fig, lang, height=height)


def status_donut(counts: dict, lang: str, height: int = 220) -> go.Figure:
    """Projects by status."""
    keys = [k for k, v in counts.items() if v]
    colours = {
        "selected": "#A5D8FF",
        "signed": "#4DABF7",
        "ongoing": "#1C7ED6",
        "closed": "#2B8A3E",
        "cancelled": "#ADB5BD",
    }
    fig = go.Figure(
        go.Pie(
            labels=[t("stage." + k, lang) for k in keys],
            values=[counts[k] for k in keys],
            hole=0.55,
            marker_colors=[colours.get(k, "#868E96") for k in keys],
            sort=False,
            textinfo="value",
            hovertemplate="%{label}: %{value}<extra></extra>",
        )
    )
    return base_layout(fig, lang, height=height, margin={"l": 0, "r": 0, "t": 10, "b": 10}, legend={"orientation": "v"})


def events_timeline(events: pd.DataFrame, lang: str, height: int = 240) -> go.Figure:
    """Dated events (columns: date, lane, text) as markers on lanes: a call's or a project's milestones."""
    fig = go.Figure()
    palette = ["#1C7ED6", "#E67700", "#2B8A3E", "#862E9C", "#0B7285", "#C62828"]
    for i, (lane, df) in enumerate(events.groupby("lane", sort=False)):
        fig.add_scatter(
            x=df["date"],
            y=[lane] * len(df),
            mode="markers",
            name=lane,
            marker={"size": 13, "color": palette[i % len(palette)], "symbol": "diamond"},
            customdata=[plain(text) for text in df["text"]],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_yaxes(type="category", automargin=True, autorange="reversed")
    fig.update_xaxes(gridcolor="#F1F3F5", tickformat="%m/%Y")
    return base_layout(fig, lang, height=max(height, 60 * events["lane"].nunique() + 80), showlegend=False)
