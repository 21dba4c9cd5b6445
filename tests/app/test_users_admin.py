"""The Users page (#13, "admin: users"): with the login on, an admin adds a user, changes a role, removes a user;
an editor cannot; the last admin stays; the users file keeps argon2 hashes only. A real server on its own users
file; each change is the page's own Dash callback, sent with the session and the CSRF token as a browser does."""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.app.helpers import route_request
from tests.browser.conftest import serve, with_login
from ui import auth

PASSWORDS = {
    "vera": "viewer-password-1",
    "vic": "viewer-password-4",  # a viewer no test removes
    "eddy": "editor-password-2",
    "ada": "admin-password-3",
}
ROLES = {"vera": "viewer", "vic": "viewer", "eddy": "editor", "ada": "admin"}


@pytest.fixture(scope="module")
def server(demo_dir, tmp_path_factory):
    folder, users, env = with_login(
        demo_dir, tmp_path_factory, "users", {n: (ROLES[n], p) for n, p in PASSWORDS.items()}
    )
    with serve(folder, "server-users.log", env) as base:
        yield base, users


def _login(base: str, name: str, password: str) -> requests.Session | None:
    s = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', s.get(f"{base}/login?lang=en").text).group(1)
    r = s.post(
        f"{base}/login?lang=en",
        data={"csrf_token": token, "name": name, "password": password, "next": "/"},
        allow_redirects=False,
    )
    if r.status_code != 302:
        return None
    s.get(f"{base}/?lang=en", headers={"Accept": "text/html"})  # sets the CSRF cookie Dash's requests send back
    return s


def _call(s: requests.Session, base: str, trigger: str, prop: str, values: dict[str, object]) -> dict:
    """POST the page's callback whose input is ``trigger.prop``, its states filled from ``values``."""
    deps = s.get(f"{base}/_dash-dependencies").json()
    (dep,) = [d for d in deps if any(i["id"] == trigger and i["property"] == prop for i in d["inputs"])]
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{**i, "value": 1} for i in dep["inputs"]],
        "state": [{**st, "value": values.get(st["id"], "?lang=en")} for st in dep["state"]],
        "changedPropIds": [f"{trigger}.{prop}"],
    }
    r = s.post(
        f"{base}/_dash-update-component",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-CSRFToken": s.cookies.get(auth.CSRF_COOKIE)},
    )
    assert r.status_code == 200, r.text[:300]
    return r.json()["response"]


def _status(answer: dict) -> str:
    return json.dumps(answer["users-status"]["children"], ensure_ascii=False)


def _save(s, base, name, role, password=""):
    return _call(
        s, base, "users-save", "n_clicks", {"users-name": name, "users-role": role, "users-password": password}
    )


def _page(s: requests.Session, base: str, path: str) -> str:
    r = s.post(
        f"{base}/_dash-update-component",
        data=json.dumps(route_request(path, "?lang=en")),
        headers={"Content-Type": "application/json", "X-CSRFToken": s.cookies.get(auth.CSRF_COOKIE)},
    )
    assert r.status_code == 200
    return r.text


def test_an_admin_gets_the_page_with_every_user_and_no_hash(server):
    base, users = server
    ada = _login(base, "ada", PASSWORDS["ada"])
    page = _page(ada, base, "/users")
    assert "notice-page-error" not in page and "users-save" in page
    for name in auth.read_users(users):  # whoever the file holds now (other tests add and remove users)
        assert f'"{name}"' in page
    assert "$argon2" not in page  # the table shows names and roles, never a hash


def test_an_admin_adds_a_user_who_can_then_sign_in(server):
    base, users = server
    ada = _login(base, "ada", PASSWORDS["ada"])
    answer = _save(ada, base, "nieuw", "editor", "een zin om te onthouden")
    assert "nieuw is added (Editor" in _status(answer)
    assert answer["users-password"]["value"] == ""  # the password field is emptied
    assert auth.read_users(users)["nieuw"].role == "editor"
    assert "een zin om te onthouden" not in users.read_text()  # a hash, never the password
    assert _login(base, "nieuw", "een zin om te onthouden") is not None


def test_an_editor_cannot_change_users(server):
    base, users = server
    before = users.read_bytes()
    eddy = _login(base, "eddy", PASSWORDS["eddy"])
    answer = _save(eddy, base, "eddy", "admin", "")
    assert "Only an admin manages users" in _status(answer)
    assert users.read_bytes() == before
    page = _page(eddy, base, "/users")
    assert "Only an admin manages users" in page and "users-save" not in page


@pytest.mark.parametrize(
    ("name", "role", "password", "said"),
    [
        ("ada", "viewer", "", "This is the last admin"),  # the only admin demoted: refused
        ("<script>x</script>", "viewer", "long enough password", "The user name must have"),
        ("kort", "viewer", "short", "A new user needs a password"),
        ("nopass", "viewer", "", "A new user needs a password"),
        ("vera", "superuser", "", "Choose a role"),
    ],
)
def test_a_change_that_would_break_the_file_is_refused(server, name, role, password, said):
    base, users = server
    before = users.read_bytes()
    ada = _login(base, "ada", PASSWORDS["ada"])
    assert said in _status(_save(ada, base, name, role, password))
    assert users.read_bytes() == before


def test_an_admin_removes_a_user_but_not_herself(server):
    base, users = server
    ada = _login(base, "ada", PASSWORDS["ada"])
    assert "You cannot remove yourself" in _status(
        _call(ada, base, "users-confirm", "submit_n_clicks", {"users-remove-name": "ada"})
    )
    answer = _call(ada, base, "users-confirm", "submit_n_clicks", {"users-remove-name": "vera"})
    assert "vera is removed" in _status(answer)
    assert "vera" not in auth.read_users(users)
    assert _login(base, "vera", PASSWORDS["vera"]) is None  # she can no longer sign in
    assert all(o["value"] != "vera" for o in answer["users-remove-name"]["data"])


@pytest.mark.parametrize("who", ["vic", "eddy"])
def test_a_forged_users_callback_gets_the_refusal_and_no_user_list(server, who):
    """A viewer or an editor sending the Users page's callbacks (the page is not shown to them): the refusal only,
    never the table of users nor the names one may remove (ASVS 4.1.3: checked on the server before any read)."""
    base, _ = server
    s = _login(base, who, PASSWORDS[who])
    for answer in (
        _save(s, base, "", "viewer", ""),
        _call(s, base, "users-confirm", "submit_n_clicks", {"users-remove-name": "ada"}),
    ):
        assert "Only an admin manages users" in _status(answer)
        assert "users-table" not in answer  # the table is left as it is (no_update): not sent back
        assert "data" not in answer.get("users-remove-name", {})  # nor the names one may remove
        for name in ("ada", "eddy", "vera"):
            assert f'"{name}"' not in json.dumps(answer)


def test_the_users_callbacks_answer_in_the_language_remembered_in_the_browser(server):
    """No ``lang=`` in the URL: the status is in the language the browser remembers (lang-store), as on every page."""
    base, _ = server
    ada = _login(base, "ada", PASSWORDS["ada"])
    answer = _call(
        ada,
        base,
        "users-save",
        "n_clicks",
        {"users-name": "ada", "users-role": "viewer", "users-password": "", "_pages_location": "", "lang-store": "nl"},
    )
    assert "Dit is de laatste beheerder" in _status(answer)  # the only admin demoted: refused, said in Dutch
