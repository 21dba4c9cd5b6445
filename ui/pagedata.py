"""One page model per page: every figure a page shows, gathered once, rendered by every output.

The screen (``ui.views``), the Excel export (``ui.downloads`` → ``exports``), the committee slides and the
chart words all read the same :class:`PageModel`, so a figure cannot read differently in two places: the
amounts and statuses are the core's, and each rate carries the one display rule's value and precision
(``<rate>_shown`` / ``<rate>_decimals`` columns, :meth:`PageModel.rate` for the selection's totals; see
``monitoring.status.with_shown_rates``). The request's language, date and snapshot come in the
:class:`~ui.context.View` and are passed explicitly to every service call.

:data:`PAGES` is the page registry of the export route: a page path ("programme/<pid>/objective/<code>")
names its gatherer and its workbook writer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

import pandas as pd

import exports
from exports import forecast as forecast_export
from exports import grid_state
from i18n import format_pct, t
from monitoring.status import Status, plain_shown, shown_text
from monitoring.thresholds import KPI_AMOUNT, KPI_RATE, Kpi

from . import service
from .context import Request, View
from .rows import explorer_rows, shown_rows

#: the rates of a selection's totals, in the order the pages and sheets show them
TOTAL_RATES = ("commitment_rate", "liquidation_rate", "paid_of_committed", "selection_rate", "selected_cost_rate")


class Missing(LookupError):
    """The page's unit (objective, call, project) does not exist in the programme: a not-found state or a 404."""

    def __init__(self, what_key: str, key: str) -> None:
        super().__init__(key)
        self.what_key, self.key = what_key, key


@dataclass(frozen=True)
class Rate:
    """A rate as every output writes it: the exact value, the value shown and its decimals (in percent)."""

    value: float | None
    shown: float | None
    decimals: int = 1

    def text(self, lang: str) -> str:
        """ "94,99 %" / "94,99%" / "94.99%" (the display rule, never across the status's threshold)."""
        return shown_text(self.shown, self.decimals, lang)


def _rate_of(value: Any, status: Status | None = None) -> Rate:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return Rate(None, None)
    if status is not None and status.rate is not None and status.thresholds:
        shown = status.shown()
        return Rate(float(value), shown.value, shown.decimals)
    return Rate(float(value), float(plain_shown([float(value)])[0]), 1)


@dataclass(frozen=True)
class PageModel:
    """Everything one page shows, gathered once: the screen, the workbook, the slides and the chart words render it.

    ``level`` is the page ("overview", "programme", "objective", "call", "project", "explorer"); ``unit_key``
    and ``unit_label`` name its objective, call or project. The frames are the core's, restricted to the
    page's selection, with the display rule's rate columns; a frame left None is not shown.
    """

    view: View
    level: str
    kpi: Kpi
    status: Status  # the selection's headline KPI status (the cent rule)
    totals: Mapping[str, Any]
    unit_key: str | None = None
    unit_label: str | None = None
    objectives: pd.DataFrame | None = None
    calls: pd.DataFrame | None = None
    projects: pd.DataFrame | None = None
    forecasts: pd.DataFrame | None = None
    decommitment: pd.DataFrame | None = None
    filters: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    days_to_deadline: int | None = None  # the headline KPI's deadline, from the date shown (programme pages)

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def pid(self) -> str:
        return self.view.pid

    @property
    def as_of(self) -> date:
        return self.view.as_of

    @property
    def kpi_rate(self) -> str:
        """The column of the headline KPI's rate ("liquidation_rate" for 2014-2020, "commitment_rate" for 2021-2027)."""
        return KPI_RATE[self.kpi.key]

    def rate(self, col: str) -> Rate:
        """A rate of the selection's totals as written everywhere: the KPI's beside its status, the others plain."""
        return _rate_of(self.totals.get(col), self.status if col == self.kpi_rate else None)

    def rate_text(self, col: str) -> str:
        return self.rate(col).text(self.lang)

    def shown_totals(self) -> dict[str, Any]:
        """The totals with ``<rate>_shown`` and ``<rate>_decimals`` for each rate (what the workbook writes)."""
        out = dict(self.totals)
        for col in TOTAL_RATES:
            if col in out:
                r = self.rate(col)
                out[f"{col}_shown"], out[f"{col}_decimals"] = r.shown, r.decimals
        return out

    def headline(self) -> exports.Headline:
        return exports.Headline(
            self.kpi,
            self.status,
            float(self.totals.get(KPI_AMOUNT[self.kpi.key]) or 0.0),
            float(self.totals.get("allocation") or 0.0),
        )

    def lines(self) -> dict[str, pd.DataFrame]:
        """The commitment and payment lines of the page's projects (the workbook's listing sheets)."""
        v, projects = self.view, self.projects
        if projects is None:
            return {}
        names = dict(zip(projects["key"], projects.get(f"label_{v.lang}", projects["label"]), strict=True))
        return {
            "payments": exports.money_lines(v.data.payments, projects["key"], v.as_of, names),
            "commitments": exports.money_lines(v.data.commitments, projects["key"], v.as_of, names),
        }


