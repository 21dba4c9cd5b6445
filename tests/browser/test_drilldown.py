"""The drill-down path overview -> programme -> objective -> call -> project, by clicks alone, in FR, NL, EN;
and the figures the overview and programme pages show equal the core's figures (read from the page)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from i18n import format_eur, format_pct, t
from monitoring import figures

from .conftest import screenshot, wait_ready


def click_first_bar(page, graph_index: str):
    """Click the first bar of a drill-down chart the way a person does (plotly listens on its drag layer)."""
    graph = page.locator(f'[id=\'{{"index":"{graph_index}","type":"drill-graph"}}\']')
    graph.scroll_into_view_if_needed()
    bar = graph.locator("g.trace.bars g.point path").first
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)


def click_grid_cell(page, grid_index: str, row: int, col: str):
    grid = page.locator(f'[id=\'{{"index":"{grid_index}","type":"nav-grid"}}\']')
    grid.scroll_into_view_if_needed()
    cell = grid.locator(
        f".ag-center-cols-container .ag-row[row-index='{row}'] .ag-cell[col-id='{col}'], "
        f".ag-pinned-left-cols-container .ag-row[row-index='{row}'] .ag-cell[col-id='{col}']"
    ).first
    cell.wait_for(timeout=10000)
    text = cell.inner_text()
    cell.click()
    return text


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_drilldown_by_clicks(page, server, lang, core_data):
    programmes, _ = core_data
    data = programmes["2021-2027"]
    page.goto(f"{server}/?lang={lang}")
    wait_ready(page)

    page.click("#open-2021-2027")
    page.wait_for_url(re.compile(r"/programme/2021-2027\?"))
    wait_ready(page)
    assert "2021-2027" in page.locator("#page-title").inner_text()

    # programme -> first objective, by clicking its bar in the chart
    first_code = figures.level_table(data, "objective")["key"].iloc[0]  # "1.1", the first specific objective
    click_first_bar(page, "objectives")
    page.wait_for_url(re.compile(r"/programme/2021-2027/objective/"))
    wait_ready(page)
    assert unquote(page.url.split("/objective/")[1].split("?")[0]) == first_code
    assert first_code in page.locator("#page-title").inner_text()
    assert f"lang={lang}" in page.url

    # objective -> first call, by clicking its row
    calls = figures.level_table(data, "call", objective=first_code)
    in_order = calls[calls["key"] != ""].sort_values(
        "key"
    )  # the grid lists calls by id, projects outside any call last
    row = next(i for i, n in enumerate(in_order["n_projects"]) if n > 0)  # the first call that selected projects
    call_id = in_order["key"].iloc[row]
    click_grid_cell(page, "calls", row, "label")
    page.wait_for_url(re.compile(r"/call/"))
    wait_ready(page)
    assert unquote(page.url.split("/call/")[1].split("?")[0]) == call_id
    assert call_id in page.locator("#page-title").inner_text()

    # call -> first project, by clicking its row
    name = click_grid_cell(page, "projects", 0, "name")
    page.wait_for_url(re.compile(r"/project/"))
    wait_ready(page)
    project_id = unquote(page.url.split("/project/")[1].split("?")[0])
    assert data.projects.set_index("project_id").loc[project_id, "name"] == name
    assert name in page.locator("#page-title").inner_text()
    assert t("identity", lang) in page.inner_text("body")
    screenshot(page, f"{lang}-drilldown-project")

    # and back up by the breadcrumbs
    assert page.inner_text("#crumb-0") == t("overview", lang)
    page.click("#crumb-0")
    page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/\?"))
    wait_ready(page)
    assert page.locator("#card-2014-2020").count() == 1
    assert page.console_watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_overview_figures_equal_the_core(page, server, lang, core_data):
    programmes, thresholds = core_data
    page.goto(f"{server}/?lang={lang}")
    wait_ready(page)
    for pid, data in programmes.items():
        h = figures.headline(data, thresholds)
        assert page.inner_text(f"#done-{pid}") == format_eur(h["done"], lang)
        assert page.inner_text(f"#allocation-{pid}") == format_eur(h["allocation"], lang)
        assert page.inner_text(f"#rate-{pid}") == format_pct(h["rate"], lang)
        assert page.inner_text(f"#describe-{pid}") == h["status"].describe(lang)
    assert page.console_watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("pid", ["2014-2020", "2021-2027"])
def test_programme_figures_equal_the_core(page, server, pid, core_data):
    programmes, _ = core_data
    data = programmes[pid]
    tot = figures.totals(data)
    page.goto(f"{server}/programme/{pid}?lang=nl")
    wait_ready(page)
    assert page.inner_text("#stat-allocation") == format_eur(tot["allocation"], "nl")
    assert page.inner_text("#stat-committed") == format_eur(tot["committed"], "nl")
    assert page.inner_text("#stat-paid") == format_eur(tot["paid"], "nl")
    assert page.inner_text("#stat-remaining") == format_eur(tot["remaining_to_pay"], "nl")
    # the objectives grid: one row per objective, committed formatted by the browser (Intl nl-BE)
    table = figures.level_table(data, "objective")
    grid = page.locator('[id=\'{"index":"objectives","type":"nav-grid"}\']')
    grid.scroll_into_view_if_needed()
    for i, row in enumerate(table.itertuples()):
        cell = grid.locator(f".ag-row[row-index='{i}'] .ag-cell[col-id='committed']").first
        shown = cell.inner_text().replace("\u202f", ".").replace("\xa0", " ")
        assert shown == format_eur(row.committed, "nl").replace("\xa0", " "), row.key
    assert page.console_watch.errors == []


@pytest.mark.browser
def test_language_is_remembered_and_as_of_changes_the_figures(page, server, core_data):
    programmes, _ = core_data
    data = programmes["2014-2020"]
    page.goto(f"{server}/programme/2014-2020?lang=fr")
    wait_ready(page)
    page.locator(".lang-switch label:has-text('NL')").click()
    page.wait_for_url(re.compile(r"lang=nl"))
    wait_ready(page)
    assert page.inner_text("#app-title") == t("app_title", "nl")

    page.goto(f"{server}/")  # no language in the URL: the browser remembers Dutch
    wait_ready(page)
    assert page.inner_text("#app-title") == t("app_title", "nl")

    page.goto(f"{server}/programme/2014-2020?lang=en")
    wait_ready(page)
    page.click("#asof-select")
    from datetime import date

    option = page.locator("[role='option']:has-text('30 Nov 2022')")
    option.click()
    page.wait_for_url(re.compile(r"as_of=2022-11-30"))
    wait_ready(page)
    earlier = figures.totals(data, date(2022, 11, 30))
    assert page.inner_text("#stat-paid") == format_eur(earlier["paid"], "en")
    assert earlier["paid"] < figures.totals(data)["paid"]
    assert page.console_watch.errors == []
