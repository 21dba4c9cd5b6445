"""Forward-looking figures: projects' payments against their yearly forecasts, and the EU decommitment exposure."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from monitoring.model import ProgrammeData
from monitoring.money import ratio, to_cents
from monitoring.prepared import as_of_day, prepare
from monitoring.status import status_columns
from monitoring.thresholds import DEFAULT_BANDS, ForecastBands

#: Number of annual EU tranches (commitment years) of a programming period.
TRANCHE_YEARS = 7
#: a gap whose deadline is this close (or passed) is red; a gap with a later deadline is orange
URGENT_DAYS = 365


def forecast_table(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    project: str | None = None,
    bands: ForecastBands = DEFAULT_BANDS,
) -> pd.DataFrame:
    """Per project and forecast year: the forecast, the payments made that year up to ``as_of``, their ratio and rag.

    Columns: project_id, year, forecast, paid, ratio, rag, name, next_threshold, gap.
    ``rag`` follows the forecast bands (red below 80 %, green from 90 % by default); it is
    "na" when the forecast is zero or the year has not started at ``as_of``. The current year
    is compared on the payments so far (the ratio rises until 31 December).
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    rows = data.forecasts
    if project is not None:
        rows = rows[rows["project_id"] == project]
    f = rows.groupby(["project_id", "year"], as_index=False, sort=True)["amount"].sum()
    pos = prep.index.get_indexer(f["project_id"])
    years = f["year"].to_numpy(dtype="int64")
    forecast_c = to_cents(f["amount"].to_numpy())

    lines = prep.payments
    keep = lines["day"] <= np.datetime64(day, "ns")
    line_years = lines["day"][keep].astype("datetime64[Y]").astype("int64") + 1970
    line_keys = lines["pos"][keep].astype("int64") * 10_000 + line_years
    uniq, inverse = np.unique(line_keys, return_inverse=True)
    paid_by_key = np.rint(np.bincount(inverse, weights=lines["cents"][keep], minlength=len(uniq))).astype("int64")
    keys = pos.astype("int64") * 10_000 + years
    paid_c = np.zeros(len(keys), dtype="int64")
    if len(uniq):
        at = np.searchsorted(uniq, keys).clip(max=len(uniq) - 1)
        hit = (uniq[at] == keys) & (pos >= 0)
        paid_c[hit] = paid_by_key[at[hit]]

    st = status_columns(paid_c / 100, forecast_c / 100, bands.red_below, bands.green_from)
    not_started = years > day.year
    rag = np.where(not_started, "na", st["rag"].to_numpy(dtype=object))
    names = np.full(len(pos), "", dtype=object)
    names[pos >= 0] = data.projects["name"].to_numpy(dtype=object)[pos[pos >= 0]]
    return pd.DataFrame(
        {
            "project_id": f["project_id"].to_numpy(dtype=object),
            "year": years,
            "forecast": forecast_c / 100,
            "paid": paid_c / 100,
            "ratio": ratio(paid_c, forecast_c),
            "rag": rag.astype(object),
            "name": names,
            "next_threshold": np.where(not_started, np.nan, st["next_threshold"].to_numpy()),
            "gap": np.where(not_started, np.nan, st["gap"].to_numpy()),
        }
    )


def programme_years(programme_id: str) -> range:
    """The commitment years of a programme id such as "2021-2027" (2021..2027)."""
    first, last = (int(x) for x in programme_id.split("-"))
    return range(first, last + 1)


def tranche_deadline(programme_id: str, year: int) -> date:
    """The day by which the EU tranche of ``year`` must be claimed.

    N+3 (2014-2020; 2021-2027 tranches 2021-2025), N+2 (2026, 2027).
    """
    n = 2 if programme_id == "2021-2027" and year >= 2026 else 3
    return date(year + n, 12, 31)


def decommitment_exposure(data: ProgrammeData, as_of: date | None = None) -> pd.DataFrame:
    """Per annual EU tranche: what must be claimed by its deadline, what is claimed at ``as_of``, and the gap.

    Simplification (the workbooks have no annual tranches): the EU allocation (sum of the
    Budget's eu_amount) is split evenly over the programme's 7 years (the remainder cents go
    to the first tranches); ``due_cumulative`` is the sum of the tranches whose deadline falls
    on or before this tranche's deadline; ``claimed`` is the EU share of the payments made up
    to ``as_of`` (eu_rate × paid, advances included), the same for every row; ``gap`` =
    max(0, due_cumulative - claimed); ``at_risk`` when gap > 0; ``deadline_passed`` when the
    deadline is before ``as_of`` (a gap is then money lost, not only at risk).
    Columns: tranche_year, eu_tranche, deadline, due_cumulative, claimed, gap, at_risk, deadline_passed.
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    pid = data.info.programme_id
    try:
        years = np.array(programme_years(pid), dtype="int64")
    except ValueError:
        years = np.empty(0, dtype="int64")
    eu_c = int(prep.budget_eu_c.sum())
    n = len(years)
    tranche_c = np.full(n, eu_c // n if n else 0, dtype="int64")
    if n:
        tranche_c[: eu_c % n] += 1
    deadlines = [tranche_deadline(pid, int(y)) for y in years]
    dl = np.array(deadlines, dtype="datetime64[D]")
    due_c = np.array([tranche_c[dl <= d].sum() for d in dl], dtype="int64")
    _, paid = prep.amounts(day)
    claimed_c = round(data.info.eu_rate * int(paid.sum()))
    gap_c = np.maximum(due_c - claimed_c, 0)
    return pd.DataFrame(
        {
            "tranche_year": years,
            "eu_tranche": tranche_c / 100,
            "deadline": pd.DatetimeIndex(dl.astype("datetime64[ns]")),
            "due_cumulative": due_c / 100,
            "claimed": np.full(n, claimed_c / 100),
            "gap": gap_c / 100,
            "at_risk": gap_c > 0,
            "deadline_passed": dl < np.datetime64(day, "D"),
            "rag": exposure_rag(gap_c > 0, dl, day),
        }
    )


def exposure_rag(at_risk: npt.ArrayLike, deadlines: npt.ArrayLike, as_of: date) -> npt.NDArray[np.object_]:
    """Per tranche: "red" for a gap whose deadline is passed or within URGENT_DAYS, "orange" for a gap
    with a later deadline, "green" without a gap."""
    risk = np.asarray(at_risk, dtype=bool)
    days_left = (np.asarray(deadlines, dtype="datetime64[D]") - np.datetime64(as_of, "D")).astype("int64")
    return np.where(~risk, "green", np.where(days_left <= URGENT_DAYS, "red", "orange")).astype(object)
