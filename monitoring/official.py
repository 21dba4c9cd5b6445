"""The Commission's official figures of a programme: planned, decided, spent per priority and cut-off, peers,
vintages and the reconciliation with the internal figures. Pure pandas; reading the files is
``data_loaders.official``'s work.

The sources are the Cohesion Open Data Platform's datasets (see docs/metrics.md, "Official figures"):

* ``implementation``: "ESIF 2014-2020 Finance Implementation Details" (Socrata 99js-gm52). One row per
  programme (CCI) × priority × thematic objective × category of region × year. The year's row is the
  programme's situation at the cut-off (31/12 of the year, or the reference date given): the figures are
  **cumulative**, a year is never added to another.
* ``planned``: "ESIF 2014-2020 Finances planned details" (e4v6-qrrq): the planned amounts at the OP version
  current when the file was downloaded; no cut-off, no decided or spent figures.
* ``categorisation``: "2021-2027 Finances details (categorisation)" (hgyj-gyin): the planned amounts of
  2021-2027 programmes, split by several dimensions (each dimension splits the same money again).

Every file is its own :class:`OfficialSource`: two vintages of the same dataset are shown side by side
(:func:`vintage_table`), never merged.

The canonical rows (:data:`COLUMNS`):

============== ===================================================================================
source         the file's name (one source per file)
row            the line of the file the figures come from (1 = the header)
ms             member state code ("BE")
cci            programme code ("2014BE16RFOP001")
title          programme title, as in the file
fund           "ERDF", "ESF", ... ("" when the file has no fund column and the CCI does not say)
version        OP version the planned amounts belong to ("5.1")
priority       priority axis as written ("Axe 1", "Axe3b", "P1", "4")
to             thematic objective (2014-2020: "01", "MULTI", "TA") or specific objective (2021-2027: "RSO1.1")
category       category of region ("More developed", "Transition", "REACT-EU")
year           cut-off year (implementation files); missing for planned files
cutoff         the cut-off date (``reference_date``, else 31/12 of ``year``); NaT for planned files
planned_eu     planned EU amount
planned_national  planned national amount (2021-2027 categorisation: total − EU)
planned_total  planned total (EU + national)
decided        total eligible cost of the selected operations (NaN where the file has none)
spent          total eligible expenditure declared by beneficiaries (NaN where the file has none)
============== ===================================================================================
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

#: the kinds of official file
KINDS = ("implementation", "planned", "categorisation")
COLUMNS = [
    "source", "row", "ms", "cci", "title", "fund", "version", "priority", "to", "category", "year", "cutoff",
    "planned_eu", "planned_national", "planned_total", "decided", "spent",
]  # fmt: skip
AMOUNTS = ["planned_eu", "planned_national", "planned_total", "decided", "spent"]
#: the columns of a figures table (priorities, programme series, peers)
FIGURES = [*AMOUNTS, "decided_rate", "spent_rate", "spent_of_decided"]
#: the difference below which two amounts are "the same" (cents of rounding in the files)
SAME = 0.5


@dataclass(frozen=True)
class OfficialSource:
    """One official file, read: its kind, its vintage (when it was downloaded) and its canonical rows."""

    name: str  # the file's name
    kind: str  # one of KINDS
    vintage: str  # "2022-10", "2019-04-11": the download date the file name carries, else ""
    rows: pd.DataFrame = field(hash=False, compare=False)
    #: a sample the platform cut (the first 1 000 rows of an export): figures may be incomplete
    truncated: bool = False
    _by_cci: dict[str, pd.DataFrame] = field(default_factory=dict, hash=False, compare=False, repr=False)

    @property
    def has_cutoffs(self) -> bool:
        return self.kind == "implementation"

    def of(self, cci: str) -> pd.DataFrame:
        """The rows of one programme (kept: the same frame each time, not to be modified)."""
        if cci not in self._by_cci:
            self._by_cci[cci] = self.rows[self.rows["cci"] == cci]
        return self._by_cci[cci]


def empty_rows() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    for c in AMOUNTS:
        frame[c] = frame[c].astype(float)
    frame["year"] = frame["year"].astype("Int64")
    frame["row"] = frame["row"].astype(int)
    frame["cutoff"] = pd.to_datetime(frame["cutoff"])
    return frame


def _ratio(a: Any, b: Any) -> float:
    """a / b, NaN when either is missing or b is zero."""
    if a is None or b is None:
        return math.nan
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y) or y == 0:
        return math.nan
    return x / y


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["decided_rate"] = [_ratio(d, p) for d, p in zip(frame["decided"], frame["planned_total"], strict=True)]
    frame["spent_rate"] = [_ratio(s, p) for s, p in zip(frame["spent"], frame["planned_total"], strict=True)]
    frame["spent_of_decided"] = [_ratio(s, d) for s, d in zip(frame["spent"], frame["decided"], strict=True)]
    return frame


def _sum(values: pd.Series) -> float:
    """The sum of a column, NaN when every value is missing (a file with no decided figures shows none, not 0)."""
    return float(values.sum()) if values.notna().any() else math.nan


def _sums(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The amounts summed per ``by`` (NaN where every value of a group is missing)."""
    if frame.empty:
        return pd.DataFrame(columns=[*by, *AMOUNTS])
    return frame.groupby(by, sort=False, dropna=False)[AMOUNTS].sum(min_count=1).reset_index()


