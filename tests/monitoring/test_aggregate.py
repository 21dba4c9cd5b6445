"""level_table and totals on the small programme (figures in conftest.py's docstring)."""

import math
from datetime import date

import pytest

from monitoring.figures import COLUMNS, level_table, totals


def test_programme_row(small):
    t = level_table(small, "programme")
    assert list(t.columns) == COLUMNS
    r = t.iloc[0]
    assert r["key"] == "2021-2027"
    assert r["allocation"] == 3_000_000  # 1 000 000 + 2 000 000
    assert r["allocation_eu"] == 1_200_000  # 400 000 + 800 000
    assert r["committed"] == 930_000  # 250 000 + 200 000 + 480 000 + 0 + 0
    assert r["paid"] == 712_500  # 187 500 + 30 000 + 480 000 + 15 000
    assert r["remaining_to_commit"] == 2_070_000  # 3 000 000 - 930 000
    assert r["remaining_to_pay"] == 2_287_500  # 3 000 000 - 712 500
    assert r["commitment_rate"] == pytest.approx(0.31)  # 930 000 / 3 000 000
    assert r["liquidation_rate"] == pytest.approx(0.2375)  # 712 500 / 3 000 000
    assert r["paid_of_committed"] == pytest.approx(712_500 / 930_000)  # 0.7661
    assert (r["n_projects"], r["n_selected"], r["n_signed"], r["n_ongoing"], r["n_closed"], r["n_cancelled"]) == (
        5,
        1,
        1,
        1,
        1,
        1,
    )
    assert r["selected_amount"] == 1_250_000  # grants without the cancelled P4: 250+200+500+300 k
    assert r["selection_rate"] == pytest.approx(1_250_000 / 3_000_000)  # 41.7 % selected vs 31 % committed
    assert r["selected_cost"] == 1_250_000  # total_cost = grant in the fixture
    # advances: P1 37 500, P2 30 000, P3 75 000, P4 15 000 = 157 500, of 712 500 paid = 22.1 %
    assert r["paid_advances"] == 157_500
    assert r["advance_share"] == pytest.approx(157_500 / 712_500)


def test_objective_rows(small):
    t = level_table(small, "objective")
    assert list(t["key"]) == ["1.1", "2.1"]
    a, b = t.iloc[0], t.iloc[1]
    assert (a["label_fr"], a["label_nl"], a["label_en"], a["label"]) == (
        "Recherche",
        "Onderzoek",
        "Research",
        "Research",
    )
    assert a["committed"] == 450_000 and a["paid"] == 217_500  # P1+P2: 250+200 k; 187.5+30 k
    assert a["commitment_rate"] == pytest.approx(0.45)  # 450 000 / 1 000 000
    assert b["committed"] == 480_000 and b["paid"] == 495_000  # P3 480 k (+ P4 0); 480 k + 15 k
    assert b["paid_of_committed"] == pytest.approx(1.03125)  # 495 000 / 480 000: paid exceeds committed
    assert b["n_projects"] == 3 and b["n_cancelled"] == 1
    assert (a["objective_code"], a["call_id"]) == ("1.1", "")


def test_call_rows_with_outside_calls_row(small):
    t = level_table(small, "call")
    assert list(t["key"]) == ["", "C1", "C2", "C3"]
    out, c1, _c2, c3 = (t.iloc[i] for i in range(4))
    assert out["label_fr"] == "Hors appels à projets"
    assert out["allocation"] == 300_000  # P5's grant
    assert out["commitment_rate"] == 0 and math.isnan(out["paid_of_committed"])  # 0 committed: NaN, not inf
    assert c1["allocation"] == 600_000 and c1["allocation_eu"] == 240_000  # 600 000 * 40 %
    assert c1["commitment_rate"] == pytest.approx(250_000 / 600_000)  # 0.4167
    assert c1["liquidation_rate"] == pytest.approx(0.3125)  # 187 500 / 600 000
    assert c3["committed"] == 200_000 and c3["paid"] == 45_000  # P2 200 k + P4 0; 30 k + 15 k
    assert c3["objective_code"] == "1.1;2.1"
    assert t["committed"].sum() == 930_000  # calls add up to the programme


def test_call_filtered_by_objective_counts_only_that_objective(small):
    t = level_table(small, "call", objective="2.1")
    assert list(t["key"]) == ["", "C2", "C3"]  # C1 is open to 1.1 only
    c3 = t.set_index("key").loc["C3"]
    assert c3["allocation"] == 500_000  # the call's whole budget is kept
    assert c3["committed"] == 0 and c3["paid"] == 15_000  # only P4 (2.1), not P2 (1.1)
    assert c3["liquidation_rate"] == pytest.approx(0.03)  # 15 000 / 500 000
    assert c3["objective_code"] == "2.1"


def test_objective_filtered_by_call(small):
    t = level_table(small, "objective", call="C3")
    assert list(t["key"]) == ["1.1", "2.1"]
    assert list(t["committed"]) == [200_000, 0]  # P2 ; P4 (decommitted)
    assert list(t["paid"]) == [30_000, 15_000]
    assert list(t["call_id"]) == ["C3", "C3"]
    assert list(t["allocation"]) == [1_000_000, 2_000_000]


