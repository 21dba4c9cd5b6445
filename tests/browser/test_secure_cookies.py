"""Behind HTTPS (``ERDF_SECURE_COOKIES=1``) the cookies are named ``__Host-session`` and ``__Host-csrf_token``: in
the browser, Dash's callbacks and the upload's XHR (assets/upload.js) still find the CSRF cookie under its new
name (issue 20). Chromium keeps Secure cookies for http://127.0.0.1 (a trustworthy origin), so the app is served as
in the other browser tests."""

from __future__ import annotations

import pytest

from .conftest import serve, wait_ready, with_login

EDITOR, ADMIN = "redacteur met een zin", "beheerder van het dashboard"


@pytest.fixture(scope="module")
def secure_server(demo_dir, tmp_path_factory):
    accounts = {"eddy": ("editor", EDITOR), "ada": ("admin", ADMIN)}
    folder, _, env = with_login(demo_dir, tmp_path_factory, "secure-browser", accounts)
    with serve(folder, "server-secure-browser.log", {**env, "ERDF_SECURE_COOKIES": "1"}) as base:
        yield base


def _sign_in(page, base: str, path: str, name: str, password: str) -> None:
    page.goto(base + path)
    page.locator("#login-name").fill(name)
    page.locator("#login-password").fill(password)
    page.locator("#login-password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url, timeout=15000)
    wait_ready(page)


def test_the_upload_and_dash_callbacks_send_the_host_prefixed_csrf_cookie(page, secure_server, demo_dir):
    _sign_in(page, secure_server, "/data?lang=en", "eddy", EDITOR)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert set(cookies) == {"__Host-session", "__Host-csrf_token"}
    assert all(c["secure"] and c["path"] == "/" for c in cookies.values())
    # the upload's XHR: accepted only with the X-CSRFToken header read from __Host-csrf_token
    with page.expect_response(lambda r: "/data/upload" in r.url) as sent:
        page.set_input_files("#data-upload input[type=file]", [str(demo_dir / "erdf-2014-2020.xlsx")])
    assert sent.value.status == 202  # (400 without the token)
    page.locator("text=erdf-2014-2020.xlsx is valid").wait_for(timeout=60000)
    assert page.console_watch.errors == []


def test_a_users_page_callback_passes_the_csrf_check(page, secure_server):
    _sign_in(page, secure_server, "/users?lang=en", "ada", ADMIN)
    page.locator("#users-name").fill("ada")
    with page.expect_response(lambda r: "/_dash-update-component" in r.url) as answered:
        page.locator("#users-save").click()
    assert answered.value.status == 200  # the renderer sent __Host-csrf_token's value: the check passed
    said = page.locator("#users-status .mantine-Alert-root")
    said.wait_for(timeout=15000)
    assert "This is the last admin" in said.inner_text()  # the server's own answer (role viewer chosen for ada)
    assert page.console_watch.errors == []
