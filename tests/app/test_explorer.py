"""Projects explorer: its rows served a block at a time, with its search, filters and sort applied on the server,
and the totals of the rows they leave (plain functions and HTTP)."""

from __future__ import annotations

import json

import pytest

from i18n import format_eur, t
from monitoring import figures
from tests.app.helpers import EXPLORER_GRID, by_id, explorer_rows, route
from ui.views.projects import EXPLORER_BLOCK, totals_line

ROWS = [  # explorer rows (other fields omitted)
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


GRID = json.dumps(EXPLORER_GRID, sort_keys=True, separators=(",", ":"))


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_filtered_totals_by_hand(lang):
    assert totals_line(ROWS, lang) == EXPECTED[lang]


def test_filtered_totals_of_no_rows():
    assert (
        totals_line([], "en")
        == "Total of the 0 projects shown — Grant (ERDF + Region) €0.00 · Committed €0.00 · Paid €0.00"
    )


def _page(client, pid: str, lang: str) -> dict:
    tree = route(client, f"/programme/{pid}/projects", f"?lang={lang}")
    grid = by_id(tree, EXPLORER_GRID)["props"]
    assert grid["rowModelType"] == "infinite" and "rowData" not in grid  # no row is sent with the page
    return by_id(tree, "explorer-page")["props"]["data"]


def test_the_first_block_brings_the_rows_count_and_totals_of_the_whole_programme(client, programmes):
    data = programmes["2021-2027"]
    got = explorer_rows(client, _page(client, "2021-2027", "fr"), 0, EXPLORER_BLOCK)
    answer = got[(GRID, "getRowsResponse")]
    n = len(data.projects)  # 57 projects in the demo 2021-2027 workbook
    assert answer["rowCount"] == n and len(answer["rowData"]) == min(n, EXPLORER_BLOCK)
    table = figures.level_table(data, "project").set_index("key")
    for r in answer["rowData"]:
        assert r["paid"] == pytest.approx(table.loc[r["project_id"], "paid"], abs=0.005)
    tot = figures.totals(data)
    assert got[("explorer-totals", "children")].startswith(t("filtered_totals", "fr", n=n))
    assert f"{t('paid', 'fr')} {format_eur(tot['paid'], 'fr')}" in got[("explorer-totals", "children")]


def test_a_filter_of_the_grid_is_applied_on_the_server_with_its_totals(client, programmes):
    """The grid's filter "code equals 5.1" (as AG Grid sends it): the 2021-2027 projects of objective 5.1, and
    the totals line equals the core's totals of that objective."""
    data = programmes["2021-2027"]
    wanted = sorted(data.projects.loc[data.projects["objective_code"] == "5.1", "project_id"])
    assert 0 < len(wanted) < len(data.projects)
    model = {"objective": {"filterType": "text", "type": "equals", "filter": "5.1"}}
    got = explorer_rows(client, _page(client, "2021-2027", "nl"), 0, EXPLORER_BLOCK, filterModel=model)
    answer = got[(GRID, "getRowsResponse")]
    assert sorted(r["project_id"] for r in answer["rowData"]) == wanted and answer["rowCount"] == len(wanted)
    tot = figures.totals(data, objective="5.1")
    grants = figures.level_table(data, "project", objective="5.1")["allocation"].sum()  # the grid's grant column
    assert got[("explorer-totals", "children")] == (
        f"{t('filtered_totals', 'nl', n=len(wanted))} — {t('grant', 'nl')} {format_eur(grants, 'nl')} · "
        f"{t('committed', 'nl')} {format_eur(tot['committed'], 'nl')} · "
        f"{t('paid', 'nl')} {format_eur(tot['paid'], 'nl')}"
    )


def test_blocks_of_a_sorted_grid_follow_each_other(client, programmes):
    """Sorted by paid, descending, read 10 rows at a time: the blocks put end to end are the projects in that
    order; only the first block carries the totals and the printed table."""
    data = programmes["2014-2020"]
    page = _page(client, "2014-2020", "en")
    sort = [{"colId": "paid", "sort": "desc"}]
    seen = []
    for start in range(0, len(data.projects) + 10, 10):
        got = explorer_rows(client, page, start, start + 10, sortModel=sort)
        seen += got[(GRID, "getRowsResponse")]["rowData"]
        assert (("explorer-totals", "children") in got) == (start == 0)
    paid = figures.level_table(data, "project").set_index("key")["paid"]
    assert len(seen) == len(data.projects) == len({r["project_id"] for r in seen})  # 68 projects, each once
    assert [r["paid"] for r in seen] == sorted(paid.loc[[r["project_id"] for r in seen]], reverse=True)


def test_the_quick_search_is_sent_in_the_grids_context(client, programmes):
    """ "brusoc" as typed in the search box: the one project whose name holds it (1420-IF-01, "Brusoc —
    microcrédit…" in the demo workbook), case ignored."""
    got = explorer_rows(client, _page(client, "2014-2020", "fr"), context={"lang": "fr", "q": "BruSoc"})
    answer = got[(GRID, "getRowsResponse")]
    assert [r["project_id"] for r in answer["rowData"]] == ["1420-IF-01"] and answer["rowCount"] == 1


@pytest.mark.parametrize(
    "request_",
    [
        {"filterModel": {"__proto__": {"filterType": "text", "type": "equals", "filter": "x"}}},
        {"filterModel": {"paid": {"filterType": "number", "type": "drop table", "filter": 1}}},
        {"filterModel": "not a model"},
        {"sortModel": [{"colId": "no_such_column", "sort": "asc"}], "startRow": "abc", "endRow": -5},
    ],
)
def test_a_hand_made_request_gets_no_error(client, request_):
    """A request no grid sends (an unknown column, a condition the grid has not, a start that is no number):
    an empty answer or the plain rows, never an error, never a traceback."""
    page = _page(client, "2014-2020", "fr")
    got = explorer_rows(client, page, **request_)
    answer = got[(GRID, "getRowsResponse")]
    assert answer["rowCount"] in (0, 68)  # nothing, or the 68 projects unsorted when only the sort was unknown


def test_the_printed_table_follows_the_state_of_the_first_block(client):
    """The first block names its state; the printed table built from it has the rows that state leaves: the
    quick search "brusoc" leaves one project (1420-IF-01), so one body row."""
    page = _page(client, "2014-2020", "fr")
    got = explorer_rows(client, page, context={"q": "brusoc"})
    shown = got[("explorer-shown", "data")]
    assert shown == {"q": "brusoc"}
    from ui.views.projects import printed_rows

    with client.application.test_request_context():
        body = printed_rows(shown, page)
    rows = json.loads(getattr(body[0], "data-rows"))  # the cells' texts; assets/print_tables.js draws the table
    assert len(rows) == 1 and rows[0][0] == "1420-IF-01"


def test_the_same_date_asked_or_not_gives_each_its_own_links(client):
    """The extract date (30/11/2023) asked for in the URL, then not: the rows' links keep the date only when the
    URL gave it, whichever was asked first (the rows are kept per query, not per date alone)."""
    explicit = _page(client, "2021-2027", "fr")
    explicit = {**explicit, "explicit_as_of": True}
    asked = explorer_rows(client, explicit)[(GRID, "getRowsResponse")]["rowData"]
    plain = explorer_rows(client, _page(client, "2021-2027", "fr"))[(GRID, "getRowsResponse")]["rowData"]
    assert all(r["href"].endswith("?lang=fr&as_of=2023-11-30") for r in asked)
    assert all(r["href"].endswith("?lang=fr") for r in plain)


def test_rows_at_an_earlier_date_are_that_dates(client, programmes):
    """?as_of=2023-06-30: the rows served are the projects' amounts on that date (their paid adds up to the
    core's paid of the programme on 30/06/2023: 6 705 000,00 €, against 27 517 370,22 € at the extract date),
    and their links keep the date."""
    from datetime import date

    tree = route(client, "/programme/2021-2027/projects", "?lang=fr&as_of=2023-06-30")
    page = by_id(tree, "explorer-page")["props"]["data"]
    assert page["as_of"] == "2023-06-30" and page["explicit_as_of"] is True
    rows = explorer_rows(client, page)[(GRID, "getRowsResponse")]["rowData"]
    paid = figures.totals(programmes["2021-2027"], date(2023, 6, 30))["paid"]
    assert paid == pytest.approx(6_705_000.00, abs=0.005)
    assert sum(r["paid"] or 0 for r in rows) == pytest.approx(paid, abs=0.01)
    assert all(r["href"].endswith("?lang=fr&as_of=2023-06-30") for r in rows)
