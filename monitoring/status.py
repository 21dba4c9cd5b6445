"""Red / orange / green status of a rate against its thresholds, with words and the euros still missing.

A status is never only a colour: it carries the red / orange / green standing (``rag``), a FR/NL/EN label,
and the distance in
euros to the next threshold ("4,2 M€ à liquider pour atteindre 95 %").

Boundary rule (documented in docs/metrics.md): a threshold is *reached* when the amount done,
in cents, is at least the threshold amount ``threshold × base`` rounded to the nearest cent
(half up). So 190 000 000,00 paid of 200 000 000,00 is exactly 95 % (orange, not red) and one
cent less is red, whatever the float error of 0.95. Exactly at ``red_below`` is orange;
exactly at ``green_from`` is green. :func:`rag_for`, which only sees a rate, compares rates
rounded to 12 decimals (finer than a cent on any budget below 1 000 M€).

Display rule (:func:`displayed_rate`, :func:`format_rate`): a rate written beside a status is
never rounded across a threshold. It is written with one decimal, rounded half up, unless that
rounding lands on the other side of a threshold than the rate itself (94.96 % would read
"95,0 %" beside a red badge); it then gets one more decimal ("94,96 %"), and if that still
crosses, it is truncated toward its own side ("94,99 %" for 95 % minus one cent).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from i18n import format_eur, format_eur_short, format_pct, t
from monitoring.money import threshold_cents, to_cents
from monitoring.thresholds import DEFAULT_BANDS, KPI_AMOUNT, KPI_RATE, ForecastBands, Kpi

RAGS = ("red", "orange", "green", "na")

#: catalogue keys of the rag words, and of what it takes to reach the next threshold
_LABEL_KEYS = {"red": "rag.red", "orange": "rag.orange", "green": "rag.green", "na": "rag.na"}
#: the words of a status taken before the KPI's start (rag "na", basis "not_started")
NOT_STARTED = "not_started"
_GAP_KEYS = {
    ("commit", "allocation"): "gap.commit",
    ("pay", "allocation"): "gap.pay",
    ("pay", "forecast"): "gap.pay_forecast",
    ("commit", "forecast"): "gap.pay_forecast",
}
_REACHED_KEYS = {"allocation": "reached.allocation", "forecast": "reached.forecast"}
_NOT_APPLICABLE_KEYS = {
    "allocation": "not_applicable.allocation",
    "forecast": "not_applicable.forecast",
    NOT_STARTED: "not_applicable.not_started",
}


def _pct(threshold: float, lang: str) -> str:
    decimals = 0 if float(round(threshold * 100, 6)).is_integer() else 1
    return format_pct(threshold, lang, decimals=decimals)


@dataclass(frozen=True)
class Status:
    """A rate's red / orange / green standing, its next threshold and the euros still to commit or pay to reach it."""

    rag: str  # "red" | "orange" | "green" | "na"
    rate: float | None
    next_threshold: float | None  # red -> red_below, orange -> green_from, green/na -> None
    gap: float | None  # euros still to commit/pay to reach next_threshold (>= 0)
    action: str  # "commit" | "pay"
    reached: float | None = None  # green: the green threshold reached; else None
    basis: str = "allocation"  # what the rate is measured against: "allocation", "forecast"; "not_started"
    thresholds: tuple[float, ...] = ()  # the band limits the rate was judged on (red_below, green_from)

    def rate_text(self, lang: str) -> str:
        """The rate as written beside this status: never rounded across one of its thresholds (see format_rate)."""
        return format_rate(self.rate, self.thresholds, lang, rag=self.rag)

    def shown(self) -> RateDisplay:
        """The rate as written beside this status (value and decimals): for Excel's number formats."""
        return displayed_rate(self.rate, self.thresholds, reached=sides_of(self.rag, self.thresholds))

    def label(self, lang: str) -> str:
        """The standing in words: fr "Sous le seuil", nl "Onder de drempel", en "Below threshold"."""
        if self.basis == NOT_STARTED:
            return t("rag.not_started", lang)
        return t(_LABEL_KEYS[self.rag], lang)

    @property
    def not_started(self) -> bool:
        """True for a status taken on a day before the KPI's start (see :func:`started`)."""
        return self.basis == NOT_STARTED

    def describe(self, lang: str) -> str:
        """What it takes to reach the next threshold: en "€4.2M to pay to reach 95%"."""
        if self.rag == "na":
            return t(_NOT_APPLICABLE_KEYS[self.basis], lang)
        if self.rag == "green":
            return t(_REACHED_KEYS[self.basis], lang, pct=_pct(self.reached, lang)) if self.reached is not None else ""
        gap = self.gap or 0.0
        return t(
            _GAP_KEYS[(self.action, self.basis)],
            lang,
            amount=format_eur_short(gap, lang) if gap >= 1000 else format_eur(gap, lang),
            pct=_pct(self.next_threshold or 0.0, lang),
        )


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def rag_for(rate: float | None, red_below: float, green_from: float) -> str:
    """ "red" below ``red_below``, "green" from ``green_from``, "orange" between, "na" for a missing rate.

    Exactly at ``red_below`` is orange; exactly at ``green_from`` is green (rates are compared
    rounded to 12 decimals, so 0.9499999999999999 counts as 0.95).
    """
    if _missing(rate):
        return "na"
    r = round(float(rate), 12)  # type: ignore[arg-type]  # not missing
    if r < round(red_below, 12):
        return "red"
    if r >= round(green_from, 12):
        return "green"
    return "orange"


