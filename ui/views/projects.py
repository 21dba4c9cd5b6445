"""The projects grid (objective, call and explorer pages) and the projects explorer page."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc, html

from exports.grid_state import GridState, GridStateError, SortKey
from i18n import format_eur, t

from .. import downloads, ids, service, urls
from ..components import (
    date_col,
    eur_col,
    export_bar,
    export_button,
    grid,
    notice,
    page_header,
    pct_col,
    rag_col,
    section,
)
from ..context import Request, View
from .common import as_of_line, as_of_notice, crumbs_to, load, programme_title

#: the projects grid's columns, in order: what its quick search reads and its filters and sort may name
EXPLORER_FIELDS = (
    "project_id",
    "name",
    "beneficiary",
    "objective",
    "call",
    "stage",
    "rag_label",
    "allocation",
    "committed",
    "paid",
    "liquidation_rate",
    "end_date",
)


def projects_rows(v: View, objective: str | None = None, call: str | None = None) -> list[dict[str, Any]]:
    """One row per project with its identity, amounts, rates and its own status (stage, forecast), for the grid.

    A project is never judged against the programme's KPI threshold: its status column says where it
    stands on its own forecast ("in progress — on time") or its stage ("selected — agreement not signed").
    """
    table = service.projects_table(v.pid, v.as_of, objective=objective, call=call)
    return [
        {
            "project_id": r["key"],
            "name": str(r.get(f"label_{v.lang}") or r["label"]),
            "beneficiary": r["beneficiary"],
            "objective": r["objective_code"],
            "call": r["call_id"],
            "stage": t("stage." + r["stage"], v.lang) if r["stage"] else "",
            "allocation": r["allocation"],
            "committed": r["committed"],
            "paid": r["paid"],
            "commitment_rate": r["commitment_rate"],
            "liquidation_rate": r["liquidation_rate"],
            "end_date": None if pd.isna(r["end_date"]) else r["end_date"].date().isoformat(),
            "rag": r["rag"],
            "rag_label": t(f"project_status.{r['status']}", v.lang, year=_year(r["last_year"])),
            "href": v.href(urls.project_path(v.pid, r["key"])),
        }
        for r in table.to_dict("records")
    ]


def _year(x: Any) -> str:
    return "" if x is None or pd.isna(x) else str(int(x))


def projects_columns(v: View) -> list[dict[str, Any]]:
    """The projects grid's column definitions (fields: EXPLORER_FIELDS)."""
    return [
        {
            "field": "project_id",
            "headerName": "ID",
            "minWidth": 130,
            "cellClass": "link-cell",
            "cellRenderer": "RowLink",
            "pinned": "left",
        },
        {
            "field": "name",
            "headerName": t("project", v.lang),
            "minWidth": 220,
            "flex": 2,
            "pinned": "left",
            "cellClass": "link-cell",
            "cellRenderer": "RowLink",
            "tooltipField": "name",
        },
        {
            "field": "beneficiary",
            "headerName": t("beneficiary", v.lang),
            "minWidth": 160,
            "tooltipField": "beneficiary",
        },
        {"field": "objective", "headerName": t("code", v.lang), "maxWidth": 100},
        {"field": "call", "headerName": t("call", v.lang), "minWidth": 120},
        {"field": "stage", "headerName": t("status", v.lang), "minWidth": 150},
        # the project's own standing, beside its stage: never the programme's KPI
        rag_col("rag_label", t("project_progress.column", v.lang), minWidth=230, tooltipField="rag_label"),
        eur_col("allocation", t("grant", v.lang)),
        eur_col("committed", t("committed", v.lang)),
        eur_col("paid", t("paid", v.lang)),
        pct_col("liquidation_rate", t("liquidation_rate", v.lang)),
        date_col("end_date", t("end_date", v.lang), maxWidth=140),
    ]


def explorer_headers(v: View) -> dict[str, str]:
    """Each grid column's header, by field (the export's Summary names the filtered columns with them)."""
    return {c["field"]: c["headerName"] for c in projects_columns(v)}


def projects_grid(
    name: str, rows: list[dict[str, Any]], v: View, height: int = 460, sort: tuple[SortKey, ...] = (), **kw: Any
) -> Any:
    cols = projects_columns(v)
    for i, key in enumerate(sort):  # the explorer's sort, from its URL
        for c in cols:
            if c["field"] == key.column:
                c.update(sort="desc" if key.descending else "asc", sortIndex=i)
    return grid(ids.nav_grid(name), rows, cols, v.lang, height=height, getRowId="params.data.href", **kw)


def totals_line(rows: list[dict[str, Any]], lang: str | None) -> str:
    """ "Total of the N projects shown: grant, committed, paid" for the rows currently visible."""
    alloc = sum(r.get("allocation") or 0 for r in rows)
    com = sum(r.get("committed") or 0 for r in rows)
    paid = sum(r.get("paid") or 0 for r in rows)
    return (
        f"{t('filtered_totals', lang, n=len(rows))} — {t('grant', lang)} {format_eur(alloc, lang)} · "
        f"{t('committed', lang)} {format_eur(com, lang)} · {t('paid', lang)} {format_eur(paid, lang)}"
    )


def explorer(
    r: Request, pid: str, q: str | None = None, filter_json: str | None = None, sort: str | None = None
) -> dmc.Stack:
    v = load(r, pid)
    rows = projects_rows(v)
    state_notice = None
    try:  # the search, filters and sort kept in the URL (see callbacks.explorer)
        state = downloads.explorer_state(q, filter_json, sort)
    except GridStateError as error:
        state = GridState()
        state_notice = notice(t("export.state_ignored", v.lang), error.message(v.lang), "orange")
    page = {
        "pid": pid,
        "lang": v.lang,
        "as_of": v.as_of.isoformat(),
        "explicit_as_of": v.explicit_as_of,
        "snapshot": v.request.snapshot,
    }
    export_url, _ = downloads.explorer_urls(page, state)
    body = (
        section(
            t("projects", v.lang),
            dmc.TextInput(
                id=ids.EXPLORER_SEARCH,
                placeholder=t("search", v.lang),
                value=state.quick,
                mb="sm",
                w=360,
                **{"aria-label": t("search", v.lang)},
            ),
            projects_grid(
                "explorer",
                rows,
                v,
                height=620,
                sort=state.sort,
                filterModel=dict(state.filters),
                dashGridOptions={"quickFilterText": state.quick},
                print_id=ids.EXPLORER_PRINT,
            ),
            dmc.Text(totals_line(rows, v.lang), id=ids.EXPLORER_TOTALS, fw=600, mt="sm"),
            hint=t("click_row", v.lang),
        )
        if rows
        else notice(t("no_data_title", v.lang), t("no_projects", v.lang))
    )
    return dmc.Stack(
        [
            page_header(
                f"{t('projects_explorer', v.lang)} — {programme_title(pid, v.lang)}", as_of_line(v), crumbs_to(v)
            ),
            export_bar(export_button(export_url, v.lang)) if rows else None,
            as_of_notice(v),
            state_notice,
            body,
            dcc.Store(id=ids.EXPLORER_LANG, data=v.lang),
            dcc.Store(id=ids.EXPLORER_PAGE, data=page),
            dcc.Store(id=ids.EXPLORER_URL),
            html.Div(id=ids.EXPLORER_URL_SINK, hidden=True),
        ],
        gap="md",
    )
