"""forecast_table and decommitment_exposure on the small programme."""

import math
from datetime import date

import pandas as pd
import pytest

from monitoring.figures import decommitment_exposure, forecast_table, tranche_deadline
from monitoring.thresholds import ForecastBands


def test_forecast_table(small):
    t = forecast_table(small)
    assert list(t.columns[:6]) == ["project_id", "year", "forecast", "paid", "ratio", "rag"]
    rows = {(r.project_id, r.year): r for r in t.itertuples()}
    r = rows[("P1", 2022)]
    assert (r.forecast, r.paid) == (120_000, 100_000)  # paid 30/06/2022
    assert r.ratio == pytest.approx(100_000 / 120_000)  # 0.833: orange
    assert r.rag == "orange" and r.gap == 8_000  # 90 % of 120 000 = 108 000 - 100 000
    r = rows[("P1", 2023)]
    assert r.paid == 50_000  # 30/06/2023 counts, 01/07/2023 is after as_of
    assert r.ratio == 0.25 and r.rag == "red"  # 50 000 / 200 000
    assert rows[("P3", 2021)].rag == "red"  # 75 000 / 100 000 = 0.75
    assert rows[("P3", 2022)].rag == "green"  # 300 000 / 300 000
    assert rows[("P2", 2023)].rag == "na" and math.isnan(rows[("P2", 2023)].ratio)  # zero forecast
    assert rows[("P2", 2024)].rag == "na"  # year not started at as_of
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


def test_tranche_deadlines():
    assert tranche_deadline("2014-2020", 2020) == date(2023, 12, 31)  # N+3
    assert tranche_deadline("2021-2027", 2025) == date(2028, 12, 31)  # N+3
    assert tranche_deadline("2021-2027", 2026) == date(2028, 12, 31)  # N+2
    assert tranche_deadline("2021-2027", 2027) == date(2029, 12, 31)  # N+2


def test_decommitment_exposure(small):
    t = decommitment_exposure(small)
    assert list(t.columns[:7]) == [
        "tranche_year",
        "eu_tranche",
        "deadline",
        "due_cumulative",
        "claimed",
        "gap",
        "at_risk",
    ]
    assert list(t["tranche_year"]) == list(range(2021, 2028))
    # EU allocation 1 200 000 / 7 = 171 428.571...: 120 000 000 cents = 7 * 17 142 857 + 1
    assert list(t["eu_tranche"]) == [171_428.58] + [171_428.57] * 6
    assert t["eu_tranche"].sum() == pytest.approx(1_200_000, abs=1e-6)
    assert t["deadline"].iloc[0] == pd.Timestamp("2024-12-31")
    assert t["claimed"].iloc[0] == 285_000  # 40 % * 712 500 paid
    assert t["due_cumulative"].iloc[1] == pytest.approx(342_857.15)  # 171 428.58 + 171 428.57
    assert t["gap"].iloc[0] == 0 and not t["at_risk"].iloc[0]  # 285 000 claimed > 171 428.58 due
    assert t["gap"].iloc[1] == pytest.approx(57_857.15)  # 342 857.15 - 285 000
    # 2025 (N+3) and 2026 (N+2) share the deadline 31/12/2028: both count the five tranches 2021-2025 + 2026
    assert t["due_cumulative"].iloc[4] == t["due_cumulative"].iloc[5] == pytest.approx(1_028_571.43)
    assert t["due_cumulative"].iloc[6] == pytest.approx(1_200_000)
    assert not t["deadline_passed"].any()  # as_of 30/06/2023, first deadline 2024


def test_decommitment_after_deadlines(small):
    t = decommitment_exposure(small, date(2026, 1, 1))
    assert list(t["deadline_passed"][:2]) == [True, True]  # 2024 and 2025 deadlines
    assert t["claimed"].iloc[0] == 289_000  # 40 % * (712 500 + 10 000)
