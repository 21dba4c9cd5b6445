"""The forecast's section in a real browser: drawn, said in words, its export reached by keyboard, no console error."""

from __future__ import annotations

import pytest

from .conftest import screenshot, wait_ready


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_forecast_section_on_the_programme_page(page, server, lang):
    page.goto(f"{server}/programme/2014-2020?lang={lang}")
    wait_ready(page, timeout=60000)
    section = page.locator("#forecast-section")
    section.scroll_into_view_if_needed()
    assert page.locator("#forecast-fan .main-svg").first.is_visible()
    estimate = {"fr": "Estimation", "nl": "Schatting"}[lang]
    assert section.get_by_text(estimate, exact=True).first.is_visible()
    # the chart in words opens from the keyboard and says the chance in words
    summary = section.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    chance = {"fr": "de chances d'atteindre le seuil de 95", "nl": "kans om de drempel van 95"}[lang]
    assert section.locator("details li", has_text=chance).first.is_visible()
    # the Art. 69(10) export is a link the Tab key reaches
    link = page.locator("#forecast-art69-export")
    assert link.get_attribute("href").startswith("/export/programme/2014-2020/payment-forecast?")
    link.focus()
    assert page.evaluate("document.activeElement.id") == "forecast-art69-export"
    assert page.evaluate("document.activeElement.tabIndex") >= 0
    screenshot(page, f"forecast-2014-2020-{lang}")
    assert page.console_watch.errors == []


def test_the_2021_2027_page_says_why_there_is_no_fan(page, server):
    page.goto(f"{server}/programme/2021-2027?lang=nl")
    wait_ready(page, timeout=60000)
    section = page.locator("#forecast-section")
    assert section.get_by_text("Raming niet getoond").is_visible()
    assert page.locator("#forecast-fan").count() == 0
    assert page.console_watch.errors == []
