"""An axis of 500 calls in the browser (issue 22): the page answers, its chart draws 15 bars per series, and the
printed copy of its calls grid is drawn by assets/print_tables.js from the cells' texts, as text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import serve, wait_ready

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale import national

    from data_loaders.writer import write_workbook

    folder = tmp_path_factory.mktemp("big-browser")
    programme, sheets = national(68 * 10, calls_per_axis=500, markup=True)
    write_workbook(folder / "erdf-2014-2020.xlsx", programme, sheets, lang="nl")
    with serve(folder, "server-big.log") as base:
        yield base


def test_an_axis_of_500_calls_answers_and_prints_its_calls_as_text(page, big_server):
    page.goto(f"{big_server}/programme/2014-2020/objective/1?lang=nl")
    wait_ready(page, timeout=60000)
    page.wait_for_selector("#section-calls .js-plotly-plot .bars", timeout=60000)
    assert page.evaluate("1 + 1") == 2  # the tab answers
    # 14 calls and "486 andere" per series: 3 x 15 bars
    assert page.locator("#section-calls .js-plotly-plot .bars path").count() == 45
    printed = page.locator("#units-table .print-table")
    rows = printed.locator("tbody tr")
    assert rows.count() == 100  # the first 100 calls; the note names the other 400
    first = rows.nth(0).locator("td").nth(1).inner_text()
    assert first.startswith('<b>Projectoproep</b> 1.001 <i>EFRO & "innovatie"</i>')  # the markup as text
    assert printed.locator("b, i, script").count() == 0
    assert "nog 400 rijen" in printed.inner_text()
    assert page.evaluate("document.querySelectorAll('#units-table .print-table th').length") == 9
    assert page.console_watch.errors == []
