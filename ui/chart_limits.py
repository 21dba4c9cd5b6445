"""Charts of many units (an axis with 500 calls): the largest units drawn, the others as one bar.

A chart of units draws one bar per unit and series, each with its hover text. At 125 calls on an axis the
figure weighed 150 KB, was 8 830 px tall, and plotly took seconds to lay its labels out (issue 22). From
``TOP_BARS`` units on, a chart draws the ``TOP_BARS - 1`` largest by allocation and one bar "the other n",
its sums; its text alternative says the same, and a note under the chart says how many are drawn and
links to the grid, which keeps every unit. The choice is the same for the chart and its words: both call
:func:`top_indices` on the same allocations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from i18n import t

#: the most bars a chart of units draws (one of them "the others" when there are more units)
TOP_BARS = 15


def _amount(x: Any) -> float:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(value) else value


def top_indices(allocations: Sequence[Any], limit: int = TOP_BARS) -> list[int] | None:
    """The positions of the units a chart draws, in their order; None when every unit is drawn.

    Beyond ``limit`` units: the ``limit - 1`` largest allocations (ties: the first), the last bar is "the others".

    >>> top_indices([5, 1, 9, 3], limit=3)
    [0, 2]
    >>> top_indices([5, 1], limit=3) is None
    True
    """
    if len(allocations) <= limit:
        return None
    ranked = sorted(range(len(allocations)), key=lambda i: (-_amount(allocations[i]), i))
    return sorted(ranked[: limit - 1])


def others(rows: Sequence[Mapping[Any, Any]], kept: Sequence[int]) -> dict[str, float | int]:
    """The units not drawn, added up: their count, allocation, committed and paid, and the rates of the sums."""
    keep = set(kept)
    rest = [r for i, r in enumerate(rows) if i not in keep]
    allocation = sum(_amount(r.get("allocation")) for r in rest)
    committed = sum(_amount(r.get("committed")) for r in rest)
    paid = sum(_amount(r.get("paid")) for r in rest)
    return {
        "n": len(rest),
        "allocation": allocation,
        "committed": committed,
        "paid": paid,
        "commitment_rate": committed / allocation if allocation else math.nan,
        "liquidation_rate": paid / allocation if allocation else math.nan,
    }


#: the id of the block holding the grid of every unit, where the note under a limited chart leads
GRID_ANCHOR = "units-table"


def anchored(grid: Any, anchor: str = GRID_ANCHOR) -> html.Div:
    """A grid in a block the note under a limited chart links to."""
    return html.Div(grid, id=anchor)


def limit_note(total: int, lang: str, grid_anchor: str = GRID_ANCHOR) -> html.P | None:
    """Under a chart that does not draw every unit: how many it draws, and a link to the grid that has them all."""
    if total <= TOP_BARS:
        return None
    return html.P(
        [
            t("chart_limit.note", lang, shown=TOP_BARS - 1, n=total),
            " ",
            html.A(t("chart_limit.to_grid", lang), href=f"#{grid_anchor}"),
        ],
        className="chart-limit-note",
    )
