"""Printing to PDF (headless Chromium, assets/print.css): a grid of more than 40 rows prints every row on
several A4 landscape pages, no column cut, without the app's fixed header on each page; a normal page prints
in landscape."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from i18n import t

from .conftest import settled, wait_ready


def squash(text: str) -> str:
    """Text compared whatever the PDF's line wrapping and ligatures ("2127-\\n5.1-\\n09", "Bénéﬁciaire")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def print_pdf(page):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


#: the explorer grid's rows in the order it shows them (AG Grid's own API: the rows the server sent, in order)
GRID_ROWS = """(id) => { const api = dash_ag_grid.getApi(id); const out = [];
  api.forEachNode(n => { if (n.data) out.push(n.data.project_id); }); return out; }"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("pid", "lang"),
    [
        ("2021-2027", "fr"),
        ("2014-2020", "fr"),
        ("2014-2020", "nl"),
        ("2021-2027", "nl"),
    ],
)
def test_a_long_grid_prints_every_row_on_several_pages(page, server, core_data, pid, lang):
    programmes, _ = core_data
    n_projects = len(programmes[pid].projects)
    assert n_projects > 40  # the demo data gives a grid long enough to need several pages

    page.goto(f"{server}/programme/{pid}/projects?lang={lang}")
    wait_ready(page)
    # the printed rows come from a callback once the grid has its rows (14 s on a loaded 2-core machine)
    page.wait_for_function("() => document.querySelectorAll('.print-table tbody tr').length > 0", timeout=60000)
    table = page.locator(".print-table")
    assert table.count() == 1
    headers = table.locator("thead th").all_inner_texts()
    rows = table.locator("tbody tr")
    assert rows.count() == n_projects
    printed_ids = table.locator("tbody tr td:first-child").all_inner_texts()
    # the printed table is the grid: same rows in the same order, its last row the grid's last row
    grid_ids = page.evaluate(GRID_ROWS, '{"index":"explorer","type":"nav-grid"}')
    assert printed_ids == grid_ids
    last = rows.nth(n_projects - 1).locator("td").all_inner_texts()
    assert len(last) == len(headers)
    last_id, last_name, last_cell = last[0], last[1], last[-1]
    assert last_id == grid_ids[-1]
    assert programmes[pid].projects.set_index("project_id").loc[last_id, "name"] == last_name

    pdf = print_pdf(page)
    pages = [squash(p.extract_text()) for p in pdf.pages]
    text = "".join(pages)
    assert len(pages) > 1
    for p in pdf.pages:
        assert float(p.mediabox.width) > float(p.mediabox.height)  # A4 landscape, every page

    # the last row is printed whole: its id, its name, and its last column's value
    assert squash(last_id) in text
    assert squash(last_name) in text
    assert squash(last_cell) in text
    # no row lost at a page break
    missing = [i for i in printed_ids if squash(i) not in text]
    assert missing == []
    # no column cut: every header is printed, the last one included
    assert squash(headers[-1]) in text
    assert [h for h in headers if squash(h) not in text] == []
    # the app's fixed header is not printed over each page
    title = squash(t("app_title", lang))
    assert page.inner_text("#app-title") == t("app_title", lang)  # it is on screen
    with_title = [i for i, p in enumerate(pages) if title in p]
    assert len(with_title) <= 1, with_title
    assert len(with_title) < len(pages)
    assert page.console_watch.errors == []


@pytest.mark.browser
def test_a_programme_page_prints_in_landscape(page, server):
    page.goto(f"{server}/programme/2021-2027?lang=fr")
    wait_ready(page)
    pdf = print_pdf(page)
    assert len(pdf.pages) >= 1
    for p in pdf.pages:
        box = p.mediabox
        assert float(box.width) > float(box.height)
    assert squash("FEDER 2021-2027") in squash(pdf.pages[0].extract_text())  # its heading, on the first page
    assert page.console_watch.errors == []


@pytest.mark.browser
def test_a_searched_and_sorted_explorer_prints_the_rows_it_shows(page, server):
    page.goto(f"{server}/programme/2021-2027/projects?lang=fr&q=Ixelles&sort=paid:desc")
    wait_ready(page)
    # the grid's rows and its printed copy come from two answers and are drawn apart: both settled within 10 s
    grid_ids, printed_ids = settled(
        page,
        lambda: (
            page.evaluate(GRID_ROWS, '{"index":"explorer","type":"nav-grid"}'),
            page.locator(".print-table tbody tr td:first-child").all_inner_texts(),
        ),
        lambda both: bool(both[0]) and both[0] == both[1],
    )
    assert 0 < len(grid_ids) < 40  # the search keeps a few projects, sorted by paid amount
    assert printed_ids == grid_ids


#: every visible text of each slide, as leaves (a text node's parent's own text), per slide, in document order
SLIDE_TEXTS = """() => [...document.querySelectorAll('.slide')].map(slide => {
  const out = []; const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) { const s = walker.currentNode.textContent.trim(); if (s && s !== '·') out.push(s); }
  return [slide.dataset.slide, out];
})"""


@pytest.mark.parametrize(
    ("pid", "query"),
    [
        ("2021-2027", "lang=fr"),
        ("2021-2027", "lang=nl"),
        ("2021-2027", "lang=fr&bilingual=1"),
        ("2014-2020", "lang=fr"),
        ("2014-2020", "lang=nl"),
        ("2014-2020", "lang=fr&bilingual=1"),
    ],
)
def test_a_printed_deck_loses_no_text_of_any_slide(browser, server, pid, query):
    """Each slide prints on its own A4 landscape page with every text it shows on screen: every row of its
    table, its note and its footer (the slide's HTML text compared with its PDF page's text)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-BE")
    page = context.new_page()
    page.goto(f"{server}/committee?programme={pid}&{query}&slide=all")
    wait_ready(page)
    slides = page.evaluate(SLIDE_TEXTS)
    pdf = print_pdf(page)
    assert len(pdf.pages) == len(slides)  # one page a slide: no slide spilled over a second sheet
    lost = {}
    for (name, texts), pdf_page in zip(slides, pdf.pages, strict=True):
        printed = squash(pdf_page.extract_text())
        missing = [s for s in texts if squash(s) not in printed]
        if missing:
            lost[name] = missing
    assert lost == {}
    context.close()


