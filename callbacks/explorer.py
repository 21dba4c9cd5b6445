"""Projects explorer: rows served a block at a time (search, filters, sort applied on the server), and its URL."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State

from ui import ids, links
from ui.views.projects import printed_rows, rows_block, scoped_block

#: the quick search goes into the grid's context (sent with each of its requests for rows), then the grid
#: drops the blocks it holds and asks again from the first: the search is applied on the server
SEARCH = """async function(text, id) {
    const api = await dash_ag_grid.getApiAsync(id);
    const context = Object.assign({}, api.getGridOption("context"), {q: text || ""});
    if (context.q !== (api.getGridOption("context") || {}).q) {
        api.setGridOption("context", context);
        api.purgeInfiniteCache();
    }
    return window.dash_clientside.no_update;
}"""


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
    return links.explorer_links(page, text, filter_model, column_state)


#: replace the address bar's URL without a navigation (the page is not rebuilt; the back button still works)
KEEP_URL = """function(url) {
    if (url && window.location.pathname + window.location.search !== url) {
        window.history.replaceState(window.history.state, "", url);
    }
    return "";
}"""


def register(app: Dash) -> None:
    """Register the explorer's callbacks on ``app``."""
    app.clientside_callback(
        SEARCH,
        Output(ids.EXPLORER_SEARCH_SINK, "children"),
        Input(ids.EXPLORER_SEARCH, "value"),
        State(ids.EXPLORER_GRID, "id"),
        prevent_initial_call=True,
    )
    # the grid's requests for rows: a block of rows, and with the first the totals and the printed table
    app.callback(
        Output(ids.EXPLORER_GRID, "getRowsResponse"),
        Output(ids.EXPLORER_TOTALS, "children"),
        Output(ids.EXPLORER_SHOWN, "data"),
        Input(ids.EXPLORER_GRID, "getRowsRequest"),
        State(ids.EXPLORER_PAGE, "data"),
        prevent_initial_call=True,
    )(rows_block)
    app.callback(
        Output(ids.EXPLORER_PRINT, "children"),
        Input(ids.EXPLORER_SHOWN, "data"),
        State(ids.EXPLORER_PAGE, "data"),
        prevent_initial_call=True,
    )(printed_rows)
    # an objective's or a call's projects grid: the same, without a search box or a totals line
    app.callback(
        Output(ids.PROJECTS_GRID, "getRowsResponse"),
        Output(ids.PROJECTS_SHOWN, "data"),
        Input(ids.PROJECTS_GRID, "getRowsRequest"),
        State(ids.PROJECTS_PAGE, "data"),
        prevent_initial_call=True,
    )(scoped_block)
    app.callback(
        Output(ids.PROJECTS_PRINT, "children"),
        Input(ids.PROJECTS_SHOWN, "data"),
        State(ids.PROJECTS_PAGE, "data"),
        prevent_initial_call=True,
    )(printed_rows)
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
