"""The history page's two acts, behind a confirmation: make an earlier snapshot current (editors), remove one
(admins). The role is checked again when the act is confirmed, on the server: a hidden button is no guard."""

from __future__ import annotations

from typing import Any

from i18n import t

from .. import auth, ids, service, urls
from ..components import notice
from ..context import from_search
from .common import PageState, load
from .history import table_children

#: the role each act needs
ROLES = {"make_current": "editor", "remove": "admin"}


def ask(
    act: str, short: str, pathname: str | None, search: str | None, stored_lang: str | None
) -> tuple[str, dict[str, str]]:
    """The confirmation's text and the pending act (programme from the page's path), in the page's language (the
    URL's, else the one remembered in the browser, as the page itself was drawn)."""
    r = from_search(search, stored_lang)
    pid = urls.programme_from_path(pathname) or ""
    snap = next((s for s in service.history(pid) if s.short == short), None)
    file = snap.file if snap else "?"
    return t(f"history.confirm.{act}", r.lang, snapshot=short, file=file), {"act": act, "short": short, "pid": pid}


def confirm(pending: dict[str, Any], search: str | None, stored_lang: str | None) -> tuple[Any, Any]:
    """Do the pending act if the user's role allows it; the status notice and the list drawn again."""
    r = from_search(search, stored_lang)
    act, short, pid = str(pending.get("act")), str(pending.get("short")), str(pending.get("pid"))
    if act not in ROLES or urls.parse_snapshot(short) is None:
        return notice(t("history.failed", r.lang), "", "red", id=ids.HISTORY_RESULT), _table(r, pid)
    if not auth.can(ROLES[act]):
        return notice(t("history.forbidden", r.lang), "", "red", id=ids.HISTORY_RESULT), _table(r, pid)
    user = auth.user_name()
    done = (
        service.make_current(pid, short, user) is not None
        if act == "make_current"
        else service.remove_snapshot(pid, short, user)
    )
    if not done:
        return notice(t("history.failed", r.lang), "", "red", id=ids.HISTORY_RESULT), _table(r, pid)
    return (
        notice(t(f"history.done.{act}", r.lang, snapshot=short), "", "green", id=ids.HISTORY_RESULT),
        _table(r, pid),
    )


def _table(r: Any, pid: str) -> Any:
    try:
        return table_children(load(r, pid))
    except PageState as state:  # a programme that is not (or no longer) loaded: said, not a server error
        return state.component
