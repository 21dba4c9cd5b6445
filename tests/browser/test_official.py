"""The official figures' page in a real browser (FR and NL), served on the real files of tests/fixtures/official.

Brussels ERDF 2014BE16RFOP001 (figures by hand in tests/monitoring/test_official.py): at 31/12/2020 allocation
191 555 016, selected 236 159 444,81, declared 89 435 514,62; Axe3b selected 241,4 % of its allocation; at
31/12/2019 selected 33 768 662,01 + 68 983 621,03 + 36 217 106,38 + 35 056 044,46 + 2 446 241,41 + 13 248 865
= 189 720 540,29. The cut-off is changed by keyboard; axe-core finds no violation; screenshots at 1920 and 390 px.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n import format_date, format_eur, format_pct

from .conftest import screenshot, serve, wait_ready

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"
BXL = "2014BE16RFOP001"


@pytest.fixture(scope="module")
def official_server(demo_dir):
    with serve(demo_dir, "server-official.log", {"ERDF_OFFICIAL_DIR": str(FIXTURES)}) as base:
        yield base


def _text(page, selector: str) -> str:
    return page.locator(selector).inner_text().strip()


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_brussels_official_figures(browser, official_server, lang):
    from datetime import date

    from axe_playwright_python.sync_playwright import Axe

    from .conftest import ConsoleWatch

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale=f"{lang}-BE")
    page = context.new_page()
    watch = ConsoleWatch(page)
    page.goto(f"{official_server}/official/{BXL}?lang={lang}&year=2020")
    wait_ready(page, timeout=30000)
    assert _text(page, "#official-stat-planned") == format_eur(191555016, lang)
    assert _text(page, "#official-stat-decided") == format_eur(236159444.81, lang)
    assert _text(page, "#official-stat-spent") == format_eur(89435514.62, lang)
    # 89 435 514,62 / 236 159 444,81 = 37,9 %
    assert _text(page, "#official-stat-spent-of-decided") == format_pct(89435514.62 / 236159444.81, lang)
    # the priorities' grid shows Axe3b's 241,4 %: a rate above 100 % is real
    page.locator("#official-priorities").scroll_into_view_if_needed()
    axe3b = page.locator("#official-priorities .ag-center-cols-container .ag-row", has_text="17")
    assert axe3b.filter(has_text=format_pct(17553373.61 / 7270806, lang)).count() == 1
    assert page.locator("#official-series-chart .main-svg").count() >= 1
    quirks = _text(page, "#official-quirks")
    assert format_eur(33768662.01, lang) in quirks  # the 2019 vintage's figure, beside the 2022 one's half
    assert page.locator("#official-peers-section").get_by_text("2014BE16RFOP003").count() >= 1
    shot = screenshot(page, f"official-{lang}-1920")

    result = Axe().run(page)
    violations = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result.response["violations"]]
    assert violations == []

    # another cut-off by keyboard: the link of 31/12/2019, focused and opened with Enter
    link = page.locator("#official-cutoffs a", has_text=format_date(date(2019, 12, 31), lang))
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/official/{BXL}?*year=2019*")
    wait_ready(page, timeout=30000)
    assert _text(page, "#official-stat-decided") == format_eur(189720540.29, lang)
    assert page.locator("#official-cutoffs [aria-current]").inner_text() == format_date(date(2019, 12, 31), lang)

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    narrow = screenshot(page, f"official-{lang}-390")
    assert shot.exists() and narrow.exists()
    assert watch.errors == []
    context.close()


def test_the_index_and_a_peer_by_keyboard(page, official_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    # the 2021-2027 programme (planned amounts only, beside the workbook's allocation): no violation either
    page.goto(f"{official_server}/official/2021BE16RFPR001?lang=fr")
    wait_ready(page, timeout=30000)
    # per SO: 42 478 737,5 + 43 943 520 + 35 154 815 + 87 887 042,5 + 29 295 680 + 14 647 840 + 13 183 060
    # + 26 366 112,5 = 292 956 807,5 (one dimension per SO of the truncated sample)
    assert _text(page, "#official-stat-planned") == format_eur(292956807.5, "fr")
    assert [v["id"] for v in axe.run(page).response["violations"]] == []
    page.goto(f"{official_server}/official?lang=nl")
    wait_ready(page, timeout=30000)
    assert [v["id"] for v in axe.run(page).response["violations"]] == []
    link = page.locator("#official-index a", has_text="2014BE16RFOP002")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/official/2014BE16RFOP002*")
    wait_ready(page, timeout=30000)
    # Flanders has no internal workbook: no reconciliation, said so
    assert "2014BE16RFOP002" in _text(page, "#official-reconciliation-section")
    screenshot(page, "official-flanders-nl")
    # the workbook, by keyboard: Flanders' 30/06/2022 figures, sheets in Dutch
    page.focus("#official-export")
    with page.expect_download(timeout=30000) as dl:
        page.keyboard.press("Enter")
    assert dl.value.suggested_filename == "officiele-cijfers-2014BE16RFOP002-2022-06-30.xlsx"
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert wb.sheetnames[:4] == ["Over", "Prioritaire assen", "Reeks", "Vergelijkbare programma's"]
    assert page.console_watch.errors == []
