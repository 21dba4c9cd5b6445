"""Drill-down: clicks on chart bars and grid rows open the page they stand for (plain functions and HTTP)."""

from __future__ import annotations

import json

import pytest

from tests.app.helpers import PROJECTS_GRID, by_id, ids, post_json, route, served_rows, text_of
from ui.words import objective_word


@pytest.fixture(scope="module")
def nav(app):
    """``callbacks.navigation``, imported after ``create_app`` registered it (see test_shell.cb)."""
    import callbacks.navigation

    return callbacks.navigation


# --- plain functions ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "click, expected",
    [
        (
            {"points": [{"customdata": ["/programme/2014-2020/objective/1?lang=fr", "<b>1 …</b>"]}]},
            "/programme/2014-2020/objective/1?lang=fr",
        ),
        ({"points": [{"customdata": "/programme/2021-2027/call/2023-01"}]}, "/programme/2021-2027/call/2023-01"),
        ({"points": [{"customdata": [None, "hover"]}]}, None),  # a bar that leads nowhere
        ({"points": [{"customdata": ["https://evil.example/", "x"]}]}, None),  # only paths inside the app
        ({"points": [{"customdata": [42]}]}, None),
        ({"points": [{"x": 1, "y": "1.1"}]}, None),  # no customdata
        ({"points": []}, None),
        ({}, None),
        (None, None),
    ],
)
def test_href_from_click(nav, click, expected):
    assert nav.href_from_click(click) == expected


# --- over HTTP, with the payloads the charts and grids of a real page produce ---------------------
def _outputs(client) -> dict:
    """Output strings of the drill-down callbacks, by the pattern-matching input they listen to."""
    out = {}
    for d in client.get("/_dash-dependencies").get_json():
        pattern = d["inputs"][0]["id"].startswith("{") if d["inputs"] else False  # not the as-of calendar's
        if d["output"].startswith("nav-url.href@") and len(d["inputs"]) == 1 and pattern:
            out[json.loads(d["inputs"][0]["id"])["type"]] = d["output"]
    return out


def _pattern_body(output, kind, index, prop, value):
    pid = {"index": index, "type": kind}
    return {
        "output": output,
        "outputs": {"id": "nav-url", "property": output.split(".", 1)[1]},
        "inputs": [[{"id": pid, "property": prop, "value": value}]],  # ALL: a list of matching components
        "state": [],
        "changedPropIds": [json.dumps(pid, sort_keys=True, separators=(",", ":")) + "." + prop],
    }


def test_clicking_an_objective_bar_opens_the_objective_page(client):
    outputs = _outputs(client)
    assert set(outputs) == {"drill-graph"}  # grid rows are links, followed in the browser
    page = route(client, "/programme/2021-2027", "?lang=nl&as_of=2023-09-30")
    fig = by_id(page, {"type": "drill-graph", "index": "objectives"})["props"]["figure"]
    committed_bars = fig["data"][1]
    point = committed_bars["customdata"][3]  # the fourth objective (2.1), as plotly.js puts it in clickData
    click = {"points": [{"curveNumber": 1, "pointNumber": 3, "y": committed_bars["y"][3], "customdata": point}]}
    resp = post_json(client, _pattern_body(outputs["drill-graph"], "drill-graph", "objectives", "clickData", click))
    assert resp.status_code == 200
    href = resp.get_json()["response"]["nav-url"]["href"]
    assert href == "/programme/2021-2027/objective/2.1?lang=nl&as_of=2023-09-30"
    # and that URL renders the objective page
    path, search = href.split("?")
    target = route(client, path, "?" + search)
    assert text_of(by_id(target, "page-title")).startswith(f"{objective_word('2021-2027', 'nl')} 2.1")


def test_grid_rows_carry_links_to_their_pages(client):
    """A row's code and name cells are links (the RowLink renderer) to the row's page, which opens."""
    page = route(client, "/programme/2014-2020/objective/3", "?lang=fr")
    grid = by_id(page, {"type": "nav-grid", "index": "projects"})
    assert grid["props"]["className"] == "nav-grid"
    linked = [c["field"] for c in grid["props"]["columnDefs"] if c.get("cellRenderer") == "RowLink"]
    assert linked == ["project_id", "name"]
    row = served_rows(client, page, PROJECTS_GRID)[0]
    assert row["href"] == f"/programme/2014-2020/project/{row['project_id']}?lang=fr"
    target = route(client, row["href"].split("?")[0], "?lang=fr")
    assert "notice-page-error" not in ids(target)
    assert text_of(by_id(target, "page-title")).startswith(f"{row['project_id']} — {row['name']}")


def test_click_without_url_does_not_navigate(client):
    outputs = _outputs(client)
    resp = post_json(
        client,
        _pattern_body(
            outputs["drill-graph"],
            "drill-graph",
            "objectives",
            "clickData",
            {"points": [{"x": 3.2, "y": "1 Recherche"}]},
        ),
    )
    assert resp.status_code in (200, 204)
    assert resp.status_code == 204 or resp.get_json()["response"] == {}


def test_links_to_another_host_are_never_followed():
    from callbacks.navigation import href_from_click

    assert href_from_click({"points": [{"customdata": ["//evil.example/x", "hover"]}]}) is None
    assert href_from_click({"points": [{"customdata": ["https://evil.example/x", "hover"]}]}) is None
