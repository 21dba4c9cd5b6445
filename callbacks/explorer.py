"""Projects explorer: quick search, and the totals of the rows the filters leave visible."""

from __future__ import annotations

from dash import Input, Output, State, callback

from ui.views.projects import totals_line

GRID = {"type": "nav-grid", "index": "explorer"}


@callback(Output(GRID, "dashGridOptions"), Input("explorer-search", "value"), State(GRID, "dashGridOptions"))
def quick_search(text, options):
    return {**(options or {}), "quickFilterText": text or ""}


@callback(
    Output("explorer-totals", "children"),
    Input(GRID, "virtualRowData"),
    State("explorer-lang", "data"),
    prevent_initial_call=True,
)
def filtered_totals(rows, lang):
    return totals_line(rows or [], lang)
