"""The Users page: an admin adds a user, changes a role or a password, removes a user (the users file).

The role is checked again on the server for every change (ui.auth.save_user / remove_user are only called for
an admin: see callbacks.users); with no users file, or users from a proxy, the page says where users are managed.
"""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import dcc, html, no_update

from i18n import t

from .. import auth, ids
from ..components import LIVE, notice, page_header, section
from ..context import Request, from_search


def _role(role: str, lang: str) -> str:
    return t(f"users.role.{role}", lang)


def users_table(lang: str) -> Any:
    """The users of the file and their roles (no hash, ever)."""
    rows = [
        html.Tr([html.Td(u.name), html.Td(_role(u.role, lang))]) for u in auth.users_list()
    ]  # names are text: Dash escapes them
    return html.Table(
        [
            html.Thead(
                html.Tr(
                    [html.Th(t("users.col.name", lang), scope="col"), html.Th(t("users.col.role", lang), scope="col")]
                )
            ),
            html.Tbody(rows),
        ],
        className="history-table",
    )


def _names(by: str) -> list[dict[str, str]]:
    return [{"value": u.name, "label": u.name} for u in auth.users_list() if u.name != by]


def users_page(r: Request) -> Any:
    lang = r.lang
    header = page_header(t("users.title", lang), t("users.subtitle", lang), [(t("overview", lang), r.href("/"))])
    if not auth.enabled():
        return dmc.Stack(
            [header, notice(t("users.off.title", lang), t("users.off.body", lang), "blue", id=ids.USERS_NOTICE)]
        )
    if not auth.managed_users():
        return dmc.Stack(
            [header, notice(t("users.title", lang), t("users.proxy.body", lang), "blue", id=ids.USERS_NOTICE)]
        )
    if not auth.can("admin"):
        return dmc.Stack([header, notice(t("users.forbidden", lang), "", "orange", id=ids.USERS_NOTICE)])
    roles = [{"value": role, "label": _role(role, lang)} for role in auth.ROLES]
    form = section(
        t("users.form_title", lang),
        dmc.Stack(
            [
                dmc.TextInput(
                    id=ids.USERS_NAME, label=t("users.col.name", lang), w="100%", maw=360, autoComplete="off"
                ),
                dmc.Select(
                    id=ids.USERS_ROLE,
                    label=t("users.col.role", lang),
                    data=roles,
                    value="viewer",
                    w="100%",
                    maw=520,
                    allowDeselect=False,
                ),
                dmc.PasswordInput(
                    id=ids.USERS_PASSWORD,
                    label=t("users.password", lang),
                    description=t("users.password_hint", lang),
                    w="100%",
                    maw=360,
                    autoComplete="new-password",
                ),
                dmc.Group(dmc.Button(t("users.save", lang), id=ids.USERS_SAVE, color="#1864AB")),
            ],
            gap="sm",
        ),
    )
    remove = section(
        t("users.remove_title", lang),
        dmc.Group(
            [
                dmc.Select(
                    id=ids.USERS_REMOVE_NAME,
                    data=_names(auth.user_name()),
                    w="100%",
                    maw=360,
                    **{"aria-label": t("users.col.name", lang)},
                ),
                dmc.Button(t("users.remove", lang), id=ids.USERS_REMOVE, color="#C92A2A", variant="outline"),
            ],
            align="end",
        ),
        dcc.ConfirmDialog(id=ids.USERS_CONFIRM),
    )
    return dmc.Stack(
        [
            header,
            html.Div(id=ids.USERS_STATUS, role="status", **LIVE),
            section(t("users.list", lang), html.Div(users_table(lang), id=ids.USERS_TABLE)),
            form,
            remove,
        ],
        gap="md",
    )


# --- the acts (callbacks.users) ---------------------------------------------------------------------
def _refused(key: str, lang: str) -> Any:
    return notice(t("users.error.title", lang), t(key, lang), "red")


def _lang(search: str | None, stored_lang: str | None) -> str:
    """The URL's language, else the one remembered in the browser (lang-store), as on every page."""
    return from_search(search, stored_lang).lang


def save(
    name: str | None, role: str | None, password: str | None, search: str | None, stored_lang: str | None = None
) -> tuple[Any, Any, Any]:
    """The status, the list drawn again, and the names one may remove (the password field is emptied apart).

    Anyone but an admin gets the refusal only: the role is checked before anything is read, so a forged request
    never carries the users list back (the list and the names are left as they are: ``no_update``)."""
    lang = _lang(search, stored_lang)
    if not auth.can("admin"):
        return _refused("users.forbidden", lang), no_update, no_update
    try:
        done = auth.save_user(name or "", role or "", password or "", auth.user_name())
    except auth.UsersError as error:
        return _refused(error.key, lang), users_table(lang), _names(auth.user_name())
    if password and (name or "").strip() == auth.user_name():
        auth.renew_session()  # her own new password ends her other sessions, not this one
    said = t(f"users.done.{done}", lang, name=(name or "").strip(), role=_role(role or "viewer", lang))
    return notice(said, "", "green"), users_table(lang), _names(auth.user_name())


def ask_remove(name: str | None, search: str | None, stored_lang: str | None = None) -> tuple[bool, str]:
    lang = _lang(search, stored_lang)
    return bool(name), t("users.confirm_remove", lang, name=name or "")


def remove(name: str | None, search: str | None, stored_lang: str | None = None) -> tuple[Any, Any, Any]:
    """As :func:`save`: anyone but an admin gets the refusal only, nothing read."""
    lang = _lang(search, stored_lang)
    if not auth.can("admin"):
        return _refused("users.forbidden", lang), no_update, no_update
    try:
        auth.remove_user(name or "", auth.user_name())
    except auth.UsersError as error:
        return _refused(error.key, lang), users_table(lang), _names(auth.user_name())
    return (
        notice(t("users.done.removed", lang, name=name or ""), "", "green"),
        users_table(lang),
        _names(auth.user_name()),
    )