def test_project_rows_cancelled_and_future_lines(small):
    t = level_table(small, "project").set_index("key")
    p4 = t.loc["P4"]
    assert p4["allocation"] == 100_000 and p4["committed"] == 0  # 100 000 - 100 000 decommitted
    assert p4["paid"] == 15_000 and math.isnan(p4["paid_of_committed"])  # 15 000 / 0: not applicable
    assert p4["selected_amount"] == 0  # cancelled: not in the selected amount
    assert p4["n_cancelled"] == 1
    assert t.loc["P5", "committed"] == 0  # its commitment is dated 01/08/2023, after as_of
    assert t.loc["P1", "paid"] == 187_500  # 37 500 + 100 000 + 50 000 (30/06/2023 = as_of counts); 01/07 not
    assert t.loc["P3", "remaining_to_commit"] == 20_000  # 500 000 - 480 000
    assert (t.loc["P3", "objective_code"], t.loc["P3", "call_id"]) == ("2.1", "C2")


def test_project_level_filtered(small):
    t = level_table(small, "project", objective="1.1", call="C3")
    assert list(t["key"]) == ["P2"]


def test_as_of_moves_the_figures(small):
    t = totals(small, date(2021, 12, 31))
    assert t["committed"] == 850_000  # 250 000 + 500 000 + 100 000 (P2 and decommitments come later)
    assert t["paid"] == 127_500  # 37 500 + 75 000 + 15 000
    later = totals(small, date(2023, 12, 31))
    assert later["committed"] == 1_230_000  # 930 000 + P5 300 000
    assert later["paid"] == 722_500  # 712 500 + 10 000
    assert totals(small)["paid"] == 712_500  # None: the workbook's as_of


def test_negative_remaining_keeps_its_sign(small):
    import dataclasses

    import pandas as pd

    from monitoring.model import coerce_frame

    extra = coerce_frame(
        "payments", pd.DataFrame([{"project_id": "P3", "date": "2023-06-01", "amount": 30_000, "kind": "interim"}])
    )
    data = dataclasses.replace(small, payments=pd.concat([small.payments, extra], ignore_index=True))
    p3 = totals(data, project="P3")
    assert p3["paid"] == 510_000  # 480 000 + 30 000
    assert p3["remaining_to_pay"] == -10_000  # 500 000 - 510 000: overpaid, sign kept
    assert p3["liquidation_rate"] == pytest.approx(1.02)  # 510 000 / 500 000


def test_totals_selections(small):
    assert totals(small)["key"] == "2021-2027"
    o = totals(small, objective="1.1")
    assert (o["key"], o["allocation"], o["paid"]) == ("1.1", 1_000_000, 217_500)
    c = totals(small, call="C3", objective="2.1")
    assert (c["key"], c["committed"], c["paid"], c["allocation"]) == ("C3", 0, 15_000, 500_000)
    assert c["paid_of_committed"] is None  # NaN becomes None in dicts
    p = totals(small, project="P1")
    assert (p["key"], p["allocation"], p["liquidation_rate"]) == ("P1", 250_000, 0.75)  # 187 500 / 250 000
    assert list(p) == COLUMNS
    out = totals(small, call="")
    assert out["allocation"] == 300_000 and out["label_en"] == "Outside calls for projects"


def test_totals_unknown_selection_raises(small):
    with pytest.raises(KeyError):
        totals(small, call="C9")
    with pytest.raises(KeyError):
        totals(small, project="P1", objective="2.1")  # P1 belongs to 1.1


def test_filtered_programme_level_is_the_selection(small):
    t = level_table(small, "programme", objective="2.1")
    assert len(t) == 1 and t.iloc[0]["key"] == "2.1" and t.iloc[0]["paid"] == 495_000


def test_unknown_level(small):
    with pytest.raises(ValueError, match="priority"):
        level_table(small, "priority")


def test_zero_allocation_gives_nan_not_inf(small):
    import dataclasses

    budget = small.budget.assign(allocation=[0.0, 2_000_000.0])
    data = dataclasses.replace(small, budget=budget)
    o = level_table(data, "objective").set_index("key")
    assert math.isnan(o.loc["1.1", "commitment_rate"]) and math.isnan(o.loc["1.1", "liquidation_rate"])
    assert o.loc["1.1", "remaining_to_commit"] == -450_000  # 0 - 450 000, sign kept
    assert totals(data, objective="1.1")["commitment_rate"] is None


def test_call_rows_and_the_allocation_not_given_to_a_call(small):
    from monitoring.figures import call_allocation_gap

    calls = level_table(small, "call")
    programme = totals(small)
    # committed and paid over the call rows (with the outside-calls row) add up to the programme ...
    assert calls["committed"].sum() == programme["committed"] and calls["paid"].sum() == programme["paid"]
    # ... but not the allocation: 300 000 (outside) + 600 000 + 1 500 000 + 500 000 = 2 900 000 of 3 000 000
    assert calls["allocation"].sum() == 2_900_000
    gap = call_allocation_gap(small)
    assert gap == {
        "allocation": 3_000_000,
        "calls_budget": 2_600_000,
        "outside_calls": 300_000,  # P5's grant
        "not_allocated": 100_000,  # 3 000 000 - 2 600 000 - 300 000
        "shared": False,
        "unallocated": 100_000,  # the same, never negative
        "over_programmed": 0,
    }
    # objective 1.1 has C3, open to 1.1 and 2.1, whose whole budget counts on both: no meaningful difference
    assert call_allocation_gap(small, objective="1.1")["not_allocated"] is None
