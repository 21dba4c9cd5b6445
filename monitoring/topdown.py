"""The top-down check: a programme's cumulative curve against the curves of comparable programmes in the
Commission's open-data series (same period, same fund), and where it lands if it goes on like they did.

Pure pandas on :class:`monitoring.official.OfficialSource` rows (implementation files: one situation per
cut-off, cumulative). Method and source in docs/metrics.md, "Top-down check". Everything it says is an
estimate.

* **Curves** (:func:`curves`): per programme and cut-off, the selected rate (total eligible cost of the
  selected operations ÷ planned total) and the declared rate (eligible expenditure declared ÷ planned total),
  each cut-off placed on the period's time line: ``t`` = years since 1 January of the period's first year
  (31/12/2014 is t = 1 for 2014-2020; 30/06/2022 is 8 + 181/365).
* **Projection by rate level** (:func:`project`): the programme is at rate ``r`` at ``t0``. Each peer that
  went through ``r`` (its first crossing, linear between its cut-offs, only on the cut-offs known at ``t0``)
  did ``v(t* + h) − r`` in the ``h`` years after; the programme is projected at ``r + gain`` for each peer,
  and the median and the 10th-90th percentiles over the peers are the estimate and its band. The peers'
  "yearly gain" is their gain over the 12 months after the crossing. Why the level and not the same year of
  the period: in one file every programme has the same cut-offs, so no peer is known beyond the programme's
  last cut-off at the same year; at the same rate level, the peers that were ahead tell what came next.
* **Backtest** (:func:`backtest`): for each programme and each cut-off of the series, the projection made
  from there to every later cut-off, with the programme left out of its peers and the peers' curves cut at
  that cut-off (nothing the projection could not have known), against what the series shows later; the
  naive baseline beside it: the last 12 months' gain repeated (``r + g × h``, ``g = r − v(t0 − 1)``). The
  error is measured on the gain over the horizon (as the payment forecast's backtest): APE = |forecast gain −
  actual gain| / actual gain, where the actual gain is above zero. A method that does not beat the baseline
  is not shown as a forecast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from i18n import format_number, format_pct, t

from .official import OfficialSource

#: the two curves: declared (spent) and selected (decided), each ÷ the planned total
MEASURES = ("spent_rate", "decided_rate")
#: the fewest peers a projection (and the page's comparison) needs
MIN_PEERS = 3
#: the fewest backtest forecasts behind a verdict
MIN_FORECASTS = 3
#: the band's percentiles
LOW, HIGH = 10.0, 90.0
#: the first year of each programming period, by the CCI's first four digits
PERIOD_START = {"2007": 2007, "2014": 2014, "2021": 2021}
#: the last year whose 31 December a projection reaches (eligibility ends 31/12/2023 and 31/12/2029)
PERIOD_END = {"2007": 2015, "2014": 2023, "2021": 2029}
CURVE_COLUMNS = ["cci", "title", "fund", "year", "cutoff", "t", "decided_rate", "spent_rate"]


def period_of(cci: str) -> str:
    """The programming period's key of a CCI: "2014BE16RFOP001" -> "2014"."""
    return str(cci)[:4]


def time_of(day: date, start_year: int) -> float:
    """Years since 1 January of ``start_year``: 31/12/2014 -> 1.0 (2014), 30/06/2022 -> 8 + 181/365."""
    first = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - first).days
    return day.year - start_year + ((day - first).days + 1) / length


def _fund(source: OfficialSource, cci: str) -> str:
    rows = source.of(cci)
    return str(rows["fund"].iloc[0]) if len(rows) else ""


def comparable(source: OfficialSource, cci: str, *, same_fund: bool = True) -> list[str]:
    """The programmes of the file in the same period as ``cci`` (and of the same fund), ``cci`` included, sorted."""
    if not source.has_cutoffs or source.rows.empty:
        return []
    rows = source.rows[source.rows["cci"].astype(str).str[:4] == period_of(cci)]
    if same_fund:
        rows = rows[rows["fund"] == _fund(source, cci)]
    return sorted(str(c) for c in rows["cci"].unique())


