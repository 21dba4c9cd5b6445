"""Small layout components shared by the pages (Mantine + AG Grid)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import dcc, html

from i18n import BROWSER_LOCALES, NA, format_date, format_eur, format_pct, lang_or_default, t

from . import ids
from .charts import RAG_COLOURS
from .words import allocation_word

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # no cloud upload (offline, and data stays in the house), no selection tools (nothing to select); of the
    # rest, the image, a drag to zoom and the reset: three Tab stops per chart where there were seven (UI walk #9)
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "sendChartToCloud",
        "pan2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
    ],
}


#: the chart images' width in pixels (the image button); the height follows the chart's proportions
IMAGE_WIDTH = 1600


#: a region whose changes a screen reader reads out when they come (a status, a list being drawn)
LIVE: dict[str, Any] = {"aria-live": "polite"}


def image_config(image: dict[str, str] | None, height: float | None) -> dict[str, Any]:
    """The graph config with the image button's options: a PNG of IMAGE_WIDTH pixels named after the chart.

    ``image`` (see ``ui.downloads.chart_image``) gives the file name, the title and the as-of line;
    assets/exports.js writes the title and the as-of line onto the image.
    """
    if image is None:
        return GRAPH_CONFIG
    tall = max(900, round((height or 450) * 2))
    return {
        **GRAPH_CONFIG,
        "toImageButtonOptions": {
            "format": "png",
            "filename": image["filename"],
            "width": IMAGE_WIDTH,
            "height": tall,
            "scale": 1,
        },
    }


def graph(
    fig: Any,
    id: str | dict[str, str] | None = None,
    clickable: bool = False,
    image: dict[str, str] | None = None,
    **kw: Any,
) -> dcc.Graph:
    """A dcc.Graph with the app's config in the figure's language (modebar tooltips, month names).

    ``clickable`` graphs navigate on click (see callbacks.navigation); ``image`` names and titles the
    chart's PNG (see :func:`image_config`).
    """
    meta = dict(fig.layout.meta or {}) if hasattr(fig, "layout") else {}
    if image is not None:
        meta.update({"image_title": image["title"], "image_subtitle": image["subtitle"]})
        fig.update_layout(meta=meta)
    config = image_config(image, getattr(fig.layout, "height", None))
    lang = meta.get("lang")  # the figure's language (ui.charts.base_layout): modebar tooltips, month names
    if lang in ("fr", "nl"):
        config = {**config, "locale": lang}
    props = {"figure": fig, "config": config, **kw}
    if id is not None:
        props["id"] = id
    if clickable:
        props["className"] = "clickable-graph"
    return dcc.Graph(**props)


def in_words(chart: Any, sentences: Sequence[str], lang: str) -> Any:
    """``chart`` with its text alternative: the same figures in sentences (``ui.chart_words``), in a
    ``<figure>`` whose caption is a disclosure "The chart in words" (open when printed: print.css)."""
    if not sentences:
        return chart
    return html.Figure(
        [
            chart,
            html.Figcaption(
                html.Details(
                    [html.Summary(t("chart_words.title", lang)), html.Ul([html.Li(s) for s in sentences])],
                    className="chart-words",
                )
            ),
        ],
        className="chart-figure",
    )


def drill_graph(fig: Any, name: str, image: dict[str, str] | None = None) -> dcc.Graph:
    """A chart whose bars carry URLs in customdata[0]: clicking a bar opens that page."""
    return graph(fig, id=ids.drill_graph(name), clickable=True, image=image)


def export_button(
    href: str, lang: str, *, id: str = ids.EXPORT_BUTTON, label: str | None = None, hint: str | None = None
) -> html.Div:
    """A download link styled as a button, with a busy state and a place for an error message.

    A plain link (keyboard reachable; it works without script); assets/exports.js fetches the file
    instead, shows the busy state while the server builds it, and the translated message if refused.
    """
    data: dict[str, Any] = {"data-busy-label": t("export.button_busy", lang)}
    return html.Div(
        [
            html.A(
                label or t("export.button", lang),
                href=href,
                id=id,
                className="export-button",
                title=hint or t("export.button_hint", lang),
                **data,
            ),
            html.Span(className="export-status", role="status", **LIVE),
        ],
        className="export-control",
    )


def export_bar(*buttons: Any) -> dmc.Group:
    """The export buttons of a page, under its header, on the right."""
    return dmc.Group(list(buttons), justify="flex-end", gap="sm", id=ids.EXPORT_BAR, className="export-bar")


class Standing(Protocol):
    """Anything with a red / orange / green / na standing and words: a KPI's Status, a project's status."""

    @property
    def rag(self) -> str: ...

    def label(self, lang: str) -> str: ...


def status_badge(status: Standing, lang: str, size: str = "lg") -> dmc.Badge:
    """Status as colour AND words (never colour alone)."""
    return dmc.Badge(
        status.label(lang),
        color=RAG_COLOURS.get(status.rag, RAG_COLOURS["na"]),
        size=size,
        variant="filled",
        className=f"rag rag-{status.rag}",
    )


def stat(label: str, value: str, hint: str | None = None, id: str | None = None) -> dmc.Paper:
    """A labelled figure tile."""
    props = {"id": id} if id else {}
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


def amounts_row(
    tot: Mapping[str, Any], lang: str, level: str = "programme", rate: Callable[[str], str] | None = None
) -> dmc.SimpleGrid:
    """Allocation (a call's budget, a project's grant) / committed / paid tiles with their rates.

    ``rate`` writes a rate of the selection as the page model does (the KPI's beside its status, never across a
    threshold: ``PageModel.rate_text``); without it the rates are rounded half up to one decimal.
    """
    if rate is None:

        def rate(col: str) -> str:
            return format_pct(tot[col], lang)

    return dmc.SimpleGrid(
        [
            stat(
                allocation_word(level, lang),
                format_eur(tot["allocation"], lang),
                f"{t('allocation_eu', lang)} {format_eur(tot['allocation_eu'], lang)}",
                id=ids.STAT_ALLOCATION,
            ),
            stat(
                t("committed", lang),
                format_eur(tot["committed"], lang),
                f"{t('commitment_rate', lang)} {rate('commitment_rate')}",
                id=ids.STAT_COMMITTED,
            ),
            stat(
                t("paid", lang),
                format_eur(tot["paid"], lang),
                f"{t('liquidation_rate', lang)} {rate('liquidation_rate')}",
                id=ids.STAT_PAID,
            ),
            stat(
                t("remaining_to_pay", lang),
                format_eur(tot["remaining_to_pay"], lang),
                f"{t('paid_of_committed', lang)} {rate('paid_of_committed')}",
                id=ids.STAT_REMAINING,
            ),
        ],
        cols={"base": 1, "sm": 2, "lg": 4},
        spacing="sm",
    )


def section(title: str, *children: Any, hint: str | None = None, id: str | None = None) -> dmc.Card:
    props = {"id": id} if id else {}
    return dmc.Card(
        [
            dmc.Title(title, order=2, size="h3", className="section-title"),
            dmc.Text(hint, size="sm", c="dimmed", className="section-hint") if hint else None,  # not printed
            *children,
        ],
        withBorder=True,
        radius="md",
        p="md",
        className="section",
        **props,
    )


def notice(title: str, message: Any, colour: str = "blue", id: str | None = None) -> dmc.Alert:
    """Empty, error and info states: say what happened and what to do."""
    props = {"id": id} if id else {}
    return dmc.Alert(
        message,
        title=title,
        color=colour,
        variant="light",
        radius="md",
        className=f"notice notice-{colour.lstrip('#').lower()}",
        **props,
    )


def page_header(title: str, subtitle: str | None, crumbs: list[tuple[str, str | None]], badge: Any = None) -> dmc.Stack:
    """Breadcrumbs (links up the drill-down path), the page title and an optional status badge."""
    items = [
        dcc.Link(label, href=href, className="crumb", id=ids.crumb(i)) if href else dmc.Text(label, size="sm")
        for i, (label, href) in enumerate(crumbs)
    ]
    return dmc.Stack(
        [
            dmc.Breadcrumbs(items, separator="›") if crumbs else None,
            dmc.Group([dmc.Title(title, order=1, size="h2", id=ids.PAGE_TITLE), badge], gap="md", align="center"),
            dmc.Text(subtitle, c="dimmed", size="md") if subtitle else None,
        ],
        gap=4,
        mb="md",
    )


def _number_col(field: str, header: str, formatter: str, min_width: int, **kw: Any) -> dict[str, Any]:
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": f"{formatter}(params.value, params.context)"},
        "minWidth": min_width,
        "headerTooltip": header,
        **kw,
    }


def eur_col(field: str, header: str, **kw: Any) -> dict[str, Any]:
    """A column of euro amounts, formatted in the grid's language (assets/dashAgGridFunctions.js)."""
    return _number_col(field, header, "EUR", 150, **kw)


