"""Allocation, committed and paid amounts and their rates, per programme, objective, call and project.

* allocation: programme = sum of the Budget allocations in force at ``as_of`` (a Budget with a
  ``valid_from`` column holds programme versions); objective = its Budget allocation in force;
  call = its Calls budget; project = its public grant (eu_amount + regional_amount).
* committed / paid: sum of the project's Commitments / Payments lines dated on or before
  ``as_of`` (decommitments are negative lines); a unit's amount is the sum over its projects
  in the selection (a call open to several objectives, filtered by one objective, counts only
  that objective's projects but keeps its whole budget as allocation).
* project counts are by stage at ``as_of``, replayed from the projects' dates
  (:meth:`~monitoring.prepared.Prepared.stages_at`): a project selected after ``as_of`` is not
  counted, and its grant is not selected yet.
* selected: the grants (selected_amount) and the total eligible cost (selected_cost) of the
  non-cancelled projects, whatever their stage; committed counts only signed commitments.
* paid_advances: the part of paid that is advances (payment kind "advance").
* rates: commitment = committed / allocation, liquidation = paid / allocation,
  paid_of_committed = paid / committed, selection = selected_amount / allocation,
  selected_cost_rate = selected_cost / allocation, advance_share = paid_advances / paid;
  NaN when the denominator is zero.

See docs/metrics.md for the definitions in the regulation's words.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from i18n import texts
from monitoring.model import PROJECT_STAGES, ProgrammeData
from monitoring.money import ratio, to_cents
from monitoring.prepared import Prepared, as_of_day, prepare

LEVELS = ("programme", "objective", "call", "project")

#: Columns of level_table / keys of totals, in order.
COLUMNS = [
    "key", "label", "label_fr", "label_nl", "label_en", "objective_code", "call_id",
    "allocation", "allocation_eu", "committed", "paid", "remaining_to_commit", "remaining_to_pay",
    "commitment_rate", "liquidation_rate", "paid_of_committed", "n_projects",
    *(f"n_{s}" for s in PROJECT_STAGES),
    "selected_amount", "selected_cost", "selection_rate", "selected_cost_rate", "paid_advances", "advance_share",
]  # fmt: skip

#: Label of the pseudo-call gathering projects outside any call (financial instruments, TA).
OUTSIDE_CALLS = texts("outside_calls")

_COUNT_COLS = ["n_projects", *(f"n_{s}" for s in PROJECT_STAGES)]


def _sums(prep: Prepared, as_of: date, sel: np.ndarray, unit_of_project: np.ndarray) -> pd.DataFrame:
    """Cents committed, paid, selected and project counts of the selected projects, per unit key."""
    committed, paid = prep.amounts(as_of)
    live = prep.selected_at(as_of)  # selected by as_of and not cancelled by then (prepared.Prepared.stages_at)
    masks = prep.stage_masks_at(as_of)
    cols = {
        "key": unit_of_project[sel],
        "committed_c": committed[sel],
        "paid_c": paid[sel],
        "advances_c": prep.advances(as_of)[sel],
        "selected_c": np.where(live, prep.grant_c, 0)[sel],
        "cost_c": np.where(live, prep.cost_c, 0)[sel],
        "n_projects": (prep.stages_at(as_of) != "")[sel].astype("int64"),
    }
    for s, m in masks.items():
        cols[f"n_{s}"] = m[sel].astype("int64")
    return pd.DataFrame(cols).groupby("key", sort=False).sum()


def _finish(units: pd.DataFrame, sums: pd.DataFrame) -> pd.DataFrame:
    """Join unit descriptions (with alloc_c, alloc_eu_c) and sums into the documented columns, ordered by key."""
    s = sums.reindex(units["key"].to_numpy())
    names = ("committed_c", "paid_c", "selected_c", "cost_c", "advances_c")
    money = {c: s[c].fillna(0).to_numpy(dtype="int64") for c in names}
    alloc = units["alloc_c"].to_numpy(dtype="int64")
    out = pd.DataFrame(
        {
            "key": units["key"].to_numpy(dtype=object),
            "label": units["label_en"].to_numpy(dtype=object),
            "label_fr": units["label_fr"].to_numpy(dtype=object),
            "label_nl": units["label_nl"].to_numpy(dtype=object),
            "label_en": units["label_en"].to_numpy(dtype=object),
            "objective_code": units["objective_code"].to_numpy(dtype=object),
            "call_id": units["call_id"].to_numpy(dtype=object),
            "allocation": alloc / 100,
            "allocation_eu": units["alloc_eu_c"].to_numpy(dtype="int64") / 100,
            "committed": money["committed_c"] / 100,
            "paid": money["paid_c"] / 100,
            "remaining_to_commit": (alloc - money["committed_c"]) / 100,
            "remaining_to_pay": (alloc - money["paid_c"]) / 100,
            "commitment_rate": ratio(money["committed_c"], alloc),
            "liquidation_rate": ratio(money["paid_c"], alloc),
            "paid_of_committed": ratio(money["paid_c"], money["committed_c"]),
        }
    )
    for c in _COUNT_COLS:
        out[c] = s[c].fillna(0).to_numpy(dtype="int64")
    out["selected_amount"] = money["selected_c"] / 100
    out["selected_cost"] = money["cost_c"] / 100
    out["selection_rate"] = ratio(money["selected_c"], alloc)
    out["selected_cost_rate"] = ratio(money["cost_c"], alloc)
    out["paid_advances"] = money["advances_c"] / 100
    out["advance_share"] = ratio(money["advances_c"], money["paid_c"])
    return out.sort_values("key", kind="stable", ignore_index=True)


def _objective_units(
    prep: Prepared, day: date, sel: npt.NDArray[np.bool_], objective: str | None, call: str | None
) -> pd.DataFrame:
    b = prep.budget_at(day)
    keep = np.ones(len(b), dtype=bool)
    if objective is not None:
        keep &= b.code == objective
    if call is not None:
        codes = set(prep.objective[sel])
        for pos in np.flatnonzero(prep.call_ids == call):
            codes |= prep.call_objectives[pos]
        keep &= np.isin(b.code, list(codes))
    return pd.DataFrame(
        {
            "key": b.code[keep],
            "label_fr": b.label_fr[keep],
            "label_nl": b.label_nl[keep],
            "label_en": b.label_en[keep],
            "objective_code": b.code[keep],
            "call_id": call if call is not None else "",
            "alloc_c": b.alloc_c[keep],
            "alloc_eu_c": b.eu_c[keep],
        }
    )


def _call_units(
    data: ProgrammeData,
    prep: Prepared,
    sel: npt.NDArray[np.bool_],
    objective: str | None,
    call: str | None,
    day: date | None = None,
) -> pd.DataFrame:
    c = data.calls
    keep = np.ones(len(c), dtype=bool)
    if objective is not None:
        keep &= np.array([objective in objs for objs in prep.call_objectives], dtype=bool) | np.isin(
            prep.call_ids, prep.call[sel]
        )
    if call is not None:
        keep &= prep.call_ids == call
    budget_c = np.rint(c["budget"].to_numpy(dtype="float64") * 100).astype("int64")[keep]
    titles = c["title"].to_numpy(dtype=object)[keep]
    units = pd.DataFrame(
        {
            "key": prep.call_ids[keep],
            "label_fr": _in_language(titles, c, "title_fr", keep),
            "label_nl": _in_language(titles, c, "title_nl", keep),
            "label_en": titles,
            "objective_code": objective if objective is not None else c["objective_codes"].to_numpy(dtype=object)[keep],
            "call_id": prep.call_ids[keep],
            "alloc_c": budget_c,
            "alloc_eu_c": np.rint(budget_c * data.info.eu_rate).astype("int64"),
        }
    )
    outside = sel & (prep.call == "")
    if outside.any():
        live = prep.selected_at(day) if day is not None else ~prep.cancelled
        grants = np.where(live, prep.grant_c, 0)
        eus = np.where(live, prep.eu_c, 0)
        pseudo = pd.DataFrame(
            {
                "key": [""],
                "label_fr": [OUTSIDE_CALLS["fr"]],
                "label_nl": [OUTSIDE_CALLS["nl"]],
                "label_en": [OUTSIDE_CALLS["en"]],
                "objective_code": [objective if objective is not None else ""],
                "call_id": [""],
                "alloc_c": [int(grants[outside].sum())],
                "alloc_eu_c": [int(eus[outside].sum())],
            }
        )
        units = pd.concat([units, pseudo], ignore_index=True) if len(units) else pseudo
    return units


def _in_language(
    fallback: npt.NDArray[np.object_], frame: pd.DataFrame, column: str, keep: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_]:
    """The names of ``column`` (name_fr, title_nl, ...) where given, else the single names: the rule of
    :func:`monitoring.model.display_name`, for a whole column at once."""
    if column not in frame.columns:
        return fallback
    given = frame[column].fillna("").astype(str).str.strip().to_numpy(dtype=object)[keep]
    return np.where(given != "", given, fallback).astype(object)


def _project_units(data: ProgrammeData, prep: Prepared, sel: npt.NDArray[np.bool_]) -> pd.DataFrame:
    names = data.projects["name"].to_numpy(dtype=object)[sel]
    return pd.DataFrame(
        {
            "key": prep.project_ids[sel],
            "label_fr": _in_language(names, data.projects, "name_fr", sel),
            "label_nl": _in_language(names, data.projects, "name_nl", sel),
            "label_en": names,
            "objective_code": prep.objective[sel],
            "call_id": prep.call[sel],
            "alloc_c": prep.grant_c[sel],
            "alloc_eu_c": prep.eu_c[sel],
        }
    )


def _programme_unit(data: ProgrammeData, prep: Prepared, day: date) -> pd.DataFrame:
    info = data.info
    b = prep.budget_at(day)
    return pd.DataFrame(
        {
            "key": [info.programme_id],
            "label_fr": [info.title_in("fr")],
            "label_nl": [info.title_in("nl")],
            "label_en": [info.title_in("en")],
            "objective_code": [""],
            "call_id": [""],
            "alloc_c": [int(b.alloc_c.sum())],
            "alloc_eu_c": [int(b.eu_c.sum())],
        }
    )


def level_table(
    data: ProgrammeData, level: str, as_of: date | None = None, *, objective: str | None = None, call: str | None = None
) -> pd.DataFrame:
    """One row per programme / objective / call / project (``level``), ordered by key, with amounts and rates.

    ``objective`` (a Budget code) and ``call`` (a call id, "" for projects outside calls) filter
    the projects counted and the rows shown. At the call level, projects outside any call are
    gathered in a row with key "" whose allocation is their grants. Filtered, the programme
    level is the single row of the selection (as :func:`totals`).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}, expected one of {', '.join(LEVELS)}")
    if level == "programme":
        return _selection_row(data, as_of, objective, call, None)
    prep = prepare(data)
    day = as_of_day(data, as_of)
    sel = prep.mask(objective, call)
    if level == "objective":
        return _finish(_objective_units(prep, day, sel, objective, call), _sums(prep, day, sel, prep.objective))
    if level == "call":
        return _finish(_call_units(data, prep, sel, objective, call, day), _sums(prep, day, sel, prep.call))
    return _finish(_project_units(data, prep, sel), _sums(prep, day, sel, prep.project_ids))


