"""Projects explorer: quick search and the totals of the visible rows (plain functions and HTTP)."""

from __future__ import annotations

import json

import pytest

from i18n import format_eur, t
from monitoring import figures
from tests.app.helpers import by_id, post_json, route


@pytest.fixture(scope="module")
def ex(app):
    """``callbacks.explorer``, imported after ``create_app`` registered it (see test_shell.cb)."""
    import callbacks.explorer

    return callbacks.explorer


ROWS = [  # what AG Grid sends as virtualRowData (other fields omitted)
    {"project_id": "A", "allocation": 1000.0, "committed": 600.0, "paid": 250.5},
    {"project_id": "B", "allocation": 2500.25, "committed": None, "paid": 100.0},
]
# by hand: grant 1 000 + 2 500,25 = 3 500,25; committed 600 + 0 = 600; paid 250,50 + 100 = 350,50
EXPECTED = {
    "fr": "Total des 2\xa0projets affichés — Subside (FEDER + Région) 3\u202f500,25\xa0€ · Engagé 600,00\xa0€ · "
    "Liquidé 350,50\xa0€",
    "nl": "Totaal van de 2 getoonde projecten — Subsidie (EFRO + Gewest) €\xa03.500,25 · Vastgelegd €\xa0600,00 · "
    "Vereffend €\xa0350,50",
    "en": "Total of the 2 projects shown — Grant (ERDF + Region) €3,500.25 · Committed €600.00 · Paid €350.50",
}


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_filtered_totals_by_hand(ex, lang):
    assert ex.filtered_totals(ROWS, lang) == EXPECTED[lang]


def test_filtered_totals_of_no_rows(ex):
    assert (
        ex.filtered_totals(None, "en")
        == "Total of the 0 projects shown — Grant (ERDF + Region) €0.00 · Committed €0.00 · Paid €0.00"
    )


def test_quick_search_keeps_other_grid_options(ex):
    assert ex.quick_search("brusoc", {"animateRows": False}) == {"animateRows": False, "quickFilterText": "brusoc"}
    assert ex.quick_search(None, None) == {"quickFilterText": ""}


def _totals_output(client) -> str:
    found = [
        d["output"]
        for d in client.get("/_dash-dependencies").get_json()
        if "explorer-totals.children" in d["output"].strip(".").split("...")
    ]
    assert found
    return found[0]


def _post_totals(client, rows, lang):
    grid = {"index": "explorer", "type": "nav-grid"}
    body = {
        "output": _totals_output(client),
        "outputs": [
            {"id": "explorer-totals", "property": "children"},
            {"id": "explorer-print", "property": "children"},
        ],
        "inputs": [{"id": grid, "property": "virtualRowData", "value": rows}],
        "state": [
            {"id": grid, "property": "columnDefs", "value": []},
            {"id": "explorer-lang", "property": "data", "value": lang},
        ],
        "changedPropIds": [json.dumps(grid, sort_keys=True, separators=(",", ":")) + ".virtualRowData"],
    }
    resp = post_json(client, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return resp.get_json()["response"]["explorer-totals"]["children"]


def test_filtered_totals_over_http_by_hand(client):
    assert _post_totals(client, ROWS, "fr") == EXPECTED["fr"]


def test_filtered_totals_over_http_on_a_subset_of_the_explorer_rows(client, programmes):
    """Filter the real grid to the 2021-2027 projects of objective 5.1: the line equals the core's totals."""
    data = programmes["2021-2027"]
    page = route(client, "/programme/2021-2027/projects", "?lang=nl")
    assert by_id(page, "explorer-lang")["props"]["data"] == "nl"
    rows = by_id(page, {"type": "nav-grid", "index": "explorer"})["props"]["rowData"]
    subset = [r for r in rows if r["objective"] == "5.1"]
    assert 0 < len(subset) < len(rows)
    tot = figures.totals(data, objective="5.1")
    grants = figures.level_table(data, "project", objective="5.1")["allocation"].sum()  # the grid's grant column
    expected = (
        f"{t('filtered_totals', 'nl', n=len(subset))} — {t('grant', 'nl')} {format_eur(grants, 'nl')} · "
        f"{t('committed', 'nl')} {format_eur(tot['committed'], 'nl')} · "
        f"{t('paid', 'nl')} {format_eur(tot['paid'], 'nl')}"
    )
    assert _post_totals(client, subset, "nl") == expected