@dataclass(frozen=True)
class CommitteeModel:
    """The monitoring committee's deck and pack: the programme's page model and one sheet per objective."""

    programme: PageModel
    units: tuple[exports.ObjectiveSheet, ...]  # each objective (axis): its row, status, calls and projects


# --- the gatherers -----------------------------------------------------------------------------------------
def calls_first(table: pd.DataFrame) -> pd.DataFrame:
    """Calls in id order, the row of the projects outside any call last (as every output lists them)."""
    return (
        table.assign(_outside=table["key"] == "")
        .sort_values(["_outside", "key"], kind="stable")
        .drop(columns="_outside")
        .reset_index(drop=True)
    )


def _status(v: View, total: Mapping[str, Any]) -> Status:
    return service.selection_status(v.pid, v.as_of, dict(total), snapshot=v.snapshot)


def _forecasts(v: View, project_ids: pd.Series | None, project: str | None = None) -> pd.DataFrame | None:
    """The forecast years of the page's projects, with the years in which they were paid without a forecast (a
    recovery, a payment before the first forecast year): so the listing's paid total is the Payments sheet's."""
    table = service.forecast_table(v.pid, v.as_of, project, snapshot=v.snapshot)
    ids = [project] if project is not None else [str(p) for p in project_ids] if project_ids is not None else []
    if project is None and project_ids is not None:
        table = table[table["project_id"].isin(set(ids))]
    extra = service.unforecast_payments(v.pid, v.as_of, ids, snapshot=v.snapshot)
    if len(extra):
        table = pd.concat([table, extra], ignore_index=True).sort_values(["project_id", "year"], kind="stable")
    return table.reset_index(drop=True) if len(table) else None


def _forecast_extra(v: View, kpi: Kpi) -> dict[str, Any]:
    """The forecasts' sheets of the programme's workbook (estimates, backtested: monitoring.forecast and
    monitoring.commitment_forecast): the payment forecast, and the commitment forecast when the headline KPI is
    the commitment rate."""
    out: dict[str, Any] = {"payment_outlook": service.payment_outlook(v.pid, v.as_of, snapshot=v.snapshot)}
    if kpi.key == "commitment":
        out["commitment_outlook"] = service.commitment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    return out


def programme(v: View, *, full: bool = True) -> PageModel:
    """The programme page: headline, totals, its objectives (axes), calls, decommitment; with ``full`` (the
    workbook) its projects and forecasts too (the screen serves its projects a block at a time: ``ui.rows``)."""
    total = service.totals(v.pid, v.as_of, snapshot=v.snapshot)
    h = service.headline(v.pid, v.as_of, snapshot=v.snapshot)
    projects = service.projects_table(v.pid, v.as_of, snapshot=v.snapshot) if full else None
    decommitment = service.decommitment(v.pid, v.as_of, snapshot=v.snapshot)
    return PageModel(
        v,
        "programme",
        h["kpi"],
        h["status"],
        total,
        objectives=service.level_table(v.pid, "objective", v.as_of, snapshot=v.snapshot),
        calls=calls_first(service.level_table(v.pid, "call", v.as_of, snapshot=v.snapshot)),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]) if projects is not None else None,
        decommitment=decommitment if len(decommitment) else None,
        # the payment forecast (an estimate, backtested: monitoring.forecast): its sheets in the workbook
        extra=_forecast_extra(v, h["kpi"]) if full else {},
        days_to_deadline=int(h["days_to_deadline"]),
    )


def overview(v: View) -> PageModel:
    """A programme's card of the overview: its headline and totals."""
    h = service.headline(v.pid, v.as_of, snapshot=v.snapshot)
    return PageModel(v, "overview", h["kpi"], h["status"], service.totals(v.pid, v.as_of, snapshot=v.snapshot))


