"""Export times: every page of the demo programmes through the download route, a 50,000-project programme, and
the two ways of streaming a national payment ledger (openpyxl write-only vs XlsxWriter constant-memory).

    python benchmarks/bench_export.py [--projects 50000] [--lines-per-project 8] [--runs 3] [--skip-compare]

1. Demo: ``GET /export/<page>`` through Flask's test client on the demo workbooks (figures from a cold
   ``ui.service`` cache, so the core's work is in the time), per page; the median of ``--runs``.
2. Synthetic national programme, generated in memory (numpy, seed 20231130) as
   ``monitoring.model.ProgrammeData`` frames: 9 objectives, 200 calls, ``--projects`` projects,
   ``--lines-per-project`` payment lines and 1.5 commitment lines per project. Served by a data store
   holding it, through the same route: (a) the figures alone (the core through the service), (b) the
   workbook of Summary, By objective, By call and Projects (the issue's 15 s budget), (c) the whole
   programme page (Payments and Commitments too: streamed, since the lines exceed STREAM_LINES), (d) a
   call page (its own lines only).
3. The Payments ledger of the synthetic programme written by openpyxl in write-only mode, by XlsxWriter
   in constant-memory mode and, for contrast, by XlsxWriter holding the sheet in memory: the same cells
   and formats, each in a fresh process; memory is the growth of the resident set while writing
   (sampled every 50 ms), on top of the data already in memory.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitoring.model import ProgrammeData, ProgrammeInfo, coerce_frame  # noqa: E402

SEED = 20231130
OBJECTIVES = ("1.1", "1.2", "1.3", "2.1", "2.6", "2.7", "4.3", "4.4", "5.1")


def synthetic(n_projects: int, lines_per_project: float, seed: int = SEED) -> ProgrammeData:
    """A national-size 2021-2027 programme, seeded, as the loader would give it."""
    rng = np.random.default_rng(seed)
    as_of = date(2023, 11, 30)
    grants = np.round(rng.lognormal(12.5, 0.9, n_projects), 2)
    obj = rng.integers(0, len(OBJECTIVES), n_projects)
    alloc = np.array([grants[obj == i].sum() * 1.25 for i in range(len(OBJECTIVES))]).round(2)
    budget = coerce_frame(
        "budget",
        pd.DataFrame(
            {
                "code": OBJECTIVES,
                "priority": [c.split(".")[0] for c in OBJECTIVES],
                "label_fr": [f"Objectif {c}" for c in OBJECTIVES],
                "label_nl": [f"Doelstelling {c}" for c in OBJECTIVES],
                "label_en": [f"Objective {c}" for c in OBJECTIVES],
                "allocation": alloc,
                "eu_amount": (alloc * 0.4).round(2),
            }
        ),
    )
    n_calls = 200
    call_obj = rng.integers(0, len(OBJECTIVES), n_calls)
    calls = coerce_frame(
        "calls",
        pd.DataFrame(
            {
                "call_id": [f"C{i:03d}" for i in range(n_calls)],
                "title": [f"Call {i}" for i in range(n_calls)],
                "objective_codes": [OBJECTIVES[i] for i in call_obj],
                "opening_date": "2022-03-01",
                "closing_date": "2022-09-30",
                "budget": np.round(rng.uniform(2e6, 4e7, n_calls), 2),
            }
        ),
    )
    by_obj = {i: np.flatnonzero(call_obj == i) for i in range(len(OBJECTIVES))}
    call_of = np.array(
        [f"C{rng.choice(by_obj[o]):03d}" if len(by_obj[o]) and rng.random() > 0.05 else "" for o in obj], dtype=object
    )
    eu = np.round(grants * 0.4, 2)
    pids = np.array([f"P{i:06d}" for i in range(n_projects)], dtype=object)
    projects = coerce_frame(
        "projects",
        pd.DataFrame(
            {
                "project_id": pids,
                "name": [f"Project {i}" for i in range(n_projects)],
                "beneficiary": [f"Beneficiary {i % 997}" for i in range(n_projects)],
                "objective_code": [OBJECTIVES[i] for i in obj],
                "call_id": call_of,
                "stage": rng.choice(["selected", "signed", "ongoing", "closed", "cancelled"], n_projects,
                                    p=[0.1, 0.2, 0.55, 0.1, 0.05]),
                "selection_date": "2022-11-15",
                "agreement_date": "2023-01-15",
                "start_date": "2023-01-15",
                "end_date": "2027-12-31",
                "total_cost": grants,
                "eu_amount": eu,
                "regional_amount": (grants - eu).round(2),
                "postcode": "1000",
            }
        ),
    )  # fmt: skip
    days = pd.date_range("2022-01-01", as_of, freq="D")
    n_com = int(n_projects * 1.5)
    com_pos = np.concatenate([np.arange(n_projects), rng.integers(0, n_projects, n_com - n_projects)])
    commitments = coerce_frame(
        "commitments",
        pd.DataFrame(
            {
                "project_id": pids[com_pos],
                "date": days[rng.integers(0, len(days), n_com)],
                "amount": np.round(grants[com_pos] / 1.5, 2),
            }
        ),
    )
    n_pay = int(n_projects * lines_per_project)
    pay_pos = rng.integers(0, n_projects, n_pay)
    payments = coerce_frame(
        "payments",
        pd.DataFrame(
            {
                "project_id": pids[pay_pos],
                "date": days[rng.integers(0, len(days), n_pay)],
                "amount": np.round(grants[pay_pos] / (lines_per_project * 3), 2),
                "kind": rng.choice(["advance", "interim", "balance"], n_pay, p=[0.2, 0.7, 0.1]),
            }
        ),
    )
    info = ProgrammeInfo("2021-2027", "2021BE16RFPR001", "Synthetic national programme", date(2029, 12, 31), 0.4, as_of)
    return ProgrammeData(info, budget, calls, projects, commitments, payments, source="synthetic.xlsx")


def _configure(data_dir: Path, programmes: list[ProgrammeData] | None = None) -> None:
    """Point ui.service at the demo folder, or at a store holding ``programmes`` (in memory)."""
    from data_loaders.store import DataStore, LoadedFile
    from monitoring.thresholds import load_thresholds
    from settings import Settings
    from ui import service

    store = DataStore(data_dir, reload_check_seconds=3600)
    if programmes is None:
        store.refresh(force=True)
    else:
        for i, data in enumerate(programmes):
            store.files[data.programme_id] = LoadedFile(Path(data.source), f"synthetic-{i}", datetime.now(), data)
        store._last_check = time.monotonic()
    service.configure(store, load_thresholds(), Settings(data_dir=data_dir, demo=False))


def _cold() -> None:
    from monitoring import prepared
    from ui import service

    service.cache.clear()
    prepared._CACHE.clear()


def _app(data_dir: Path):
    from app import create_app
    from settings import Settings

    app = create_app(Settings(data_dir=data_dir, reload_check_seconds=3600))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    return app, client


def timed_get(client, url: str, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        _cold()
        t0 = time.perf_counter()
        resp = client.get(url)
        body = resp.data
        times.append(time.perf_counter() - t0)
        assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
        size = len(body)
    return statistics.median(times), size


def bench_demo(runs: int) -> list[tuple[str, float, int]]:
    from data_loaders.demo import write_demo_workbooks

    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    write_demo_workbooks(folder)
    app, client = _app(folder)
    urls = [
        "/export/?lang=fr",
        "/export/programme/2014-2020?lang=fr",
        "/export/programme/2021-2027?lang=nl",
        "/export/programme/2021-2027/objective/5.1?lang=fr",
        "/export/programme/2014-2020/call/2019-01?lang=en",
        "/export/programme/2014-2020/project/1420-1-01?lang=fr",
        "/export/programme/2021-2027/projects?lang=fr&q=contrat&sort=paid:desc",
        "/export/programme/2021-2027/committee-pack?lang=fr",
    ]
    return [(url, *timed_get(client, url, runs)) for url in urls], client, app


def bench_national(client, n_projects: int, lines: float, runs: int) -> list[tuple[str, float, int]]:
    import exports
    from ui import pagedata
    from ui.context import Request

    t0 = time.perf_counter()
    data = synthetic(n_projects, lines)
    gen = time.perf_counter() - t0
    print(f"synthetic programme: {len(data.projects):,} projects, {len(data.payments):,} payment and "
          f"{len(data.commitments):,} commitment lines, generated in {gen:.1f} s")  # fmt: skip
    _configure(Path(tempfile.mkdtemp()), [data])
    out: list[tuple[str, float, int]] = []
    now = datetime.now()

    def figures_only() -> object:
        v = Request("fr").at(data)
        return pagedata.to_export(pagedata.programme(v), now)

    times = []
    for _ in range(runs):
        _cold()
        t0 = time.perf_counter()
        export = figures_only()
        times.append(time.perf_counter() - t0)
    out.append(("figures of the programme page (core through ui.service, cold)", statistics.median(times), 0))

    # the budget: Summary, By objective, By call, Projects of the 50,000 projects
    assert export.projects is not None
    times = []
    for _ in range(runs):
        _cold()
        t0 = time.perf_counter()
        v = Request("fr").at(data)
        e = pagedata.to_export(pagedata.programme(v), now)
        e = exports.PageExport(**{**e.__dict__, "payments": None, "commitments": None, "decommitment": None})
        buf = io.BytesIO()
        exports.write_page(e, buf)
        times.append(time.perf_counter() - t0)
    out.append(("Summary + By objective + By call + Projects (figures + workbook)", statistics.median(times),
                len(buf.getvalue())))  # fmt: skip
    url = "/export/programme/2021-2027?lang=fr"
    out.append((f"{url} (all sheets; lines streamed)", *timed_get(client, url, 1)))
    call_id = data.projects["call_id"][data.projects["call_id"] != ""].iloc[0]
    url = f"/export/programme/2021-2027/call/{call_id}?lang=fr"
    out.append((f"{url} (a call: its own lines)", *timed_get(client, url, runs)))
    return out


# --- openpyxl write-only vs XlsxWriter constant-memory, each in its own process ----------------------------
WRITER = r"""
import io, json, os, sys, threading, time
sys.path.insert(0, {root!r})
from benchmarks.bench_export import synthetic, ledger_rows
engine = {engine!r}
data = synthetic({projects}, {lines})
rows = ledger_rows(data)
page = os.sysconf("SC_PAGE_SIZE")