def _joined(values: pd.Series) -> str:
    return ", ".join(dict.fromkeys(str(v) for v in values if str(v)))


# --- programmes and cut-offs -----------------------------------------------------------------------
def programmes(sources: list[OfficialSource]) -> pd.DataFrame:
    """Every programme of the files: cci, title, ms, fund, and the sources that hold it ("a.csv, b.csv")."""
    parts = [s.rows[["cci", "title", "ms", "fund"]].assign(source=s.name) for s in sources if len(s.rows)]
    if not parts:
        return pd.DataFrame(columns=["cci", "title", "ms", "fund", "sources"])
    rows = pd.concat(parts, ignore_index=True)
    first = rows.drop_duplicates("cci").set_index("cci")[["title", "ms"]]
    funds = rows.drop_duplicates(["cci", "fund"]).groupby("cci")["fund"].agg(_joined)
    names = rows.drop_duplicates(["cci", "source"]).groupby("cci")["source"].agg(_joined)
    out = first.join(funds).join(names.rename("sources")).sort_index()
    return out.reset_index()[["cci", "title", "ms", "fund", "sources"]]


def cutoffs(source: OfficialSource, cci: str) -> list[tuple[int, date]]:
    """The cut-offs of a programme in an implementation file: (year, date), oldest first."""
    rows = source.of(cci)
    if not source.has_cutoffs or rows.empty:
        return []
    pairs = rows.groupby("year")["cutoff"].max().sort_index()
    return [(int(str(y)), pd.Timestamp(d).date()) for y, d in pairs.items()]


def _at(source: OfficialSource, cci: str, year: int | None) -> pd.DataFrame:
    rows = source.of(cci)
    if source.has_cutoffs and year is not None:
        rows = rows[rows["year"] == year]
    return rows


# --- per priority and in total ---------------------------------------------------------------------
def priority_table(source: OfficialSource, cci: str, year: int | None = None) -> pd.DataFrame:
    """Per priority of the programme at the cut-off ``year`` (planned files: their one situation).

    Columns: priority, to (the objectives, joined), category (joined), version, the amounts summed over the
    priority's rows (objectives, categories of region, measures) and the rates (:data:`FIGURES`):
    decided_rate = decided / planned_total, spent_rate = spent / planned_total, spent_of_decided = spent / decided.
    Priorities in the order of the file.
    """
    rows = _at(source, cci, year)
    if rows.empty:
        return pd.DataFrame(columns=["priority", "to", "category", "version", *FIGURES])
    sums = _sums(rows, ["priority"])
    extra = rows.groupby("priority", sort=False).agg(
        to=("to", _joined), category=("category", _joined), version=("version", _joined)
    )
    out = sums.merge(extra.reset_index(), on="priority", how="left")
    if source.kind == "categorisation":  # the platform's export has no order: P1, P2, ... as the programme
        out = out.sort_values("priority", kind="stable").reset_index(drop=True)
    return _with_rates(out[["priority", "to", "category", "version", *AMOUNTS]])


