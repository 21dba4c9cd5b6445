"""The shell's callbacks: header, programme switch, as-of picker, language and footer follow the URL.

Switching a control navigates.

Each callback reads the URL (and the language remembered in the browser) and asks ``ui.shell``
for what to show; the bodies are a call or two.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, no_update

from ui import ids, shell
from ui.context import from_search

_URL = (Input(ids.PAGES_LOCATION, "pathname"), Input(ids.PAGES_LOCATION, "search"), State(ids.LANG_STORE, "data"))


def update_header(pathname: str | None, search: str | None, stored: str | None) -> tuple[Any, ...]:
    r = from_search(search, stored)
    return shell.header_parts(r, pathname)


def update_programme_switch(pathname: str | None) -> tuple[Any, ...]:
    return shell.programme_switch_parts(pathname)


def update_as_of(pathname: str | None, search: str | None, stored: str | None) -> tuple[Any, ...]:
    r = from_search(search, stored)
    return (*shell.as_of_parts(r, pathname), *shell.calendar_parts(r, pathname))


def pick_day(day: str | None, pathname: str | None, search: str | None, stored: str | None) -> Any:
    """A day chosen in the as-of calendar: the same page at that date (nothing when it echoes the URL)."""
    if not day:
        return no_update
    new = shell.target_href(pathname, search, stored, None, None, str(day)[:10])
    return no_update if new is None else new


def update_language(search: str | None, stored: str | None) -> tuple[Any, ...]:
    lang, remember = shell.language_parts(search, stored)
    return lang, remember if remember is not None else no_update


def update_footer(pathname: str | None, search: str | None, stored: str | None) -> tuple[Any, ...]:
    return shell.footer_parts(from_search(search, stored).lang)


def switch(
    lang: str | None, pid: str | None, as_of: str | None, pathname: str | None, search: str | None, stored: str | None
) -> Any:
    new = shell.target_href(pathname, search, stored, lang, pid, as_of)
    return no_update if new is None else new


def update_events(_tick: int | None, seen: int | None, search: str | None, stored: str | None) -> tuple[Any, ...]:
    children, last = shell.events_parts(from_search(search, stored).lang, seen)
    return (children if children or seen is None else no_update), last


def open_warnings(n: int | None) -> bool:
    return bool(n)


def register(app: Dash) -> None:
    """Register the shell's callbacks on ``app``."""
    app.callback(
        Output(ids.APP_TITLE, "children"),
        Output(ids.DEMO_NOTICE, "children"),
        Output(ids.NAV_LINKS, "children"),
        Output(ids.SKIP_LINK, "children"),
        Output(ids.MAIN_NAV, "aria-label"),
        *_URL,
    )(update_header)
    app.callback(
        Output(ids.PROGRAMME_SWITCH, "data"),
        Output(ids.PROGRAMME_SWITCH, "value"),
        Input(ids.PAGES_LOCATION, "pathname"),
    )(update_programme_switch)
    app.callback(
        Output(ids.ASOF_SELECT, "data"),
        Output(ids.ASOF_SELECT, "value"),
        Output(ids.ASOF_SELECT, "aria-label"),
        Output(shell.ASOF_CALENDAR, "value"),
        Output(shell.ASOF_CALENDAR, "minDate"),
        Output(shell.ASOF_CALENDAR, "maxDate"),
        Output(shell.ASOF_CALENDAR, "valueFormat"),
        Output(shell.ASOF_CALENDAR, "aria-label"),
        Output(shell.ASOF_DATES, "settings"),
        *_URL,
    )(update_as_of)
    app.callback(
        Output(ids.NAV_URL, "href", allow_duplicate=True),
        Input(shell.ASOF_CALENDAR, "value"),
        State(ids.PAGES_LOCATION, "pathname"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(pick_day)
    app.callback(Output(ids.LANG_SWITCH, "value"), Output(ids.LANG_STORE, "data"), *_URL[1:])(update_language)
    app.callback(
        Output(ids.FOOTER_SOURCES, "children"),
        Output(ids.WARNINGS_BUTTON, "children"),
        Output(ids.WARNINGS_LIST, "children"),
        Output(ids.WARNINGS_MODAL, "title"),
        *_URL,
    )(update_footer)
    app.callback(
        Output(ids.NAV_URL, "href", allow_duplicate=True),
        Input(ids.LANG_SWITCH, "value"),
        Input(ids.PROGRAMME_SWITCH, "value"),
        Input(ids.ASOF_SELECT, "value"),
        State(ids.PAGES_LOCATION, "pathname"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(switch)
    app.callback(
        Output(ids.WARNINGS_MODAL, "opened"), Input(ids.WARNINGS_BUTTON, "n_clicks"), prevent_initial_call=True
    )(open_warnings)
    app.callback(
        Output(ids.DATA_EVENTS, "children"),
        Output(ids.EVENTS_SEEN, "data"),
        Input(ids.EVENTS_TICK, "n_intervals"),
        State(ids.EVENTS_SEEN, "data"),
        State(ids.PAGES_LOCATION, "search"),
        State(ids.LANG_STORE, "data"),
    )(update_events)
    # <html lang> follows the page's language (screen readers, hyphenation, the browser's translation offer)
    app.clientside_callback(
        "function(lang) { if (lang) { document.documentElement.lang = lang; } return lang || ''; }",
        Output(ids.PAGE_META_SINK, "children"),
        Input(ids.LANG_SWITCH, "value"),
    )
