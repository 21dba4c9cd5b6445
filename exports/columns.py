"""The columns of every sheet, in order: the field of the core's frame, the header's text key, the kind of value.

A column is added to a sheet in one place, here. A column whose field a frame does not have is
written with its ``default`` when it has one (the core's figure does not exist yet: see
``estimate``), and left out otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: kinds of value: how a column is written and formatted
KINDS = (
    "text",
    "label",
    "eur",
    "pct",
    "int",
    "year",
    "date",
    "rag",
    "stage",
    "kind",
    "decommitment",
    "method",
    "yesno",
)


@dataclass(frozen=True)
class Ratio:
    """A totals-row rate: the SUBTOTAL of one column over the SUBTOTAL of another (e.g. paid / allocation)."""

    numerator: str
    denominator: str


@dataclass(frozen=True)
class Column:
    """One column of a sheet's table."""

    field: str
    header: str  # catalogue key; may use {kpi}
    kind: str = "text"
    total: str | Ratio | None = None  # "sum" (SUBTOTAL 109 of the rows shown) or a Ratio
    default: Any = None  # written when the frame has no such field (None: the column is left out)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


#: the amounts and rates every level table has (objective, call, project rows)
_AMOUNTS = (
    Column("allocation", "export.col.allocation", "eur", "sum"),
    Column("allocation_eu", "export.col.allocation_eu", "eur", "sum"),
    # the domain issue's "selected" amount: grants of the selected, non-cancelled projects
    Column("selected_amount", "export.col.selected", "eur", "sum"),
    Column("committed", "export.col.committed", "eur", "sum"),
    Column("paid", "export.col.paid", "eur", "sum"),
    Column("remaining_to_commit", "export.col.remaining_to_commit", "eur", "sum"),
    Column("remaining_to_pay", "export.col.remaining_to_pay", "eur", "sum"),
    Column("commitment_rate", "export.col.commitment_rate", "pct", Ratio("committed", "allocation")),
    Column("liquidation_rate", "export.col.liquidation_rate", "pct", Ratio("paid", "allocation")),
    Column("paid_of_committed", "export.col.paid_of_committed", "pct", Ratio("paid", "committed")),
)
_STATUS = (
    Column("rag", "export.col.status", "rag"),
    Column("next_threshold", "export.col.next_threshold", "pct"),
    Column("gap", "export.col.gap", "eur"),
)

OBJECTIVES = (
    Column("key", "export.col.code"),
    Column("label", "export.col.objective", "label"),
    Column("n_projects", "export.col.n_projects", "int", "sum"),
    *_AMOUNTS,
    *_STATUS,
)
AXES = (OBJECTIVES[0], Column("label", "export.col.axis", "label"), *OBJECTIVES[2:])

#: a call's rates are measured against its call budget, not an allocation (the row without a code, projects
#: outside calls, holds the sum of their grants there: export.note.calls says so)
CALLS = (
    Column("key", "export.col.call_id"),
    Column("label", "export.col.call", "label"),
    Column("objective_code", "export.col.objective_codes"),
    Column("n_projects", "export.col.n_projects", "int", "sum"),
    Column("allocation", "export.col.call_budget", "eur", "sum"),
    # no rate in the totals row: call budgets and the grants outside calls do not add up to the allocation, so
    # committed / their sum is no rate of the programme's (it read 63,2 % beside the programme's 58,3 %)
    *(Column(c.field, c.header, c.kind, None if isinstance(c.total, Ratio) else c.total) for c in _AMOUNTS[1:]),
    *_STATUS,
)

