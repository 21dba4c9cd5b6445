"""Time of the mapping step's reading of a list of operations: the four real lists, and synthetic .csv lists.

    python benchmarks/bench_operations.py [--runs 5] [--rows 20000 100000]

For each file: ``recognise`` (read the file, find its sheet and header), ``extract`` (the rows under the
proposed mapping, sections carried), ``build_programme`` and the workbook the list becomes
(``profiles.workbook_bytes``, openpyxl). The Data page's card reads the file once per upload and process
(``ui.list_service``: kept for the next callbacks); every change of a select extracts again, so "extract" is
the time a preview takes on the server. Median of ``runs`` in ms, and the peak memory of one full pass
(tracemalloc, Python allocations only). No network.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_loaders import operations, profiles

REAL = Path(__file__).resolve().parent.parent / "tests" / "realdata" / "lists_of_operations"


def synthetic_csv(rows: int) -> bytes:
    """A Belgian-style list: ";" delimited, cp1252, title line, axis rows every 500 projects, a total row."""
    rnd = random.Random(21)
    lines = [
        "Liste des opérations FEDER",
        "",
        "N°;Bénéficiaire / Begunstigde;Opération / Actie;Coût total (€);FEDER (€)",
    ]
    for i in range(rows):
        if i % 500 == 0:
            lines.append(f"AXE {i // 500 + 1}")
        cost = rnd.randint(10_000, 5_000_000) + rnd.randint(0, 99) / 100
        lines.append(
            f"P{i:06d};Bénéficiaire {i % 997};Projet {i};{cost:.2f}".replace(".", ",")
            + f";{cost / 2:.2f}".replace(".", ",")
        )
    lines.append(";;Total;;")
    return "\n".join(lines).encode("cp1252")


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        began = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="*", default=[20_000, 100_000])
    args = parser.parse_args(argv)
    cases = [(p.name[:34], p.read_bytes(), p.name) for p in sorted(REAL.glob("*.xls*"))]
    cases += [(f"synthetic {n:,} rows .csv", synthetic_csv(n), "list.csv") for n in args.rows]
    names = ("KiB", "ops", "recognise", "extract", "build", "workbook", "peak MiB")
    head = f"{'file':36} " + " ".join(f"{n:>{max(7, len(n))}}" for n in names)
    print(head)
    print("-" * len(head))
    for label, raw, name in cases:
        t_rec, table = timed(lambda raw=raw, name=name: operations.recognise(raw, name), args.runs)
        assert isinstance(table, operations.Table), label
        mapping = operations.propose(table.headers)
        t_ext, extracted = timed(lambda table=table, mapping=mapping: operations.extract(table, mapping), args.runs)
        assert isinstance(extracted, operations.Extracted)
        programme = extracted.programmes()[0] or None
        t_build, data = timed(
            lambda e=extracted, p=programme: operations.build_programme(e, programme_id="2014-2020", programme=p),
            args.runs,
        )
        t_book, _ = timed(lambda data=data: profiles.workbook_bytes(data), max(1, args.runs // 2))
        tracemalloc.start()
        t = operations.recognise(raw, name)
        assert t is not None
        operations.build_programme(operations.extract(t, mapping), programme_id="2014-2020", programme=programme)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"{label:36} {len(raw) / 1024:7.0f} {len(extracted.operations):7d} {t_rec:9.1f} {t_ext:7.1f} "
            f"{t_build:7.1f} {t_book:8.1f} {peak:8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
