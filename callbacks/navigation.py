"""Drill-down: a click on a chart bar opens the page it stands for.

Grid rows are links (ui.components: the RowLink cell renderer), followed in the browser by
assets/navigation.js, so they also open by keyboard and in a new tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import ALL, Dash, Input, Output, ctx, no_update

from ui import ids


def _internal(href: object) -> bool:
    """Only paths of this app ("/programme/..."), never another host ("//host/...", "https://...")."""
    return isinstance(href, str) and href.startswith("/") and not href.startswith("//")


def href_from_click(click_data: dict[str, Any] | None) -> str | None:
    """The URL a clicked bar carries in customdata[0] (None for bars that lead nowhere)."""
    try:
        custom = click_data["points"][0]["customdata"]  # type: ignore[index]
    except (TypeError, KeyError, IndexError):
        return None
    href = custom[0] if isinstance(custom, list | tuple) else custom
    return href if _internal(href) else None


def _follow(extract: Callable[[Any], str | None]) -> Any:
    """Navigate to the URL ``extract`` finds in the value that triggered the callback, if any."""
    if not ctx.triggered_id:
        return no_update
    return extract(ctx.triggered[0]["value"]) or no_update


def open_clicked_bar(_clicks: list[Any]) -> Any:
    return _follow(href_from_click)


def register(app: Dash) -> None:
    """Register the drill-down callbacks on ``app``."""
    app.callback(
        Output(ids.NAV_URL, "href", allow_duplicate=True),
        Input({"type": ids.DRILL_GRAPH, "index": ALL}, "clickData"),
        prevent_initial_call=True,
    )(open_clicked_bar)
