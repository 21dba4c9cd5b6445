"""The forecast's fan chart: what was paid, then the median forecast and its 10-90 % band, the threshold
line and the deadline. A pure function from the service's figures (and a language) to a plotly figure.

Amounts are drawn in M€ with the language's separators; hovers carry the full amount formatted by
Babel. The legend names the band and the median as an estimate ("estimation" / "raming").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from i18n import format_date, format_eur, format_pct, t

from .charts import RAG_COLOURS, SERIES_COLOURS, base_layout

if TYPE_CHECKING:
    from monitoring.commitment_forecast import CommitmentOutlook
    from monitoring.forecast import PaymentOutlook

#: months of history drawn before the forecast starts
HISTORY_MONTHS = 24
BAND_COLOUR = "rgba(11, 114, 133, 0.18)"  # the paid colour, light: the band
MEDIAN_COLOUR = "#0B7285"


def _hover(days: pd.Series, amounts: pd.Series, lang: str) -> list[str]:
    return [f"{format_date(d, lang)} — {format_eur(a, lang)}" for d, a in zip(days, amounts, strict=True)]


def fan_chart(history: pd.DataFrame, outlook: PaymentOutlook, lang: str, height: int = 380) -> go.Figure:
    """``history``: month-end cumulative payments (columns month, paid; ``monthly_series``); ``outlook``:
    the service's :class:`~monitoring.forecast.PaymentOutlook`."""
    return _fan(history, "paid", outlook.paid, outlook, lang, height)


def commitment_fan_chart(history: pd.DataFrame, outlook: CommitmentOutlook, lang: str, height: int = 380) -> go.Figure:
    """The same fan for commitments: ``history`` month-end cumulative commitments (column committed),
    ``outlook`` the service's :class:`~monitoring.commitment_forecast.CommitmentOutlook`."""
    return _fan(history, "committed", outlook.committed, outlook, lang, height)


def _fan(
    history: pd.DataFrame,
    column: str,
    now: float,
    outlook: PaymentOutlook | CommitmentOutlook,
    lang: str,
    height: int,
) -> go.Figure:
    """What was ``column`` (paid, committed) up to the date, then the median forecast from ``now`` and its band."""
    fig = go.Figure()
    start = pd.Timestamp(outlook.as_of) - pd.DateOffset(months=HISTORY_MONTHS)
    past = history[(history["month"] > start) & (history["month"] <= pd.Timestamp(outlook.as_of))]
    past = pd.concat(
        [past[["month", column]], pd.DataFrame({"month": [pd.Timestamp(outlook.as_of)], column: [now]})]
    ).drop_duplicates("month", keep="last")
    fig.add_scatter(
        x=past["month"],
        y=past[column] / 1e6,
        name=t(column, lang),
        mode="lines",
        line={"color": SERIES_COLOURS[column], "width": 3},
        customdata=_hover(past["month"], past[column], lang),
        hovertemplate="%{customdata}<extra>" + t(column, lang) + "</extra>",
    )
    path = outlook.path
    band = t("forecast.chart.band", lang)
    fig.add_scatter(
        x=path["date"],
        y=path["high"] / 1e6,
        name=band,
        mode="lines",
        line={"width": 0, "color": BAND_COLOUR},
        showlegend=False,
        customdata=_hover(path["date"], path["high"], lang),
        hovertemplate="%{customdata}<extra>" + t("forecast.chart.high", lang) + "</extra>",
    )
    fig.add_scatter(
        x=path["date"],
        y=path["low"] / 1e6,
        name=band,
        mode="lines",
        line={"width": 0, "color": BAND_COLOUR},
        fill="tonexty",
        fillcolor=BAND_COLOUR,
        customdata=_hover(path["date"], path["low"], lang),
        hovertemplate="%{customdata}<extra>" + t("forecast.chart.low", lang) + "</extra>",
    )
    fig.add_scatter(
        x=path["date"],
        y=path["median"] / 1e6,
        name=t("forecast.chart.median", lang),
        mode="lines",
        line={"color": MEDIAN_COLOUR, "width": 3, "dash": "dash"},
        customdata=_hover(path["date"], path["median"], lang),
        hovertemplate="%{customdata}<extra>" + t("forecast.chart.median", lang) + "</extra>",
    )
    if outlook.threshold_outlooks:
        first = outlook.threshold_outlooks[0]  # the lowest: the threshold below which the KPI is red
        fig.add_hline(
            y=first.target / 1e6,
            line_dash="dot",
            line_color=RAG_COLOURS["red"],
            annotation_text=t(
                "forecast.chart.threshold",
                lang,
                threshold=format_pct(first.threshold or 0.0, lang, 0),
                amount=format_eur(first.target, lang, 0),
            ),
            annotation_position="top left",
            annotation_font_color=RAG_COLOURS["red"],
        )
    if outlook.kpi is not None and outlook.as_of < outlook.kpi.deadline <= outlook.end:
        first, last = past["month"].min(), path["date"].max()
        where = (pd.Timestamp(outlook.kpi.deadline) - first) / (last - first) if last > first else 1.0
        # the deadline's name on the side with room: on a phone, a deadline early in the range cut its name
        _deadline(fig, outlook.kpi.deadline, lang, anchor="right" if where >= 0.6 else "left")
    fig.update_yaxes(title_text=t("unit.million_axis", lang), gridcolor="#E9ECEF")
    # one tick a year, written as the year: short enough to stay level on a phone (the deadline is named)
    fig.update_xaxes(
        gridcolor="#F1F3F5",
        tickformat="%Y",
        dtick="M12",
        tickangle=0,
        range=[past["month"].min(), path["date"].max()],  # the history drawn, not more
    )
    # the legend under the plot: the deadline's name stays readable above it on a phone
    legend = {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}
    return base_layout(fig, lang, height=height, legend=legend, margin={"l": 10, "r": 10, "t": 40, "b": 10})


def _deadline(fig: go.Figure, day: date, lang: str, anchor: str = "right") -> None:
    """A vertical line at the deadline, named (a shape and an annotation: add_vline cannot name a date)."""
    x = pd.Timestamp(day)
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"color": "#495057", "dash": "dash"})
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        # the date on a line of its own: the name stays within a phone's narrow plot on either side of the line
        text=t("forecast.chart.deadline", lang, date="<br>" + format_date(day, lang)).replace(" <br>", "<br>"),
        showarrow=False,
        xanchor=anchor,  # "right": the name ends at the line (left of it); "left": it starts there
        yanchor="bottom",
        font={"color": "#495057"},
    )
