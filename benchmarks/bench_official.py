"""Benchmark of the official figures: reading the Commission's files and computing one programme's page.

    python benchmarks/bench_official.py [--dir ../shared/realdata] [--runs 5] [--cci 2014BE16RFOP001]

Prints step, median ms over the runs. "read" reads every CSV of the folder (data_loaders.official);
the other steps are the pure computations of monitoring.official the page asks for, on the programme.
The page itself keeps these results per state of the folder (ui.service), so only its first view pays them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_loaders.official import read_folder
from monitoring import official

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=str(ROOT.parent / "shared" / "realdata"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cci", default="2014BE16RFOP001")
    args = ap.parse_args()
    folder = read_folder(args.dir)
    sources = list(folder.sources)
    if not sources:
        print(f"no official file under {args.dir}")
        return 1
    main_source = next(s for s in sources if s.has_cutoffs and len(s.of(args.cci)))
    year = official.cutoffs(main_source, args.cci)[-1][0]
    steps = {
        "read (every CSV of the folder)": lambda: read_folder(args.dir),
        "programmes (the index)": lambda: official.programmes(sources),
        "priority table at the last cut-off": lambda: official.priority_table(main_source, args.cci, year),
        "series over the cut-offs": lambda: official.series(main_source, args.cci),
        "quirks (all files)": lambda: official.quirks(sources, args.cci, main_source),
        "peers at the last cut-off": lambda: official.peers(main_source, args.cci, year),
    }
    rows = sum(len(s.rows) for s in sources)
    print(f"{len(sources)} files, {rows} rows, programme {args.cci}, {args.runs} runs")
    print(f"{'step':<40} {'median ms':>10}")
    for name, fn in steps.items():
        print(f"{name:<40} {timed(fn, args.runs):>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
