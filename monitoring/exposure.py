"""Forward-looking figures: projects' payments against their yearly forecasts, and the EU decommitment exposure.

The decommitment exposure follows the regulation's calculation when the workbook carries the
Tranches and Claims sheets (and Prefinancing), and is otherwise an *estimate* whose method is
stated with it (column ``method``; docs/metrics.md, "Decommitment"). An estimate never turns a
passed deadline into money lost: only the regulation's calculation does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from monitoring.model import ProgrammeData
from monitoring.money import ratio, to_cents
from monitoring.prepared import Prepared, as_of_day, prepare
from monitoring.status import status_columns
from monitoring.thresholds import DEFAULT_BANDS, DecommitmentRule, ForecastBands, default_decommitment

#: Number of annual EU tranches (commitment years) of a programming period.
TRANCHE_YEARS = 7
#: a gap whose deadline is this close (or passed) is red; a gap with a later deadline is orange
URGENT_DAYS = 365


def year_fraction(day: date) -> tuple[int, int]:
    """Days of ``day``'s year elapsed on ``day`` (the day itself included) and days in that year.

    >>> year_fraction(date(2023, 6, 30))  # 31+28+31+30+31+30
    (181, 365)
    """
    first = date(day.year, 1, 1)
    return (day - first).days + 1, (date(day.year + 1, 1, 1) - first).days


def _current_share(
    data: ProgrammeData, pos: npt.NDArray[np.intp], day: date
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per forecast row (project position): days of ``day``'s year elapsed since the project's start (its start
    date, else its agreement date, else 1 January, whichever is latest), the day itself included, and the days
    from that start to 31 December. Nothing has elapsed before the start."""
    first, last = np.datetime64(date(day.year, 1, 1), "D"), np.datetime64(date(day.year, 12, 31), "D")
    p = data.projects
    start = p["start_date"].fillna(p["agreement_date"]).to_numpy(dtype="datetime64[D]")
    known = pos >= 0
    begin = np.full(len(pos), first)
    begin[known] = np.where(np.isnat(start[pos[known]]), first, np.maximum(start[pos[known]], first))
    today = np.datetime64(day, "D")
    elapsed = np.clip((today - begin).astype("int64") + 1, 0, None)
    span = np.clip((last - begin).astype("int64") + 1, 0, None)
    return elapsed, span


def _ended_year(prep: Prepared, day: date) -> npt.NDArray[np.int64]:
    """Per project, the year it was closed or cancelled in, if it is closed or cancelled at ``day`` (the
    year before ``day``'s when that day is unknown: none of the rows from ``day``'s year on is rated);
    a very large year for the others."""
    stage = prep.stages_at(day)
    when = np.where(prep.cancelled, prep.cancel_day, prep.close_day)
    year = np.where(np.isnat(when), day.year - 1, when.astype("datetime64[Y]").astype("int64") + 1970)
    return np.where(np.isin(stage, ["closed", "cancelled"]), year, np.iinfo("int64").max).astype("int64")


