"""Where commitments will land (issue 23): a forecast of the amount committed at each deadline, its band, its
chances in words and its backtest against the naive baseline. Pure pandas / numpy; imports no Dash.

For 2021-2027 the headline KPI is the commitment rate (committed / allocation; management plan: at least 60 %
by 31/12/2023). What the workbook holds about commitments still to come, and how each part is forecast
(docs/metrics.md, "Commitment forecast"), an *estimate* by construction:

1. **Selected projects not yet committed** (selected on or before the date, no commitment line yet, not
   cancelled): each is committed after a *delay from its selection* drawn from the delays observed so far
   (selection date to first commitment line, every project committed by the date), among the observed
   delays longer than the time it has already waited (a project waiting longer than every observed delay
   draws a fresh delay from today); the amount is its grant × a *conversion* drawn from what selected
   projects became (committed / grant for the committed ones, 0 for those cancelled before any commitment).
2. **Calls not yet selected** (opened on or before the date, no project selected in them yet): the call's
   budget × a *fill* drawn from the calls already selected (their selected grants / their budget), selected
   after a delay from the call's closing date drawn like above (closing date to its first selection,
   conditioned on the time already passed), then committed after a selection-to-commitment delay and a
   conversion as in 1. Until one call has been selected there is no fill or delay to draw from: calls are
   then not counted (``calls_unforecast``) and the forecast says so.
3. **Band and chances**: ``DRAWS`` seeded resamplings of every draw above, independently per project and
   call; the central line is the median, the band the 10th-90th percentiles, the chance of reaching an
   amount the share of draws that reach it (to the cent). When the forecast is shown, the band is widened
   and the chances read from the draws calibrated by the backtest's errors (``monitoring.forecast.calibrate``).
4. **Backtest**: the data replayed to each earlier month end (projects selected, calls opened and
   commitments dated on or before it), forecast from there over ``HORIZON_MONTHS`` and compared with what
   was committed, beside "the same pace as the last 12 months". Not shown unless it beats the baseline.

Nothing else is forecast: the allocation no call has opened for yet (future calls) is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from monitoring.forecast import (
    HIGH,
    LOW,
    SEED,
    Backtest,
    Outlook,
    calibrate,
    months_after,
    months_before,
    replay,
    spread,
)
from monitoring.model import ProgrammeData
from monitoring.money import threshold_cents, to_cents
from monitoring.prepared import Prepared, as_of_day, prepare
from monitoring.thresholds import Kpi

#: resamplings behind the band and the chances
DRAWS = 1000
#: resamplings behind each cut-off's band in the backtest
BACKTEST_DRAWS = 400
#: the backtest's horizon: commitments move within months of a selection, and the deadline is near
HORIZON_MONTHS = 3
#: the catalogue keys of the backtest's verdict
VERDICT_TEXTS = "commitment_forecast.verdict."

_EPOCH = np.datetime64("1970-01-01", "D")


def _day_number(d: date) -> int:
    return int((np.datetime64(d, "D") - _EPOCH).astype("int64"))


def _day_numbers(values: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    """Day numbers since 1970 of datetime64 values; NaT stays NaT-like (the int64 minimum)."""
    return values.astype("datetime64[D]").astype("int64")


_NAT = np.iinfo("int64").min


# --------------------------------------------------------------------------- what the data say at a date


@dataclass(frozen=True, eq=False)
class Pipeline:
    """What is still to be committed at ``as_of`` and the history the draws come from (cents, day numbers)."""

    as_of: date
    committed: int  # cents committed at as_of (every commitment line dated on or before it)
    project_grant: npt.NDArray[np.int64]  # per pending project: its grant
    project_selected: npt.NDArray[np.int64]  # its selection day
    call_budget: npt.NDArray[np.int64]  # per pending call: its budget
    call_closing: npt.NDArray[np.int64]  # its closing day (its opening day, else as_of, when it has none)
    commit_delays: npt.NDArray[np.int64]  # observed: selection to first commitment, days, sorted
    select_delays: npt.NDArray[np.int64]  # observed: call closing to its first selection, days, sorted
    conversions: npt.NDArray[np.float64]  # observed: committed / grant of projects whose fate is known
    fills: npt.NDArray[np.float64]  # observed: selected grants / budget of calls already selected
    calls_unforecast: int  # pending calls left out (no call selected yet to learn from)

    @property
    def history(self) -> bool:
        """True when some project was committed after its selection: the draws have delays to come from."""
        return len(self.commit_delays) > 0 and len(self.conversions) > 0


def _first_commitment_days(data: ProgrammeData, prep: Prepared) -> npt.NDArray[np.int64]:
    """Per project, the day of its first positive commitment line (_NAT without one)."""
    key = ("commitment_forecast.first",)
    if key not in prep.memo:
        lines = prep.commitments
        first = np.full(prep.n, np.iinfo("int64").max, dtype="int64")
        positive = lines["cents"] > 0
        np.minimum.at(first, lines["pos"][positive], _day_numbers(lines["day"][positive]))
        first[first == np.iinfo("int64").max] = _NAT
        prep.memo[key] = first
    out: npt.NDArray[np.int64] = prep.memo[key]
    return out


def pipeline(data: ProgrammeData, as_of: date | None = None) -> Pipeline:
    """The :class:`Pipeline` at ``as_of`` (memoised): only what was known on that day is used."""
    prep = prepare(data)
    day = as_of_day(data, as_of)
    key = ("commitment_forecast.pipeline", day)
    if key not in prep.memo:
        prep.memo[key] = _pipeline(data, prep, day)
    out: Pipeline = prep.memo[key]
    return out


def _pipeline(data: ProgrammeData, prep: Prepared, day: date) -> Pipeline:
    today = _day_number(day)
    p = data.projects
    selected = _day_numbers(p["selection_date"].to_numpy(dtype="datetime64[ns]"))
    known = (selected != _NAT) & (selected <= today)
    committed_c, _ = prep.amounts(day)
    first = _first_commitment_days(data, prep)
    done = (first != _NAT) & (first <= today)
    cancel = _day_numbers(prep.cancel_day.astype("datetime64[ns]"))
    # a cancelled project whose day is unknown counts as cancelled at every date (the sheet says so now)
    cancelled = prep.cancelled & ((cancel == _NAT) | (cancel <= today))
    grant = prep.grant_c
    pending = known & ~done & ~cancelled & (grant > 0)
    # delays and conversions: what selected projects became, as far as the date tells
    delays = np.sort(np.clip(first[known & done] - selected[known & done], 0, None))
    fate = known & (done | (cancelled & ~done)) & (grant > 0)
    conversions = np.where(done[fate], committed_c[fate] / grant[fate].astype("float64"), 0.0)

    # calls: opened by the date; "selected" once one of its (not cancelled) projects was selected by then
    calls = data.calls
    opening = _day_numbers(calls["opening_date"].to_numpy(dtype="datetime64[ns]"))
    closing = _day_numbers(calls["closing_date"].to_numpy(dtype="datetime64[ns]"))
    budget = to_cents(calls["budget"].to_numpy())
    call_of = pd.Index(calls["call_id"].to_numpy(dtype=object)).get_indexer(prep.call)
    in_call = known & ~cancelled & (call_of >= 0)
    n_calls = len(calls)
    first_sel = np.full(n_calls, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(first_sel, call_of[in_call], selected[in_call])
    selected_sum = np.bincount(call_of[in_call], weights=grant[in_call], minlength=n_calls)
    was_selected = first_sel != np.iinfo("int64").max
    opened = (opening == _NAT) | (opening <= today)
    with_budget = budget > 0
    chosen = was_selected & with_budget & (closing != _NAT)
    select_delays = np.sort(first_sel[chosen] - closing[chosen])
    fills = selected_sum[was_selected & with_budget] / budget[was_selected & with_budget].astype("float64")
    waiting = opened & ~was_selected & with_budget
    closes = np.where(closing != _NAT, closing, np.where(opening != _NAT, opening, today))
    forecastable = waiting if len(select_delays) and len(fills) else np.zeros(n_calls, dtype=bool)
    return Pipeline(
        as_of=day,
        committed=int(committed_c.sum()),
        project_grant=grant[pending].astype("int64"),
        project_selected=selected[pending],
        call_budget=budget[forecastable].astype("int64"),
        call_closing=closes[forecastable],
        commit_delays=delays.astype("int64"),
        select_delays=select_delays.astype("int64"),
        conversions=conversions.astype("float64"),
        fills=fills.astype("float64"),
        calls_unforecast=int((waiting & ~forecastable).sum()),
    )


def _delay_after(
    rng: np.random.Generator, observed: npt.NDArray[np.int64], waited: npt.NDArray[np.int64], draws: int
) -> npt.NDArray[np.int64]:
    """[draw, item] delays drawn from the sorted ``observed`` delays longer than what each item ``waited``; an item
    that waited longer than every observed delay gets ``waited`` + a fresh delay (from the date of the forecast)."""
    n = len(observed)
    lo = np.searchsorted(observed, waited, side="right")
    left = n - lo
    u = rng.random((draws, len(waited)))
    later = observed[np.minimum(lo + (u * left).astype("int64"), n - 1)]
    fresh = waited + observed[np.minimum((u * n).astype("int64"), n - 1)]
    out: npt.NDArray[np.int64] = np.where(left > 0, later, fresh)
    return out


# --------------------------------------------------------------------------- the forecast


@dataclass(frozen=True, eq=False)
class CommitmentForecast:
    """The amounts committed after ``as_of`` in each draw, and when: the curve is read at any date."""

    programme_id: str
    as_of: date
    committed: float  # at as_of, euros
    allocation: float  # in force at as_of, euros
    amounts: npt.NDArray[np.float64]  # [draw, item] euros committed by the item in the draw
    days: npt.NDArray[np.int64]  # [draw, item] the day it is committed
    pending_projects: int
    pending_calls: int
    calls_unforecast: int
    history: bool
    #: the backtest's error ratios (actual / median) the band and chances are calibrated by (None: not calibrated)
    errors: npt.NDArray[np.float64] | None = None

    def flows(self, day: date, *, calibrated: bool = True) -> npt.NDArray[np.float64]:
        """Per draw, euros committed after ``as_of`` up to ``day`` (included); with :attr:`errors` (and
        ``calibrated``), each draw times each error ratio (``monitoring.forecast.calibrate``)."""
        if self.amounts.shape[1] == 0:
            raw = np.zeros(self.amounts.shape[0])
        else:
            raw = np.asarray((self.amounts * (self.days <= _day_number(day))).sum(axis=1), dtype="float64")
        return calibrate(raw, self.errors) if calibrated else raw

    def cumulative(self, day: date) -> dict[str, float]:
        """Committed expected at ``day``: median (the backtested one, never calibrated), low (10th) and high (90th
        percentile, widened by the calibration when :attr:`errors` is set: ``monitoring.forecast.spread``), euros."""
        low, median, high = (self.committed + x for x in spread(self.flows(day, calibrated=False), self.errors))
        return {"median": round(median, 2), "low": round(low, 2), "high": round(high, 2)}

    def probability(self, day: date, target: float) -> float:
        """Share of the draws whose committed amount at ``day`` reaches ``target`` euros, to the cent."""
        amounts = to_cents(self.committed + self.flows(day))
        return float(np.mean(amounts >= int(to_cents(target))))

    def path(self, until: date) -> pd.DataFrame:
        """The fan: columns date (as_of, then every month end up to ``until``), median, low, high (euros)."""
        days = [self.as_of]
        month = pd.Timestamp(self.as_of) + pd.offsets.MonthEnd(0)
        while month.date() <= until:
            if month.date() > self.as_of:
                days.append(month.date())
            month = month + pd.offsets.MonthEnd(1)
        rows = [{"date": pd.Timestamp(d), **self.cumulative(d)} for d in days]
        return pd.DataFrame(rows, columns=["date", "median", "low", "high"])


def commitment_forecast(
    data: ProgrammeData, as_of: date | None = None, *, draws: int = DRAWS, seed: int = SEED
) -> CommitmentForecast:
    """The programme's commitment forecast from ``as_of`` (see the module's docstring for the method)."""
    prep = prepare(data)
    day = as_of_day(data, as_of)
    pipe = pipeline(data, day)
    today = _day_number(day)
    rng = np.random.default_rng(seed)
    n_p, n_c = len(pipe.project_grant), len(pipe.call_budget)
    if not pipe.history:
        amounts = np.zeros((draws, 0))
        days = np.zeros((draws, 0), dtype="int64")
    else:
        conv = pipe.conversions
        # selected projects: a delay longer than what each already waited, a conversion
        waited = today - pipe.project_selected
        p_days = pipe.project_selected + _delay_after(rng, pipe.commit_delays, waited, draws)
        p_conv = conv[rng.integers(0, len(conv), size=(draws, n_p))]
        p_amounts = pipe.project_grant * p_conv
        # calls: a selection delay after closing (conditioned on the time passed), a fill, then as a project
        c_waited = today - pipe.call_closing
        c_selected = pipe.call_closing + _delay_after(rng, pipe.select_delays, c_waited, draws)
        c_days = c_selected + pipe.commit_delays[rng.integers(0, len(pipe.commit_delays), size=(draws, n_c))]
        c_days = np.maximum(c_days, today + 1)  # never before the forecast's date
        c_fill = pipe.fills[rng.integers(0, len(pipe.fills), size=(draws, n_c))]
        c_conv = conv[rng.integers(0, len(conv), size=(draws, n_c))]
        c_amounts = pipe.call_budget * c_fill * c_conv
        amounts = np.concatenate([p_amounts, c_amounts], axis=1) / 100
        days = np.concatenate([np.maximum(p_days, today + 1), c_days], axis=1)
    alloc_c = int(prep.budget_at(day).alloc_c.sum())
    return CommitmentForecast(
        programme_id=data.info.programme_id,
        as_of=day,
        committed=pipe.committed / 100,
        allocation=alloc_c / 100,
        amounts=np.asarray(amounts, dtype="float64"),
        days=np.asarray(days, dtype="int64"),
        pending_projects=n_p,
        pending_calls=n_c,
        calls_unforecast=pipe.calls_unforecast,
        history=pipe.history,
    )


def threshold_outlooks(fc: CommitmentForecast, kpi: Kpi) -> list[Outlook]:
    """For a commitment KPI whose deadline is not passed: per threshold (red_below, mark, green_from, without
    repeats), the chance that the committed amount reaches it at the deadline (against the allocation in force
    at ``as_of``)."""
    if kpi.key != "commitment" or kpi.deadline < fc.as_of:
        return []
    alloc_c = int(to_cents(fc.allocation))
    at = fc.cumulative(kpi.deadline)
    out = []
    for rate in sorted({kpi.red_below, kpi.mark, kpi.green_from}):
        target = int(threshold_cents(rate, [alloc_c])[0]) / 100
        out.append(
            Outlook(
                "threshold",
                kpi.deadline,
                target,
                fc.probability(kpi.deadline, target),
                at["median"],
                at["low"],
                at["high"],
                threshold=rate,
            )
        )
    return out


# --------------------------------------------------------------------------- backtest


def _committed_at(prep: Prepared, day: date) -> int:
    return int(prep.amounts(day)[0].sum())


def baseline(
    data: ProgrammeData, cutoff: date, months: int, *, draws: int = BACKTEST_DRAWS, seed: int = SEED
) -> dict[str, float]:
    """The naive forecast of what is committed in the ``months`` after ``cutoff``: the last 12 months'
    commitments × months / 12 ("same pace"), its band from resampling those 12 monthly amounts (10th-90th)."""
    prep = prepare(data)
    ends = [months_before(cutoff, 12 - i) for i in range(13)]
    monthly = np.diff(np.array([_committed_at(prep, d) for d in ends], dtype="float64") / 100)
    rng = np.random.default_rng(seed)
    sums = monthly[rng.integers(0, 12, size=(draws, 12))].sum(axis=1) * months / 12
    low, high = np.percentile(sums, [LOW, HIGH])
    return {"median": round(float(monthly.sum()) * months / 12, 2), "low": float(low), "high": float(high)}


def backtest_cutoffs(data: ProgrammeData, months: int = HORIZON_MONTHS, until: date | None = None) -> list[date]:
    """Every month end from the month of the first commitment line on, whose next ``months`` are within the
    data (on or before ``until``, default the extract date)."""
    lines = data.commitments
    if lines.empty:
        return []
    first = pd.Timestamp(lines["date"].min()) + pd.offsets.MonthEnd(0)
    last = as_of_day(data, until)
    out = []
    month = first
    while months_after(month.date(), months) <= last:
        out.append(month.date())
        month = month + pd.offsets.MonthEnd(1)
    return out


def backtest(
    data: ProgrammeData,
    months: int = HORIZON_MONTHS,
    cutoffs: list[date] | None = None,
    *,
    until: date | None = None,
    draws: int = BACKTEST_DRAWS,
    seed: int = SEED,
) -> Backtest:
    """Replay the commitment forecast at each cut-off (default :func:`backtest_cutoffs`) and compare what it said
    would be committed over the next ``months`` with what was, beside the baseline (same columns and verdict
    as the payment forecast's :class:`~monitoring.forecast.Backtest`). A cut-off after which nothing was
    committed has no percentage error and is left out."""
    prep = prepare(data)
    days = tuple(cutoffs if cutoffs is not None else backtest_cutoffs(data, months, until))
    key = ("commitment_forecast.backtest", months, days, draws, seed)
    if key not in prep.memo:
        prep.memo[key] = _backtest(data, prep, months, days, draws, seed)
    out: Backtest = prep.memo[key]
    return out


def _backtest(
    data: ProgrammeData, prep: Prepared, months: int, days: tuple[date, ...], draws: int, seed: int
) -> Backtest:
    return replay(
        days,
        months,
        lambda cut, end: (_committed_at(prep, end) - _committed_at(prep, cut)) / 100,
        lambda cut, end: commitment_forecast(data, cut, draws=draws, seed=seed).flows(end),
        lambda cut: baseline(data, cut, months, draws=draws, seed=seed),
        VERDICT_TEXTS,
    )


# --------------------------------------------------------------------------- everything a page shows


@dataclass(frozen=True, eq=False)
class CommitmentOutlook:
    """The commitment forecast of a programme at one date: what the page, the slide and the Excel sheet show."""

    programme_id: str
    as_of: date
    end: date  # the last day the fan is drawn to
    kpi: Kpi | None
    path: pd.DataFrame
    threshold_outlooks: tuple[Outlook, ...]
    backtest: Backtest
    history: bool
    committed: float
    allocation: float
    pending_projects: int
    pending_calls: int
    calls_unforecast: int

    @property
    def shown(self) -> bool:
        return self.backtest.shown and self.history

    def at(self, day: date) -> dict[str, float]:
        """The fan's row at ``day`` (the last month end drawn on or before it)."""
        rows = self.path[self.path["date"] <= pd.Timestamp(day)]
        row = rows.iloc[-1] if len(rows) else self.path.iloc[0]
        return {k: float(row[k]) for k in ("median", "low", "high")}


def commitment_outlook(
    data: ProgrammeData,
    kpi: Kpi | None,
    as_of: date | None = None,
    *,
    draws: int = DRAWS,
    checked: Backtest | None = None,
) -> CommitmentOutlook:
    """The forecast, the chances at the KPI's deadline and the backtest at ``as_of`` (``checked``: the backtest
    when the caller has it already, else it is computed here). The fan runs to the end of the next year, at
    least to the deadline."""
    day = as_of_day(data, as_of)
    bt = checked if checked is not None else backtest(data, until=day)
    fc = commitment_forecast(data, day, draws=draws)
    if bt.calibrates:  # the band and the chances carry the errors the backtest measured
        fc = replace(fc, errors=bt.errors)
    end = date(day.year + 1, 12, 31)
    if kpi is not None and kpi.deadline > day:
        end = max(end, kpi.deadline)
    return CommitmentOutlook(
        programme_id=data.info.programme_id,
        as_of=day,
        end=end,
        kpi=kpi,
        path=fc.path(end),
        threshold_outlooks=tuple(threshold_outlooks(fc, kpi)) if kpi is not None else (),
        backtest=bt,
        history=fc.history,
        committed=round(fc.committed, 2),
        allocation=round(fc.allocation, 2),
        pending_projects=fc.pending_projects,
        pending_calls=fc.pending_calls,
        calls_unforecast=fc.calls_unforecast,
    )
