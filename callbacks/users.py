"""The Users page: an admin saves a user (added, or role and password changed) or removes one, after a
confirmation. The role is checked again on the server (ui.views.users)."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, no_update

from ui import ids
from ui.views import users


def save(
    _clicks: int | None,
    name: str | None,
    role: str | None,
    password: str | None,
    search: str | None,
    stored_lang: str | None = None,
) -> tuple:
    if not _clicks:
        return no_update, no_update, no_update, no_update
    status, table, names = users.save(name, role, password, search, stored_lang)
    return status, table, names, ""  # the password field is emptied whatever the answer


def ask(_clicks: int | None, name: str | None, search: str | None, stored_lang: str | None = None) -> tuple[Any, Any]:
    if not _clicks:
        return no_update, no_update
    return users.ask_remove(name, search, stored_lang)


def remove(_submit: int | None, name: str | None, search: str | None, stored_lang: str | None = None) -> tuple:
    if not _submit:
        return no_update, no_update, no_update, no_update
    status, table, names = users.remove(name, search, stored_lang)
    return status, table, names, None


def register(app: Dash) -> None:
    app.callback(
        Output(ids.USERS_STATUS, "children", allow_duplicate=True),
        Output(ids.USERS_TABLE, "children", allow_duplicate=True),
        Output(ids.USERS_REMOVE_NAME, "data", allow_duplicate=True),
        Output(ids.USERS_PASSWORD, "value"),
        Input(ids.USERS_SAVE, "n_clicks"),
        State(ids.USERS_NAME, "value"),
        State(ids.USERS_ROLE, "value"),
        State(ids.USERS_PASSWORD, "value"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(save)
    app.callback(
        Output(ids.USERS_CONFIRM, "displayed"),
        Output(ids.USERS_CONFIRM, "message"),
        Input(ids.USERS_REMOVE, "n_clicks"),
        State(ids.USERS_REMOVE_NAME, "value"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(ask)
    app.callback(
        Output(ids.USERS_STATUS, "children", allow_duplicate=True),
        Output(ids.USERS_TABLE, "children", allow_duplicate=True),
        Output(ids.USERS_REMOVE_NAME, "data", allow_duplicate=True),
        Output(ids.USERS_REMOVE_NAME, "value"),
        Input(ids.USERS_CONFIRM, "submit_n_clicks"),
        State(ids.USERS_REMOVE_NAME, "value"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(remove)