def pct_col(field: str, header: str, **kw: Any) -> dict[str, Any]:
    """A column of rates (fractions), shown as percentages in the grid's language."""
    return _number_col(field, header, "PCT", 110, **kw)


def shown_pct_col(field: str, header: str, **kw: Any) -> dict[str, Any]:
    """A column of rates written as the row's ``<field>_text`` (the core's display rule, never across a threshold),
    sorted and filtered on the number; rows without that text are formatted as :func:`pct_col` does."""
    col = pct_col(field, header, **kw)
    text = f"{field}_text"
    col["valueFormatter"] = {
        "function": f"params.data && params.data.{text} ? params.data.{text} : PCT(params.value, params.context)"
    }
    return col


def date_col(field: str, header: str, **kw: Any) -> dict[str, Any]:
    """A column of ISO dates, shown in the grid's language."""
    return {
        "field": field,
        "headerName": header,
        "filter": "agDateColumnFilter",
        "minWidth": 120,
        "valueFormatter": {"function": "DATE(params.value, params.context)"},
        **kw,
    }


def rag_col(field: str, header: str, **kw: Any) -> dict[str, Any]:
    """A status column: the words, on the status colour (the row's ``rag`` field)."""
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


def grid_context(lang: str) -> dict[str, Any]:
    """A grid's context: read by the formatters and the locale texts in assets/dashAgGridFunctions.js."""
    return {"lang": lang_or_default(lang), "locale": BROWSER_LOCALES[lang_or_default(lang)], "na": NA}


