"""The management plan's thresholds: KPIs per programme, their red/green bands, marks and deadlines;
and the dates of the EU decommitment rules that the regulation leaves to the programme (closure).

Thresholds live in a TOML file (``config/thresholds.toml`` by default; the settings name another
one) so that the next management plan can change them without touching code. See that file for the shape and
the meaning of every key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

#: The KPIs the core knows: commitment = committed / allocation, consumption = paid / allocation.
KPI_KEYS = ("commitment", "consumption")
#: what each KPI counts against the allocation (a column of a level table)
KPI_AMOUNT = {"commitment": "committed", "consumption": "paid"}
#: the rate column of each KPI in a level table
KPI_RATE = {"commitment": "commitment_rate", "consumption": "liquidation_rate"}

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "thresholds.toml"


class ThresholdsError(ValueError):
    """A thresholds file is missing, unreadable or malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Kpi:
    """One KPI of one programme: its red/green bands, the gauge mark and the target path's dates."""

    key: str  # "consumption" (paid / allocation) or "commitment" (committed / allocation)
    programme_id: str
    red_below: float
    green_from: float
    mark: float
    start: date
    deadline: date

    @property
    def action(self) -> str:
        """What must happen to the money to raise this KPI: "commit" or "pay"."""
        return "commit" if self.key == "commitment" else "pay"


@dataclass(frozen=True)
class ForecastBands:
    """Bands of a project's payments against its forecast for the year."""

    red_below: float = 0.80
    green_from: float = 0.90


#: the default bands (80 % / 90 %)
DEFAULT_BANDS = ForecastBands()


@dataclass(frozen=True)
class DecommitmentRule:
    """How a programme's EU tranches are decommitted (docs/metrics.md, "Decommitment").

    Tranches of the years up to ``last_n3_year`` must be covered by pre-financing and payment
    applications by 31 December of year N+3 (Art. 136(1) CPR 1303/2013; Art. 105(1) CPR
    2021/1060); later tranches, and REACT-EU resources (Art. 92b CPR 1303/2013), are settled at
    ``closure``, where only expenditure declared counts. ``first_year_spread``: the first year's
    tranche is added in equal parts to the following years' tranches up to the last year (the
    2021 tranche of 2021-2027, committed late; so the first target is 31/12/2025).
    ``estimate_prefinancing``: for the estimate made without a Prefinancing sheet, the
    pre-financing paid each year as a fraction of the EU allocation, counted cumulatively (Art. 90(2)
    CPR 2021/1060: 0.5 % a year 2021-2026, plus 0.5 % more in 2022 and in 2023 for ERDF programmes
    of the Investment for jobs and growth goal; Art. 134(1)(a)-(c) CPR 1303/2013: initial
    pre-financing of 1 % in 2014, 2015 and 2016). ``estimate_annual_prefinancing``: the annual
    pre-financing of each year (Art. 134(2) CPR 1303/2013: 2 % in 2016, 2,625 % in 2017, 2,75 % in
    2018, 2,875 % in 2019, 3 % in 2020, 1 % a year 2021-2023 as amended by Reg. (EU) 2020/1542),
    counted only at a deadline of its own year: it is cleared against that year's claims when the
    accounts are accepted (Art. 139 CPR 1303/2013), so counting earlier years' with the claims
    would count the same euro twice. ``react_eu_from_budget``: for the estimate made without a
    Tranches sheet, an EU allocation that grows after the programme's last year is REACT-EU (the
    only money added to 2014-2020 programmes after 2020, Art. 92b), settled at closure.
    """

    programme_id: str
    first_year: int
    last_year: int
    last_n3_year: int
    closure: date
    first_year_spread: bool = False
    estimate_prefinancing: tuple[tuple[int, float], ...] = ()
    estimate_annual_prefinancing: tuple[tuple[int, float], ...] = ()
    react_eu_from_budget: bool = False

    def deadline(self, year: int, resource: str = "ordinary") -> date:
        """The day by which tranche ``year`` must be covered: 31/12/(year + 3), or the closure date."""
        if resource == "react-eu" or year > self.last_n3_year:
            return self.closure
        return date(year + 3, 12, 31)

    def rule(self, year: int, resource: str = "ordinary") -> str:
        """ "n+3" or "closure"."""
        return "closure" if resource == "react-eu" or year > self.last_n3_year else "n+3"


#: the closure documents of 2014-2020, due 15/02/2025 under CPR 1303/2013, moved to 15/02/2026 for every
#: programme by the STEP regulation (Reg. (EU) 2024/795, its amendment of CPR 1303/2013): no opt-in
CLOSURE_1420 = date(2026, 2, 15)

