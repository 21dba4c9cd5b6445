"""The payment forecast (monitoring/forecast.py) on small programmes built here, forecasts computed by hand.

Programme ``four`` (as_of 30/06/2023; objective 1: allocation 1 000 000, EU 500 000 (50 %);
objective 2: allocation 1 000 000, EU 400 000 (40 %)):

project obj  beneficiary  committed  forecasts                      paid
A       1    Commune X    400 000    2021 100 000, 2022 200 000,    2021 80 000, 2022 160 000, 2023 20 000
                                     2023 100 000, 2024 150 000
B       1    Commune X    200 000    2023 50 000, 2024 50 000       -
C       2    Asbl Y       500 000    2021 50 000, 2022 100 000,     2021 25 000, 2022 50 000, 2023 10 000
                                     2023 100 000
D       2    Asbl Z       100 000    2023 20 000                    -

Ratios: A (80 000 + 160 000) / (100 000 + 200 000) = 0.8 (its own years); B has no year: its
beneficiary's (A's) 0.8; C (25 000 + 50 000) / (50 000 + 100 000) = 0.5; D: no year, its
beneficiary none: its objective's (C's) 0.5. The programme's yearly ratios are 2021
(80 000 + 25 000) / (100 000 + 50 000) = 0.7 and 2022 (160 000 + 50 000) / (200 000 + 100 000) = 0.7,
so the common factor is 1 in every draw and each pool holds one value twice: the band collapses
onto the median, which equals the point forecast, and every figure below is exact.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from monitoring.forecast import (
    backtest,
    backtest_cutoffs,
    baseline,
    chance_text,
    common_factors,
    n3_outlooks,
    payment_application_forecast,
    payment_forecast,
    payment_outlook,
    project_ratios,
    realisation_ratios,
    threshold_outlooks,
)
from monitoring.model import ProgrammeData, ProgrammeInfo, coerce_frame
from monitoring.thresholds import Kpi

AS_OF = date(2023, 6, 30)


def frame(kind, rows):
    return coerce_frame(kind, pd.DataFrame(rows))


def budget(*objectives):
    return frame(
        "budget",
        [
            {"code": c, "priority": c, "label_fr": c, "label_nl": c, "label_en": c, "allocation": a, "eu_amount": eu}
            for c, a, eu in objectives
        ],
    )


def project(pid, obj, beneficiary, eu, regional):
    return {
        "project_id": pid,
        "name": f"Project {pid}",
        "beneficiary": beneficiary,
        "objective_code": obj,
        "call_id": "",
        "stage": "ongoing",
        "selection_date": "2020-06-01",
        "agreement_date": "2020-09-01",
        "start_date": "2020-09-01",
        "end_date": "2025-12-31",
        "total_cost": eu + regional,
        "eu_amount": eu,
        "regional_amount": regional,
        "postcode": "1000",
    }


def programme(projects, commitments, payments, forecasts, objectives, as_of, pid="2021-2027"):
    info = ProgrammeInfo(pid, "TEST", "Test", date(2029, 12, 31), 0.4, as_of)
    calls = frame("calls", [])
    return ProgrammeData(
        info,
        budget(*objectives),
        calls,
        frame("projects", projects),
        frame("commitments", commitments),
        frame("payments", payments),
        frame("forecasts", forecasts),
    )


def pay(pid, day, amount, kind="interim"):
    return {"project_id": pid, "date": day, "amount": amount, "kind": kind}


@pytest.fixture
def four():
    projects = [
        project("A", "1", "Commune X", 200_000, 200_000),
        project("B", "1", "Commune X", 100_000, 100_000),
        project("C", "2", "Asbl Y", 200_000, 300_000),
        project("D", "2", "Asbl Z", 40_000, 60_000),
    ]
    commitments = [
        {"project_id": p, "date": "2020-09-01", "amount": a}
        for p, a in (("A", 400_000), ("B", 200_000), ("C", 500_000), ("D", 100_000))
    ]
    payments = [
        pay("A", "2021-10-01", 80_000),
        pay("A", "2022-10-01", 160_000),
        pay("A", "2023-03-01", 20_000),
        pay("A", "2023-07-15", 99_999),  # after as_of: ignored
        pay("C", "2021-10-01", 25_000),
        pay("C", "2022-10-01", 50_000),
        pay("C", "2023-03-01", 10_000),
    ]
    forecasts = [
        {"project_id": "A", "year": 2021, "amount": 100_000},
        {"project_id": "A", "year": 2022, "amount": 200_000},
        {"project_id": "A", "year": 2023, "amount": 100_000},
        {"project_id": "A", "year": 2024, "amount": 150_000},
        {"project_id": "B", "year": 2023, "amount": 50_000},
        {"project_id": "B", "year": 2024, "amount": 50_000},
        {"project_id": "C", "year": 2021, "amount": 50_000},
        {"project_id": "C", "year": 2022, "amount": 100_000},
        {"project_id": "C", "year": 2023, "amount": 100_000},
        {"project_id": "D", "year": 2023, "amount": 20_000},
    ]
    objectives = (("1", 1_000_000, 500_000), ("2", 1_000_000, 400_000))
    return programme(projects, commitments, payments, forecasts, objectives, AS_OF)


def test_realisation_ratios_are_paid_over_forecast_per_completed_year(four):
    r = realisation_ratios(four).set_index(["project_id", "year"])
    # completed years only (before 2023): A 2021, A 2022, C 2021, C 2022
    assert list(r.index) == [("A", 2021), ("A", 2022), ("C", 2021), ("C", 2022)]
    assert r.loc[("A", 2021), "ratio"] == pytest.approx(0.8)  # 80 000 / 100 000
    assert r.loc[("C", 2022), "ratio"] == pytest.approx(0.5)  # 50 000 / 100 000
    # at an earlier as_of, 2022 is the current year and 2022's payments after it do not count
    early = realisation_ratios(four, date(2022, 6, 30))
    assert list(early["year"]) == [2021, 2021]


def test_project_ratio_falls_back_to_beneficiary_then_objective_then_programme(four):
    r = project_ratios(four).set_index("project_id")
    assert r.loc["A", "source"] == "project" and r.loc["A", "ratio"] == pytest.approx(0.8)  # 240 000 / 300 000
    assert r.loc["B", "source"] == "beneficiary" and r.loc["B", "ratio"] == pytest.approx(0.8)  # Commune X = A
    assert r.loc["C", "source"] == "project" and r.loc["C", "ratio"] == pytest.approx(0.5)  # 75 000 / 150 000
    assert r.loc["D", "source"] == "objective" and r.loc["D", "ratio"] == pytest.approx(0.5)  # objective 2 = C
    # before any completed year there is no history: forecasts taken as given
    none = project_ratios(four, date(2021, 6, 30))
    assert set(none["source"]) == {"none"} and set(none["ratio"]) == {1.0}


def test_programme_fallback_for_an_objective_without_history(four):
    # a fifth project, in a third objective without history, borrows the programme's ratio
    extra = programme(
        [*four.projects.to_dict("records"), project("E", "3", "Other", 10_000, 10_000)],
        four.commitments.to_dict("records"),
        four.payments.to_dict("records"),
        four.forecasts.to_dict("records"),
        (("1", 1_000_000, 500_000), ("2", 1_000_000, 400_000), ("3", 100_000, 50_000)),
        AS_OF,
    )
    r = project_ratios(extra).set_index("project_id")
    # (80 000 + 160 000 + 25 000 + 50 000) / (100 000 + 200 000 + 50 000 + 100 000) = 315 000 / 450 000 = 0.7
    assert r.loc["E", "source"] == "programme" and r.loc["E", "ratio"] == pytest.approx(0.7)


def test_common_factor_is_one_when_every_year_has_the_same_ratio(four):
    factors, weights = common_factors(four)
    # 2021: 105 000 / 150 000 = 0.7 and 2022: 210 000 / 300 000 = 0.7, pooled 0.7: both factors 1
    assert factors.tolist() == pytest.approx([1.0, 1.0])
    assert weights.tolist() == pytest.approx([150 / 450, 300 / 450])  # each year's share of the forecasts


def test_forecast_by_hand(four):
    fc = payment_forecast(four)
    assert fc.years == (2023, 2024) and fc.horizon == date(2024, 12, 31)
    assert fc.paid() == pytest.approx(345_000)  # A 260 000 + C 85 000 (A's 99 999 of July not yet)
    # A: 2023 0.8 × 100 000 − 20 000 = 60 000; 2024 0.8 × 150 000 = 120 000; together 180 000, but A can
    #    only receive 400 000 − 260 000 = 140 000: both scaled by 140 / 180 -> 46 666.67 and 93 333.33
    # B: 2023 0.8 × 50 000 = 40 000; 2024 40 000.  C: 2023 0.5 × 100 000 − 10 000 = 40 000.  D: 0.5 × 20 000
    end_2023 = fc.cumulative(date(2023, 12, 31))
    # 345 000 + 46 666.67 + 40 000 + 40 000 + 10 000 = 481 666.67
    assert end_2023["median"] == pytest.approx(481_666.67)
    assert end_2023["low"] == end_2023["high"] == end_2023["point"] == end_2023["median"]
    # 481 666.67 + 93 333.33 + 40 000 = 615 000
    assert fc.cumulative(date(2024, 12, 31))["median"] == pytest.approx(615_000.00)
    # the current year's rest is spread over its 184 days left: by 31/07, 31 / 184 × 136 666.67 = 23 025.36
    assert fc.cumulative(date(2023, 7, 31))["median"] == pytest.approx(368_025.36, abs=0.01)
    # per objective: 1 = 260 000 + 46 666.67 + 40 000; 2 = 85 000 + 40 000 + 10 000
    assert fc.cumulative(date(2023, 12, 31), "1")["median"] == pytest.approx(346_666.67)
    assert fc.cumulative(date(2023, 12, 31), "2")["median"] == pytest.approx(135_000.00)
    assert fc.sources == {"project": 2, "beneficiary": 1, "objective": 1, "programme": 0, "none": 0}
    assert fc.history


def test_path_is_as_of_then_each_month_end(four):
    path = payment_forecast(four).path(until=date(2023, 9, 30))
    assert [d.date() for d in path["date"]] == [AS_OF, date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 30)]
    assert path["median"].iloc[0] == pytest.approx(345_000)  # nothing forecast yet at as_of
    # by 31/08: 62 / 184 × 136 666.67 = 46 050.72 -> 391 050.72
    assert path["median"].iloc[2] == pytest.approx(391_050.72, abs=0.01)


def test_threshold_outlooks_and_words(four):
    fc = payment_forecast(four)
    kpi = Kpi("consumption", "2021-2027", 0.24, 0.30, 0.25, date(2021, 1, 1), date(2023, 12, 31))
    red, mark, green = threshold_outlooks(fc, kpi)
    # allocation 2 000 000: 24 % = 480 000, reached by the median 481 666.67 in every draw
    assert red.target == 480_000 and red.probability == 1.0 and red.shortfall == 0
    # 25 % = 500 000: reached by no draw, 500 000 − 481 666.67 = 18 333.33 short at the median
    assert mark.target == 500_000 and mark.probability == 0.0
    assert mark.shortfall == pytest.approx(18_333.33)
    assert green.target == 600_000
    assert mark.describe("fr") == (
        "moins de 5\u00a0% de chances d'atteindre le seuil de 25\u00a0% au 31/12/2023\u00a0; "
        "18\u00a0k€ manquants à la médiane"
    )
    assert red.describe("en") == (
        "more than 95% chance of reaching the 24% threshold by 31/12/2023; €2k above at the median"
    )
    assert mark.describe("nl") == (
        "minder dan 5% kans om de drempel van 25% te halen op 31/12/2023; €\u00a018.000 te kort bij de mediaan"
    )
    # a commitment KPI is not moved by payments; a passed deadline has no outlook
    assert threshold_outlooks(fc, Kpi("commitment", "x", 0.6, 0.9, 0.75, date(2021, 1, 1), date(2023, 12, 31))) == []
    assert threshold_outlooks(fc, Kpi("consumption", "x", 0.6, 0.9, 0.75, date(2021, 1, 1), date(2022, 12, 31))) == []


def test_chance_in_words_is_rounded_to_five_percent():
    assert chance_text(0.68, "fr") == "≈\u00a070\u00a0%"  # 0.68 × 20 = 13.6 -> 14 / 20 = 70 %
    assert chance_text(0.04, "en") == "less than 5%"
    assert chance_text(0.96, "nl") == "meer dan 95%"


def test_n3_outlooks_use_the_eu_share_of_each_objective(four):
    fc = payment_forecast(four)
    exposure = pd.DataFrame(
        {
            "tranche_year": [2019, 2020, 2021],
            "deadline": pd.to_datetime(["2022-12-31", "2023-12-31", "2024-12-31"]),
            "gap": [5.0, 60_000.0, 0.0],
        }
    )
    t2020, t2021 = n3_outlooks(fc, exposure)  # the 2019 tranche's deadline is passed: no outlook
    # EU paid by 31/12/2023: objective 1 at 50 %: 0.5 × (46 666.67 + 40 000) = 43 333.33;
    # objective 2 at 40 %: 0.4 × (40 000 + 10 000) = 20 000; together 63 333.33 >= the gap 60 000
    assert t2020.tranche_year == 2020 and t2020.median == pytest.approx(63_333.33)
    assert t2020.probability == 1.0 and t2020.shortfall == 0
    assert t2021.probability == 1.0  # no gap: covered
    assert t2020.describe("en") == (
        "more than 95% chance of covering the 2020 tranche by its N+3 deadline of 31/12/2023; €3k above at the median"
    )
    bigger = n3_outlooks(fc, exposure.assign(gap=[0.0, 70_000.0, 0.0]))[0]
    assert bigger.probability == 0.0 and bigger.shortfall == pytest.approx(6_666.67)  # 70 000 − 63 333.33


def test_art_69_10_table(four):
    table = payment_application_forecast(four).set_index("period")
    # January-July 2023: applications already dated up to 30/06 (estimated from interim payments × EU share):
    # A 20 000 × 0.5 + C 10 000 × 0.4 = 14 000; then July: 31 / 184 × 63 333.33 = 10 670.29
    first = table.loc["current_first"]
    assert (first["start"].date(), first["end"].date()) == (date(2023, 1, 1), date(2023, 7, 31))
    assert first["claimed"] == pytest.approx(14_000)
    assert first["forecast"] == pytest.approx(10_670.29, abs=0.01)
    assert first["total"] == pytest.approx(24_670.29, abs=0.01)
    # August-December: 153 / 184 × 63 333.33 = 52 663.04
    assert table.loc["current_second", "forecast"] == pytest.approx(52_663.04, abs=0.01)
    # 2024: 0.5 × (93 333.33 + 40 000) = 66 666.67
    assert table.loc["next_year", "year"] == 2024
    assert table.loc["next_year", "forecast"] == pytest.approx(66_666.67, abs=0.01)
    # the two parts of the year and the next year sum up the whole EU forecast: 10 670.29 + 52 663.04 + 66 666.67
    assert table["forecast"].sum() == pytest.approx(130_000.00, abs=0.02)


def test_claims_sheet_gives_what_was_claimed(four):
    claims = frame(
        "claims",
        [
            {"claim_id": "DP1", "date": "2023-02-01", "declared_total": 50_000, "eu_amount": 20_000},
            {"claim_id": "DP2", "date": "2023-09-01", "declared_total": 10_000, "eu_amount": 4_000},  # after as_of
        ],
    )
    data = ProgrammeData(
        four.info, four.budget, four.calls, four.projects, four.commitments, four.payments, four.forecasts,
        claims=claims,
    )  # fmt: skip
    assert payment_application_forecast(data).set_index("period").loc["current_first", "claimed"] == 20_000


def test_band_from_resampled_ratios():
    """One project with two completed years, ratios 0.5 and 1.0 (forecast 100 000 each, so each year
    weighs a half). Pooled ratio (50 000 + 100 000) / 200 000 = 0.75; common factors 0.5 / 0.75 = 2/3 and
    1.0 / 0.75 = 4/3. A draw's ratio is one of {0.5, 1.0} × one of {2/3, 4/3}, each a quarter of the
    time: 1/3, 2/3, 2/3, 4/3. On the 2023 forecast of 90 000 the band is 10th percentile 30 000 (1/3),
    median 60 000 (2/3), 90th percentile 120 000 (4/3); the point forecast is 0.75 × 90 000 = 67 500."""
    data = programme(
        [project("P", "1", "B", 500_000, 500_000)],
        [{"project_id": "P", "date": "2020-09-01", "amount": 1_000_000}],
        [pay("P", "2021-06-01", 50_000), pay("P", "2022-06-01", 100_000)],
        [
            {"project_id": "P", "year": 2021, "amount": 100_000},
            {"project_id": "P", "year": 2022, "amount": 100_000},
            {"project_id": "P", "year": 2023, "amount": 90_000},
        ],
        (("1", 2_000_000, 1_000_000),),
        date(2022, 12, 31),
    )
    fc = payment_forecast(data)
    at = fc.cumulative(date(2023, 12, 31))
    paid = 150_000
    assert at["low"] == pytest.approx(paid + 30_000)
    assert at["median"] == pytest.approx(paid + 60_000)
    assert at["high"] == pytest.approx(paid + 120_000)
    assert at["point"] == pytest.approx(paid + 67_500)
    # chance of paying at least 100 000 more in 2023: only the 4/3 draws (120 000), about a quarter
    assert fc.probability(date(2023, 12, 31), paid + 100_000) == pytest.approx(0.25, abs=0.05)
    # seeded: the same data gives the same band
    assert payment_forecast(data).cumulative(date(2023, 12, 31)) == at


@pytest.fixture
def steady():
    """One project: forecasts 120 000 (2020), 60 000 (2021), 120 000 (2022), 120 000 (2023), paid exactly
    that, in equal parts on each month's last day (10 000, 5 000, 10 000, 10 000 a month); as_of 30/06/2023."""
    payments = []
    for year, monthly in ((2020, 10_000), (2021, 5_000), (2022, 10_000), (2023, 10_000)):
        for month in range(1, 13):
            day = (pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)).date()
            if day <= date(2023, 6, 30):
                payments.append(pay("P", day.isoformat(), monthly))
    forecasts = [
        {"project_id": "P", "year": y, "amount": a}
        for y, a in ((2020, 120_000), (2021, 60_000), (2022, 120_000), (2023, 120_000))
    ]
    return programme(
        [project("P", "1", "B", 1_000_000, 1_000_000)],
        [{"project_id": "P", "date": "2019-12-01", "amount": 2_000_000}],
        payments,
        forecasts,
        (("1", 2_000_000, 1_000_000),),
        date(2023, 6, 30),
    )