def grid(
    id: str | dict[str, str],
    rows: list[dict[str, Any]],
    columns: list[dict[str, Any]],
    lang: str,
    height: int | str = 420,
    **kw: Any,
) -> dag.AgGrid:
    """An AG Grid (community features only) whose formatters write numbers and dates in ``lang``."""
    options: dict[str, Any] = {
        "animateRows": False,
        "tooltipShowDelay": 300,
        "enableCellTextSelection": True,
        "context": grid_context(lang),
        "getLocaleText": {"function": "LOCALE_TEXT(params)"},
        # one Tab stop per grid (the WAI-ARIA grid pattern): Tab enters the grid and the next Tab leaves it, the
        # arrows move inside; Tab walked every cell, header included (50 Tabs to reach objective 2.1: UI walk #9)
        "tabToNextCell": {"function": "false"},
        "tabToNextHeader": {"function": "false"},
    }
    options.update(kw.pop("dashGridOptions", {}))
    printed = kw.pop("print_rows", True)
    print_id = kw.pop("print_id", None)
    print_limit = kw.pop("print_limit", PRINT_ROWS)
    if kw.get("rowModelType") != "infinite":  # an infinite grid asks the server for its rows (getRowsRequest)
        kw["rowData"] = rows
    table = dag.AgGrid(
        id=id,
        columnDefs=columns,
        # headers wrap rather than being cut ("Taux d'engag…")
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": True,
            "minWidth": 100,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        # rows of a navigation grid are links (assets/navigation.js follows a click or Enter on them)
        className="nav-grid" if isinstance(id, dict) and id.get("type") == ids.NAV_GRID else None,
        columnSize="responsiveSizeToFit",
        dashGridOptions=options,
        style={"height": height, "width": "100%"},
        **kw,
    )
    if isinstance(id, dict) and id.get("type") == ids.NAV_GRID:  # how to go through it and open a row by keyboard
        table = html.Div([table, html.P(t("grid_keys", lang), className="grid-keys")])
    if not printed:
        return table
    return html.Div([table, print_table(rows, columns, lang, id=print_id, limit=print_limit)], className="grid-block")


