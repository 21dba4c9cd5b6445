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


def test_cumulative_starts_from_zero_the_month_before_the_first_line():
    series = pd.DataFrame(
        {"month": pd.to_datetime(["2023-03-31", "2023-04-30"]), "committed": [100.0, 300.0], "paid": [0.0, 50.0]}
    )
    fig = charts.cumulative(series, None, 1_000.0, "en")
    committed = fig.data[0]
    assert list(pd.to_datetime(committed.x).date) == [date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30)]
    assert list(committed.y) == [0.0, 0.0001, 0.0003]  # M€
    assert list(committed.customdata) == ["€0.00", "€100.00", "€300.00"]


def test_decommitment_bars_coloured_by_rag():
    df = pd.DataFrame(
        {
            "tranche_year": [2021, 2022],
            "due_cumulative": [1e6, 2e6],
            "claimed": [1.5e6, 1.5e6],
            "rag": ["green", "red"],
        }
    )
    fig = charts.decommitment_bars(df, "nl")
    due, claimed = fig.data
    assert list(due.x) == ["2021", "2022"]
    assert list(claimed.marker.color) == [charts.RAG_COLOURS["green"], charts.RAG_COLOURS["red"]]


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
