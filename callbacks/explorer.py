"""Projects explorer: quick search, and the totals of the rows the filters leave visible."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State

from ui import ids
from ui.views.projects import totals_line


def quick_search(text: str | None, options: dict[str, Any] | None) -> dict[str, Any]:
    return {**(options or {}), "quickFilterText": text or ""}


def filtered_totals(rows: list[dict[str, Any]] | None, lang: str | None) -> str:
    return totals_line(rows or [], lang)


def register(app: Dash) -> None:
    """Register the explorer's callbacks on ``app``."""
    app.callback(
        Output(ids.EXPLORER_GRID, "dashGridOptions"),
        Input(ids.EXPLORER_SEARCH, "value"),
        State(ids.EXPLORER_GRID, "dashGridOptions"),
    )(quick_search)
    app.callback(
        Output(ids.EXPLORER_TOTALS, "children"),
        Input(ids.EXPLORER_GRID, "virtualRowData"),
        State(ids.EXPLORER_LANG, "data"),
        prevent_initial_call=True,
    )(filtered_totals)