def curves(source: OfficialSource, ccis: list[str]) -> pd.DataFrame:
    """The cumulative curves of the programmes ``ccis``: one row per programme and cut-off (:data:`CURVE_COLUMNS`),
    oldest first. Each cut-off's figures are that year's rows summed (as :func:`monitoring.official.series`: never
    a sum of years); a rate whose planned total is missing or zero is NaN."""
    if not source.has_cutoffs or not ccis:
        return pd.DataFrame(columns=CURVE_COLUMNS)
    rows = source.rows[source.rows["cci"].isin(ccis) & source.rows["year"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=CURVE_COLUMNS)
    groups = rows.groupby(["cci", "year"], sort=True)
    sums = groups[["planned_total", "decided", "spent"]].sum(min_count=1)
    sums["cutoff"] = groups["cutoff"].max()
    sums = sums.reset_index()
    info = rows.groupby("cci", sort=False).agg(title=("title", "first"), fund=("fund", "first"))
    out = sums.merge(info.reset_index(), on="cci", how="left")
    planned = out["planned_total"].astype(float).where(out["planned_total"] != 0)
    out["decided_rate"] = out["decided"].astype(float) / planned
    out["spent_rate"] = out["spent"].astype(float) / planned
    out["cutoff"] = [pd.Timestamp(d).date() for d in out["cutoff"]]
    out["year"] = out["year"].astype(int)
    starts = [PERIOD_START.get(period_of(c), y) for c, y in zip(out["cci"], out["year"], strict=True)]
    out["t"] = [time_of(d, start) for d, start in zip(out["cutoff"], starts, strict=True)]
    out = out.sort_values(["cci", "year"], kind="stable")
    # a year whose cut-off is not after the previous year's repeats an earlier situation (the EAFRD rows of
    # 2021-2022 in the 2022-10 extract carry the reference date 31/12/2020): the first report of a date is kept
    before = out.groupby("cci", sort=False)["t"].transform(lambda v: v.cummax().shift(1))
    out = out[before.isna() | (out["t"] > before)]
    return out.reset_index(drop=True)[CURVE_COLUMNS]


def _points(frame: pd.DataFrame, measure: str, until: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    part = frame[frame[measure].notna()].sort_values("t")
    if until is not None:
        part = part[part["t"] <= until + 1e-9]
    return part["t"].to_numpy(dtype=float), part[measure].to_numpy(dtype=float)


def crossing(ts: np.ndarray, vs: np.ndarray, rate: float) -> float | None:
    """When a curve first reached ``rate``: linear between the two cut-offs around it; the first cut-off when it
    starts exactly there; None when it never did (or was already above at its first cut-off: when is unknown)."""
    if len(ts) == 0:
        return None
    if vs[0] >= rate:
        return float(ts[0]) if abs(vs[0] - rate) < 1e-12 else None
    for i in range(1, len(ts)):
        if vs[i] >= rate:
            return float(ts[i - 1] + (rate - vs[i - 1]) / (vs[i] - vs[i - 1]) * (ts[i] - ts[i - 1]))
    return None


def value_at(ts: np.ndarray, vs: np.ndarray, when: float) -> float | None:
    """The curve at ``when`` (linear between cut-offs), None outside the cut-offs it has."""
    if len(ts) == 0 or when < ts[0] - 1e-9 or when > ts[-1] + 1e-9:
        return None
    return float(np.interp(when, ts, vs))


Curves = dict[str, tuple[np.ndarray, np.ndarray]]


def arrays(frame: pd.DataFrame, measure: str) -> Curves:
    """Each programme's curve as (t, rate) arrays, oldest first, the cut-offs without a rate left out."""
    return {str(cci): _points(part, measure) for cci, part in frame.groupby("cci", sort=True)}


@dataclass(frozen=True, eq=False)
class PeerMatrix:
    """Programmes' curves on one time grid (the union of their cut-offs), for all peers at once: ``values[p, j]`` is
    programme p's curve at ``grid[j]`` (linear between its own cut-offs, the same line), NaN outside them;
    ``knots[p, j]`` says whether ``grid[j]`` is one of p's own cut-offs (what was known at a date)."""

    ccis: tuple[str, ...]
    grid: np.ndarray
    values: np.ndarray
    knots: np.ndarray

    @classmethod
    def of(cls, curves_of: Curves) -> PeerMatrix:
        ccis = tuple(sorted(c for c, (ts, _) in curves_of.items() if len(ts)))
        grid = np.unique(np.concatenate([curves_of[c][0] for c in ccis])) if ccis else np.array([], dtype=float)
        values = np.full((len(ccis), len(grid)), np.nan)
        knots = np.zeros((len(ccis), len(grid)), dtype=bool)
        for p, c in enumerate(ccis):
            ts, vs = curves_of[c]
            inside = (grid >= ts[0] - 1e-12) & (grid <= ts[-1] + 1e-12)
            values[p, inside] = np.interp(grid[inside], ts, vs)
            knots[p, np.searchsorted(grid, ts)] = True
        return cls(ccis, grid, values, knots)

    def gains(self, rate: float, horizon: float, until: float | None = None, without: str | None = None) -> np.ndarray:
        """Per programme (in ``ccis`` order; NaN: no gain): what it gained in the ``horizon`` years after it first
        reached ``rate``, on its own cut-offs up to ``until`` (see :func:`crossing` and :func:`value_at`)."""
        n, m = self.values.shape
        out = np.full(n, np.nan)
        if n == 0 or m == 0:
            return out
        k = m if until is None else int(np.searchsorted(self.grid, until + 1e-9, side="right"))
        if k == 0:
            return out
        cols = np.arange(k)
        known = self.knots[:, :k]
        last = np.where(known.any(axis=1), np.where(known, cols, -1).max(axis=1), -1)  # last own cut-off by then
        first = np.where(known.any(axis=1), np.where(known, cols, k).min(axis=1), k)
        w = np.where(cols[None, :] <= last[:, None], self.values[:, :k], np.nan)  # nothing after what was known
        ge = w >= rate
        has = ge.any(axis=1)
        j = ge.argmax(axis=1)
        rows = np.arange(n)
        start = np.full(n, np.nan)
        at_first = has & (j == first)
        exact = at_first & (np.abs(w[rows, np.minimum(first, k - 1)] - rate) < 1e-12)
        start[exact] = self.grid[first[exact]]
        inner = has & (j > first)
        ji = j[inner]
        lo, hi = w[rows[inner], ji - 1], w[rows[inner], ji]
        start[inner] = self.grid[ji - 1] + (rate - lo) / (hi - lo) * (self.grid[ji] - self.grid[ji - 1])
        query = start + horizon
        end = np.where(last >= 0, self.grid[np.maximum(last, 0)], -np.inf)
        ok = ~np.isnan(start) & (query <= end + 1e-9)
        if without is not None and without in self.ccis:
            ok[self.ccis.index(without)] = False
        q = query[ok]
        idx = np.clip(np.searchsorted(self.grid, q, side="right") - 1, 0, m - 1)
        nxt = np.minimum(idx + 1, m - 1)
        r = rows[ok]
        span = self.grid[nxt] - self.grid[idx]
        frac = np.where(span > 0, (q - self.grid[idx]) / np.where(span > 0, span, 1.0), 0.0)
        here = self.values[r, idx]
        there = np.where(frac > 1e-12, self.values[r, nxt], here)
        out[ok] = here + frac * (there - here) - rate
        return out


def peer_gains(
    peers: pd.DataFrame | Curves, measure: str, rate: float, horizon: float, until: float | None = None
) -> dict[str, float]:
    """Per peer (cci -> gain): what it gained in the ``horizon`` years after it first reached ``rate``, on the cut-offs
    known at ``until``. Peers that never reached the rate, or whose curve stops before, are not in it."""
    curves_of = arrays(peers, measure) if isinstance(peers, pd.DataFrame) else peers
    matrix = PeerMatrix.of(curves_of)
    gains = matrix.gains(rate, horizon, until)
    return {c: float(g) for c, g in zip(matrix.ccis, gains, strict=True) if not np.isnan(g)}


def _slow_peer_gains(curves_of: Curves, rate: float, horizon: float, until: float | None = None) -> dict[str, float]:
    """The same as :func:`peer_gains`, one peer at a time with :func:`crossing` and :func:`value_at` (the reference
    the matrix is tested against)."""
    out: dict[str, float] = {}
    for cci, (all_ts, all_vs) in curves_of.items():
        ts, vs = all_ts, all_vs
        if until is not None:
            keep = int(np.searchsorted(all_ts, until + 1e-9, side="right"))
            ts, vs = all_ts[:keep], all_vs[:keep]
        start = crossing(ts, vs, rate)
        if start is None:
            continue
        later = value_at(ts, vs, start + horizon)
        if later is not None:
            out[cci] = later - rate
    return out


def _band(values: list[float]) -> tuple[float, float, float]:
    low, median, high = np.percentile(np.array(values, dtype=float), [LOW, 50.0, HIGH])
    return float(low), float(median), float(high)


def peer_band(frame: pd.DataFrame, cci: str, measure: str) -> pd.DataFrame:
    """The peers' rates at each of the programme's cut-offs (the same date in the file): cutoff, n (peers with a
    rate there), low (10th percentile), median, high (90th)."""
    cols = ["cutoff", "n", "low", "median", "high"]
    mine = frame[(frame["cci"] == cci) & frame[measure].notna()]
    others = frame[(frame["cci"] != cci) & frame[measure].notna()]
    rows = []
    for day in sorted(mine["cutoff"]):
        values = list(others.loc[others["cutoff"] == day, measure].astype(float))
        if values:
            low, median, high = _band(values)
            rows.append({"cutoff": day, "n": len(values), "low": low, "median": median, "high": high})
    return pd.DataFrame(rows, columns=cols)


# --- the projection of one programme --------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TopDown:
    """Where a programme's rate (``measure``) lands if it goes on like its peers did from the same rate.

    status: "ok"; "no_series" (the programme has no cut-off with that rate); "too_few_peers" (fewer than
    :data:`MIN_PEERS` comparable programmes, or fewer that went through its rate and have a year after).
    """

    cci: str
    measure: str
    status: str
    peers: tuple[str, ...] = ()  # the comparable programmes (itself left out)
    cutoff: date | None = None  # the programme's last cut-off
    rate: float = math.nan  # its rate there
    n_gain: int = 0  # the peers with a yearly gain from that rate
    gain_low: float = math.nan  # their yearly gains: 10th percentile, median, 90th percentile
    gain_median: float = math.nan
    gain_high: float = math.nan
    #: one row per future 31 December: cutoff, h (years), n (peers), low, median, high (projected rates)
    points: pd.DataFrame = field(default_factory=pd.DataFrame)
    threshold: float | None = None
    reach_year: int | None = None  # the year the threshold is reached at the median yearly gain
    curves: pd.DataFrame = field(default_factory=pd.DataFrame)  # the programme's and the peers' (CURVE_COLUMNS)
    #: the peers at each of the programme's cut-offs: cutoff, n, low, median, high (:func:`peer_band`)
    band: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def shown(self) -> bool:
        """True when the peers' gains from the programme's rate are known (the projection can be made)."""
        return self.status == "ok"

    @property
    def comparable(self) -> bool:
        """True when the programme has a curve and at least :data:`MIN_PEERS` comparable programmes to set it beside."""
        return self.status != "no_series" and len(self.peers) >= MIN_PEERS

    def words(self, lang: str) -> list[str]:
        return words(self, lang)


def project(
    source: OfficialSource,
    cci: str,
    measure: str = "spent_rate",
    threshold: float | None = None,
    *,
    min_peers: int = MIN_PEERS,
    same_fund: bool = True,
) -> TopDown:
    """The top-down projection of ``cci`` from its last cut-off (see the module's docstring)."""
    group = comparable(source, cci, same_fund=same_fund)
    all_curves = curves(source, group)
    mine = all_curves[(all_curves["cci"] == cci) & all_curves[measure].notna()]
    peers = tuple(c for c in group if c != cci)
    band = peer_band(all_curves, cci, measure)
    if mine.empty:
        return TopDown(cci, measure, "no_series", peers, threshold=threshold, curves=all_curves, band=band)
    last = mine.sort_values("t").iloc[-1]
    r, t0, cut = float(last[measure]), float(last["t"]), last["cutoff"]
    cut = pd.Timestamp(cut).date()
    base = TopDown(cci, measure, "too_few_peers", peers, cut, r, threshold=threshold, curves=all_curves, band=band)
    if len(peers) < min_peers:
        return base
    others = PeerMatrix.of({k: v for k, v in arrays(all_curves, measure).items() if k != cci})

    def known(gains: np.ndarray) -> list[float]:
        return [float(g) for g in gains if not np.isnan(g)]

    yearly = known(others.gains(r, 1.0, until=t0))
    if len(yearly) < min_peers:
        return TopDown(
            cci, measure, "too_few_peers", peers, cut, r, len(yearly), threshold=threshold, curves=all_curves, band=band
        )
    low, median, high = _band(yearly)
    start = PERIOD_START.get(period_of(cci), cut.year)
    end = PERIOD_END.get(period_of(cci), cut.year + 2)
    rows = []
    for year in range(cut.year, end + 1):
        day = date(year, 12, 31)
        if day <= cut:
            continue
        h = time_of(day, start) - t0
        gains = known(others.gains(r, h, until=t0))
        if len(gains) < min_peers:
            break
        lo, me, hi = _band(gains)
        rows.append({"cutoff": day, "h": h, "n": len(gains), "low": r + lo, "median": r + me, "high": r + hi})
    points = pd.DataFrame(rows, columns=["cutoff", "h", "n", "low", "median", "high"])
    reach = reach_year(r, t0, median, threshold, start)
    return TopDown(
        cci, measure, "ok", peers, cut, r, len(yearly), low, median, high, points, threshold, reach, all_curves, band
    )


def reach_year(rate: float, t0: float, gain: float, threshold: float | None, start_year: int) -> int | None:
    """The year whose 31 December the rate passes ``threshold`` going on at ``gain`` a year from ``rate`` at ``t0``:
    t = t0 + (threshold − rate) / gain, in the year start_year − 1 + ⌈t⌉ (t = 1 is 31/12 of the first year).
    None without a threshold, when already reached (said apart) or when the gain is not positive."""
    if threshold is None or rate >= threshold or not gain > 0:
        return None
    when = t0 + (threshold - rate) / gain
    return start_year - 1 + math.ceil(when - 1e-9)


# --- the backtest ---------------------------------------------------------------------------------------------
BACKTEST_COLUMNS = ["cci", "cutoff", "target", "h", "start", "actual", "method", "low", "high", "n_peers", "baseline"]


@dataclass(frozen=True, eq=False)
class TopDownBacktest:
    """The projection replayed from every cut-off of the series, beside the naive baseline (one row per
    programme × cut-off × later cut-off where both forecast: :data:`BACKTEST_COLUMNS`; rates, not points)."""

    measure: str
    rows: pd.DataFrame
    mape_method: float  # mean APE on the gain (NaN without rows whose actual gain is above zero)
    mape_baseline: float
    error_method: float  # mean error (forecast − actual), in rate (0.05 = 5 points)
    error_baseline: float
    coverage: float  # share of forecasts whose actual fell within the 10-90 % band
    n: int  # forecasts compared (the rows)
    n_ape: int  # among them, those with an actual gain above zero (behind the MAPE)
    verdict: str  # "shown" | "worse_than_baseline" | "not_enough_history"

    @property
    def shown(self) -> bool:
        """True when the projection beat the baseline on enough forecasts: only then is it shown as a forecast."""
        return self.verdict == "shown"

    def words(self, lang: str) -> str:
        return verdict_words(self, lang)


def _ape_gain(forecast: float, actual: float) -> float:
    """|forecast gain − actual gain| / actual gain; NaN when the actual gain is not above zero."""
    return abs(forecast - actual) / actual if actual > 1e-12 else math.nan


def backtest(
    source: OfficialSource,
    measure: str = "spent_rate",
    ccis: list[str] | None = None,
    *,
    min_peers: int = MIN_PEERS,
    same_fund: bool = True,
    max_horizon: float | None = None,
) -> TopDownBacktest:
    """Replay the projection of every programme of ``ccis`` (default: every programme of the file) from each of its
    cut-offs to each later one (up to ``max_horizon`` years), the programme left out of its peers and the
    peers' curves cut at the cut-off, beside the baseline "the last 12 months' gain repeated"."""
    if ccis is None:
        ccis = sorted(str(c) for c in source.rows["cci"].unique()) if source.has_cutoffs else []
    rows = []
    cache: dict[tuple[str, ...], tuple[pd.DataFrame, Curves, PeerMatrix]] = {}
    for cci in ccis:
        group = tuple(comparable(source, cci, same_fund=same_fund))
        if group not in cache:
            frame = curves(source, list(group))
            by = arrays(frame, measure)
            cache[group] = (frame, by, PeerMatrix.of(by))
        all_curves, by_cci, matrix = cache[group]
        if len([k for k in by_cci if k != cci]) < min_peers or cci not in by_cci:
            continue
        ts, vs = by_cci[cci]
        days = list(all_curves[(all_curves["cci"] == cci) & all_curves[measure].notna()].sort_values("t")["cutoff"])
        for i in range(len(ts)):
            previous = value_at(ts, vs, ts[i] - 1.0)
            if previous is None:
                continue  # no 12 months behind: no baseline
            pace = vs[i] - previous
            for j in range(i + 1, len(ts)):
                h = float(ts[j] - ts[i])
                if max_horizon is not None and h > max_horizon + 1e-9:
                    break
                found = matrix.gains(float(vs[i]), h, until=float(ts[i]), without=cci)
                gains = [float(g) for g in found if not np.isnan(g)]
                if len(gains) < min_peers:
                    continue
                lo, me, hi = _band(gains)
                rows.append(
                    {
                        "cci": cci,
                        "cutoff": pd.Timestamp(days[i]).date(),
                        "target": pd.Timestamp(days[j]).date(),
                        "h": h,
                        "start": float(vs[i]),
                        "actual": float(vs[j]),
                        "method": float(vs[i]) + me,
                        "low": float(vs[i]) + lo,
                        "high": float(vs[i]) + hi,
                        "n_peers": len(gains),
                        "baseline": float(vs[i]) + pace * h,
                    }
                )
    return _summary(measure, pd.DataFrame(rows, columns=BACKTEST_COLUMNS))


def _summary(measure: str, frame: pd.DataFrame) -> TopDownBacktest:
    nan = math.nan
    if frame.empty:
        return TopDownBacktest(measure, frame, nan, nan, nan, nan, nan, 0, 0, "not_enough_history")
    gain = frame["actual"] - frame["start"]
    # APE on the gain over the horizon: |(forecast − start) − (actual − start)| / (actual − start)
    ape_m = [_ape_gain(m - s, g) for m, s, g in zip(frame["method"], frame["start"], gain, strict=True)]
    ape_b = [_ape_gain(b - s, g) for b, s, g in zip(frame["baseline"], frame["start"], gain, strict=True)]
    frame = frame.assign(ape_method=ape_m, ape_baseline=ape_b)
    n_ape = int(frame["ape_method"].notna().sum())
    mape_m = float(frame["ape_method"].mean()) if n_ape else nan
    mape_b = float(frame["ape_baseline"].mean()) if n_ape else nan
    covered = (frame["low"] - 1e-9 <= frame["actual"]) & (frame["actual"] <= frame["high"] + 1e-9)
    verdict = "shown" if mape_m < mape_b else "worse_than_baseline"
    if n_ape < MIN_FORECASTS:
        verdict = "not_enough_history"
    return TopDownBacktest(
        measure,
        frame,
        mape_m,
        mape_b,
        float((frame["method"] - frame["actual"]).mean()),
        float((frame["baseline"] - frame["actual"]).mean()),
        float(covered.mean()),
        len(frame),
        n_ape,
        verdict,
    )


# --- in words ---------------------------------------------------------------------------------------------------
def points(rate: float, lang: str) -> str:
    """A difference of rates in points, in the language's format: 0.123 -> "12" (whole points)."""
    return format_number(round(rate * 100), lang)


def words(td: TopDown, lang: str) -> list[str]:
    """The projection in words (an estimate, said so): the peers' yearly gains from the same rate, then the year the
    threshold is reached at the median pace (or that it is already reached, or not at that pace)."""
    measure = t(f"topdown.measure.{td.measure}", lang)
    if td.status == "no_series":
        return [t("topdown.words.no_series", lang, measure=measure)]
    if td.status == "too_few_peers" and len(td.peers) < MIN_PEERS:
        return [t("topdown.words.too_few_peers", lang, n=len(td.peers), needed=MIN_PEERS)]
    if td.status == "too_few_peers":
        return [t("topdown.words.too_few_gains", lang, n=td.n_gain, needed=MIN_PEERS)]
    out = [
        t(
            "topdown.words.gains",
            lang,
            measure=measure,
            rate=format_pct(td.rate, lang),
            n=td.n_gain,
            low=points(td.gain_low, lang),
            high=points(td.gain_high, lang),
            median=points(td.gain_median, lang),
        )
    ]
    if td.threshold is not None:
        if td.rate >= td.threshold:
            out.append(t("topdown.words.reached", lang, threshold=format_pct(td.threshold, lang, 0)))
        elif td.reach_year is not None:
            out.append(
                t("topdown.words.reach", lang, threshold=format_pct(td.threshold, lang, 0), year=str(td.reach_year))
            )
        else:
            out.append(t("topdown.words.not_at_that_pace", lang, threshold=format_pct(td.threshold, lang, 0)))
    return out


def verdict_words(bt: TopDownBacktest, lang: str) -> str:
    """What the backtest says about the method, in words."""
    return t(
        f"topdown.verdict.{bt.verdict}",
        lang,
        n=bt.n_ape,  # the forecasts behind the MAPE (those with a gain to measure it on)
        needed=MIN_FORECASTS,
        method=format_pct(bt.mape_method, lang),
        baseline=format_pct(bt.mape_baseline, lang),
    )
