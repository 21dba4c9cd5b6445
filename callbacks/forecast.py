"""The forecast filled after the page (issue 22): the programme page and the overview card answer first with a
placeholder that says the forecast is being computed; this callback then fills it (ui.views.forecast.fill).

At national scale the forecast and its backtest take tens of seconds the first time (then they are cached):
the page no longer waits for them. A failure inside becomes a short message, never a traceback.
"""

from __future__ import annotations

from typing import Any

from dash import MATCH, Dash, Input, Output

from ui.views import forecast


def fill(ask: dict[str, Any] | None) -> Any:
    """The slot's content from what its placeholder asked (see ``ui.views.forecast.fill``)."""
    return forecast.fill(ask)


def register(app: Dash) -> None:
    app.callback(
        Output({"type": forecast.SLOT, "kind": MATCH, "pid": MATCH}, "children"),
        Input({"type": forecast.ASK, "kind": MATCH, "pid": MATCH}, "data"),
    )(fill)
