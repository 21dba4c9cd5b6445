"""Failed sign-ins lock a name and an address; password checks run a few at a time; the login's body is capped
(issue 20, review F1, F2 and F6; OWASP ASVS 2.2.1). A real server with the login on, behind one trusted proxy
(``ERDF_PROXY_HOPS=1``): each test signs in from its own client address (``X-Forwarded-For``), as clients behind
a reverse proxy do, so the tests do not lock each other out."""

from __future__ import annotations

import fcntl
import os
import time

import pytest
import requests

from tests.app.signin import alert, form_token, login, try_login
from tests.browser.conftest import serve, with_login
from ui.auth.limits import slot_paths

PASSWORDS = {"vera": "viewer-zin-een-twee", "eddy": "redacteur met een zin", "ada": "beheerder van het dashboard",
             "otto": "nog een lezer hier", "lock": "de gebruiker die wacht"}  # fmt: skip
ROLES = {"vera": "viewer", "eddy": "editor", "ada": "admin", "otto": "viewer", "lock": "viewer"}
MAX_NAME, MAX_ADDRESS = 5, 8
LOCK_MINUTES = 0.25  # 15 s: the lock's end is seen in the test (and a slow machine still counts 8 failures in it)


@pytest.fixture(scope="module")
def server(demo_dir, tmp_path_factory):
    accounts = {n: (ROLES[n], p) for n, p in PASSWORDS.items()}
    folder, users, env = with_login(demo_dir, tmp_path_factory, "limits", accounts)
    env |= {"ERDF_LOGIN_MAX_FAILURES": str(MAX_NAME), "ERDF_LOGIN_ADDRESS_MAX_FAILURES": str(MAX_ADDRESS),
            "ERDF_LOGIN_LOCK_MINUTES": str(LOCK_MINUTES), "ERDF_PROXY_HOPS": "1"}  # fmt: skip
    with serve(folder, "server-limits.log", env) as base:
        yield base, users


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def test_five_failures_lock_the_name_even_for_the_right_password_then_the_lock_ends(server):
    base, _ = server
    for i in range(MAX_NAME):  # from five different addresses: the name is locked whoever tries
        _, r = try_login(base, "eddy", f"wrong guess number {i}", _from(f"10.1.0.{i}"))
        assert r.status_code == 401 and alert(r) == "Wrong user name or password."
    _, r = try_login(base, "eddy", PASSWORDS["eddy"], _from("10.1.0.99"))  # the right password, a fresh address
    assert r.status_code == 429
    assert alert(r).startswith("Too many failed sign-ins for this name or from this address. Try again in 1 minute")
    assert 1 <= int(r.headers["Retry-After"]) <= LOCK_MINUTES * 60 + 1
    assert "Traceback" not in r.text
    # another name from the same address signs in: only the name is locked
    assert login(base, "vera", PASSWORDS["vera"], _from("10.1.0.99")).get(f"{base}/_dash-layout").status_code == 200
    time.sleep(LOCK_MINUTES * 60 + 0.5)  # 15 s + 0.5 s
    _, r = try_login(base, "eddy", PASSWORDS["eddy"], _from("10.1.0.99"))
    assert r.status_code == 302  # the lock is over


def test_an_unknown_name_is_locked_the_same_way(server):
    """The lock says nothing of whether a name exists: a made-up name gets the same answers."""
    base, _ = server
    for i in range(MAX_NAME):
        _, r = try_login(base, "nobody-at-all", f"guess {i} of many", _from(f"10.2.0.{i}"))
        assert r.status_code == 401
    _, r = try_login(base, "nobody-at-all", "whatever it is", _from("10.2.0.99"))
    assert r.status_code == 429 and alert(r).startswith("Too many failed sign-ins")


