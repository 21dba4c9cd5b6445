"""ui.charts: the plotly figures, built from small frames written by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from i18n import format_eur
from monitoring.thresholds import Kpi
from ui import charts

KPI = Kpi("consumption", "2014-2020", 0.95, 1.00, 0.97, date(2014, 1, 1), date(2023, 12, 31))


def test_gauge_bands_threshold_and_value():
    fig = charts.gauge(0.935, KPI, "red", "fr")
    ind = fig.data[0]
    assert ind.value == pytest.approx(93.5)
    steps = [(s.range[0], s.range[1]) for s in ind.gauge.steps]
    assert steps[0] == (0, 95) and steps[1] == (95, 100)  # red below 95 %, orange up to 100 %
    assert ind.number.suffix == "\u202f%"  # French: a narrow no-break space before %
    assert charts.gauge(0.935, KPI, "red", "nl").data[0].number.suffix == "%"
    assert fig.layout.separators == ",\u202f"  # decimal comma, narrow no-break space between thousands
    # the dial's ticks at 0, the threshold (95), the mark (97) and the target (100), written with their percent sign
    # (plotly's indicator draws given tick values without a tick suffix)
    assert list(ind.gauge.axis.ticktext) == ["0\xa0%", "95\xa0%", "97\xa0%", "100\xa0%"]
    assert list(charts.gauge(0.935, KPI, "red", "nl").data[0].gauge.axis.ticktext) == ["0%", "95%", "97%", "100%"]


def test_level_bars_carry_the_page_urls_and_escape_workbook_labels():
    table = pd.DataFrame(
        {
            "allocation": [2_000_000.0, 1_000_000.0],
            "committed": [1_500_000.0, 0.0],
            "paid": [500_000.0, 0.0],
            "commitment_rate": [0.75, 0.0],
            "liquidation_rate": [0.25, 0.0],
        }
    )
    labels = ["1.1 Recherche", '2.1 <a href="https://evil.example">Appel</a>']
    fig = charts.level_bars(table, labels, ["/programme/x/objective/1.1", None], "fr")
    allocation, committed, _paid = fig.data
    assert list(allocation.x) == [2.0, 1.0]  # M€
    assert list(committed.y)[1] == '2.1 &lt;a href="https://evil.example"&gt;Appel&lt;/a&gt;'  # shown as text
    assert committed.customdata[0][0] == "/programme/x/objective/1.1"
    assert committed.customdata[1][0] is None  # a bar that leads nowhere
    # the hover gives the full amount in the language's format, with the rate
    assert format_eur(1_500_000, "fr") in committed.customdata[0][1] and "75,0\xa0%" in committed.customdata[0][1]
    assert "<a href" not in str(fig.to_plotly_json())


def test_cumulative_steps_at_each_day_with_money_lines_from_zero():
    series = pd.DataFrame(
        {"day": pd.to_datetime(["2023-03-15", "2023-04-02"]), "committed": [100.0, 300.0], "paid": [0.0, 50.0]}
    )
    fig = charts.cumulative(series, None, 1_000.0, "en")
    committed = fig.data[0]
    assert committed.line.shape == "hv"  # flat between the days, a step on each
    assert list(pd.to_datetime(committed.x).date) == [date(2023, 3, 14), date(2023, 3, 15), date(2023, 4, 2)]
    assert list(committed.y) == [0.0, 0.0001, 0.0003]  # M€
    assert list(committed.customdata) == ["14 Mar 2023 — €0.00", "15 Mar 2023 — €100.00", "2 Apr 2023 — €300.00"]


def test_cumulative_axis_of_a_few_weeks_ticks_days_not_months():
    """Lines on 3 to 30 November (27 days): a tick each month would fall on 1 November, outside the range, and
    leave the axis without a date (UI walk #7, call 2023-08); days instead. Fifteen months keep monthly ticks."""
    weeks = pd.DataFrame(
        {"day": pd.to_datetime(["2023-11-03", "2023-11-30"]), "committed": [100.0, 300.0], "paid": [0.0, 50.0]}
    )
    axis = charts.cumulative(weeks, None, 1_000.0, "fr").layout.xaxis
    assert axis.dtick is None and axis.tickformat == "%d/%m/%Y" and axis.nticks == 6
    months = pd.DataFrame(
        {"day": pd.to_datetime(["2022-09-01", "2023-11-30"]), "committed": [100.0, 300.0], "paid": [0.0, 50.0]}
    )
    axis = charts.cumulative(months, None, 1_000.0, "fr").layout.xaxis
    assert axis.dtick == "M3" and axis.tickformat == "%m/%Y"  # 08/2022 (the day before) to 11/2023: 16 months


def test_decommitment_bars_show_what_covers_each_tranche_by_standing():
    df = pd.DataFrame(
        {
            "tranche_year": [2019, 2020, 2021],
            "resource": ["ordinary", "ordinary", "react-eu"],
            "deadline": pd.to_datetime(["2022-12-31", "2025-02-15", "2025-02-15"]),
            "due_cumulative": [1e6, 2e6, 5e5],
            "prefinancing": [1e5, 0.0, 0.0],
            "claimed": [1.5e6, 1.5e6, 1e5],
            "rag": ["green", "orange", "na"],
            "status": ["covered", "to_watch", "not_checked"],
        }
    )
    fig = charts.decommitment_bars(df, "nl")
    due, *covered = fig.data
    assert list(due.x) == ["2019", "2020", "2021 REACT-EU"]
    # one trace per standing, each of one colour, in one slot of the group: the legend's swatch is its bars' colour
    assert [(list(c.x), list(c.y)) for c in covered] == [
        (["2019"], [1.6]),
        (["2020"], [1.5]),
        (["2021 REACT-EU"], [0.1]),
    ]
    assert [c.marker.color for c in covered] == [charts.RAG_COLOURS[c] for c in ("green", "orange", "na")]
    assert {c.offsetgroup for c in covered} == {"Gedekt (voorfinanciering + gedeclareerd)"} != {due.offsetgroup}
    assert [c.name for c in covered][:2] == ["Gedekt", "Op te volgen"]  # each standing, under the series' name:
    assert covered[0].legendgrouptitle.text == "Gedekt (voorfinanciering + gedeclareerd)"
    assert {c.legendgroup for c in covered} == {covered[0].legendgrouptitle.text}
    assert "Gedekt" in covered[0].customdata[0] and "15 feb 2025" in due.customdata[1]


def test_forecast_bars_legend_says_each_standing_in_its_colour():
    """Realised bars coloured by their year's standing: one legend entry per standing, in that colour; years to
    come (nothing paid) get none."""
    df = pd.DataFrame(
        {
            "year": [2021, 2022, 2023, 2024],
            "forecast": [100.0, 200.0, 300.0, 400.0],
            "paid": [100.0, 50.0, 120.0, 0.0],
            "ratio": [1.0, 0.25, 0.8, float("nan")],
            "rag": ["green", "red", "green", "na"],
            "year_state": ["completed", "completed", "current", "future"],
            "expected": [100.0, 200.0, 150.0, 0.0],
        }
    )
    fig = charts.forecast_bars(df, "fr")
    forecast, *realised = [d for d in fig.data if d.type == "bar"]
    assert [(d.name, list(d.x), d.marker.color) for d in realised] == [
        ("Prévision atteinte", ["2021"], charts.RAG_COLOURS["green"]),
        ("Non atteinte", ["2022"], charts.RAG_COLOURS["red"]),
        ("En cours — dans les temps", ["2023"], charts.RAG_COLOURS["green"]),
    ]  # 2024: nothing paid, no entry
    assert realised[0].legendgrouptitle.text == "Réalisé" and realised[1].legendgrouptitle.text is None
    assert len({d.offsetgroup for d in realised}) == 1 and forecast.offsetgroup != realised[0].offsetgroup


def test_forecast_bars_keep_the_years_without_a_forecast_line():
    """Forecast lines for 2019, 2021 and 2023 only: the axis has 2019 to 2023, 2020 and 2022 at zero (UI walk #7)."""
    df = pd.DataFrame(
        {
            "year": [2019, 2021, 2023],
            "forecast": [100.0, 200.0, 300.0],
            "paid": [100.0, 200.0, 0.0],
            "ratio": [1.0, 1.0, 0.0],
            "rag": ["green", "green", "red"],
        }
    )
    forecast = charts.forecast_bars(df, "nl").data[0]
    assert list(forecast.x) == ["2019", "2020", "2021", "2022", "2023"]
    assert list(forecast.y) == [100.0, 0.0, 200.0, 0.0, 300.0]


def test_gauge_bold_line_is_the_threshold_thin_line_the_mark():
    ind = charts.gauge(0.935, KPI, "red", "fr").data[0]
    assert ind.gauge.threshold.value == 95  # the threshold the status is judged on: bold
    assert ind.gauge.threshold.line.width == 5
    mark = ind.gauge.steps[-1]  # the mark, 97 %: a thin band
    assert mark.range[0] < 97 < mark.range[1] and mark.range[1] - mark.range[0] < 1


@pytest.mark.parametrize(
    "rate, value, fmt",
    [
        (0.94999999995, 94.99, ".2f"),  # 95 % minus one cent of 200 M€: never "95.0" beside a red badge
        (0.95, 95.0, ".1f"),
        (0.935, 93.5, ".1f"),
    ],
)
def test_gauge_number_follows_the_display_rule(rate, value, fmt):
    ind = charts.gauge(rate, KPI, "red", "fr").data[0]
    assert ind.value == pytest.approx(value) and ind.number.valueformat == fmt


def test_status_donut_leaves_out_empty_stages():
    fig = charts.status_donut({"selected": 3, "signed": 0, "ongoing": 5, "closed": 0, "cancelled": 1}, "nl")
    pie = fig.data[0]
    assert list(pie.labels) == ["Geselecteerd", "Lopend", "Geannuleerd"]
    assert list(pie.values) == [3, 5, 1]


def test_events_timeline_one_lane_per_kind_and_escaped_texts():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-15", "2023-06-28", "2023-09-14"]),
            "lane": ["Appel", "Appel", "Sélection"],
            "text": ["Ouverture", "Clôture", "<b>Projet</b> — 14 sept. 2023"],
        }
    )
    fig = charts.events_timeline(events, "fr")
    assert [tr.name for tr in fig.data] == ["Appel", "Sélection"]
    assert list(fig.data[1].customdata) == ["&lt;b&gt;Projet&lt;/b&gt; — 14 sept. 2023"]
