"""The deployment as documented (docs/deployment.md): gunicorn with gunicorn.conf.py, two workers, the figure cache
in a real Redis server. Every page's routing callback answers through it, an export downloads, /healthz says what
is served, and the figures the workers computed are in Redis (shared, keyed on the data snapshot)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.app.helpers import by_id, route_request

ROOT = Path(__file__).resolve().parents[2]

#: one page of each kind on the demo data (the paths the drill-down reaches)
PAGES = [
    ("/", "?lang=fr"),
    ("/programme/2014-2020", "?lang=nl"),
    ("/programme/2021-2027", "?lang=fr"),
    ("/programme/2021-2027/objective/2.1", "?lang=nl"),
    ("/programme/2021-2027/call/2023-08", "?lang=fr"),
    ("/programme/2014-2020/project/1420-1-01", "?lang=en"),
    ("/programme/2021-2027/projects", "?lang=fr"),
    ("/committee", "?programme=2021-2027&lang=nl&slide=all"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state, past the command in parentheses


def _get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def _post(url: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.loads(r.read())


@pytest.fixture(scope="module")
def gunicorn_server(demo_dir, redis_url, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "ERDF_DATA_DIR": str(demo_dir),
        "ERDF_CACHE_TYPE": "RedisCache",
        "ERDF_CACHE_REDIS_URL": redis_url,
    }
    cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {proc.returncode}: {log.read_text()[-2000:]}")
                try:
                    if _get(f"{base}/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            else:
                raise RuntimeError(f"gunicorn did not answer /healthz within 90 s: {log.read_text()[-2000:]}")
            yield base, proc
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_gunicorn_runs_two_workers_on_the_config(gunicorn_server):
    _, proc = gunicorn_server
    children = [pid for pid in _pids() if _parent(pid) == proc.pid]  # read from /proc (no procps needed)
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() for pid in children]
    workers = [c for c in commands if "gunicorn" in c]
    assert len(workers) == 2, commands  # GUNICORN_WORKERS=2 (the master also keeps the workbook reader's child)


def test_healthz_says_what_is_served(gunicorn_server):
    base, _ = gunicorn_server
    status, body, headers = _get(f"{base}/healthz")
    health = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert health["status"] == "ok" and sorted(health["programmes"]) == ["2014-2020", "2021-2027"]
    assert health["programmes"]["2021-2027"]["extract_date"] == "2023-11-30"  # the demo's extract date
    assert "/" not in body.decode().replace("\\/", "")  # no server path


def test_every_page_routes_through_gunicorn_and_shares_its_figures_in_redis(gunicorn_server, redis_url):
    import redis

    base, _ = gunicorn_server
    cache = redis.Redis.from_url(redis_url)
    cache.flushdb()
    for _ in range(2):  # twice: the second round may land on the other worker, which reads what the first stored
        for path, search in PAGES:
            status, payload = _post(f"{base}/_dash-update-component", route_request(path, search))
            assert status == 200 and payload["multi"] is True, path
            assert payload["response"]["_pages_content"]["children"], path
    assert len(cache.keys("*")) > 0  # the figures went to Redis, not to one worker's memory


def test_an_export_downloads_through_gunicorn(gunicorn_server):
    base, _ = gunicorn_server
    status, body, headers = _get(f"{base}/export/programme/2021-2027?lang=nl")
    assert status == 200 and body[:2] == b"PK"  # an xlsx is a zip
    assert "EFRO-2021-2027" in headers["Content-Disposition"]


def test_the_explorer_gets_its_rows_a_block_at_a_time_through_gunicorn(gunicorn_server):
    """The explorer's page carries no row; its grid's request gets them, from whichever worker answers: the
    57 projects of the demo 2021-2027 workbook, sorted by paid (descending) as asked."""
    base, _ = gunicorn_server
    status, payload = _post(
        f"{base}/_dash-update-component", route_request("/programme/2021-2027/projects", "?lang=fr")
    )
    tree = payload["response"]["_pages_content"]["children"]
    grid = {"index": "explorer", "type": "nav-grid"}
    assert "rowData" not in by_id(tree, grid)["props"]
    page = by_id(tree, "explorer-page")["props"]["data"]
    key = json.dumps(grid, sort_keys=True, separators=(",", ":"))
    body = {
        "output": f"..{key}.getRowsResponse...explorer-totals.children...explorer-shown.data..",
        "outputs": [
            {"id": grid, "property": "getRowsResponse"},
            {"id": "explorer-totals", "property": "children"},
            {"id": "explorer-shown", "property": "data"},
        ],
        "inputs": [{"id": grid, "property": "getRowsRequest",
                    "value": {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "paid", "sort": "desc"}]}}],
        "state": [{"id": "explorer-page", "property": "data", "value": page}],
        "changedPropIds": [key + ".getRowsRequest"],
    }  # fmt: skip
    status, payload = _post(f"{base}/_dash-update-component", body)
    answer = payload["response"][key]["getRowsResponse"]
    assert status == 200 and answer["rowCount"] == 57 and len(answer["rowData"]) == 57
    paid = [r["paid"] for r in answer["rowData"]]
    assert paid == sorted(paid, reverse=True)


def test_the_scripts_go_out_compressed_through_gunicorn(gunicorn_server):
    """plotly's bundle (4.8 MB) through gunicorn: brotli when the browser accepts it, gzip otherwise, with
    ``Vary: Accept-Encoding``; decompressed, the file itself (see ui.compression)."""
    import gzip

    import brotli
    import plotly

    base, _ = gunicorn_server
    original = (Path(plotly.__path__[0]) / "package_data" / "plotly.min.js").read_bytes()
    for accept, encoding, decode in (("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)):
        req = urllib.request.Request(
            f"{base}/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": accept}
        )
        with urllib.request.urlopen(req, timeout=60) as r:  # urllib never decompresses: the bytes as sent
            body, headers = r.read(), r.headers
        assert headers["Content-Encoding"] == encoding and "Accept-Encoding" in headers["Vary"]
        assert len(body) < len(original) / 3 and decode(body) == original