#: the printed tables' figures (amounts, rates, codes) that take more than one line, with their line count
BROKEN_FIGURES = r"""() => {
  const out = [];
  for (const td of document.querySelectorAll('.print-table td, .print-table th')) {
    const text = td.textContent.trim();
    const figure = /^[-−+]?[\d€]/.test(text) && !/[a-z]{3}/i.test(text.replace(/mln|k€|M€/g, ''));
    const word = td.tagName === 'TH' && !/\s/.test(text);
    if (!text || !(figure || word)) continue;
    const range = document.createRange(); range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) out.push([text, tops.size]);
  }
  return out;
}"""


@pytest.mark.parametrize(("pid", "lang"), [("2021-2027", "fr"), ("2014-2020", "nl")])
def test_printed_programme_tables_never_break_a_number(page, server, pid, lang):
    """In print, an amount ("42 000 000,00 €"), a rate, a code and a one-word header stay on one line (the
    long objective titles wrap at their words instead), and the mouse instructions are not printed."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/programme/{pid}?lang={lang}")
    wait_ready(page)
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    figures = page.evaluate("() => document.querySelectorAll('.print-table td').length")
    assert figures > 50  # the objectives' and the calls' tables are printed
    assert page.evaluate(BROKEN_FIGURES) == []
    hints = page.locator(".section-hint")
    assert hints.count() >= 1  # "Cliquez sur une barre pour ouvrir le détail." is on the page...
    assert [hints.nth(i).is_visible() for i in range(hints.count())] == [False] * hints.count()  # ...not on paper
    page.emulate_media(media="screen")
    assert hints.first.is_visible()
