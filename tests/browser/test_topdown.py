"""The top-down check on the official page in a real browser (Dutch), on the small official file
tests/fixtures/topdown/topdown-peers_2019-01.csv (figures by hand in tests/monitoring/test_topdown.py).

Programme A (2014BE16RFOP001) at 31/12/2018: declaratiepercentage 25,0%; peers B, C, D gained 15, 20 and 29 points in
the year after they were at 25 % (10-90 %: 16 to 27, median 20); one backtest forecast (A from 2017): MAPE 33,3%
against 60,0%, too few (three needed): the projection is not shown. The peers' band at 31/12/2018: 48,0% to 76,0%.
Its title from the file ("Région <b>A</b> & co") is shown as written, never as markup. axe-core finds no violation;
the chart in words opens by keyboard; screenshots at 1920 and 390 px.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from i18n import format_date, format_pct, t

from .conftest import ConsoleWatch, screenshot, serve, wait_ready

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "topdown"
A = "2014BE16RFOP001"


@pytest.fixture(scope="module")
def topdown_server(demo_dir):
    with serve(demo_dir, "server-topdown.log", {"ERDF_OFFICIAL_DIR": str(FIXTURE)}) as base:
        yield base


def test_the_top_down_check_in_dutch(browser, topdown_server):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-BE")
    page = context.new_page()
    watch = ConsoleWatch(page)
    page.goto(f"{topdown_server}/official/{A}?lang=nl")
    wait_ready(page, timeout=60000)
    section = page.locator("#topdown-section")
    section.scroll_into_view_if_needed()
    assert section.locator("h2").inner_text() == t("topdown.title", "nl")
    words = [s.strip() for s in page.locator("#topdown-words li").all_inner_texts()]
    assert words == [
        t(
            "topdown.words.gains",
            "nl",
            measure="declaratiepercentage",
            rate="25,0%",
            n=3,
            low="16",
            high="27",
            median="20",
        ),
        t("topdown.words.not_shown", "nl"),
    ]
    # the chart is drawn: the programme's line, the peers' shaded band (a filled area), the threshold line
    page.locator("#topdown-chart .main-svg").first.wait_for(timeout=60000)
    assert page.locator("#topdown-chart .scatterlayer .trace").count() >= 6  # band ×2, 3 peers, median, programme
    assert page.locator("#topdown-chart path.js-fill").count() >= 1
    assert t("topdown.chart.threshold", "nl", pct="95%") in page.locator("#topdown-chart").inner_text()
    # the backtest table, the baseline beside the method
    rows = [r.strip() for r in page.locator("#topdown-backtest tbody tr").all_inner_texts()]
    assert len(rows) == 2
    assert t("topdown.backtest.method.peers", "nl") in rows[0] and "33,3%" in rows[0] and "+5,0" in rows[0]
    assert t("topdown.backtest.method.baseline", "nl") in rows[1] and "60,0%" in rows[1] and "−9,0" in rows[1]
    assert page.locator("#topdown-verdict").inner_text().strip() == t(
        "topdown.verdict.not_enough_history", "nl", n=1, needed=3
    )
    # the file's title is shown as written (Dash escapes it): no bold element made of it
    assert "Région <b>A</b> & co" in page.locator("h1").first.inner_text()
    assert page.locator("h1 b").count() == 0
    shot = screenshot(page, "topdown-nl-1920")
    section.screenshot(path=str(shot.with_name("topdown-nl-1920-section.png")))

    # the chart in words, by keyboard: its summary focused and opened with Enter
    summary = section.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    said = section.locator(".chart-words li").all_inner_texts()
    assert t(
        "topdown.words.point",
        "nl",
        date=format_date(date(2018, 12, 31), "nl"),
        measure="declaratiepercentage",
        rate=format_pct(0.25, "nl"),
        low=format_pct(0.48, "nl"),
        high=format_pct(0.76, "nl"),
        median=format_pct(0.60, "nl"),
    ) in [s.strip() for s in said]

    result = Axe().run(page)
    violations = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result.response["violations"]]
    assert violations == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)
    narrow = screenshot(page, "topdown-nl-390")
    section.screenshot(path=str(narrow.with_name("topdown-nl-390-section.png")))
    # nothing of the section wider than the screen: the table scrolls inside its own box
    width = page.evaluate("document.querySelector('#topdown-section').getBoundingClientRect().width")
    assert width <= 390
    assert watch.errors == []
    context.close()
