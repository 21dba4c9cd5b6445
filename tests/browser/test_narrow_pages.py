"""Pages on a phone-sized window (390 px; UI review 2026-12): nothing scrolls sideways, a long breadcrumb (a call's
title) wraps, the status badge shows its whole words, the footer's warnings button keeps its words, and the
overview cards' three figures do not run into each other."""

from __future__ import annotations

import pytest

from ui import ids

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


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_overview_cards_figures_do_not_run_into_each_other_on_a_phone(page, server, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/?lang={lang}")
    wait_ready(page)
    page.wait_for_selector(f"[id='{ids.rate('2014-2020')}']", timeout=15000)
    for pid in ("2014-2020", "2021-2027"):
        boxes = [
            page.evaluate(
                """(id) => { const e = document.getElementById(id); const r = document.createRange();
                    r.selectNodeContents(e); const b = r.getBoundingClientRect();
                    return [b.left, b.top, b.right, b.bottom, e.textContent]; }""",
                element,
            )
            for element in (ids.done(pid), ids.allocation(pid), ids.rate(pid))
        ]
        for k, a in enumerate(boxes):  # the texts themselves (not their boxes, which may be wider): no two overlap
            assert a[2] <= 390, (pid, a)
            for b in boxes[k + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (pid, a, b)
