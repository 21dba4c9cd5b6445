"""Where will we land: a bottom-up forecast of payments, its uncertainty band, its backtest, and the
Art. 69(10) forecast of payment applications. Pure pandas / numpy; imports no Dash.

The method (docs/metrics.md, "Forecast"), an *estimate* by construction:

1. **Realisation ratios.** For every completed forecast year (a year before the cut-off), a project's
   ratio is what was paid that year / what the Forecasts sheet said for it. A project's ratio is its
   own pooled ratio (sum paid / sum forecast over its completed years); a project with no completed
   year borrows the pooled ratio of its beneficiary (the Projects sheet has no beneficiary *type*, so
   the beneficiary itself is the nearest group), then of its objective, then of the programme; with
   no history at all the forecasts are taken as given (ratio 1, and no band: ``history`` is False).
2. **Remaining payments.** Each project's forecasts for the cut-off's year and later, corrected by
   its ratio: for the current year, ratio × forecast minus what was already paid that year (never
   below 0); later years, ratio × forecast. A project never receives more than its commitment (its
   grant while not yet committed) minus what it was paid. Each year's amount is spread evenly over
   its days (the current year's over the days left after the cut-off), so the cumulative curve can
   be read at any month end or deadline.
3. **Band.** ``DRAWS`` seeded resamplings: in each, every project draws one ratio from its group's
   observed yearly ratios (its own years, or its fallback group's), independently. The central line
   is the median of the draws, the band their 10th-90th percentiles; the probability of reaching an
   amount is the share of draws that reach it (to the cent).
4. **Backtest.** The data is replayed to earlier cut-offs (payments dated on or before them), the
   forecast made from there and compared with what was paid over the next ``horizon`` months, next
   to a naive baseline, "the same pace as the last 12 months". A method that does not beat the
   baseline's MAPE (or cannot be checked) is not shown (:attr:`Backtest.shown`).
5. **Calibration.** A shown forecast's band is widened, and its chances read, from the calibrated draws: every
   draw times every error ratio actual / median of the backtest (:func:`calibrate`, :func:`spread`); the
   band's coverage is measured leave one out (:func:`summarise`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from i18n import format_date, format_eur_short, format_pct, t
from monitoring.model import ProgrammeData
from monitoring.money import threshold_cents, to_cents
from monitoring.prepared import Prepared, as_of_day, prepare
from monitoring.thresholds import Kpi

#: number of resamplings behind the band and the probabilities
DRAWS = 1000
#: resamplings behind each cut-off's band in the backtest (fewer: 13 forecasts or more per backtest)
BACKTEST_DRAWS = 400
#: the seed of the resampling (the same data gives the same band, to the cent)
SEED = 20231130
#: the band's percentiles
LOW, HIGH = 10.0, 90.0
#: where a project's ratio comes from, in the order they are tried
SOURCES = ("project", "beneficiary", "objective", "programme", "none")
#: the backtest needs at least this many cut-offs to judge the method
MIN_CUTOFFS = 3
#: a date written in full in every language
DATE_FORMAT = "dd/MM/yyyy"
#: at most this many draws × projects with a forecast left × years per forecast, and at least MIN_DRAWS draws
MAX_CELLS = 20_000_000
MIN_DRAWS = 100
_CHUNK = 50  # draws computed at once, at most
_CHUNK_FLOATS = 2_000_000  # and at most this many floats (draws × projects × years) at once: 16 MB


# --------------------------------------------------------------------------- realisation ratios


def _paid_by_year(prep: Prepared, day: date) -> pd.Series:
    """Cents paid per (project position, calendar year), lines dated on or before ``day`` (memoised)."""
    key = ("forecast.paid_by_year", day)
    if key not in prep.memo:
        prep.memo[key] = _paid_by_year_now(prep, day)
    out: pd.Series = prep.memo[key]
    return out


def _paid_by_year_now(prep: Prepared, day: date) -> pd.Series:
    lines = prep.payments
    keep = lines["day"] <= np.datetime64(day, "ns")
    years = lines["day"][keep].astype("datetime64[Y]").astype("int64") + 1970
    frame = pd.DataFrame({"pos": lines["pos"][keep].astype("int64"), "year": years, "c": lines["cents"][keep]})
    return frame.groupby(["pos", "year"])["c"].sum()


def _forecast_rows(data: ProgrammeData, prep: Prepared) -> pd.DataFrame:
    """The Forecasts sheet summed per (project, year), with the project's position (unknown ids dropped)."""
    key = ("forecast.rows",)
    if key not in prep.memo:
        prep.memo[key] = _forecast_rows_now(data, prep)
    out: pd.DataFrame = prep.memo[key]
    return out


def _forecast_rows_now(data: ProgrammeData, prep: Prepared) -> pd.DataFrame:
    f = data.forecasts.groupby(["project_id", "year"], as_index=False, sort=True)["amount"].sum()
    f["pos"] = prep.index.get_indexer(f["project_id"])
    f = f[f["pos"] >= 0].reset_index(drop=True)
    f["c"] = to_cents(f["amount"].to_numpy())
    out: pd.DataFrame = f
    return out


def realisation_ratios(data: ProgrammeData, as_of: date | None = None) -> pd.DataFrame:
    """Per project and completed forecast year (a year ended on or before ``as_of``, forecast above 0): forecast,
    paid (that year's payments, dated on or before ``as_of``), ratio = paid / forecast, and the
    project's beneficiary and objective code."""
    prep = prepare(data)
    day = as_of_day(data, as_of)
    key = ("forecast.realisation_ratios", day)
    if key not in prep.memo:
        prep.memo[key] = _realisation_ratios(data, prep, day)
    out: pd.DataFrame = prep.memo[key]
    return out