def programme_total(source: OfficialSource, cci: str, year: int | None = None) -> dict[str, Any]:
    """The programme's amounts and rates at the cut-off (the sum of its priorities)."""
    rows = _at(source, cci, year)
    sums = {c: _sum(rows[c]) if len(rows) else math.nan for c in AMOUNTS}
    return {
        **sums,
        "decided_rate": _ratio(sums["decided"], sums["planned_total"]),
        "spent_rate": _ratio(sums["spent"], sums["planned_total"]),
        "spent_of_decided": _ratio(sums["spent"], sums["decided"]),
    }


def series(source: OfficialSource, cci: str) -> pd.DataFrame:
    """The programme at each cut-off of an implementation file, oldest first: year, cutoff, version,
    n_priorities, the amounts and rates (each the situation at that date: never a sum of years), and
    ``reprogrammed`` (the planned total differs from the previous cut-off's) and ``new_priorities``
    (priorities that appear at this cut-off, joined)."""
    out = []
    previous_total: float | None = None
    previous_priorities: set[str] | None = None
    all_rows = source.of(cci)
    by_year = dict(tuple(all_rows.groupby("year", sort=True))) if source.has_cutoffs and len(all_rows) else {}
    for year, cutoff in cutoffs(source, cci):
        rows = by_year[year]
        sums = {c: _sum(rows[c]) for c in AMOUNTS}
        total = {
            **sums,
            "decided_rate": _ratio(sums["decided"], sums["planned_total"]),
            "spent_rate": _ratio(sums["spent"], sums["planned_total"]),
            "spent_of_decided": _ratio(sums["spent"], sums["decided"]),
        }
        priorities = list(dict.fromkeys(rows["priority"]))
        new = [p for p in priorities if previous_priorities is not None and p not in previous_priorities]
        out.append(
            {
                "year": year,
                "cutoff": cutoff,
                "version": _joined(rows["version"]),
                "n_priorities": len(priorities),
                **total,
                "reprogrammed": previous_total is not None and abs(total["planned_total"] - previous_total) > SAME,
                "new_priorities": ", ".join(new),
            }
        )
        previous_total, previous_priorities = total["planned_total"], set(priorities)
    columns = ["year", "cutoff", "version", "n_priorities", *FIGURES, "reprogrammed", "new_priorities"]
    return pd.DataFrame(out, columns=columns)


def priority_series(source: OfficialSource, cci: str) -> pd.DataFrame:
    """Every priority at every cut-off (long table: year, cutoff, then the columns of :func:`priority_table`),
    in one grouping over the programme's rows (each year's rows are that cut-off's situation: never summed
    across years)."""
    cols = ["year", "cutoff", "priority", "to", "category", "version", *FIGURES]
    rows = source.of(cci)
    if not source.has_cutoffs or rows.empty:
        return pd.DataFrame(columns=cols)
    keys = ["year", "priority"]
    sums = _sums(rows, keys)
    extra = rows.groupby(keys, sort=False).agg(
        to=("to", _joined), category=("category", _joined), version=("version", _joined), cutoff=("cutoff", "max")
    )
    out = _with_rates(sums.merge(extra.reset_index(), on=keys, how="left"))
    out["cutoff"] = [pd.Timestamp(d).date() for d in out["cutoff"]]
    out["year"] = out["year"].astype(int)
    return out.sort_values("year", kind="stable").reset_index(drop=True)[cols]


# --- what is odd in the figures, said rather than hidden ------------------------------------------------
@dataclass(frozen=True)
class Quirk:
    """One oddity of the official figures, kept as the files give it and named on the page.

    kind: "over_planned" (decided above planned), "spent_over_decided", "reprogrammed" (the planned total
    changed), "new_priority" (a priority appears: split off or added), "vintages_differ" (two files give
    different figures for the same cut-off and priority), "objective_differs" (a priority's thematic
    objective is not the same in two files).
    """

    kind: str
    year: int | None
    priority: str
    value: float = math.nan  # the rate, the new total, the ratio of the two vintages
    before: float = math.nan  # the previous total, the other vintage's figure
    detail: str = ""  # the other file, the objectives compared, the figure concerned


