"""What changed between two snapshots (monitoring.compare), on the small programme of conftest.py.

Before: the small programme at 30/06/2023. After: the same workbook at 30/09/2023, with P4 (cancelled) gone
with its lines and a new P6 (1.1, call C1) committed 50 000 on 01/09/2023. By hand, each side at its own date:

project  committed before -> after        paid before -> after
P1       250 000 -> 250 000               187 500 -> 197 500 (its 10 000 of 01/07/2023 now counts)
P4       0 -> (removed)                    15 000 -> (removed)
P5       0 -> 300 000 (its commitment of 01/08/2023 now counts)   0 -> 0
P6       (added) -> 50 000                 (added) -> 0
objective 1.1: committed 250 000 + 200 000 = 450 000 -> 500 000; paid 187 500 + 30 000 = 217 500 -> 227 500
objective 2.1: committed 480 000 + 0 + 0 = 480 000 -> 780 000; paid 480 000 + 15 000 = 495 000 -> 480 000
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from monitoring.compare import compare

from .conftest import build_small, frame


def _after():
    data = build_small(date(2023, 9, 30))
    projects = data.projects[data.projects["project_id"] != "P4"]
    p6 = projects[projects["project_id"] == "P1"].assign(project_id="P6", name="Project P6")
    lines = {
        kind: getattr(data, kind)[getattr(data, kind)["project_id"] != "P4"]
        for kind in ("commitments", "payments", "forecasts")
    }
    commitments = pd.concat(
        [lines["commitments"], frame("commitments", [{"project_id": "P6", "date": "2023-09-01", "amount": 50_000}])],
        ignore_index=True,
    )
    return dataclasses.replace(
        data,
        projects=pd.concat([projects, p6], ignore_index=True),
        commitments=commitments,
        payments=lines["payments"],
        forecasts=lines["forecasts"],
    )


def test_projects_added_removed_and_changed(thresholds):
    c = compare(build_small(), _after(), thresholds)
    rows = {r["key"]: r for r in c.projects.to_dict("records")}
    assert rows["P6"]["change"] == "added" and rows["P6"]["committed_change"] == 50_000
    assert rows["P4"]["change"] == "removed" and rows["P4"]["paid_change"] == -15_000
    assert rows["P1"]["change"] == "changed" and rows["P1"]["paid_change"] == 10_000
    assert rows["P5"]["change"] == "changed" and rows["P5"]["committed_change"] == 300_000
    assert (c.count("added"), c.count("removed")) == (1, 1)
    assert list(c.projects["change"]) == sorted(c.projects["change"], key=("added", "removed", "changed").index)
    assert "P3" not in rows  # closed, same amounts: unchanged
    assert c.unchanged + len(c.projects) == 6  # P1..P6 once each


def test_objectives_then_and_now(thresholds):
    c = compare(build_small(), _after(), thresholds)
    obj = c.objectives.set_index("key")
    assert (obj.loc["1.1", "committed_before"], obj.loc["1.1", "committed_after"]) == (450_000, 500_000)
    assert (obj.loc["1.1", "paid_before"], obj.loc["1.1", "paid_after"]) == (217_500, 227_500)
    assert (obj.loc["2.1", "committed_change"], obj.loc["2.1", "paid_change"]) == (300_000, -15_000)
    # the headline (commitment for 2021-2027): 930 000 of 3 000 000 before, 1 280 000 after
    assert (c.before.done, c.after.done) == (930_000, 1_280_000)
    assert (c.before.as_of, c.after.as_of) == (date(2023, 6, 30), date(2023, 9, 30))


def test_a_snapshot_compared_with_itself_has_no_change(thresholds, small):
    c = compare(small, small, thresholds)
    assert c.projects.empty and c.unchanged == 5
    assert (c.objectives["committed_change"] == 0).all() and (c.objectives["paid_change"] == 0).all()


def test_two_programmes_are_not_compared(thresholds, small, make_single):
    with pytest.raises(ValueError, match="cannot compare"):
        compare(small, make_single(), thresholds)
