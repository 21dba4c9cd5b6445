"""Every page of a national programme in a real browser: ``python benchmarks/bench_browser.py``.

    python benchmarks/bench_browser.py [--projects 50000] [--calls 100,500,2000] [--lang nl] [--baseline]
        [--pages objective,explorer] [--profile [all|after]]

For each count of calls (spread over the four axes: 100 calls is 25 per axis), the programme of
``benchmarks/scale.py`` with that many calls, Dutch sheet names and headers and markup in the call titles
(written once into ``benchmarks/.cache``) is served by ``python app.py`` (its snapshot kept in
``benchmarks/.cache/browser-<calls>/`` so later runs start fast), and each page is opened in Debian's headless
Chromium (Playwright), one fresh tab per page. One row per page:

* content KB: the body of the routing callback's response (the page's layout);
* largest callback KB: the biggest ``/_dash-update-component`` response of the page (grid blocks included);
* rows s: from the navigation's start to the first grid row drawn (the overview: its first chart; the committee:
  its slide), read in the page (``performance.now()`` in a ``requestAnimationFrame`` loop that stops there);
* interactive after rows s: from the rows to the end of the last long task (PerformanceObserver
  ``longtask``, tasks over 50 ms) once the page has settled: the main thread answers from then on;
* long tasks after rows: how many tasks over 50 ms ended after the rows, and their total;
* longest task s: the longest single task (a frozen tab shows here);
* scripts KB: the scripts the page loaded (decoded bytes: what the browser parses and evaluates);
* probe: whether a trivial script evaluated right after the rows answered within ``--probe-timeout`` s
  (``page.wait_for_function("() => true")``), and how long it took.

The targets (issue 22): interactive within 2 s of the rows, no callback response over 500 KB.
Times depend on the machine's load (2 shared cores here); sizes do not. ``--baseline`` first opens the same
pages on the demo programme (68 projects, 2 calls) in the same run: what the browser costs on this machine
whatever the data.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import CACHE, national, workbook  # noqa: E402

CHROMIUM = os.environ.get("ERDF_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
AXES = 4

#: what marks a page's rows as drawn: its first grid row; on a page without a grid, its main content
GRID_ROWS = ".ag-row, .ag-overlay-no-rows-center"
ROWS = {"overview": "#_pages_content .js-plotly-plot .main-svg", "committee": ".slide-body"}

#: in every page, before its scripts: long tasks and the moment the content, then the rows, are drawn (looked for
#: once a frame until the rows are seen: the loop stops then, so that it costs the page nothing afterwards)
PROBE = """
window.__erdf = {longTasks: [], rows: null, content: null};
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__erdf.longTasks.push([e.startTime, e.duration]); });
  }).observe({type: "longtask", buffered: true});
} catch (e) {}
(function watch() {
  var s = window.__erdf;
  if (s.content === null && document.querySelector("#_pages_content > *")) { s.content = performance.now(); }
  if (s.rows === null && document.querySelector(ROWS_SELECTOR)) { s.rows = performance.now(); }
  if (s.rows === null) { requestAnimationFrame(watch); }
})();
"""

#: the bytes of the scripts the page loaded (decoded: what the browser parses and evaluates)
SCRIPT_BYTES = """() => performance.getEntriesByType("resource")
  .filter(function (e) { return e.initiatorType === "script"; })
  .reduce(function (sum, e) { return sum + e.decodedBodySize; }, 0)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(folder: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "ERDF_PORT": str(port), "ERDF_HOST": "127.0.0.1", "ERDF_DATA_DIR": str(folder)}
    env.pop("ERDF_DEMO", None)
    out = open(log, "w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with code {proc.returncode}; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the app did not start listening within 600 s")


def pages_of(n: int, calls_per_axis: int) -> list[tuple[str, str]]:
    """(name, path) of every page kind, for the programme's first axis, first call and first project."""
    _, sheets = national(n, calls_per_axis, markup=True)
    project = next(p["project_id"] for p in sheets["projects"] if p.get("call_id") == "1.001")
    return [
        ("overview", "/"),
        ("programme", "/programme/2014-2020"),
        ("objective", "/programme/2014-2020/objective/1"),
        ("call", "/programme/2014-2020/call/1.001"),
        ("project", f"/programme/2014-2020/project/{project}"),
        ("explorer", "/programme/2014-2020/projects"),
        ("committee", "/committee?programme=2014-2020"),
    ]


