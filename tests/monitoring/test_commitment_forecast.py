"""The commitment forecast (monitoring/commitment_forecast.py) on a small programme built here, figures by hand.

Programme at 30/06/2023, one objective "1" with an allocation of 1 000 000 € (EU 400 000 €); the commitment
KPI's thresholds 60 / 75 / 90 % by 31/12/2023.

project call  selected    committed               grant    at 30/06/2023
A       K1    01/01/2023  300 000 on 02/03/2023   300 000  committed 60 days after its selection
B       K1    01/02/2023  200 000 on 02/04/2023   200 000  committed 60 days after its selection
C       K1    01/06/2023  -                       150 000  pending: waited 29 days

Calls: K1 opened 01/10/2022, closed 01/12/2022, budget 650 000 (its first selection 01/01/2023: 31 days
after closing; its fill (300 000 + 200 000 + 150 000) / 650 000 = 1); K2 opened 01/03/2023, closed
31/05/2023, budget 100 000, nothing selected yet: pending.

Every observed delay is 60 days and every conversion 1 (A and B were committed in full), so each draw is
the same and every figure below is exact: C is committed 60 days after 01/06/2023, on 31/07/2023; K2 is
selected 31 days after 31/05/2023, on 01/07/2023 (it has waited 30 days: the one delay longer than that is
31), with 100 000 × fill 1, then committed 60 days later, on 30/08/2023.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from monitoring.commitment_forecast import (
    backtest,
    backtest_cutoffs,
    baseline,
    commitment_forecast,
    commitment_outlook,
    pipeline,
    threshold_outlooks,
)
from monitoring.model import ProgrammeData, ProgrammeInfo, coerce_frame
from monitoring.thresholds import Kpi

AS_OF = date(2023, 6, 30)
KPI = Kpi("commitment", "2021-2027", 0.60, 0.90, 0.75, date(2023, 1, 1), date(2023, 12, 31))


def frame(kind, rows):
    return coerce_frame(kind, pd.DataFrame(rows))


def project(pid, call, selected, grant, stage="ongoing"):
    return {
        "project_id": pid,
        "name": f"Project {pid}",
        "beneficiary": "Commune X",
        "objective_code": "1",
        "call_id": call,
        "stage": stage,
        "selection_date": selected,
        "agreement_date": None,
        "start_date": selected,
        "end_date": "2027-12-31",
        "total_cost": grant,
        "eu_amount": grant * 0.4,
        "regional_amount": grant * 0.6,
        "postcode": "1000",
    }


def call(cid, opening, closing, budget):
    return {
        "call_id": cid,
        "title": cid,
        "objective_codes": "1",
        "opening_date": opening,
        "closing_date": closing,
        "budget": budget,
    }


def programme(projects, commitments, calls, as_of=AS_OF):
    info = ProgrammeInfo("2021-2027", "TEST", "Test", date(2029, 12, 31), 0.4, as_of)
    budget = frame(
        "budget",
        [{"code": "1", "priority": "1", "label_fr": "1", "label_nl": "1", "label_en": "1", "allocation": 1_000_000,
          "eu_amount": 400_000}],
    )  # fmt: skip
    return ProgrammeData(
        info,
        budget,
        frame("calls", calls),
        frame("projects", projects),
        frame("commitments", commitments),
        frame("payments", []),
        frame("forecasts", []),
    )


CALLS = [call("K1", "2022-10-01", "2022-12-01", 650_000), call("K2", "2023-03-01", "2023-05-31", 100_000)]
COMMITMENTS = [
    {"project_id": "A", "date": "2023-03-02", "amount": 300_000},
    {"project_id": "B", "date": "2023-04-02", "amount": 200_000},
]


@pytest.fixture
def three():
    projects = [
        project("A", "K1", "2023-01-01", 300_000),
        project("B", "K1", "2023-02-01", 200_000),
        project("C", "K1", "2023-06-01", 150_000, stage="selected"),
    ]
    return programme(projects, COMMITMENTS, CALLS)


def test_the_pipeline_is_what_was_known_at_the_date(three):
    p = pipeline(three)
    assert p.committed == 50_000_000  # 300 000 + 200 000, in cents
    assert p.project_grant.tolist() == [15_000_000]  # C only
    # A: 01/01 → 02/03/2023 (31 + 28 + 1 days), B: 01/02 → 02/04/2023 (28 + 31 + 1)
    assert p.commit_delays.tolist() == [60, 60]
    assert p.select_delays.tolist() == [31]  # K1: closed 01/12/2022, first selection 01/01/2023
    assert p.fills.tolist() == pytest.approx([1.0])  # 650 000 / 650 000
    assert p.conversions.tolist() == [1.0, 1.0]  # A and B committed in full
    assert p.call_budget.tolist() == [10_000_000] and p.calls_unforecast == 0  # K2
    # at 31/03/2023 C is not selected yet and B waits: B pending, A the one delay
    early = pipeline(three, date(2023, 3, 31))
    assert early.project_grant.tolist() == [20_000_000] and early.commit_delays.tolist() == [60]


def test_forecast_by_hand(three):
    fc = commitment_forecast(three)
    assert fc.committed == 500_000 and fc.allocation == 1_000_000
    assert (fc.pending_projects, fc.pending_calls, fc.calls_unforecast) == (1, 1, 0)
    # C on 31/07/2023 (01/06 + 60 days), K2 on 30/08/2023 (31/05 + 31 + 60 days): every draw the same
    assert fc.cumulative(date(2023, 7, 30)) == {"median": 500_000, "low": 500_000, "high": 500_000}
    assert fc.cumulative(date(2023, 7, 31))["median"] == 650_000  # 500 000 + 150 000
    assert fc.cumulative(date(2023, 8, 29))["median"] == 650_000
    assert fc.cumulative(date(2023, 8, 30))["median"] == 750_000  # + K2's 100 000 × fill 1 × conversion 1
    path = fc.path(date(2023, 9, 30))
    assert [d.date() for d in path["date"]] == [AS_OF, date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 30)]
    assert path["median"].tolist() == [500_000, 650_000, 750_000, 750_000]


def test_chances_at_the_deadline(three):
    fc = commitment_forecast(three)
    out = threshold_outlooks(fc, KPI)
    # 750 000 at 31/12/2023: 60 % (600 000) and 75 % (750 000, reached to the cent) in every draw, 90 % never
    assert [(o.threshold, o.target, o.probability) for o in out] == [
        (0.60, 600_000, 1.0),
        (0.75, 750_000, 1.0),
        (0.90, 900_000, 0.0),
    ]
    assert out[2].shortfall == 150_000  # 900 000 − 750 000
    assert (
        out[0].describe("en")
        == "more than 95% chance of reaching the 60% threshold by 31/12/2023; €150k above at the median"
    )


def test_a_cancelled_project_makes_the_conversion_uncertain(three):
    projects = [*three.projects.to_dict("records"), project("D", "", "2023-03-01", 50_000, stage="cancelled")]
    four = programme(projects, COMMITMENTS, CALLS)
    assert pipeline(four).conversions.tolist() == [1.0, 1.0, 0.0]  # A, B in full, D cancelled before any
    fc = commitment_forecast(four)
    reached = threshold_outlooks(fc, KPI)
    # 600 000 needs C (500 000 + 150 000) or K2 (500 000 + 100 000): each converts in 2 draws out of 3,
    # independently, so both fail in 1/3 × 1/3 = 1/9 of the draws: 8/9
    assert reached[0].probability == pytest.approx(8 / 9, abs=0.03)
    # 750 000 needs C and K2 both: 2/3 × 2/3 = 4/9
    assert reached[1].probability == pytest.approx(4 / 9, abs=0.03)
    assert reached[2].probability == 0.0


def test_a_project_waiting_longer_than_every_delay_gets_a_fresh_one(three):
    projects = [*three.projects.to_dict("records"), project("E", "", "2023-01-15", 40_000, stage="selected")]
    fc = commitment_forecast(programme(projects, COMMITMENTS, CALLS))
    # E has waited 166 days, longer than every observed 60: it is given 60 more days from 30/06, to 29/08/2023
    assert fc.cumulative(date(2023, 8, 28))["median"] == 650_000  # 500 000 + C's 150 000
    assert fc.cumulative(date(2023, 8, 29))["median"] == 690_000  # + E's 40 000


def test_calls_are_left_out_until_one_call_was_selected(three):
    projects = [{**r, "call_id": ""} for r in three.projects.to_dict("records")]  # K1's projects outside calls
    fc = commitment_forecast(programme(projects, COMMITMENTS, CALLS))
    # K1 and K2 have nothing selected, and no call was ever selected: no fill, no delay to draw from
    assert (fc.pending_calls, fc.calls_unforecast) == (0, 2)
    assert fc.cumulative(date(2023, 12, 31))["median"] == 650_000  # A, B and C only


def test_no_commitment_yet_is_no_history(three):
    none = programme(three.projects.to_dict("records"), [], CALLS)
    fc = commitment_forecast(none)
    assert not fc.history and fc.amounts.shape[1] == 0
    assert fc.cumulative(date(2023, 12, 31)) == {"median": 0.0, "low": 0.0, "high": 0.0}


def test_baseline_and_backtest_by_hand(three):
    # the month ends from the first commitment's (March 2023) with 3 months of data after them: 31/03 only
    assert backtest_cutoffs(three) == [date(2023, 3, 31)]
    # the 12 months before 31/03/2023 committed 300 000 (A): the same pace over 3 months is 75 000
    assert baseline(three, date(2023, 3, 31), 3)["median"] == 75_000
    bt = backtest(three)
    row = bt.rows.iloc[0]
    # 31/03 → 30/06/2023: B's 200 000 was committed; the method said B (waited 58 days, the delay 60): 200 000
    assert (row["actual"], row["method"], row["baseline"]) == (200_000, 200_000, 75_000)
    assert row["ape_method"] == 0.0 and row["ape_baseline"] == pytest.approx(0.625)  # |75 000 − 200 000| / 200 000
    assert bt.verdict == "not_enough_history"  # one cut-off, three needed
    assert bt.reason("en").startswith("The commitment forecast cannot be checked yet (3 past month ends")


def test_outlook_is_hidden_without_a_backtest(three):
    out = commitment_outlook(three, KPI)
    assert not out.shown and out.history
    assert out.end == date(2024, 12, 31)  # the end of the next year
    assert np.isclose(out.at(date(2023, 12, 31))["median"], 750_000)
