"""What changed between two snapshots of a programme: the headline KPI, each objective, each project.

Each side is read at its own extract date (a snapshot is the situation its workbook describes). The
comparison is pure (no Dash, no files): ``ui.service`` hands it the two ``ProgrammeData`` and the
thresholds. A project is matched by its id; one present on one side only is added or removed; one on
both sides whose committed or paid amount or status differs is changed. Amount differences are
exact to the cent (the amounts are cents-rounded floats, the difference is rounded to the cent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from monitoring.aggregate import level_table
from monitoring.details import projects_table
from monitoring.figures import headline
from monitoring.model import ProgrammeData
from monitoring.status import with_rag
from monitoring.thresholds import KPI_AMOUNT, Thresholds

#: columns of :attr:`Comparison.objectives`
OBJECTIVE_COLUMNS = [
    "key", "label_fr", "label_nl", "label_en", "allocation_before", "allocation_after",
    "committed_before", "committed_after", "committed_change", "paid_before", "paid_after", "paid_change",
    "rate_before", "rate_after", "rag_before", "rag_after",
]  # fmt: skip
#: columns of :attr:`Comparison.projects`
PROJECT_COLUMNS = [
    "key", "label_fr", "label_nl", "label_en", "objective_code", "call_id", "change",
    "committed_before", "committed_after", "committed_change", "paid_before", "paid_after", "paid_change",
    "status_before", "status_after", "last_year_before", "last_year_after",
]  # fmt: skip
#: the kinds of change of a project, in the order they are listed
CHANGES = ("added", "removed", "changed")


@dataclass(frozen=True)
class Side:
    """One snapshot's headline: its extract date, the KPI's rate and amount, the allocation, the project count."""

    as_of: date
    rate: float
    done: float
    allocation: float
    rag: str
    projects: int


@dataclass(frozen=True)
class Comparison:
    programme_id: str
    kpi: str  # the headline KPI's key (consumption, commitment)
    before: Side
    after: Side
    #: one row per objective on either side (OBJECTIVE_COLUMNS); an objective absent on a side has NaN there
    objectives: pd.DataFrame
    #: one row per project added, removed or changed (PROJECT_COLUMNS), added first, then removed, then changed
    projects: pd.DataFrame
    unchanged: int  # projects on both sides with the same committed and paid amounts and status

    def count(self, change: str) -> int:
        return int((self.projects["change"] == change).sum())


def _side(data: ProgrammeData, thresholds: Thresholds) -> tuple[Side, pd.DataFrame, pd.DataFrame]:
    day = data.info.as_of
    h = headline(data, thresholds, day)
    kpi = h["kpi"]
    objectives = with_rag(level_table(data, "objective", day), kpi, day)
    objectives = objectives.assign(rate=objectives[KPI_AMOUNT[kpi.key]] / objectives["allocation"].replace(0, np.nan))
    projects = projects_table(data, day).drop_duplicates("key")
    side = Side(day, float(h["rate"]), float(h["done"]), float(h["allocation"]), h["status"].rag, len(projects))
    return side, objectives, projects


def _cents(values: pd.Series) -> pd.Series:
    return values.round(2)


def compare(before: ProgrammeData, after: ProgrammeData, thresholds: Thresholds) -> Comparison:
    """The changes from ``before`` to ``after`` (two snapshots of the same programme)."""
    if before.programme_id != after.programme_id:
        raise ValueError(f"cannot compare {before.programme_id} with {after.programme_id}")
    b, b_obj, b_proj = _side(before, thresholds)
    a, a_obj, a_proj = _side(after, thresholds)
    kpi = thresholds.headline(after.programme_id).key

    keep = ["key", "label_fr", "label_nl", "label_en", "allocation", "committed", "paid", "rate", "rag"]
    obj = b_obj[keep].merge(a_obj[keep], on="key", how="outer", suffixes=("_before", "_after"), sort=True)
    for lang in ("fr", "nl", "en"):
        obj[f"label_{lang}"] = obj[f"label_{lang}_after"].fillna(obj[f"label_{lang}_before"])
    obj["committed_change"] = _cents(obj["committed_after"].fillna(0) - obj["committed_before"].fillna(0))
    obj["paid_change"] = _cents(obj["paid_after"].fillna(0) - obj["paid_before"].fillna(0))
    obj = obj[OBJECTIVE_COLUMNS].reset_index(drop=True)

    pkeep = [
        "key",
        "label_fr",
        "label_nl",
        "label_en",
        "objective_code",
        "call_id",
        "committed",
        "paid",
        "status",
        "last_year",
    ]
    proj = b_proj[pkeep].merge(
        a_proj[pkeep], on="key", how="outer", suffixes=("_before", "_after"), sort=True, indicator=True
    )
    for col in ("label_fr", "label_nl", "label_en", "objective_code", "call_id"):
        proj[col] = proj[f"{col}_after"].fillna(proj[f"{col}_before"])
    proj["committed_change"] = _cents(proj["committed_after"].fillna(0) - proj["committed_before"].fillna(0))
    proj["paid_change"] = _cents(proj["paid_after"].fillna(0) - proj["paid_before"].fillna(0))
    differs = (
        (proj["committed_change"] != 0) | (proj["paid_change"] != 0) | (proj["status_before"] != proj["status_after"])
    )
    proj["change"] = np.select(
        [proj["_merge"] == "right_only", proj["_merge"] == "left_only", differs], list(CHANGES), default=""
    )
    unchanged = int((proj["change"] == "").sum())
    proj = proj[proj["change"] != ""].copy()
    proj["_order"] = proj["change"].map({c: i for i, c in enumerate(CHANGES)})
    proj = proj.sort_values(["_order", "key"], kind="stable")[PROJECT_COLUMNS].reset_index(drop=True)
    return Comparison(after.programme_id, kpi, b, a, obj, proj, unchanged)
