"""Committee mode over HTTP: the deck's slides, their figures, bilingual texts, the deck for printing."""

from __future__ import annotations

from datetime import date

import pytest

from i18n import format_pct, t
from tests.app.helpers import components, route, strings


def _in_order(node):
    """The components of a tree in document order."""
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from _in_order(value)
    elif isinstance(node, list):
        for item in node:
            yield from _in_order(item)


def _slides(tree) -> list[str]:
    return [c["props"]["data-slide"] for c in _in_order(tree) if c["type"] == "Section"]


def test_the_deck_shows_one_slide_and_links_the_others(client):
    tree = route(client, "/committee", "?programme=2021-2027&lang=fr")
    assert _slides(tree) == ["title"]
    nav = next(c["props"] for c in components(tree) if c["type"] == "Nav")
    assert nav["data-next"].startswith("/committee?programme=2021-2027&lang=fr&slide=headline")
    assert nav["data-exit"] == "/programme/2021-2027?lang=fr"
    assert t("committee.title", "fr") in strings(tree)


def test_all_slides_in_order_for_printing(client, programmes):
    tree = route(client, "/committee", "?programme=2021-2027&lang=nl&slide=all")
    names = _slides(tree)
    # 9 objectives fit on one slide, 18 calls on two (9 rows a slide)
    assert names[:5] == ["title", "headline", "objectives", "calls", "calls-2"]
    assert names[-1] == "changes" and len(names) == len(set(names))
    assert f"Dia {len(names)} van {len(names)}" in strings(tree)


def test_the_headline_slide_gives_the_programmes_kpi(client, programmes, thresholds):
    from monitoring import figures

    h = figures.headline(programmes["2014-2020"], thresholds)
    tree = route(client, "/committee", "?programme=2014-2020&lang=en&slide=headline")
    texts = strings(tree)
    assert format_pct(h["rate"], "en") in texts  # 93.5%: 187 112 895,04 paid of 200 120 206,00
    assert h["status"].describe("en") in texts
    assert "Below threshold" in texts


def test_changes_since_replay_the_money_lines(client, programmes, thresholds):
    from monitoring import figures

    data = programmes["2021-2027"]
    then = figures.level_table(data, "objective", date(2023, 6, 30)).set_index("key")
    now = figures.level_table(data, "objective").set_index("key")
    tree = route(client, "/committee", "?programme=2021-2027&lang=en&slide=changes&since=2023-06-30")
    texts = strings(tree)
    assert "Changes since 30 Jun 2023" in texts
    # 1.1: the rate then and now, both shown
    assert format_pct(then.loc["1.1", "commitment_rate"], "en") in texts
    assert format_pct(now.loc["1.1", "commitment_rate"], "en") in texts


@pytest.mark.parametrize("slide", ["objectives", "headline", "late"])
def test_bilingual_slides_carry_french_and_dutch(client, slide):
    texts = strings(route(client, "/committee", f"?programme=2021-2027&lang=fr&bilingual=1&slide={slide}"))
    assert t("rag.red", "fr") in texts and t("rag.red", "nl") in texts


def test_without_a_programme_the_deck_offers_the_loaded_ones(client):
    tree = route(client, "/committee", "?lang=nl")
    links = [c["props"]["href"] for c in _in_order(tree) if c["type"] == "Link"]
    assert links == ["/committee?programme=2014-2020&lang=nl", "/committee?programme=2021-2027&lang=nl"]


def test_bilingual_dates_are_written_in_each_language(client):
    # the changes slide since 31/07/2023, in French with Dutch beside it: each sentence has its own date format
    texts = strings(
        route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=changes&since=2023-07-31")
    )
    assert t("committee.slide.changes", "fr", date="31 juil. 2023") in texts
    assert t("committee.slide.changes", "nl", date="31 jul 2023") in texts
    headline = strings(route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=headline"))
    assert not [s for s in headline if "déc." in s and ("dagen" in s or "datum" in s)]  # no French date in Dutch