def _history(data: ProgrammeData, prep: Prepared, day: date) -> tuple[npt.NDArray[np.int64], ...]:
    """The completed forecast years at ``day`` as arrays (memoised): project position, year, forecast cents,
    paid cents (that year's lines dated on or before ``day``), in the order of the Forecasts sheet's (project, year)."""
    key = ("forecast.history", day)
    if key not in prep.memo:
        f = _forecast_rows(data, prep)
        done = day.year if (day.month, day.day) == (12, 31) else day.year - 1  # a year is completed on its 31/12
        years = f["year"].to_numpy(dtype="int64")
        cents = f["c"].to_numpy(dtype="int64")
        keep = (years <= done) & (cents > 0)
        pos = f["pos"].to_numpy(dtype="int64")[keep]
        years, cents = years[keep], cents[keep]
        paid = _paid_by_year(prep, day)
        keys = pd.MultiIndex.from_arrays([pos, years])
        paid_c = paid.reindex(keys, fill_value=0).to_numpy(dtype="int64") if len(pos) else np.zeros(0, "int64")
        prep.memo[key] = (pos, years, cents, paid_c)
    out: tuple[npt.NDArray[np.int64], ...] = prep.memo[key]
    return out


def _realisation_ratios(data: ProgrammeData, prep: Prepared, day: date) -> pd.DataFrame:
    pos, years, cents, paid_c = _history(data, prep, day)
    return pd.DataFrame(
        {
            "project_id": prep.project_ids[pos],
            "year": years,
            "forecast": cents / 100,
            "paid": paid_c / 100,
            "ratio": paid_c / cents.astype("float64"),
            "beneficiary": data.projects["beneficiary"].to_numpy(dtype=object)[pos],
            "objective_code": prep.objective[pos],
        }
    )


def _group_codes(data: ProgrammeData, prep: Prepared) -> dict[str, tuple[npt.NDArray[np.int64], int]]:
    """Per level of SOURCES' groups, each project's group number (-1: no group, an empty key) and the count of
    groups (memoised: the same at every date)."""
    key = ("forecast.group_codes",)
    if key not in prep.memo:
        out = {"project": (np.arange(prep.n, dtype="int64"), prep.n)}
        for level, keys in (
            ("beneficiary", data.projects["beneficiary"].to_numpy(dtype=object)),
            ("objective", prep.objective),
        ):
            codes, uniques = pd.factorize(keys)
            out[level] = (codes.astype("int64"), len(uniques))
        prep.memo[key] = out
    got: dict[str, tuple[npt.NDArray[np.int64], int]] = prep.memo[key]
    return got


@dataclass(frozen=True, eq=False)
class RatioTable:
    """Per project (in the Projects sheet's order): the ratio its forecasts are corrected by, where it comes from
    (one of SOURCES), and its pool of yearly ratios as ``flat[offset : offset + length]`` (the projects of one
    group share their group's slice, in the order of the realisation ratios' rows)."""

    ratio: npt.NDArray[np.float64]
    source: npt.NDArray[np.object_]
    offset: npt.NDArray[np.int64]
    length: npt.NDArray[np.int64]
    flat: npt.NDArray[np.float64]


def ratio_table(data: ProgrammeData, as_of: date | None = None) -> RatioTable:
    """:class:`RatioTable` at ``as_of`` (memoised): vectorised per level (project, beneficiary, objective), each
    group's pooled ratio = sum paid / sum forecast over its completed years, a group key left empty is no group."""
    prep = prepare(data)
    day = as_of_day(data, as_of)
    key = ("forecast.ratio_table", day)
    if key not in prep.memo:
        prep.memo[key] = _ratio_table(data, prep, day)
    out: RatioTable = prep.memo[key]
    return out


def _ratio_table(data: ProgrammeData, prep: Prepared, day: date) -> RatioTable:
    pos, _, cents, paid_c = _history(data, prep, day)
    n = prep.n
    values = paid_c / cents.astype("float64")
    paid, forecast = paid_c / 100, cents / 100
    ratio = np.ones(n)
    source = np.full(n, "none", dtype=object)
    offset = np.zeros(n, dtype="int64")
    length = np.ones(n, dtype="int64")
    resolved = np.zeros(n, dtype=bool)
    parts: list[npt.NDArray[np.float64]] = []
    base = 0
    for level, (of_project, groups) in _group_codes(data, prep).items():
        codes = of_project[pos]  # each completed year's group (-1: none)
        kept = codes >= 0
        order = np.flatnonzero(kept)[np.argsort(codes[kept], kind="stable")]  # each group's rows in their order
        counts = np.bincount(codes[kept], minlength=groups)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype("int64")
        sums_paid = np.bincount(codes[kept], weights=paid[kept], minlength=groups)
        sums_forecast = np.bincount(codes[kept], weights=forecast[kept], minlength=groups)
        pooled = np.divide(sums_paid, sums_forecast, out=np.ones(groups), where=counts > 0)
        group = np.where(of_project >= 0, of_project, 0)
        take = ~resolved & (of_project >= 0) & (counts[group] > 0)
        ratio[take] = pooled[group[take]]
        source[take] = level
        offset[take] = base + starts[group[take]]
        length[take] = counts[group[take]]
        resolved |= take
        parts.append(values[order])
        base += len(order)
    if len(pos):
        take = ~resolved
        ratio[take] = float(paid.sum() / forecast.sum())
        source[take] = "programme"
        offset[take] = base
        length[take] = len(values)
        parts.append(values)
    else:
        offset[:] = base
        parts.append(np.ones(1))
    return RatioTable(ratio, source, offset, length, np.concatenate(parts))


def project_ratios(data: ProgrammeData, as_of: date | None = None) -> pd.DataFrame:
    """Per project (in the Projects sheet's order): the ratio its forecasts are corrected by, where it
    comes from (``source``, one of SOURCES) and the yearly ratios it is resampled from (``pool``)."""
    prep = prepare(data)
    rt = ratio_table(data, as_of)
    pools = [rt.flat[o : o + k] for o, k in zip(rt.offset.tolist(), rt.length.tolist(), strict=True)]
    return pd.DataFrame({"project_id": prep.project_ids, "ratio": rt.ratio, "source": rt.source, "pool": pools})


