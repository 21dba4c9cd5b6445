"""Calling the app's callbacks over HTTP the way the browser does, and reading component trees.

Requests have the shape the dash-renderer sends to ``/_dash-update-component`` (see
``dash/dash-renderer/src/actions/callbacks.ts`` and ``Dash.dispatch`` in ``dash/dash.py``)::

    {"output": "..a.children...b.data..", "outputs": [{"id": "a", "property": "children"}, ...],
     "inputs": [{"id": ..., "property": ..., "value": ...}], "state": [...], "changedPropIds": ["x.value"]}

The answer is ``{"multi": true, "response": {id: {prop: value}}}``, or 204 when the callback
prevented the update (``no_update`` for every output). The output strings below are those the
app publishes at ``/_dash-dependencies``: the helpers read them there.
"""

from __future__ import annotations

import json

from ui import ids as app_ids

ROUTER_OUTPUT = f"..{app_ids.PAGES_CONTENT}.children...{app_ids.PAGES_STORE}.data.."
#: what the shell callbacks put into the shell, as (id, property)
SHELL_OUTPUTS = [
    (app_ids.APP_TITLE, "children"),
    (app_ids.DEMO_NOTICE, "children"),
    (app_ids.NAV_LINKS, "children"),
    (app_ids.SKIP_LINK, "children"),
    (app_ids.MAIN_NAV, "aria-label"),
    (app_ids.PROGRAMME_SWITCH, "data"),
    (app_ids.PROGRAMME_SWITCH, "value"),
    (app_ids.ASOF_SELECT, "data"),
    (app_ids.ASOF_SELECT, "value"),
    (app_ids.ASOF_SELECT, "aria-label"),
    ("asof-calendar", "value"),
    ("asof-calendar", "minDate"),
    ("asof-calendar", "maxDate"),
    ("asof-calendar", "valueFormat"),
    ("asof-calendar", "aria-label"),
    ("asof-dates", "settings"),
    (app_ids.LANG_SWITCH, "value"),
    (app_ids.FOOTER_SOURCES, "children"),
    (app_ids.WARNINGS_BUTTON, "children"),
    (app_ids.WARNINGS_LIST, "children"),
    (app_ids.WARNINGS_MODAL, "title"),
    (app_ids.LANG_STORE, "data"),
]


def url_callbacks(client) -> list[dict]:
    """The callbacks the app publishes that follow the URL (inputs on _pages_location), but the router."""
    deps = client.get("/_dash-dependencies").get_json()
    return [
        d
        for d in deps
        if d["output"] != ROUTER_OUTPUT
        and d["inputs"]
        and all(i["id"] == app_ids.PAGES_LOCATION for i in d["inputs"])
        and not d.get("clientside_function")
    ]