def status_columns(done: npt.ArrayLike, base: npt.ArrayLike, red_below: float, green_from: float) -> pd.DataFrame:
    """Vectorised status of many units: columns ``rag``, ``next_threshold``, ``gap``.

    ``done`` and ``base`` are euro arrays (committed or paid, and the allocation or forecast).
    Follows the same cent rule as :func:`kpi_status`; ``base`` <= 0 gives "na".
    """
    done_c = to_cents(done)
    base_c = to_cents(base)
    red_c = threshold_cents(red_below, base_c)
    green_c = threshold_cents(green_from, base_c)
    na = base_c <= 0
    rag = np.where(na, "na", np.where(done_c < red_c, "red", np.where(done_c >= green_c, "green", "orange")))
    nxt = np.where(rag == "red", red_below, np.where(rag == "orange", green_from, np.nan))
    gap_c = np.where(rag == "red", red_c - done_c, np.where(rag == "orange", green_c - done_c, 0))
    gap = np.where((rag == "red") | (rag == "orange"), gap_c / 100, np.nan)
    return pd.DataFrame({"rag": rag.astype(object), "next_threshold": nxt, "gap": gap})


def _status(done: float, base: float, red_below: float, green_from: float, action: str, basis: str) -> Status:
    row = status_columns([done], [base], red_below, green_from).iloc[0]
    rag = row["rag"]
    bands = (red_below, green_from)
    if rag == "na":
        return Status("na", None, None, None, action, None, basis, bands)
    rate = float(done) / float(base)
    if rag == "green":
        return Status("green", rate, None, 0.0, action, green_from, basis, bands)
    return Status(rag, rate, float(row["next_threshold"]), float(row["gap"]), action, None, basis, bands)


@dataclass(frozen=True)
class RateDisplay:
    """How a rate is written near thresholds: the value shown (a fraction) and its decimals in percent."""

    value: float | None  # the rate as written, e.g. 0.9499 for "94,99 %"; None for a missing rate
    decimals: int  # digits after the decimal mark of the percentage
    adjusted: bool = False  # True when the rule left plain rounding (one more digit, or truncated)


def _dec(x: float) -> Decimal:
    return Decimal(repr(round(float(x), 12)))


def sides_of(rag: str | None, thresholds: Sequence[float]) -> tuple[bool, ...] | None:
    """Which of a KPI's two band limits (red_below, green_from) a status judged by the cent rule reached.

    For :func:`displayed_rate`: the rate written beside a status must stand on the side the status
    says, even where the cent rule and the rate differ by less than a cent (T1b in docs/metrics.md).
    None when the status does not decide (no rag, a missing rate, not two limits).
    """
    if rag not in ("red", "orange", "green") or len(thresholds) != 2:
        return None
    return (rag != "red", rag == "green")


