"""Markup in a workbook's texts is shown as text: never a link, a bold or a script in a chart or a page."""

from __future__ import annotations

import pytest

from .conftest import serve, wait_ready

EVIL_CALL = '<a href="https://evil.example">Appel</a>'
EVIL_PROJECT = "<b>Gras</b><script>window.pwned=1</script>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from data_loaders.demo import FILE_NAMES, NOTE, build_2014_2020, build_2021_2027
    from data_loaders.writer import write_workbook

    folder = tmp_path_factory.mktemp("hostile")
    programme, sheets = build_2021_2027()
    for call in sheets["calls"]:
        if call["call_id"] == "2023-08":  # the single title and, where the demo has them, its FR / NL titles
            call.update({k: EVIL_CALL for k in ("title", "title_fr", "title_nl") if k == "title" or k in call})
    first = next(p for p in sheets["projects"] if p["call_id"] == "2023-08")
    first.update({k: EVIL_PROJECT for k in ("name", "name_fr", "name_nl") if k == "name" or k in first})
    write_workbook(folder / FILE_NAMES["2021-2027"], programme, sheets, notes=[NOTE])
    write_workbook(folder / FILE_NAMES["2014-2020"], *build_2014_2020(), notes=[NOTE])
    with serve(folder, "server-hostile.log") as base:
        yield base, first["project_id"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_markup_from_a_workbook_renders_as_text(page, hostile_server, lang):
    base, project_id = hostile_server
    for path in ("/programme/2021-2027/objective/2.1", "/programme/2021-2027/call/2023-08"):
        page.goto(f"{base}{path}?lang={lang}")
        wait_ready(page)
        # no link to another host anywhere, in the page or in its charts (plotly draws <a> inside its SVG)
        assert page.locator("a[href*='evil.example']").count() == 0
        svg_links = page.evaluate("Array.from(document.querySelectorAll('svg a')).map(a => a.getAttribute('href'))")
        assert not any("evil" in (h or "") for h in svg_links)
        assert page.locator("#_pages_content b:text('Gras')").count() == 0  # no bold made from the data
        assert page.evaluate("window.pwned === undefined")  # and no script ran
        # the texts are there, as written
        assert EVIL_CALL in page.locator("body").inner_text() or "Appel</a>" in page.locator("body").inner_text()
    page.goto(f"{base}/programme/2021-2027/project/{project_id}?lang={lang}")
    wait_ready(page)
    assert EVIL_PROJECT in page.locator("#page-title").inner_text()
    assert page.evaluate("window.pwned === undefined")
    assert page.console_watch.errors == []
