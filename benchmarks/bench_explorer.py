"""The projects explorer at scale: its page and its requests for rows, through Flask's test client.

    python benchmarks/bench_explorer.py [--sizes 1000,10000,50000] [--runs 15]

For each size, a seeded national 2014-2020 programme (benchmarks/scale.py) is the only workbook of a temporary
data folder; the app is built on it (``create_app``) and the renderer's requests are POSTed to
``/_dash-update-component``: the page (routing callback), then the grid's requests for rows
(``getRowsRequest``, 100 rows each) with no state, sorted by paid, filtered on a code, a quick search, and a
block deep in the list. "new state" is the first request of a search, filter or sort (the rows it leaves are
worked out then kept); "warm" the following ones (the next blocks of the same state, or the same again).
"all rows" is what the page sent before the grid asked for its rows a block at a time: every row as JSON.
Server time only (no browser, no network); peak RSS of this process at the end.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dash_requests import find, route_body, rows_body, rows_dependency  # noqa: E402
from scale import workbook  # noqa: E402


def p95(values: list[float]) -> float:
    return max(values) if len(values) < 2 else statistics.quantiles(values, n=20, method="inclusive")[18]


def _post(client, body: dict) -> tuple[float, int, dict]:
    t0 = time.perf_counter()
    resp = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    ms = (time.perf_counter() - t0) * 1000
    data = resp.get_data()
    if resp.status_code != 200:
        raise SystemExit(f"HTTP {resp.status_code}: {data[:300]!r}")
    return ms, len(data), json.loads(data)


def one_size(n: int, runs: int) -> list[tuple]:
    from app import create_app
    from settings import Settings
    from ui import rows, service

    out = []
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(workbook(n), Path(folder) / "erdf-2014-2020.xlsx")
        app = create_app(Settings(data_dir=Path(folder), reload_check_seconds=3600))
        client = app.server.test_client()
        client.get("/")
        deps = client.get("/_dash-dependencies").get_json()
        dep = rows_dependency(deps)
        path, search = "/programme/2014-2020/projects", "?lang=fr"

        def clear():
            service.cache.clear()
            rows._rows.clear()
            rows._shown.clear()
            rows._texts.clear()

        clear()
        times = []
        for _ in range(runs):
            ms, size, payload = _post(client, route_body(path, search))
            times.append(ms)
        tree = payload["response"]["_pages_content"]["children"]
        page = find(tree, "explorer-page")["props"]["data"]
        out.append((n, "page (routing callback)", times[0], statistics.median(times[1:]), p95(times[1:]), size))
        from ui.context import Request
        from ui.views.common import load

        v = load(Request(lang="fr"), "2014-2020")
        everything = len(json.dumps(rows.explorer_rows(v)).encode())
        out.append((n, "all rows (what the page sent before)", None, None, None, everything))
        cases = [
            ("first block, no state", 0, {}),
            ("sorted by paid, desc", 0, {"sortModel": [{"colId": "paid", "sort": "desc"}]}),
            (
                "filter code = 2",
                0,
                {"filterModel": {"objective": {"filterType": "text", "type": "equals", "filter": "2"}}},
            ),
            ("quick search 'inno' (first search)", 0, {"context": {"q": "inno"}}),
            ("quick search 'bru 2' (texts read)", 0, {"context": {"q": "bru 2"}}),
            (
                "a block deep in the list (row 20 000 or the last), sorted",
                min(20_000, n - 100),
                {"sortModel": [{"colId": "paid", "sort": "desc"}]},
            ),
        ]
        for label, start, request in cases:
            rows._shown.clear()
            times = []
            for _ in range(runs):
                ms, size, _payload = _post(client, rows_body(dep, page, start, start + 100, **request))
                times.append(ms)
            out.append((n, label, times[0], statistics.median(times[1:]), p95(times[1:]), size))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    import logging

    logging.disable(logging.WARNING)
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        rows += one_size(n, args.runs)
    print(f"{args.runs} requests per row (the first with a new state or a cleared cache); server time")
    print("| projects | request | new state ms | warm median ms | warm p95 ms | response KB |")
    print("|---:|---|---:|---:|---:|---:|")

    def f(x):
        return "" if x is None else f"{x:.1f}"

    for n, label, cold, warm, p, size in rows:
        print(f"| {n:,} | {label} | {f(cold)} | {f(warm)} | {f(p)} | {size / 1024:,.1f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the benchmark process: {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