def objective(v: View, code: str, *, full: bool = True) -> PageModel:
    """An objective's (axis') page: its headline, totals, calls; with ``full`` its projects and forecasts."""
    label = service.objective_label(v.pid, code, v.lang, snapshot=v.snapshot)
    if label is None:
        raise Missing("export.axis" if v.data.axes else "export.objective", code)
    total = service.totals(v.pid, v.as_of, objective=code, snapshot=v.snapshot)
    projects = service.projects_table(v.pid, v.as_of, objective=code, snapshot=v.snapshot) if full else None
    return PageModel(
        v,
        "objective",
        service.headline_kpi(v.pid),
        _status(v, total),
        total,
        unit_key=code,
        unit_label=label,
        objectives=service.level_table(v.pid, "objective", v.as_of, objective=code, snapshot=v.snapshot),
        calls=calls_first(service.level_table(v.pid, "call", v.as_of, objective=code, snapshot=v.snapshot)),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]) if projects is not None else None,
    )


def call(v: View, call_id: str, *, full: bool = True) -> PageModel:
    """A call's page: its headline and totals; with ``full`` its projects and forecasts."""
    title = service.call_title(v.pid, call_id, v.lang, snapshot=v.snapshot)
    if title is None:
        raise Missing("export.call", call_id)
    total = service.totals(v.pid, v.as_of, call=call_id, snapshot=v.snapshot)
    projects = service.projects_table(v.pid, v.as_of, call=call_id, snapshot=v.snapshot) if full else None
    return PageModel(
        v,
        "call",
        service.headline_kpi(v.pid),
        _status(v, total),
        total,
        unit_key=call_id,
        unit_label=title,
        calls=service.level_table(v.pid, "call", v.as_of, call=call_id, snapshot=v.snapshot),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]) if projects is not None else None,
    )


def project(v: View, project_id: str) -> PageModel:
    p = service.project_row(v.pid, project_id, snapshot=v.snapshot)
    if p is None:
        raise Missing("export.project", project_id)
    total = service.totals(v.pid, v.as_of, project=project_id, snapshot=v.snapshot)
    table = service.projects_table(v.pid, v.as_of, objective=p["objective_code"] or None, snapshot=v.snapshot)
    projects = table[table["key"] == project_id].reset_index(drop=True)
    return PageModel(
        v,
        "project",
        service.headline_kpi(v.pid),
        _status(v, total),
        total,
        unit_key=project_id,
        unit_label=service.project_name(v.pid, project_id, v.lang, snapshot=v.snapshot) or str(p["name"]),
        projects=projects,
        forecasts=_forecasts(v, None, project_id),
    )


def explorer(v: View, state: grid_state.GridState, headers: Mapping[str, str]) -> PageModel:
    """The explorer in a grid state: the very rows the grid was served, their totals (in cents, by the core)."""
    rows = explorer_rows(v)
    shown = shown_rows(v, state)
    order = [str(r["project_id"]) for r in shown]
    table = service.projects_table(v.pid, v.as_of, snapshot=v.snapshot).set_index("key", drop=False)
    projects = table.loc[order].reset_index(drop=True) if order else table.iloc[0:0].reset_index(drop=True)
    h = service.headline(v.pid, v.as_of, snapshot=v.snapshot)
    total = service.rows_totals(projects)
    return PageModel(
        v,
        "explorer",
        h["kpi"],
        h["status"],
        total,
        projects=projects,
        forecasts=_forecasts(v, projects["key"]),
        filters=grid_state.describe(state, v.lang, headers, len(shown), len(rows)),
        extra={"programme_totals": service.totals(v.pid, v.as_of, snapshot=v.snapshot)},
    )


def committee(v: View) -> CommitteeModel:
    """The committee's deck and pack: the programme, then each objective (axis) with its calls and projects."""
    page = programme(v)
    units = []
    objectives = page.objectives if page.objectives is not None else pd.DataFrame()
    for row in objectives.to_dict("records"):
        code = str(row["key"])
        total = service.totals(v.pid, v.as_of, objective=code, snapshot=v.snapshot)
        units.append(
            exports.ObjectiveSheet(
                code=code,
                label=str(row.get(f"label_{v.lang}") or row["label"]),
                row={str(k): x for k, x in row.items()},
                status=_status(v, total),
                calls=calls_first(service.level_table(v.pid, "call", v.as_of, objective=code, snapshot=v.snapshot)),
                projects=service.projects_table(v.pid, v.as_of, objective=code, snapshot=v.snapshot),
            )
        )
    return CommitteeModel(page, tuple(units))


# --- renderers to the workbook -------------------------------------------------------------------------------
def _sources(v: View) -> tuple[exports.Source, ...]:
    past = service.viewed(v.pid, v.snapshot)
    if past is not None:  # an earlier snapshot: its own workbook is the source
        return (exports.Source(past.file, v.data.info.as_of),)
    return tuple(
        exports.Source(f.name, f.data.info.as_of) for f in service.loaded_files() if f.data.programme_id == v.pid
    )


