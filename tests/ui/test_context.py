"""The request context: one language and one as-of date per request, capped once, kept by the links."""

from __future__ import annotations

from datetime import date

import pytest

from ui.context import Request, choose_lang, from_search, resolve


def test_language_from_the_url_then_the_browser_then_french():
    assert resolve("nl", None, "en").lang == "nl"
    assert resolve(None, None, "en").lang == "en"
    assert resolve("de", None, "xx").lang == "fr"
    assert choose_lang(None, "", "nl") == "nl"
    assert from_search("?lang=en&as_of=2023-09-30", "nl") == Request("en", date(2023, 9, 30))


@pytest.mark.parametrize(
    "text, as_of, problem",
    [
        (None, None, None),
        ("", None, None),
        ("2023-09-30", date(2023, 9, 30), None),
        ("2023-02-30", None, "unreadable"),  # no 30 February
        ("31/12/2023", None, "unreadable"),  # URLs carry ISO dates
        ("0001-01-01", date(2000, 1, 1), "out_of_range"),  # the nearest date in 2000-2040
        ("9999-12-31", date(2040, 12, 31), "out_of_range"),
    ],
)
def test_the_as_of_date_of_a_url(text, as_of, problem):
    r = resolve("fr", text)
    assert (r.as_of, r.as_of_problem) == (as_of, problem)


def test_bound_to_a_programme_the_date_is_capped_to_the_extract_and_links_keep_the_date_shown(demo):
    data = demo["2021-2027"]  # extracted on 30/11/2023
    v = resolve("nl", "2030-01-01").at(data)
    assert (v.as_of, v.as_of_replaced) == (date(2023, 11, 30), "after_extract")
    assert v.href("/programme/2021-2027") == "/programme/2021-2027?lang=nl&as_of=2023-11-30"
    v = resolve("en", "2023-07-31").at(data)
    assert (v.as_of, v.as_of_replaced) == (date(2023, 7, 31), None)
    assert v.href("/") == "/?lang=en&as_of=2023-07-31"
    v = resolve("fr", None).at(data)  # no date asked: the extract date, and links name none
    assert (v.as_of, v.as_of_replaced) == (date(2023, 11, 30), None)
    assert v.href("/") == "/?lang=fr"
    v = resolve("fr", "2023-02-30").at(data)  # unreadable: the extract date, said so, and links carry it
    assert (v.as_of, v.as_of_replaced) == (date(2023, 11, 30), "unreadable")
    assert v.href("/") == "/?lang=fr&as_of=2023-11-30"
