"""A user changes their own password by keyboard alone, in Dutch (issue 20): sign in, Tab to "Mijn wachtwoord" in
the header, Enter, fill the current password and the new one twice, Enter; the page says it is done, the old
password no longer signs in and the new one does. Only the first page is opened with goto."""

from __future__ import annotations

import pytest

from tests.app.signin import try_login

from .conftest import SHOTS, serve, wait_ready, with_login

OLD, NEW = "een zin van lotte hier", "Lotte kiest een nieuwe zin"
PIETER = "pieter zijn eigen zin"  # the second test's user (the tests do not depend on each other's order)


@pytest.fixture(scope="module")
def own_server(demo_dir, tmp_path_factory):
    accounts = {"lotte": ("viewer", OLD), "pieter": ("editor", PIETER)}
    folder, _, env = with_login(demo_dir, tmp_path_factory, "account-browser", accounts)
    with serve(folder, "server-account-browser.log", env) as base:
        yield base


FOCUSED = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return {id: e.id, tag: e.tagName, text: (e.innerText || "").trim(),
          outline: s.outlineStyle + " " + s.outlineWidth}; }"""


def tab_to(page, element_id: str, max_tabs: int = 60) -> dict:
    seen = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["id"] == element_id:
            return focused
        seen.append(focused["id"] or focused["tag"])
    raise AssertionError(f"#{element_id} not reached in {max_tabs} Tabs: {seen[-15:]}")


def test_changing_ones_own_password_by_keyboard_in_dutch(page, own_server):
    page.goto(own_server + "/?lang=nl")
    page.locator("#login-name").wait_for()
    assert page.evaluate("document.activeElement.id") == "login-name"  # the name field has the focus
    page.keyboard.type("lotte")
    page.keyboard.press("Tab")
    page.keyboard.type(OLD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url, timeout=15000)
    wait_ready(page)

    link = tab_to(page, "account-link")
    assert link["text"] == "Mijn wachtwoord" and link["outline"] != "none 0px"  # reached, and visibly focused
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "account-header-link-nl.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/account/password" in url, timeout=15000)
    assert page.locator("h2").inner_text() == "Mijn wachtwoord wijzigen"
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.evaluate("document.activeElement.id") == "account-current"  # the first field has the focus
    page.keyboard.type(OLD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "account-new"
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "account-again"
    page.keyboard.type(NEW)
    page.keyboard.press("Enter")
    status = page.locator("[role=status]")
    status.wait_for(timeout=15000)
    assert status.inner_text().startswith("Uw wachtwoord is gewijzigd.")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(SHOTS / "account-password-done-nl.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "account-password-done-nl-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 391  # no sideways scroll on a phone

    back = tab_to(page, "account-back")
    assert back["text"] == "Terug naar het dashboard"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/account/password" not in url and "/login" not in url, timeout=15000)
    wait_ready(page)  # still signed in: the change renewed this session
    assert page.locator("#logout-button").inner_text() == "Afmelden (lotte)"
    assert try_login(own_server, "lotte", OLD)[1].status_code == 401  # the old password no longer signs in
    assert try_login(own_server, "lotte", NEW)[1].status_code == 302
    assert page.console_watch.errors == []


def test_a_wrong_current_password_is_said_in_dutch(page, own_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(own_server + "/account/password?lang=nl")
    page.locator("#login-name").wait_for()  # anonymous: the login first, then back to the form
    page.keyboard.type("pieter")
    page.keyboard.press("Tab")
    page.keyboard.type(PIETER)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/account/password" in url, timeout=15000)
    page.locator("#account-current").wait_for()
    page.keyboard.type("niet mijn wachtwoord")
    page.keyboard.press("Tab")
    page.keyboard.type("nog een andere zin hier")
    page.keyboard.press("Tab")
    page.keyboard.type("nog een andere zin hier")
    page.keyboard.press("Enter")
    alert = page.locator("[role=alert]")
    alert.wait_for(timeout=15000)
    assert alert.inner_text() == "Het huidige wachtwoord klopt niet. Er is niets gewijzigd."
    page.screenshot(path=str(SHOTS / "account-password-wrong-nl.png"))
    # the refused form is answered 400 (Chromium logs the document's status); no other error, no script error
    assert page.console_watch.errors == [
        "console.error: Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
