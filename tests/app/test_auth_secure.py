"""Behind HTTPS (``ERDF_SECURE_COOKIES=1``): HSTS on every answer, the session and CSRF cookies Secure and named
``__Host-...`` (no Domain, Path=/), and Dash's renderer and assets/upload.js told the CSRF cookie's name; and the
app refuses to start with the login on and a short or guessable ``ERDF_SECRET_KEY`` (issue 20, review F9 and F10;
OWASP ASVS 3.4.1, 3.4.4, 14.4.5). A real server; the Secure cookies are sent back by hand (the client speaks
plain HTTP to 127.0.0.1, as the proxy in front of the app would)."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys

import pytest
import requests

from settings import Settings
from tests.app.signin import TOKEN
from tests.browser.conftest import ROOT, serve, with_login
from ui import auth

PASSWORDS = {"ada": "beheerder van het dashboard", "eddy": "redacteur met een zin"}
ROLES = {"ada": "admin", "eddy": "editor"}


@pytest.fixture(scope="module")
def server(demo_dir, tmp_path_factory):
    accounts = {n: (ROLES[n], p) for n, p in PASSWORDS.items()}
    folder, _, env = with_login(demo_dir, tmp_path_factory, "secure", accounts)
    with serve(folder, "server-secure.log", {**env, "ERDF_SECURE_COOKIES": "1"}) as base:
        yield base


def _set_cookies(answer: requests.Response) -> dict[str, str]:
    """Each cookie the answer sets: name -> its whole Set-Cookie line."""
    lines = answer.raw.headers.getlist("Set-Cookie")
    return {line.split("=", 1)[0]: line for line in lines}


def _sign_in(base: str, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """(the cookies to send back, the Set-Cookie lines of the sign-in and of the first page)."""
    first = requests.get(f"{base}/login?lang=en")
    jar = {k: v.split(";")[0].split("=", 1)[1] for k, v in _set_cookies(first).items()}
    token = TOKEN.search(first.text).group(1)
    r = requests.post(f"{base}/login?lang=en", cookies=jar, allow_redirects=False,
                      data={"csrf_token": token, "name": name, "password": PASSWORDS[name], "next": "/"})  # fmt: skip
    assert r.status_code == 302, r.text[:300]
    lines = _set_cookies(r)
    jar = {k: v.split(";")[0].split("=", 1)[1] for k, v in lines.items()}
    page = requests.get(f"{base}/?lang=en", cookies=jar, headers={"Accept": "text/html"})
    lines |= _set_cookies(page)
    jar |= {k: v.split(";")[0].split("=", 1)[1] for k, v in _set_cookies(page).items()}
    return jar, lines


def test_hsts_on_every_answer(server):
    for path, headers in (("/login", {}), ("/healthz", {}), ("/_dash-layout", {}), ("/", {"Accept": "text/html"}),
                          ("/assets/login.css", {})):  # fmt: skip
        r = requests.get(server + path, headers=headers, allow_redirects=False)
        assert r.headers.get("Strict-Transport-Security") == "max-age=31536000", path


def test_the_session_and_csrf_cookies_are_secure_and_host_prefixed(server):
    jar, lines = _sign_in(server, "ada")
    assert set(jar) == {"__Host-session", "__Host-csrf_token"}
    for name in jar:
        line = lines[name]
        assert "Secure" in line and "Path=/" in line and "Domain" not in line, line  # what __Host- demands
    assert "HttpOnly" in lines["__Host-session"]
    assert requests.get(f"{server}/_dash-layout", cookies=jar).status_code == 200


def test_dash_and_the_upload_read_the_prefixed_csrf_cookie(server, demo_dir):
    jar, _ = _sign_in(server, "eddy")
    page = requests.get(f"{server}/data?lang=en", cookies=jar, headers={"Accept": "text/html"})
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page.text,
                                  re.S).group(1))  # fmt: skip
    assert config["csrf_token_name"] == "__Host-csrf_token"  # the renderer sends this cookie's value back
    upload_js = (ROOT / "assets" / "upload.js").read_text(encoding="utf-8")
    assert "csrf_token_name" in upload_js and "_dash-config" in upload_js  # the upload reads the same name
    token = jar["__Host-csrf_token"]
    up = requests.post(f"{server}/data/upload?lang=en", cookies=jar, headers={"X-CSRFToken": token},
                       files={"file": ("x.xlsx", (demo_dir / "erdf-2014-2020.xlsx").read_bytes())})  # fmt: skip
    assert up.status_code == 202  # the token from the prefixed cookie is the session's


def test_without_secure_cookies_no_hsts_and_plain_names(demo_dir, tmp_path_factory):
    folder, _, env = with_login(demo_dir, tmp_path_factory, "plain", {"ada": ("admin", PASSWORDS["ada"])})
    with serve(folder, "server-plain.log", env) as base:
        r = requests.get(f"{base}/login")
        assert "Strict-Transport-Security" not in r.headers  # over plain HTTP a browser would ignore it anyway
        assert "session=" in r.headers["Set-Cookie"] and "__Host-" not in r.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("x", "ERDF_SECRET_KEY has 1 characters: at least 32"),
        ("short-but-random-Zq81", "ERDF_SECRET_KEY has 21 characters"),
        ("k" * 64, "ERDF_SECRET_KEY uses fewer than 8 different characters"),
        ("abababababababababababababababab", "fewer than 8 different characters"),  # 32 characters, 2 different
    ],
)
def test_a_short_or_guessable_secret_key_does_not_start(tmp_path, key, said):
    saved = dict(auth._state)
    try:
        with pytest.raises(RuntimeError, match=said):
            auth.install(_NoServer(), Settings(data_dir=tmp_path, users_file=tmp_path / "u.toml", secret_key=key))
    finally:
        auth._state.clear()
        auth._state.update(saved)  # the session app's settings again: auth off


def test_a_random_secret_key_passes_the_check():
    assert auth.secret_key_problem(secrets.token_hex(32)) is None  # what the README tells to use
    assert auth.secret_key_problem(secrets.token_urlsafe(32)) is None


def test_the_app_started_with_a_weak_key_says_which_variable(tmp_path):
    """``python app.py`` itself: it stops at once with a message naming ERDF_SECRET_KEY, no server started."""
    users = tmp_path / "users.toml"
    auth.write_users(users, {})
    env = {"ERDF_USERS_FILE": str(users), "ERDF_SECRET_KEY": "dev", "ERDF_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"}
    run = subprocess.run([sys.executable, "-c", "from app import create_app; create_app()"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert run.returncode != 0
    assert "ERDF_SECRET_KEY has 3 characters: at least 32 are needed" in run.stderr


class _NoServer:
    """What auth.install is given before the key is checked: an app whose server is a real Flask app."""

    def __init__(self) -> None:
        from flask import Flask

        self.server = Flask("no-server")
