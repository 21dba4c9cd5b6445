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


def test_the_2021_2027_page_gives_its_commitment_fan_and_says_why_there_is_no_payment_fan(page, server):
    page.goto(f"{server}/programme/2021-2027?lang=nl")
    wait_ready(page, timeout=60000)
    section = page.locator("#forecast-section")
    # the headline KPI is the commitment rate: its forecast first, drawn, with its chances and its calibration
    assert page.locator("#commitment-forecast-fan .main-svg").first.is_visible()
    assert section.get_by_text("Raming van de vastleggingen (schatting)").is_visible()
    assert section.locator(".forecast-chance", has_text="kans om de drempel van 60% te halen").first.is_visible()
    assert section.locator(".forecast-calibration").first.is_visible()
    # the payments' forecast cannot be checked yet: said, no fan
    assert section.get_by_text("Raming niet getoond").is_visible()
    assert page.locator("#forecast-fan").count() == 0
    screenshot(page, "forecast-2021-2027-nl")
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]  # the notice and the badge are readable (contrast)
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations] == []
    assert page.console_watch.errors == []


#: records when each element first appears in the page (performance.now(), ms), from the first byte on
_SEEN = """
window.__seen = {};
const watched = {page: '#_pages_content .section', loading: '#forecast-loading-section-2014-2020',
                 fan: '#forecast-fan .main-svg'};
new MutationObserver(() => {
  for (const [name, sel] of Object.entries(watched)) {
    if (!(name in window.__seen) && document.querySelector(sel)) window.__seen[name] = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_the_section_is_filled_after_the_page_with_its_fan(page, server):
    """The page answers with a placeholder that says the forecast is being computed; the callback then fills it."""
    page.add_init_script(_SEEN)
    page.goto(f"{server}/programme/2014-2020?lang=nl")
    wait_ready(page, timeout=60000)
    fan = page.locator("#forecast-fan .main-svg").first
    fan.wait_for(state="visible", timeout=60000)
    seen = page.evaluate("window.__seen")
    # the page's sections first, with the placeholder, then the fan (the placeholder gone)
    assert {"page", "loading", "fan"} <= set(seen), seen
    assert seen["page"] <= seen["loading"] < seen["fan"], seen
    assert page.locator("#forecast-loading-section-2014-2020").count() == 0
    assert page.locator("#forecast-section").get_by_text("Schatting", exact=True).first.is_visible()
    assert page.console_watch.errors == []
