"""National-scale programmes in the workbook format, for the benchmarks: ``python benchmarks/scale.py 50000``.

The 2014-2020 demo programme (68 projects, 1 053 money lines: 97 commitments, 586 payments, 370 forecasts)
is copied until it has ``n`` projects: copy k renames each project ``<id>-<k>`` (so its lines follow it),
the budget's allocations and the calls' budgets are multiplied by the number of copies, so every rate stays
the demo's. Deterministic (the demo's seed): the same ``n`` always gives the same workbook. A 50 000-project
programme has about 775 000 money lines; openpyxl takes a few minutes to write it, so the workbook is kept
in ``benchmarks/.cache/`` and written once.

Another generator's shape (``calls_per_axis``, ``lang``, ``markup``): the programme as a national authority
with many calls might write it. Each of the four axes gets ``calls_per_axis`` calls of its own (``1.001``,
``1.002``, ...; their budgets share the axis' allocation), each copy of a project goes to one of its axis'
calls in turn; ``lang="nl"`` writes Dutch sheet names and headers; ``markup`` puts markup in the call
titles (``<b>``, ``<i>``, ``<script>``, ``&``): they must show as text. ``python benchmarks/scale.py 50000
--calls-per-axis 125 --lang nl --markup`` is the programme of issue 22 (4 axes, 500 calls, 50 000 projects).
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


AXES = ("1", "2", "3", "4")


def call_title(axis: str, j: int, markup: bool) -> str:
    """The title of call ``j`` of ``axis``; with ``markup``, the tags and entities a careless export carries."""
    if not markup:
        return f"Projectoproep {axis}.{j:03d} — EFRO {axis}"
    return f'<b>Projectoproep</b> {axis}.{j:03d} <i>EFRO & "innovatie"</i> <script>alert({j})</script>'


def many_calls(
    programme_sheets: dict[str, list[dict[str, Any]]], copies: int, calls_per_axis: int, markup: bool
) -> list[dict[str, Any]]:
    """``calls_per_axis`` calls on each axis, sharing the axis' allocation (times ``copies``)."""
    template = programme_sheets["calls"][0]
    allocation = {r["code"]: r["allocation"] * copies for r in programme_sheets["budget"]}
    return [
        {
            **template,
            "call_id": f"{axis}.{j:03d}",
            "title": call_title(axis, j, markup),
            "objective_codes": axis,
            "budget": round(allocation[axis] / calls_per_axis, 2),
        }
        for axis in AXES
        for j in range(1, calls_per_axis + 1)
    ]


def national(
    n: int, calls_per_axis: int | None = None, markup: bool = False
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The demo 2014-2020 programme copied up to ``n`` projects (programme sheet, sheets by kind).

    With ``calls_per_axis``, the demo's two calls are replaced by that many calls per axis (see the module).
    """
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
            new = {**row, "project_id": new_id}
            if calls_per_axis and row["objective_code"] in AXES and row.get("call_id"):
                j = (k * len(base) + len(out["projects"])) % calls_per_axis + 1
                new["call_id"] = f"{row['objective_code']}.{j:03d}"
            out["projects"].append(new)
    for key in ("commitments", "payments", "forecasts"):
        for k in range(copies):
            for row in sheets[key]:
                new_id = f"{row['project_id']}-{k:05d}"
                if new_id in kept:
                    out[key].append({**row, "project_id": new_id})
    for key in sheets:
        if key not in ("budget", "calls", "projects", "commitments", "payments", "forecasts"):
            out[key] = list(sheets[key])
    if calls_per_axis:
        out["calls"] = many_calls(sheets, copies, calls_per_axis, markup)
    return programme, out


def workbook(
    n: int, folder: Path = CACHE, calls_per_axis: int | None = None, lang: str = "en", markup: bool = False
) -> Path:
    """The workbook of :func:`national` (``n`` projects), written once into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shape = (f"-c{calls_per_axis}" if calls_per_axis else "") + (f"-{lang}" if lang != "en" else "")
    path = folder / f"erdf-2014-2020-x{n}{shape}{'-markup' if markup else ''}.xlsx"
    if not path.exists():
        programme, sheets = national(n, calls_per_axis, markup)
        tmp = path.with_suffix(".tmp.xlsx")
        write_workbook(tmp, programme, sheets, lang=lang)
        tmp.replace(path)
    return path


def lines(n: int) -> int:
    """The money lines of the ``n``-project programme (commitments, payments, forecasts)."""
    _, sheets = national(n)
    return sum(len(sheets[k]) for k in ("commitments", "payments", "forecasts"))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--calls-per-axis", type=int, default=None)
    parser.add_argument("--lang", default="en", choices=("en", "fr", "nl"))
    parser.add_argument("--markup", action="store_true")
    args = parser.parse_args()
    for size in args.sizes:
        print(workbook(size, calls_per_axis=args.calls_per_axis, lang=args.lang, markup=args.markup))
