"""Per-programme arrays prepared once, from which every figure is computed cheaply.

Amounts are held as whole cents (int64) so that every sum is exact to the cent; dates as
``datetime64[ns]``. A commitment or payment line is linked to its project by position. The
prepared arrays are cached per :class:`~monitoring.model.ProgrammeData` object (which the
core treats as immutable: a loader builds a new object for a new workbook), and the
per-project amounts and the Budget rows in force are cached per ``as_of`` date.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from monitoring.model import PROJECT_STAGES, ProgrammeData
from monitoring.money import to_cents

_CACHE: dict[int, tuple[weakref.ref[ProgrammeData], Prepared]] = {}
_CACHE_MAX = 16


@dataclass(frozen=True)
class BudgetRows:
    """The Budget in force at one date: one entry per objective code, in the sheet's order of first appearance."""

    code: npt.NDArray[np.object_]
    priority: npt.NDArray[np.object_]
    label_fr: npt.NDArray[np.object_]
    label_nl: npt.NDArray[np.object_]
    label_en: npt.NDArray[np.object_]
    alloc_c: npt.NDArray[np.int64]  # allocation in force, cents (0 for a code not yet in force)
    eu_c: npt.NDArray[np.int64]  # its EU part, cents

    def __len__(self) -> int:
        return len(self.code)


def as_of_day(data: ProgrammeData, as_of: date | None) -> date:
    """The reference date: ``as_of`` or, when None, the workbook's extract date."""
    if as_of is None:
        as_of = data.info.as_of
    return pd.Timestamp(as_of).date()


