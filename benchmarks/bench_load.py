"""How long loading a programme workbook takes: ``python benchmarks/bench_load.py [--runs 7] [--large 100000]``.

Prints a table: file, data rows, median seconds of ``load_programme`` over N runs,
and peak Python memory of one load (tracemalloc). The two demo workbooks are
written to a temporary folder first; ``--large N`` adds a synthetic 2014-2020
workbook whose Payments sheet has about N lines (the demo's, repeated).

``--compare`` measures the reader before and after the column-wise rewrite side by side, in one run::

    python benchmarks/bench_load.py --compare [--sizes 1000,10000,50000] [--runs 3] [--before COMMIT]

For each size (the national-scale programme of ``benchmarks/scale.py``) it prints: raw calamine (every sheet to
Python lists, nothing else), the check of the workbook before (``data_loaders`` as it was at ``--before``, taken
from git into a temporary folder) and after (this tree), after / raw, the peak resident memory of each reading
child (its ``VmHWM`` where Linux gives it, else ``ru_maxrss``: the imports included; ``ru_maxrss`` also counted the
parent's peak, e.g. the generator's when it had just written a workbook), and whether before and after read the
same data (a hash of every frame's values and of every issue, with its location and params). Every measure runs in
a fresh child process (the imports done before the clock starts, and Babel's locale data loaded: a dashboard
process has it from its first page, before any workbook is read; about 0.1 s the first time, counted before),
and the three kinds of run take turns, so that the machine's load weighs on each alike; times are medians, as
wall-clock seconds and as the child's CPU seconds
(``process_time``: on a shared, busy machine the wall clock also counts the time other processes had the cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_loaders import load_programme  # noqa: E402
from data_loaders.demo import build_2014_2020, write_demo_workbooks  # noqa: E402
from data_loaders.writer import write_workbook  # noqa: E402


def large_workbook(folder: Path, payments: int) -> Path:
    """The 2014-2020 demo with its payment lines repeated (shifted by a day) up to ``payments`` lines."""
    programme, sheets = build_2014_2020()
    base = sheets["payments"]
    lines: list[dict] = []
    k = 0
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


#: the last commit before the reader's column-wise rewrite (issue 22): the "before" of ``--compare``
BEFORE = "02e5539"

#: one measure in a fresh process: ``python -c CHILD <data_loaders root> <workbook> raw|load``; prints JSON
CHILD = """
import json, resource, sys, time
from datetime import date
sys.path[:0] = [sys.argv[1], {root!r}]
import python_calamine
from data_loaders import loader
from i18n import format_eur
for lang in ("fr", "nl", "en"):  # Babel's locale data, loaded once per process: the dashboard has it before any read
    format_eur(0.0, lang)
path, mode = sys.argv[2], sys.argv[3]
start, cpu = time.perf_counter(), time.process_time()
if mode == "raw":
    book = python_calamine.CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    ok = True
else:
    data, issues = loader.check_workbook(path, today=date(2026, 12, 6))
    ok = data is not None
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
digest = ""
if mode == "load" and ok:  # what was read, after the clock: every frame's values and every issue
    import hashlib
    import pandas as pd
    h = hashlib.sha256()
    for kind in ("budget", "calls", "projects", "commitments", "payments", "forecasts", "tranches",
                 "prefinancing", "claims"):
        frame = getattr(data, kind)
        h.update(repr((kind, list(frame.columns), [str(t) for t in frame.dtypes])).encode())
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    h.update(repr([(i.severity, i.code, i.sheet, i.row, i.column, i.value, i.params) for i in issues]).encode())
    digest = h.hexdigest()
def peak_kib():  # this process's own peak (VmHWM); ru_maxrss keeps the parent's peak across fork and exec
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"s": seconds, "cpu": cpu, "peak_kib": peak_kib(), "ok": ok,
                  "module": loader.__file__, "digest": digest}}))
"""


def measure_child(root: Path, path: Path, mode: str) -> dict[str, Any]:
    """One measure (``raw`` or ``load``) in a fresh child process reading ``data_loaders`` from ``root``."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(root), str(path), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(ROOT),
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["ok"], f"{path.name} refused ({mode}, {root})"
    assert mode == "raw" or str(result["module"]).startswith(str(root)), result["module"]
    return result


def compare(sizes: list[int], runs: int, before: str) -> None:
    """The table of ``--compare`` (see the module)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale import lines, workbook

    load = os.getloadavg()
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load[0]:.2f} {load[1]:.2f}")
    print(f"# before: data_loaders at {before}; after: this tree; medians of {runs} runs, each in a fresh child")
    header = (
        f"| {'projects':>8} | {'lines':>7} | {'raw calamine s':>14} | {'before s':>8} | {'after s':>7} "
        f"| {'before / raw':>12} | {'after / raw':>11} | {'CPU raw s':>9} | {'CPU before s':>12} "
        f"| {'CPU after s':>11} | {'CPU after / raw':>15} | {'peak RSS before MB':>18} | {'peak RSS after MB':>17} "
        f"| {'same data':>9} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c) - 1) + ":" for c in header.split("|")[1:-1]) + "|")
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", before, "data_loaders"], capture_output=True, check=True, cwd=str(ROOT)
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        for n in sizes:
            path = workbook(n)
            runs_of: dict[str, list[dict[str, Any]]] = {"raw": [], "before": [], "after": []}
            for _ in range(runs):  # taking turns: the machine's load weighs on the three alike
                runs_of["raw"].append(measure_child(ROOT, path, "raw"))
                runs_of["before"].append(measure_child(old, path, "load"))
                runs_of["after"].append(measure_child(ROOT, path, "load"))
            wall = {k: statistics.median(r["s"] for r in v) for k, v in runs_of.items()}
            cpu = {k: statistics.median(r["cpu"] for r in v) for k, v in runs_of.items()}
            peak = {k: max(r["peak_kib"] for r in v) / 1024 for k, v in runs_of.items()}
            digests = {r["digest"] for r in runs_of["before"] + runs_of["after"]}
            same = "yes" if len(digests) == 1 else "NO"  # the same frames and issues, before and after
            print(
                f"| {n:>8} | {lines(n):>7} | {wall['raw']:>14.2f} | {wall['before']:>8.2f} | {wall['after']:>7.2f} "
                f"| {wall['before'] / wall['raw']:>12.2f} | {wall['after'] / wall['raw']:>11.2f} "
                f"| {cpu['raw']:>9.2f} | {cpu['before']:>12.2f} | {cpu['after']:>11.2f} "
                f"| {cpu['after'] / cpu['raw']:>15.2f} | {peak['before']:>18.0f} | {peak['after']:>17.0f} "
                f"| {same:>9} |",
                flush=True,
            )
    load = os.getloadavg()
    print(f"# load average at the end {load[0]:.2f} {load[1]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large", type=int, default=0, help="also a workbook with about N payment lines")
    parser.add_argument("--compare", action="store_true", help="before and after the column-wise reader")
    parser.add_argument("--sizes", default="1000,10000,50000", help="projects, for --compare")
    parser.add_argument("--before", default=BEFORE, help="the commit of the reader before, for --compare")
    args = parser.parse_args(argv)
    if args.compare:
        compare([int(x) for x in args.sizes.split(",")], args.runs if args.runs != 7 else 3, args.before)
        return 0
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
