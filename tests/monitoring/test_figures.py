"""headline, with_rag and dashboard_figures; KPI boundaries reached through real programme data."""

from datetime import date

import pytest

from monitoring.figures import dashboard_figures, headline, level_table, with_rag


def test_headline_2021_2027_is_commitment(small, thresholds):
    h = headline(small, thresholds)
    assert h["kpi"].key == "commitment"
    assert h["done"] == 930_000 and h["allocation"] == 3_000_000
    assert h["rate"] == pytest.approx(0.31)  # 930 000 / 3 000 000
    s = h["status"]
    assert s.rag == "red" and s.next_threshold == 0.60
    assert s.gap == 870_000  # 60 % of 3 000 000 = 1 800 000 - 930 000
    assert s.describe("en") == "€870k to commit to reach 60%"
    assert h["days_to_deadline"] == 184  # 30/06/2023 -> 31/12/2023
    assert h["target_rate_today"] == pytest.approx(0.6 * 910 / 1094)  # 910 of 1094 days elapsed
    assert h["target_amount_today"] == round(0.6 * 910 / 1094 * 3_000_000, 2)


def test_headline_after_the_deadline(small, thresholds):
    h = headline(small, thresholds, date(2024, 1, 10))
    assert h["days_to_deadline"] == -10  # deadline passed 10 days ago
    assert h["target_rate_today"] == 0.6


@pytest.mark.parametrize(
    "paid, level",
    [
        (189_999_999.99, "red"),  # a cent below 95 % of 200 M
        (190_000_000.00, "orange"),  # exactly 95 %
        (193_999_999.99, "orange"),  # a cent below the 97 % mark
        (194_000_000.00, "orange"),  # exactly 97 %
        (199_999_999.99, "orange"),  # a cent below 100 %
        (200_000_000.00, "green"),  # exactly 100 %
    ],
)
def test_2014_2020_consumption_headline_boundaries(make_single, thresholds, paid, level):
    data = make_single("2014-2020", 200_000_000.0, committed=200_000_000.0, paid=paid)
    h = headline(data, thresholds)
    assert h["kpi"].key == "consumption"
    assert h["status"].rag == level
    table = with_rag(level_table(data, "objective"), h["kpi"])
    assert table["rag"].iloc[0] == level  # the vectorised path agrees


@pytest.mark.parametrize(
    "committed, level, gap",
    [
        (172_799_999.99, "red", 0.01),  # 60 % of 288 M = 172 800 000
        (172_800_000.00, "orange", 86_400_000.0),  # exactly 60 %; 259.2 M - 172.8 M to green
        (215_999_999.99, "orange", 43_200_000.01),  # a cent below the 75 % mark
        (216_000_000.00, "orange", 43_200_000.0),  # exactly 75 %
        (259_199_999.99, "orange", 0.01),  # a cent below 90 %
        (259_200_000.00, "green", 0.0),  # exactly 90 %
    ],
)
def test_2021_2027_commitment_headline_boundaries(make_single, thresholds, committed, level, gap):
    data = make_single("2021-2027", 288_000_000.0, committed=committed, paid=0.0)
    h = headline(data, thresholds)
    assert (h["status"].rag, h["status"].gap) == (level, pytest.approx(gap))


def test_with_rag_on_objectives(small, thresholds):
    t = with_rag(level_table(small, "objective"), thresholds.headline("2021-2027")).set_index("key")
    assert t.loc["1.1", "rag"] == "red"  # 450 000 / 1 000 000 = 45 % < 60 %
    assert t.loc["1.1", "gap"] == 150_000  # 600 000 - 450 000
    assert t.loc["2.1", "gap"] == 720_000  # 60 % of 2 000 000 = 1 200 000 - 480 000


def test_dashboard_figures(small, thresholds):
    f = dashboard_figures(small, thresholds)
    assert f["programme_id"] == "2021-2027" and f["as_of"] == date(2023, 6, 30)
    assert f["totals"]["paid"] == 712_500
    assert f["headline"]["kpi"].key == "commitment"
    assert f["secondary"] is None  # the team's 2021-2027 consumption KPI was dropped (issue 9)
    assert list(f["objectives"]["key"]) == ["1.1", "2.1"] and "rag" in f["objectives"]
    assert len(f["calls"]) == 4 and len(f["projects"]) == 5
    # projects carry their own status (stage, forecast), not the KPI's: P5 is "selected", not red
    assert f["projects"].set_index("key").loc["P5", "status"] == "selected"
    assert f["monthly"]["paid"].iloc[-1] == 712_500
    assert f["target"]["target_amount"].iloc[-1] == 1_800_000  # 60 % of 3 000 000 at 31/12/2023
    assert len(f["forecast"]) == 6 and len(f["decommitment"]) == 6  # 2022..2027: 2021 is spread over them
    assert f["decommitment_sources"]["method"] == "estimate"
    assert f["cutoffs"][-1] == date(2023, 6, 30)


def test_figures_leave_the_data_untouched(small, thresholds):
    before = {
        k: getattr(small, k).copy() for k in ("budget", "calls", "projects", "commitments", "payments", "forecasts")
    }
    dashboard_figures(small, thresholds)
    for k, frame in before.items():
        assert getattr(small, k).equals(frame), k


def test_cache_never_mixes_programmes(make_single, thresholds):
    import gc

    for paid in (100.0, 200.0, 300.0):  # new objects, possibly at a recycled id()
        data = make_single("2014-2020", 1_000.0, committed=1_000.0, paid=paid)
        assert headline(data, thresholds)["done"] == paid
        del data
        gc.collect()
