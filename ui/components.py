"""Small layout components shared by the pages (Mantine + AG Grid)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import dcc

from i18n import BROWSER_LOCALES, NA, format_eur, format_pct, lang_or_default, t

from .charts import RAG_COLOURS

GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def graph(fig, id=None, clickable=False, **kw):
    """A dcc.Graph with the app's config; ``clickable`` graphs navigate on click (see callbacks.navigation)."""
    props = {"figure": fig, "config": GRAPH_CONFIG, **kw}
    if id is not None:
        props["id"] = id
    if clickable:
        props["className"] = "clickable-graph"
    return dcc.Graph(**props)


def drill_graph(fig, index: str):
    """A chart whose bars carry URLs in customdata[0]: clicking a bar opens that page."""
    return graph(fig, id={"type": "drill-graph", "index": index}, clickable=True)


def nav_grid_id(name: str) -> dict:
    """The id of a grid whose rows open a page (rows carry ``href``, used as the row id)."""
    return {"type": "nav-grid", "index": name}


def status_badge(status, lang: str, size: str = "lg"):
    """Status as colour AND words (never colour alone)."""
    return dmc.Badge(
        status.label(lang),
        color=RAG_COLOURS.get(status.rag, RAG_COLOURS["na"]),
        size=size,
        variant="filled",
        className=f"rag rag-{status.rag}",
    )


def stat(label: str, value: str, hint: str | None = None, id: str | None = None, colour: str | None = None):
    """A labelled figure tile."""
    props = {"id": id} if id else {}
    if colour:
        props["c"] = colour
    return dmc.Paper(
        [
            dmc.Text(label, size="sm", c="dimmed", className="stat-label"),
            dmc.Text(value, size="xl", fw=700, className="stat-value", **props),
            dmc.Text(hint, size="xs", c="dimmed") if hint else None,
        ],
        withBorder=True,
        p="sm",
        radius="md",
        className="stat",
    )


def amounts_row(tot: dict, lang: str):
    """Allocation / committed / paid tiles with their rates, for any level."""
    return dmc.SimpleGrid(
        [
            stat(
                t("allocation", lang),
                format_eur(tot["allocation"], lang),
                f"{t('allocation_eu', lang)} {format_eur(tot['allocation_eu'], lang)}",
                id="stat-allocation",
            ),
            stat(
                t("committed", lang),
                format_eur(tot["committed"], lang),
                f"{t('commitment_rate', lang)} {format_pct(tot['commitment_rate'], lang)}",
                id="stat-committed",
            ),
            stat(
                t("paid", lang),
                format_eur(tot["paid"], lang),
                f"{t('liquidation_rate', lang)} {format_pct(tot['liquidation_rate'], lang)}",
                id="stat-paid",
            ),
            stat(
                t("remaining_to_pay", lang),
                format_eur(tot["remaining_to_pay"], lang),
                f"{t('paid_of_committed', lang)} {format_pct(tot['paid_of_committed'], lang)}",
                id="stat-remaining",
            ),
        ],
        cols={"base": 1, "sm": 2, "lg": 4},
        spacing="sm",
    )


def section(title: str, *children, hint: str | None = None, id: str | None = None):
    props = {"id": id} if id else {}
    return dmc.Card(
        [
            dmc.Title(title, order=2, size="h3", className="section-title"),
            dmc.Text(hint, size="sm", c="dimmed") if hint else None,
            *children,
        ],
        withBorder=True,
        radius="md",
        p="md",
        className="section",
        **props,
    )


def notice(title: str, message, colour: str = "blue", id: str | None = None):
    """Empty, error and info states: say what happened and what to do."""
    props = {"id": id} if id else {}
    return dmc.Alert(
        message, title=title, color=colour, variant="light", radius="md", className=f"notice notice-{colour}", **props
    )


def page_header(title: str, subtitle: str | None, crumbs: list[tuple[str, str | None]], badge=None):
    """Breadcrumbs (links up the drill-down path), the page title and an optional status badge."""
    items = [
        dcc.Link(label, href=href, className="crumb", id=f"crumb-{i}") if href else dmc.Text(label, size="sm")
        for i, (label, href) in enumerate(crumbs)
    ]
    return dmc.Stack(
        [
            dmc.Breadcrumbs(items, separator="›") if crumbs else None,
            dmc.Group([dmc.Title(title, order=1, size="h2", id="page-title"), badge], gap="md", align="center"),
            dmc.Text(subtitle, c="dimmed", size="md") if subtitle else None,
        ],
        gap=4,
        mb="md",
    )


def eur_col(field: str, header: str, lang: str, **kw) -> dict:
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": "EUR(params.value, params.context)"},
        "minWidth": 150,
        "headerTooltip": header,
        **kw,
    }


def pct_col(field: str, header: str, lang: str, **kw) -> dict:
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": "PCT(params.value, params.context)"},
        "minWidth": 110,
        "headerTooltip": header,
        **kw,
    }


def date_col(field: str, header: str, lang: str, **kw) -> dict:
    return {
        "field": field,
        "headerName": header,
        "filter": "agDateColumnFilter",
        "minWidth": 120,
        "valueFormatter": {"function": "DATE(params.value, params.context)"},
        **kw,
    }


def rag_col(field: str, header: str, **kw) -> dict:
    """A status column: the words, on the status colour."""
    return {
        "field": field,
        "headerName": header,
        "cellClassRules": {
            "rag-cell-red": "params.data && params.data.rag === 'red'",
            "rag-cell-orange": "params.data && params.data.rag === 'orange'",
            "rag-cell-green": "params.data && params.data.rag === 'green'",
        },
        **kw,
    }


def grid(
    id, rows: list[dict], columns: list[dict], lang: str, height: int | str = 420, quick_filter: bool = False, **kw
):
    """An AG Grid (community features only) with the language's locale text for numbers."""
    options = {
        "animateRows": False,
        "tooltipShowDelay": 300,
        "enableCellTextSelection": True,
        # read by the formatters in assets/dashAgGridFunctions.js
        "context": {"locale": BROWSER_LOCALES[lang_or_default(lang)], "na": NA},
    }
    options.update(kw.pop("dashGridOptions", {}))
    return dag.AgGrid(
        id=id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 100},
        columnSize="responsiveSizeToFit",
        dashGridOptions=options,
        style={"height": height, "width": "100%"},
        **kw,
    )