def _selection_row(
    data: ProgrammeData, as_of: date | None, objective: str | None, call: str | None, project: str | None
) -> pd.DataFrame:
    """The one-row table of the finest unit selected: project, else call, else objective, else programme."""
    prep = prepare(data)
    day = as_of_day(data, as_of)
    sel = prep.mask(objective, call, project)
    if project is not None:
        units, what = _project_units(data, prep, sel), ("project", project)
        unit_keys = prep.project_ids
    elif call is not None:
        units, what = _call_units(data, prep, sel, objective, call, day), ("call", call)
        unit_keys = prep.call
    elif objective is not None:
        units, what = _objective_units(prep, day, sel, objective, None), ("objective", objective)
        unit_keys = prep.objective
    else:
        units, what = _programme_unit(data, prep, day), None
        unit_keys = np.full(prep.n, data.info.programme_id, dtype=object)
    if what is not None:
        units = units[units["key"] == what[1]]
        if units.empty:
            raise KeyError(f"no {what[0]} {what[1]!r} in programme {data.info.programme_id} for this selection")
    return _finish(units, _sums(prep, day, sel, unit_keys))


def _plain(value: Any) -> Any:
    """A numpy scalar as a Python value, NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def totals(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
) -> dict[str, Any]:
    """The figures of the whole selection as one dict (the columns of a level_table row; None for NaN).

    No filter: the programme. ``objective``: that objective. ``call``: that call (restricted to
    ``objective``'s projects if both are given). ``project``: that project. Raises KeyError for
    a selection that names no existing unit.
    """
    row = _selection_row(data, as_of, objective, call, project).iloc[0]
    return {c: _plain(row[c]) for c in COLUMNS}


def selection_allocation(
    data: ProgrammeData,
    *,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
    as_of: date | None = None,
) -> float:
    """The allocation of the selection (as in :func:`totals`) in force at ``as_of``, euros."""
    return float(totals(data, as_of, objective=objective, call=call, project=project)["allocation"])


def call_allocation_gap(
    data: ProgrammeData, as_of: date | None = None, *, objective: str | None = None
) -> dict[str, Any]:
    """What the call rows leave out of the allocation: the allocation not given to any call.

    The call rows add up to the programme (or the objective) for committed and paid, not for the
    allocation: call budgets and the grants of projects outside calls need not cover the allocation.
    Keys: allocation (of the programme, or of ``objective``, in force at ``as_of``), calls_budget
    (sum of the budgets of the calls shown: every call, or those open to ``objective``),
    outside_calls (grants of the non-cancelled projects outside any call, of the selection),
    not_allocated (allocation - calls_budget - outside_calls; negative when calls and outside
    projects exceed it), shared (True when a call shown is open to several objectives: its whole
    budget then counts on each, and not_allocated is None because it would not mean anything);
    unallocated = max(0, not_allocated) and over_programmed = max(0, -not_allocated), the two amounts a
    page shows (never a negative allocation).
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    sel = prep.mask(objective)
    allocation_c = round(float(_selection_row(data, day, objective, None, None)["allocation"].iloc[0]) * 100)
    if objective is None:
        shown = np.ones(len(prep.call_ids), dtype=bool)
    else:
        shown = np.array([objective in objs for objs in prep.call_objectives], dtype=bool) | np.isin(
            prep.call_ids, prep.call[sel]
        )
    budgets_c = np.rint(data.calls["budget"].to_numpy(dtype="float64") * 100).astype("int64")
    calls_c = int(budgets_c[shown].sum())
    outside = sel & (prep.call == "") & prep.selected_at(day)
    outside_c = int(prep.grant_c[outside].sum())
    shared = objective is not None and any(len(prep.call_objectives[i]) > 1 for i in np.flatnonzero(shown))
    rest_c = allocation_c - calls_c - outside_c
    return {
        "allocation": allocation_c / 100,
        "calls_budget": calls_c / 100,
        "outside_calls": outside_c / 100,
        "not_allocated": None if shared else rest_c / 100,
        "shared": shared,
        # the same, never negative (docs/metrics.md, "Over-programming"): what no call nor outside project uses,
        # and by how much calls and outside projects exceed the allocation; None when shared calls blur it
        "unallocated": None if shared else max(0, rest_c) / 100,
        "over_programmed": None if shared else max(0, -rest_c) / 100,
    }


def rows_totals(projects: pd.DataFrame) -> dict[str, Any]:
    """The amounts of some project rows (a filtered explorer's), added up in cents, and their rates.

    For the totals of rows a user chose: the grants are the rows' allocations; the rates are the
    sums' ratios (``None`` when the denominator is zero), never an average of the rows' rates.
    >>> rows_totals(pd.DataFrame({"allocation": [0.1, 0.2], "committed": [0.1, 0.0], "paid": [0.05, 0.0],
    ...                           "selected_amount": [0.1, 0.2]}))["allocation"]
    0.3
    """
    sums = {
        c: int(to_cents(projects[c].fillna(0.0)).sum()) if c in projects else 0
        for c in ("allocation", "committed", "paid", "selected_amount")
    }

    def rate(a: str, b: str) -> float | None:
        return sums[a] / sums[b] if sums[b] else None

    return {
        **{c: v / 100 for c, v in sums.items()},
        "remaining_to_commit": (sums["allocation"] - sums["committed"]) / 100,
        "remaining_to_pay": (sums["allocation"] - sums["paid"]) / 100,
        "commitment_rate": rate("committed", "allocation"),
        "liquidation_rate": rate("paid", "allocation"),
        "paid_of_committed": rate("paid", "committed"),
        "n_projects": len(projects),
    }
