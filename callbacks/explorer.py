"""Projects explorer: quick search, and the totals of the rows the filters leave visible."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State

from ui import downloads, ids
from ui.components import print_table_body
from ui.views.projects import totals_line


def quick_search(text: str | None, options: dict[str, Any] | None) -> dict[str, Any]:
    return {**(options or {}), "quickFilterText": text or ""}


def filtered_totals(rows: list[dict[str, Any]] | None, lang: str | None) -> str:
    return totals_line(rows or [], lang)


def printed_rows(rows: list[dict[str, Any]] | None, columns: list[dict[str, Any]] | None, lang: str | None) -> list:
    """The printed table of the rows the grid shows, in its order (its search, filters and sort applied)."""
    return print_table_body(rows or [], columns or [], lang or "fr")


def shown_rows(
    rows: list[dict[str, Any]] | None, columns: list[dict[str, Any]] | None, lang: str | None
) -> tuple[str, list]:
    """The totals line and the printed table of the rows the grid shows: one round trip for both."""
    return filtered_totals(rows, lang), printed_rows(rows, columns, lang)


def grid_state_links(
    text: str | None,
    filter_model: dict[str, Any] | None,
    column_state: list[dict[str, Any]] | None,
    page: dict[str, Any] | None,
) -> tuple[str, str]:
    """The export button's URL and the page's URL for the grid's current search, filters and sort.

    The state reaches the server here; the page URL goes to the address bar (see the clientside
    callback below), so a filtered explorer can be shared and reloaded.
    """
    return downloads.explorer_links(page, text, filter_model, column_state)


#: replace the address bar's URL without a navigation (the page is not rebuilt; the back button still works)
KEEP_URL = """function(url) {
    if (url && window.location.pathname + window.location.search !== url) {
        window.history.replaceState(window.history.state, "", url);
    }
    return "";
}"""


def register(app: Dash) -> None:
    """Register the explorer's callbacks on ``app``."""
    app.callback(
        Output(ids.EXPLORER_GRID, "dashGridOptions"),
        Input(ids.EXPLORER_SEARCH, "value"),
        State(ids.EXPLORER_GRID, "dashGridOptions"),
    )(quick_search)
    # the rows the grid shows go to the server once, for the totals line and the printed table
    app.callback(
        Output(ids.EXPLORER_TOTALS, "children"),
        Output(ids.EXPLORER_PRINT, "children"),
        Input(ids.EXPLORER_GRID, "virtualRowData"),
        State(ids.EXPLORER_GRID, "columnDefs"),
        State(ids.EXPLORER_LANG, "data"),
        prevent_initial_call=True,
    )(shown_rows)
    app.callback(
        Output(ids.EXPORT_BUTTON, "href"),
        Output(ids.EXPLORER_URL, "data"),
        Input(ids.EXPLORER_SEARCH, "value"),
        Input(ids.EXPLORER_GRID, "filterModel"),
        Input(ids.EXPLORER_GRID, "columnState"),
        State(ids.EXPLORER_PAGE, "data"),
        prevent_initial_call=True,
    )(grid_state_links)
    app.clientside_callback(KEEP_URL, Output(ids.EXPLORER_URL_SINK, "children"), Input(ids.EXPLORER_URL, "data"))