#: rows a printed grid shows in full; beyond, the print says how many are left out
PRINT_ROWS = 500


def _print_value(col: dict[str, Any], row: dict[str, Any], lang: str) -> str:
    """A cell as the grid writes it on screen (same formats, computed here for the printed copy)."""
    field = col.get("field", "")
    value = row.get(field)
    formatter = str((col.get("valueFormatter") or {}).get("function", ""))
    if row.get(f"{field}_text"):
        return str(row[f"{field}_text"])
    if formatter.startswith("EUR(") or "EUR(" in formatter:
        return format_eur(value, lang)
    if "PCT(" in formatter:
        return format_pct(value, lang)
    if "DATE(" in formatter:
        try:
            return format_date(date.fromisoformat(value), lang) if isinstance(value, str) and value else NA
        except ValueError:  # a row sent back by the browser is not trusted to hold a date
            return NA
    return "" if value is None else str(value)


def print_table(
    rows: list[dict[str, Any]], columns: list[dict[str, Any]], lang: str, id: str | None = None, limit: int = PRINT_ROWS
) -> html.Div:
    """The grid's rows as a plain table, shown only on paper (a grid prints only the rows it has drawn).

    With an ``id``, a callback may replace its children by :func:`print_table_body` of the rows the grid
    shows (the explorer: its search, filters and sort; see callbacks.explorer).
    """
    hidden: dict[str, Any] = {"aria-hidden": "true"}  # the grid above is the accessible copy
    if id is not None:
        hidden["id"] = id
    return html.Div(print_table_body(rows, columns, lang, limit), className="print-table", **hidden)


def print_table_body(
    rows: list[dict[str, Any]], columns: list[dict[str, Any]], lang: str, limit: int = PRINT_ROWS
) -> list[Any]:
    """The printed table of ``rows`` (at most ``limit``, then a note saying how many are left out).

    One component whose ``data-head`` and ``data-rows`` attributes hold the headers and the cells' texts (JSON),
    which assets/print_tables.js turns into a ``<table>`` (text only: nothing in a cell is read as markup). A
    table of html.Td components was one Dash component per cell: 500 rows of 12 columns made 6 000 components,
    which froze the tab for more than a minute (issue 22; see docs/performance.md).
    """
    shown = rows[:limit]
    cols = [c for c in columns if c.get("field") and not c.get("hide")]
    head = [str(c.get("headerName", c["field"])) for c in cols]
    cells = [[_print_value(c, r, lang) for c in cols] for r in shown]
    data: dict[str, Any] = {
        "data-head": json.dumps(head, ensure_ascii=False, separators=(",", ":")),
        "data-rows": json.dumps(cells, ensure_ascii=False, separators=(",", ":")),
    }
    body: list[Any] = [html.Div(className="print-table-data", **data)]
    if len(rows) > len(shown):
        body.append(html.P(t("print_more_rows", lang, n=len(rows) - len(shown), shown=len(shown))))
    return body