def to_export(page: PageModel, now: datetime, *, lines: bool = True) -> exports.PageExport:
    """The page model as the workbook writer takes it (same figures, same rates as written on the page)."""
    v = page.view
    money = page.lines() if lines else {}
    return exports.PageExport(
        lang=v.lang,
        level=page.level,
        programme_id=v.pid,
        cci=v.data.info.cci,
        programme_title=v.data.info.title_in(v.lang),
        as_of=v.as_of,
        exported_at=now,
        headline=page.headline(),
        totals=page.shown_totals(),
        sources=_sources(v),
        demo=service.settings().is_demo,
        unit_key=page.unit_key,
        unit_label=page.unit_label,
        objectives=page.objectives,
        calls=page.calls,
        projects=page.projects,
        forecasts=page.forecasts,
        decommitment=page.decommitment,
        filters=page.filters,
        payments=money.get("payments"),
        commitments=money.get("commitments"),
        extra=page.extra,
    )


def to_pack(model: CommitteeModel, now: datetime) -> exports.CommitteePack:
    summary = to_export(model.programme, now, lines=False)
    summary = exports.PageExport(**{**summary.__dict__, "calls": None, "projects": None, "forecasts": None})
    return exports.CommitteePack(summary, model.units)


# --- the page registry of the export route ----------------------------------------------------------------------
Writer = Callable[[IO[bytes]], None]


@dataclass(frozen=True)
class Page:
    """A page the export route serves: its path after the programme ("", "objective/<key>", ...), its file name
    part and how its workbook is gathered and written (``file``: its own file name, else the page's usual one)."""

    name: str
    parts: tuple[str, ...]  # the path's fixed parts after "programme/<pid>"; "*" is the unit's key
    build: Callable[[View, datetime, Sequence[str], Mapping[str, str]], Writer]
    file: Callable[[View], str] | None = None


def _write_page(
    gather: Callable[..., PageModel],
) -> Callable[[View, datetime, Sequence[str], Mapping[str, str]], Writer]:
    def build(v: View, now: datetime, keys: Sequence[str], args: Mapping[str, str]) -> Writer:
        export = to_export(gather(v, *keys), now)
        return lambda fh: exports.write_page(export, fh)

    return build


def _write_pack(v: View, now: datetime, keys: Sequence[str], args: Mapping[str, str]) -> Writer:
    pack = to_pack(committee(v), now)
    return lambda fh: exports.write_committee_pack(pack, fh)


def _write_payment_forecast(v: View, now: datetime, keys: Sequence[str], args: Mapping[str, str]) -> Writer:
    """The Art. 69(10) forecast of payment applications and the fan, a workbook of their own (issue 23)."""
    outlook = service.payment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    title = f"{t('export.fund', v.lang)} {v.pid}"
    return lambda fh: forecast_export.write_payment_forecast(outlook, v.lang, title, fh)


#: the pages of a programme the export route serves, by path (the programme page itself first)
PAGES: tuple[Page, ...] = (
    Page("programme", (), _write_page(programme)),
    Page("committee", ("committee-pack",), _write_pack),
    Page(
        "payment-forecast",
        ("payment-forecast",),
        _write_payment_forecast,
        lambda v: forecast_export.payment_forecast_name(v.lang, v.pid, v.as_of),
    ),
    Page("objective", ("objective", "*"), _write_page(objective)),
    Page("call", ("call", "*"), _write_page(call)),
    Page("project", ("project", "*"), _write_page(project)),
)


def match(rest: Sequence[str]) -> tuple[Page, list[str]] | None:
    """The registered page of a path after "programme/<pid>" and its keys, or None."""
    for page in PAGES:
        if len(page.parts) == len(rest) and all(p in ("*", r) for p, r in zip(page.parts, rest, strict=True)):
            return page, [r for p, r in zip(page.parts, rest, strict=True) if p == "*"]
    return None


def overview_pages(r: Request) -> list[PageModel]:
    """The overview's programme cards, each at the request's date capped to its extract date."""
    out = []
    for pid in service.programme_ids():
        data = service.programme(pid, r.snapshot)
        if data is not None:
            out.append(overview(r.at(data)))
    return out


def pct_text(value: Any, lang: str) -> str:
    """A rate that is no selection's (a threshold, a share) written by the same half-up rule."""
    return format_pct(value, lang)


def unit_word(v: View) -> str:
    return t("export.axis" if v.data.axes else "export.objective", v.lang)
