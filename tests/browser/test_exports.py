"""Exports in the browser: the programme page's button (by keyboard, with its busy state) and a filtered, sorted
explorer download workbooks; the filtered explorer's URL, opened in a fresh browser, shows the same rows; a chart's
image button gives a named PNG of at least 1600 px. Screenshots (FR, NL, 1920x1080) of the pages with the buttons."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import openpyxl
import pytest

from monitoring import figures

from .conftest import screenshot, settled, wait_ready

GRID = '{"index":"explorer","type":"nav-grid"}'
SHOWN_IDS = """async () => {
    const api = await dash_ag_grid.getApiAsync('GRID_ID');
    const out = [];
    api.forEachNode(n => { if (n.data) out.push(n.data.project_id); });
    return out;
}""".replace("GRID_ID", GRID)


def load(path) -> openpyxl.Workbook:
    """A downloaded workbook (Playwright keeps downloads under names without an extension)."""
    return openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes()))


def table_ids(path, sheet: str, first_header: str) -> list[str]:
    ws = load(path)[sheet]
    top = next(c.row for c in ws["A"] if c.value == first_header)
    out, r = [], top + 1
    while not str(ws.cell(r, 1).value or "").startswith(("Total", "Totaal")):
        out.append(ws.cell(r, 1).value)
        r += 1
    return out


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.browser
def test_programme_page_exports_by_keyboard_with_a_busy_state(page, server, core_data):
    programmes, _ = core_data
    page.goto(f"{server}/programme/2021-2027?lang=fr")
    wait_ready(page)
    # slow the answer down a little, so that the busy state can be seen
    page.evaluate(
        "() => { const f = window.fetch;"
        " window.fetch = (...a) => new Promise(r => setTimeout(() => r(f(...a)), 700)); }"
    )
    button = page.locator("#export-button")
    assert button.inner_text().strip().endswith("Exporter vers Excel")
    button.focus()  # a link: reachable with Tab, opened with Enter
    with page.expect_download(timeout=30000) as dl:
        page.keyboard.press("Enter")
        page.wait_for_selector("#export-button[aria-busy='true']", timeout=2000)
        assert page.locator(".export-status").first.inner_text() == "Préparation du classeur…"
    download = dl.value
    assert download.suggested_filename == "FEDER-2021-2027-2023-11-30.xlsx"
    path = download.path()
    wb = load(path)
    assert wb.sheetnames[:4] == ["Synthèse", "Par objectif spécifique", "Par appel", "Projets"]
    codes = table_ids(path, "Par objectif spécifique", "Code")
    assert codes == list(figures.level_table(programmes["2021-2027"], "objective")["key"])
    page.wait_for_selector("#export-button:not([aria-busy])")
    assert page.locator(".export-status").first.inner_text() == ""

    with page.expect_download(timeout=30000) as dl:
        page.click("#export-pack-button")
    assert dl.value.suggested_filename == "FEDER-2021-2027-comite-de-suivi-2023-11-30.xlsx"
    assert load(dl.value.path()).sheetnames[:3] == ["Synthèse", "OS 1.1", "OS 1.2"]
    assert page.console_watch.errors == []


@pytest.mark.browser
def test_a_filtered_explorer_exports_its_rows_and_its_url_reopens_them(page, server, browser):
    page.goto(f"{server}/programme/2021-2027/projects?lang=nl")
    wait_ready(page)
    everything = page.evaluate(SHOWN_IDS)
    page.fill("#explorer-search", "contrat")  # quick search
    page.evaluate(  # a column filter, set the way the grid's filter menu sets it
        """async () => {
            const api = await dash_ag_grid.getApiAsync('GRID_ID');
            await api.setColumnFilterModel('allocation', {filterType: 'number', type: 'greaterThan', filter: 1000000});
            api.onFilterChanged();
        }""".replace("GRID_ID", GRID)
    )
    header = page.locator(".ag-header-cell[col-id='committed'] .ag-header-cell-label")
    header.click()  # ascending
    header.click()  # descending
    page.wait_for_function("() => /sort=committed%3Adesc/.test(window.location.search)", timeout=10000)
    page.wait_for_function("() => /q=contrat/.test(window.location.search) && /filter=/.test(window.location.search)")
    # the grid asks the server for its filtered block: its rows come a moment after the URL
    shown = settled(page, lambda: page.evaluate(SHOWN_IDS), lambda ids: 0 < len(ids) < len(everything))
    assert 0 < len(shown) < len(everything)
    page.wait_for_function(
        "() => /sort=committed%3Adesc/.test(document.querySelector('#export-button').getAttribute('href'))"
    )
    with page.expect_download(timeout=30000) as dl:
        page.click("#export-button")
    download = dl.value
    assert download.suggested_filename == "EFRO-2021-2027-projecten-2023-11-30.xlsx"
    assert table_ids(download.path(), "Projecten", "Project (code)") == shown  # the same rows, in the same order
    summary = load(download.path())["Samenvatting"]
    described = [c.value for c in summary["B"] if isinstance(c.value, str) and c.value.startswith("zoekopdracht")]
    assert described == [
        f"zoekopdracht “contrat” · Subsidie (EFRO + Gewest) > 1.000.000 · sortering: Vastgelegd aflopend · "
        f"{len(shown)} projecten van {len(everything)}"
    ]
    screenshot(page, "nl-explorer-filtered")
    url = page.url
    assert page.console_watch.errors == []

    fresh = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-BE")
    try:
        other = fresh.new_page()
        other.goto(url)
        wait_ready(other)
        assert other.evaluate(SHOWN_IDS) == shown
        assert other.input_value("#explorer-search") == "contrat"
    finally:
        fresh.close()


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "name", "title"), [
    ("fr", "FEDER-2021-2027-cumul-2023-11-30.png", "Engagements et liquidations cumulés"),
    ("nl", "EFRO-2021-2027-cumulatief-2023-11-30.png", "Gecumuleerde vastleggingen en vereffeningen"),
])  # fmt: skip
def test_chart_image_button_gives_a_named_wide_png_with_title_and_date(page, server, lang, name, title):
    page.goto(f"{server}/programme/2021-2027?lang={lang}")
    wait_ready(page)
    page.wait_for_selector("#cumulative-graph .main-svg")
    page.wait_for_timeout(500)  # the shell's callbacks may redraw the page once more
    graph = page.locator("#cumulative-graph")
    graph.scroll_into_view_if_needed()
    graph.hover()
    camera = graph.locator(".modebar-btn").first
    camera.wait_for(state="visible", timeout=5000)
    with page.expect_download(timeout=30000) as dl:
        camera.click()
    download = dl.value
    assert download.suggested_filename == name
    width, height = png_size(download.path())
    assert width >= 1600 and height >= 900
    layout = page.evaluate(
        "() => window.erdfChartImage.figure(document.querySelector('#cumulative-graph .js-plotly-plot')).layout"
    )
    assert title in layout["title"]["text"] and "2023" in layout["title"]["text"]
    assert re.search(r"2021-2027", layout["title"]["text"])
    assert page.console_watch.errors == []


SHOT_PAGES = {
    "overview": "/",
    "programme-2021-2027": "/programme/2021-2027",
    "objective-2021-2027-2.1": "/programme/2021-2027/objective/2.1",
    "call-2021-2027-2023-08": "/programme/2021-2027/call/2023-08",
    "project-2014-2020-1420-1-01": "/programme/2014-2020/project/1420-1-01",
    "explorer-2021-2027": "/programme/2021-2027/projects",
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_screenshots_of_the_export_buttons(browser, server, lang):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale=f"{lang}-BE")
    try:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
        for name, path in SHOT_PAGES.items():
            pg.goto(f"{server}{path}?lang={lang}")
            wait_ready(pg)
            assert pg.locator("#export-button").count() == 1, path
            pg.screenshot(path=str(screenshot.__globals__["SHOTS"] / f"export-{lang}-{name}-1920.png"))
        assert errors == []
    finally:
        context.close()
