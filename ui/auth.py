"""Who may do what: viewer (reads everything), editor (uploads, confirms, chooses the current snapshot), admin.

Off when neither a users file nor a trusted proxy header is configured (the local demo): everyone is the
local admin and nothing is asked. On as soon as ``ERDF_USERS_FILE`` names a file (create it with
``python -m ui.auth add-user NAME --role admin --users-file PATH``):

* users in a TOML file (``[[user]]`` name, role, argon2id hash: argon2-cffi), sessions with Flask-Login
  (a signed cookie: ``ERDF_SECRET_KEY``, the same for every worker; HttpOnly, SameSite=Lax, Secure with
  ``ERDF_SECURE_COOKIES=1`` behind HTTPS);
* every route needs a signed-in user except the login page, the static assets and component bundles and the
  health endpoint: a page answers with a redirect to the login, anything else (Dash's ``/_dash-*`` routes,
  downloads, uploads) with 401;
* CSRF (Flask-WTF's CSRFProtect) on every POST, nothing exempt: the login form carries its token, Dash's
  renderer sends the ``_csrf_token`` cookie's value in its ``X-CSRFToken`` header, ``assets/upload.js`` too;
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
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, redirect, request
from markupsafe import escape

import settings as settings_mod
from i18n import LANGS, t

ROLES = ("viewer", "editor", "admin")
LOCAL_USER = "local"
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
#: what anyone may fetch: the login, the static files and component bundles, the health check
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
PUBLIC_PATHS = (LOGIN_PATH, "/healthz", "/favicon.ico", "/_favicon.ico")
CSRF_COOKIE = "_csrf_token"  # the cookie Dash's renderer reads (its X-CSRFToken header)
_state: dict[str, Any] = {"settings": None, "users": None}
_log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class User:
    name: str
    role: str
    hash: str = ""

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
            out[name] = User(name, role if role in ROLES else "viewer", str(entry.get("hash", "")))
    return out


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_users(path: Path, users: dict[str, User]) -> None:
    """Write the users file (mode 0600), whole (a temporary file renamed)."""
    lines = ["# ERDF dashboard users: python -m ui.auth add-user NAME --role viewer|editor|admin", ""]
    for user in users.values():
        lines += ["[[user]]", f"name = {_toml_string(user.name)}", f"role = {_toml_string(user.role)}",
                  f"hash = {_toml_string(user.hash)}", ""]  # fmt: skip
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
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
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
        users = dict(_users())
        users[name] = User(name, user.role, hasher.hash(password))
        write_users(Path(s.users_file), users)
    return user


# --- an admin's changes to the users file (the Users page) ---------------------------------------------
class UsersError(ValueError):
    """A change of the users file that is refused: ``key`` is the catalogue key of the reason."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


MIN_PASSWORD = 12
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
    if password and len(password) < MIN_PASSWORD:
        raise UsersError("users.error.password")
    done: list[str] = []

    def change(users: dict[str, User]) -> None:
        old = users.get(name)
        if old is None and not password:
            raise UsersError("users.error.password")
        admins = [u for u in users.values() if u.role == "admin"]
        if old is not None and old.role == "admin" and role != "admin" and len(admins) == 1:
            raise UsersError("users.error.last_admin")
        users[name] = User(name, role, _hasher().hash(password) if password else old.hash if old else "")
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


# --- the login page ---------------------------------------------------------------------------------
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


def login_page(lang: str, next_path: str, error: bool = False) -> str:
    from flask_wtf.csrf import generate_csrf

    def e(key: str) -> str:
        return str(escape(t(key, lang)))

    langs = " · ".join(
        f'<a href="{LOGIN_PATH}?lang={code}&amp;next={escape(next_path)}" lang="{code}">{code.upper()}</a>'
        for code in LANGS
    )
    problem = f'<p class="login-error" role="alert">{e("auth.wrong")}</p>' if error else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e("auth.title")} · {e("app_title")}</title><link rel="stylesheet" href="/assets/login.css">
