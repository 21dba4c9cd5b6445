"""Every page in every language opens with no browser console error; screenshots are kept."""

from __future__ import annotations

import pytest

from .conftest import screenshot, wait_ready

LANGS = ("fr", "nl", "en")
PAGES = {
    "overview": "/",
    "programme-2014-2020": "/programme/2014-2020",
    "programme-2021-2027": "/programme/2021-2027",
    "objective-2014-2020-3": "/programme/2014-2020/objective/3",
    "objective-2021-2027-2.1": "/programme/2021-2027/objective/2.1",
    "call-2014-2020-2019-01": "/programme/2014-2020/call/2019-01",
    "call-2021-2027-2023-08": "/programme/2021-2027/call/2023-08",
    "project-2014-2020-1420-1-01": "/programme/2014-2020/project/1420-1-01",
    "explorer-2021-2027": "/programme/2021-2027/projects",
    "not-found-objective": "/programme/2021-2027/objective/9.9",
    "not-loaded-programme": "/programme/2028-2034",
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_opens_without_console_errors(page, server, lang):
    for name, path in PAGES.items():
        page.goto(f"{server}{path}?lang={lang}")
        wait_ready(page)
        assert page.locator("#notice-page-error").count() == 0, f"{path}: the page failed to build"
        assert page.locator("html").get_attribute("lang") == lang
        screenshot(page, f"{lang}-{name}")
    assert page.console_watch.errors == []


@pytest.mark.browser
def test_empty_and_error_states_say_what_to_do(page, server):
    page.goto(f"{server}/programme/2021-2027/objective/9.9?lang=en")
    wait_ready(page)
    text = page.locator("#notice-not-found").inner_text()
    assert "'9.9' does not exist in programme 2021-2027" in text
    page.goto(f"{server}/programme/2028-2034?lang=fr")
    wait_ready(page)
    text = page.locator("#notice-no-programme").inner_text()
    assert "Le programme 2028-2034 n'est pas chargé" in text
    assert page.console_watch.errors == []
