"""Sessions end when they should (issue 20, review F3 and F5; OWASP ASVS 3.2.1 and 3.3.1), on a real server with
the login on: signing out and a password change end every session of the user, a copy of the cookie included;
signing in starts a new session with a new CSRF token; a session ends ERDF_SESSION_HOURS after the sign-in."""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.app.signin import login, try_login
from tests.browser.conftest import serve, with_login
from ui import auth

PASSWORDS = {
    "vera": "viewer-zin-een-twee",
    "wim": "nog een lezer hier",
    "eddy": "redacteur met een zin",
    "ada": "beheerder van het dashboard",
}
ROLES = {"vera": "viewer", "wim": "viewer", "eddy": "editor", "ada": "admin"}
#: 0.001 h = 3.6 s: long enough to sign in and use the session, short enough to see it end
SESSION_HOURS = 0.001


@pytest.fixture(scope="module")
def server(demo_dir, tmp_path_factory):
    folder, users, env = with_login(
        demo_dir, tmp_path_factory, "sessions", {n: (ROLES[n], p) for n, p in PASSWORDS.items()}
    )
    with serve(folder, "server-sessions.log", {**env, "ERDF_SESSION_HOURS": str(SESSION_HOURS)}) as base:
        yield base, users


def _replay(base: str, cookies: dict[str, str]) -> int:
    """The status of /_dash-layout for a client holding only these cookies (a stolen or kept copy)."""
    return requests.get(f"{base}/_dash-layout", cookies=cookies).status_code


def test_signing_out_ends_the_session_and_a_kept_copy_of_its_cookie(server):
    base, _ = server
    s = login(base, "vera", PASSWORDS["vera"])
    elsewhere = login(base, "vera", PASSWORDS["vera"])  # the same user in another browser
    kept = s.cookies.get_dict()
    assert _replay(base, kept) == 200
    out = s.post(f"{base}/logout", data={"csrf_token": s.cookies.get(auth.CSRF_COOKIE)}, allow_redirects=False)
    assert out.status_code == 302
    assert _replay(base, kept) == 401  # the copy taken before signing out is refused
    assert elsewhere.get(f"{base}/_dash-layout").status_code == 401  # signing out ends every session of the user
    assert login(base, "vera", PASSWORDS["vera"]).get(f"{base}/_dash-layout").status_code == 200  # a new one works


def test_an_admin_changing_a_password_ends_that_users_sessions(server):
    base, users = server
    eddy = login(base, "eddy", PASSWORDS["eddy"])
    kept = eddy.cookies.get_dict()
    ada = login(base, "ada", PASSWORDS["ada"])
    deps = ada.get(f"{base}/_dash-dependencies").json()
    (dep,) = [d for d in deps if any(i["id"] == "users-save" for i in d["inputs"])]
    values = {"users-name": "eddy", "users-role": "editor", "users-password": "een nieuwe zin voor eddy"}
    body = {
        "output": dep["output"],
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
                    for o in dep["output"].strip(".").split("...")],
        "inputs": [{**i, "value": 1} for i in dep["inputs"]],
        "state": [{**st, "value": values.get(st["id"], "?lang=en")} for st in dep["state"]],
        "changedPropIds": ["users-save.n_clicks"],
    }  # fmt: skip
    headers = {"Content-Type": "application/json", "X-CSRFToken": ada.cookies.get(auth.CSRF_COOKIE)}
    r = ada.post(f"{base}/_dash-update-component", data=json.dumps(body), headers=headers)
    assert r.status_code == 200 and "eddy is changed" in r.text
    assert _replay(base, kept) == 401  # his session from before the change is over
    assert eddy.get(f"{base}/_dash-layout").status_code == 401
    assert auth.read_users(users)["eddy"].generation == 1  # 0 -> 1: one change
    assert ada.get(f"{base}/_dash-layout").status_code == 200  # the admin's own session goes on
    PASSWORDS["eddy"] = "een nieuwe zin voor eddy"