def quirks(sources: list[OfficialSource], cci: str, main: OfficialSource) -> list[Quirk]:
    """The oddities of programme ``cci`` in ``main`` (an implementation file), and across ``sources``."""
    out: list[Quirk] = []
    if main.has_cutoffs:
        for r in priority_series(main, cci).to_dict("records"):
            year, priority = int(r["year"]), str(r["priority"])
            if float(r["decided_rate"]) > 1.0 + 1e-9:
                out.append(Quirk("over_planned", year, priority, float(r["decided_rate"])))
            if float(r["spent_of_decided"]) > 1.0 + 1e-9:
                out.append(Quirk("spent_over_decided", year, priority, float(r["spent_of_decided"])))
        previous = math.nan
        for r in series(main, cci).to_dict("records"):
            year = int(r["year"])
            if r["reprogrammed"]:
                out.append(Quirk("reprogrammed", year, "", float(r["planned_total"]), previous, str(r["version"])))
            previous = float(r["planned_total"])
            for p in [p for p in str(r["new_priorities"]).split(", ") if p]:
                out.append(Quirk("new_priority", year, p))
    for other in sources:
        if other is main or not len(other.of(cci)):
            continue
        if other.kind == "implementation" and main.has_cutoffs:
            for r in vintage_table(main, other, cci).to_dict("records"):
                for what in ("decided", "spent"):
                    a, b = float(r[f"{what}_a"]), float(r[f"{what}_b"])
                    if not (math.isnan(a) or math.isnan(b)) and abs(a - b) > SAME:
                        out.append(Quirk("vintages_differ", int(r["year"]), str(r["priority"]), _ratio(a, b), b, what))
        out.extend(_objective_differs(main, other, cci))
    return out


def _objectives(source: OfficialSource, cci: str) -> dict[str, str]:
    rows = source.of(cci)
    if source.has_cutoffs and len(rows):
        rows = rows[rows["year"] == rows["year"].max()]
    return {str(p): _joined(g["to"]) for p, g in rows.groupby("priority", sort=False)}


def _objective_differs(main: OfficialSource, other: OfficialSource, cci: str) -> list[Quirk]:
    a, b = _objectives(main, cci), _objectives(other, cci)
    return [
        Quirk("objective_differs", None, p, detail=f"{a[p]} / {b[p]}")
        for p in a
        if p in b and _norm_to(a[p]) != _norm_to(b[p])
    ]


def _norm_to(text: str) -> str:
    """ "01" and "1" are the same thematic objective (the 2019 extract dropped the zero)."""
    return ", ".join(v.lstrip("0") or "0" for v in text.split(", "))


# --- two vintages side by side ------------------------------------------------------------------------
def vintage_table(a: OfficialSource, b: OfficialSource, cci: str) -> pd.DataFrame:
    """Per cut-off year and priority that both implementation files hold: each file's decided and spent,
    side by side (``_a`` / ``_b``), and their differences (a − b). Never merged into one figure."""
    cols = ["year", "priority", "planned_total_a", "planned_total_b", "decided_a", "decided_b", "decided_diff",
            "spent_a", "spent_b", "spent_diff"]  # fmt: skip
    if not (a.has_cutoffs and b.has_cutoffs):
        return pd.DataFrame(columns=cols)
    left = _sums(a.of(cci), ["year", "priority"])
    right = _sums(b.of(cci), ["year", "priority"])
    if left.empty or right.empty:
        return pd.DataFrame(columns=cols)
    both = left.merge(right, on=["year", "priority"], suffixes=("_a", "_b"))
    both["decided_diff"] = both["decided_a"] - both["decided_b"]
    both["spent_diff"] = both["spent_a"] - both["spent_b"]
    return both.sort_values(["year", "priority"]).reset_index(drop=True)[cols]


