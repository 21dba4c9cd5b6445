"""The header's rows fit inside the fixed header at every width, in French (the longest links) and Dutch.

The header is one row from 1696 px, two rows from 1200 px and three below (ui.shell.layout, assets/style.css);
a link never breaks over two lines. Found at 1440 px: Dutch "Gegevens" went under the other links and out of the
64 px header, over the page.
"""

from __future__ import annotations

import pytest

from .conftest import wait_ready

# (width, the header's height in px that ui.shell gives at that width)
WIDTHS = [(1920, 64), (1696, 64), (1695, 112), (1440, 112), (1200, 112), (1199, 178), (992, 178)]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_header_rows_fit_inside_the_header(browser, server, lang):
    context = browser.new_context(viewport={"width": 1920, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server}/?lang={lang}")
        wait_ready(page)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(150)
            box = page.evaluate(
                """() => {
                    const header = document.querySelector('header').getBoundingClientRect();
                    const parts = [...document.querySelector('.app-header-row').children].map(e => {
                        const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, right: r.right};
                    });
                    const links = [...document.querySelectorAll('.nav-links a')]
                        .map(a => a.getBoundingClientRect().height);
                    return {height: header.height, parts, links};
                }"""
            )
            assert box["height"] == height, (width, box)
            for part in box["parts"]:  # brand, links, controls: inside the header, none past the window's edge
                assert part["top"] >= 0 and part["bottom"] <= height and part["right"] <= width, (width, box)
            assert box["links"] and max(box["links"]) < 40, (width, box)  # one line each (about 33 px)
    finally:
        context.close()
