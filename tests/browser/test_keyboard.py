"""The drill-down overview -> programme -> objective -> call -> project by keyboard alone, in FR and NL.

After the first page load only Tab and Enter are pressed: no click, no goto. A plain link is reached when
it has the focus; a grid row is reached when one of its cells has the focus and the row holds the row's
link (the RowLink renderer's <a class="grid-link" tabindex="-1">, followed on Enter by assets/navigation.js).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from i18n import t
from monitoring import figures
from ui.views.common import programme_title
from ui.words import objective_word

from .conftest import SHOTS, wait_ready

PID = "2021-2027"

#: what has the focus: the href it opens on Enter (its own, or its grid row's link) and how it shows it
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return null; }
  let href = null, kind = null;
  if (e.matches("a[href]")) { href = e.getAttribute("href"); kind = "link"; }
  else if (e.closest(".nav-grid .ag-cell")) {
    const row = e.closest(".ag-row");
    const link = row && row.querySelector("a.grid-link[href]");
    if (link) { href = link.getAttribute("href"); kind = "grid-cell"; }
  }
  const s = getComputedStyle(e);
  return {
    href, kind, tag: e.tagName, id: e.id, text: (e.innerText || "").trim().slice(0, 80),
    outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow,
    borderStyle: s.borderTopStyle, borderWidth: s.borderTopWidth, borderColor: s.borderTopColor,
  };
}"""


def visibly_focused(f: dict) -> bool:
    """An outline, a box-shadow, or (AG Grid's focused cell) a visible border."""
    if f["outlineStyle"] != "none" and f["outlineWidth"] != "0px":
        return True
    if f["boxShadow"] != "none":
        return True
    transparent = f["borderColor"] in ("transparent", "rgba(0, 0, 0, 0)") or f["borderColor"].endswith(" 0)")
    return f["borderStyle"] not in ("none", "hidden") and f["borderWidth"] != "0px" and not transparent


IN_GRID = "() => !!(document.activeElement && document.activeElement.closest('.ag-root'))"
#: where the focus is inside a grid: its row (header rows have none) and column
GRID_PLACE = """() => { const e = document.activeElement;
  const row = e.closest('.ag-row'); const cell = e.closest('.ag-cell, .ag-header-cell');
  return [row ? row.getAttribute('row-index') : 'header', cell ? cell.getAttribute('col-id') : null]; }"""


def down_the_grid(page, pattern: re.Pattern[str], max_rows: int = 200) -> dict | None:
    """In a grid (Tab stops once on it: ui.components.grid), the arrows go down its rows: the row opening a path
    matching ``pattern``, or None at the last row."""
    place = page.evaluate(GRID_PLACE)
    for _ in range(max_rows):
        page.keyboard.press("ArrowDown")
        f = page.evaluate(FOCUSED)
        if f and f["href"] and pattern.search(f["href"]):
            return f
        now = page.evaluate(GRID_PLACE)
        if now == place:  # the last row: ArrowDown moves no more
            return None
        place = now
    return None


def tab_to(page, wanted: str, max_tabs: int = 60) -> dict:
    """Press Tab until the focus is on a link that opens a path matching ``wanted``; on a grid, go down its rows
    with the arrows for a row that opens it (Tab stops once per grid, as a keyboard user learns from the grid's
    note), then Tab on."""
    pattern = re.compile(wanted)
    seen = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f and f["href"] and pattern.search(f["href"]):
            return f
        if page.evaluate(IN_GRID):
            found = down_the_grid(page, pattern)
            if found:
                return found
        seen.append(None if not f else (f["tag"], f["id"], f["href"]))
    raise AssertionError(f"no focusable link to {wanted!r} within {max_tabs} Tabs; last focused: {seen[-12:]}")


def press_enter_and_wait(page) -> None:
    before = page.evaluate("location.pathname + location.search")
    heading = page.inner_text("h1")
    page.keyboard.press("Enter")
    page.wait_for_function("(before) => location.pathname + location.search !== before", arg=before, timeout=10000)
    # the new page drawn (the URL changes before the page's callback has even started)
    page.wait_for_function(
        "(h) => { const e = document.querySelector('h1'); return e && e.innerText !== h; }", arg=heading, timeout=15000
    )
    wait_ready(page)
    # the focus went to the new page's content (assets/navigation.js), not back to <body>
    assert page.evaluate("document.activeElement && document.activeElement.id") == "main-content"


