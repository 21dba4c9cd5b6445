"""Programme page: the reprogramming history (the Budget's versions per objective) and what an earlier date
cannot replay from the projects' dates.

The section exists only for a workbook whose Budget sheet has the optional "valid from" column
(docs/data-format.md, "Programme versions"); the note only at a date before the extract's, when some projects
lack the dates the replay needs (docs/metrics.md, "Replay").
"""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
import pandas as pd

from i18n import format_date, format_eur, t

from .. import service
from ..components import eur_col, grid, notice, section
from ..context import View

#: the section's and the grid's ids (stable, for tests and the page's anchors)
SECTION_ID = "section-reprogramming"
GRID_ID = "reprogramming-grid"
REPLAY_NOTE_ID = "notice-replay"

#: the order of the replay limits in the note, and their catalogue keys
_LIMITS = ("no_selection_date", "stage_undated", "cancelled_undated", "closed_undated")


def version_rows(table: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    """One grid row per version: the objective (code and label in ``lang``), the date it is valid from ("from the
    start" without one), its allocation and EU part, the change from the previous version, its state in words."""
    rows = []
    for r in table.to_dict("records"):
        start = r["valid_from"]
        change = r["change"]
        rows.append(
            {
                "code": r["code"],
                "objective": f"{r['code']} {r.get(f'label_{lang}') or r['label_en']}",
                "valid_from": t("reprogramming.from_start", lang) if pd.isna(start) else format_date(start, lang),
                "valid_from_iso": None if pd.isna(start) else pd.Timestamp(start).date().isoformat(),
                "allocation": r["allocation"],
                "eu_amount": r["eu_amount"],
                "change": None if pd.isna(change) else change,
                "change_text": "" if pd.isna(change) else _signed_eur(change, lang),
                "state": t(f"reprogramming.state.{r['state']}", lang),
            }
        )
    return rows


def _signed_eur(amount: float, lang: str) -> str:
    text = format_eur(abs(amount), lang)
    return f"+{text}" if amount > 0 else (f"−{text}" if amount < 0 else text)


def reprogramming_section(v: View) -> list[Any]:
    """The programme page's reprogramming history and replay note: a list of components, empty when there is
    nothing to say (no versions in the Budget sheet, and the date shown replays every project)."""
    out: list[Any] = []
    note = replay_note(v)
    if note is not None:
        out.append(note)
    table = service.budget_versions(v.pid, v.as_of, snapshot=v.snapshot)
    if table.empty:
        return out
    columns = [
        {
            "field": "objective",
            "headerName": t("reprogramming.col.objective", v.lang),
            "tooltipField": "objective",
            "minWidth": 260,
            "flex": 2,
        },
        {"field": "valid_from", "headerName": t("reprogramming.col.valid_from", v.lang), "minWidth": 150},
        eur_col("allocation", t("reprogramming.col.allocation", v.lang)),
        eur_col("eu_amount", t("reprogramming.col.eu_amount", v.lang)),
        {
            **eur_col("change", t("reprogramming.col.change", v.lang)),
            "valueFormatter": {"function": "params.data ? params.data.change_text : ''"},
        },
        {"field": "state", "headerName": t("reprogramming.col.state", v.lang), "minWidth": 150},
    ]
    rows = version_rows(table, v.lang)
    out.append(
        section(
            t("reprogramming.title", v.lang),
            grid(GRID_ID, rows, columns, v.lang, height=min(420, 60 + 42 * len(rows))),
            hint=t("reprogramming.hint", v.lang),
            id=SECTION_ID,
        )
    )
    return out


def replay_note(v: View) -> Any:
    """At a date before the extract's: what the projects' dates could not replay (None when they replay all)."""
    limits = service.replay_limits(v.pid, v.as_of, snapshot=v.snapshot)
    if not limits or not any(limits.values()):
        return None
    items = [dmc.ListItem(t(f"replay.limit.{key}", v.lang, n=limits[key])) for key in _LIMITS if limits.get(key)]
    return notice(
        t("replay.title", v.lang),
        [dmc.Text(t("replay.body", v.lang, date=format_date(v.as_of, v.lang)), size="sm"), dmc.List(items, size="sm")],
        "blue",
        id=REPLAY_NOTE_ID,
    )