#: the rules when the thresholds file says nothing (the regulation's dates and pre-financing rates)
DEFAULT_DECOMMITMENT = {
    "2014-2020": DecommitmentRule(
        "2014-2020",
        2014,
        2020,
        2019,
        CLOSURE_1420,
        False,
        ((2014, 0.01), (2015, 0.01), (2016, 0.01)),  # Art. 134(1)(a), (b), (c)
        # Art. 134(2)(a)-(e), and 2021-2023 as amended by Reg. (EU) 2020/1542
        (
            (2016, 0.02),
            (2017, 0.02625),
            (2018, 0.0275),
            (2019, 0.02875),
            (2020, 0.03),
            (2021, 0.01),
            (2022, 0.01),
            (2023, 0.01),
        ),
        True,
    ),
    "2021-2027": DecommitmentRule(
        "2021-2027",
        2021,
        2027,
        2026,
        date(2029, 12, 31),
        True,
        # Art. 90(2): 0.5 % a year 2021-2026, and 0.5 % more in 2022 and in 2023 (third subparagraph)
        tuple((y, 0.01 if y in (2022, 2023) else 0.005) for y in range(2021, 2027)),
    ),
}


def default_decommitment(programme_id: str) -> DecommitmentRule:
    """The rule of ``programme_id`` (a "YYYY-YYYY" id; N+3 up to the year before the last, closure two
    years after the last year) when no thresholds file gives one."""
    if programme_id in DEFAULT_DECOMMITMENT:
        return DEFAULT_DECOMMITMENT[programme_id]
    first, last = (int(x) for x in programme_id.split("-"))
    return DecommitmentRule(programme_id, first, last, last - 1, date(last + 2, 12, 31))


@dataclass(frozen=True)
class Thresholds:
    """All thresholds: ``kpis[programme_id][kpi_key]``, the headline KPI key per programme, the forecast bands."""

    kpis: dict[str, dict[str, Kpi]]
    headlines: dict[str, str]
    forecast: ForecastBands = field(default_factory=ForecastBands)
    source: str = ""
    decommitments: dict[str, DecommitmentRule] = field(default_factory=dict)

    def headline(self, programme_id: str) -> Kpi:
        """The programme's headline KPI (consumption for 2014-2020, commitment for 2021-2027 by default)."""
        if programme_id not in self.headlines:
            raise KeyError(f"no headline KPI for programme {programme_id!r} in {self.source or 'thresholds'}")
        return self.kpi(programme_id, self.headlines[programme_id])

    def kpi(self, programme_id: str, key: str) -> Kpi:
        """The KPI ``key`` ("commitment" or "consumption") of the programme."""
        try:
            return self.kpis[programme_id][key]
        except KeyError:
            raise KeyError(f"no KPI {key!r} for programme {programme_id!r} in {self.source or 'thresholds'}") from None

    def decommitment(self, programme_id: str) -> DecommitmentRule:
        """The programme's decommitment rule (the file's, else the regulation's defaults)."""
        return self.decommitments.get(programme_id) or default_decommitment(programme_id)

    def secondary(self, programme_id: str) -> Kpi | None:
        """The programme's other KPI (the one that is not the headline), if defined."""
        head = self.headlines.get(programme_id)
        for key, kpi in self.kpis.get(programme_id, {}).items():
            if key != head:
                return kpi
        return None


def _fail(path: object, key: str, problem: str) -> NoReturn:
    raise ThresholdsError(f"{path}: key '{key}': {problem}")