def test_signing_in_starts_a_new_session_with_a_new_csrf_token(server):
    base, _ = server
    s = requests.Session()
    page = s.get(f"{base}/login?lang=en")
    before_token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    before_session = s.cookies.get("session")
    s, answer = try_login(base, "wim", PASSWORDS["wim"], s=s)
    assert answer.status_code == 302
    after_session = s.cookies.get("session")
    assert after_session and after_session != before_session
    s.get(f"{base}/?lang=en", headers={"Accept": "text/html"})
    after_token = s.cookies.get(auth.CSRF_COOKIE)
    assert after_token and after_token != before_token
    body = {"output": "x.children", "outputs": {"id": "x", "property": "children"}, "inputs": [], "state": [],
            "changedPropIds": []}  # fmt: skip
    old = s.post(f"{base}/_dash-update-component", data=json.dumps(body),
                 headers={"Content-Type": "application/json", "X-CSRFToken": before_token})  # fmt: skip
    assert old.status_code == 400  # the token from before the sign-in is refused
    assert old.json()["error"].startswith("La demande n'a pas pu être vérifiée")
    # a planted pre-login session (an attacker's cookie and token) gives the attacker nothing after the victim signs in
    attacker = requests.Session()
    planted_token = attacker.get(f"{base}/login?lang=en").text.split('name="csrf_token" value="')[1].split('"')[0]
    victim = requests.Session()
    victim.cookies.update(attacker.cookies)  # the attacker's cookie and token, planted in the victim's browser
    v, answer = try_login(base, "wim", PASSWORDS["wim"], s=victim)
    assert answer.status_code == 302
    assert v.cookies.get("session") != attacker.cookies.get("session")
    assert attacker.get(f"{base}/_dash-layout").status_code == 401  # the planted cookie is still nobody's
    v.get(f"{base}/?lang=en", headers={"Accept": "text/html"})
    assert v.cookies.get(auth.CSRF_COOKIE) != planted_token


def test_a_session_ends_after_erdf_session_hours(server):
    base, _ = server
    s = login(base, "wim", PASSWORDS["wim"])
    assert s.get(f"{base}/_dash-layout").status_code == 200
    time.sleep(SESSION_HOURS * 3600 + 1.5)  # 3.6 s + 1.5 s
    assert s.get(f"{base}/_dash-layout").status_code == 401


def test_an_admin_changing_her_own_password_on_the_users_page_stays_signed_in(server):
    """The change ends her other sessions (a kept copy of the cookie) but renews the one she made it in."""
    base, _ = server
    ada = login(base, "ada", PASSWORDS["ada"])
    kept = ada.cookies.get_dict()
    answer = _users_save(ada, base, "ada", "admin", "de beheerder kiest opnieuw")
    assert "ada is changed" in answer
    assert ada.get(f"{base}/_dash-layout").status_code == 200  # the session she acted in goes on
    assert _replay(base, kept) == 401  # the cookie from before the change does not
    PASSWORDS["ada"] = "de beheerder kiest opnieuw"
    assert ada.cookies.get(auth.CSRF_COOKIE) != kept[auth.CSRF_COOKIE]  # a new CSRF token with the new session
    assert "ada is changed" not in _users_save(ada, base, "nobody", "viewer", "")  # and Dash's next request passes


def _users_save(s: requests.Session, base: str, name: str, role: str, password: str) -> str:
    deps = s.get(f"{base}/_dash-dependencies").json()
    (dep,) = [d for d in deps if any(i["id"] == "users-save" for i in d["inputs"])]
    values = {"users-name": name, "users-role": role, "users-password": password}
    body = {
        "output": dep["output"],
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
                    for o in dep["output"].strip(".").split("...")],
        "inputs": [{**i, "value": 1} for i in dep["inputs"]],
        "state": [{**st, "value": values.get(st["id"], "?lang=en")} for st in dep["state"]],
        "changedPropIds": ["users-save.n_clicks"],
    }  # fmt: skip
    headers = {"Content-Type": "application/json", "X-CSRFToken": s.cookies.get(auth.CSRF_COOKIE)}
    r = s.post(f"{base}/_dash-update-component", data=json.dumps(body), headers=headers)
    assert r.status_code == 200, r.text[:300]
    return r.text
