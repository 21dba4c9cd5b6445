"""Peak memory of reading a workbook, as the dashboard reads it: ``python benchmarks/bench_intake_memory.py``.

Each workbook is read once in a fresh child process (``data_loaders.isolation``, memory limit
``--memory-mb``), and the table prints the file's size, the outcome, the child's peak resident memory
(VmHWM, which sees calamine's own allocations, unlike tracemalloc) and the time of the read. The
workbooks, all under 20 MB, are written to a temporary folder first:

- the two demo workbooks, and the 2014-2020 demo with 100 000 and 450 000 payment lines;
- a wide sheet: 5 000 payment lines with 900 extra note columns (4.5 million cells);
- hostile ones: one value in XFD1048576, a 20 MB text used in 100 cells, a 300 MB part of zeros
  (a zip bomb), 2 000-character texts in every cell of a 60 000-line sheet.

``--quick`` leaves out the 450 000-line and the wide workbooks (they take a minute to write).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from data_loaders import aliases
from data_loaders.demo import build_2014_2020, write_demo_workbooks
from data_loaders.isolation import IsolatedReader
from tests.data_loaders.corpus import CASES

LIMIT_MIB = 1024


def write_fast(
    path: Path, programme: dict[str, Any], sheets: dict[str, list[dict[str, Any]]], extra_columns: int = 0
) -> Path:
    """The workbook format written with openpyxl's streaming writer (large sheets in seconds, not minutes)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Programme")
    for key, value in programme.items():
        ws.append([aliases.programme_key_name(key), value])
    for sheet, rows in sheets.items():
        ws = wb.create_sheet(aliases.sheet_name(sheet))
        keys = [k for k in aliases.COLUMNS[sheet] if not rows or k in rows[0]]
        notes = [f"Note {i}" for i in range(extra_columns)] if sheet == "payments" else []
        ws.append([aliases.header_name(sheet, k) for k in keys] + notes)
        for n, row in enumerate(rows):
            ws.append([row.get(k) for k in keys] + ([n * 0.5] * len(notes)))
    wb.save(path)
    return path


def payments_workbook(folder: Path, lines: int, extra_columns: int = 0, text: int = 0) -> Path:
    """The 2014-2020 demo with its payment lines repeated (shifted by a day) up to ``lines`` lines."""
    programme, sheets = build_2014_2020()
    base, out, k = sheets["payments"], [], 0
    while len(out) < lines:
        for row in base:
            out.append({**row, "date": row["date"] - timedelta(days=k % 30), "amount": round(row["amount"] / 200, 2)})
        k += 1
    sheets["payments"] = out[:lines]
    if text:
        for i, row in enumerate(sheets["payments"]):
            row["kind"] = f"{row['kind']} " + ("x" * text) + str(i)  # refused (unknown kind), after being read
    name = f"payments-{lines}" + (f"-wide-{extra_columns}" if extra_columns else "") + (f"-text-{text}" if text else "")
    return write_fast(folder / f"{name}.xlsx", programme, sheets, extra_columns)


def hostile(folder: Path) -> list[Path]:
    wanted = {"far-cell-XFD1048576", "shared-text-20MB-used-100-times", "zip-bomb-300MB-part"}
    return [case.write(folder) for case in CASES if case.name in wanted]


def _outcome(result: Any) -> str:
    if result.failure:
        return f"READ FAILED ({result.failure})"
    if result.data is not None:
        return f"accepted, {len(result.data.payments)} payments"
    errors = [i.code for i in result.issues if i.severity == "error"]
    return f"refused: {errors[0]}" + (f" (+{len(errors) - 1})" if len(errors) > 1 else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--memory-mb", type=int, default=1536)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        paths = write_demo_workbooks(folder)
        paths.append(payments_workbook(folder, 100_000))
        if not args.quick:
            paths.append(payments_workbook(folder, 450_000))
            paths.append(payments_workbook(folder, 5_000, extra_columns=900))
        paths.append(payments_workbook(folder, 60_000, text=2_000))
        paths += hostile(folder)
        print(f"(workbooks written in {time.perf_counter() - started:.0f} s)")
        print(f"{'file':<40} {'MB':>6}  {'outcome':<44} {'peak MiB':>9} {'s':>6}")
        worst = 0
        for path in paths:
            reader = IsolatedReader(memory_mb=args.memory_mb, timeout=600, jobs_per_child=1)
            try:
                raw = path.read_bytes()
                result = reader.check(raw, path.name)
            finally:
                reader.close()
            peak = result.peak_rss_kib / 1024
            worst = max(worst, int(peak))
            size = len(raw) / 2**20
            print(f"{path.name:<40} {size:>6.1f}  {_outcome(result):<44.44} {peak:>9.0f} {result.seconds:>6.2f}")
            assert size < 20, "every workbook here is under 20 MB"
        print(f"largest peak: {worst} MiB ({'under' if worst < LIMIT_MIB else 'OVER'} {LIMIT_MIB} MiB)")
    return 0 if worst < LIMIT_MIB else 1


if __name__ == "__main__":
    raise SystemExit(main())