def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * page

base, peak, done = rss(), [rss()], []

def sample():
    while not done:
        peak[0] = max(peak[0], rss())
        time.sleep(0.05)

threading.Thread(target=sample, daemon=True).start()
t0 = time.perf_counter()
out = open({path!r}, "wb")
if engine == "openpyxl":
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import NamedStyle
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Payments")
    for name, fmt in (("eur", '#,##0.00\\ "€"'), ("day", "mm-dd-yy")):
        wb.add_named_style(NamedStyle(name=name, number_format=fmt))
    ws.append(["Project (code)", "Project", "Date", "Kind of payment", "Amount paid (€)"])
    for pid, name, day, kind, amount in rows:
        cells = [WriteOnlyCell(ws, pid), WriteOnlyCell(ws, name), WriteOnlyCell(ws, day), WriteOnlyCell(ws, kind),
                 WriteOnlyCell(ws, amount)]
        for c in cells[:2] + cells[3:4]:
            c.data_type = "s"
        cells[2].style = "day"
        cells[4].style = "eur"
        ws.append(cells)
    ws.append(["Total", None, None, None, "=SUBTOTAL(109,E2:E%d)" % (len(rows) + 1)])
    wb.save(out)
else:
    import xlsxwriter
    options = {{"constant_memory": engine == "xlsxwriter", "strings_to_formulas": False, "strings_to_urls": False}}
    wb = xlsxwriter.Workbook(out, options)
    ws = wb.add_worksheet("Payments")
    eur, day_f = wb.add_format({{"num_format": '#,##0.00\\ "€"'}}), wb.add_format({{"num_format": 14}})
    for j, h in enumerate(["Project (code)", "Project", "Date", "Kind of payment", "Amount paid (€)"]):
        ws.write_string(0, j, h)
    for i, (pid, name, day, kind, amount) in enumerate(rows, start=1):
        ws.write_string(i, 0, pid)
        ws.write_string(i, 1, name)
        ws.write_datetime(i, 2, day, day_f)
        ws.write_string(i, 3, kind)
        ws.write_number(i, 4, amount, eur)
    ws.write_formula(len(rows) + 1, 4, "=SUBTOTAL(109,E2:E%d)" % (len(rows) + 1), eur)
    ws.autofilter(0, 0, len(rows), 4)
    wb.close()
