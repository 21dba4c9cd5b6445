"""Per-programme arrays prepared once, from which every figure is computed cheaply.

Amounts are held as whole cents (int64) so that every sum is exact to the cent; dates as
``datetime64[ns]``. A commitment or payment line is linked to its project by position. The
prepared arrays are cached per :class:`~monitoring.model.ProgrammeData` object (which the
core treats as immutable: a loader builds a new object for a new workbook), and the
per-project amounts are cached per ``as_of`` date.
"""

from __future__ import annotations

import weakref
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from monitoring.model import PROJECT_STAGES, ProgrammeData
from monitoring.money import to_cents

_CACHE: dict[int, tuple[weakref.ref[ProgrammeData], Prepared]] = {}
_CACHE_MAX = 16


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
        self.cancelled = self.stage == "cancelled"
        #: one boolean array per stage, for the n_<stage> counts
        self.stage_masks = {s: self.stage == s for s in PROJECT_STAGES}
        self.commitments = self._lines(data.commitments)
        self.payments = self._lines(data.payments)
        self.budget_alloc_c = to_cents(data.budget["allocation"].to_numpy())
        self.budget_eu_c = to_cents(data.budget["eu_amount"].to_numpy())
        calls = data.calls
        self.call_ids = calls["call_id"].to_numpy(dtype=object)
        #: per call (by position), the set of objective codes it is open to
        self.call_objectives = [
            frozenset(c.strip() for c in codes.split(";") if c.strip()) for codes in calls["objective_codes"]
        ]
        self._facts: dict[date, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}

    def _lines(self, frame: pd.DataFrame) -> dict[str, npt.NDArray[Any]]:
        pos = self.index.get_indexer(frame["project_id"]) if len(frame) else np.empty(0, dtype="intp")
        day = frame["date"].to_numpy(dtype="datetime64[ns]")
        known = pos >= 0
        return {"pos": pos[known], "day": day[known], "cents": to_cents(frame["amount"].to_numpy())[known]}

    def amounts(self, as_of: date) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Per project (by position): committed and paid cents, counting lines dated on or before ``as_of``."""
        if as_of not in self._facts:
            limit = np.datetime64(as_of, "ns")
            out: list[npt.NDArray[np.int64]] = []
            for lines in (self.commitments, self.payments):
                keep = lines["day"] <= limit
                sums = np.bincount(lines["pos"][keep], weights=lines["cents"][keep], minlength=self.n)
                out.append(np.rint(sums).astype("int64"))
            if len(self._facts) > 32:
                self._facts.clear()
            self._facts[as_of] = (out[0], out[1])
        return self._facts[as_of]

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


def prepare(data: ProgrammeData) -> Prepared:
    """The cached :class:`Prepared` arrays of ``data`` (built on first use)."""
    key = id(data)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is data:
        cached: Prepared = hit[1]
        return cached
    prep = Prepared(data)
    if len(_CACHE) >= _CACHE_MAX:
        for k in [k for k, (ref, _) in _CACHE.items() if ref() is None] or list(_CACHE)[:1]:
            del _CACHE[k]
    _CACHE[key] = (weakref.ref(data), prep)
    return prep