def script_name(url: str) -> str:
    """A profile's script as a short name: ``plotly-finance.min.js``, ``dash_renderer.min.js``, ``(program)``."""
    if not url:
        return ""
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or url


def self_times(profile: dict[str, Any], functions: bool = False) -> dict[str, float]:
    """Milliseconds of CPU spent in each script (its own functions, not their callees) in a DevTools CPU profile.

    A sample's time goes to the node it hit; a node without a script is a category: ``(program)`` (the browser's
    own work: parsing, layout, paint, style), ``(garbage collector)``, ``(idle)`` (not counted). ``functions``: per
    function (``script:function:line``) instead.
    """
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    out: dict[str, float] = {}
    for node, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node]
        name = script_name(frame["url"]) or frame["functionName"] or "(anonymous)"
        if name == "(idle)":
            continue
        if functions and frame["url"]:
            name = f"{name}:{frame['functionName'] or '(anonymous)'}:{frame['lineNumber'] + 1}"
        out[name] = out.get(name, 0.0) + delta / 1000
    return out


def measure(browser: Any, url: str, probe_timeout: float, profile: str = "", rows: str = GRID_ROWS) -> dict[str, Any]:
    """Open ``url`` in a fresh tab; the sizes of its callbacks, when its rows show and when it answers again.

    ``profile``: the tab's CPU profile too (DevTools' sampling profiler), as milliseconds per script in
    ``out["profile"]`` and per function in ``out["functions"]``: ``"all"`` from the navigation to the settled page,
    ``"after"`` from the rows drawn (what keeps the page busy after them).
    """
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.add_init_script(PROBE.replace("ROWS_SELECTOR", json.dumps(rows)))
    cdp = context.new_cdp_session(page) if profile else None
    if cdp is not None:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 1000})
        if profile == "all":
            cdp.send("Profiler.start")
    sizes: list[tuple[bool, int]] = []

    def on_response(response: Any) -> None:
        if "/_dash-update-component" not in response.url:
            return
        try:
            body = response.body()
        except Exception:  # the tab closed first
            return
        routing = "_pages_content" in (response.request.post_data or "")
        sizes.append((routing, len(body)))

    page.on("response", on_response)
    page.goto(url, wait_until="commit")
    out: dict[str, Any] = {}
    try:
        page.wait_for_selector("#_pages_content > *", timeout=120_000, state="attached")
        with contextlib.suppress(Exception):  # a page without a grid: its content is its rows
            page.wait_for_selector(rows, timeout=60_000, state="attached")
        if cdp is not None and profile == "after":
            cdp.send("Profiler.start")
        start = time.perf_counter()
        try:
            page.wait_for_function("() => true", timeout=probe_timeout * 1000)
            out["probe"] = round(time.perf_counter() - start, 2)
        except Exception:
            out["probe"] = f">{probe_timeout:g}"
        # settle: no callback in flight, the network quiet, then a second with nothing new
        page.wait_for_function(
            "() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=180_000, polling=200
        )
        page.wait_for_load_state("networkidle", timeout=180_000)
        page.wait_for_timeout(1000)
        state = page.evaluate("() => window.__erdf")
        out["scripts_kb"] = round(page.evaluate(SCRIPT_BYTES) / 1024)
        if cdp is not None:
            got = cdp.send("Profiler.stop")["profile"]
            out["profile"], out["functions"] = self_times(got), self_times(got, functions=True)
    finally:
        page.wait_for_timeout(300)  # the last responses' bodies
        context.close()
    drawn = state["rows"] if state["rows"] is not None else state["content"]
    ends = [s + d for s, d in state["longTasks"]]
    after = [d for s, d in state["longTasks"] if s + d > drawn]
    out.update(
        {
            "content_kb": round(sum(b for r, b in sizes if r) / 1024, 1),
            "largest_kb": round(max((b for _, b in sizes), default=0) / 1024, 1),
            "rows_s": round(drawn / 1000, 2),
            "interactive_s": round(max(0.0, max(ends, default=drawn) - drawn) / 1000, 2),
            "tasks_after": len(after),
            "tasks_after_s": round(sum(after) / 1000, 2),
            "longest_task_s": round(max((d for _, d in state["longTasks"]), default=0) / 1000, 2),
        }
    )
    return out