def test_failures_from_one_address_lock_the_address_for_every_name(server):
    base, _ = server
    address = _from("10.3.0.1")
    names = [f"ghost{i}" for i in range(MAX_ADDRESS)]  # 8 names, one guess each (none locked by its own count)
    for name in names:
        _, r = try_login(base, name, "a guess that fails", address)
        assert r.status_code == 401
    _, r = try_login(base, "ada", PASSWORDS["ada"], address)  # the right password, from the locked address
    assert r.status_code == 429 and alert(r).startswith("Too many failed sign-ins")
    assert login(base, "ada", PASSWORDS["ada"], _from("10.3.0.2")) is not None  # ada, from elsewhere: in


def test_a_success_forgets_the_names_failures(server):
    base, _ = server
    for i in range(MAX_NAME - 1):
        assert try_login(base, "otto", f"not it {i} at all", _from(f"10.4.0.{i}"))[1].status_code == 401
    assert try_login(base, "otto", PASSWORDS["otto"], _from("10.4.0.50"))[1].status_code == 302
    for i in range(MAX_NAME - 1):  # four more failures: still not locked (the count started again)
        assert try_login(base, "otto", f"not it again {i}", _from(f"10.4.1.{i}"))[1].status_code == 401
    assert try_login(base, "otto", PASSWORDS["otto"], _from("10.4.0.51"))[1].status_code == 302


def test_when_every_password_check_is_busy_a_sign_in_is_answered_at_once(server):
    """The check slots are lock files shared by the host's processes: this test holds the only one (as a
    running check would), so a sign-in is answered 503 "try again" at once, without queueing; then it works."""
    base, users = server
    (slot,) = slot_paths(users, 1)
    s = requests.Session()
    headers = _from("10.5.0.1")
    token = form_token(s, f"{base}/login?lang=nl", headers=headers)
    fd = os.open(slot, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        started = time.monotonic()
        r = s.post(f"{base}/login?lang=nl", data={"csrf_token": token, "name": "lock", "password": PASSWORDS["lock"]},
                   headers=headers, allow_redirects=False)  # fmt: skip
        took = time.monotonic() - started
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert r.status_code == 503 and r.headers["Retry-After"] == "2"
    assert alert(r) == "Veel aanmeldingen op dit moment: probeer het over enkele seconden opnieuw."
    assert took < 5  # answered, not queued behind the held check (an argon2 check alone is ~0.2 s)
    r = s.post(f"{base}/login?lang=nl", data={"csrf_token": token, "name": "lock", "password": PASSWORDS["lock"]},
               headers=headers, allow_redirects=False)  # fmt: skip
    assert r.status_code == 302  # a busy answer is not a failure: the same sign-in then works


def test_a_large_login_body_is_refused_before_it_is_read(server):
    base, _ = server
    s = requests.Session()
    token = form_token(s, f"{base}/login?lang=en", headers=_from("10.6.0.1"))
    big = {"csrf_token": token, "name": "ada", "password": "x" * (64 * 1024)}  # 64 KiB: 4 times the cap of 16 KiB
    r = s.post(f"{base}/login?lang=en", data=big, headers=_from("10.6.0.1"), allow_redirects=False)
    assert r.status_code == 413 and "Request too large." in r.text

    def chunks():  # the same without a Content-Length (chunked): cut off while read
        yield f"csrf_token={token}&name=ada&password=".encode()
        for _ in range(64):
            yield b"y" * 1024

    r = s.post(f"{base}/login?lang=en", data=chunks(), allow_redirects=False,
               headers={**_from("10.6.0.1"), "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert r.status_code == 413


def test_a_name_or_password_beyond_the_field_limits_is_a_failed_sign_in_without_a_check(server):
    base, _ = server
    _, r = try_login(base, "n" * 201, "whatever password", _from("10.7.0.1"))  # 201 > 200 characters
    assert r.status_code == 401 and alert(r) == "Wrong user name or password."
    _, r = try_login(base, "ada", "p" * 1025, _from("10.7.0.2"))  # 1025 > 1024 characters
    assert r.status_code == 401