def shot(page, lang: str, step: str) -> None:
    """A screenshot of the viewport as the keyboard user sees it (no scrolling: that would move the focus)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"keyboard-{lang}-{step}.png"))


def assert_page(page, lang: str, path: str, heading_starts: str) -> str:
    url = urlsplit(page.url)
    assert unquote(url.path) == path
    assert f"lang={lang}" in url.query
    assert page.evaluate("document.documentElement.lang") == lang
    h1 = page.locator("h1")
    assert h1.count() == 1
    heading = h1.inner_text()
    assert heading.startswith(heading_starts), (heading, heading_starts)
    return heading


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_drilldown_by_keyboard_alone(page, server, lang, core_data):
    programmes, _ = core_data
    data = programmes[PID]
    objective = figures.level_table(data, "objective")["key"].iloc[0]  # the first row of the objectives grid
    calls = figures.level_table(data, "call", objective=objective)
    call_id = calls[(calls["key"] != "") & (calls["n_projects"] > 0)].sort_values("key")["key"].iloc[0]

    page.goto(f"{server}/?lang={lang}")
    wait_ready(page)
    assert_page(page, lang, "/", t("overview", lang))
    assert page.locator("h1").inner_text() == t("overview", lang)
    shot(page, lang, "0-overview")

    # overview -> programme: the card's "Open" link, visibly focused
    focused = tab_to(page, rf"^/programme/{PID}\?")
    assert focused["kind"] == "link" and focused["id"] == f"open-{PID}", focused
    assert visibly_focused(focused), focused
    shot(page, lang, "1-focus-programme-link")
    press_enter_and_wait(page)
    assert_page(page, lang, f"/programme/{PID}", programme_title(PID, lang))
    shot(page, lang, "1-programme")

    # programme -> first objective: a cell of its row in the objectives grid
    focused = tab_to(page, rf"^/programme/{PID}/objective/{re.escape(objective)}\?")
    assert focused["kind"] == "grid-cell", focused
    assert visibly_focused(focused), focused
    press_enter_and_wait(page)
    assert_page(page, lang, f"/programme/{PID}/objective/{objective}", f"{objective_word(PID, lang)} {objective}")
    shot(page, lang, "2-objective")

    # objective -> the first call that selected projects: its row in the calls grid
    focused = tab_to(page, rf"^/programme/{PID}/call/{re.escape(call_id)}\?")
    assert focused["kind"] == "grid-cell", focused
    assert visibly_focused(focused), focused
    press_enter_and_wait(page)
    assert_page(page, lang, f"/programme/{PID}/call/{call_id}", f"{t('call', lang)} {call_id}")
    shot(page, lang, "3-call")

    # call -> its first project: its row in the projects grid
    focused = tab_to(page, rf"^/programme/{PID}/project/[^?#]+\?")
    assert focused["kind"] == "grid-cell", focused
    assert visibly_focused(focused), focused
    project_id = unquote(focused["href"].split("/project/")[1].split("?")[0])
    press_enter_and_wait(page)
    project = data.projects.set_index("project_id").loc[project_id]
    assert project["call_id"] == call_id
    assert_page(page, lang, f"/programme/{PID}/project/{project_id}", f"{project_id} — {project['name']}")
    assert t("identity", lang) in page.inner_text("body")  # the page's own words are in the chosen language
    shot(page, lang, "4-project")

    assert page.console_watch.errors == []


UNPINNED_CELL = "() => document.activeElement.closest('.nav-grid .ag-center-cols-container .ag-cell') !== null"


@pytest.mark.browser
def test_enter_on_any_cell_of_a_projects_row_opens_the_project(page, server):
    page.goto(f"{server}/programme/{PID}/call/2023-08?lang=fr")
    wait_ready(page)
    for _ in range(60):  # Tab to the projects grid (one stop), then the arrows: down to a row, right past the
        page.keyboard.press("Tab")  # pinned ID and name columns
        if page.evaluate(IN_GRID):
            break
    else:
        raise AssertionError("the projects grid not reached by Tab")
    page.keyboard.press("ArrowDown")
    for _ in range(12):
        if page.evaluate(UNPINNED_CELL):
            break
        page.keyboard.press("ArrowRight")
    else:
        raise AssertionError("no unpinned cell of the projects grid reached by the arrows")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/project/"), timeout=3000)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_grid_is_one_tab_stop_and_says_how_to_go_through_it(page, server, lang):
    """Tab enters the projects grid and the next Tab leaves it (UI walk #9: 54 Tabs from the call to a project);
    the note under the grid says so in the page's language."""
    page.goto(f"{server}/programme/{PID}/call/2023-08?lang={lang}")
    wait_ready(page)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(IN_GRID):
            break
    else:
        raise AssertionError("the projects grid not reached by Tab")
    assert page.evaluate(GRID_PLACE)[0] == "header"  # it enters on the header
    page.keyboard.press("Tab")
    assert not page.evaluate(IN_GRID)  # one Tab later the focus has left the grid
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(IN_GRID)  # and Shift+Tab comes back to it
    assert t("grid_keys", lang) in page.inner_text("main")


#: how much of the focused element lies under the app's fixed header or footer, in px
OBSCURED = """() => {
  const r = document.activeElement.getBoundingClientRect();
  const h = document.querySelector(".mantine-AppShell-header").getBoundingClientRect();
  const f = document.querySelector(".mantine-AppShell-footer").getBoundingClientRect();
  return Math.max(0, h.bottom - r.top) + Math.max(0, r.bottom - f.top);
}"""


@pytest.mark.browser
def test_the_focused_link_is_not_hidden_under_the_fixed_footer(page, server):
    page.goto(f"{server}/?lang=fr")
    wait_ready(page)
    tab_to(page, rf"^/programme/{PID}\?")
    assert page.evaluate(OBSCURED) == 0
