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
    assert counter.endswith(str(len(seen)))  # "7 / 7": the counter counts every slide
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
