"""National-scale programmes in the workbook format, for the benchmarks: ``python benchmarks/scale.py 50000``.

The 2014-2020 demo programme (68 projects, 1 053 money lines: 97 commitments, 586 payments, 370 forecasts)
is copied until it has ``n`` projects: copy k renames each project ``<id>-<k>`` (so its lines follow it),
the budget's allocations and the calls' budgets are multiplied by the number of copies, so every rate stays
the demo's. Deterministic (the demo's seed): the same ``n`` always gives the same workbook. A 50 000-project
programme has about 775 000 money lines; openpyxl takes a few minutes to write it, so the workbook is kept
in ``benchmarks/.cache/`` and written once.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data_loaders.demo import build_2014_2020
from data_loaders.writer import write_workbook

CACHE = Path(__file__).resolve().parent / ".cache"


def national(n: int) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The demo 2014-2020 programme copied up to ``n`` projects (programme sheet, sheets by kind)."""
    programme, sheets = build_2014_2020()
    base = sheets["projects"]
    copies = math.ceil(n / len(base))
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in sheets}
    for key in ("budget", "calls"):
        for row in sheets[key]:
            out[key].append(
                {
                    **row,
                    **{
                        f: round(row[f] * copies, 2)
                        for f in ("allocation", "eu_amount", "budget")
                        if isinstance(row.get(f), int | float)
                    },
                }
            )
    kept: set[str] = set()
    for k in range(copies):
        for row in base:
            if len(out["projects"]) >= n:
                break
            new_id = f"{row['project_id']}-{k:05d}"
            kept.add(new_id)
            out["projects"].append({**row, "project_id": new_id})
    for key in ("commitments", "payments", "forecasts"):
        for k in range(copies):
            for row in sheets[key]:
                new_id = f"{row['project_id']}-{k:05d}"
                if new_id in kept:
                    out[key].append({**row, "project_id": new_id})
    for key in sheets:
        if key not in ("budget", "calls", "projects", "commitments", "payments", "forecasts"):
            out[key] = list(sheets[key])
    return programme, out


def workbook(n: int, folder: Path = CACHE) -> Path:
    """The workbook of :func:`national` (``n`` projects), written once into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"erdf-2014-2020-x{n}.xlsx"
    if not path.exists():
        programme, sheets = national(n)
        tmp = path.with_suffix(".tmp.xlsx")
        write_workbook(tmp, programme, sheets)
        tmp.replace(path)
    return path


def lines(n: int) -> int:
    """The money lines of the ``n``-project programme (commitments, payments, forecasts)."""
    _, sheets = national(n)
    return sum(len(sheets[k]) for k in ("commitments", "payments", "forecasts"))


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000"]:
        print(workbook(int(arg)))