PROJECTS = (
    Column("key", "export.col.project_id"),
    Column("label", "export.col.project", "text"),
    Column("beneficiary", "export.col.beneficiary"),
    Column("objective_code", "export.col.code"),
    Column("call_id", "export.col.call_id"),
    Column("stage", "export.col.stage", "stage"),
    Column("allocation", "export.col.grant", "eur", "sum"),
    Column("selected_amount", "export.col.selected", "eur", "sum"),
    Column("committed", "export.col.committed", "eur", "sum"),
    Column("paid", "export.col.paid", "eur", "sum"),
    Column("remaining_to_pay", "export.col.remaining_to_pay", "eur", "sum"),
    Column("commitment_rate", "export.col.commitment_rate", "pct", Ratio("committed", "allocation")),
    Column("liquidation_rate", "export.col.liquidation_rate", "pct", Ratio("paid", "allocation")),
    # the project's own standing (its stage and its forecast), never the programme's KPI: the words
    # are written by exports.content.with_progress_words, in the workbook's language
    Column("progress", "export.col.progress"),
    Column("end_date", "export.col.end_date", "date"),
    Column("postcode", "export.col.postcode"),
)

PAYMENTS = (
    Column("project_id", "export.col.project_id"),
    Column("name", "export.col.project"),
    Column("date", "export.col.date", "date"),
    Column("kind", "export.col.payment_kind", "kind"),
    Column("amount", "export.col.amount", "eur", "sum"),
)

COMMITMENTS = (
    Column("project_id", "export.col.project_id"),
    Column("name", "export.col.project"),
    Column("date", "export.col.date", "date"),
    Column("amount", "export.col.amount_commitment", "eur", "sum"),
)

FORECASTS = (
    Column("project_id", "export.col.project_id"),
    Column("name", "export.col.project"),
    Column("year", "export.col.year", "year"),
    Column("forecast", "export.col.forecast", "eur", "sum"),
    # the part of the year's forecast expected by the as-of date, and paid / expected: the ratio the status is
    # judged on, as on the project page and the committee slide (paid / the whole year's forecast is not)
    Column("expected", "export.col.forecast_expected", "eur", "sum"),
    Column("paid", "export.col.paid_in_year", "eur", "sum"),
    Column("expected_ratio", "export.col.forecast_ratio", "pct", Ratio("paid", "expected")),
    # the year's standing in the project's own words ("En cours — en retard"), written by
    # exports.content.with_forecast_words; the programme's threshold words (kind "rag") when they are absent
    Column("state_word", "export.col.forecast_status", "text"),
    Column("gap", "export.col.gap", "eur"),
)

DECOMMITMENT = (
    Column("tranche_year", "export.col.tranche", "year"),
    Column("eu_tranche", "export.col.eu_tranche", "eur", "sum"),
    Column("deadline", "export.col.deadline", "date"),
    Column("due_cumulative", "export.col.due_cumulative", "eur"),
    # due − pre-financing − claimed = exposed (as on the programme page): pre-financing counts as covering
    Column("prefinancing", "export.col.prefinancing", "eur"),
    Column("claimed", "export.col.claimed", "eur"),
    Column("gap", "export.col.exposure_gap", "eur"),
    Column("lost", "export.col.lost", "eur", "sum"),
    Column("status", "export.col.exposure", "decommitment"),
    # the regulation's calculation (the workbook's Tranches and Claims sheets) or an estimate, said per row
    Column("method", "export.col.estimate", "method"),
)

# --- the payment forecast (issue 23; monitoring.forecast): an estimate, said in each sheet's note ------
#: the fan, month by month: cumulative paid expected (median) and its 10-90 % band
FORECAST_FAN = (
    Column("date", "export.col.forecast_date", "date"),
    Column("median", "export.col.forecast_median", "eur"),
    Column("low", "export.col.forecast_low", "eur"),
    Column("high", "export.col.forecast_high", "eur"),
)

#: Art. 69(10) CPR 2021/1060: the forecast of payment applications (EU amount) per period
ART_69_10 = (
    Column("period_label", "export.col.art69_period"),
    Column("start", "export.col.art69_start", "date"),
    Column("end", "export.col.art69_end", "date"),
    Column("claimed", "export.col.art69_claimed", "eur", "sum"),
    Column("forecast", "export.col.art69_forecast", "eur", "sum"),
    Column("low", "export.col.forecast_low", "eur"),
    Column("high", "export.col.forecast_high", "eur"),
    Column("total", "export.col.art69_total", "eur", "sum"),
)
