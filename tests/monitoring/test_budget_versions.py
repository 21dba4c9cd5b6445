"""Programme versions: a Budget with "valid from" dates; a past date is measured against the allocation then in force.

Figures from the real Brussels 2014-2020 series (Cohesion Open Data, 99js-gm52): the allocation was
189 343 918 € (OP versions 1.2 and 2.1), 191 555 016 € from 2017 (version 3.1) and 197 920 030 € in 2022 with
REACT-EU (version 8.1); the total eligible cost selected at end-2019 was 189 720 540.29 €, officially 99.04 %,
which the dashboard showed as 95.86 % when it measured every date against the last allocation.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from monitoring.details import objective_label
from monitoring.figures import level_table, monthly_series, totals
from monitoring.model import coerce_frame
from monitoring.prepared import prepare

SELECTED_2019 = 189_720_540.29


def _budget(code, allocation, valid_from, label="Axe 1"):
    return {
        "code": code,
        "priority": code,
        "label_fr": label,
        "label_nl": label,
        "label_en": label,
        "allocation": allocation,
        "eu_amount": round(allocation / 2, 2),
        "valid_from": valid_from,
    }


@pytest.fixture
def versioned(make_single):
    data = make_single("2014-2020", 189_343_918.0, committed=0.0, paid=0.0, as_of=date(2022, 6, 30))
    budget = coerce_frame(
        "budget",
        pd.DataFrame(
            [
                _budget("1", 189_343_918.0, None),  # from the start
                _budget("1", 191_555_016.0, "2017-01-01", "Axe 1 (v3.1)"),
                _budget("R", 6_365_014.0, "2022-01-01", "REACT-EU"),  # 197 920 030 - 191 555 016, from 2022
            ]
        ),
    )
    commitments = coerce_frame(
        "commitments", pd.DataFrame([{"project_id": "X", "date": "2019-06-30", "amount": SELECTED_2019}])
    )
    return dataclasses.replace(data, budget=budget, commitments=commitments)


def test_each_date_against_the_allocation_then_in_force(versioned):
    assert versioned.has_budget_versions
    assert totals(versioned, date(2016, 12, 31))["allocation"] == 189_343_918  # before version 3.1
    end_2019 = totals(versioned, date(2019, 12, 31))
    assert end_2019["allocation"] == 191_555_016  # version 3.1; REACT-EU not yet in the programme
    assert end_2019["commitment_rate"] == pytest.approx(0.990423, abs=5e-7)  # 189 720 540.29 / 191 555 016
    mid_2022 = totals(versioned, date(2022, 6, 30))
    assert mid_2022["allocation"] == 197_920_030  # 191 555 016 + 6 365 014
    assert mid_2022["commitment_rate"] == pytest.approx(0.958572, abs=5e-7)  # / 197 920 030
    assert mid_2022["allocation_eu"] == pytest.approx(98_960_015)  # halves: 95 777 508 + 3 182 507


def test_an_objective_not_yet_in_force_has_no_allocation(versioned):
    t = level_table(versioned, "objective", date(2019, 12, 31)).set_index("key")
    assert list(t.index) == ["1", "R"]  # every code is listed, in the sheet's order
    assert t.loc["R", "allocation"] == 0 and pd.isna(t.loc["R", "commitment_rate"])  # not applicable yet
    assert t.loc["1", "label_fr"] == "Axe 1 (v3.1)"  # the labels of the version in force
    assert objective_label(versioned, "1", "fr") == "Axe 1 (v3.1)"  # out of time: the latest version's label


def test_monthly_rates_follow_the_versions(versioned):
    s = monthly_series(versioned).set_index("month")
    # one commitment of 189 720 540.29 on 30/06/2019: its rate falls when REACT-EU enlarges the programme
    assert s.loc["2019-12-31", "commitment_rate"] == pytest.approx(SELECTED_2019 / 191_555_016)
    assert s.loc["2021-12-31", "commitment_rate"] == pytest.approx(SELECTED_2019 / 191_555_016)
    assert s.loc["2022-01-31", "commitment_rate"] == pytest.approx(SELECTED_2019 / 197_920_030)
    assert s["committed"].iloc[-1] == SELECTED_2019


def test_without_the_column_nothing_changes(small):
    assert not small.has_budget_versions
    rows = prepare(small).budget_at(date(2000, 1, 1))  # any date: the sheet as it is
    assert list(rows.code) == ["1.1", "2.1"] and list(rows.alloc_c) == [100_000_000, 200_000_000]
