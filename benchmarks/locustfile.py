"""A monitoring committee meeting, for locust: people opening the overview and a programme, then drilling down.

Not run by the tests; started by benchmarks/committee_meeting.py (which starts Redis, gunicorn and locust with a
bounded number of users and a bounded time, on a local server only). Each simulated person, with 1 to 3 s of
thinking between clicks, does what the browser does on each page: the page's HTML shell once, then for each
page the routing callback (``/_dash-update-component``, the page's content) and, on the projects explorer, the
grid's first block of rows. From the explorer's rows they pick a project and open its objective, its call and
the project itself. Auth is off (the local demo settings): the load test measures the dashboard, not the login.
"""

from __future__ import annotations

import json
import random

from locust import HttpUser, between, task

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
GRID = {"index": "explorer", "type": "nav-grid"}
GRID_KEY = json.dumps(GRID, sort_keys=True, separators=(",", ":"))


def route_body(path: str, search: str) -> str:
    return json.dumps(
        {
            "output": PAGES_OUTPUT,
            "outputs": [
                {"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"},
            ],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": path},
                {"id": "_pages_location", "property": "search", "value": search},
                {"id": "lang-store", "property": "data", "value": None},
            ],
            "state": [],
            "changedPropIds": ["_pages_location.pathname"],
        }
    )


def _find(tree, wanted):
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


class CommitteeMember(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.lang = random.choice(["fr", "nl"])
        self.client.get(f"/?lang={self.lang}", name="HTML shell")
        deps = self.client.get("/_dash-dependencies", name="/_dash-dependencies").json()
        self.rows_dep = next(
            d for d in deps if any(i["property"] == "getRowsRequest" and i["id"] == GRID_KEY for i in d["inputs"])
        )
        page = self.page("/", "overview")
        found = []
        stack = [page]
        while stack:  # the programmes the overview links to
            node = stack.pop()
            if isinstance(node, dict):
                href = node.get("props", {}).get("href")
                if isinstance(href, str) and href.startswith("/programme/") and href.count("/") == 2:
                    found.append(href.split("?")[0].split("/")[2])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        self.programmes = sorted(set(found)) or ["2014-2020"]

    def page(self, path: str, name: str):
        resp = self.client.post(
            "/_dash-update-component",
            data=route_body(path, f"?lang={self.lang}"),
            headers={"Content-Type": "application/json"},
            name=f"page: {name}",
        )
        return resp.json()["response"]["_pages_content"]["children"] if resp.ok else None

    def first_rows(self, tree) -> list[dict]:
        store = _find(tree, "explorer-page") if tree else None
        if store is None:
            return []
        outputs = [
            {
                "id": json.loads(o.rsplit(".", 1)[0]) if o.startswith("{") else o.rsplit(".", 1)[0],
                "property": o.rsplit(".", 1)[1],
            }
            for o in self.rows_dep["output"].strip(".").split("...")
        ]
        body = {
            "output": self.rows_dep["output"],
            "outputs": outputs,
            "inputs": [{"id": GRID, "property": "getRowsRequest", "value": {"startRow": 0, "endRow": 100}}],
            "state": [{"id": "explorer-page", "property": "data", "value": store["props"]["data"]}],
            "changedPropIds": [GRID_KEY + ".getRowsRequest"],
        }
        resp = self.client.post(
            "/_dash-update-component", data=json.dumps(body), headers={"Content-Type": "application/json"},
            name="explorer: first block of rows",
        )  # fmt: skip
        if not resp.ok:
            return []
        return resp.json()["response"][GRID_KEY]["getRowsResponse"]["rowData"]

    @task(2)
    def overview(self) -> None:
        self.page("/", "overview")

    @task(6)
    def drill_down(self) -> None:
        pid = random.choice(self.programmes)
        self.page(f"/programme/{pid}", "programme")
        self.wait()
        rows = self.first_rows(self.page(f"/programme/{pid}/projects", "explorer"))
        if not rows:
            return
        row = random.choice(rows)
        self.wait()
        self.page(f"/programme/{pid}/objective/{row['objective']}", "objective")
        if row.get("call"):
            self.wait()
            self.page(f"/programme/{pid}/call/{row['call']}", "call")
        self.wait()
        self.page(f"/programme/{pid}/project/{row['project_id']}", "project")