# --- peers ---------------------------------------------------------------------------------------------
def peers(source: OfficialSource, cci: str, year: int | None) -> pd.DataFrame:
    """Every programme of the file beside ``cci`` at the cut-off ``year`` (planned files: their situation),
    then the totals of the selected programme's member state: its fund's programmes, and all funds.

    Columns: cci, title, fund, ms, selected (bool), total ("" for a programme, "fund" or "ms" for a total
    row), the amounts and rates. Programmes of the selected one's member state and fund first.
    """
    rows = source.rows if not source.has_cutoffs or year is None else source.rows[source.rows["year"] == year]
    cols = ["cci", "title", "fund", "ms", "selected", "total", *FIGURES]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    sums = _sums(rows, ["cci"])
    info = rows.groupby("cci", sort=False).agg(title=("title", "first"), fund=("fund", "first"), ms=("ms", "first"))
    table = sums.merge(info.reset_index(), on="cci")
    me = table[table["cci"] == cci]
    ms = str(me["ms"].iloc[0]) if len(me) else ""
    fund = str(me["fund"].iloc[0]) if len(me) else ""
    table["selected"] = table["cci"] == cci
    table["total"] = ""
    table["_order"] = [
        0 if (m == ms and f == fund) else 1 if m == ms else 2 for m, f in zip(table["ms"], table["fund"], strict=True)
    ]
    table = table.sort_values(["_order", "cci"]).drop(columns="_order")
    totals = []
    if ms:
        for kind, mask in (("fund", (table["ms"] == ms) & (table["fund"] == fund)), ("ms", table["ms"] == ms)):
            part = table[mask]
            totals.append(
                {
                    "cci": "",
                    "title": "",
                    "fund": fund if kind == "fund" else "",
                    "ms": ms,
                    "selected": False,
                    "total": kind,
                    **{c: _sum(part[c]) for c in AMOUNTS},
                }
            )
    out = pd.concat([table, pd.DataFrame(totals)], ignore_index=True) if totals else table
    return _with_rates(out)[cols].reset_index(drop=True)


# --- reconciliation with the internal figures ---------------------------------------------------------
#: the internal columns a reconciliation takes (see :func:`reconciliation`)
INTERNAL = ["cutoff", "allocation", "selected_cost", "committed", "paid"]


def reconciliation(official: pd.DataFrame, internal: pd.DataFrame) -> pd.DataFrame:
    """The official programme series beside the internal figures at the same dates.

    ``official`` is :func:`series`; ``internal`` has one row per cut-off with :data:`INTERNAL`
    (the workbook's allocation, total eligible cost of selected operations, committed and paid at that
    date). Each pair compares the closest concepts and keeps its own name:

    * planned_total ↔ allocation (both the programme's total: EU + national / regional);
    * decided (total eligible cost of operations *selected*) ↔ selected_cost (the same concept, from the
      workbook) and ↔ committed (budget commitments *signed*: a later step);
    * spent (expenditure *declared* by beneficiaries and checked) ↔ paid (the authority's *payments*,
      advances included).

    Differences are official − internal. Only the dates both sides hold (the official cut-offs up to
    the internal extract date).
    """
    cols = ["year", "cutoff", "planned_total", "allocation", "planned_diff", "decided", "selected_cost",
            "decided_diff", "committed", "committed_diff", "spent", "paid", "spent_diff"]  # fmt: skip
    if official.empty or internal.empty:
        return pd.DataFrame(columns=cols)
    inner = internal[INTERNAL].copy()
    inner["cutoff"] = [pd.Timestamp(d).date() for d in inner["cutoff"]]
    left = official[["year", "cutoff", "planned_total", "decided", "spent"]].copy()
    left["cutoff"] = [pd.Timestamp(d).date() for d in left["cutoff"]]
    both = left.merge(inner, on="cutoff", how="inner")
    both["planned_diff"] = both["planned_total"] - both["allocation"]
    both["decided_diff"] = both["decided"] - both["selected_cost"]
    both["committed_diff"] = both["decided"] - both["committed"]
    both["spent_diff"] = both["spent"] - both["paid"]
    return both[cols].reset_index(drop=True)


# --- priority codes across files -------------------------------------------------------------------------
_PRIORITY_WORDS = re.compile(r"^(axe|axis|as|priorit\w*|p)\s*", re.IGNORECASE)


