"""Charts on a phone (assets/narrow_charts.js): a legend of several rows gets its height instead of squeezing the
plot, a legend entry wider than the screen wraps instead of being cut, and long category labels are shortened
instead of losing their beginning; at 1920 px the figures are drawn exactly as the server sent them."""

from __future__ import annotations

import pytest

from .conftest import wait_ready

PAGE = "/programme/2014-2020?lang=fr"
OBJECTIVES = '{"index":"objectives","type":"drill-graph"}'  # the objectives' bars (a pattern-matching id)

#: what each graph looks like once drawn: its figure's height and y tick mode, the data's category labels, and the
#: boxes of the graph, its plotting area, its legend entries and its y tick labels
MEASURE = """(id) => {
    const g = document.getElementById(id).querySelector('.js-plotly-plot');
    const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
    return {
        height: g._fullLayout.height,
        tickmode: g._fullLayout.yaxis.tickmode,
        categories: g.data[0].y,
        names: g.data.map(d => d.name),
        graph: box(g),
        plot: box(g.querySelector('.nsewdrag')),
        legend: [...g.querySelectorAll('.legend .traces')].map(box),
        ticks: [...g.querySelectorAll('.ytick text')].map(t => ({text: t.textContent, box: box(t)})),
    };
}"""


def _measure(page, server, width: int, graph_id: str):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + PAGE)
    wait_ready(page)
    page.wait_for_selector(f"[id='{graph_id}'] .js-plotly-plot .legend", timeout=15000)
    page.locator(f"[id='{graph_id}']").scroll_into_view_if_needed()
    page.wait_for_timeout(400)
    return page.evaluate(MEASURE, graph_id)


@pytest.mark.browser
def test_a_legend_of_many_rows_keeps_the_plot_and_fits_a_phone(page, server):
    wide = _measure(page, server, 1920, "decommitment-graph")
    assert wide["height"] == 300  # ui.charts.decommitment_bars: drawn as sent on a wide screen
    narrow = _measure(page, server, 390, "decommitment-graph")
    # 2014-2020 in French: "À couvrir (cumul)", the group title "Couvert (...)" and three standings, one of them
    # "Échéance passée — non vérifiable (estimation)" on two lines: rows beyond the first add 21 px each
    assert narrow["height"] > 300
    assert any("<br>" in name for name in narrow["names"])  # the long standing wrapped
    graph, plot = narrow["graph"], narrow["plot"]
    assert plot["b"] - plot["t"] >= 70  # the plot keeps a readable height
    for entry in narrow["legend"]:
        assert entry["r"] <= graph["r"] + 1  # no entry runs off the screen
        assert entry["b"] <= plot["t"] + 1  # the legend ends above the plot


@pytest.mark.browser
def test_long_category_labels_are_shortened_from_their_end_on_a_phone(page, server):
    wide = _measure(page, server, 1920, OBJECTIVES)
    assert wide["tickmode"] != "array"  # the labels as sent (cut at 48 characters by the server)
    narrow = _measure(page, server, 390, OBJECTIVES)
    assert narrow["categories"] == wide["categories"]  # the bars, their order and their links unchanged
    assert any(len(c) > 22 for c in narrow["categories"])  # the demo's objective titles are longer than a phone's
    assert narrow["tickmode"] == "array"
    for tick in narrow["ticks"]:
        assert len(tick["text"]) <= 22  # 21 characters and "…" at most
        assert tick["box"]["l"] >= narrow["graph"]["l"] - 1  # its beginning is on the screen
    first = narrow["ticks"][0]["text"]
    assert first.endswith("…") and narrow["categories"][0].startswith(first[:-1])