def test_backtest_cutoffs(steady):
    # from the year after the first forecast year (2020), every 30/06 and 31/12 with 12 months of data after it
    assert backtest_cutoffs(steady) == [date(2021, 6, 30), date(2021, 12, 31), date(2022, 6, 30)]


def test_baseline_is_the_last_twelve_months_pace(steady):
    # 12 months before 30/06/2022: July-December 2021 6 × 5 000 + January-June 2022 6 × 10 000 = 90 000
    assert baseline(steady, date(2022, 6, 30), 12)["median"] == pytest.approx(90_000)
    assert baseline(steady, date(2022, 6, 30), 6)["median"] == pytest.approx(45_000)  # 90 000 × 6 / 12


def test_backtest_by_hand(steady):
    bt = backtest(steady)
    rows = bt.rows.set_index("cutoff")
    # 30/06/2021 (ratio of 2020: 1): rest of 2021 60 000 − 30 000 = 30 000, plus 2022 to 30/06: 181 / 365 × 120 000
    # = 59 506.85 -> 89 506.85; paid then: 6 × 5 000 + 6 × 10 000 = 90 000; APE 493.15 / 90 000 = 0.548 %
    first = rows.loc[pd.Timestamp(2021, 6, 30)]
    assert first["actual"] == 90_000 and first["method"] == pytest.approx(89_506.85, abs=0.01)
    assert first["baseline"] == 90_000  # July-December 2020 60 000 + January-June 2021 30 000: exact
    # 31/12/2021: 2022's forecast 120 000 whole (ratios 1); paid 120 000; the baseline says 60 000 (APE 50 %)
    second = rows.loc[pd.Timestamp(2021, 12, 31)]
    assert second["method"] == pytest.approx(120_000) and second["ape_baseline"] == pytest.approx(0.5)
    # 30/06/2022: 60 000 left of 2022 + 181 / 365 × 120 000 = 119 506.85; paid 120 000; baseline 90 000 (APE 25 %)
    third = rows.loc[pd.Timestamp(2022, 6, 30)]
    assert third["method"] == pytest.approx(119_506.85, abs=0.01) and third["ape_baseline"] == pytest.approx(0.25)
    # MAPE: method (493.15 / 90 000 + 0 + 493.15 / 120 000) / 3 = 0.320 %; baseline (0 + 50 % + 25 %) / 3 = 25 %
    assert bt.mape_method == pytest.approx((493.15 / 90_000 + 493.15 / 120_000) / 3, rel=1e-4)
    assert bt.mape_baseline == pytest.approx(0.25)
    # every ratio is 1, so the method's band is a line: it holds what happened only at 31/12/2021
    assert bt.coverage_method == pytest.approx(1 / 3)
    assert bt.verdict == "shown" and bt.shown
    assert bt.reason("en") == (
        "Checked at 3 past dates over 12 months: mean error 0.3%, against 25.0% "
        "for “the same pace as the last 12 months”."
    )


