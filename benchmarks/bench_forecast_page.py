"""The programme page's first answer at national scale, and the forecast that now follows it (issue 22).

    python benchmarks/bench_forecast_page.py [--projects 50000] [--root PATH] [--lang fr]

Builds the app (``create_app``) on the ``--projects`` programme of ``benchmarks/scale.py`` (written once into
``benchmarks/.cache``), then POSTs, through Flask's test client, the way the browser does:

1. the pages routing callback of ``/programme/2014-2020`` with every cache empty (the first visitor after a
   workbook was accepted): the page's first answer;
2. the forecast's own callback (``callbacks/forecast.py``), when the page carries its placeholder: the section
   filled after the page (the forecast and its backtest computed, then cached);
3. both again, warm (the figure cache answers).

``--root`` measures another checkout of the project (e.g. the tree before the change, from ``git archive``): the
script imports the app from there. A tree whose page computes the forecast inside the routing callback has no
placeholder: its row 2 says so. Server time only (no browser, no network).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _post(client, body: dict) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    resp = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    data = resp.get_data()
    if resp.status_code != 200:
        raise SystemExit(f"HTTP {resp.status_code}: {data[:300]!r}")
    return (time.perf_counter() - t0) * 1000, data


def _route(path: str, search: str) -> dict:
    return {
        "output": "..page-content.children...pages-store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [{"id": "lang-store", "property": "data", "value": None}],
        "changedPropIds": ["_pages_location.pathname"],
    }


def _asks(tree) -> list[dict]:
    """The forecast placeholders' stores in a page's JSON tree (their id and data)."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("props") if "namespace" in node else None
            ident = props.get("id") if isinstance(props, dict) else None
            if isinstance(props, dict) and isinstance(ident, dict) and ident.get("type") == "forecast-ask":
                out.append({"id": ident, "data": props.get("data")})
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--root", default=str(HERE.parent), help="the checkout whose app is measured")
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    sys.path.insert(0, str(HERE))
    from scale import workbook  # the workbook of this checkout's generator (the same data for both trees)

    source = workbook(args.projects)
    sys.path.insert(0, str(root))
    import dash

    from app import create_app
    from monitoring import prepared
    from settings import Settings
    from ui import service
    from ui.views.common import forget_built_pages

    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(source, Path(folder) / "erdf-2014-2020.xlsx")
        t0 = time.perf_counter()
        app = create_app(Settings(data_dir=Path(folder), reload_check_seconds=3600))
        client = app.server.test_client()
        client.get("/")
        load_s = time.perf_counter() - t0
        deps = client.get("/_dash-dependencies").get_json()
        router = next(d["output"] for d in deps if "_pages_content.children" in d["output"])
        slot_out = next((d["output"] for d in deps if "forecast-slot" in d["output"]), None)
        body = {**_route("/programme/2014-2020", f"?lang={args.lang}"), "output": router}
        rows = []
        for label in ("cold", "warm"):
            if label == "cold":
                service.cache.clear()
                prepared._CACHE.clear()
                forget_built_pages()
            ms, data = _post(client, body)
            tree = json.loads(data)["response"]["_pages_content"]["children"]
            rows.append((f"programme page, {label}", ms, len(data) / 1024))
            asks = [a for a in _asks(tree) if a["id"].get("kind") == "section"]
            if not asks or slot_out is None:
                rows.append((f"forecast callback, {label}", float("nan"), 0.0))
                continue
            ask = asks[0]
            slot = {**ask["id"], "type": "forecast-slot"}
            fill = {
                "output": slot_out,
                "outputs": {"id": slot, "property": "children"},
                "inputs": [{"id": ask["id"], "property": "data", "value": ask["data"]}],
                "state": [],
                "changedPropIds": [json.dumps(ask["id"], sort_keys=True, separators=(",", ":")) + ".data"],
            }
            ms, data = _post(client, fill)
            rows.append((f"forecast callback, {label}", ms, len(data) / 1024))
    print(
        f"{args.projects} projects; tree {root}; dash {dash.__version__}; app built and workbook read in {load_s:.1f} s"
    )
    print("| request | server ms | response KB |")
    print("|---|---|---|")
    for label, ms, kb in rows:
        shown = "no such callback (the forecast is inside the page)" if ms != ms else f"{ms:,.0f}"
        print(f"| {label} | {shown} | {kb:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
