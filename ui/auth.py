"""Who may do what: viewer (reads), editor (uploads, confirms, chooses the current snapshot), admin (users).

Off when no users file is configured (the local demo): everyone is the local editor-admin. On as soon
as ``ERDF_USERS_FILE`` names a file. This first version is the interface the rest of the app codes
against (``enabled``, ``can``, ``user_name``, ``requires``, ``install``); the login itself follows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort

import settings as settings_mod

ROLES = ("viewer", "editor", "admin")
LOCAL_USER = "local"
_state: dict[str, Any] = {"settings": None}

F = TypeVar("F", bound=Callable[..., Any])


def enabled() -> bool:
    """True when a users file or a trusted header is configured."""
    s: settings_mod.Settings | None = _state["settings"]
    return bool(s and (s.users_file or s.trusted_user_header))


def current_role() -> str | None:
    """The signed-in user's role (admin when auth is off); None for nobody."""
    return "admin" if not enabled() else None


def can(role: str) -> bool:
    """True if the current user has ``role`` or a higher one."""
    have = current_role()
    return have is not None and ROLES.index(have) >= ROLES.index(role)


def user_name() -> str:
    """The name written in the audit log for the current user."""
    return LOCAL_USER


def requires(role: str) -> Callable[[F], F]:
    """Decorate a Flask view: 403 unless the current user has ``role``."""

    def wrap(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not can(role):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return wrap


def install(app: Any, s: settings_mod.Settings) -> None:
    """Install the login on ``app``'s server (nothing yet when auth is off)."""
    _state["settings"] = s
