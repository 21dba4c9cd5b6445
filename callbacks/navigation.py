"""Drill-down: a click on a chart bar or a grid row opens the page it stands for."""

from __future__ import annotations

from dash import ALL, Input, Output, callback, ctx, no_update


def _internal(href) -> bool:
    """Only paths of this app ("/programme/..."), never another host ("//host/...", "https://...")."""
    return isinstance(href, str) and href.startswith("/") and not href.startswith("//")


def href_from_click(click_data: dict | None) -> str | None:
    """The URL a clicked bar carries in customdata[0] (None for bars that lead nowhere)."""
    try:
        custom = click_data["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None
    href = custom[0] if isinstance(custom, (list, tuple)) else custom
    return href if _internal(href) else None


def href_from_cell(cell: dict | None) -> str | None:
    """Rows of navigation grids use their page URL as row id."""
    row_id = (cell or {}).get("rowId")
    return row_id if _internal(row_id) else None


def _follow(extract):
    """Navigate to the URL ``extract`` finds in the value that triggered the callback, if any."""
    if not ctx.triggered_id:
        return no_update
    return extract(ctx.triggered[0]["value"]) or no_update


@callback(
    Output("nav-url", "href", allow_duplicate=True),
    Input({"type": "drill-graph", "index": ALL}, "clickData"),
    prevent_initial_call=True,
)
def open_clicked_bar(_clicks):
    return _follow(href_from_click)


@callback(
    Output("nav-url", "href", allow_duplicate=True),
    Input({"type": "nav-grid", "index": ALL}, "cellClicked"),
    prevent_initial_call=True,
)
def open_clicked_row(_cells):
    return _follow(href_from_cell)
