"""Calling the app's callbacks over HTTP the way the browser does, and reading component trees.

Requests have the shape the dash-renderer sends to ``/_dash-update-component`` (see
``dash/dash-renderer/src/actions/callbacks.ts`` and ``Dash.dispatch`` in ``dash/dash.py``)::

    {"output": "..a.children...b.data..", "outputs": [{"id": "a", "property": "children"}, ...],
     "inputs": [{"id": ..., "property": ..., "value": ...}], "state": [...], "changedPropIds": ["x.value"]}

The answer is ``{"multi": true, "response": {id: {prop: value}}}``, or 204 when the callback
prevented the update (``no_update`` for every output). The output strings below are those the
app publishes at ``/_dash-dependencies`` (tests/app/test_dependencies.py checks them).
"""

from __future__ import annotations

import json

ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."
SHELL_OUTPUTS = [
    ("app-title", "children"),
    ("demo-notice", "children"),
    ("nav-links", "children"),
    ("programme-switch", "data"),
    ("programme-switch", "value"),
    ("asof-select", "data"),
    ("asof-select", "value"),
    ("asof-select", "aria-label"),
    ("lang-switch", "value"),
    ("footer-sources", "children"),
    ("warnings-button", "children"),
    ("warnings-list", "children"),
    ("warnings-modal", "title"),
    ("lang-store", "data"),
]
SHELL_OUTPUT = ".." + "...".join(f"{i}.{p}" for i, p in SHELL_OUTPUTS) + ".."


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


def shell_request(pathname: str, search: str = "", stored_lang=None) -> dict:
    return {
        "output": SHELL_OUTPUT,
        "outputs": [{"id": i, "property": p} for i, p in SHELL_OUTPUTS],
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


def shell(client, pathname: str, search: str = "", stored_lang=None) -> dict:
    """``{(id, prop): value}`` of the shell callback's answer (outputs it did not update are absent)."""
    resp = post_json(client, shell_request(pathname, search, stored_lang))
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    out = {}
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
