"""Users and roles (#13), with the login on: a real server (``python app.py``) with a users file of real argon2
hashes, asked route by route as anonymous, viewer, editor and admin.

The routes are the app's own: a child process builds the app with the same settings and lists its Flask URL
rules and its Dash pages, so a route added later is asked too, without editing this file.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
import requests

from tests.browser.conftest import ROOT, serve, with_login
from ui import auth

PASSWORDS = {"vera": "viewer-password-1", "eddy": "editor-password-2", "ada": "admin-password-3"}
ROLES = {"vera": "viewer", "eddy": "editor", "ada": "admin"}

LIST_ROUTES = """
import json, sys
sys.path.insert(0, {root!r})
import dash
from app import create_app
from settings import from_env
app = create_app(from_env())
rules = [(r.rule, sorted(m for m in r.methods if m not in ("HEAD", "OPTIONS")))
         for r in app.server.url_map.iter_rules()]
pages = [p.get("path_template") or p["path"] for p in dash.page_registry.values()]
print(json.dumps({{"rules": rules, "pages": pages}}))
"""


@pytest.fixture(scope="module")
def setup(demo_dir, tmp_path_factory):
    folder, users, env = with_login(
        demo_dir, tmp_path_factory, "auth", {n: (ROLES[n], p) for n, p in PASSWORDS.items()}
    )
    listed = subprocess.run(
        [sys.executable, "-c", LIST_ROUTES.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**__import__("os").environ, **env, "ERDF_DATA_DIR": str(folder)},
    )
    routes = json.loads(listed.stdout.strip().splitlines()[-1])
    with serve(folder, "server-auth.log", env) as base:
        yield base, routes, users


def _fill(rule: str) -> str:
    """A URL for a rule: every <variable> replaced by a plausible value."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: "2021-2027" if m.group(1) == "programme_id" else "x", rule)


