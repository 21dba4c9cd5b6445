"""Browser tab titles and <html lang> in the page's language."""

from __future__ import annotations

import re

import pytest

from tests.app.helpers import post_json, route_request


def _title(client, pathname, search="", stored=None) -> str:
    resp = post_json(client, route_request(pathname, search, stored))
    assert resp.status_code == 200
    return resp.get_json()["response"]["_pages_store"]["data"]["title"]


@pytest.mark.parametrize(
    "path, search, stored, expected",
    [
        ("/", "?lang=fr", None, "Vue d'ensemble · Suivi FEDER Bruxelles"),
        ("/programme/2021-2027", "?lang=nl", None, "EFRO 2021-2027 · Opvolging EFRO Brussel"),
        (
            "/programme/2021-2027/objective/2.1",
            "",
            "nl",
            "Specifieke doelstelling 2.1 — EFRO 2021-2027 · Opvolging EFRO Brussel",
        ),
        (
            "/programme/2014-2020/objective/3",
            "?lang=fr",
            None,
            "Axe prioritaire 3 — FEDER 2014-2020 · Suivi FEDER Bruxelles",
        ),
        (
            "/programme/2021-2027/call/2023-08",
            "?lang=en",
            None,
            "Call for projects 2023-08 — ERDF 2021-2027 · ERDF monitoring Brussels",
        ),
        (
            "/programme/2014-2020/project/1420-1-01",
            "?lang=nl",
            None,
            "Project 1420-1-01 — EFRO 2014-2020 · Opvolging EFRO Brussel",
        ),
        (
            "/programme/2021-2027/projects",
            "?lang=fr",
            None,
            "Explorateur de projets — FEDER 2021-2027 · Suivi FEDER Bruxelles",
        ),
        ("/no/such/page", "?lang=nl", None, "Pagina niet gevonden · Opvolging EFRO Brussel"),
    ],
)
def test_tab_title_in_the_pages_language(client, path, search, stored, expected):
    assert _title(client, path, search, stored) == expected


def test_html_lang_follows_the_url_on_the_first_load(client):
    for lang in ("fr", "nl", "en"):
        html = client.get(f"/programme/2021-2027?lang={lang}").get_data(as_text=True)
        assert re.search(r'<html lang="(\w+)">', html).group(1) == lang
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)  # no language asked: French