out.close()
elapsed = time.perf_counter() - t0
done.append(True)
peak[0] = max(peak[0], rss())
print(json.dumps({{"engine": engine, "rows": len(rows), "seconds": elapsed, "peak_mb": peak[0] / 1e6,
                   "before_mb": base / 1e6}}))
"""


def ledger_rows(data: ProgrammeData) -> list[tuple[str, str, datetime, str, float]]:
    names = dict(zip(data.projects["project_id"], data.projects["name"], strict=True))
    p = data.payments
    return [
        (pid, names[pid], d.to_pydatetime(), kind, float(a))
        for pid, d, kind, a in zip(p["project_id"], p["date"], p["kind"], p["amount"], strict=True)
    ]


def compare_writers(n_projects: int, lines: float) -> list[dict]:
    results = []
    for engine in ("openpyxl", "xlsxwriter", "xlsxwriter-in-memory"):
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
            code = WRITER.format(root=str(ROOT), engine=engine, projects=n_projects, lines=lines, path=fh.name)
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            result = json.loads(run.stdout.strip().splitlines()[-1])
            result["size_mb"] = Path(fh.name).stat().st_size / 1e6
            results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--lines-per-project", type=float, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-compare", action="store_true")
    args = parser.parse_args(argv)
    print(f"pandas {pd.__version__}; median of {args.runs} runs (cold figure cache); 2 cores shared")

    demo, client, app = bench_demo(args.runs)
    w = max(len(u) for u, _, _ in demo)
    print("\n1. demo programmes, through the route")
    print(f"{'export':<{w}}  {'seconds':>8}  {'size kB':>8}")
    for url, s, size in demo:
        print(f"{url:<{w}}  {s:>8.3f}  {size / 1e3:>8.0f}")

    print(f"\n2. synthetic programme of {args.projects:,} projects")
    with app.server.app_context():  # the figure cache is the app's
        national = bench_national(client, args.projects, args.lines_per_project, args.runs)
    w = max(len(u) for u, _, _ in national)
    print(f"{'what':<{w}}  {'seconds':>8}  {'size MB':>8}")
    for what, s, size in national:
        print(f"{what:<{w}}  {s:>8.2f}  {size / 1e6:>8.1f}")
    budget = next(s for what, s, _ in national if what.startswith("Summary"))
    print(f"budget: Summary + By objective + By call + Projects under 15 s: {'yes' if budget < 15 else 'NO'}")

    if not args.skip_compare:
        print(f"\n3. the Payments ledger ({int(args.projects * args.lines_per_project):,} lines), streamed")
        print(f"{'writer':<32}  {'seconds':>8}  {'memory MB':>11}  {'size MB':>8}  (memory: RSS growth while writing)")
        for r in compare_writers(args.projects, args.lines_per_project):
            name = {
                "openpyxl": "openpyxl write-only",
                "xlsxwriter": "XlsxWriter constant_memory",
                "xlsxwriter-in-memory": "XlsxWriter, whole sheet in memory",
            }[r["engine"]]
            print(f"{name:<32}  {r['seconds']:>8.2f}  {r['peak_mb'] - r['before_mb']:>+11.0f}  {r['size_mb']:>8.1f}")
    return 0 if budget < 15 else 1


if __name__ == "__main__":
    raise SystemExit(main())