def _session(base: str, name: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/login?lang=en")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = s.post(
        f"{base}/login?lang=en",
        data={"csrf_token": token, "name": name, "password": PASSWORDS[name], "next": "/"},
        allow_redirects=False,
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/", answer.text[:300]
    s.get(f"{base}/?lang=en", headers={"Accept": "text/html"})  # the page sets the CSRF cookie Dash reads
    assert s.cookies.get(auth.CSRF_COOKIE)
    return s


PUBLIC = ("/login", "/healthz", "/assets/", "/_dash-component-suites/", "/_favicon.ico")


def test_every_route_refuses_nobody(setup):
    base, routes, _ = setup
    asked = 0
    for rule, methods in routes["rules"]:
        url = base + _fill(rule)
        if rule.startswith(PUBLIC) or rule in ("/logout",):
            continue
        for method in methods:
            answer = requests.request(method, url, headers={"Accept": "application/json"}, allow_redirects=False)
            assert answer.status_code == 401, (method, rule, answer.status_code)
            assert "Traceback" not in answer.text and "/" not in answer.json()["error"]
            asked += 1
    assert asked >= 6  # /_dash-layout, /_dash-dependencies, /_dash-update-component, /export, /data/upload, ...
    for template in routes["pages"]:
        answer = requests.get(base + _fill(template), headers={"Accept": "text/html"}, allow_redirects=False)
        assert answer.status_code == 302, template
        assert answer.headers["Location"].startswith("/login?next=%2F")


def test_the_public_routes_answer_nobody(setup):
    base, _, _ = setup
    assert requests.get(f"{base}/healthz").status_code == 200
    assert requests.get(f"{base}/assets/login.css").status_code == 200
    login = requests.get(f"{base}/login?lang=nl")
    assert login.status_code == 200 and "Aanmelden" in login.text and 'autocomplete="current-password"' in login.text


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(setup):
    base, _, _ = setup
    answers = []
    for name, password in (("vera", "not-her-password"), ("nobody", "whatever-password")):
        s = requests.Session()
        token = re.search(r'name="csrf_token" value="([^"]+)"', s.get(f"{base}/login?lang=fr").text).group(1)
        r = s.post(f"{base}/login?lang=fr", data={"csrf_token": token, "name": name, "password": password})
        answers.append((r.status_code, html.unescape(re.search(r'role="alert">([^<]+)<', r.text).group(1))))
    assert answers[0] == answers[1] == (401, "Nom d'utilisateur ou mot de passe incorrect.")


def test_the_login_form_needs_its_token(setup):
    base, _, _ = setup
    r = requests.post(f"{base}/login", data={"name": "ada", "password": PASSWORDS["ada"]}, allow_redirects=False)
    assert r.status_code == 400


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_after_the_login_only_a_local_path_is_followed(setup, target):
    base, _, _ = setup
    s = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', s.get(f"{base}/login").text).group(1)
    r = s.post(
        f"{base}/login",
        data={"csrf_token": token, "name": "vera", "password": PASSWORDS["vera"], "next": target},
        allow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["Location"] == "/"


def _layout_callback(s: requests.Session, base: str, with_token: bool) -> requests.Response:
    body = {
        "output": "..history-status.children...history-table.children..",
        "outputs": [
            {"id": "history-status", "property": "children"},
            {"id": "history-table", "property": "children"},
        ],
        "inputs": [{"id": "history-confirm", "property": "submit_n_clicks", "value": 1}],
        "state": [
            {"id": "history-pending", "property": "data", "value": {"act": "remove", "short": "0" * 12, "pid": "x"}},
            {"id": "_pages_location", "property": "search", "value": "?lang=en"},
            {"id": "lang-store", "property": "data", "value": None},
        ],
        "changedPropIds": ["history-confirm.submit_n_clicks"],
    }
    headers = {"Content-Type": "application/json"}
    if with_token:
        headers["X-CSRFToken"] = s.cookies.get(auth.CSRF_COOKIE)
    return s.post(f"{base}/_dash-update-component", data=json.dumps(body), headers=headers)


def test_a_viewer_reads_but_cannot_upload_or_act(setup, demo_dir):
    base, routes, _ = setup
    s = _session(base, "vera")
    for template in routes["pages"]:
        if "<" in template:
            continue
        assert s.get(base + template, headers={"Accept": "text/html"}).status_code in (200, 404), template
    assert s.get(f"{base}/_dash-layout").status_code == 200
    assert s.get(f"{base}/_dash-dependencies").status_code == 200
    assert _layout_callback(s, base, with_token=False).status_code == 400  # Dash's callbacks need the token too
    acted = _layout_callback(s, base, with_token=True)
    assert acted.status_code == 200 and "Your role does not allow this" in acted.text  # refused on the server
    raw = (demo_dir / "erdf-2014-2020.xlsx").read_bytes()
    up = s.post(
        f"{base}/data/upload?lang=en",
        files={"file": ("x.xlsx", raw)},
        headers={"X-CSRFToken": s.cookies.get(auth.CSRF_COOKIE)},
    )
    assert up.status_code == 403  # refused server-side, not only hidden
    assert s.get(f"{base}/export/programme/2021-2027?lang=en").status_code == 200  # a viewer exports


def test_an_editor_uploads_with_the_token_only(setup, demo_dir):
    base, _, _ = setup
    s = _session(base, "eddy")
    raw = (demo_dir / "erdf-2014-2020.xlsx").read_bytes()
    assert s.post(f"{base}/data/upload?lang=en", files={"file": ("x.xlsx", raw)}).status_code == 400  # no token
    up = s.post(
        f"{base}/data/upload?lang=en",
        files={"file": ("x.xlsx", raw)},
        headers={"X-CSRFToken": s.cookies.get(auth.CSRF_COOKIE)},
    )
    assert up.status_code == 202 and up.json()["job"]


def test_the_session_cookie_is_httponly_and_samesite(setup):
    base, _, _ = setup
    s = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', s.get(f"{base}/login").text).group(1)
    r = s.post(
        f"{base}/login",
        data={"csrf_token": token, "name": "ada", "password": PASSWORDS["ada"]},
        allow_redirects=False,
    )
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_signing_out_ends_the_session(setup):
    base, _, _ = setup
    s = _session(base, "ada")
    assert s.get(f"{base}/_dash-layout").status_code == 200
    out = s.post(f"{base}/logout", data={"csrf_token": s.cookies.get(auth.CSRF_COOKIE)}, allow_redirects=False)
    assert out.status_code == 302
    assert s.get(f"{base}/_dash-layout").status_code == 401


def test_the_command_line_writes_a_users_file_whose_hash_verifies(tmp_path):
    users = tmp_path / "users.toml"
    run = subprocess.run(
        [sys.executable, "-m", "ui.auth", "add-user", "anne", "--role", "admin", "--users-file", str(users),
         "--password-stdin"],
        input="a-long-enough-password\n", capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert oct(users.stat().st_mode & 0o777) == "0o600"
    read = auth.read_users(users)
    assert read["anne"].role == "admin"
    auth._hasher().verify(read["anne"].hash, "a-long-enough-password")
    again = subprocess.run(
        [sys.executable, "-m", "ui.auth", "add-user", "anne", "--users-file", str(users), "--password-stdin"],
        input="another-long-password\n", capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert again.returncode == 1 and "exists already" in again.stderr


def test_with_auth_off_everyone_is_the_local_admin(client):
    assert auth.enabled() is False
    assert auth.can("admin") and auth.user_name() == "local"
    assert client.get("/programme/2021-2027", headers={"Accept": "text/html"}).status_code == 200


def test_a_users_file_without_a_secret_key_does_not_start(tmp_path):
    from settings import Settings

    saved = dict(auth._state)
    try:
        with pytest.raises(RuntimeError, match="ERDF_SECRET_KEY"):
            auth.install(object(), Settings(data_dir=tmp_path, users_file=tmp_path / "u.toml"))
    finally:
        auth._state.clear()
        auth._state.update(saved)  # the session app's settings again: auth off
