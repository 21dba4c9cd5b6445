"""The as-of calendar by keyboard alone, in Dutch: open it, move a day back, choose it; the page reloads at that
date. The demo's extract date is 30/11/2023; the calendar opens on it with the focus on its day."""

from __future__ import annotations

from .conftest import screenshot, wait_ready

DAY = """() => { const e = document.activeElement; return e ? (e.getAttribute("aria-label") || e.innerText) : null; }"""


def test_pick_a_day_by_keyboard_in_dutch(page, server):
    page.goto(f"{server}/programme/2014-2020?lang=nl")
    wait_ready(page)
    page.focus("#asof-calendar")
    page.keyboard.press("Enter")
    page.wait_for_selector("[class*=calendarHeaderLevel]")
    header = page.inner_text("[class*=calendarHeaderLevel]")
    assert header.lower() == "november 2023"  # Dutch month name (assets/dates_locales.js)
    weekdays = page.eval_on_selector_all("th[class*=weekday]", "els => els.map(e => e.textContent)")
    assert [w.lower() for w in weekdays] == ["ma", "di", "wo", "do", "vr", "za", "zo"]  # weeks from Monday
    assert "30" in page.evaluate(DAY)  # the focus is on the date shown
    page.keyboard.press("ArrowLeft")
    assert "29" in page.evaluate(DAY)
    page.keyboard.press("Enter")
    page.wait_for_url("**as_of=2023-11-29**")
    wait_ready(page)
    assert "29 nov 2023" in page.inner_text("#_pages_content")
    screenshot(page, "asof-calendar-nl")
    assert page.console_watch.errors == []
