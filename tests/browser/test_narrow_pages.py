"""Pages on a phone-sized window (390 px; UI review 2026-12): nothing scrolls sideways, a long breadcrumb (a call's
title) wraps, the status badge shows its whole words, and the footer's warnings button keeps its words."""

from __future__ import annotations

import pytest

from .conftest import wait_ready

#: a 2021-2027 project whose call title (breadcrumb) and status ("Overeenkomst ondertekend — nog niet gestart") are
#: both wider than a phone in Dutch
PROJECT = "/programme/2021-2027/project/2127-2.1-04?lang=nl"


@pytest.mark.browser
@pytest.mark.parametrize("path", [PROJECT, "/programme/2021-2027/project/2127-2.1-04?lang=fr"])
def test_a_project_page_fits_a_phone(page, server, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + path)
    wait_ready(page)
    page.wait_for_selector(".rag.mantine-Badge-root", timeout=15000)
    page.wait_for_timeout(500)
    found = page.evaluate(
        """() => {
            const crumbs = [...document.querySelectorAll('.mantine-Breadcrumbs-breadcrumb')];
            const badge = document.querySelector('.rag.mantine-Badge-root .mantine-Badge-label');
            const warnings = document.getElementById('warnings-button');
            const label = warnings && warnings.querySelector('.mantine-Button-label');
            return {
                page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                crumbs: crumbs.map(c => c.getBoundingClientRect().right),
                badge: badge ? [badge.scrollWidth, badge.clientWidth, badge.textContent] : null,
                warnings: label ? [label.scrollWidth, label.clientWidth, label.textContent] : null,
            };
        }"""
    )
    width = found["page"][1]
    assert found["page"][0] <= width, found  # no sideways scroll
    assert found["crumbs"] and max(found["crumbs"]) <= width + 1, found  # every breadcrumb on the screen
    scroll, client, text = found["badge"]
    assert len(text) > 30 and scroll <= client, found  # the status's whole words, none behind an ellipsis
    if found["warnings"] is not None and found["warnings"][2]:
        assert found["warnings"][0] <= found["warnings"][1], found  # "2 waarschuwingen", not "2 waa"