def common_factors(
    data: ProgrammeData, as_of: date | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The programme-wide shock of each completed year and how likely it is drawn: per year, the programme's
    ratio that year (sum paid / sum forecast) over its pooled ratio over all completed years, and the
    year's share of the forecasts (a small early year weighs little). ([1.0], [1.0]) without history."""
    hist = realisation_ratios(data, as_of)
    if hist.empty:
        return np.ones(1), np.ones(1)
    per_year = hist.groupby("year")[["paid", "forecast"]].sum()
    pooled = per_year["paid"].sum() / per_year["forecast"].sum()
    factors = (per_year["paid"] / per_year["forecast"]).to_numpy(dtype="float64") / pooled
    weights = per_year["forecast"].to_numpy(dtype="float64")
    return factors, weights / weights.sum()


# --------------------------------------------------------------------------- the forecast


@dataclass(frozen=True, eq=False)
class Forecast:
    """One programme's payment forecast from ``as_of``: per objective and year, the point forecast and
    every draw (euros still to be paid), from which the curve is read at any date."""

    programme_id: str
    as_of: date
    horizon: date
    codes: tuple[str, ...]  # objective codes, in the Budget's order (a code unknown to the Budget at the end)
    allocation: npt.NDArray[np.float64]  # per code, the allocation in force at as_of, euros
    eu_rate: npt.NDArray[np.float64]  # per code, its EU co-financing rate (EU / allocation; 0 without allocation)
    paid_now: npt.NDArray[np.float64]  # per code, paid at as_of, euros
    years: tuple[int, ...]
    point: npt.NDArray[np.float64]  # [code, year] euros still to be paid, with each project's pooled ratio
    draws: npt.NDArray[np.float64]  # [draw, code, year] the same with resampled ratios
    sources: dict[str, int] = field(default_factory=dict)  # projects with a forecast, by ratio source
    history: bool = False  # True when some completed year gave realisation ratios (else no band)
    #: the backtest's error ratios (actual / median) the band and chances are calibrated by (None: not calibrated)
    errors: npt.NDArray[np.float64] | None = None

    def _fractions(self, day: date) -> npt.NDArray[np.float64]:
        """Per forecast year, the share of its remaining amount paid by ``day`` (spread evenly over its days)."""
        out = np.zeros(len(self.years))
        for i, year in enumerate(self.years):
            start = self.as_of if year == self.as_of.year else date(year - 1, 12, 31)
            span = (date(year, 12, 31) - start).days
            out[i] = 1.0 if span <= 0 else min(1.0, max(0.0, (day - start).days / span))
        return out

    def _select(self, objective: str | None) -> npt.NDArray[np.bool_]:
        return np.array([objective is None or c == objective for c in self.codes], dtype=bool)

    def flows(
        self, day: date, objective: str | None = None, *, eu: bool = False, calibrated: bool = True
    ) -> npt.NDArray[np.float64]:
        """Per draw, euros paid between ``as_of`` and ``day`` (EU share with ``eu``; of one objective); with
        :attr:`errors` (and ``calibrated``), each draw times each error ratio (see :func:`calibrate`)."""
        w = self._fractions(day)
        sel = self._select(objective)
        per_code = self.draws[:, sel, :] @ w
        rates = self.eu_rate[sel] if eu else np.ones(int(sel.sum()))
        raw = np.asarray(per_code @ rates, dtype="float64")
        return calibrate(raw, self.errors) if calibrated else raw

    def point_flow(self, day: date, objective: str | None = None, *, eu: bool = False) -> float:
        """Euros paid between ``as_of`` and ``day`` with each project's pooled ratio (no resampling)."""
        sel = self._select(objective)
        rates = self.eu_rate[sel] if eu else np.ones(int(sel.sum()))
        return float(rates @ (self.point[sel, :] @ self._fractions(day)))

    def paid(self, objective: str | None = None) -> float:
        return float(self.paid_now[self._select(objective)].sum())

    def allocation_of(self, objective: str | None = None) -> float:
        return float(self.allocation[self._select(objective)].sum())

    def cumulative(self, day: date, objective: str | None = None) -> dict[str, float]:
        """Cumulative paid expected at ``day``: median (the backtested one, never calibrated), low (10th) and high
        (90th percentile, widened by the calibration when :attr:`errors` is set: :func:`spread`), point."""
        base = self.paid(objective)
        low, median, high = (base + x for x in spread(self.flows(day, objective, calibrated=False), self.errors))
        return {
            "median": round(float(median), 2),
            "low": round(float(low), 2),
            "high": round(float(high), 2),
            "point": round(base + self.point_flow(day, objective), 2),
        }

    def probability(self, day: date, target: float, objective: str | None = None, *, eu: bool = False) -> float:
        """Share of the draws whose amount at ``day`` reaches ``target`` euros, to the cent (cumulative paid;
        with ``eu``, the EU share of what is paid from ``as_of``)."""
        base = 0.0 if eu else self.paid(objective)
        amounts = to_cents(base + self.flows(day, objective, eu=eu))
        return float(np.mean(amounts >= int(to_cents(target))))

    def path(self, objective: str | None = None, until: date | None = None) -> pd.DataFrame:
        """The fan: columns date (as_of, then every month end up to ``until`` or the horizon), median, low,
        high, point (cumulative paid, euros)."""
        end = until or self.horizon
        days = [self.as_of]
        month = pd.Timestamp(self.as_of) + pd.offsets.MonthEnd(0)
        while month.date() <= end:
            if month.date() > self.as_of:
                days.append(month.date())
            month = month + pd.offsets.MonthEnd(1)
        rows = [{"date": pd.Timestamp(d), **self.cumulative(d, objective)} for d in days]
        return pd.DataFrame(rows, columns=["date", "median", "low", "high", "point"])


def _last_axis_sum(a: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``a.sum(axis=-1)``, the same floats: a short last axis (the forecast years) is added column by column in
    order, which is what numpy's sum does below 8 terms, about 25 times faster than its reduction there."""
    if a.shape[-1] >= 8 or a.shape[-1] == 0:
        return np.asarray(a.sum(axis=-1))
    total = a[..., 0].copy()
    for j in range(1, a.shape[-1]):
        total += a[..., j]
    return total


def _horizon(data: ProgrammeData, day: date, forecasts: pd.DataFrame) -> date:
    last = int(forecasts["year"].max()) if len(forecasts) else day.year
    return date(max(last, day.year + 1), 12, 31)


def payment_forecast(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    horizon: date | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
) -> Forecast:
    """The programme's payment forecast from ``as_of`` (see the module's docstring for the method).

    ``horizon``: the last day it covers (default: 31 December of the last forecast year, at least of
    the year after ``as_of``). Payments dated after ``as_of`` are ignored, so an earlier ``as_of``
    replays the data to that date (the backtest's cut-offs).
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    f_all = _forecast_rows(data, prep)
    end = horizon or _horizon(data, day, f_all)
    years = tuple(range(day.year, max(end.year, day.year) + 1))
    budget = prep.budget_at(day)
    codes = [str(c) for c in budget.code]
    extra = sorted({str(c) for c in prep.objective} - set(codes))
    codes += extra
    code_at = {c: i for i, c in enumerate(codes)}
    g_of = np.array([code_at[str(c)] for c in prep.objective], dtype="intp")
    n_codes = len(codes)
    alloc = np.zeros(n_codes)
    eu_alloc = np.zeros(n_codes)
    alloc[: len(budget)] = budget.alloc_c / 100
    eu_alloc[: len(budget)] = budget.eu_c / 100
    eu_rate = np.divide(eu_alloc, alloc, out=np.zeros(n_codes), where=alloc != 0)

    committed_c, paid_c = prep.amounts(day)
    paid_now = np.bincount(g_of, weights=paid_c, minlength=n_codes) / 100
    # what each project can still receive: its commitment (its grant while not committed) minus its payments
    room = np.where(committed_c > 0, committed_c, np.where(prep.cancelled, 0, prep.grant_c)) - paid_c
    room = np.clip(room, 0, None).astype("float64")

    # forecast cents per project and year, and what each project was paid so far in as_of's year
    f = f_all[(f_all["year"] >= day.year) & (f_all["year"] <= years[-1])]
    fc = np.zeros((prep.n, len(years)))
    # one row per (project, year) (the rows are summed per pair): an assignment, not np.add.at (slow)
    fc[f["pos"].to_numpy(dtype="intp"), f["year"].to_numpy(dtype="intp") - day.year] = f["c"].to_numpy()
    by_year = _paid_by_year(prep, day)
    paid_cur = np.zeros(prep.n)
    if len(by_year):
        cur = by_year[by_year.index.get_level_values("year") == day.year]
        paid_cur[cur.index.get_level_values("pos").to_numpy(dtype="intp")] = cur.to_numpy()
    has = fc.sum(axis=1) > 0

    rt = ratio_table(data, day)
    sources = rt.source
    # only the projects with a forecast left can receive anything: the draws are made for them alone
    act = np.flatnonzero(has)
    fc, paid_cur, room = fc[act], paid_cur[act], room[act]
    ratio = rt.ratio[act]
    n_act = len(act)

    def remaining(r: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Cents still to be paid per [..., project, year] for ratios r[..., project]."""
        a = r[..., None] * fc
        # the current year: what its corrected forecast still asks; nothing when no day of it is left
        a[..., 0] = np.clip(a[..., 0] - paid_cur, 0, None) if day < date(day.year, 12, 31) else 0.0
        total = _last_axis_sum(a)
        scale = np.divide(room, total, out=np.ones_like(total), where=total > room)
        return np.asarray(a * np.minimum(scale, 1.0)[..., None])

    onehot = np.zeros((n_codes, n_act))
    onehot[g_of[act], np.arange(n_act)] = 1.0

    def per_code(a: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Sum a[..., project, year] per objective code: [..., code, year]."""
        return np.asarray(np.matmul(onehot, a))

    point = per_code(remaining(ratio)) / 100
    # each project draws from its group's slice of the ratio table's flat pools
    offsets, lengths, flat = rt.offset[act], rt.length[act], rt.flat
    rng = np.random.default_rng(seed)
    factors, weights = common_factors(data, day)
    # a very large programme draws fewer times (at least MIN_DRAWS): the cost is draws × projects × years
    draws = max(min(draws, MIN_DRAWS), min(draws, MAX_CELLS // max(1, n_act * len(years))))
    out = np.zeros((draws, n_codes, len(years)))
    chunk = max(1, min(_CHUNK, _CHUNK_FLOATS // max(1, n_act * len(years))))
    for start in range(0, draws, chunk):
        k = min(chunk, draws - start)
        u = rng.random((k, n_act))
        idx = offsets + np.minimum((u * lengths).astype("int64"), lengths - 1)
        common = factors[rng.choice(len(factors), size=k, p=weights)]
        r = (flat[idx] if n_act else np.zeros((k, 0))) * common[:, None]
        out[start : start + k] = per_code(remaining(r)) / 100
    counts = {s: int(((sources == s) & has).sum()) for s in SOURCES}
    return Forecast(
        programme_id=data.info.programme_id,
        as_of=day,
        horizon=end,
        codes=tuple(codes),
        allocation=alloc,
        eu_rate=eu_rate,
        paid_now=paid_now,
        years=years,
        point=point,
        draws=out,
        sources=counts,
        history=bool(counts["project"] + counts["beneficiary"] + counts["objective"] + counts["programme"]),
    )


# --------------------------------------------------------------------------- outlooks and words


@dataclass(frozen=True)
class Outlook:
    """The chance of reaching one amount by one date, and where the median lands against it."""

    kind: str  # "threshold" (cumulative paid against a KPI threshold) | "n3" (EU payments against a tranche's gap)
    deadline: date
    target: float  # euros to reach (cumulative paid; or EU amount still to claim)
    probability: float  # share of draws reaching it, 0..1
    median: float  # the median's amount at the deadline (same basis as target)
    low: float
    high: float
    threshold: float | None = None  # "threshold": the rate (0.95)
    tranche_year: int | None = None  # "n3": the tranche

    @property
    def shortfall(self) -> float:
        """Euros missing at the median (0 when the median reaches the target)."""
        return round(max(0.0, self.target - self.median), 2)

    def describe(self, lang: str) -> str:
        """In words, e.g. fr "≈ 70 % de chances d'atteindre 95 % au 31/12/2023 ; 2,1 M€ manquants à la médiane"."""
        chance = chance_text(self.probability, lang)
        day = format_date(self.deadline, lang, DATE_FORMAT)
        if self.kind == "threshold":
            head = t(
                "forecast.chance.threshold", lang, chance=chance, threshold=_pct(self.threshold or 0.0, lang), date=day
            )
        else:
            head = t("forecast.chance.n3", lang, chance=chance, year=self.tranche_year, date=day)
        if self.shortfall > 0:
            tail = t("forecast.median.short", lang, amount=format_eur_short(self.shortfall, lang))
        else:
            tail = t("forecast.median.reached", lang, amount=format_eur_short(self.median - self.target, lang))
        return t("forecast.sentence", lang, head=head, tail=tail)


def _pct(rate: float, lang: str) -> str:
    return format_pct(rate, lang, decimals=0 if float(round(rate * 100, 6)).is_integer() else 1)


def chance_text(probability: float, lang: str) -> str:
    """A probability in words, rounded to 5 %: "≈ 70 %"; "< 5 %" and "> 95 %" at the ends (never 0 or 100 %)."""
    if probability < 0.05:
        return t("forecast.chance.below", lang, pct=_pct(0.05, lang))
    if probability > 0.95:
        return t("forecast.chance.above", lang, pct=_pct(0.95, lang))
    return t("forecast.chance.about", lang, pct=_pct(round(probability * 20) / 20, lang))


def threshold_outlooks(fc: Forecast, kpi: Kpi, objective: str | None = None) -> list[Outlook]:
    """For a consumption KPI (paid / allocation) whose deadline is not passed: per threshold (red_below,
    mark, green_from, without repeats), the chance that cumulative paid reaches it at the deadline,
    against the allocation in force at ``as_of``. Empty for a commitment KPI (payments do not move it)."""
    if kpi.key != "consumption" or kpi.deadline < fc.as_of:
        return []
    alloc_c = int(to_cents(fc.allocation_of(objective)))
    at = fc.cumulative(kpi.deadline, objective)
    out = []
    for rate in sorted({kpi.red_below, kpi.mark, kpi.green_from}):
        target = int(threshold_cents(rate, [alloc_c])[0]) / 100
        out.append(
            Outlook(
                "threshold",
                kpi.deadline,
                target,
                fc.probability(kpi.deadline, target, objective),
                at["median"],
                at["low"],
                at["high"],
                threshold=rate,
            )
        )
    return out


def n3_outlooks(fc: Forecast, exposure: pd.DataFrame) -> list[Outlook]:
    """Per EU tranche whose deadline is after ``as_of`` (rows of monitoring.exposure.decommitment_exposure
    at the same date): the chance that the EU share of the payments forecast up to its deadline covers
    its gap (a gap of 0 is covered: probability 1)."""
    out = []
    rows = zip(exposure["tranche_year"].tolist(), exposure["deadline"].tolist(), exposure["gap"].tolist(), strict=True)
    for year, when, gap_value in rows:
        deadline = pd.Timestamp(when).date()
        if deadline <= fc.as_of:
            continue
        flows = fc.flows(deadline, eu=True)
        low, median, high = spread(fc.flows(deadline, eu=True, calibrated=False), fc.errors)
        gap = float(gap_value)
        prob = 1.0 if gap <= 0 else float(np.mean(to_cents(flows) >= int(to_cents(gap))))
        out.append(
            Outlook(
                "n3",
                deadline,
                gap,
                prob,
                round(float(median), 2),
                round(float(low), 2),
                round(float(high), 2),
                tranche_year=int(year),
            )
        )
    return out


def objective_outlook(fc: Forecast, day: date) -> pd.DataFrame:
    """The forecast rolled up per objective at ``day``: code, allocation, paid (at as_of), median, low,
    high (cumulative paid at ``day``), rate (median / allocation; NaN without allocation)."""
    rows = []
    for code in fc.codes:
        at = fc.cumulative(day, code)
        alloc = fc.allocation_of(code)
        rows.append(
            {
                "code": code,
                "allocation": alloc,
                "paid": round(fc.paid(code), 2),
                **{k: at[k] for k in ("median", "low", "high")},
                "rate": at["median"] / alloc if alloc else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["code", "allocation", "paid", "median", "low", "high", "rate"])


# --------------------------------------------------------------------------- backtest


@dataclass(frozen=True, eq=False)
class Backtest:
    """The forecast replayed at earlier cut-offs against what was then paid, beside the naive baseline."""

    horizon_months: int
    rows: pd.DataFrame  # one row per cut-off: see BACKTEST_COLUMNS
    mape_method: float  # mean absolute percentage error of the median (NaN without cut-offs)
    mape_baseline: float
    coverage_method: float  # share of cut-offs where what happened fell within the 10-90 % band
    coverage_baseline: float
    verdict: str  # "shown" | "worse_than_baseline" | "not_enough_history"
    #: the catalogue keys' prefix of :meth:`reason` (the commitment forecast has its own words)
    texts: str = "forecast.verdict."  # the family of the verdict's texts (its member: the verdict)
    #: per cut-off whose median was above 0, actual / median: the errors the band is calibrated by
    errors: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    #: share of cut-offs within the calibrated band, each calibrated by the other cut-offs' errors (leave one out)
    coverage_calibrated: float = float("nan")

    @property
    def calibrates(self) -> bool:
        """True when the band is calibrated: the forecast is shown and at least MIN_CUTOFFS errors are known."""
        return self.shown and len(self.errors) >= MIN_CUTOFFS

    def calibration(self, lang: str) -> str:
        """The band's coverage in the backtest, before and after calibration, in words."""
        return t(
            "forecast.calibration",
            lang,
            n=len(self.rows),
            raw=format_pct(self.coverage_method, lang),
            calibrated=format_pct(self.coverage_calibrated, lang),
        )

    @property
    def shown(self) -> bool:
        """True when the method beat the baseline on enough cut-offs: only then is it shown."""
        return self.verdict == "shown"

    def reason(self, lang: str) -> str:
        """Why the forecast is shown or not, in words."""
        return t(
            self.texts + self.verdict,
            lang,
            n=len(self.rows),
            needed=MIN_CUTOFFS,
            months=self.horizon_months,
            method=format_pct(self.mape_method, lang),
            baseline=format_pct(self.mape_baseline, lang),
        )


BACKTEST_COLUMNS = [
    "cutoff", "end", "actual", "method", "method_low", "method_high", "baseline", "baseline_low",
    "baseline_high", "ape_method", "ape_baseline", "covered_method", "covered_baseline",
    "calibrated_low", "calibrated_high", "covered_calibrated",
]  # fmt: skip


def calibrate(flows: npt.NDArray[np.float64], errors: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64]:
    """The calibrated draws: every draw times every error ratio of the backtest (actual / median at each past
    cut-off), so the band (:func:`spread`) and the chances carry the errors the method made, its bias included;
    ``flows`` unchanged without errors.

    >>> calibrate(np.array([100.0, 200.0]), np.array([0.5, 1.5])).tolist()
    [50.0, 150.0, 100.0, 300.0]
    """
    if errors is None or len(errors) == 0:
        return flows
    return np.asarray((flows[:, None] * errors[None, :]).ravel(), dtype="float64")


def spread(draws: npt.NDArray[np.float64], errors: npt.NDArray[np.float64] | None) -> tuple[float, float, float]:
    """Low, median, high of ``draws``: the median is the draws' own (the backtested one); with ``errors`` the band
    is **widened** to the 10th-90th percentiles of the calibrated draws (:func:`calibrate`) where they reach
    farther, never narrowed, so that the median always lies within it.

    >>> spread(np.array([100.0] * 10), np.array([0.5, 1.5]))
    (50.0, 100.0, 150.0)
    """
    low, median, high = (float(x) for x in np.percentile(draws, [LOW, 50.0, HIGH]))
    if errors is None or len(errors) == 0:
        return low, median, high
    c_low, c_high = (float(x) for x in np.percentile(calibrate(draws, errors), [LOW, HIGH]))
    return min(low, c_low), median, max(high, c_high)


def summarise(
    rows: list[dict[str, Any]], flows: list[npt.NDArray[np.float64]], months: int, texts: str = "forecast.verdict."
) -> Backtest:
    """The :class:`Backtest` of the cut-offs' ``rows`` (see BACKTEST_COLUMNS but the calibrated ones) and each
    cut-off's raw ``flows`` over the horizon: MAPE, coverage, verdict, the error ratios, and the calibrated band
    of each cut-off from the other cut-offs' errors (leave one out), its coverage."""
    frame = pd.DataFrame(rows, columns=BACKTEST_COLUMNS)
    if frame.empty:
        nan = float("nan")
        return Backtest(months, frame, nan, nan, nan, nan, "not_enough_history", texts=texts)
    actual = frame["actual"].to_numpy(dtype="float64")
    median = frame["method"].to_numpy(dtype="float64")
    usable = median > 0
    ratios = np.divide(actual, median, out=np.full(len(frame), np.nan), where=usable)
    lows, highs = [], []
    for k, draws in enumerate(flows):
        others = ratios[usable & (np.arange(len(frame)) != k)]
        low, _, high = spread(draws, others if len(others) else None)
        lows.append(round(low, 2))
        highs.append(round(high, 2))
    frame["calibrated_low"] = lows
    frame["calibrated_high"] = highs
    frame["covered_calibrated"] = [
        bool(lo - 0.005 <= a <= hi + 0.005) for lo, a, hi in zip(lows, actual.tolist(), highs, strict=True)
    ]
    mape_m = float(frame["ape_method"].mean())
    mape_b = float(frame["ape_baseline"].mean())
    if len(frame) < MIN_CUTOFFS:
        verdict = "not_enough_history"
    else:
        verdict = "shown" if mape_m < mape_b else "worse_than_baseline"
    return Backtest(
        months,
        frame,
        mape_m,
        mape_b,
        float(frame["covered_method"].mean()),
        float(frame["covered_baseline"].mean()),
        verdict,
        texts=texts,
        errors=ratios[usable],
        coverage_calibrated=float(frame["covered_calibrated"].mean()),
    )


def _shift(day: date, months: int) -> date:
    """``day`` moved by ``months`` months; a month end stays a month end (30/06 - 1 month = 31/05)."""
    ts = pd.Timestamp(day)
    moved = ts + pd.DateOffset(months=months)
    if ts.is_month_end:
        moved = moved + pd.offsets.MonthEnd(0)
    return moved.date()


def months_before(day: date, months: int) -> date:
    """``day`` ``months`` months earlier (a month end stays a month end)."""
    return _shift(day, -months)


def months_after(day: date, months: int) -> date:
    """``day`` ``months`` months later (a month end stays a month end)."""
    return _shift(day, months)


def _paid_at(prep: Prepared, day: date) -> int:
    return int(prep.amounts(day)[1].sum())


def baseline(
    data: ProgrammeData, cutoff: date, months: int, *, draws: int = BACKTEST_DRAWS, seed: int = SEED
) -> dict[str, float]:
    """The naive forecast of what is paid in the ``months`` after ``cutoff``: the last 12 months' payments ×
    months / 12 ("same pace"), and a band from resampling those 12 monthly amounts (10th-90th percentile)."""
    prep = prepare(data)
    ends = [months_before(cutoff, 12 - i) for i in range(13)]
    cum = np.array([_paid_at(prep, d) for d in ends], dtype="float64") / 100
    monthly = np.diff(cum)
    rng = np.random.default_rng(seed)
    sums = monthly[rng.integers(0, 12, size=(draws, 12))].sum(axis=1) * months / 12
    low, high = np.percentile(sums, [LOW, HIGH])
    return {"median": round(float(monthly.sum()) * months / 12, 2), "low": float(low), "high": float(high)}


def backtest_cutoffs(data: ProgrammeData, months: int = 12, until: date | None = None) -> list[date]:
    """Every 30 June and 31 December from the end of the first forecast year on, whose next ``months``
    are within the data: on or before ``until`` (default: the extract date; a page at an earlier date
    never looks past it)."""
    if data.forecasts.empty:
        return []
    first = int(data.forecasts["year"].min())
    last = as_of_day(data, until)
    days = [date(y, m, d) for y in range(first + 1, last.year + 1) for m, d in ((6, 30), (12, 31))]
    return [d for d in days if months_after(d, months) <= last]


def backtest(
    data: ProgrammeData,
    months: int = 12,
    cutoffs: list[date] | None = None,
    *,
    until: date | None = None,
    draws: int = BACKTEST_DRAWS,
    seed: int = SEED,
) -> Backtest:
    """Replay the forecast at each cut-off (default :func:`backtest_cutoffs`) and compare what it said would be
    paid over the next ``months`` with what was paid, for the method (median, band) and the baseline.

    APE = |forecast − actual| / actual, on the amount paid over the horizon (not the cumulative
    total, which would flatter both); a cut-off after which nothing was paid has no APE and is left
    out. The method is shown when it has at least MIN_CUTOFFS cut-offs and a lower MAPE than the
    baseline. Caveat (docs/metrics.md): the Forecasts sheet carries no date, so each cut-off uses the
    forecasts as they are now, which may have been revised after it.
    """
    prep = prepare(data)
    days = tuple(cutoffs if cutoffs is not None else backtest_cutoffs(data, months, until))
    key = ("forecast.backtest", months, days, draws, seed)  # pages at dates with the same cut-offs share it
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
        lambda cut, end: (_paid_at(prep, end) - _paid_at(prep, cut)) / 100,
        lambda cut, end: payment_forecast(
            data, cut, horizon=max(end, date(end.year, 12, 31)), draws=draws, seed=seed
        ).flows(end),
        lambda cut: baseline(data, cut, months, draws=draws, seed=seed),
    )


def replay(
    days: Sequence[date],
    months: int,
    moved: Callable[[date, date], float],
    forecast_flows: Callable[[date, date], npt.NDArray[np.float64]],
    naive: Callable[[date], dict[str, float]],
    texts: str = "forecast.verdict.",
) -> Backtest:
    """A backtest's rows: at each cut-off, what ``moved`` over the next ``months`` (euros) against the method's
    draws (``forecast_flows``: its median and band) and the baseline's (``naive``); a cut-off after which nothing
    moved has no percentage error and is left out. The payment and the commitment forecasts replay through it."""
    rows: list[dict[str, Any]] = []
    kept: list[npt.NDArray[np.float64]] = []
    for cut in days:
        end = months_after(cut, months)
        actual = moved(cut, end)
        if actual <= 0:
            continue
        flows = forecast_flows(cut, end)
        kept.append(flows)
        low, median, high = (float(x) for x in np.percentile(flows, [LOW, 50.0, HIGH]))
        base = naive(cut)
        rows.append(
            {
                "cutoff": pd.Timestamp(cut),
                "end": pd.Timestamp(end),
                "actual": round(actual, 2),
                "method": round(median, 2),
                "method_low": round(low, 2),
                "method_high": round(high, 2),
                "baseline": base["median"],
                "baseline_low": round(base["low"], 2),
                "baseline_high": round(base["high"], 2),
                "ape_method": abs(median - actual) / actual,
                "ape_baseline": abs(base["median"] - actual) / actual,
                "covered_method": bool(low - 0.005 <= actual <= high + 0.005),
                "covered_baseline": bool(base["low"] - 0.005 <= actual <= base["high"] + 0.005),
            }
        )
    return summarise(rows, kept, months, texts)


# --------------------------------------------------------------------------- Art. 69(10) CPR 2021/1060

#: the periods of the forecast of payment applications: the current calendar year in two parts, the next year
PERIODS = ("current_first", "current_second", "next_year")


def _claimed_between(data: ProgrammeData, prep: Prepared, first: date, last: date) -> float:
    """EU amount of the payment applications dated from ``first`` to ``last``: the Claims sheet's rows, else
    (estimate) interim and balance payments × each project's EU share."""
    if last < first:
        return 0.0
    if len(data.claims):
        c = data.claims
        keep = ((c["date"] >= pd.Timestamp(first)) & (c["date"] <= pd.Timestamp(last))).to_numpy()
        return int(to_cents(c["eu_amount"].to_numpy())[keep].sum()) / 100
    lines = prep.payments
    day = lines["day"]
    keep = (day >= np.datetime64(first, "ns")) & (day <= np.datetime64(last, "ns")) & (prep.payment_kind != "advance")
    return float(np.rint((lines["cents"][keep] * prep.eu_share[lines["pos"][keep]]).sum())) / 100


def payment_application_forecast(
    data: ProgrammeData, as_of: date | None = None, *, split_month: int = 7, fc: Forecast | None = None
) -> pd.DataFrame:
    """The forecast of payment applications (EU amount) for the current and the next calendar year, as the
    Member State sends it by 31 January and 31 July (Art. 69(10) CPR 2021/1060; Art. 112(3) CPR 1303/2013
    for 2014-2020).

    One row per period of PERIODS: the current year up to the end of ``split_month`` (default July),
    the rest of the current year, the next year. Columns: period, year, start, end, claimed (EU amount
    of applications already dated in the period, up to ``as_of``: the Claims sheet, else estimated
    from payments), forecast (median EU share of the payments forecast in the period after ``as_of``,
    each objective's payments × its co-financing rate), low, high (10th / 90th percentile; NaN for a
    period still to come when there is no history to draw a band from), total =
    claimed + forecast. An estimate: payments to beneficiaries stand for the expenditure declared.
    """
    prep = prepare(data)
    day = as_of_day(data, as_of)
    if fc is None:
        fc = payment_forecast(data, day, horizon=date(day.year + 1, 12, 31))
    y = day.year
    spans = [
        (date(y, 1, 1), (pd.Timestamp(date(y, split_month, 1)) + pd.offsets.MonthEnd(0)).date()),
        ((pd.Timestamp(date(y, split_month, 1)) + pd.offsets.MonthEnd(0)).date() + timedelta(days=1), date(y, 12, 31)),
        (date(y + 1, 1, 1), date(y + 1, 12, 31)),
    ]
    rows = []
    for period, (first, last) in zip(PERIODS, spans, strict=True):
        claimed = _claimed_between(data, prep, first, min(last, day))
        if last <= day:
            draws = np.zeros(1)
        else:
            begin = max(first - timedelta(days=1), day)
            raw = fc.flows(last, eu=True, calibrated=False)
            draws = raw - (fc.flows(begin, eu=True, calibrated=False) if begin > day else 0.0)
        low, median, high = (round(x, 2) for x in spread(draws, None if last <= day else fc.errors))
        if not fc.history and last > day:  # forecasts taken as given: no band to give
            low = high = float("nan")
        rows.append(
            {
                "period": period,
                "year": last.year,
                "start": pd.Timestamp(first),
                "end": pd.Timestamp(last),
                "claimed": round(claimed, 2),
                "forecast": median,
                "low": low,
                "high": high,
                "total": round(claimed + median, 2),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- everything a page shows


@dataclass(frozen=True, eq=False)
class PaymentOutlook:
    """The forecast section of a programme (or one objective) at one date: what the pages, the slide and the
    Excel sheet show. ``shown`` is False when the backtest does not let the forecast be shown; the
    reason is ``backtest.reason(lang)``; the Art. 69(10) table is given either way (an obligation)."""

    programme_id: str
    objective: str | None
    as_of: date
    end: date  # the last day the fan is drawn to
    kpi: Kpi | None  # the consumption KPI whose thresholds are drawn (None: the programme has none)
    path: pd.DataFrame  # Forecast.path up to ``end``
    threshold_outlooks: tuple[Outlook, ...]
    n3_outlooks: tuple[Outlook, ...]
    art_69_10: pd.DataFrame
    backtest: Backtest
    history: bool
    sources: dict[str, int]
    paid: float  # at as_of
    allocation: float  # in force at as_of

    @property
    def shown(self) -> bool:
        return self.backtest.shown and self.history

    def at(self, day: date) -> dict[str, float]:
        """The fan's row at ``day`` (the last month end drawn on or before it)."""
        rows = self.path[self.path["date"] <= pd.Timestamp(day)]
        row = rows.iloc[-1] if len(rows) else self.path.iloc[0]
        return {k: float(row[k]) for k in ("median", "low", "high")}


def payment_outlook(
    data: ProgrammeData,
    kpi: Kpi | None,
    exposure: pd.DataFrame | None,
    as_of: date | None = None,
    *,
    objective: str | None = None,
    draws: int = DRAWS,
    checked: Backtest | None = None,
) -> PaymentOutlook:
    """The forecast, its outlooks, the Art. 69(10) table and the backtest at ``as_of`` (see the module).

    ``kpi``: the programme's consumption KPI (None when it has none: no threshold outlook);
    ``exposure``: ``decommitment_exposure`` at the same date (None: no N+3 outlook; never for an
    objective, the tranches being the programme's); ``checked``: :func:`backtest` ``(data, until=as_of)``
    when the caller has it already (the UI caches it on its own key), else it is computed here.
    """
    day = as_of_day(data, as_of)
    deadlines = [pd.Timestamp(d).date() for d in exposure["deadline"]] if exposure is not None else []
    last_forecast = int(data.forecasts["year"].max()) if len(data.forecasts) else day.year
    horizon = max([date(max(last_forecast, day.year + 1), 12, 31), *[d for d in deadlines if d > day]])
    bt = checked if checked is not None else backtest(data, until=day)
    fc = payment_forecast(data, day, horizon=horizon, draws=draws)
    if bt.calibrates:  # the band and the chances carry the errors the backtest measured
        fc = replace(fc, errors=bt.errors)
    end = date(day.year + 1, 12, 31)
    if kpi is not None and kpi.deadline > day:
        end = max(end, kpi.deadline)
    return PaymentOutlook(
        programme_id=data.info.programme_id,
        objective=objective,
        as_of=day,
        end=end,
        kpi=kpi,
        path=fc.path(objective, until=end),
        threshold_outlooks=tuple(threshold_outlooks(fc, kpi, objective)) if kpi is not None else (),
        n3_outlooks=tuple(n3_outlooks(fc, exposure)) if exposure is not None and objective is None else (),
        art_69_10=payment_application_forecast(data, day, fc=fc),
        backtest=bt,
        history=fc.history,
        sources=dict(fc.sources),
        paid=round(fc.paid(objective), 2),
        allocation=round(fc.allocation_of(objective), 2),
    )
