"""An earlier as-of date replays the projects, not only the money: selection and stage by their dates.

The ``small`` programme (conftest.py; extract 30/06/2023). Every project is selected on 01/04/2021,
agreement and start 01/05/2021 (planned end 31/12/2025). The dates that move a stage:

| project | stage at extract | grant   | what dates tell                                             |
| P1      | ongoing          | 250 000 | selected 01/04/2021, ongoing from 01/05/2021                 |
| P2      | signed           | 200 000 | signed from 01/05/2021 (never further: the extract says so)  |
| P3      | closed           | 500 000 | ongoing from 01/05/2021, closed from its balance 15/05/2023  |
| P4      | cancelled        | 100 000 | ongoing from 01/05/2021, cancelled from its decommitment     |
|         |                  |         | of 30/11/2022 (commitment 100 000 - 100 000 = 0)             |
| P5      | selected         | 300 000 | selected from 01/04/2021                                     |
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from monitoring.details import budget_versions, projects_table, replay_limits
from monitoring.figures import forecast_table, level_table, project_status, totals
from monitoring.model import coerce_frame
from monitoring.prepared import prepare

from .conftest import build_small


def stages(data, day):
    return dict(zip(prepare(data).project_ids, prepare(data).stages_at(day), strict=True))


def test_stages_replayed_from_the_dates(small):
    assert set(stages(small, date(2021, 3, 31)).values()) == {""}  # the day before every selection
    assert set(stages(small, date(2021, 4, 1)).values()) == {"selected"}
    assert stages(small, date(2021, 5, 1)) == {
        "P1": "ongoing",
        "P2": "signed",  # its start date has come, but it is "signed" at the extract: never further
        "P3": "ongoing",
        "P4": "ongoing",
        "P5": "selected",
    }
    assert stages(small, date(2022, 11, 29))["P4"] == "ongoing"
    assert stages(small, date(2022, 11, 30))["P4"] == "cancelled"  # its decommitment to 0
    assert stages(small, date(2023, 5, 14))["P3"] == "ongoing"
    assert stages(small, date(2023, 5, 15))["P3"] == "closed"  # its balance payment
    extract = dict(zip(small.projects["project_id"], small.projects["stage"], strict=True))
    assert stages(small, date(2023, 6, 30)) == extract  # the extract date: the Projects sheet's stage


def test_selected_amounts_and_counts_at_an_earlier_date(small):
    before = totals(small, date(2021, 3, 31))
    assert (before["n_projects"], before["selected_amount"], before["selected_cost"]) == (0, 0, 0)
    at = totals(small, date(2021, 4, 15))
    # every grant counts: 250 000 + 200 000 + 500 000 + 100 000 + 300 000 = 1 350 000 (P4 not cancelled yet)
    assert (at["n_projects"], at["n_selected"], at["selected_amount"]) == (5, 5, 1_350_000)
    dec = totals(small, date(2022, 12, 1))
    # P4 cancelled on 30/11/2022: 1 350 000 - 100 000 = 1 250 000; stages: P1, P3 ongoing; P2 signed; P5 selected
    assert dec["selected_amount"] == 1_250_000
    counts = tuple(dec[f"n_{s}"] for s in ("ongoing", "signed", "selected", "cancelled", "closed"))
    assert counts == (2, 1, 1, 1, 0)
    objectives = level_table(small, "objective", date(2021, 3, 31)).set_index("key")
    assert objectives["n_projects"].tolist() == [0, 0]


def test_a_project_not_selected_yet_is_not_in_progress(small):
    st = project_status(small, "P1", date(2021, 3, 31))
    assert (st.stage, st.status, st.rag) == ("", "not_selected", "na")
    assert st.label("fr") == "Pas encore sélectionné"
    table = projects_table(small, date(2021, 3, 31)).set_index("key")
    assert set(table["stage"]) == {""} and set(table["status"]) == {"not_selected"}
    assert projects_table(small, date(2022, 12, 1)).set_index("key").loc["P4", "stage"] == "cancelled"


def _closed_with_a_residual_payment():
    """P3 (closed from 15/05/2023) keeps a 2024 forecast of 50 000 and gets a 1 000 indexation on 01/02/2024."""
    data = build_small(as_of=date(2024, 6, 30))
    extra = coerce_frame("forecasts", pd.DataFrame([{"project_id": "P3", "year": 2024, "amount": 50_000}]))
    forecasts = pd.concat([data.forecasts, extra])
    line = {"project_id": "P3", "date": "2024-02-01", "amount": 1_000, "kind": "interim"}
    payments = pd.concat([data.payments, coerce_frame("payments", pd.DataFrame([line]))], ignore_index=True)
    return dataclasses.replace(data, forecasts=forecasts, payments=payments)


def test_a_closed_project_is_never_rated_late():
    data = _closed_with_a_residual_payment()
    f = forecast_table(data, project="P3").set_index("year")
    # 2024: 1 000 paid of the 50 000 x 182/366 = 24 863.39 expected by 30/06/2024 would be red (4 %); closed in
    # 2023, the project is not rated on 2024
    assert f.loc[2024, "expected"] == 24_863.39 and f.loc[2024, "paid"] == 1_000
    assert f.loc[2024, "rag"] == "na" and pd.isna(f.loc[2024, "gap"])
    # the years it ran keep their colours: 2022, 300 000 paid of 300 000 forecast
    assert f.loc[2022, "rag"] == "green"
    st = project_status(data, "P3")
    assert (st.status, st.rag) == ("closed", "na")


def test_replay_limits_say_what_the_dates_cannot_tell(small):
    assert replay_limits(small) is None  # at the extract date nothing is replayed
    assert replay_limits(small, date(2022, 1, 1)) == {
        "no_selection_date": 0,
        "stage_undated": 0,
        "cancelled_undated": 0,
        "closed_undated": 0,
    }
    p = small.projects.assign(selection_date=pd.NaT, agreement_date=pd.NaT)  # the dates left empty
    data = dataclasses.replace(small, projects=p)
    # P1-P5 without selection date; P1-P4 signed or later without agreement date
    assert replay_limits(data, date(2022, 1, 1))["no_selection_date"] == 5
    assert replay_limits(data, date(2022, 1, 1))["stage_undated"] == 3  # P1, P2, P3 (P4 cancelled: its own count)
    # without a selection date a project counts as selected from the start: 1 350 000 on 31/03/2021
    assert totals(data, date(2021, 3, 31))["selected_amount"] == 1_350_000


@pytest.fixture
def versioned(small):
    b = small.budget
    energy = b[b["code"] == "2.1"]
    v2 = energy.assign(allocation=2_500_000.0, eu_amount=1_000_000.0, valid_from=pd.Timestamp("2022-07-01"))
    v3 = energy.assign(allocation=2_200_000.0, eu_amount=880_000.0, valid_from=pd.Timestamp("2024-01-01"))
    budget = coerce_frame("budget", pd.concat([b, v2, v3], ignore_index=True))
    return dataclasses.replace(small, budget=budget)


def test_budget_versions_the_reprogramming_history(versioned, small):
    assert budget_versions(small).empty  # no "valid from" column: no history
    h = budget_versions(versioned)  # as of 30/06/2023
    assert h["code"].tolist() == ["2.1"] * 3  # 1.1 has one version: not listed
    assert h["allocation"].tolist() == [2_000_000, 2_500_000, 2_200_000]
    assert h["change"].tolist()[1:] == [500_000, -300_000]  # 2 500 000 - 2 000 000; 2 200 000 - 2 500 000
    assert h["state"].tolist() == ["past", "in_force", "future"]
    assert budget_versions(versioned, date(2022, 6, 30))["state"].tolist() == ["in_force", "future", "future"]
    # and the figures use the version in force: 1 000 000 + 2 000 000 on 30/06/2022, + 2 500 000 on 30/06/2023
    assert totals(versioned, date(2022, 6, 30))["allocation"] == 3_000_000
    assert totals(versioned)["allocation"] == 3_500_000


# --- rows that get no status, over-programming (docs/metrics.md) ------------------------------------------------
def test_outside_calls_and_shared_calls_get_no_status(small, thresholds):
    from monitoring.aggregate import call_allocation_gap
    from monitoring.details import shared_calls
    from monitoring.status import with_rag

    kpi = thresholds.headline("2021-2027")  # commitment: red below 60 %, green from 90 %
    calls = with_rag(level_table(small, "call", objective="2.1"), kpi, unrated=shared_calls(small, "2.1"))
    rag = calls.set_index("key")["rag"].to_dict()
    # C2: 480 000 committed (P3) / 1 500 000 = 32 %: red; C3 is shared with 1.1 (its 500 000 budget is not
    # split): no status here; the projects outside calls (P5, allocation = its own 300 000 grant): no status
    assert rag == {"C2": "red", "C3": "na", "": "na"}
    assert pd.isna(calls.set_index("key").loc["", "gap"])
    # on the call's own page C3 is rated on all its projects: 200 000 (P2) + 0 (P4) / 500 000 = 40 %: red
    own = with_rag(level_table(small, "call", call="C3"), kpi).set_index("key")
    assert own.loc["C3", "rag"] == "red"
    # over-programming: 2.1 has 2 000 000; C2 1 500 000 + C3 500 000 + outside 300 000 = 2 300 000, but C3 is
    # shared, so no amount is given; on the programme, 3 000 000 - (600 000 + 1 500 000 + 500 000) - 300 000 = 100 000
    gap = call_allocation_gap(small, objective="2.1")
    assert (gap["shared"], gap["unallocated"], gap["over_programmed"]) == (True, None, None)
    whole = call_allocation_gap(small)
    assert (whole["not_allocated"], whole["unallocated"], whole["over_programmed"]) == (100_000, 100_000, 0)


def test_over_programming_is_a_positive_amount_never_a_negative_allocation(small):
    from monitoring.aggregate import call_allocation_gap

    calls = small.calls.assign(budget=[600_000.0, 2_100_000.0, 500_000.0])  # C2 raised by 600 000
    data = dataclasses.replace(small, calls=calls)
    gap = call_allocation_gap(data)
    # 3 000 000 - (600 000 + 2 100 000 + 500 000) - 300 000 outside = -500 000: over-programmed by 500 000
    assert gap["not_allocated"] == -500_000
    assert (gap["unallocated"], gap["over_programmed"]) == (0, 500_000)
