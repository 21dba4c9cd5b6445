"""The URLs that reproduce a view (ui.urls)."""

from __future__ import annotations

from datetime import date

from ui import urls


def test_urls_round_trip():
    path = urls.call_path("2021-2027", "2023/08 bis")
    assert path == "/programme/2021-2027/call/2023%2F08%20bis"
    href = urls.with_query(path, "nl", date(2023, 9, 30))
    assert href == path + "?lang=nl&as_of=2023-09-30"
    q = urls.parse_query(href.split("?")[1])
    assert q == {"lang": "nl", "as_of": "2023-09-30"}
    assert urls.parse_as_of("2023-02-30") is None  # not a date: the page shows the extract date
    assert urls.programme_from_path(path) == "2021-2027"
    assert urls.replace_programme("/programme/2021-2027/projects", "2014-2020") == "/programme/2014-2020/projects"
    assert urls.replace_programme("/programme/2021-2027/objective/2.1", "2014-2020") == "/programme/2014-2020"


def test_official_urls():
    assert urls.official_index_path() == "/official"
    assert urls.official_path("2014BE16RFOP001") == "/official/2014BE16RFOP001"
    href = urls.official_path("2014BE16RFOP001", "nl", 2020, "99js-gm52_BE_rows_2022-10.csv")
    assert href == "/official/2014BE16RFOP001?lang=nl&year=2020&source=99js-gm52_BE_rows_2022-10.csv"
    assert urls.official_path("../x y") == "/official/..%2Fx%20y"  # a CCI from a URL stays one path segment
