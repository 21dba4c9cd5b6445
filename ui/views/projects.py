"""The projects grid (objective, call and explorer pages) and the projects explorer page."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc

from i18n import format_eur, t
from monitoring import figures
from monitoring.status import Status

from .. import service, urls
from ..components import (
    date_col,
    eur_col,
    grid,
    nav_grid_id,
    notice,
    page_header,
    pct_col,
    rag_col,
    section,
)
from .common import (
    View,
    as_of_for,
    as_of_line,
    crumbs_to,
    load,
    programme_title,
)


def projects_rows(v: View, pid: str, iso: str, objective: str | None = None, call: str | None = None) -> list[dict]:
    """One row per project with its identity, amounts, rates and headline-KPI status, ready for the grid."""
    data = service.programme(pid)
    snap = service.snapshot()
    kpi = service.thresholds().headline(pid)
    table = figures.with_status(service.level_table(snap, pid, "project", iso, objective=objective, call=call), kpi)
    if table.empty:
        return []
    ident = data.projects.set_index("project_id")[["beneficiary", "stage", "postcode", "end_date"]]
    table = table.join(ident, on="key")
    rows = []
    for r in table.to_dict("records"):
        end = r["end_date"]
        rows.append(
            {
                "project_id": r["key"],
                "name": r["label"],
                "beneficiary": r["beneficiary"],
                "objective": r["objective_code"],
                "call": r["call_id"],
                "stage": t("stage." + r["stage"], v.lang) if r["stage"] else "",
                "allocation": r["allocation"],
                "committed": r["committed"],
                "paid": r["paid"],
                "commitment_rate": r["commitment_rate"],
                "liquidation_rate": r["liquidation_rate"],
                "end_date": None if pd.isna(end) else end.date().isoformat(),
                "rag": r["rag"],
                "rag_label": Status(r["rag"], None, None, None, "pay").label(v.lang),
                "href": v.href(urls.project_path(pid, r["key"])),
            }
        )
    return rows


def projects_grid(id, rows: list[dict], v: View, pid: str, height=460, **kw):
    cols = [
        {"field": "project_id", "headerName": "ID", "minWidth": 130, "cellClass": "link-cell", "pinned": "left"},
        {
            "field": "name",
            "headerName": t("project", v.lang),
            "minWidth": 220,
            "flex": 2,
            "pinned": "left",
            "cellClass": "link-cell",
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
        eur_col("allocation", t("grant", v.lang), v.lang),
        eur_col("committed", t("committed", v.lang), v.lang),
        eur_col("paid", t("paid", v.lang), v.lang),
        pct_col("liquidation_rate", t("liquidation_rate", v.lang), v.lang),
        date_col("end_date", t("end_date", v.lang), v.lang, maxWidth=140),
        rag_col("rag_label", t("kpi." + service.thresholds().headline(pid).key, v.lang), minWidth=150),
    ]
    return grid(nav_grid_id(id), rows, cols, v.lang, height=height, getRowId="params.data.href", **kw)


def totals_line(rows: list[dict], lang: str) -> str:
    """ "Total of the N projects shown: grant, committed, paid" for the rows currently visible."""
    alloc = sum(r.get("allocation") or 0 for r in rows)
    com = sum(r.get("committed") or 0 for r in rows)
    paid = sum(r.get("paid") or 0 for r in rows)
    return (
        f"{t('filtered_totals', lang, n=len(rows))} — {t('grant', lang)} {format_eur(alloc, lang)} · "
        f"{t('committed', lang)} {format_eur(com, lang)} · {t('paid', lang)} {format_eur(paid, lang)}"
    )


def explorer(v: View, pid: str):
    data, _ = load(v, pid)
    as_of = as_of_for(v, data)
    rows = projects_rows(v, pid, as_of.isoformat())
    body = (
        section(
            t("projects", v.lang),
            dmc.TextInput(
                id="explorer-search",
                placeholder=t("search", v.lang),
                mb="sm",
                w=360,
                **{"aria-label": t("search", v.lang)},
            ),
            projects_grid("explorer", rows, v, pid, height=620),
            dmc.Text(totals_line(rows, v.lang), id="explorer-totals", fw=600, mt="sm"),
            hint=t("click_row", v.lang),
        )
        if rows
        else notice(t("no_data_title", v.lang), t("no_projects", v.lang))
    )
    return dmc.Stack(
        [
            page_header(
                f"{t('projects_explorer', v.lang)} — {programme_title(data, v.lang)}",
                as_of_line(data, as_of, v.lang),
                crumbs_to(v, data),
            ),
            body,
            dcc.Store(id="explorer-lang", data=v.lang),
        ],
        gap="md",
    )