<link rel="icon" href="/_favicon.ico"></head>
<body><main class="login">
<h1>{e("app_title")}</h1><h2>{e("auth.title")}</h2>{problem}
<form method="post" action="{LOGIN_PATH}?lang={lang}">
<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">
<input type="hidden" name="next" value="{escape(next_path)}">
<label for="login-name">{e("auth.name")}</label>
<input id="login-name" name="name" autocomplete="username" required autofocus>
<label for="login-password">{e("auth.password")}</label>
<input id="login-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login-submit">{e("auth.submit")}</button>
</form><p class="login-langs">{langs}</p><p class="login-hint">{e("auth.hint")}</p></main></body></html>"""


def logout_form(lang: str) -> Any:
    """The header's "Sign out (name)" button (a POST with its CSRF token), or None when nobody signs out."""
    user = current_user()
    if not enabled() or user is None or _trusted() is not None:
        return None
    from dash import dcc, html
    from flask_wtf.csrf import generate_csrf

    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf(), id="logout-csrf"),
            html.Button(t("auth.logout", lang, user=user.name), type="submit", id="logout-button"),
        ],
        action=LOGOUT_PATH,
        method="POST",
        className="logout-form",
    )


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _is_page(path: str) -> bool:
    """A browser asking for a page (sent to the login), not a script asking for data (answered 401)."""
    return (
        request.method == "GET"
        and not path.startswith(("/_", "/export", "/data/upload"))
        and "text/html" in (request.headers.get("Accept") or "text/html")
    )


def install(app: Any, s: settings_mod.Settings) -> None:
    """Install the login, the guard of every route and CSRF on ``app``'s server (nothing when auth is off)."""
    _state["settings"], _state["users"] = s, None
    if not enabled():
        return
    if not s.secret_key:
        raise RuntimeError(
            "login is on (ERDF_USERS_FILE or ERDF_TRUSTED_USER_HEADER) but ERDF_SECRET_KEY is empty: "
            "set a long random secret key, the same for every worker"
        )
    from flask_login import LoginManager, login_user, logout_user
    from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

    server: Flask = app.server
    server.secret_key = s.secret_key
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=s.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=s.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a committee meeting outlasts an hour
        WTF_CSRF_HEADERS=["X-CSRFToken"],
    )
    manager = LoginManager()
    manager.init_app(server)
    manager.user_loader(lambda name: _users().get(name))

    @server.errorhandler(CSRFError)
    def _csrf_refused(_error: CSRFError) -> tuple[Response, int]:
        return jsonify({"error": t("auth.csrf", _lang())}), 400

    @server.before_request
    def _guard() -> Any:
        path = request.path
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
            response.set_cookie(CSRF_COOKIE, generate_csrf(), httponly=False, samesite="Lax", secure=s.secure_cookies)
        return response

    @server.route(LOGIN_PATH, methods=["GET", "POST"])
    def _login() -> Any:
        lang = _lang()
        if request.method == "GET":
            return Response(login_page(lang, safe_next(request.args.get("next"))), mimetype="text/html")
        next_path = safe_next(request.form.get("next"))
        user = verify(str(request.form.get("name", ""))[:200], str(request.form.get("password", ""))[:1000])
        if user is None:
            return Response(login_page(lang, next_path, error=True), status=401, mimetype="text/html")
        login_user(user)
        return redirect(next_path, code=302)

    @server.post(LOGOUT_PATH)
    def _logout() -> Any:
        logout_user()
        response = redirect(LOGIN_PATH, code=302)
        response.delete_cookie(CSRF_COOKIE)
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
    if len(password) < 12:
        print("the password must have at least 12 characters", file=sys.stderr)
        return 1
    users[args.name] = User(args.name, args.role, _hasher().hash(password))
    write_users(path, users)
    print(f"{args.name} ({args.role}) written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
