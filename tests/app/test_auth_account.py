"""Every user changes their own password (issue 20, review F9; OWASP ASVS 2.1.5): ``/account/password``, in FR, NL
and EN, the current password asked; the change ends the user's other sessions and keeps this one. A real server
with the login on."""

from __future__ import annotations

import pytest
import requests

from tests.app.signin import alert, form_token, login, try_login
from tests.browser.conftest import serve, with_login
from ui import auth

PASSWORDS = {"vera": "viewer-zin-een-twee", "eddy": "redacteur met een zin", "ada": "beheerder van het dashboard"}
ROLES = {"vera": "viewer", "eddy": "editor", "ada": "admin"}


@pytest.fixture(scope="module")
def server(demo_dir, tmp_path_factory):
    accounts = {n: (ROLES[n], p) for n, p in PASSWORDS.items()}
    folder, users, env = with_login(demo_dir, tmp_path_factory, "account", accounts)
    with serve(folder, "server-account.log", env) as base:
        yield base, users


def _change(s: requests.Session, base: str, lang: str, current: str, new: str, again: str | None = None):
    token = form_token(s, f"{base}/account/password?lang={lang}")
    return s.post(
        f"{base}/account/password?lang={lang}",
        data={"csrf_token": token, "current": current, "new": new, "again": new if again is None else again},
        allow_redirects=False,
    )


@pytest.mark.parametrize(
    ("lang", "title", "current"),
    [("fr", "Changer mon mot de passe", "Mot de passe actuel"), ("nl", "Mijn wachtwoord wijzigen", "Huidig wachtwoord"),
     ("en", "Change my password", "Current password")],
)  # fmt: skip
def test_the_form_in_each_language(server, lang, title, current):
    base, _ = server
    s = login(base, "vera", PASSWORDS["vera"])
    page = s.get(f"{base}/account/password?lang={lang}")
    assert page.status_code == 200 and f"<h2>{title}</h2>" in page.text
    assert f'<label for="account-current">{current}</label>' in page.text
    assert 'autocomplete="new-password"' in page.text and page.headers["Cache-Control"] == "no-store"
    assert f'lang="{lang}"' in page.text


def test_nobody_gets_the_form(server):
    base, _ = server
    r = requests.get(f"{base}/account/password", headers={"Accept": "text/html"}, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=%2Faccount%2Fpassword")


@pytest.mark.parametrize(
    ("current", "new", "again", "said"),
    [
        ("not the current one", "een heel nieuwe zin", None, "The current password is wrong. Nothing is changed."),
        (PASSWORDS["eddy"], "password1234", None, "This password is too easy to guess"),
        (PASSWORDS["eddy"], "kort", None, "A new user needs a password of at least 12 characters."),
        (PASSWORDS["eddy"], "een heel nieuwe zin", "een andere nieuwe zin", "The two new passwords differ."),
        (PASSWORDS["eddy"], PASSWORDS["eddy"], None, "The new password is the old one."),
    ],
)
def test_a_refused_change_changes_nothing(server, current, new, again, said):
    base, users = server
    before = users.read_bytes()
    s = login(base, "eddy", PASSWORDS["eddy"])
    r = _change(s, base, "en", current, new, again)
    assert r.status_code == 400 and alert(r).startswith(said)
    assert users.read_bytes() == before
    assert s.get(f"{base}/_dash-layout").status_code == 200  # still signed in


def test_a_change_ends_the_other_sessions_keeps_this_one_and_the_new_password_works(server):
    base, users = server
    here = login(base, "ada", PASSWORDS["ada"])
    other = login(base, "ada", PASSWORDS["ada"])  # another browser
    before = auth.read_users(users)["ada"].generation
    r = _change(here, base, "nl", PASSWORDS["ada"], "een nieuwe zin voor ada")
    assert r.status_code == 200
    assert 'role="status">Uw wachtwoord is gewijzigd.' in r.text
    assert auth.read_users(users)["ada"].generation == before + 1
    assert other.get(f"{base}/_dash-layout").status_code == 401  # the other browser is signed out
    assert here.get(f"{base}/_dash-layout").status_code == 200  # this one goes on (a renewed session)
    assert try_login(base, "ada", PASSWORDS["ada"])[1].status_code == 401  # the old password no longer works
    assert try_login(base, "ada", "een nieuwe zin voor ada")[1].status_code == 302
    PASSWORDS["ada"] = "een nieuwe zin voor ada"


def test_the_password_form_needs_its_token(server):
    base, _ = server
    s = login(base, "vera", PASSWORDS["vera"])
    fields = {"current": PASSWORDS["vera"], "new": "een heel nieuwe zin", "again": "een heel nieuwe zin"}
    r = s.post(f"{base}/account/password?lang=en", data=fields)  # no csrf_token
    assert r.status_code == 400 and "could not be checked" in r.text
