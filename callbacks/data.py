"""The Data page: the uploads' cards follow their validation; an editor confirms one."""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from ui import ids
from ui.views import data


def show_jobs(
    entries: list[dict[str, Any]] | None, _tick: int | None, search: str | None, shown: str | None, stored: str | None
) -> tuple[Any, bool, Any, Any]:
    """The cards, drawn again only when an upload's state changed (a card is never rebuilt under the user's
    eyes or keyboard focus while another upload is being checked)."""
    signature = data.jobs_signature(entries)
    if signature == shown and ctx.triggered_id == ids.DATA_UPLOAD_POLL:
        return no_update, data.all_checked(entries), no_update, no_update
    cards, done = data.jobs_parts(entries, search, stored)
    return cards, done, ("" if done and entries else no_update), signature


def confirm(
    _clicks: list[int | None], entries: list[dict[str, Any]] | None, search: str | None, stored: str | None
) -> tuple[Any, Any, Any]:
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
        return no_update, no_update, no_update
    said = data.confirm_parts(str(trigger.get("index")), search, stored)
    # the cards are drawn again (confirmed, or with the new preview), and the data shown now
    return said, list(entries or []), data.current_parts(search, stored)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.DATA_UPLOAD_RESULTS, "children"),
        Output(ids.DATA_UPLOAD_POLL, "disabled"),
        Output(ids.DATA_UPLOAD_SENT, "children"),
        Output(ids.DATA_UPLOAD_SHOWN, "data"),
        Input(ids.DATA_UPLOAD_JOBS, "data"),
        Input(ids.DATA_UPLOAD_POLL, "n_intervals"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.DATA_UPLOAD_SHOWN, "data"),
        State(ids.LANG_STORE, "data"),
    )(show_jobs)
    app.callback(
        Output(ids.DATA_CONFIRM_STATUS, "children"),
        Output(ids.DATA_UPLOAD_JOBS, "data"),
        Output(ids.DATA_CURRENT, "children"),
        Input({"type": ids.UPLOAD_CONFIRM, "index": ALL}, "n_clicks"),
        State(ids.DATA_UPLOAD_JOBS, "data"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(confirm)