def test_a_method_that_does_not_beat_the_baseline_is_not_shown(steady):
    # at 30/06/2021 alone (three times) the baseline is exact and the method is 0.548 % off
    bt = backtest(steady, cutoffs=[date(2021, 6, 30)] * 3)
    assert bt.verdict == "worse_than_baseline" and not bt.shown
    assert bt.reason("fr").startswith("Sur 3 dates passées, l'erreur moyenne de la prévision (0,5\u00a0%)")
    few = backtest(steady, cutoffs=[date(2021, 12, 31)])
    assert few.verdict == "not_enough_history" and not few.shown


def test_no_history_means_no_band_and_no_backtest():
    data = programme(
        [project("P", "1", "B", 50_000, 50_000)],
        [{"project_id": "P", "date": "2023-01-10", "amount": 100_000}],
        [pay("P", "2023-02-01", 15_000, "advance")],
        [{"project_id": "P", "year": 2023, "amount": 40_000}, {"project_id": "P", "year": 2024, "amount": 60_000}],
        (("1", 1_000_000, 400_000),),
        date(2023, 6, 30),
    )
    fc = payment_forecast(data)
    assert not fc.history and fc.sources["none"] == 1
    # taken as given: 40 000 − 15 000 = 25 000 in 2023, then 60 000, capped at 100 000 − 15 000 = 85 000 (not binding)
    assert fc.cumulative(date(2024, 12, 31))["median"] == pytest.approx(15_000 + 25_000 + 60_000)
    assert backtest(data).verdict == "not_enough_history"
    art = payment_application_forecast(data).set_index("period")
    # no history, no band: the periods still to come have none (NaN), the median is the forecast itself
    assert np.isnan(art.loc["next_year", "low"]) and art.loc["next_year", "forecast"] == pytest.approx(24_000)
    # 2024: 60 000 × the objective's EU rate 400 000 / 1 000 000 = 24 000
    assert np.isnan(backtest(data).mape_method)


