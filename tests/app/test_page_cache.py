"""Built pages are kept (ui.views.common.render with keep): the same URL on the same data is served from the
worker's memory; any change of the data folder (an event of the store) makes the next request build it again."""

from __future__ import annotations

import json

from tests.app.helpers import post_json, route_request
from ui import service
from ui.views import common


def _answer(client, path: str, search: str) -> str:
    resp = post_json(client, route_request(path, search))
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def _entries(path_builder: str) -> int:
    return sum(1 for key in common._built if path_builder in key)


def test_the_same_page_is_built_once_then_read(client):
    common.forget_built_pages()
    first = _answer(client, "/programme/2021-2027", "?lang=nl")
    assert _entries("programme") == 1
    again = _answer(client, "/programme/2021-2027", "?lang=nl")
    assert again == first and _entries("programme") == 1  # read, not built again: the very same answer
    _answer(client, "/programme/2021-2027", "?lang=fr")  # another language: another page
    assert _entries("programme") == 2


def test_a_change_of_the_data_folder_builds_the_page_again(client):
    common.forget_built_pages()
    _answer(client, "/", "?lang=fr")
    before = service.page_key()
    service._store()._event("pending", "erdf-new.xlsx")  # what a workbook appearing in the folder records
    assert service.page_key() != before
    _answer(client, "/", "?lang=fr")
    assert _entries("overview") == 2  # the page kept under the old key is not served for the new state


def test_pages_that_depend_on_the_user_are_never_kept(client):
    common.forget_built_pages()
    _answer(client, "/data", "?lang=fr")
    _answer(client, "/programme/2014-2020/history", "?lang=fr")
    assert not common._built
    assert json.loads(_answer(client, "/data", "?lang=fr"))["response"]  # still served


def test_pages_built_ahead_are_the_ones_a_visitor_gets(app, client):
    """ui.warm builds the overview, each programme page and explorer in French and Dutch (5 pages per language
    on the demo's two programmes); a visitor's URL then finds them built: no new page is made for it."""
    from ui.warm import warm_pages

    common.forget_built_pages()
    assert warm_pages(app.server) == 10 and len(common._built) == 10
    for path in ("/", "/programme/2021-2027", "/programme/2014-2020/projects"):
        _answer(client, path, "?lang=nl")
    _answer(client, "/programme/2014-2020", "")  # no language in the URL: French, the default
    assert len(common._built) == 10
