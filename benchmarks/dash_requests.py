"""The requests the Dash renderer sends, as the benchmarks replay them (standard library only: the load test
imports it from locust's own virtualenv, without the app)."""

from __future__ import annotations

import json
from typing import Any

GRID = {"index": "explorer", "type": "nav-grid"}
GRID_KEY = json.dumps(GRID, sort_keys=True, separators=(",", ":"))
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."


def route_body(path: str, search: str) -> dict[str, Any]:
    """The pages router's request for ``path`` + ``search`` (what a navigation sends)."""
    return {
        "output": PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
            {"id": "lang-store", "property": "data", "value": None},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


def rows_dependency(deps: list[dict[str, Any]]) -> dict[str, Any]:
    """The explorer grid's callback for its requests of rows, from the app's /_dash-dependencies."""
    return next(d for d in deps if any(i["property"] == "getRowsRequest" and i["id"] == GRID_KEY for i in d["inputs"]))


def rows_body(dep: dict[str, Any], page: dict[str, Any], start: int, end: int, **request: Any) -> dict[str, Any]:
    """The explorer grid's request for rows ``start``..``end`` (``request``: its sortModel, filterModel, context)."""
    outputs = [
        {
            "id": json.loads(o.rsplit(".", 1)[0]) if o.startswith("{") else o.rsplit(".", 1)[0],
            "property": o.rsplit(".", 1)[1],
        }
        for o in dep["output"].strip(".").split("...")
    ]
    return {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{"id": GRID, "property": "getRowsRequest", "value": {"startRow": start, "endRow": end, **request}}],
        "state": [{"id": "explorer-page", "property": "data", "value": page}],
        "changedPropIds": [GRID_KEY + ".getRowsRequest"],
    }


def find(tree: Any, wanted: Any) -> dict[str, Any] | None:
    """The component of ``tree`` (a page as JSON) whose id is ``wanted``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == wanted:
                return node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None
