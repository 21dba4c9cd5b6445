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
