"""The cross-checks' grouping helpers (issue 22): the repeated money lines and the numbering of project ids, by
hand on a few lines and against a pandas group-by (the way they were computed before) on many random ones."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pandas as pd

from data_loaders.validation import Lines, _days_outside, _distinct, _repeats

NAN = float("nan")
KEYS = ("project_id", "date", "amount", "kind")


def _lines(rows: list[tuple[str | None, date, float, str | None]]) -> Lines:
    return Lines(
        {
            "_row": list(range(2, 2 + len(rows))),
            "project_id": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "amount": np.array([r[2] for r in rows], dtype=float),
            "kind": [r[3] for r in rows],
        }
    )


def _by_groupby(lines: Lines, cols: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """The repeats as a pandas group-by numbers them (groups in order of first appearance, empty values one group)."""
    frame = pd.DataFrame({c: lines[c] if c == "amount" else pd.Series(lines[c], dtype=object) for c in cols})
    groups = frame.groupby(list(cols), sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(groups, return_index=True)
    firsts = first[groups]
    repeated = np.flatnonzero(firsts != np.arange(len(groups)))
    return repeated.tolist(), firsts[repeated].tolist()


def test_a_repeated_line_is_the_same_project_date_amount_and_kind():
    d1, d2 = date(2024, 1, 1), date(2024, 1, 2)
    lines = _lines(
        [
            ("P1", d1, 100.0, "payment"),  # 0
            ("P2", d1, 100.0, "payment"),  # 1
            ("P1", d1, 100.0, "payment"),  # 2: line 0 again
            ("P1", d2, 100.0, "payment"),  # 3: another day
            ("P1", d1, NAN, "payment"),  # 4: no amount
            ("P1", d1, NAN, "payment"),  # 5: line 4 again (two empty amounts are the same)
            ("P2", d1, 100.0, "advance"),  # 6: another kind
            ("P2", d1, 100.0, "payment"),  # 7: line 1 again
            ("P2", d1, 100.0, None),  # 8: no kind
            ("P2", d1, 100.0, None),  # 9: line 8 again
        ]
    )
    repeated, firsts = _repeats(lines, KEYS, _distinct(lines["project_id"]))
    assert repeated.tolist() == [2, 5, 7, 9]
    assert firsts.tolist() == [0, 4, 1, 8]


def test_without_numbered_projects_every_line_is_compared():
    d1 = date(2024, 1, 1)
    lines = _lines([(None, d1, 5.0, "payment"), ("P1", d1, 5.0, "payment"), (None, d1, 5.0, "payment")])
    assert _distinct(lines["project_id"]) is None  # an empty id: not numbered
    repeated, firsts = _repeats(lines, KEYS, None)
    assert (repeated.tolist(), firsts.tolist()) == ([2], [0])  # line 2 repeats line 0 (both without a project)


def test_repeats_match_a_group_by_on_many_random_lines():
    rng = random.Random(2212)
    days = [date(2024, 1, 1 + k) for k in range(4)]
    rows = [
        (
            f"P{rng.randrange(30)}",
            rng.choice(days),
            rng.choice([10.0, 20.5, 0.0, NAN, 1e9]),
            rng.choice(["payment", "advance", None]),
        )
        for _ in range(5_000)
    ]
    lines = _lines(rows)
    repeated, firsts = _repeats(lines, KEYS, _distinct(lines["project_id"]))
    expected = _by_groupby(lines, KEYS)
    assert len(expected[0]) > 1_000  # 30 x 4 x 5 x 3 = 1 800 keys for 5 000 lines: many repeats to find
    assert (repeated.tolist(), firsts.tolist()) == expected


def test_distinct_numbers_ids_in_order_of_first_appearance():
    codes, uniques = _distinct(["B", "A", "B", "C", "A"])  # type: ignore[misc]
    assert uniques == ["B", "A", "C"]
    assert codes.tolist() == [0, 1, 0, 2, 1]
    assert _distinct(["A", None]) is None
    assert _distinct([1.0, NAN]) is None
    rng = random.Random(5)
    values = [f"P{rng.randrange(500)}" for _ in range(10_000)]
    codes, uniques = _distinct(values)  # type: ignore[misc]
    expected_codes, expected_uniques = pd.factorize(np.array(values, dtype=object), sort=False)
    assert codes.tolist() == expected_codes.tolist() and uniques == list(expected_uniques)


def test_days_outside_are_found_with_or_without_the_fast_pass():
    d1, d2, d3 = date(2024, 1, 1), date(2024, 6, 1), date(2025, 1, 1)
    assert _days_outside([d1, d2], d1, d2) == []  # both bounds included
    assert _days_outside([d1, d3], None, d2) == [1]  # 2025-01-01 after 2024-06-01
    assert _days_outside([d2, d1], d2, None) == [1]  # 2024-01-01 before 2024-06-01
    assert _days_outside([d3, None], None, d2) == [0]  # an empty cell: each line looked at, the empty one skipped
    assert _days_outside([d1, None], None, d3) == []
    assert _days_outside([], None, d3) == []