DEMO_PAGES = [
    ("overview", "/"),
    ("programme", "/programme/2014-2020"),
    ("objective", "/programme/2014-2020/objective/1"),
    ("call", "/programme/2014-2020/call/2015-01"),
    ("project", "/programme/2014-2020/project/1420-1-01"),
    ("explorer", "/programme/2014-2020/projects"),
    ("committee", "/committee?programme=2014-2020"),
]


def run(
    n: int, calls: int, lang: str, probe_timeout: float, only: set[str] | None = None, profile: str = ""
) -> list[dict[str, Any]]:
    """The pages of the ``n``-project programme with ``calls`` calls; ``n == 0``: the demo workbooks (the baseline)."""
    if n == 0:
        from data_loaders.demo import write_demo_workbooks

        folder = CACHE / "browser-demo"
        if not folder.exists():
            write_demo_workbooks(folder)
        pages = DEMO_PAGES
    else:
        per_axis = calls // AXES
        source = workbook(n, calls_per_axis=per_axis, lang=lang, markup=True)
        folder = CACHE / f"browser-x{n}-c{calls}-{lang}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / source.name
        if not target.exists():
            shutil.copy(source, target)
        pages = pages_of(n, per_axis)
    from playwright.sync_api import sync_playwright

    proc, base = serve(folder, CACHE / f"browser-x{n}-c{calls}.log")
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                measure(browser, f"{base}/?lang={lang}", probe_timeout)  # the first page built: the app's warm-up
                for name, path in pages:
                    if only and name not in only:
                        continue
                    url = f"{base}{path}{'&' if '?' in path else '?'}lang={lang}"
                    got = measure(browser, url, probe_timeout, profile, ROWS.get(name, GRID_ROWS))
                    row = {"page": name, "calls": calls if n else "demo", **got}
                    print(json.dumps(row), file=sys.stderr, flush=True)
                    rows.append(row)
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return rows


def load() -> str:
    """The machine's load average over 1, 5 and 15 minutes (the times depend on it: 2 shared cores here)."""
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--calls", default="100,500,2000", help="calls in the programme, spread over 4 axes ('': none)")
    parser.add_argument("--lang", default="nl", choices=("en", "fr", "nl"))
    parser.add_argument("--probe-timeout", type=float, default=60.0)
    parser.add_argument("--pages", default="", help="only these pages (comma-separated names), e.g. objective,call")
    parser.add_argument("--baseline", action="store_true", help="first the same pages on the demo (68 projects)")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="all",
        default="",
        choices=("all", "after"),
        help="each page's CPU time per script and function (DevTools profiler); 'after': from the rows drawn on",
    )
    args = parser.parse_args()
    only = set(args.pages.split(",")) if args.pages else None
    began = load()
    results = run(0, 2, args.lang, args.probe_timeout, only, args.profile) if args.baseline else []
    for calls in (int(c) for c in args.calls.split(",") if c):
        results += run(args.projects, calls, args.lang, args.probe_timeout, only, args.profile)
    print(f"\n{args.projects:,} projects, lang={args.lang}; load average {began} at the start, {load()} at the end\n")
    head = ["page", "calls", "content KB", "largest callback KB", "scripts KB", "rows s", "interactive after rows s"]
    head += ["long tasks after rows (n, s)", "longest task s"]
    print("| " + " | ".join(head) + " |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        cells = [r["page"], r["calls"], r["content_kb"], r["largest_kb"], r["scripts_kb"], r["rows_s"]]
        cells += [r["interactive_s"], f"{r['tasks_after']}, {r['tasks_after_s']}", r["longest_task_s"]]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    if args.profile:
        window = "from the navigation" if args.profile == "all" else "from the rows drawn"
        for key, what in (("profile", "script"), ("functions", "function")):
            print(f"\nCPU ms per {what} (self time, {window} to the settled page; the 8 largest):\n")
            for r in results:
                top = sorted(r[key].items(), key=lambda kv: -kv[1])[:8]
                total = sum(r[key].values())
                print(f"- {r['page']} ({r['calls']}): {total:.0f} ms: " + ", ".join(f"{k} {v:.0f}" for k, v in top))


if __name__ == "__main__":
    main()