def _rate(table: dict[str, Any], path: object, key: str, name: str) -> float:
    full = f"{key}.{name}"
    if name not in table:
        _fail(path, full, "missing")
    value = table[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(path, full, f"expected a number (a fraction, 0.95 = 95 %), got {value!r}")
    if not 0 <= value <= 10:
        _fail(path, full, f"expected a fraction between 0 and 10, got {value!r}")
    return float(value)


def _day(table: dict[str, Any], path: object, key: str, name: str) -> date:
    full = f"{key}.{name}"
    if name not in table:
        _fail(path, full, "missing")
    value = table[name]
    if not isinstance(value, date) or hasattr(value, "hour"):
        _fail(path, full, f"expected a TOML date such as 2023-12-31, got {value!r}")
    return date(value.year, value.month, value.day)


def _decommitment(table: Any, path: object, programme_id: str) -> DecommitmentRule:
    where = f'programmes."{programme_id}".decommitment'
    if not isinstance(table, dict):
        _fail(path, where, "expected a table")
    try:
        base = default_decommitment(programme_id)
    except ValueError:
        _fail(path, where, f"programme id {programme_id!r} is not of the form 2021-2027")
    closure = _day(table, path, where, "closure") if "closure" in table else base.closure
    last_n3 = table.get("last_n3_year", base.last_n3_year)
    if isinstance(last_n3, bool) or not isinstance(last_n3, int) or not base.first_year <= last_n3 <= base.last_year:
        span = f"{base.first_year} to {base.last_year}"
        _fail(path, f"{where}.last_n3_year", f"expected a year from {span}, got {last_n3!r}")
    spread = table.get("first_year_spread", base.first_year_spread)
    if not isinstance(spread, bool):
        _fail(path, f"{where}.first_year_spread", f"expected true or false, got {spread!r}")
    rates = _year_rates(table, path, where, "estimate_prefinancing", base.estimate_prefinancing)
    annual = _year_rates(table, path, where, "estimate_annual_prefinancing", base.estimate_annual_prefinancing)
    react = table.get("react_eu_from_budget", base.react_eu_from_budget)
    if not isinstance(react, bool):
        _fail(path, f"{where}.react_eu_from_budget", f"expected true or false, got {react!r}")
    if closure.year <= base.last_year:
        _fail(path, f"{where}.closure", f"closure ({closure}) is not after the programme's last year {base.last_year}")
    return DecommitmentRule(
        programme_id, base.first_year, base.last_year, last_n3, closure, spread, rates, annual, react
    )


def _year_rates(
    table: dict[str, Any], path: object, where: str, name: str, default: tuple[tuple[int, float], ...]
) -> tuple[tuple[int, float], ...]:
    """A table ``{ "2022" = 0.01, ... }`` of the decommitment table, as sorted (year, fraction) pairs."""
    if name not in table:
        return default
    raw = table[name]
    if not isinstance(raw, dict):
        _fail(path, f"{where}.{name}", 'expected a table year = fraction, e.g. { "2022" = 0.005 }')
    parsed = []
    for year, _ in raw.items():
        if not str(year).isdigit():
            _fail(path, f"{where}.{name}.{year}", "expected a year")
        parsed.append((int(year), _rate(raw, path, f"{where}.{name}", year)))
    return tuple(sorted(parsed))


def _kpi(table: Any, path: object, programme_id: str, key: str) -> Kpi:
    where = f'programmes."{programme_id}".kpis.{key}'
    if key not in KPI_KEYS:
        _fail(path, where, f"unknown KPI, expected one of {', '.join(KPI_KEYS)}")
    if not isinstance(table, dict):
        _fail(path, where, "expected a table")
    red = _rate(table, path, where, "red_below")
    green = _rate(table, path, where, "green_from")
    mark = _rate(table, path, where, "mark")
    start = _day(table, path, where, "start")
    deadline = _day(table, path, where, "deadline")
    if red > green:
        _fail(path, f"{where}.green_from", f"green_from ({green}) is below red_below ({red})")
    if deadline <= start:
        _fail(path, f"{where}.deadline", f"deadline ({deadline}) is not after start ({start})")
    return Kpi(key, programme_id, red, green, mark, start, deadline)


def parse_thresholds(raw: dict[str, Any], path: object = "thresholds") -> Thresholds:
    """Build :class:`Thresholds` from a parsed TOML document, checking every key."""
    programmes = raw.get("programmes")
    if not isinstance(programmes, dict) or not programmes:
        _fail(path, "programmes", "missing or empty table")
    kpis: dict[str, dict[str, Kpi]] = {}
    headlines: dict[str, str] = {}
    decommitments: dict[str, DecommitmentRule] = {}
    for pid, ptable in programmes.items():
        where = f'programmes."{pid}"'
        if not isinstance(ptable, dict):
            _fail(path, where, "expected a table")
        ktables = ptable.get("kpis")
        if not isinstance(ktables, dict) or not ktables:
            _fail(path, f"{where}.kpis", "missing or empty table")
        kpis[pid] = {key: _kpi(t, path, pid, key) for key, t in ktables.items()}
        head = ptable.get("headline")
        if head not in kpis[pid]:
            _fail(path, f"{where}.headline", f"expected one of the KPIs defined ({', '.join(kpis[pid])}), got {head!r}")
        headlines[pid] = head
        if "decommitment" in ptable:
            decommitments[pid] = _decommitment(ptable["decommitment"], path, pid)
    ftable = raw.get("forecast", {})
    if not isinstance(ftable, dict):
        _fail(path, "forecast", "expected a table")
    bands = ForecastBands(
        _rate(ftable, path, "forecast", "red_below") if "red_below" in ftable else ForecastBands.red_below,
        _rate(ftable, path, "forecast", "green_from") if "green_from" in ftable else ForecastBands.green_from,
    )
    if bands.red_below > bands.green_from:
        _fail(path, "forecast.green_from", f"green_from ({bands.green_from}) is below red_below ({bands.red_below})")
    return Thresholds(kpis=kpis, headlines=headlines, forecast=bands, source=str(path), decommitments=decommitments)


def load_thresholds(path: str | Path | None = None) -> Thresholds:
    """Read the thresholds from ``path`` (default ``config/thresholds.toml``).

    Raises :class:`ThresholdsError` naming the file (and the key) when the file is missing,
    is not valid TOML, or has a missing or ill-typed key.
    """
    path = Path(path or DEFAULT_PATH)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except OSError as exc:
        raise ThresholdsError(f"{path}: cannot read thresholds file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdsError(f"{path}: not valid TOML ({exc})") from exc
    return parse_thresholds(raw, path)