class Prepared:
    """One programme's projects and money lines as numpy arrays (cents, positions, days)."""

    def __init__(self, data: ProgrammeData):
        p = data.projects
        self.n = len(p)
        self.project_ids = p["project_id"].to_numpy(dtype=object)
        self.index = pd.Index(self.project_ids)
        self.objective = p["objective_code"].to_numpy(dtype=object)
        self.call = p["call_id"].to_numpy(dtype=object)
        self.stage = p["stage"].to_numpy(dtype=object)
        self.eu_c = to_cents(p["eu_amount"].to_numpy())
        self.regional_c = to_cents(p["regional_amount"].to_numpy())
        self.grant_c = self.eu_c + self.regional_c
        self.cost_c = to_cents(p["total_cost"].to_numpy())
        #: each project's EU share of its grant (eu / (eu + regional)); 0 for a project without grant
        self.eu_share = np.divide(
            self.eu_c.astype("float64"),
            self.grant_c.astype("float64"),
            out=np.zeros(self.n),
            where=self.grant_c != 0,
        )
        #: the stage at the extract date (the Projects sheet's); :meth:`stages_at` replays it at a date
        self.cancelled = self.stage == "cancelled"
        #: one boolean array per stage at the extract date; :meth:`stage_masks_at` gives them at a date
        self.stage_masks = {s: self.stage == s for s in PROJECT_STAGES}
        self._days = {
            c: p[f"{c}_date"].to_numpy(dtype="datetime64[ns]") for c in ("selection", "agreement", "start", "end")
        }
        self.commitments = self._lines(data.commitments)
        self._stages: dict[date, npt.NDArray[np.object_]] = {}
        self.payments = self._lines(data.payments)
        known = self.index.get_indexer(data.payments["project_id"]) >= 0 if len(data.payments) else np.empty(0, bool)
        #: the kind of each (known) payment line: "advance" | "interim" | "balance"
        self.payment_kind = data.payments["kind"].to_numpy(dtype=object)[known]
        #: per project, the day a cancelled project was cancelled, as far as the lines tell (NaT: unknown)
        self.cancel_day = self._cancel_days()
        #: per project, the day a closed project was closed: its end date, else its balance payment
        self.close_day = self._close_days(data)
        self.extract_day = as_of_day(data, None)
        self._budget = data.budget
        self.versioned = data.has_budget_versions
        self._budget_rows: dict[date | None, BudgetRows] = {}
        calls = data.calls
        self.call_ids = calls["call_id"].to_numpy(dtype=object)
        #: per call (by position), the set of objective codes it is open to
        self.call_objectives = [
            frozenset(c.strip() for c in codes.split(";") if c.strip()) for codes in calls["objective_codes"]
        ]
        self._facts: dict[date, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
        self._advances: dict[date, npt.NDArray[np.int64]] = {}
        #: results of whole-programme computations, by (function name, as-of date, parameters)
        self.memo: dict[tuple[Any, ...], Any] = {}

    def _lines(self, frame: pd.DataFrame) -> dict[str, npt.NDArray[Any]]:
        pos = self.index.get_indexer(frame["project_id"]) if len(frame) else np.empty(0, dtype="intp")
        day = frame["date"].to_numpy(dtype="datetime64[ns]")
        known = pos >= 0
        return {"pos": pos[known], "day": day[known], "cents": to_cents(frame["amount"].to_numpy())[known]}

    def _cancel_days(self) -> npt.NDArray[np.datetime64]:
        """For a cancelled project, the day of the commitment line that brought its commitment back to zero or
        below after it was positive (its decommitment); NaT when the lines do not show it. Vectorised: one
        pass over the lines of the cancelled projects."""
        out = np.full(self.n, np.datetime64("NaT"), dtype="datetime64[ns]")
        lines = self.commitments
        mine = self.cancelled[lines["pos"]] if len(lines["pos"]) else np.empty(0, bool)
        if not mine.any():
            return out
        f = pd.DataFrame({"pos": lines["pos"][mine], "day": lines["day"][mine], "c": lines["cents"][mine]})
        f = f.sort_values(["pos", "day"], kind="stable")
        running = f.groupby("pos")["c"].cumsum()
        was_positive = running.gt(0).astype("int8").groupby(f["pos"]).cummax().astype(bool)
        back = f[was_positive & running.le(0)].groupby("pos")["day"].first()
        out[back.index.to_numpy()] = back.to_numpy(dtype="datetime64[ns]")
        return out

    def stages_at(self, as_of: date) -> npt.NDArray[np.object_]:
        """Per project (by position), its stage at ``as_of`` replayed from its dates (docs/metrics.md, "Replay").

        On and after the extract date, the Projects sheet's stage. Before it: "" before the selection
        date; then "selected", "signed" from the agreement date, "ongoing" from the start date, never
        further than the extract's stage; a project closed at the extract is "closed" from its closure
        (its end date, else its balance payment: :attr:`close_day`); a cancelled one is "cancelled" from its
        decommitment (:attr:`cancel_day`), with the stage its dates give before. What the dates cannot
        tell keeps the extract's stage: a project without selection date counts as selected, a missing
        agreement or start date does not hold a project back, a cancelled project without a decommitment
        line is cancelled, a closed one without closure day is closed (:meth:`replay_gaps` counts them).
        """
        hit = self._stages.get(as_of)
        if hit is not None:
            return hit
        if as_of >= self.extract_day:
            out = self.stage.copy()
        else:
            d = np.datetime64(as_of, "ns")
            sel, agr, start = (self._days[c] for c in ("selection", "agreement", "start"))
            extract_rank = np.select([self.stage == "selected", self.stage == "signed"], [0, 1], 2)
            signed = (extract_rank >= 1) & (np.isnat(agr) | (agr <= d))
            ongoing = signed & (extract_rank >= 2) & (np.isnat(start) | (start <= d))
            out = np.where(ongoing, "ongoing", np.where(signed, "signed", "selected")).astype(object)
            closed = (self.stage == "closed") & (np.isnat(self.close_day) | (self.close_day <= d))
            out = np.where(closed, "closed", out)
            cancelled = self.cancelled & (np.isnat(self.cancel_day) | (self.cancel_day <= d))
            out = np.where(cancelled, "cancelled", out)
            out = np.where(~np.isnat(sel) & (sel > d), "", out).astype(object)
        _store(self._stages, as_of, out)
        return out

    def _close_days(self, data: ProgrammeData) -> npt.NDArray[np.datetime64]:
        """For a closed project, its closure day: its end date when it is on or before the extract date; else
        (no end date, or a planned one still to come) its first balance payment (the last 5 % is paid at
        closure); NaT when neither is known."""
        lines = self.payments
        balance = self.payment_kind == "balance"
        nat = np.datetime64("NaT", "ns").astype("int64")
        first = np.full(self.n, np.iinfo("int64").max, dtype="int64")
        np.minimum.at(first, lines["pos"][balance], lines["day"][balance].astype("int64"))
        paid = np.where(first != np.iinfo("int64").max, first, nat).astype("datetime64[ns]")
        end = self._days["end"]
        ended = ~np.isnat(end) & (end <= np.datetime64(as_of_day(data, None), "ns"))
        day = np.where(ended, end, paid)
        return np.where(self.stage == "closed", day, np.datetime64("NaT", "ns")).astype("datetime64[ns]")

    def stage_masks_at(self, as_of: date) -> dict[str, npt.NDArray[np.bool_]]:
        """One boolean array per stage at ``as_of`` (see :meth:`stages_at`); a project not yet selected is in none."""
        stages = self.stages_at(as_of)
        return {s: stages == s for s in PROJECT_STAGES}

    def selected_at(self, as_of: date) -> npt.NDArray[np.bool_]:
        """Projects selected by ``as_of`` and not cancelled by then (whose grant counts as selected)."""
        stages = self.stages_at(as_of)
        live: npt.NDArray[np.bool_] = (stages != "") & (stages != "cancelled")
        return live

    def replay_gaps(self) -> dict[str, int]:
        """How many projects the dates cannot replay: without selection date (counted as selected from the
        start), cancelled without a decommitment line (cancelled throughout), closed without end date
        (closed throughout)."""
        rank = np.select([self.stage == "selected", self.stage == "signed"], [0, 1], 2)
        undated = ((rank >= 1) & np.isnat(self._days["agreement"])) | ((rank >= 2) & np.isnat(self._days["start"]))
        return {
            "no_selection_date": int(np.isnat(self._days["selection"]).sum()),
            "stage_undated": int((undated & ~self.cancelled).sum()),
            "cancelled_undated": int((self.cancelled & np.isnat(self.cancel_day)).sum()),
            "closed_undated": int(((self.stage == "closed") & np.isnat(self.close_day)).sum()),
        }

    def amounts(self, as_of: date) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Per project (by position): committed and paid cents, counting lines dated on or before ``as_of``."""
        hit = self._facts.get(as_of)
        if hit is not None:
            return hit
        limit = np.datetime64(as_of, "ns")
        out: list[npt.NDArray[np.int64]] = []
        for lines in (self.commitments, self.payments):
            keep = lines["day"] <= limit
            sums = np.bincount(lines["pos"][keep], weights=lines["cents"][keep], minlength=self.n)
            out.append(np.rint(sums).astype("int64"))
        value = (out[0], out[1])
        _store(self._facts, as_of, value)
        return value  # the local value: another thread may clear the dict between the store and a re-read

    def advances(self, as_of: date) -> npt.NDArray[np.int64]:
        """Per project (by position): cents paid as advances (payment kind "advance") on or before ``as_of``."""
        hit = self._advances.get(as_of)
        if hit is not None:
            return hit
        lines = self.payments
        keep = (lines["day"] <= np.datetime64(as_of, "ns")) & (self.payment_kind == "advance")
        value = np.rint(np.bincount(lines["pos"][keep], weights=lines["cents"][keep], minlength=self.n)).astype("int64")
        _store(self._advances, as_of, value)
        return value

    def budget_at(self, as_of: date) -> BudgetRows:
        """The Budget rows in force at ``as_of``: per code, the row with the latest ``valid_from`` <= as_of.

        Without a ``valid_from`` anywhere this is the Budget sheet itself, whatever the date. A code
        whose rows all start after ``as_of`` is kept with a zero allocation (it did not exist yet),
        labelled by its latest row.
        """
        key = as_of if self.versioned else None
        hit = self._budget_rows.get(key)
        if hit is not None:
            return hit
        value = self._rows_at(as_of)
        _store(self._budget_rows, key, value)
        return value

    def _rows_at(self, as_of: date) -> BudgetRows:
        b = self._budget
        alloc = to_cents(b["allocation"].to_numpy())
        eu = to_cents(b["eu_amount"].to_numpy())
        if not self.versioned:
            pick = np.arange(len(b))
            live = np.ones(len(b), dtype=bool)
        else:
            start = b["valid_from"].to_numpy(dtype="datetime64[ns]")
            early = np.datetime64("1678-01-01", "ns")  # NaT: in force from the start
            start = np.where(np.isnat(start), early, start)
            in_force = start <= np.datetime64(as_of, "ns")
            codes = b["code"].to_numpy(dtype=object)
            order = list(dict.fromkeys(codes))
            pick_list, live_list = [], []
            for code in order:
                rows = np.flatnonzero(codes == code)
                ok = rows[in_force[rows]]
                if len(ok):
                    pick_list.append(ok[_last_max(start[ok])])
                    live_list.append(True)
                else:
                    pick_list.append(rows[_last_max(start[rows])])
                    live_list.append(False)
            pick = np.array(pick_list, dtype="intp")
            live = np.array(live_list, dtype=bool)
        col = {c: b[c].to_numpy(dtype=object)[pick] for c in ("code", "priority", "label_fr", "label_nl", "label_en")}
        return BudgetRows(
            col["code"],
            col["priority"],
            col["label_fr"],
            col["label_nl"],
            col["label_en"],
            np.where(live, alloc[pick], 0).astype("int64"),
            np.where(live, eu[pick], 0).astype("int64"),
        )

    def mask(
        self, objective: str | None = None, call: str | None = None, project: str | None = None
    ) -> npt.NDArray[np.bool_]:
        """Projects in the selection: of that objective code, that call id and/or that project id."""
        m = np.ones(self.n, dtype=bool)
        if objective is not None:
            m &= self.objective == objective
        if call is not None:
            m &= self.call == call
        if project is not None:
            m &= self.project_ids == project
        return m


#: entries a per-date cache of :class:`Prepared` keeps before it is emptied
_PER_DATE_MAX = 32


def _store(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """Put ``value`` in a per-date cache, emptying it first when it is full. Callers return their own
    ``value``, never ``cache[key]``: another thread may empty the cache between the two (a KeyError)."""
    if len(cache) > _PER_DATE_MAX:
        cache.clear()
    cache[key] = value


def _last_max(values: npt.NDArray[Any]) -> int:
    """Position of the largest value, the last one among equals (a later row of the same date wins)."""
    return int(len(values) - 1 - np.argmax(values[::-1]))


def prepare(data: ProgrammeData) -> Prepared:
    """The cached :class:`Prepared` arrays of ``data`` (built on first use)."""
    key = id(data)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is data:
        cached: Prepared = hit[1]
        return cached
    prep = Prepared(data)
    if len(_CACHE) >= _CACHE_MAX:
        for k in [k for k, (ref, _) in list(_CACHE.items()) if ref() is None] or list(_CACHE)[:1]:
            _CACHE.pop(k, None)  # another thread may have evicted it already: a second ``del`` raised KeyError
    _CACHE[key] = (weakref.ref(data), prep)
    return prep
