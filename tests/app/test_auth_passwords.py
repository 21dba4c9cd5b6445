"""Common passwords are refused (issue 20, review F9; OWASP ASVS 2.1.1, 2.1.7): the rules of ui.auth.passwords on
their own, with the list shipped in the repository, then through the Users page (a real server) and the command
line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.app.signin import login
from tests.browser.conftest import ROOT, serve, with_login
from ui import auth
from ui.auth.passwords import LIST_FILE, password_problem, word_lists


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",  # the review's two: one letter 12 times
        "password1234",  # a listed word with digits after it
        "Password2024!",  # capitals, digits and a sign after it
        "P@ssw0rd2024",  # look-alike signs
        "2024welkom!!",  # Dutch, digits before
        "motdepasse123",  # French
        "123456789012",  # a digit run
        "qwertyuiopas",  # a keyboard row
        "azertyuiopqs",  # the Belgian keyboard's
        "abcabcabcabc",  # one piece again and again
        "Feder-Brussel-2027",  # only the app's words and digits
        "efro.bruxelles.2021",
        "ERDF dashboard 2027",
        "ada-ada-ada-2024",  # the user's name (fewer than 5 different characters too)
        "ada.monitoring.99",  # the user's name and an app word
        "welkom.zomer.2024",  # two listed words
    ],
)
def test_a_common_or_guessable_password_is_refused(password):
    assert password_problem(password, "ada") == "users.error.common"


@pytest.mark.parametrize(
    "password",
    ["een zin van vijf woorden", "Regenboog boven Brussel 7", "correct horse battery staple", "vQ8#mL2!xR9p"],
)
def test_a_sentence_or_a_random_password_passes(password):
    assert password_problem(password, "ada") is None


def test_the_length_rules_stay():
    assert password_problem("Kort8!zin", "ada") == "users.error.password"  # 9 < 12 characters
    assert password_problem("x7" * 513, "ada") == "users.error.password_long"  # 1026 > 1024 characters


def test_the_shipped_list_is_plain_text_with_the_app_words():
    text = LIST_FILE.read_text(encoding="utf-8")
    words = [w for w in text.splitlines() if w.strip() and not w.startswith("#")]
    assert len(words) == len(set(words)) >= 300  # no line twice
    assert all(w == w.strip().lower() for w in words)
    common, app, _ = word_lists()
    assert {"123456", "password", "azerty", "wachtwoord", "motdepasse", "welkom"} <= common
    assert {"feder", "efro", "erdf", "dashboard", "bruxelles", "brussel"} <= common
    assert {"feder", "efro", "erdf", "dashboard"} <= set(app)


def test_the_users_page_and_the_command_line_refuse_a_common_password(demo_dir, tmp_path_factory):
    folder, users, env = with_login(demo_dir, tmp_path_factory, "pw", {"ada": ("admin", "beheerder van het dashboard")})
    with serve(folder, "server-passwords.log", env) as base:
        ada = login(base, "ada", "beheerder van het dashboard")
        deps = ada.get(f"{base}/_dash-dependencies").json()
        (dep,) = [d for d in deps if any(i["id"] == "users-save" for i in d["inputs"])]
        values = {"users-name": "nieuw", "users-role": "viewer", "users-password": "password1234"}
        body = {
            "output": dep["output"],
            "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
                        for o in dep["output"].strip(".").split("...")],
            "inputs": [{**i, "value": 1} for i in dep["inputs"]],
            "state": [{**st, "value": values.get(st["id"], "?lang=fr")} for st in dep["state"]],
            "changedPropIds": ["users-save.n_clicks"],
        }  # fmt: skip
        headers = {"Content-Type": "application/json", "X-CSRFToken": ada.cookies.get(auth.CSRF_COOKIE)}
        r = ada.post(f"{base}/_dash-update-component", data=json.dumps(body), headers=headers)
        said = json.dumps(r.json()["response"]["users-status"], ensure_ascii=False)
        assert "Ce mot de passe est trop facile à deviner" in said
        assert "nieuw" not in auth.read_users(users)
    run = subprocess.run(
        [sys.executable, "-m", "ui.auth", "add-user", "anne", "--users-file", str(users), "--password-stdin"],
        input="aaaaaaaaaaaa\n", capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert run.returncode == 1 and "too easy to guess" in run.stderr
    assert "anne" not in auth.read_users(users)
