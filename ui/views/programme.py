"""Programme page: per axis / objective allocation vs committed vs paid, cumulative series, decommitment."""

from __future__ import annotations

from datetime import date

import dash_mantine_components as dmc
from dash import dcc

from i18n import format_date, t
from monitoring import figures
from monitoring.status import Status

from .. import charts, service, urls
from ..components import (
    amounts_row,
    drill_graph,
    eur_col,
    graph,
    grid,
    nav_grid_id,
    notice,
    page_header,
    pct_col,
    rag_col,
    section,
    status_badge,
)
from ..words import objective_word
from .common import (
    View,
    as_of_for,
    as_of_line,
    crumbs_to,
    headline_line,
    load,
    programme_title,
)


def objectives_rows(v: View, table, pid: str) -> list[dict]:
    rows = []
    for r in table.to_dict("records"):
        label = r.get(f"label_{v.lang}") or r["label"]
        rows.append(
            {
                "code": r["key"],
                "label": label,
                "allocation": r["allocation"],
                "committed": r["committed"],
                "paid": r["paid"],
                "commitment_rate": r["commitment_rate"],
                "liquidation_rate": r["liquidation_rate"],
                "n_projects": r["n_projects"],
                "rag": r["rag"],
                "rag_label": Status(r["rag"], None, None, None, "pay").label(v.lang),
                "href": v.href(urls.objective_path(pid, r["key"])),
            }
        )
    return rows


def units_grid(id, rows, v: View, key_header: str, with_projects=True):
    cols = [
        {"field": "code", "headerName": t("code", v.lang), "maxWidth": 110, "cellClass": "link-cell"},
        {
            "field": "label",
            "headerName": key_header,
            "minWidth": 320,
            "flex": 3,
            "cellClass": "link-cell",
            "tooltipField": "label",
        },
        eur_col("allocation", t("allocation", v.lang), v.lang),
        eur_col("committed", t("committed", v.lang), v.lang),
        pct_col("commitment_rate", t("commitment_rate", v.lang), v.lang),
        eur_col("paid", t("paid", v.lang), v.lang),
        pct_col("liquidation_rate", t("liquidation_rate", v.lang), v.lang),
        rag_col("rag_label", t("status", v.lang)),
    ]
    if with_projects:
        cols.insert(
            2, {"field": "n_projects", "headerName": t("n_projects", v.lang), "maxWidth": 110, "type": "rightAligned"}
        )
    return grid(
        nav_grid_id(id), rows, cols, v.lang, height=min(90 + 42 * max(len(rows), 1), 520), getRowId="params.data.href"
    )


def cumulative_section(v: View, pid: str, iso: str, allocation: float, **flt):
    snap = service.snapshot()
    series = service.monthly_series(snap, pid, iso, **flt)
    kpi = service.thresholds().headline(pid)
    target = service.target_path(snap, pid, iso, kpi.key, float(allocation)) if not flt else None
    if series.empty:
        return section(t("cumulative_title", v.lang), notice(t("no_data_title", v.lang), t("no_lines", v.lang)))
    return section(
        t("cumulative_title", v.lang),
        graph(charts.cumulative(series, target, allocation, v.lang), id="cumulative-graph"),
    )


def decommitment_section(v: View, pid: str, iso: str):
    df = service.decommitment(service.snapshot(), pid, iso)
    if df.empty:
        return None
    as_of = date.fromisoformat(iso)
    rows = []
    for r in df.to_dict("records"):
        level = charts.exposure_level(r["at_risk"], r["deadline"], as_of)
        rows.append(
            {
                "tranche": int(r["tranche_year"]),
                "deadline": format_date(r["deadline"], v.lang),
                "eu_tranche": r["eu_tranche"],
                "due": r["due_cumulative"],
                "claimed": r["claimed"],
                "gap": r["gap"],
                "rag": level,
                "risk": t("exposure." + level, v.lang),
            }
        )
    cols = [
        {"field": "tranche", "headerName": t("tranche", v.lang), "maxWidth": 110},
        {"field": "deadline", "headerName": t("deadline", v.lang)},
        eur_col("eu_tranche", t("eu_tranche", v.lang), v.lang),
        eur_col("due", t("due_cumulative", v.lang), v.lang),
        eur_col("claimed", t("claimed", v.lang), v.lang),
        eur_col("gap", t("gap", v.lang), v.lang),
        rag_col("risk", t("at_risk", v.lang)),
    ]
    return section(
        t("decommitment_title", v.lang),
        graph(charts.decommitment_bars(df, as_of, v.lang), id="decommitment-graph"),
        grid("decommitment-grid", rows, cols, v.lang, height=90 + 42 * len(rows)),
    )


def programme(v: View, pid: str):
    data, _ = load(v, pid)
    as_of = as_of_for(v, data)
    snap, iso = service.snapshot(), as_of.isoformat()
    tot = service.totals(snap, pid, iso)
    h = service.headline(snap, pid, iso)
    kpi = h["kpi"]
    table = figures.with_status(service.level_table(snap, pid, "objective", iso), kpi)
    labels = [f"{r['key']} {r.get(f'label_{v.lang}') or r['label']}" for r in table.to_dict("records")]
    hrefs = [v.href(urls.objective_path(pid, k)) for k in table["key"]]
    rows = objectives_rows(v, table, pid)
    counts = {k: int(tot.get(f"n_{k}", 0)) for k in ("selected", "signed", "ongoing", "closed", "cancelled")}
    return dmc.Stack(
        [
            page_header(
                programme_title(data, v.lang),
                f"{data.info.title} · {as_of_line(data, as_of, v.lang)}",
                crumbs_to(v),
                status_badge(h["status"], v.lang),
            ),
            headline_line(kpi, h["status"], v.lang),
            amounts_row(tot, v.lang),
            section(
                t("by_level_title", v.lang, level=objective_word(pid, v.lang).lower()),
                drill_graph(charts.level_bars(table, labels, hrefs, v.lang), "objectives"),
                units_grid("objectives", rows, v, objective_word(pid, v.lang)),
                hint=t("click_to_open", v.lang),
                id="section-objectives",
            ),
            dmc.SimpleGrid(
                [
                    cumulative_section(v, pid, iso, tot["allocation"]),
                    section(
                        t("project_status_counts", v.lang),
                        graph(charts.status_donut(counts, v.lang), id="status-donut"),
                        dcc.Link(
                            t("projects_explorer", v.lang) + " →",
                            href=v.href(urls.explorer_path(pid)),
                            id="link-explorer",
                        ),
                    ),
                ],
                cols={"base": 1, "lg": 2},
            ),
            decommitment_section(v, pid, iso),
        ],
        gap="md",
    )
