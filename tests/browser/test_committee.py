"""Committee mode in the browser: every slide by keyboard in FR, NL, EN and bilingual, 28 px type, print to PDF."""

from __future__ import annotations

import io

import pytest

from .conftest import screenshot, wait_ready

#: the smallest computed font size of a visible text inside the slides, in px
MIN_FONT_JS = """() => {
  const root = document.querySelector('.committee');
  let min = Infinity, where = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('.sr-only')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) { min = size; where = node.textContent.trim().slice(0, 40); }
  }
  return [min, where];
}"""


def _slide(page) -> str:
    return page.locator(".slide").get_attribute("data-slide")


@pytest.mark.parametrize("lang, bilingual", [("fr", False), ("nl", False), ("en", False), ("fr", True)])
def test_every_slide_by_keyboard_with_type_for_the_back_of_the_room(browser, server, lang, bilingual):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-BE")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    query = f"programme=2021-2027&lang={lang}" + ("&bilingual=1" if bilingual else "")
    page.goto(f"{server}/committee?{query}")
    wait_ready(page)
    seen = []
    for _ in range(40):
        name = _slide(page)
        if seen and name == seen[-1]:
            break  # the last slide: the next key stays on it
        seen.append(name)
        size, text = page.evaluate(MIN_FONT_JS)
        assert size >= 28, f"{name}: '{text}' is {size}px"
        assert f"slide={name}" in page.url or (name == "title" and "slide=" not in page.url)  # the URL names it
        screenshot(page, f"committee-{lang}{'-bilingual' if bilingual else ''}-{len(seen):02d}-{name}")
        page.keyboard.press("ArrowRight" if len(seen) % 3 else ("PageDown" if len(seen) % 2 else " "))
        page.wait_for_timeout(150)
        wait_ready(page)
    assert seen[:3] == ["title", "headline", "objectives"] and seen[-1].startswith("changes")
    assert len(seen) == len(set(seen))
    counter = page.locator(".slide-counter").inner_text()
    assert counter.endswith(str(len(seen)))  # "Diapositive 9 sur 9": the counter counts every slide
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('.slide').dataset.slide === 'title'")
    page.keyboard.press("End")
    page.wait_for_function(f"() => document.querySelector('.slide').dataset.slide === {seen[-1]!r}")
    page.keyboard.press("PageUp")
    page.wait_for_function(f"() => document.querySelector('.slide').dataset.slide === {seen[-2]!r}")
    page.keyboard.press("Escape")  # leaves for the programme page, in the same language
    page.wait_for_url(f"**/programme/2021-2027?lang={lang}")
    wait_ready(page)
    assert page.locator(".committee").count() == 0
    assert errors == []
    context.close()


def test_bilingual_slides_say_it_in_french_and_dutch(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{server}/committee?programme=2021-2027&lang=fr&bilingual=1&slide=objectives")
    wait_ready(page)
    title = page.locator(".slide-head").inner_text()
    assert "Par objectif spécifique" in title and "Per specifieke doelstelling" in title
    statuses = page.locator(".slide-table .status").first.inner_text()
    assert "Sous le seuil" in statuses and "Onder de drempel" in statuses
    assert page.locator("[lang=nl]").count() > 5  # the Dutch texts say they are Dutch
    context.close()


def test_printing_the_deck_gives_one_landscape_page_per_slide(browser, server):
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{server}/committee?programme=2014-2020&lang=nl&slide=all")
    wait_ready(page)
    n = page.locator(".slide").count()
    last = page.locator(".slide").nth(n - 1).locator("h1").inner_text()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == n
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert last.split()[0] in pdf.pages[-1].extract_text()
    assert "Opvolging EFRO" not in pdf.pages[0].extract_text()  # no shell chrome on the slides
    context.close()


#: per slide: name, its part, scrollHeight, clientHeight, scrollWidth, clientWidth, rows, footer text
SLIDES_JS = """() => [...document.querySelectorAll('.slide')].map(s => ({
  name: s.dataset.slide, part: s.dataset.part, sh: s.scrollHeight, h: s.clientHeight, sw: s.scrollWidth,
  w: s.clientWidth, rows: [...s.querySelectorAll('tbody tr')].map(r => r.cells[0].innerText.trim()),
  foot: s.querySelector('.slide-foot').innerText}))"""
#: the title's text boxes and the navigation's box overlap
NAV_OVER_TITLE = """() => {
  const nav = document.querySelector('.committee-nav').getBoundingClientRect();
  const range = document.createRange(); range.selectNodeContents(document.querySelector('.slide-head h1'));
  return [...range.getClientRects()].some(r => r.width > 0 && r.left < nav.right && r.right > nav.left
                                             && r.top < nav.bottom && r.bottom > nav.top);
}"""


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_every_slide_fits_a_small_projector_without_cutting_a_row(browser, server, core_data, size):
    """At 1366x768 and 1280x720 (a 1920 laptop at 150 %) the type scales with the viewport and every slide of
    every deck holds its content (scrollHeight <= clientHeight); the calls and the late projects go over
    several slides, all of them shown; every slide says the data are demo data."""
    from i18n import t
    from monitoring import figures
    from monitoring.progress import project_status_table

    programmes, thresholds = core_data
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-BE")
    page = context.new_page()
    for pid in ("2021-2027", "2014-2020"):
        data = programmes[pid]
        calls = figures.level_table(data, "call")
        calls = sorted(calls.loc[calls["key"] != "", "key"])
        status = project_status_table(data, data.info.as_of, bands=thresholds.forecast)
        late = sorted(status.loc[status["status"].isin(["late", "slightly_late"]), "project_id"])
        for lang, bilingual in (("fr", False), ("nl", False), ("fr", True)):
            query = f"programme={pid}&lang={lang}" + ("&bilingual=1" if bilingual else "")
            # every slide one under the other, each as high as the viewport (the deck's own scroll bar hidden,
            # as a single slide has none)
            page.goto(f"{server}/committee?{query}&slide=all")
            wait_ready(page)
            page.add_style_tag(content=".committee { scrollbar-width: none; }")
            page.wait_for_timeout(100)
            slides = page.evaluate(SLIDES_JS)
            cut = [(s["name"], s["sh"], s["sw"]) for s in slides if s["sh"] > height or s["sw"] > width]
            assert cut == [], f"{query}: {cut}"
            assert sorted(r for s in slides if s["part"] == "calls" for r in s["rows"]) == calls
            assert sorted(r for s in slides if s["part"] == "late" for r in s["rows"]) == late
            demo = [t("demo_notice", x) for x in (("fr", "nl") if bilingual else (lang,))]
            assert [s["name"] for s in slides if not all(d in s["foot"] for d in demo)] == []
            assert [s["name"] for s in slides if " · \n" in s["foot"] or s["foot"].rstrip().endswith("·")] == []
        # one slide at a time: nothing scrolls, and the ← → Imprimer ✕ buttons are never over the title
        for name in ("objectives", "calls", "calls-2", "late", "decommitment", "changes"):
            page.goto(f"{server}/committee?programme={pid}&lang=fr&bilingual=1&slide={name}")
            wait_ready(page)
            s = page.evaluate(SLIDES_JS)[0]
            if s["name"] != name:
                continue  # a deck without a second calls slide
            assert s["sh"] <= s["h"] and s["sw"] <= s["w"], (pid, name, s)
            assert page.evaluate(NAV_OVER_TITLE) is False, (pid, name)
            screenshot(page, f"committee-{width}-{pid}-bilingual-{name}")
    context.close()
