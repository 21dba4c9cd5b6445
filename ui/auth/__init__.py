"""Who may do what: viewer (reads everything), editor (uploads, confirms, chooses the current snapshot), admin.

Off when neither a users file nor a trusted proxy header is configured (the local demo): everyone is the
local admin and nothing is asked. On as soon as ``ERDF_USERS_FILE`` names a file (create it with
``python -m ui.auth add-user NAME --role admin --users-file PATH``):

* users in a TOML file (``[[user]]`` name, role, argon2id hash, session generation: argon2-cffi), sessions with
  Flask-Login (a signed cookie: ``ERDF_SECRET_KEY``, at least 32 characters, the same for every worker;
  HttpOnly, SameSite=Lax; with ``ERDF_SECURE_COOKIES=1`` behind HTTPS: Secure, named ``__Host-...``, and HSTS);
* a session holds the user's *generation* (a number in the users file): signing out, a password change (by the
  user, an admin or the command line) add one to it, and every request checks it, so every session of that
  user ends at once, in every worker; a session also ends ``ERDF_SESSION_HOURS`` after the sign-in;
* signing in starts a new session and a new CSRF token (nothing of the session before it is kept);
* failed sign-ins lock a name and a client address for a while, and password checks run a few at a time on the
  host, the others answered "try again" at once (ui.auth.limits); ``POST /login`` bodies are capped;
* passwords: at least 12 characters and not a common one (ui.auth.passwords, with its shipped list); every user
  changes their own at ``/account/password`` (the current one asked);
* every route needs a signed-in user except the login page, the static assets and component bundles and the
  health endpoint: a page answers with a redirect to the login, anything else (Dash's ``/_dash-*`` routes,
  downloads, uploads) with 401;
* CSRF (Flask-WTF's CSRFProtect) on every POST, nothing exempt: the forms carry their token, Dash's renderer
  sends the CSRF cookie's value (:func:`csrf_cookie_name`) in its ``X-CSRFToken`` header, ``assets/upload.js``
  too (both read the cookie's name from Dash's config);
* or, behind a reverse proxy that authenticates users itself and strips these headers from what clients
  send, ``ERDF_TRUSTED_USER_HEADER`` names the user and ``ERDF_TRUSTED_ROLE_HEADER`` the role (viewer when
  absent or unknown). Never set these without such a proxy: anyone could then name themselves.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, redirect, request, session
from markupsafe import escape

import settings as settings_mod
from i18n import LANGS, t

from .limits import Limits
from .passwords import MAX_PASSWORD, MIN_PASSWORD, password_problem

ROLES = ("viewer", "editor", "admin")
LOCAL_USER = "local"
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
PASSWORD_PATH = "/account/password"  # a signed-in user changes their own password
#: what anyone may fetch: the login, the static files and component bundles, the health check
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
PUBLIC_PATHS = (LOGIN_PATH, "/healthz", "/favicon.ico", "/_favicon.ico")
CSRF_COOKIE = "_csrf_token"  # the cookie Dash's renderer reads (its X-CSRFToken header), over plain HTTP
SECURE_CSRF_COOKIE = "__Host-csrf_token"  # the same with ERDF_SECURE_COOKIES=1 (Secure, Path=/, no Domain)
SECURE_SESSION_COOKIE = "__Host-session"
#: the largest body of a POST to the login or the password form (a few short fields): 413 beyond it
FORM_MAX_BYTES = 16 * 1024
MAX_NAME = 200
#: the shortest ERDF_SECRET_KEY accepted (token_hex(32) gives 64), and how many different characters it needs
MIN_SECRET_KEY = 32
MIN_SECRET_KEY_CHARS = 8
#: the session's key holding the user's generation (see the module's docstring)
GENERATION_KEY = "_gen"
SIGNED_IN_KEY = "_at"  # when the session's user signed in (seconds since the epoch)
_state: dict[str, Any] = {"settings": None, "users": None, "limits": None}
_log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class User:
    name: str
    role: str
    hash: str = ""
    #: one more at every sign-out and password change: a session of an older generation is refused
    generation: int = 0

    # what Flask-Login asks of a user object
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.name


# --- the users file ----------------------------------------------------------------------------------
def read_users(path: Path) -> dict[str, User]:
    """The users of ``path`` by name (an unknown role reads as viewer: never more than asked)."""
    with open(path, "rb") as fh:
        body = tomllib.load(fh)
    out = {}
    for entry in body.get("user", []):
        name = str(entry.get("name", "")).strip()
        role = str(entry.get("role", "viewer"))
        if name:
            try:
                generation = int(entry.get("generation", 0))
            except (TypeError, ValueError):
                generation = 0
            out[name] = User(name, role if role in ROLES else "viewer", str(entry.get("hash", "")), generation)
    return out


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_users(path: Path, users: dict[str, User]) -> None:
    """Write the users file (mode 0600), whole (a temporary file renamed)."""
    lines = ["# ERDF dashboard users: python -m ui.auth add-user NAME --role viewer|editor|admin", ""]
    for user in users.values():
        lines += ["[[user]]", f"name = {_toml_string(user.name)}", f"role = {_toml_string(user.role)}",
                  f"hash = {_toml_string(user.hash)}", f"generation = {int(user.generation)}", ""]  # fmt: skip
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _users() -> dict[str, User]:
    """The users file, read again when it changes (a user added or removed needs no restart)."""
    s: settings_mod.Settings | None = _state["settings"]
    if s is None or s.users_file is None:
        return {}
    path = Path(s.users_file)
    try:
        st = path.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_ino, st.st_size)  # every write is a new file (renamed): a new inode
    cached = _state["users"]
    if cached is None or cached[0] != stamp:
        try:
            _state["users"] = (stamp, read_users(path))
        except (OSError, tomllib.TOMLDecodeError):
            return cached[1] if cached else {}
    return _state["users"][1]


def _dummy_hash() -> str:
    """A hash verified against when the name is unknown, so that a wrong name takes as long as a wrong password."""
    if "dummy" not in _state:
        _state["dummy"] = _hasher().hash(os.urandom(16).hex())
    return str(_state["dummy"])


def verify(name: str, password: str) -> User | None:
    """The user if ``password`` is theirs, else None (the same answer and about the same time for an unknown
    name). A hash made with weaker parameters than today's is made again."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    user = _users().get(name)
    try:
        hasher.verify(user.hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    s: settings_mod.Settings | None = _state["settings"]
    if hasher.check_needs_rehash(user.hash) and s is not None and s.users_file is not None:
        new_hash = hasher.hash(password)

        def rehash(users: dict[str, User]) -> None:
            if name in users:
                users[name] = replace(users[name], hash=new_hash)

        _change_users(rehash)
    return user


# --- an admin's changes to the users file (the Users page) ---------------------------------------------
class UsersError(ValueError):
    """A change of the users file that is refused: ``key`` is the catalogue key of the reason."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")


def managed_users() -> bool:
    """True when the users come from a users file this app may write (not from a trusted proxy header)."""
    s: settings_mod.Settings | None = _state["settings"]
    return bool(s and s.users_file and not s.trusted_user_header)


def users_list() -> list[User]:
    """The users of the file, by name."""
    return [_users()[n] for n in sorted(_users(), key=str.lower)]


def _change_users(change: Callable[[dict[str, User]], None]) -> None:
    """Read the users file, apply ``change``, write it whole, under a lock (two admins at once: one after the
    other, each on the other's result)."""
    import fcntl

    s: settings_mod.Settings | None = _state["settings"]
    if s is None or s.users_file is None:
        raise UsersError("users.error.off")
    path = Path(s.users_file)
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            users = read_users(path) if path.exists() else {}
            change(users)
            write_users(path, users)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _state["users"] = None  # read again at the next request


def save_user(name: str, role: str, password: str, by: str) -> str:
    """Add a user, or change one's role and (when given) password; "added" or "changed". The last admin stays
    an admin. Raises UsersError."""
    name = (name or "").strip()
    if not name or len(name) > 64 or not set(name) <= _NAME_CHARS:
        raise UsersError("users.error.name")
    if role not in ROLES:
        raise UsersError("users.error.role")
    if password and (problem := password_problem(password, name)):
        raise UsersError(problem)
    done: list[str] = []

    def change(users: dict[str, User]) -> None:
        old = users.get(name)
        if old is None and not password:
            raise UsersError("users.error.password")
        admins = [u for u in users.values() if u.role == "admin"]
        if old is not None and old.role == "admin" and role != "admin" and len(admins) == 1:
            raise UsersError("users.error.last_admin")
        if old is None:
            users[name] = User(name, role, _hasher().hash(password))
        elif password:  # a new password ends every session of the user
            users[name] = User(name, role, _hasher().hash(password), old.generation + 1)
        else:
            users[name] = replace(old, role=role)
        done.append("changed" if old is not None else "added")

    _change_users(change)
    _log.info("users file: %s %s (%s) by %s", done[0], name, role, by)
    return done[0]


def remove_user(name: str, by: str) -> None:
    """Remove a user (never oneself, never the last admin). Raises UsersError."""
    if name == by:
        raise UsersError("users.error.self")

    def change(users: dict[str, User]) -> None:
        old = users.get(name)
        if old is None:
            raise UsersError("users.error.unknown")
        if old.role == "admin" and sum(u.role == "admin" for u in users.values()) == 1:
            raise UsersError("users.error.last_admin")
        del users[name]

    _change_users(change)
    _log.info("users file: removed %s by %s", name, by)


def change_own_password(name: str, new_password: str) -> User:
    """Give ``name`` a new password (already checked) and a new generation: every session of theirs ends."""
    new_hash = _hasher().hash(new_password)
    changed: list[User] = []

    def change(users: dict[str, User]) -> None:
        old = users.get(name)
        if old is None:
            raise UsersError("users.error.unknown")
        users[name] = replace(old, hash=new_hash, generation=old.generation + 1)
        changed.append(users[name])

    _change_users(change)
    _log.info("users file: %s changed their password", name)
    return changed[0]


def renew_session() -> None:
    """After the current user's own password changed elsewhere (an admin saving herself on the Users page): a new
    session at the new generation, so the change ends her other sessions but not this one."""
    from flask import has_request_context

    user = current_user()
    if user is None or not managed_users() or not has_request_context():
        return
    fresh = _users().get(user.name)
    if fresh is not None:
        _start_session(fresh)


def end_sessions(name: str) -> None:
    """End every session of ``name`` (signing out): one more generation in the users file."""

    def change(users: dict[str, User]) -> None:
        if name in users:
            users[name] = replace(users[name], generation=users[name].generation + 1)

    _change_users(change)


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` cannot sign sessions (for the start-up message, in English like the log), or None."""
    if len(key) < MIN_SECRET_KEY:
        return f"ERDF_SECRET_KEY has {len(key)} characters: at least {MIN_SECRET_KEY} are needed"
    if len(set(key)) < MIN_SECRET_KEY_CHARS:
        return f"ERDF_SECRET_KEY uses fewer than {MIN_SECRET_KEY_CHARS} different characters: it is guessable"
    if key.lower().strip("-_ ") in {"change-me", "changeme", "secret", "your-secret-key", "please-change-me"}:
        return "ERDF_SECRET_KEY is a placeholder"
    return None


def csrf_cookie_name(s: settings_mod.Settings) -> str:
    """The CSRF cookie's name, which Dash's renderer and assets/upload.js read (``__Host-`` behind HTTPS)."""
    return SECURE_CSRF_COOKIE if s.secure_cookies else CSRF_COOKIE


# --- the interface the app codes against -----------------------------------------------------------
def enabled() -> bool:
    """True when a users file or a trusted header is configured."""
    s: settings_mod.Settings | None = _state["settings"]
    return bool(s and (s.users_file or s.trusted_user_header))


def _trusted() -> User | None:
    s: settings_mod.Settings | None = _state["settings"]
    if s is None or not s.trusted_user_header:
        return None
    from flask import has_request_context

    if not has_request_context():
        return None
    name = (request.headers.get(s.trusted_user_header) or "").strip()
    if not name:
        return None
    role = (request.headers.get(s.trusted_role_header) or "viewer").strip() if s.trusted_role_header else "viewer"
    return User(name[:120], role if role in ROLES else "viewer")


def current_user() -> User | None:
    """The signed-in user (None for nobody); the local admin when auth is off."""
    if not enabled():
        return User(LOCAL_USER, "admin")
    trusted = _trusted()
    if trusted is not None:
        return trusted
    from flask import has_request_context
    from flask_login import current_user as login_user_proxy

    if not has_request_context():
        return None
    user = login_user_proxy._get_current_object()
    return user if isinstance(user, User) else None


def current_role() -> str | None:
    """The current user's role (admin when auth is off); None for nobody."""
    user = current_user()
    return user.role if user else None


def can(role: str) -> bool:
    """True if the current user has ``role`` or a higher one."""
    have = current_role()
    return have is not None and ROLES.index(have) >= ROLES.index(role)


def user_name() -> str:
    """The name written in the audit log for the current user."""
    user = current_user()
    return user.name if user else "?"


def requires(role: str) -> Callable[[F], F]:
    """Decorate a Flask view: 401 for nobody, 403 unless the current user has ``role``."""

    def wrap(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if current_user() is None:
                abort(401)
            if not can(role):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return wrap


# --- the login and password pages -------------------------------------------------------------------
def _lang() -> str:
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    best = request.accept_languages.best_match(list(LANGS))
    return best if best in LANGS else "fr"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (``//host``, ``https://...``, ``\\\\`` go home)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _html_page(lang: str, title: str, body: str) -> str:
    """The frame of the login and password pages: plain HTML (no Dash), styled by assets/login.css."""

    def e(key: str) -> str:
        return str(escape(t(key, lang)))

    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · {e("app_title")}</title><link rel="stylesheet" href="/assets/login.css">
<link rel="icon" href="/_favicon.ico"></head>
<body><main class="login">
<h1>{e("app_title")}</h1><h2>{escape(title)}</h2>{body}</main></body></html>"""


def _alert(text: str) -> str:
    return f'<p class="login-error" role="alert">{escape(text)}</p>'


def login_page(lang: str, next_path: str, error: bool | str = False, **kw: Any) -> str:
    """The sign-in form; ``error`` True for the wrong-password message, or the catalogue key of another one."""
    from flask_wtf.csrf import generate_csrf

    def e(key: str) -> str:
        return str(escape(t(key, lang)))

    langs = " · ".join(
        f'<a href="{LOGIN_PATH}?lang={code}&amp;next={escape(next_path)}" lang="{code}">{code.upper()}</a>'
        for code in LANGS
    )
    problem = _alert(t("auth.wrong" if error is True else str(error), lang, **kw)) if error else ""
    return _html_page(
        lang,
        t("auth.title", lang),
        f"""{problem}
<form method="post" action="{LOGIN_PATH}?lang={lang}">
<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">
<input type="hidden" name="next" value="{escape(next_path)}">
<label for="login-name">{e("auth.name")}</label>
<input id="login-name" name="name" autocomplete="username" required autofocus maxlength="{MAX_NAME}">
<label for="login-password">{e("auth.password")}</label>
<input id="login-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login-submit">{e("auth.submit")}</button>
</form><p class="login-langs">{langs}</p><p class="login-hint">{e("auth.hint")}</p>""",
    )


def password_page(lang: str, name: str, error: str | None = None, done: bool = False, **kw: Any) -> str:
    """A signed-in user's own password: the current one, the new one twice (the rules said beside it)."""
    from flask_wtf.csrf import generate_csrf

    def e(key: str) -> str:
        return str(escape(t(key, lang)))

    said = _alert(t(error, lang, **kw)) if error else ""
    if done:
        said = f'<p class="login-done" role="status">{e("account.done")}</p>'
    langs = " · ".join(f'<a href="{PASSWORD_PATH}?lang={code}" lang="{code}">{code.upper()}</a>' for code in LANGS)
    return _html_page(
        lang,
        t("account.title", lang),
        f"""<p class="login-who">{escape(t("account.who", lang, user=name))}</p>{said}
<form method="post" action="{PASSWORD_PATH}?lang={lang}">
<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">
<input type="text" name="name" value="{escape(name)}" autocomplete="username" hidden>
<label for="account-current">{e("account.current")}</label>
<input id="account-current" name="current" type="password" autocomplete="current-password" required autofocus>
<label for="account-new">{e("account.new")}</label>
<input id="account-new" name="new" type="password" autocomplete="new-password" required minlength="{MIN_PASSWORD}"
 aria-describedby="account-rules">
<p id="account-rules" class="login-rules">{e("account.rules")}</p>
<label for="account-again">{e("account.again")}</label>
<input id="account-again" name="again" type="password" autocomplete="new-password" required>
<button type="submit" id="account-submit">{e("account.submit")}</button>
</form><p class="login-langs"><a href="/?lang={lang}" id="account-back">{e("account.back")}</a></p>
<p class="login-langs">{langs}</p>""",
    )


def logout_form(lang: str) -> Any:
    """The header's "My password" link and "Sign out (name)" button (a POST with its CSRF token), or None when
    nobody signs out (no login, or a proxy's users)."""
    user = current_user()
    if not enabled() or user is None or _trusted() is not None:
        return None
    from dash import dcc, html
    from flask_wtf.csrf import generate_csrf

    form = html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf(), id="logout-csrf"),
            html.Button(t("auth.logout", lang, user=user.name), type="submit", id="logout-button"),
        ],
        action=LOGOUT_PATH,
        method="POST",
        className="logout-form",
    )
    if not managed_users():
        return form
    link = html.A(t("account.link", lang), href=f"{PASSWORD_PATH}?lang={lang}", id="account-link",
                  className="account-link")  # fmt: skip
    return html.Span([link, form], className="account-actions")


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _is_page(path: str) -> bool:
    """A browser asking for a page (sent to the login), not a script asking for data (answered 401)."""
    return (
        request.method == "GET"
        and not path.startswith(("/_", "/export", "/data/upload"))
        and "text/html" in (request.headers.get("Accept") or "text/html")
    )


def _start_session(user: User) -> None:
    """A new session for ``user``: nothing of the one before is kept (no fixation), a new CSRF token is made."""
    from flask import g
    from flask_login import login_user

    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF keeps the request's token here: the next one is made from the new session
    login_user(user)
    session[GENERATION_KEY] = user.generation
    session[SIGNED_IN_KEY] = int(time.time())


def _load_user(name: str) -> User | None:
    """The session's user, if the users file still holds them at the session's generation."""
    user = _users().get(name)
    if user is None or session.get(GENERATION_KEY) != user.generation:
        return None
    s: settings_mod.Settings | None = _state["settings"]
    hours = s.session_hours if s is not None else 12.0
    if time.time() - float(session.get(SIGNED_IN_KEY, 0)) > hours * 3600:
        return None  # the sign-in is older than ERDF_SESSION_HOURS (the cookie's signature age is checked too)
    return user


def _html(body: str, status: int = 200, retry_after: int | None = None) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _check_secret_key(s: settings_mod.Settings) -> None:
    if not s.secret_key:
        raise RuntimeError(
            "login is on (ERDF_USERS_FILE or ERDF_TRUSTED_USER_HEADER) but ERDF_SECRET_KEY is empty: "
            "set a long random secret key, the same for every worker "
            "(python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    problem = secret_key_problem(s.secret_key)
    if problem:
        raise RuntimeError(
            f"login is on but {problem}: anyone who guesses it can sign cookies as any user. Set ERDF_SECRET_KEY "
            "to a long random value (python -c 'import secrets; print(secrets.token_hex(32))')"
        )


def install(app: Any, s: settings_mod.Settings) -> None:
    """Install the login, the guard of every route and CSRF on ``app``'s server (nothing when auth is off, but
    HSTS and the proxy's headers when configured)."""
    _state["settings"], _state["users"], _state["limits"] = s, None, None
    if enabled():
        _check_secret_key(s)  # before anything is installed: the app does not start with a weak key
    server: Flask = app.server
    if s.proxy_hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # the client's address and scheme as the proxies saw them (the lock per address needs the real client)
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=s.proxy_hops, x_proto=s.proxy_hops)  # type: ignore[method-assign]
    if s.secure_cookies:

        @server.after_request
        def _hsts(response: Response) -> Response:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            return response

    if not enabled():
        return
    from datetime import timedelta

    from flask_login import LoginManager, logout_user
    from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

    csrf_cookie = csrf_cookie_name(s)
    limits = None
    if s.users_file is not None:
        limits = Limits(Path(s.users_file), s.login_max_failures, s.login_address_max_failures,
                        s.login_lock_minutes * 60, s.login_concurrency)  # fmt: skip
        _state["limits"] = limits
    server.secret_key = s.secret_key
    server.config.update(
        SESSION_COOKIE_NAME=SECURE_SESSION_COOKIE if s.secure_cookies else "session",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_DOMAIN=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=s.secure_cookies,
        # the signature of a session older than this is refused: a sign-in lasts this long at most
        PERMANENT_SESSION_LIFETIME=timedelta(hours=s.session_hours),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=s.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session (which ends after ERDF_SESSION_HOURS)
        WTF_CSRF_HEADERS=["X-CSRFToken"],
    )
    manager = LoginManager()
    manager.init_app(server)
    manager.user_loader(_load_user)

    @server.errorhandler(CSRFError)
    def _csrf_refused(_error: CSRFError) -> tuple[Response, int]:
        return jsonify({"error": t("auth.csrf", _lang())}), 400

    @server.before_request
    def _guard() -> Any:
        path = request.path
        if request.method == "POST" and path in (LOGIN_PATH, PASSWORD_PATH):
            request.max_content_length = FORM_MAX_BYTES  # a body sent without a length is cut there
            if (request.content_length or 0) > FORM_MAX_BYTES:
                return _html(t("auth.too_large", _lang()), 413)
            if request.content_length is None and len(request.get_data(cache=True)) >= FORM_MAX_BYTES:
                return _html(t("auth.too_large", _lang()), 413)  # chunked, and cut: refused, not half read
        if _is_public(path) or current_user() is not None:
            return None
        if _is_page(path):
            target = path + ("?" + request.query_string.decode("latin-1") if request.query_string else "")
            from urllib.parse import quote

            return redirect(f"{LOGIN_PATH}?next={quote(target, safe='')}", code=302)
        return jsonify({"error": t("auth.required", _lang())}), 401

    CSRFProtect(server)  # after the guard: a request from nobody is answered 401 before its token is looked at

    @server.after_request
    def _csrf_cookie(response: Response) -> Response:
        if current_user() is not None and request.path != LOGOUT_PATH and not _is_public(request.path):
            response.set_cookie(csrf_cookie, generate_csrf(), httponly=False, samesite="Lax", secure=s.secure_cookies)
        return response

    def _client() -> str:
        return request.remote_addr or "?"

    def _too_many(wait: float) -> dict[str, Any]:
        return {"n": max(1, int(-(-wait // 60)))}  # whole minutes, rounded up

    @server.route(LOGIN_PATH, methods=["GET", "POST"])
    def _login() -> Any:
        lang = _lang()
        if request.method == "GET":
            return _html(login_page(lang, safe_next(request.args.get("next"))))
        next_path = safe_next(request.form.get("next"))
        name, password = str(request.form.get("name", "")), str(request.form.get("password", ""))
        if limits is None:  # a trusted proxy's users only: nobody signs in here
            return _html(login_page(lang, next_path, error=True), 401)
        wait = limits.locked(name, _client())
        if wait > 0:
            _log.warning("sign-in refused (locked) for %r from %s", name[:MAX_NAME], _client())
            return _html(login_page(lang, next_path, "auth.locked", **_too_many(wait)), 429, int(wait) + 1)
        user = None
        if len(name) <= MAX_NAME and len(password) <= MAX_PASSWORD:
            with limits.slot() as free:
                if not free:
                    return _html(login_page(lang, next_path, "auth.busy"), 503, 2)
                user = verify(name, password)
        if user is None:
            limits.failed(name, _client())
            _log.warning("sign-in failed for %r from %s", name[:MAX_NAME], _client())  # repr: no forged log lines
            return _html(login_page(lang, next_path, error=True), 401)
        limits.succeeded(name)
        _start_session(user)
        _log.info("signed in: %r from %s", user.name, _client())
        return redirect(next_path, code=302)

    @server.route(PASSWORD_PATH, methods=["GET", "POST"])
    def _password() -> Any:
        lang = _lang()
        user = current_user()
        if user is None or limits is None or not managed_users() or _trusted() is not None:
            abort(404)
        if request.method == "GET":
            return _html(password_page(lang, user.name))
        current, new, again = (str(request.form.get(k, "")) for k in ("current", "new", "again"))
        wait = limits.locked(user.name, _client())
        if wait > 0:
            return _html(password_page(lang, user.name, "auth.locked", **_too_many(wait)), 429, int(wait) + 1)
        problem = password_problem(new, user.name)
        if not problem and new != again:
            problem = "account.error.again"
        if not problem and new == current:
            problem = "account.error.same"
        with limits.slot() as free:
            if not free:
                return _html(password_page(lang, user.name, "auth.busy"), 503, 2)
            if len(current) > MAX_PASSWORD or verify(user.name, current) is None:
                limits.failed(user.name, _client())  # guessing the current password counts as failed sign-ins
                _log.warning("password change: wrong current password for %r from %s", user.name, _client())
                return _html(password_page(lang, user.name, "account.error.current"), 400)
            if problem:
                return _html(password_page(lang, user.name, problem), 400)
            changed = change_own_password(user.name, new)
        _start_session(changed)  # the other sessions end; this one goes on, renewed
        return _html(password_page(lang, user.name, done=True))

    @server.post(LOGOUT_PATH)
    def _logout() -> Any:
        user = current_user()
        if user is not None and managed_users():
            end_sessions(user.name)  # a copy of the cookie is refused from now on
        logout_user()
        session.clear()  # the CSRF token too: the next session gets a new one
        response = redirect(LOGIN_PATH, code=302)
        response.delete_cookie(csrf_cookie, samesite="Lax", secure=s.secure_cookies)
        return response


# --- the command line -----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.auth", description="The dashboard's users file.")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-user", help="add a user (or change one with --replace)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="viewer")
    add.add_argument("--users-file", type=Path, default=os.environ.get("ERDF_USERS_FILE"))
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--replace", action="store_true")
    listing = sub.add_parser("list-users", help="list the users and their roles")
    listing.add_argument("--users-file", type=Path, default=os.environ.get("ERDF_USERS_FILE"))
    args = parser.parse_args(argv)
    if args.users_file is None:
        parser.error("--users-file (or ERDF_USERS_FILE) is required")
    path = Path(args.users_file)
    users = read_users(path) if path.exists() else {}
    if args.command == "list-users":
        for user in users.values():
            print(f"{user.name}\t{user.role}")
        return 0
    if args.name in users and not args.replace:
        print(f"{args.name} exists already (use --replace to change it)", file=sys.stderr)
        return 1
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    problem = password_problem(password, args.name)
    if problem:
        print(t(problem, "en"), file=sys.stderr)
        return 1
    old = users.get(args.name)
    # a new password ends every session of the user (one more generation)
    users[args.name] = User(args.name, args.role, _hasher().hash(password), old.generation + 1 if old else 0)
    write_users(path, users)
    print(f"{args.name} ({args.role}) written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
