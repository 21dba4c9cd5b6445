"""monitoring.details: labels, shared calls, call milestones and project lines (small fixture; projects_table:
test_progress.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from monitoring.details import (
    call_milestones,
    call_objective_codes,
    call_title,
    objective_label,
    project_lines,
    shared_calls,
)
from monitoring.exposure import exposure_rag


def test_labels_and_titles(small):
    assert objective_label(small, "1.1", "fr") == "Recherche"
    assert objective_label(small, "2.1", "nl") == "Energie"
    assert objective_label(small, "9.9", "fr") is None
    assert call_title(small, "C3") == "Mixed"
    assert call_title(small, "nope") is None
    assert call_objective_codes(small, "C3") == ["1.1", "2.1"]
    assert call_objective_codes(small, "nope") == []


def test_shared_calls_are_the_calls_open_to_several_objectives(small):
    # C3 is open to 1.1 and 2.1; C1 only to 1.1, C2 only to 2.1
    assert shared_calls(small, "1.1") == ["C3"]
    assert shared_calls(small, "2.1") == ["C3"]
    assert shared_calls(small, "5.1") == []


def test_call_milestones_up_to_the_as_of_date(small):
    m = call_milestones(small, "C3", date(2021, 4, 15))
    # the call's own opening and closing always; P2 and P4 (C3) selected 01/04/2021, agreements on 01/05/2021
    # are after 15/04/2021 and left out
    assert list(m["event"]) == ["opening", "closing", "selection", "selection"]
    assert list(m["project_id"]) == ["", "", "P2", "P4"]
    assert m["date"].iloc[0] == pd.Timestamp("2021-09-01")
    full = call_milestones(small, "C3")  # at the extract date, 30/06/2023: both agreements too
    assert sorted(full.loc[full["event"] == "agreement", "name"]) == ["Project P2", "Project P4"]


def test_project_lines_newest_first_up_to_as_of(small):
    lines = project_lines(small, "P1")  # as of 30/06/2023: the payment of 01/07/2023 is left out
    assert list(lines["date"].dt.date) == [date(2023, 6, 30), date(2022, 6, 30), date(2021, 5, 20), date(2021, 5, 10)]
    assert list(lines["line"]) == ["payment", "payment", "payment", "commitment"]
    assert list(lines["kind"]) == ["interim", "interim", "advance", ""]
    assert lines["amount"].sum() == 50_000 + 100_000 + 37_500 + 250_000
    early = project_lines(small, "P3", date(2021, 12, 31))
    assert list(early["amount"]) == [75_000, 500_000]  # advance of 15/07/2021, commitment of 01/07/2021


def test_exposure_rag_by_urgency():
    as_of = date(2023, 11, 30)
    deadlines = pd.to_datetime(["2023-12-31", "2024-11-30", "2024-12-01", "2025-12-31", "2022-12-31"]).to_numpy()
    rag = exposure_rag([True, True, True, False, True], deadlines, as_of)
    # 31 days, 366 days (2024 is a leap year) -> orange, 367 days -> orange, no gap -> green, passed -> red
    assert list(rag) == ["red", "orange", "orange", "green", "red"]
    rag = exposure_rag([True], pd.to_datetime(["2024-11-29"]).to_numpy(), as_of)  # 365 days: within a year
    assert list(rag) == ["red"]