def displayed_rate(
    rate: float | None,
    thresholds: Iterable[float] = (),
    decimals: int = 1,
    max_decimals: int = 2,
    reached: Sequence[bool] | None = None,
) -> RateDisplay:
    """The rate as it may be written beside a status judged on ``thresholds``: never across one of them.

    Rounded half up at ``decimals`` (in percent) unless that lands on the other side of a threshold
    than the rate itself; then with more decimals up to ``max_decimals``; if even that crosses,
    truncated at ``max_decimals`` toward the rate's own side. A rate is on a threshold's side by the
    status rule (compared rounded to 12 decimals, so 0.9499999999999999 is at 95 %).

    >>> displayed_rate(0.94999, (0.95, 1.0))  # 95 % minus a hair: truncated, never "95,0 %"
    RateDisplay(value=0.9499, decimals=2, adjusted=True)
    >>> displayed_rate(0.9496, (0.95, 1.0))  # one more digit is enough
    RateDisplay(value=0.9496, decimals=2, adjusted=True)
    >>> displayed_rate(0.93504, (0.95, 1.0))  # far from any threshold: plain rounding
    RateDisplay(value=0.935, decimals=1, adjusted=False)
    """
    if _missing(rate):
        return RateDisplay(None, decimals)
    exact = _dec(rate) * 100  # type: ignore[arg-type]  # not missing
    limits = [_dec(t) * 100 for t in thresholds]
    # the side of each limit the rate stands on: the status's word (cent rule) when given, else the rate's own
    own = list(reached) if reached is not None and len(reached) == len(limits) else [exact >= t for t in limits]

    def crosses(shown: Decimal) -> bool:
        return any((shown >= t) != side for t, side in zip(limits, own, strict=True))

    for d in range(decimals, max_decimals + 1):
        shown = exact.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
        if not crosses(shown):
            return RateDisplay(float(shown / 100), d, d != decimals)
    step = Decimal(1).scaleb(-max_decimals)
    shown = exact.quantize(step, rounding=ROUND_FLOOR)
    if crosses(shown):
        shown = exact.quantize(step, rounding=ROUND_CEILING)
    return RateDisplay(float(shown / 100), max_decimals, True)


def format_rate(
    rate: float | None,
    thresholds: Sequence[float],
    lang: str,
    decimals: int = 1,
    rag: str | None = None,
) -> str:
    """:func:`displayed_rate` written in ``lang`` ("94,99 %", "94,99%", "94.99%"; "–" for a missing rate).

    With ``rag`` (the status beside the rate, judged by the cent rule) the rate is written on the status's side.
    """
    shown = displayed_rate(rate, thresholds, decimals, reached=sides_of(rag, thresholds))
    if shown.value is None:
        return format_pct(None, lang)
    return format_pct(Decimal(repr(shown.value)), lang, decimals=shown.decimals)


def started(kpi: Kpi, day: date | None) -> bool:
    """True unless ``day`` is before the KPI's start (the programme's first eligible day, 1/1/2014 or
    1/1/2021: Art. 65(2) CPR 1303/2013, Art. 63(2) CPR 2021/1060). Before it no threshold applies:
    the programme has "not started yet", it is not below its threshold."""
    return day is None or day >= kpi.start


def kpi_status(done: float, allocation: float, kpi: Kpi, as_of: date | None = None) -> Status:
    """Status of ``done`` (committed or paid, per the KPI) against ``allocation`` and the KPI's bands.

    On an ``as_of`` day before the KPI's start the status is "not started yet" (rag "na", basis
    "not_started", no threshold to reach), whatever the amounts.
    """
    if not started(kpi, as_of):
        rate = float(done) / float(allocation) if allocation > 0 else None
        return Status("na", rate, None, None, kpi.action, None, NOT_STARTED, (kpi.red_below, kpi.green_from))
    return _status(done, allocation, kpi.red_below, kpi.green_from, kpi.action, "allocation")


def forecast_status(paid: float, forecast: float, bands: ForecastBands = DEFAULT_BANDS) -> Status:
    """Status of a project's payments in a year against its forecast for that year (80 % / 90 % bands)."""
    return _status(paid, forecast, bands.red_below, bands.green_from, "pay", "forecast")