def priority_key(code: object) -> str:
    """A priority code as the internal workbooks write it: "Axe 1" -> "1", "Axe T" / "TA" -> "TA",
    "Axe3b" -> "3b", "P1" -> "1" (for matching only; the page shows each file's own code)."""
    text = _PRIORITY_WORDS.sub("", str(code).strip()).strip()
    return "TA" if text.upper() in ("T", "TA", "AT") else text


def priority_reconciliation(official_priorities: pd.DataFrame, internal: pd.DataFrame) -> pd.DataFrame:
    """Per priority at one cut-off: the official figures (:func:`priority_table`) beside the internal
    workbook's objectives (columns key, allocation, selected_cost, committed, paid), matched on
    :func:`priority_key`. A priority one side lacks keeps its row with the other side empty (Axe3b, split
    off in the official data, has no internal objective of its own)."""
    cols = ["priority", "key", "planned_total", "allocation", "planned_diff", "decided", "selected_cost",
            "decided_diff", "committed", "spent", "paid", "spent_diff"]  # fmt: skip
    left = official_priorities[["priority", "planned_total", "decided", "spent"]].copy()
    left["key"] = [priority_key(p) for p in left["priority"]]
    right = internal[["key", "allocation", "selected_cost", "committed", "paid"]].copy()
    right["key"] = right["key"].astype(str)
    both = left.merge(right, on="key", how="outer", sort=False)
    both["priority"] = both["priority"].fillna("")
    both["planned_diff"] = both["planned_total"] - both["allocation"]
    both["decided_diff"] = both["decided"] - both["selected_cost"]
    both["spent_diff"] = both["spent"] - both["paid"]
    return both[cols].reset_index(drop=True)


def selected_cost_at(projects: pd.DataFrame, day: date, objective: str | None = None) -> float:
    """The internal total eligible cost of the operations selected by ``day``: Σ total_cost of the projects
    whose selection date is on or before it (a project without a selection date counts from the start), not
    cancelled at the extract date (the Projects sheet's status is not dated), optionally of one objective.

    The core's ``selected_cost`` counts every project selected by the extract date; a reconciliation at an
    earlier cut-off needs the selection as it stood then."""
    if projects.empty:
        return 0.0
    when = pd.to_datetime(projects["selection_date"])
    keep = (projects["stage"] != "cancelled") & (when.isna() | (when <= pd.Timestamp(day)))
    if objective is not None:
        keep &= projects["objective_code"].astype(str) == objective
    return float(projects.loc[keep, "total_cost"].fillna(0).sum())


def objective_key(code: object) -> str:
    """A 2021-2027 specific objective as the internal workbooks write it: "RSO1.1" -> "1.1", "ISO6.1" -> "6.1"."""
    return re.sub(r"^[A-Z]*SO\s*", "", str(code).strip().upper())


def planned_reconciliation(source: OfficialSource, cci: str, internal: pd.DataFrame) -> pd.DataFrame:
    """A planned file (no cut-off) beside the internal allocation: per specific objective for a 2021-2027
    categorisation (matched on :func:`objective_key`), per priority for a 2014-2020 planned file (matched on
    :func:`priority_key`). ``internal`` has the columns key, allocation, allocation_eu (the objectives' level
    table at the extract date). A unit one side lacks keeps its row with the other side empty."""
    cols = ["unit", "key", "planned_total", "allocation", "planned_diff", "planned_eu", "allocation_eu", "eu_diff"]
    rows = source.of(cci)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    by = "to" if source.kind == "categorisation" else "priority"
    left = _sums(rows, [by]).rename(columns={by: "unit"})[["unit", "planned_total", "planned_eu"]]
    keyer = objective_key if by == "to" else priority_key
    left["key"] = [keyer(u) for u in left["unit"]]
    right = internal[["key", "allocation", "allocation_eu"]].copy()
    right["key"] = right["key"].astype(str)
    both = left.merge(right, on="key", how="outer", sort=False)
    both["unit"] = both["unit"].fillna("")
    both["planned_diff"] = both["planned_total"] - both["allocation"]
    both["eu_diff"] = both["planned_eu"] - both["allocation_eu"]
    return both.sort_values("key", kind="stable").reset_index(drop=True)[cols]
