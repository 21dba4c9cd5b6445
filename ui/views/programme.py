"""Programme page: per axis / objective allocation vs committed vs paid, cumulative series, decommitment."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc

from i18n import format_date, t
from monitoring.model import PROJECT_STAGES

from .. import charts, ids, service, urls
from ..components import (
    amounts_row,
    drill_graph,
    eur_col,
    graph,
    grid,
    notice,
    page_header,
    pct_col,
    rag_col,
    section,
    status_badge,
)
from ..context import Request, View
from ..words import allocation_word, objective_word, programme_title_in, rag_word, short_label
from .common import as_of_line, as_of_notice, crumbs_to, headline_line, load, programme_title


def unit_label(r: Mapping[Hashable, Any], lang: str) -> str:
    """A row's label in ``lang`` (the English one when that language's label is empty)."""
    return str(r.get(f"label_{lang}") or r["label"])


def objectives_rows(v: View, table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "code": r["key"],
            "label": unit_label(r, v.lang),
            "allocation": r["allocation"],
            "committed": r["committed"],
            "paid": r["paid"],
            "commitment_rate": r["commitment_rate"],
            "liquidation_rate": r["liquidation_rate"],
            "n_projects": r["n_projects"],
            "rag": r["rag"],
            "rag_label": rag_word(r["rag"], v.lang),
            "href": v.href(urls.objective_path(v.pid, r["key"])),
        }
        for r in table.to_dict("records")
    ]


def units_grid(
    name: str,
    rows: list[dict[str, Any]],
    v: View,
    key_header: str,
    with_projects: bool = True,
    level: str = "objective",
) -> Any:
    cols: list[dict[str, Any]] = [
        {"field": "code", "headerName": t("code", v.lang), "maxWidth": 110, "cellClass": "link-cell"},
        {
            "field": "label",
            "headerName": key_header,
            "minWidth": 320,
            "flex": 3,
            "cellClass": "link-cell",
            "tooltipField": "label",
        },
        eur_col("allocation", allocation_word(level, v.lang)),
        eur_col("committed", t("committed", v.lang)),
        pct_col("commitment_rate", t("commitment_rate", v.lang)),
        eur_col("paid", t("paid", v.lang)),
        pct_col("liquidation_rate", t("liquidation_rate", v.lang)),
        rag_col("rag_label", t("status", v.lang)),
    ]
    if with_projects:
        cols.insert(
            2, {"field": "n_projects", "headerName": t("n_projects", v.lang), "maxWidth": 110, "type": "rightAligned"}
        )
    return grid(
        ids.nav_grid(name),
        rows,
        cols,
        v.lang,
        height=min(90 + 42 * max(len(rows), 1), 520),
        getRowId="params.data.href",
    )


def cumulative_section(
    v: View, allocation: float, *, objective: str | None = None, call: str | None = None
) -> dmc.Card:
    """The cumulative series of the selection against its allocation (a call's budget on a call page)."""
    series = service.monthly_series(v.pid, v.as_of, objective=objective, call=call)
    if series.empty:
        return section(t("cumulative_title", v.lang), notice(t("no_data_title", v.lang), t("no_lines", v.lang)))
    whole = objective is None and call is None
    target = service.target_path(v.pid, v.as_of, allocation) if whole else None
    return section(
        t("cumulative_title", v.lang),
        graph(
            charts.cumulative(
                series,
                target,
                allocation,
                v.lang,
                allocation_label=allocation_word("call" if call else "programme", v.lang),
            ),
            id=ids.CUMULATIVE_GRAPH,
        ),
    )


def decommitment_section(v: View) -> Any:
    df = service.decommitment(v.pid, v.as_of)
    if df.empty:
        return None
    rows = [
        {
            "tranche": int(r["tranche_year"]),
            "deadline": format_date(r["deadline"], v.lang),
            "eu_tranche": r["eu_tranche"],
            "due": r["due_cumulative"],
            "claimed": r["claimed"],
            "gap": r["gap"],
            "rag": r["rag"],
            "risk": t("exposure." + r["rag"], v.lang),
        }
        for r in df.to_dict("records")
    ]
    cols: list[dict[str, Any]] = [
        {"field": "tranche", "headerName": t("tranche", v.lang), "maxWidth": 110},
        {"field": "deadline", "headerName": t("deadline", v.lang)},
        eur_col("eu_tranche", t("eu_tranche", v.lang)),
        eur_col("due", t("due_cumulative", v.lang)),
        eur_col("claimed", t("claimed", v.lang)),
        eur_col("gap", t("gap", v.lang)),
        rag_col("risk", t("at_risk", v.lang)),
    ]
    return section(
        t("decommitment_title", v.lang),
        graph(charts.decommitment_bars(df, v.lang), id=ids.DECOMMITMENT_GRAPH),
        grid(ids.DECOMMITMENT_GRID, rows, cols, v.lang, height=90 + 42 * len(rows)),
    )


def committee_link(v: View) -> dcc.Link:
    """The way into the committee's slides, for this programme, language and date."""
    params = {"programme": v.pid, "lang": v.lang}
    if v.explicit_as_of:
        params["as_of"] = v.as_of.isoformat()
    return dcc.Link(
        t("committee.open", v.lang) + " →",
        href=urls.committee_path() + "?" + urls.encode(params),
        id=ids.LINK_COMMITTEE,
        className="committee-open",
    )


def programme(r: Request, pid: str) -> dmc.Stack:
    v = load(r, pid)
    tot = service.totals(pid, v.as_of)
    h = service.headline(pid, v.as_of)
    kpi = h["kpi"]
    table = service.level_table(pid, "objective", v.as_of)
    records = table.to_dict("records")
    labels = [f"{row['key']} {short_label(pid, row['key'], unit_label(row, v.lang), v.lang)}" for row in records]
    full_labels = [f"{row['key']} {unit_label(row, v.lang)}" for row in records]
    hrefs: list[str | None] = [v.href(urls.objective_path(pid, k)) for k in table["key"]]
    counts = {k: int(tot.get(f"n_{k}", 0)) for k in PROJECT_STAGES}
    return dmc.Stack(
        [
            page_header(
                programme_title(pid, v.lang),
                " · ".join(
                    filter(None, [programme_title_in(getattr(v.data.info, "titles", None), v.lang), as_of_line(v)])
                ),
                crumbs_to(v, programme=False),
                status_badge(h["status"], v.lang),
            ),
            as_of_notice(v),
            headline_line(kpi, h["status"], v.lang),
            committee_link(v),
            amounts_row(tot, v.lang),
            section(
                t("by_level_title", v.lang, level=objective_word(pid, v.lang).lower()),
                drill_graph(charts.level_bars(table, labels, hrefs, v.lang, hover_labels=full_labels), "objectives"),
                units_grid("objectives", objectives_rows(v, table), v, objective_word(pid, v.lang)),
                hint=t("click_to_open", v.lang),
                id=ids.SECTION_OBJECTIVES,
            ),
            dmc.SimpleGrid(
                [
                    cumulative_section(v, tot["allocation"]),
                    section(
                        t("project_status_counts", v.lang),
                        graph(charts.status_donut(counts, v.lang), id=ids.STATUS_DONUT),
                        dcc.Link(
                            t("projects_explorer", v.lang) + " →",
                            href=v.href(urls.explorer_path(pid)),
                            id=ids.LINK_EXPLORER,
                        ),
                    ),
                ],
                cols={"base": 1, "lg": 2},
            ),
            decommitment_section(v),
        ],
        gap="md",
    )