def with_rag(table: pd.DataFrame, kpi: Kpi, as_of: date | None = None, *, unrated: Iterable[str] = ()) -> pd.DataFrame:
    """``table`` (a level table) with columns rag, next_threshold, gap for ``kpi`` (committed or paid vs allocation).

    On an ``as_of`` day before the KPI's start every row is "na" (not started yet: see :func:`started`).
    Never rated ("na", docs/metrics.md "Rows that get no status"): the row of the projects outside any call
    (key ""), whose "allocation" is its own grants, so its rate is about 100 % by construction; and the rows
    whose key is in ``unrated`` (on an objective's page, the calls shared with other objectives: their
    budget is not split between objectives, so the rate there is only a floor; their page rates them).
    """
    st = status_columns(
        table[KPI_AMOUNT[kpi.key]].to_numpy(), table["allocation"].to_numpy(), kpi.red_below, kpi.green_from
    )
    if not started(kpi, as_of):
        st = st.assign(rag="na", next_threshold=np.nan, gap=np.nan)
    keys = table["key"].to_numpy(dtype=object) if "key" in table else np.full(len(table), None, dtype=object)
    skip = (keys == "") | np.isin(keys, list(unrated))
    if skip.any():
        st.loc[skip, "rag"] = "na"
        st.loc[skip, ["next_threshold", "gap"]] = np.nan
    return table.assign(
        rag=st["rag"].to_numpy(), next_threshold=st["next_threshold"].to_numpy(), gap=st["gap"].to_numpy()
    )


#: the rate columns of the core's tables, each written by the display rule (see :func:`with_shown_rates`)
RATE_COLUMNS = ("commitment_rate", "liquidation_rate", "paid_of_committed", "selection_rate", "ratio", "expected_ratio")


def plain_shown(rates: npt.ArrayLike, decimals: int = 1) -> npt.NDArray[np.float64]:
    """Rates as written with ``decimals`` in percent, rounded half up (the display rule away from any threshold).

    Vectorised :func:`displayed_rate` without thresholds: the rate in percent is first rounded to 9
    decimals, so a float's binary noise (0.9405 × 100 = 94.05000000000001) never decides the half.
    >>> plain_shown([0.9405, 0.12345, 0.5]).tolist()
    [0.941, 0.123, 0.5]
    """
    pct = np.round(np.asarray(rates, dtype=float) * 100, 9)
    scale = 10.0**decimals
    return np.round(np.floor(pct * scale + 0.5) / scale / 100, decimals + 4)  # 12.3 % -> 0.123, not 0.12300000000000001


def with_shown_rates(table: pd.DataFrame, kpi: Kpi | None = None, as_of: date | None = None) -> pd.DataFrame:
    """``table`` with ``<rate>_shown`` (the rate as written, a fraction) and ``<rate>_decimals`` per rate column.

    The one display rule for every output (screen, chart words, slides, Excel): the headline KPI's
    rate (``kpi``) is written by :func:`displayed_rate` beside the row's status (its ``rag`` column,
    judged by the cent rule), never across a threshold; the other rates are rounded half up to one
    decimal. A renderer writes ``format_pct(shown, lang, decimals)`` or an Excel cell of value
    ``shown`` with ``decimals`` in its number format, so the figure reads the same in each.
    """
    out = table.copy()
    kpi_col = KPI_RATE.get(kpi.key) if kpi is not None else None
    for col in RATE_COLUMNS:
        if col not in out.columns:
            continue
        rates = pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float)
        shown = plain_shown(rates)
        decimals = np.ones(len(out), dtype=int)
        if col == kpi_col and kpi is not None and started(kpi, as_of):
            bands = (kpi.red_below, kpi.green_from)
            rags = out["rag"].to_numpy() if "rag" in out.columns else [None] * len(out)
            for i, (rate, rag) in enumerate(zip(rates, rags, strict=True)):
                if math.isnan(rate):
                    continue
                d = displayed_rate(rate, bands, reached=sides_of(rag, bands))
                if d.value is not None:
                    shown[i], decimals[i] = d.value, d.decimals
        out[f"{col}_shown"] = shown
        out[f"{col}_decimals"] = decimals
    return out


def shown_text(shown: float | None, decimals: int | float | None, lang: str) -> str:
    """A rate as :func:`with_shown_rates` wrote it, in ``lang`` ("94,99 %")."""
    if _missing(shown):
        return format_pct(None, lang)
    d = 1 if _missing(decimals) else int(decimals)  # type: ignore[arg-type]
    return format_pct(Decimal(repr(round(float(shown), 12))), lang, decimals=d)  # type: ignore[arg-type]
