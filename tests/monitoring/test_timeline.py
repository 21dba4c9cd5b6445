"""monthly_series, target_path and reporting_cutoffs on the small programme."""

from datetime import date

import pandas as pd
import pytest

from monitoring.figures import monthly_series, reporting_cutoffs, target_path, target_rate_at
from monitoring.thresholds import Kpi

COMMITMENT = Kpi("commitment", "2021-2027", 0.60, 0.90, 0.75, date(2021, 1, 1), date(2023, 12, 31))


def test_programme_series_cumulates_month_ends(small):
    s = monthly_series(small).set_index("month")
    assert list(monthly_series(small).columns) == ["month", "committed", "paid", "commitment_rate", "liquidation_rate"]
    assert s.index[0] == pd.Timestamp("2021-05-31")  # first line: P1 committed 10/05/2021
    assert s.index[-1] == pd.Timestamp("2023-06-30")  # as_of's month
    assert len(s) == 26  # May 2021 .. June 2023
    assert s.loc["2021-05-31", "committed"] == 250_000 and s.loc["2021-05-31", "paid"] == 37_500
    assert s.loc["2021-07-31", "committed"] == 750_000  # + P3 500 000
    assert s.loc["2021-08-31", "paid"] == 112_500  # 37 500 + 75 000, carried over a month without lines
    assert s.loc["2022-11-30", "committed"] == 950_000  # 250+500+100+200 k - 100 k (P4 decommitted)
    assert s.loc["2022-12-31", "paid"] == 557_500  # 37.5+75+15+30+100+300 k
    last = s.iloc[-1]
    assert (last["committed"], last["paid"]) == (930_000, 712_500)  # equals totals at as_of
    assert last["commitment_rate"] == pytest.approx(0.31)  # 930 000 / 3 000 000
    assert last["liquidation_rate"] == pytest.approx(0.2375)


def test_series_of_a_selection(small):
    s = monthly_series(small, objective="1.1")
    assert s["month"].iloc[0] == pd.Timestamp("2021-05-31")
    assert s["paid"].iloc[-1] == 217_500  # P1 187 500 + P2 30 000
    assert s["liquidation_rate"].iloc[-1] == pytest.approx(0.2175)  # / 1 000 000
    p = monthly_series(small, project="P2")
    assert p["month"].iloc[0] == pd.Timestamp("2022-02-28")  # P2's first line: commitment 15/02/2022
    assert p["commitment_rate"].iloc[-1] == 1.0  # 200 000 / 200 000


def test_series_without_lines_is_one_zero_point(small):
    s = monthly_series(small, project="P5")  # its only line is after as_of
    assert list(s["month"]) == [pd.Timestamp("2023-06-30")]
    assert (s["committed"].iloc[0], s["paid"].iloc[0], s["commitment_rate"].iloc[0]) == (0, 0, 0)


def test_series_at_an_earlier_as_of(small):
    s = monthly_series(small, date(2021, 9, 15))
    assert s["month"].iloc[-1] == pd.Timestamp("2021-09-30")
    assert s["committed"].iloc[-1] == 850_000  # 250+500+100 k
    assert s["paid"].iloc[-1] == 127_500  # 37 500 + 75 000 + 15 000 (15/09 = as_of counts)


def test_target_path():
    t = target_path(COMMITMENT, 288_000_000.0)
    assert list(t.columns) == ["month", "target_rate", "target_amount"]
    assert t["month"].iloc[0] == pd.Timestamp("2021-01-01") and t["target_rate"].iloc[0] == 0
    assert t["month"].iloc[1] == pd.Timestamp("2021-01-31")
    assert t["month"].iloc[-1] == pd.Timestamp("2023-12-31")
    assert len(t) == 37  # start + 36 month ends
    assert t["target_rate"].iloc[-1] == pytest.approx(0.60)
    assert t["target_amount"].iloc[-1] == 172_800_000  # 60 % of 288 M
    # 31/12/2021 is 364 days after 01/01/2021, of 1094 days to 31/12/2023: 0.60 * 364 / 1094
    row = t.set_index("month").loc["2021-12-31"]
    assert row["target_rate"] == pytest.approx(0.6 * 364 / 1094)
    assert row["target_amount"] == round(0.6 * 364 / 1094 * 288_000_000, 2)


def test_target_path_extends_flat_to_a_later_as_of():
    t = target_path(COMMITMENT, 1_000.0, date(2024, 3, 10))
    assert t["month"].iloc[-1] == pd.Timestamp("2024-03-31")
    assert list(t["target_rate"].iloc[-4:]) == pytest.approx([0.6] * 4)  # Dec 2023 .. Mar 2024


def test_target_rate_at():
    assert target_rate_at(COMMITMENT, date(2020, 6, 1)) == 0  # before the start
    assert target_rate_at(COMMITMENT, date(2023, 6, 30)) == pytest.approx(0.6 * 910 / 1094)  # 910 days elapsed
    assert target_rate_at(COMMITMENT, date(2025, 1, 1)) == 0.6


def test_reporting_cutoffs(small):
    # first line 10/05/2021, as_of 30/06/2023
    assert reporting_cutoffs(small) == [
        date(2021, 7, 31), date(2021, 9, 30), date(2021, 11, 30),
        date(2022, 1, 31), date(2022, 4, 30), date(2022, 7, 31), date(2022, 9, 30), date(2022, 11, 30),
        date(2023, 1, 31), date(2023, 4, 30),
        date(2023, 6, 30),
    ]  # fmt: skip


def test_reporting_cutoffs_as_of_on_a_cutoff_is_not_repeated(make_small):
    d = make_small(as_of=date(2023, 4, 30))
    assert reporting_cutoffs(d)[-2:] == [date(2023, 1, 31), date(2023, 4, 30)]


def test_step_series_one_point_per_day_with_money_lines(small):
    from monitoring.timeline import step_series

    s = step_series(small, project="P3")
    # P3's lines up to 30/06/2023: commitment 500 000 on 01/07/2021, advance 75 000 on 15/07/2021,
    # interim 300 000 on 31/12/2022, decommitment -20 000 on 31/03/2023, balance 105 000 on 15/05/2023;
    # and the as-of day itself
    assert [d.date().isoformat() for d in s["day"]] == [
        "2021-07-01", "2021-07-15", "2022-12-31", "2023-03-31", "2023-05-15", "2023-06-30",
    ]  # fmt: skip
    assert list(s["committed"]) == [500_000, 500_000, 500_000, 480_000, 480_000, 480_000]
    assert list(s["paid"]) == [0, 75_000, 375_000, 375_000, 480_000, 480_000]
    whole = step_series(small)
    assert whole["committed"].iloc[-1] == 930_000 and whole["paid"].iloc[-1] == 712_500  # the programme's totals
    assert whole["day"].is_unique