def forecast_table(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    project: str | None = None,
    bands: ForecastBands = DEFAULT_BANDS,
) -> pd.DataFrame:
    """Per project and forecast year: the forecast, what was expected by ``as_of``, the year's payments, the rag.

    Columns: project_id, year, forecast, paid, ratio, rag, name, next_threshold, gap, year_state,
    expected, expected_ratio. ``year_state`` is "completed" (a year before ``as_of``'s),
    "current" or "future". ``expected`` is what the forecast asks by ``as_of``: the whole
    forecast for a completed year, its time-proportional share for the current year
    (forecast × days elapsed / days in the year, to the cent, half up; counted from the project's
    start, its start date else its agreement date, when that falls within the year: nothing is
    expected before it), NaN for a future year.
    ``paid`` counts the year's payments dated on or before ``as_of``; ``ratio`` = paid /
    forecast; ``expected_ratio`` = paid / expected. ``rag`` follows the forecast bands (red below
    80 %, green from 90 % by default) on paid against expected, with the cent rule: the current
    year is judged on its share so far, not on the whole year (so not red in September because
    December has not come). "na" for a zero forecast or nothing expected yet, and a future year.
    ``next_threshold`` and ``gap`` are against ``expected``.
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

    state = np.where(years < day.year, "completed", np.where(years == day.year, "current", "future"))
    # the current year's share so far, from the project's start when it falls within the year, in cents,
    # half up (integer arithmetic: exact)
    elapsed, span = _current_share(data, pos, day)
    share_c = np.where(span > 0, (forecast_c * elapsed * 2 + span) // np.maximum(2 * span, 1), 0)
    expected_c = np.where(state == "completed", forecast_c, np.where(state == "current", share_c, 0))
    future = state == "future"
    st = status_columns(paid_c / 100, expected_c / 100, bands.red_below, bands.green_from)
    # a project closed or cancelled by ``day`` is not rated on the years after the one it ended in: a residual
    # payment (an indexation after closure) against a leftover forecast is no plan to keep (docs/metrics.md)
    ended = np.full(len(pos), np.iinfo("int64").max, dtype="int64")
    ended[pos >= 0] = _ended_year(prep, day)[pos[pos >= 0]]
    after_end = years > ended
    st.loc[after_end, ["rag"]] = "na"
    st.loc[after_end, ["next_threshold", "gap"]] = np.nan
    rag = np.where(future, "na", st["rag"].to_numpy(dtype=object))
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
            "next_threshold": np.where(future, np.nan, st["next_threshold"].to_numpy()),
            "gap": np.where(future, np.nan, st["gap"].to_numpy()),
            "year_state": state.astype(object),
            "expected": np.where(future, np.nan, expected_c / 100),
            "expected_ratio": np.where(future, np.nan, ratio(paid_c, expected_c)),
        }
    )


def unforecast_payments(data: ProgrammeData, as_of: date | None, project_ids: Sequence[str]) -> pd.DataFrame:
    """The payments of ``project_ids`` (dated on or before ``as_of``) in years that have no forecast row, per project
    and year: what the Forecasts listing must add so that its paid total is the Payments sheet's (a recovery in a
    year without forecast, a payment before the first forecast year).

    Columns as :func:`forecast_table`'s (forecast 0, nothing expected, status "na"); e.g. on the demo, 1420-2-14's
    recovery of -217 500,00 € in 2017, a year its forecasts do not name.
    """
    day = as_of_day(data, as_of)
    pay = data.payments[(data.payments["date"] <= pd.Timestamp(day)) & data.payments["project_id"].isin(project_ids)]
    if pay.empty:
        return forecast_table(data, as_of).iloc[0:0]
    years = pay["date"].dt.year.astype("int64")
    cents = pd.Series(to_cents(pay["amount"].to_numpy()), index=pay.index)
    paid = cents.groupby([pay["project_id"], years]).sum()
    known = set(zip(data.forecasts["project_id"], data.forecasts["year"].astype("int64"), strict=True))
    rows: list[tuple[str, int, int]] = []
    for key, c in paid.items():
        project, year = str(key[0]), int(key[1])  # type: ignore[index]  # a (project, year) pair of the groupby
        if (project, year) not in known:
            rows.append((project, year, int(c)))
    if not rows:
        return forecast_table(data, as_of).iloc[0:0]
    names = dict(zip(data.projects["project_id"], data.projects["name"], strict=True))
    state = ["completed" if y < day.year else "current" if y == day.year else "future" for _, y, _ in rows]
    return pd.DataFrame(
        {
            "project_id": [p for p, _, _ in rows],
            "year": np.array([y for _, y, _ in rows], dtype="int64"),
            "forecast": 0.0,
            "paid": [c / 100 for _, _, c in rows],
            "ratio": np.nan,
            "rag": "na",
            "name": [names.get(p, "") for p, _, _ in rows],
            "next_threshold": np.nan,
            "gap": np.nan,
            "year_state": state,
            "expected": 0.0,
            "expected_ratio": np.nan,
        }
    )


def programme_years(programme_id: str) -> range:
    """The commitment years of a programme id such as "2021-2027" (2021..2027)."""
    first, last = (int(x) for x in programme_id.split("-"))
    return range(first, last + 1)


def tranche_deadline(programme_id: str, year: int, rule: DecommitmentRule | None = None) -> date:
    """The day by which the EU tranche of ``year`` must be covered (ordinary resources).

    N+3, 31 December of year + 3, for the tranches up to the rule's ``last_n3_year`` (2014-2020:
    2014-2019, Art. 136(1) CPR 1303/2013; 2021-2027: 2021-2026, Art. 105(1) CPR 2021/1060); the
    closure date for later ones (2020: 15/02/2026, Art. 86(2) CPR 1303/2013 with the closure documents'
    date as moved by the STEP regulation (EU) 2024/795; 2027: 31/12/2029).
    """
    return (rule or default_decommitment(programme_id)).deadline(year)


#: the columns of decommitment_exposure, in order
EXPOSURE_COLUMNS = [
    "tranche_year", "resource", "rule", "eu_tranche", "deadline", "due_cumulative", "decommitted_before",
    "prefinancing", "claimed", "gap", "at_risk", "deadline_passed", "lost", "unverified", "rag", "status",
    "method", "tranches_from", "claims_from", "prefinancing_from",
]  # fmt: skip


def decommitment_sources(data: ProgrammeData) -> dict[str, str]:
    """Where each input of the decommitment calculation comes from: "sheet" or "estimate".

    Keys: tranches, claims, prefinancing, and method: "regulation" when the Tranches and Claims
    sheets are both given (the regulation's calculation), else "estimate".
    """
    out = {
        "tranches": "sheet" if len(data.tranches) else "estimate",
        "claims": "sheet" if len(data.claims) else "estimate",
        "prefinancing": "sheet" if len(data.prefinancing) else "estimate",
    }
    out["method"] = "regulation" if out["tranches"] == out["claims"] == "sheet" else "estimate"
    return out


def _resource(values: pd.Series) -> npt.NDArray[np.object_]:
    r = values.fillna("").astype(str).str.strip().str.lower().to_numpy(dtype=object)
    return np.where(r == "", "ordinary", r).astype(object)


def _split(total_c: int, n: int) -> npt.NDArray[np.int64]:
    """``total_c`` cents in ``n`` equal parts; the cents that do not divide go to the first parts."""
    parts = np.full(n, total_c // n if n else 0, dtype="int64")
    if n:
        parts[: total_c % n] += 1
    return parts


def _tranches(
    data: ProgrammeData, prep: Prepared, day: date, rule: DecommitmentRule
) -> tuple[list[tuple[int, str, int]], int]:
    """(year, resource, cents) per tranche, after the first-year spread; and the ordinary EU total before it."""
    if len(data.tranches):
        t = data.tranches
        frame = pd.DataFrame(
            {
                "year": t["year"].to_numpy(dtype="int64"),
                "resource": _resource(t["resource"]),
                "c": to_cents(t["eu_amount"]),
            }
        )
        sums = frame.groupby(["resource", "year"], sort=True, as_index=False)["c"].sum()
        rows = [(int(y), str(r), int(c)) for y, r, c in zip(sums["year"], sums["resource"], sums["c"], strict=True)]
    else:
        ordinary_c, react = _estimated_resources(prep, day, rule)
        years = list(range(rule.first_year, rule.last_year + 1))
        rows = [(y, "ordinary", int(c)) for y, c in zip(years, _split(ordinary_c, len(years)), strict=True)]
        rows += [(y, "react-eu", c) for y, c in react]
    ordinary_total = sum(c for _, r, c in rows if r == "ordinary")
    if rule.first_year_spread:
        first = [c for y, r, c in rows if r == "ordinary" and y == rule.first_year]
        later = [y for y, r, _ in rows if r == "ordinary" and y > rule.first_year]
        later = later or list(range(rule.first_year + 1, rule.last_year + 1))
        if first and later:
            parts = dict(zip(sorted(later), _split(sum(first), len(later)), strict=True))
            rest = [(y, r, c) for y, r, c in rows if not (r == "ordinary" and y == rule.first_year)]
            have = {y for y, r, _ in rest if r == "ordinary"}
            rest += [(y, "ordinary", 0) for y in parts if y not in have]
            rows = [(y, r, c + (parts.get(y, 0) if r == "ordinary" else 0)) for y, r, c in rest]
    return sorted(rows, key=lambda x: (x[1] != "ordinary", x[0])), ordinary_total


def _estimated_resources(prep: Prepared, day: date, rule: DecommitmentRule) -> tuple[int, list[tuple[int, int]]]:
    """Without a Tranches sheet: the ordinary EU allocation (cents) and the REACT-EU tranches (year, cents).

    The ordinary allocation is the Budget's EU total in force at 31 December of the programme's last
    year (or at ``day`` if earlier). With ``rule.react_eu_from_budget`` (2014-2020), what the EU total
    grows by after that year is REACT-EU, one tranche per year it came into force in (Budget rows
    "valid from" 2021, 2022): the only money added to 2014-2020 programmes after 2020 (Art. 92b CPR
    1303/2013). Without that rule, or a Budget without versions, everything is ordinary.
    """
    last = date(rule.last_year, 12, 31)
    if not rule.react_eu_from_budget or not prep.versioned or day <= last:
        return int(prep.budget_at(day).eu_c.sum()), []
    ordinary_c = int(prep.budget_at(last).eu_c.sum())
    react: list[tuple[int, int]] = []
    before = ordinary_c
    for year in range(rule.last_year + 1, day.year + 1):
        total = int(prep.budget_at(min(date(year, 12, 31), day)).eu_c.sum())
        if total > before:
            react.append((year, total - before))
        before = max(before, total)
    return ordinary_c, react


def _prefinancing_c(data: ProgrammeData, day: date, rule: DecommitmentRule, ordinary_total_c: int, year: int) -> int:
    """Ordinary pre-financing counted by the end of ``year``: the sheet's rows up to it (and up to as_of's
    year); else the rule's scheduled instalments up to it, plus the annual pre-financing of ``year``
    itself (the earlier years' is cleared against their claims with the accounts, see DecommitmentRule)."""
    if len(data.prefinancing):
        p = data.prefinancing
        years = p["year"].to_numpy(dtype="int64")
        keep = (_resource(p["resource"]) == "ordinary") & (years <= year) & (years <= day.year)
        return int(to_cents(p["amount"].to_numpy())[keep].sum())
    rates = [r for y, r in rule.estimate_prefinancing if y <= year]
    rates += [r for y, r in rule.estimate_annual_prefinancing if y == year]
    rate = sum((Decimal(repr(r)) for r in rates), Decimal(0))  # 0.01 + 0.02625 exactly, not in binary
    return int((rate * ordinary_total_c).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _claims_c(data: ProgrammeData, prep: Prepared, limit: date, resource: str | None) -> int:
    """EU amount claimed by ``limit``: the Claims sheet's applications dated on or before it (of ``resource``;
    None: all), else interim and balance payments × each project's EU share."""
    if len(data.claims):
        c = data.claims
        keep = (c["date"] <= pd.Timestamp(limit)).to_numpy(copy=True)
        if resource is not None:
            keep &= _resource(c["resource"]) == resource
        return int(to_cents(c["eu_amount"].to_numpy())[keep].sum())
    lines = prep.payments
    keep = (lines["day"] <= np.datetime64(limit, "ns")) & (prep.payment_kind != "advance")
    eu = lines["cents"][keep] * prep.eu_share[lines["pos"][keep]]
    return int(np.rint(eu.sum()))


def decommitment_exposure(
    data: ProgrammeData, as_of: date | None = None, rule: DecommitmentRule | None = None
) -> pd.DataFrame:
    """Per EU tranche: what must be covered by its deadline, what covers it, the remaining gap, and its standing.

    One row per tranche (year and resource), ordered by deadline, ordinary resources first.
    ``rule`` (default: the regulation's, see :class:`~monitoring.thresholds.DecommitmentRule`)
    gives the deadlines: N+3 (31/12 of year + 3) up to ``last_n3_year``, the closure date after
    it and for REACT-EU. Columns:

    * tranche_year, resource ("ordinary" | "react-eu"), rule ("n+3" | "closure"), eu_tranche (EU
      cents of that year's budget commitment, after the first-year spread), deadline;
    * due_cumulative: N+3 rows, the ordinary tranches of the years up to this one; closure rows,
      every tranche of the resource (when the claims are estimated, REACT-EU and ordinary form
      one pool at closure, since estimated claims cannot tell them apart);
    * decommitted_before: what earlier passed N+3 deadlines decommitted (regulation only: it
      reduces the commitments still to cover);
    * prefinancing: pre-financing counted at an N+3 deadline (0 at closure, where it is cleared);
    * claimed: EU amount of the payment applications dated on or before the deadline and
      ``as_of`` (estimate: interim and balance payments × each project's EU share);
    * gap = max(0, due − decommitted_before − prefinancing − claimed);
    * at_risk (gap > 0, deadline not passed), deadline_passed (deadline before ``as_of``),
      lost (the gap of a passed deadline, regulation only; else 0), unverified (a passed
      deadline with a gap, estimate: not a finding);
    * rag: "green" no gap; "red" a gap due within a year, or lost; "orange" a later gap; "na"
      unverified. status: "covered" | "urgent" | "to_watch" | "decommitted" | "not_checked";
    * method ("regulation" | "estimate") and tranches_from, claims_from, prefinancing_from
      ("sheet" | "estimate"), the same on every row (see :func:`decommitment_sources`).
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    pid = data.info.programme_id
    if rule is None:
        try:
            rule = default_decommitment(pid)
        except ValueError:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in EXPOSURE_COLUMNS})
    src = decommitment_sources(data)
    regulation = src["method"] == "regulation"
    tranches, ordinary_total = _tranches(data, prep, day, rule)
    pooled = src["claims"] == "estimate"  # estimated claims: one pool at closure
    out: list[dict[str, object]] = []
    lost_before: dict[str, int] = {"ordinary": 0, "react-eu": 0}
    ordered = sorted(tranches, key=lambda x: (rule.deadline(x[0], x[1]), x[1] != "ordinary", x[0]))
    for year, resource, cents in ordered:
        deadline = rule.deadline(year, resource)
        kind = rule.rule(year, resource)
        limit = min(deadline, day)
        if kind == "n+3":
            due = sum(c for y, r, c in tranches if r == "ordinary" and y <= year)
            pre = _prefinancing_c(data, day, rule, ordinary_total, deadline.year)
            claimed = _claims_c(data, prep, limit, None if pooled else "ordinary")
            pool = "ordinary"
        else:
            pool = "all" if pooled else resource
            due = sum(c for _, r, c in tranches if pool == "all" or r == resource)
            pre = 0
            claimed = _claims_c(data, prep, limit, None if pooled else resource)
        before = lost_before["ordinary"] if pool in ("ordinary", "all") else 0
        gap = max(0, due - before - pre - claimed)
        passed = deadline < day
        lost = gap if passed and regulation else 0
        if lost and kind == "n+3":
            lost_before["ordinary"] += lost
        days_left = (deadline - day).days
        if passed:
            rag, status = ("red", "decommitted") if lost else (("na", "not_checked") if gap else ("green", "covered"))
        elif gap == 0:
            rag, status = "green", "covered"
        elif days_left <= URGENT_DAYS:
            rag, status = "red", "urgent"
        else:
            rag, status = "orange", "to_watch"
        out.append(
            {
                "tranche_year": year,
                "resource": resource,
                "rule": kind,
                "eu_tranche": cents / 100,
                "deadline": pd.Timestamp(deadline),
                "due_cumulative": due / 100,
                "decommitted_before": before / 100,
                "prefinancing": pre / 100,
                "claimed": claimed / 100,
                "gap": gap / 100,
                "at_risk": bool(gap > 0 and not passed),
                "deadline_passed": passed,
                "lost": lost / 100,
                "unverified": bool(passed and gap > 0 and not regulation),
                "rag": rag,
                "status": status,
                "method": src["method"],
                "tranches_from": src["tranches"],
                "claims_from": src["claims"],
                "prefinancing_from": src["prefinancing"],
            }
        )
    frame = pd.DataFrame(out, columns=EXPOSURE_COLUMNS)
    frame["tranche_year"] = frame["tranche_year"].astype("int64")
    frame["deadline"] = pd.to_datetime(frame["deadline"]).astype("datetime64[ns]")
    for c in ("at_risk", "deadline_passed", "unverified"):
        frame[c] = frame[c].astype(bool)
    return frame


def exposure_rag(at_risk: npt.ArrayLike, deadlines: npt.ArrayLike, as_of: date) -> npt.NDArray[np.object_]:
    """Per tranche: "red" for a gap whose deadline is passed or within URGENT_DAYS, "orange" for a gap
    with a later deadline, "green" without a gap."""
    risk = np.asarray(at_risk, dtype=bool)
    days_left = (np.asarray(deadlines, dtype="datetime64[D]") - np.datetime64(as_of, "D")).astype("int64")
    return np.where(~risk, "green", np.where(days_left <= URGENT_DAYS, "red", "orange")).astype(object)
