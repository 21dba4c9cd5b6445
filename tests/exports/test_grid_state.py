"""The explorer's grid state, read from a URL and applied the way AG Grid applies it (rows by hand)."""

from __future__ import annotations

import json

import pytest

from exports import grid_state as g

FIELDS = ("project_id", "name", "paid", "end_date", "stage")
ROWS = [
    {"project_id": "P1", "name": "Brusoc", "paid": 1000.0, "end_date": "2025-12-31", "stage": "En cours"},
    {"project_id": "P2", "name": "Bruseed", "paid": None, "end_date": None, "stage": "Clôturé"},
    {"project_id": "P3", "name": "Recypark", "paid": 250.5, "end_date": "2024-06-30", "stage": "En cours"},
    {"project_id": "P4", "name": "iMAL", "paid": 1000.0, "end_date": "2026-01-31", "stage": "Sélectionné"},
]


def ids(rows):
    return [r["project_id"] for r in rows]


def state(q=None, flt=None, sort=None):
    return g.parse(q, json.dumps(flt) if flt is not None else None, sort, FIELDS)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bru", ["P1", "P2"]),  # upper-cased, found in the name
        ("BRU cours", ["P1"]),  # every word must be found, in any column
        ("1000", ["P1", "P4"]),  # 1000.0 is written "1000", as JavaScript writes it
        ("250.5", ["P3"]),
        ("2025-12", ["P1"]),
        ("zzz", []),
    ],
)
def test_quick_search(q, expected):
    assert ids(g.apply(ROWS, state(q), FIELDS)) == expected
    # the same with the rows' texts read once beforehand (as the server keeps them for its next searches)
    texts = [g.quick_texts(r, FIELDS) for r in ROWS]
    assert ids(g.apply(ROWS, state(q), FIELDS, texts)) == expected


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"paid": {"filterType": "number", "type": "greaterThan", "filter": 300}}, ["P1", "P4"]),
        ({"paid": {"filterType": "number", "type": "lessThanOrEqual", "filter": 250.5}}, ["P3"]),
        ({"paid": {"filterType": "number", "type": "inRange", "filter": 250.5, "filterTo": 1000}}, []),  # bounds out
        ({"paid": {"filterType": "number", "type": "blank"}}, ["P2"]),
        ({"paid": {"filterType": "number", "type": "notEqual", "filter": 1000}}, ["P3"]),  # empty passes blank only
        ({"name": {"filterType": "text", "type": "contains", "filter": "BRU"}}, ["P1", "P2"]),
        ({"name": {"filterType": "text", "type": "startsWith", "filter": "re"}}, ["P3"]),
        ({"stage": {"filterType": "text", "type": "notEqual", "filter": "en cours"}}, ["P2", "P4"]),
        ({"end_date": {"filterType": "date", "type": "lessThan", "dateFrom": "2025-01-01 00:00:00"}}, ["P3"]),
        (
            {
                "name": {
                    "filterType": "text",
                    "operator": "OR",
                    "conditions": [{"type": "equals", "filter": "imal"}, {"type": "endsWith", "filter": "park"}],
                }
            },
            ["P3", "P4"],
        ),
        (  # two columns: both apply
            {
                "stage": {"filterType": "text", "type": "equals", "filter": "En cours"},
                "paid": {"filterType": "number", "type": "greaterThan", "filter": 500},
            },
            ["P1"],
        ),
    ],
)
def test_column_filters(flt, expected):
    assert ids(g.apply(ROWS, state(flt=flt), FIELDS)) == expected


def test_sort_with_empty_first_and_ties_in_original_order():
    assert ids(g.apply(ROWS, state(sort="paid:asc"), FIELDS)) == ["P2", "P3", "P1", "P4"]
    assert ids(g.apply(ROWS, state(sort="paid:desc"), FIELDS)) == ["P1", "P4", "P3", "P2"]
    assert ids(g.apply(ROWS, state(sort="paid:desc,name:asc"), FIELDS)) == ["P1", "P4", "P3", "P2"]
    assert ids(g.apply(ROWS, state(sort="stage:asc,paid:desc"), FIELDS)) == ["P2", "P1", "P3", "P4"]


def test_from_the_grid_and_back_to_the_url():
    s = g.from_grid(
        "bru",
        {"paid": {"filterType": "number", "type": "greaterThan", "filter": 10}},
        [{"colId": "name", "sort": "asc", "sortIndex": 1}, {"colId": "paid", "sort": "desc", "sortIndex": 0}],
    )
    assert s.sort == (g.SortKey("paid", True), g.SortKey("name", False))
    q = s.query()
    assert q["sort"] == "paid:desc,name:asc" and q["q"] == "bru"
    assert g.parse(q["q"], q["filter"], q["sort"], FIELDS) == s
    assert g.GridState().query() == {}


@pytest.mark.parametrize(
    ("flt", "sort", "message"),
    [
        ("{bad", None, "Parameter 'filter' of the address: this is not valid JSON (character 2)."),
        (
            '["x"]',
            None,
            "Parameter 'filter' of the address: a filter must be a JSON object whose keys are the grid's columns.",
        ),
        ('{"secret": {}}', None, "Parameter 'filter' of the address: unknown column 'secret'."),
        (
            '{"paid": {"filterType": "number", "type": "greaterThan"}}',
            None,
            "Parameter 'filter' of the address: unknown or incomplete condition 'greaterThan' for column 'paid'.",
        ),
        (None, "paid:up", "Parameter 'sort' of the address: 'paid:up' is not of the form column:asc or column:desc."),
    ],
)  # fmt: skip
def test_bad_states_are_located(flt, sort, message):
    with pytest.raises(g.GridStateError) as err:
        g.parse(None, flt, sort, FIELDS)
    assert err.value.message("en") == message
    assert err.value.message("fr").startswith("Paramètre «\u00a0")


def test_described_in_words():
    s = state("bru", {"paid": {"filterType": "number", "type": "greaterThan", "filter": 300}}, "paid:desc")
    assert g.describe(s, "fr", {"paid": "Liquidé"}, 1, 1234) == (
        "recherche «\u00a0bru\u00a0» · Liquidé > 300 · tri\u00a0: Liquidé décroissant · 1 projet sur 1\u202f234"
    )
    assert g.describe(s, "nl", {"paid": "Vereffend"}, 2, 4).endswith(
        "sortering: Vereffend aflopend · 2 projecten van 4"
    )
