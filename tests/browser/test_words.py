"""No English on a French or Dutch page: every visible text and tooltip of every page, read in the browser.

Texts that come from the data (project and call names, beneficiaries, file names) are the
workbook's, not the app's: they are taken out before the check.
"""

from __future__ import annotations

import re

import pytest

from .conftest import wait_ready
from .test_pages import PAGES

#: English words that are neither French nor Dutch (cognates such as "project", "status", "source" are left out)
ENGLISH = {
    "the", "and", "to", "with", "for", "from", "are", "not", "this", "that", "by",
    "paid", "committed", "allocation", "deadline", "threshold", "target", "forecast", "payment", "payments",
    "commitment", "commitments", "search", "warning", "warnings", "error", "errors", "loading", "remaining",
    "rate", "outside", "shown", "below", "reached", "watch", "covered", "risk", "year", "days", "projects",
    "objective", "objectives", "call", "calls", "agreement", "selected", "ongoing", "closed", "cancelled",
    "overview", "explorer", "grant", "beneficiary", "cumulative", "claimed", "realised", "amount", "kind",
    "click", "found", "loaded", "extract", "none", "rows", "filter", "equals", "contains",
}  # fmt: skip


def _data_words(core_data) -> set[str]:
    """Every word of the texts the workbooks bring (names, titles, beneficiaries, files)."""
    programmes, _ = core_data
    texts = []
    for data in programmes.values():
        texts += list(data.projects["name"]) + list(data.projects["beneficiary"]) + list(data.calls["title"])
        texts += [data.source, data.info.title, data.info.cci]
    return {w.lower() for text in texts for w in re.findall(r"[^\W\d_]+", str(text))}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_no_english_word_on_french_and_dutch_pages(page, server, core_data, lang):
    allowed = _data_words(core_data)
    found = {}
    for name, path in PAGES.items():
        page.goto(f"{server}{path}?lang={lang}")
        wait_ready(page)
        tooltips = page.evaluate(
            "Array.from(document.querySelectorAll('[title],[aria-label],[data-title],[placeholder]'))"
            ".map(e => [e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('data-title'),"
            " e.getAttribute('placeholder')].filter(Boolean).join(' ')).join(' ')"
        )
        text = page.locator("body").inner_text() + " " + page.title() + " " + tooltips
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        english = sorted((words & ENGLISH) - allowed)
        if english:
            found[name] = english
    assert found == {}


@pytest.mark.parametrize("lang, expected", [("nl", "Geen overeenkomende rijen"), ("fr", "Aucune ligne correspondante")])
def test_grid_and_chart_texts_come_in_the_pages_language(page, server, lang, expected):
    page.goto(f"{server}/programme/2021-2027/projects?lang={lang}")
    wait_ready(page)
    page.fill("#explorer-search", "no project is called this")
    page.wait_for_timeout(800)
    assert page.locator(".ag-overlay").inner_text().strip() == expected  # AG Grid's own text, from its locale
    page.goto(f"{server}/programme/2021-2027?lang={lang}")
    wait_ready(page)
    page.wait_for_selector(".modebar-btn", state="attached")
    titles = page.evaluate(
        "Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'))"
    )
    english = {"Download plot as a PNG", "Zoom in", "Zoom out", "Pan", "Reset axes", "Autoscale", "Share chart..."}
    assert titles and not set(titles) & english  # plotly's own texts, translated
