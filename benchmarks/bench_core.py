"""Benchmark of the monitoring core on the demo data: prints programme, function, median ms over N runs.

    python benchmarks/bench_core.py [--runs 50] [--scale 1]

The demo workbooks are written with ``data_loaders.demo.write_demo_workbooks`` into a temporary
folder and read back with ``data_loaders.load_programme``. If the loader is not available, the
demo generator's rows are turned into a ProgrammeData directly (the table says which).
``--scale N`` repeats every project N times (new ids, same lines) to see how the core scales.
"cold" runs clear the core's per-programme cache first (the first call after loading a
workbook); "warm" runs reuse it (every later call on the same snapshot).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitoring import prepared
from monitoring.figures import dashboard_figures, headline, level_table, monthly_series, totals
from monitoring.model import ProgrammeData, ProgrammeInfo, coerce_frame
from monitoring.thresholds import load_thresholds


def load_demo() -> tuple[list[ProgrammeData], str]:
    """Both demo programmes, through the workbook loader when it exists."""
    from data_loaders import demo

    try:
        from data_loaders import load_programme
    except ImportError:
        load_programme = None
    if load_programme is not None:
        with tempfile.TemporaryDirectory() as folder:
            paths = demo.write_demo_workbooks(folder)
            loaded = [load_programme(p) for p in paths]
        return loaded, "demo workbooks via load_programme"
    out = []
    for build in demo.BUILDERS.values():
        info, sheets = build()
        frames = {k: coerce_frame(k, pd.DataFrame(rows)) for k, rows in sheets.items()}
        out.append(ProgrammeData(ProgrammeInfo(**info), **frames))
    return out, "demo generator rows (no load_programme yet)"


def scaled(data: ProgrammeData, n: int) -> ProgrammeData:
    """``data`` with every project (and its lines and forecasts) repeated ``n`` times under new ids."""
    if n <= 1:
        return data

    def rep(frame):
        parts = [frame.assign(project_id=frame["project_id"] + f"#{i}") for i in range(n)]
        return pd.concat(parts, ignore_index=True)

    return ProgrammeData(data.info, data.budget, data.calls, rep(data.projects), rep(data.commitments),
                         rep(data.payments), rep(data.forecasts))  # fmt: skip


def median_ms(fn, runs: int, cold: bool) -> float:
    times = []
    for _ in range(runs):
        if cold:
            prepared._CACHE.clear()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args(argv)
    thresholds = load_thresholds()
    programmes, source = load_demo()
    programmes = [scaled(d, args.scale) for d in programmes]
    print(f"source: {source}; scale x{args.scale}; median of {args.runs} runs; pandas {pd.__version__}")
    rows = []
    for data in programmes:
        size = f"{len(data.projects)} projects, {len(data.commitments) + len(data.payments)} lines"
        cases = [
            ("dashboard_figures (cold)", lambda data=data: dashboard_figures(data, thresholds), True),
            ("dashboard_figures (warm)", lambda data=data: dashboard_figures(data, thresholds), False),
            ("headline", lambda data=data: headline(data, thresholds), False),
            ("totals", lambda data=data: totals(data), False),
            ("level_table objective", lambda data=data: level_table(data, "objective"), False),
            ("level_table call", lambda data=data: level_table(data, "call"), False),
            ("level_table project", lambda data=data: level_table(data, "project"), False),
            ("monthly_series", lambda data=data: monthly_series(data), False),
        ]
        for name, fn, cold in cases:
            fn()  # import and first-use costs out of the measure
            rows.append((data.programme_id, size, name, median_ms(fn, args.runs, cold)))
        both = lambda: [dashboard_figures(d, thresholds) for d in programmes]  # noqa: E731
    rows.append(("both", "", "dashboard_figures x2 (cold)", median_ms(both, args.runs, True)))
    w = max(len(r[2]) for r in rows)
    print(f"{'programme':<10}  {'size':<28}  {'function':<{w}}  {'median ms':>9}")
    for pid, size, name, ms in rows:
        print(f"{pid:<10}  {size:<28}  {name:<{w}}  {ms:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
