"""Every cumulative chart has dates under it, however short its history (UI walk #7: the call 2023-08 chart had
no tick at all, its lines spanning 3 to 30 November 2023)."""

from __future__ import annotations

import pytest

from .conftest import wait_ready


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    ["/programme/2021-2027/call/2023-08?lang=nl", "/programme/2021-2027/project/2127-2.1-04?lang=fr"],
)
def test_cumulative_charts_show_dates_inside_the_plot(page, server, path):
    page.goto(server + path)
    wait_ready(page)
    page.wait_for_selector(".js-plotly-plot .xtick", timeout=15000)
    page.wait_for_timeout(500)
    axes = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .filter(g => g.layout && g.layout.xaxis && g.layout.xaxis.type === 'date')
            .map(g => {
                const plot = g.querySelector('.nsewdrag').getBoundingClientRect();  // the plotting area
                const inside = t => {
                    const r = t.getBoundingClientRect();
                    return r.left >= plot.left - 40 && r.right <= plot.right + 40;
                };
                return [...g.querySelectorAll('.xtick text')].filter(inside).map(t => t.textContent);
            })"""
    )
    assert axes, path  # the page has date charts (the timeline, the cumulative lines)
    for ticks in axes:
        assert len(ticks) >= 2, (path, axes)  # at least two dates readable under each chart