# --- requests -----------------------------------------------------------------------------------
def post_callback(
    client, output: str, outputs, inputs: list[dict], state: list[dict] | None = None, changed: list[str] | None = None
):
    """POST one callback the way the renderer does; returns the Flask response."""
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "state": state or [],
        "changedPropIds": changed if changed is not None else [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


def route_request(pathname: str, search: str = "", stored_lang=None) -> dict:
    return {
        "output": ROUTER_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [{"id": "lang-store", "property": "data", "value": stored_lang}],
        "changedPropIds": ["_pages_location.pathname"],
    }


def post_json(client, body: dict):
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


def route(client, pathname: str, search: str = "", stored_lang=None):
    """The page content the routing callback returns for this URL (a JSON component tree)."""
    resp = post_json(client, route_request(pathname, search, stored_lang))
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    payload = resp.get_json()
    assert payload["multi"] is True
    return payload["response"]["_pages_content"]["children"]


def _value(dep_input: dict, pathname: str, search: str, stored_lang) -> object:
    if dep_input["id"] == app_ids.PAGES_LOCATION:
        return pathname if dep_input["property"] == "pathname" else search
    return stored_lang if (dep_input["id"], dep_input["property"]) == (app_ids.LANG_STORE, "data") else None


def shell(client, pathname: str, search: str = "", stored_lang=None) -> dict:
    """``{(id, prop): value}`` of every shell callback's answer for this URL (outputs not updated are absent).

    The callbacks and their output strings are read from the app's own ``/_dash-dependencies``.
    """
    out = {}
    for dep in url_callbacks(client):
        outputs = [
            {"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
            for o in dep["output"].strip(".").split("...")
        ]
        body = {
            "output": dep["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{**i, "value": _value(i, pathname, search, stored_lang)} for i in dep["inputs"]],
            "state": [{**st, "value": _value(st, pathname, search, stored_lang)} for st in dep["state"]],
            "changedPropIds": [f"{app_ids.PAGES_LOCATION}.pathname"],
        }
        resp = post_json(client, body)
        if resp.status_code == 204:
            continue
        assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
        for cid, props in resp.get_json()["response"].items():
            for prop, value in props.items():
                out[(cid, prop)] = value
    return out


# --- component trees ----------------------------------------------------------------------------
def components(tree):
    """Every component (``{"type", "namespace", "props"}``) in a JSON tree, depth first."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "type" in node and "props" in node and "namespace" in node:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def ids(tree) -> set:
    """Every component id in the tree (dict ids as sorted JSON)."""
    out = set()
    for c in components(tree):
        i = c["props"].get("id")
        if i is not None:
            out.add(i if isinstance(i, str) else json.dumps(i, sort_keys=True))
    return out


def strings(tree) -> list[str]:
    """Every string anywhere in the tree (texts, titles, figure hover texts, grid cells)."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def by_id(tree, cid):
    """The component with this id (a string, or a dict id), or None."""
    for c in components(tree):
        if c["props"].get("id") == cid:
            return c
    return None


def text_of(component) -> str:
    """The text of a component's children (strings joined)."""
    return " ".join(strings(component["props"].get("children")))


EXPLORER_GRID = {"index": "explorer", "type": "nav-grid"}
PROJECTS_GRID = {"index": "projects", "type": "nav-grid"}  # an objective's or a call's projects
#: the store each served grid's requests are answered on
PAGE_STORES = {"explorer": "explorer-page", "projects": "projects-page"}


def explorer_rows(client, page: dict, start: int = 0, end: int = 1000, grid: dict = EXPLORER_GRID, **request) -> dict:
    """What a served projects grid gets for one request of rows (its ``getRowsRequest``), as the renderer sends
    it: ``{(id, prop): value}`` of the answer; ``page`` is the grid's store (from the page's tree)."""
    deps = client.get("/_dash-dependencies").get_json()
    key = json.dumps(grid, sort_keys=True, separators=(",", ":"))
    (dep,) = [d for d in deps if any(i["id"] == key and i["property"] == "getRowsRequest" for i in d["inputs"])]
    outputs = [{"id": json.loads(o.rsplit(".", 1)[0]) if o.startswith("{") else o.rsplit(".", 1)[0],
                "property": o.rsplit(".", 1)[1]} for o in dep["output"].strip(".").split("...")]  # fmt: skip
    body = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{"id": grid, "property": "getRowsRequest", "value": {"startRow": start, "endRow": end, **request}}],
        "state": [{"id": PAGE_STORES[grid["index"]], "property": "data", "value": page}],
        "changedPropIds": [key + ".getRowsRequest"],
    }
    resp = post_json(client, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    out = {}
    for name, props in resp.get_json()["response"].items():
        for prop, value in props.items():
            out[(name, prop)] = value
    return out


def served_rows(client, tree, grid: dict) -> list[dict]:
    """All the rows of a served grid of a page's tree (up to 1000), in its default order, as the grid gets them."""
    props = by_id(tree, grid)["props"]
    assert props.get("rowModelType") == "infinite" and "rowData" not in props  # no row comes with the page
    page = by_id(tree, PAGE_STORES[grid["index"]])["props"]["data"]
    key = json.dumps(grid, sort_keys=True, separators=(",", ":"))
    return explorer_rows(client, page, grid=grid)[(key, "getRowsResponse")]["rowData"]
