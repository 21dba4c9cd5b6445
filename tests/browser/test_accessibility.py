"""axe-core (shipped by axe-playwright-python) finds no accessibility violation on every kind of page and on every
slide (one language and bilingual), in FR and NL."""

from __future__ import annotations

import pytest

from .conftest import wait_ready

PAGES = [
    "/",
    "/programme/2014-2020",
    "/programme/2021-2027/objective/2.1",
    "/programme/2021-2027/call/2023-08",
    "/programme/2014-2020/project/1420-1-01",
    "/programme/2021-2027/projects",
    "/committee?programme=2021-2027&slide=all",
    "/committee?programme=2014-2020&slide=objectives&bilingual=1",
    "/committee?programme=2021-2027&slide=all&bilingual=1",
    "/committee?programme=2014-2020&slide=all",
    "/programme/2021-2027?as_of=2020-06-30",
    "/data",  # the local demo: no login, so the drop zone is there
    "/programme/2014-2020/history",
    "/users",  # the local demo: says that there is no sign-in
]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_no_accessibility_violations(page, server, lang):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in PAGES:
        page.goto(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
        wait_ready(page)
        result = axe.run(page)
        violations = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result.response["violations"]]
        if violations:
            found[path] = violations
    assert found == {}
