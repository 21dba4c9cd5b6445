"""Pages of a programme with many calls stay light (issue 22): an axis of 500 calls drew 500 bars with their hover
texts and sent a table of one Dash component per cell, which froze the browser. Sizes are deterministic, so they
are asserted here (the times are measured by benchmarks/bench_browser.py, not tested).

The programme: benchmarks/scale.py's other generator's shape, 2 040 projects (the demo's 68, 30 times), 500 calls
on each of the four axes (2 000 calls), Dutch headers, markup in every call title.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from plotly.utils import PlotlyJSONEncoder

from data_loaders.writer import write_workbook
from tests.app.helpers import by_id, components, post_json, route_request, strings
from ui import ids, service
from ui.chart_limits import TOP_BARS
from ui.views.programme import UNITS_PRINTED

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import national  # noqa: E402

CALLS_PER_AXIS = 500
LIMIT_KB = 500


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    from app import create_app
    from settings import Settings

    folder = tmp_path_factory.mktemp("big")
    programme, sheets = national(68 * 30, calls_per_axis=CALLS_PER_AXIS, markup=True)
    write_workbook(folder / "erdf-2014-2020.xlsx", programme, sheets, lang="nl")
    saved = service.backend()  # create_app points the (process-wide) service at its store: give it back after
    app = create_app(Settings(data_dir=folder, reload_check_seconds=3600))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    yield client, sheets
    service.configure(*saved)


def numbers(values) -> list[float]:
    """A figure's numbers as plotly sends them: a list, or a typed array (dtype and base64 bytes)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def routed(client, path: str, search: str = "?lang=nl") -> tuple[int, dict]:
    """The routing callback's answer for ``path``: its size in bytes and its page tree."""
    resp = post_json(client, route_request(path, search))
    assert resp.status_code == 200
    return len(resp.get_data()), resp.get_json()["response"]["_pages_content"]["children"]


def test_an_axis_of_500_calls_draws_14_calls_and_the_others_in_one_bar(big):
    client, _ = big
    _, tree = routed(client, "/programme/2014-2020/objective/1")
    figure = by_id(tree, ids.drill_graph("calls"))["props"]["figure"]
    # three series (allocation, committed, paid), each TOP_BARS = 15 bars: 14 calls and "the others"
    assert [len(trace["y"]) for trace in figure["data"]] == [TOP_BARS] * 3
    assert sum(len(trace["customdata"]) for trace in figure["data"]) == 3 * TOP_BARS  # 45 hover texts, not 1 500
    # every call has the same budget: axis 1's 46 500 000 x 30 copies / 500 calls = 2 790 000; the 14 largest
    # are then the first 14 (1.001 to 1.014), and the others are 500 - 14 = 486 calls
    labels = figure["data"][0]["y"]
    assert [label.split(" ")[0] for label in labels[:14]] == [f"1.{j:03d}" for j in range(1, 15)]
    assert labels[-1] == "486 andere"
    # the others' allocation: 486 x 2 790 000 = 1 355 940 000, drawn in millions
    assert numbers(figure["data"][0]["x"])[-1] == pytest.approx(1355.94)
    assert figure["data"][0]["customdata"][-1][0] is None  # the others' bar leads nowhere
    assert figure["layout"]["height"] == 70 * TOP_BARS + 80  # 1 130 px, not 70 x 500 + 80 = 35 080
    # markup in the titles shows as text in the chart: escaped, never a tag plotly would draw
    assert not any("<script>" in s or "<i>" in s for s in strings(figure["data"]))


def test_the_chart_words_say_the_same_and_the_note_links_to_the_grid(big):
    client, _ = big
    _, tree = routed(client, "/programme/2014-2020/objective/1")
    calls = by_id(tree, ids.SECTION_CALLS)
    words = next(c for c in components(calls) if c["props"].get("className") == "chart-words")
    (ul,) = [c for c in components(words) if c["type"] == "Ul"]
    items = ul["props"]["children"]
    assert len(items) == TOP_BARS  # 14 calls and one sentence for the others
    last = items[-1]["props"]["children"]
    # 486 others, their allocation 1 355 940 000 in Dutch
    assert last.startswith("486 andere: ") and "€ 1.355.940.000,00" in last.replace("\xa0", " ")
    note = next(c for c in components(tree) if c["props"].get("className") == "chart-limit-note")
    assert "14 grootste toewijzingen van 500" in " ".join(strings(note))
    link = next(c for c in components(note) if c["type"] == "A")
    assert link["props"]["href"] == "#units-table" and by_id(tree, "units-table") is not None


def test_the_printed_table_is_one_element_not_a_component_per_cell(big):
    client, _ = big
    _, tree = routed(client, "/programme/2014-2020/objective/1")
    assert not [c for c in components(tree) if c["type"] in ("Td", "Tr", "Table")]
    table = by_id(tree, "units-table")  # the calls' grid
    printed = [c for c in components(table) if c["props"].get("className") == "print-table-data"]
    rows = json.loads(printed[0]["props"]["data-rows"])
    assert len(rows) == UNITS_PRINTED  # the first 100 calls of the axis, one list of texts each
    assert rows[0][1].startswith("<b>Projectoproep</b> 1.001")  # the title as text (the script writes textContent)
    # the rest: 500 - 100 = 400 calls, named in the note under the printed table
    note = next(c for c in components(table) if c["type"] == "P")
    assert note["props"]["children"].startswith("… en nog 400 rijen, niet afgedrukt (de eerste 100 wel)")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/programme/2014-2020",
        "/programme/2014-2020/objective/1",
        "/programme/2014-2020/call/1.001",
        "/programme/2014-2020/project/1420-1-01-00000",
        "/programme/2014-2020/projects",
        "/committee",
    ],
)
def test_every_page_answers_under_500_kb(big, path):
    client, _ = big
    size, tree = routed(client, path)
    assert tree and size < LIMIT_KB * 1024, f"{path}: {size / 1024:.0f} KB"
    if path.endswith("/objective/1"):  # 500 calls in its grid: about 0.6 KB each, the rest bounded
        assert size < 400 * 1024, f"{size / 1024:.0f} KB"


def test_the_explorers_blocks_and_printed_table_stay_under_500_kb(big):
    """The first block of 100 rows, and the printed table of the first 500 rows it shows (PRINT_ROWS)."""
    client, _ = big
    _, tree = routed(client, "/programme/2014-2020/projects")
    from tests.app.helpers import explorer_rows
    from ui.views.projects import printed_rows

    page = by_id(tree, "explorer-page")["props"]["data"]
    got = explorer_rows(client, page, end=100)
    key = json.dumps({"index": "explorer", "type": "nav-grid"}, separators=(",", ":"))
    block = json.dumps(got[(key, "getRowsResponse")])
    assert len(json.loads(block)["rowData"]) == 100 and len(block) < LIMIT_KB * 1024
    with client.application.test_request_context():
        body = printed_rows({}, page) or printed_rows({"q": ""}, page)
    printed = json.dumps(body, cls=PlotlyJSONEncoder)
    assert len(json.loads(body[0].to_plotly_json()["props"]["data-rows"])) == 500  # the first PRINT_ROWS of 2 040
    assert len(printed) < LIMIT_KB * 1024