def test_backtest_never_looks_past_the_page_date(steady):
    # at 31/12/2022 only the cut-offs with 12 months of data before that date: 30/06/2021 and 31/12/2021
    assert backtest_cutoffs(steady, until=date(2022, 12, 31)) == [date(2021, 6, 30), date(2021, 12, 31)]
    assert backtest(steady, until=date(2022, 12, 31)).verdict == "not_enough_history"  # 2 < 3 cut-offs


def test_payment_outlook_gathers_the_section(steady):
    kpi = Kpi("consumption", "2021-2027", 0.20, 0.30, 0.25, date(2020, 1, 1), date(2023, 12, 31))
    out = payment_outlook(steady, kpi, None)
    assert out.shown and out.end == date(2024, 12, 31)  # the year after as_of's (the deadline is earlier)
    # paid at 30/06/2023: 120 000 + 60 000 + 120 000 + 6 × 10 000 = 360 000; then 2023's other 60 000
    assert out.paid == 360_000 and out.at(date(2023, 12, 31))["median"] == pytest.approx(420_000)
    # 20 % of 2 000 000 = 400 000 reached at the median 420 000
    assert [o.threshold for o in out.threshold_outlooks] == [0.20, 0.25, 0.30]
    assert out.threshold_outlooks[0].probability == 1.0
    assert list(out.art_69_10["period"]) == ["current_first", "current_second", "next_year"]
