"""How long loading a programme workbook takes: ``python benchmarks/bench_load.py [--runs 7] [--large 100000]``.

Prints a table: file, data rows, median seconds of ``load_programme`` over N runs,
and peak Python memory of one load (tracemalloc). The two demo workbooks are
written to a temporary folder first; ``--large N`` adds a synthetic 2014-2020
workbook whose Payments sheet has about N lines (the demo's, repeated).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data_loaders import load_programme
from data_loaders.demo import build_2014_2020, write_demo_workbooks
from data_loaders.writer import write_workbook


def large_workbook(folder: Path, payments: int) -> Path:
    """The 2014-2020 demo with its payment lines repeated (shifted by a day) up to ``payments`` lines."""
    programme, sheets = build_2014_2020()
    base = sheets["payments"]
    lines, k = [], 0
    while len(lines) < payments:
        for row in base:
            lines.append({**row, "date": row["date"] - timedelta(days=k % 30), "amount": round(row["amount"] / 200, 2)})
        k += 1
    sheets["payments"] = lines[:payments]
    return write_workbook(folder / f"erdf-2014-2020-large-{payments}.xlsx", programme, sheets)


def measure(path: Path, runs: int) -> tuple[int, float, float]:
    """(data rows, median seconds, peak MiB) of loading ``path``."""
    times = []
    data = None
    for _ in range(runs):
        start = time.perf_counter()
        data = load_programme(path)
        times.append(time.perf_counter() - start)
    rows = sum(len(getattr(data, k)) for k in ("budget", "calls", "projects", "commitments", "payments", "forecasts"))
    tracemalloc.start()
    load_programme(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, statistics.median(times), peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large", type=int, default=0, help="also a workbook with about N payment lines")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_demo_workbooks(folder)
        if args.large:
            paths.append(large_workbook(folder, args.large))
        print(f"{'file':<36} {'rows':>8} {'median s':>9} {'peak MiB':>9}   (runs={args.runs})")
        for path in paths:
            rows, median, peak = measure(path, args.runs)
            print(f"{path.name:<36} {rows:>8} {median:>9.3f} {peak:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
