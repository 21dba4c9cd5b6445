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
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dash_requests import GRID_KEY, find, route_body, rows_body, rows_dependency


class CommitteeMember(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.lang = random.choice(["fr", "nl"])
        self.client.get(f"/?lang={self.lang}", name="HTML shell")
        deps = self.client.get("/_dash-dependencies", name="/_dash-dependencies").json()
        self.rows_dep = rows_dependency(deps)
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
            data=json.dumps(route_body(path, f"?lang={self.lang}")),
            headers={"Content-Type": "application/json"},
            name=f"page: {name}",
        )
        return resp.json()["response"]["_pages_content"]["children"] if resp.ok else None

    def first_rows(self, tree) -> list[dict]:
        store = find(tree, "explorer-page") if tree else None
        if store is None:
            return []
        body = rows_body(self.rows_dep, store["props"]["data"], 0, 100)
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
