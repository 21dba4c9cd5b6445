"""Reading a workbook and starting the app, at 1k / 10k / 50k projects: ``python benchmarks/bench_startup.py``.

    python benchmarks/bench_startup.py [--sizes 1000,10000,50000] [--runs 3]

For each size (the national-scale programme of ``benchmarks/scale.py``, written once into
``benchmarks/.cache``) it prints one row:

* raw calamine: python-calamine reading every sheet of the workbook to Python lists, nothing else
  (the floor any reader of this format pays);
* load: the dashboard's own read (``IsolatedReader.check``: located validation, typing, the frames),
  in its memory-limited child, the child already running; its peak resident memory; the ratio to raw;
* start from Excel: a fresh ``python`` process running ``create_app`` on a folder that holds the
  workbook and no snapshot (the workbook is read and validated, the snapshot written);
* start from snapshot: the same, once the snapshot exists (the normalised parquet copy is read;
  the workbook is not read again because its content hash is known).

Times are medians of ``--runs`` runs, in seconds. Start-up is measured to "first page servable":
``create_app`` returned with the programme loaded.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import lines, workbook  # noqa: E402

START = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from app import create_app
from settings import Settings
from ui import service
app = create_app(Settings(data_dir={folder!r}, reload_check_seconds=3600))
assert service.programme_ids(), "no programme loaded"
print(time.perf_counter() - t0, service.loaded_files()[0].origin)
"""


def raw_calamine(path: Path) -> float:
    import python_calamine

    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    return time.perf_counter() - start


def start_app(folder: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", START.format(root=str(ROOT), folder=str(folder))],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(ROOT),
    )
    return float(out.stdout.split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from data_loaders.isolation import IsolatedReader

    reader = IsolatedReader(memory_mb=4096, timeout=900)
    header = (
        f"{'projects':>9} {'lines':>8} {'MB':>6} {'raw s':>7} {'load s':>7} {'x raw':>6} {'peak MB':>8} "
        f"{'start xlsx s':>12} {'start snap s':>12}"
    )
    print(header)
    print("-" * len(header))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            path = workbook(n)
            raw_bytes = path.read_bytes()
            raws = [raw_calamine(path) for _ in range(args.runs)]
            loads, peaks = [], []
            for _ in range(args.runs):
                result = reader.check(raw_bytes, path.name)
                assert result.data is not None, [i.code for i in result.issues][:5]
                loads.append(result.seconds)
                peaks.append(result.peak_rss_kib / 1024)
            from_excel, from_snapshot = [], []
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory() as tmp:
                    folder = Path(tmp)
                    shutil.copy(path, folder / "erdf-2014-2020.xlsx")
                    from_excel.append(start_app(folder))  # no snapshot yet: read, validated, kept
                    from_snapshot.append(start_app(folder))  # the snapshot's parquet copy
            raw, load = statistics.median(raws), statistics.median(loads)
            print(
                f"{n:>9} {lines(n):>8} {len(raw_bytes) / 2**20:>6.1f} {raw:>7.2f} {load:>7.2f} {load / raw:>6.2f} "
                f"{max(peaks):>8.0f} {statistics.median(from_excel):>12.2f} {statistics.median(from_snapshot):>12.2f}",
                flush=True,
            )
    finally:
        reader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
