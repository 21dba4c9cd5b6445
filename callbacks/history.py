"""History: an editor makes an earlier snapshot current, an admin removes one; each after a confirmation."""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from ui import ids
from ui.views import history_actions


def ask(
    _make: list[int | None],
    _remove: list[int | None],
    pathname: str | None,
    search: str | None,
    stored: str | None,
) -> tuple:
    """A button pressed: the confirmation's text, and the act kept until it is confirmed."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
        return no_update, no_update, no_update
    act = "make_current" if trigger.get("type") == ids.HISTORY_MAKE_CURRENT else "remove"
    message, pending = history_actions.ask(act, str(trigger.get("index")), pathname, search, stored)
    return True, message, pending


def confirm(_submit: int | None, pending: dict[str, Any] | None, search: str | None, stored: str | None) -> tuple:
    """The act confirmed: done (or refused), said in the status line; the list is drawn again."""
    if not pending:
        return no_update, no_update
    return history_actions.confirm(pending, search, stored)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.HISTORY_CONFIRM, "displayed"),
        Output(ids.HISTORY_CONFIRM, "message"),
        Output(ids.HISTORY_PENDING, "data"),
        Input({"type": ids.HISTORY_MAKE_CURRENT, "index": ALL}, "n_clicks"),
        Input({"type": ids.HISTORY_REMOVE, "index": ALL}, "n_clicks"),
        State(ids.PAGES_LOCATION, "pathname"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(ask)
    app.callback(
        Output(ids.HISTORY_STATUS, "children"),
        Output(ids.HISTORY_TABLE, "children"),
        Input(ids.HISTORY_CONFIRM, "submit_n_clicks"),
        State(ids.HISTORY_PENDING, "data"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(confirm)
