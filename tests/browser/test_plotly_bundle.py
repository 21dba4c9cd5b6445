"""Every page with charts draws them with plotly.js's partial bundle (assets/plotly/plotly-finance.min.js, issue 22):
the page loads that bundle and never the full one, window.Plotly is the plotly.js version the python package writes
its figures for, every chart is drawn with its traces (bars, lines, the gauge, the donut), no console error.
Screenshots in Dutch at 1920x1080 (artifacts/screenshots/bundle-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from .conftest import ConsoleWatch, screenshot, serve, wait_ready

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"

#: what the page's scripts were (every script resource the tab fetched, by URL)
SCRIPTS = """() => performance.getEntriesByType("resource")
  .filter(function (e) { return e.initiatorType === "script"; }).map(function (e) { return e.name; })"""

#: per chart of the page: its id (or its class), the traces it has drawn (plotly's own layers and marks)
DRAWN = """() => Array.from(document.querySelectorAll(".js-plotly-plot")).map(function (gd) {
  return {
    id: (gd.parentElement && gd.parentElement.id) || gd.id || "",
    svg: gd.querySelectorAll(".main-svg").length,
    bars: gd.querySelectorAll(".bars path").length,
    lines: gd.querySelectorAll(".scatterlayer .trace .js-line").length,
    slices: gd.querySelectorAll(".pielayer .slice").length,
    gauges: gd.querySelectorAll(".indicatorlayer .trace").length,
    traces: (gd.data || []).map(function (t) { return t.type || "scatter"; }),
  };
})"""

#: (page, path, the trace types drawn there at the least, the marks at the least)
PAGES = [
    ("overview", "/", {"indicator", "scatter"}, {"gauges": 2, "lines": 2}),
    ("programme", "/programme/2021-2027", {"bar", "scatter", "pie"}, {"bars": 1, "lines": 1, "slices": 1}),
    ("objective", "/programme/2021-2027/objective/2.1", {"bar"}, {"bars": 1}),
    ("call", "/programme/2021-2027/call/2023-08", {"scatter"}, {"lines": 1}),
    ("project", "/programme/2014-2020/project/1420-1-01", {"bar"}, {"bars": 1}),
    ("official", "/official/2014BE16RFOP001", {"scatter"}, {"lines": 1}),
]


@pytest.fixture(scope="module")
def charts_server(demo_dir):
    """The demo workbooks and the official figures' fixtures: every page kind with charts."""
    with serve(demo_dir, "server-plotly-bundle.log", {"ERDF_OFFICIAL_DIR": str(FIXTURES)}) as base:
        yield base


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-BE")
    yield context
    context.close()


@pytest.mark.parametrize(("name", "path", "traces", "marks"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_draws_its_charts_with_the_partial_bundle(tab, charts_server, name, path, traces, marks):
    page = tab.new_page()
    watch = ConsoleWatch(page)
    try:
        page.goto(f"{charts_server}{path}?lang=nl")
        wait_ready(page, timeout=30000)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
        page.wait_for_timeout(300)  # the page's last charts
        scripts = page.evaluate(SCRIPTS)
        assert [s for s in scripts if "/assets/plotly/plotly-finance.min.js" in s], scripts
        assert not [s for s in scripts if "plotly.min.js" in s]  # dcc.Graph never fetched the full bundle
        # the bundle's own version string: the one plotly.py 7.1 writes its figures for (4.1.1)
        assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
        drawn = page.evaluate(DRAWN)
        assert drawn and all(chart["svg"] >= 1 for chart in drawn), drawn
        # the figure's traces are all types the bundle has registered (an unknown type is drawn as nothing)
        registered = set(page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces)"))
        used = {t for chart in drawn for t in chart["traces"]}
        assert traces <= used and used <= registered, (used, registered)
        for mark, least in marks.items():
            assert sum(chart[mark] for chart in drawn) >= least, (mark, drawn)
        screenshot(page, f"bundle-{name}-nl")
        assert watch.errors == []
    finally:
        page.close()


def test_the_dutch_modebar_still_comes_from_the_vendored_locale(tab, charts_server):
    """The locales (assets/vendor_locales.js) register on the partial bundle's window.Plotly: the modebar speaks
    Dutch ("Grafiek downloaden als PNG-bestand", the translator's text)."""
    page = tab.new_page()
    try:
        page.goto(f"{charts_server}/programme/2021-2027?lang=nl")
        wait_ready(page, timeout=30000)
        graph = page.locator("#cumulative-graph")
        graph.wait_for(timeout=30000)
        graph.scroll_into_view_if_needed()
        graph.hover()
        camera = graph.locator(".modebar-btn").first
        camera.wait_for(state="visible", timeout=5000)
        assert camera.get_attribute("data-title") == "Grafiek downloaden als PNG-bestand"
    finally:
        page.close()
