"""forecast_table on the small programme: completed years against the whole forecast, the current year against
its time-proportional share. (Decommitment: test_decommitment.py.)"""

import math
from datetime import date

import pandas as pd
import pytest

from monitoring.exposure import year_fraction
from monitoring.figures import forecast_table
from monitoring.thresholds import ForecastBands


def test_forecast_table(small):
    t = forecast_table(small)
    assert list(t.columns[:6]) == ["project_id", "year", "forecast", "paid", "ratio", "rag"]
    rows = {(r.project_id, r.year): r for r in t.itertuples()}
    r = rows[("P1", 2022)]
    assert (r.forecast, r.paid) == (120_000, 100_000)  # paid 30/06/2022
    assert r.ratio == pytest.approx(100_000 / 120_000)  # 0.833: orange
    assert r.rag == "orange" and r.gap == 8_000  # 90 % of 120 000 = 108 000 - 100 000
    assert r.year_state == "completed" and r.expected == 120_000  # a completed year: the whole forecast
    r = rows[("P1", 2023)]
    assert r.paid == 50_000  # 30/06/2023 counts, 01/07/2023 is after as_of
    assert r.ratio == 0.25  # 50 000 / 200 000 of the whole year
    # the current year is judged on its share so far: 181 of 365 days, 200 000 x 181 / 365 = 99 178.08
    assert r.year_state == "current" and r.expected == 99_178.08
    assert r.expected_ratio == pytest.approx(50_000 / 99_178.08)  # 0.504: still red
    assert r.rag == "red" and r.gap == pytest.approx(29_342.46)  # 80 % of 99 178.08 = 79 342.46 - 50 000
    assert rows[("P3", 2021)].rag == "red"  # 75 000 / 100 000 = 0.75
    assert rows[("P3", 2022)].rag == "green"  # 300 000 / 300 000
    assert rows[("P2", 2023)].rag == "na" and math.isnan(rows[("P2", 2023)].ratio)  # zero forecast
    assert rows[("P2", 2024)].rag == "na"  # year not started at as_of
    assert rows[("P2", 2024)].year_state == "future" and math.isnan(rows[("P2", 2024)].expected)
    assert rows[("P1", 2022)].name == "Project P1"
    assert len(t) == 6


def test_forecast_table_one_project_and_bands(small):
    t = forecast_table(small, project="P1", bands=ForecastBands(0.80, 0.83))
    assert list(t["year"]) == [2022, 2023]
    assert t["rag"].iloc[0] == "green"  # 0.833 >= 0.83


def test_forecast_table_later_as_of(small):
    t = forecast_table(small, date(2023, 12, 31), project="P1")
    assert t["paid"].iloc[1] == 60_000  # 50 000 + 10 000 (01/07/2023)


def test_forecast_table_without_forecasts(small):
    import dataclasses

    from monitoring.model import empty_frame

    t = forecast_table(dataclasses.replace(small, forecasts=empty_frame("forecasts")))
    assert t.empty and "rag" in t.columns


def test_year_fraction_counts_the_day_itself():
    assert year_fraction(date(2023, 1, 1)) == (1, 365)
    assert year_fraction(date(2023, 9, 30)) == (273, 365)  # 181 + 31 + 31 + 30
    assert year_fraction(date(2024, 12, 31)) == (366, 366)  # leap year, whole year


def test_in_year_forecast_is_not_red_in_september(make_small):
    """80 000 forecast for 2023, 60 000 paid by 30/09: 75 % of the year (red by the whole year), but on time."""
    import dataclasses

    from monitoring.model import coerce_frame

    data = make_small(as_of=date(2023, 9, 30))
    data = dataclasses.replace(
        data, forecasts=coerce_frame("forecasts", pd.DataFrame([{"project_id": "P1", "year": 2023, "amount": 80_000}]))
    )
    r = forecast_table(data).iloc[0]
    assert r["paid"] == 60_000  # 50 000 (30/06) + 10 000 (01/07)
    assert r["ratio"] == 0.75  # of the whole year
    # expected by 30/09: 80 000 x 273 / 365 = 59 835.616... -> 59 835.62; 60 000 / 59 835.62 = 1.0027
    assert r["expected"] == 59_835.62
    assert r["rag"] == "green" and math.isnan(r["next_threshold"])
    # on 31/12 the whole forecast is expected: 60 000 / 80 000 = 75 % -> red
    last = forecast_table(dataclasses.replace(data, info=dataclasses.replace(data.info, as_of=date(2023, 12, 31))))
    assert last["expected"].iloc[0] == 80_000 and last["rag"].iloc[0] == "red"
