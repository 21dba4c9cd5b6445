"""Names and titles per language on the pages: the workbook's FR / NL name where given, the single name otherwise.

The demo 2021-2027 workbook gives a few projects and every call a French and a Dutch name; the small
fixture of tests/data_loaders/conftest.py is served too, with and without the columns, through a
DataStore over another folder (restored afterwards, as in test_refused_workbook.py).
"""

from __future__ import annotations

import pytest

from data_loaders.store import DataStore
from data_loaders.writer import write_workbook
from settings import Settings
from tests.app.helpers import PROJECTS_GRID, route, served_rows, strings
from tests.data_loaders.conftest import fixture_rows
from ui import service, urls

PID = "2021-2027"


@pytest.fixture
def serve(client, thresholds, tmp_path):
    """Serve the fixture workbook (``with_names``: with the FR / NL columns); restore the app's store after."""
    saved = service.backend()

    def _serve(with_names: bool) -> None:
        prog, rows = fixture_rows()
        if with_names:
            prog.update(title_fr="Programme de test", title_nl="Testprogramma")
            for row in rows["projects"]:
                row["name_fr"], row["name_nl"] = ("Labo", "Laboratorium") if row["project_id"] == "P1" else ("", "")
            for row in rows["calls"]:
                row["title_fr"], row["title_nl"] = "Appel un", "Oproep een"
        folder = tmp_path / ("with" if with_names else "without")
        write_workbook(folder / "erdf-2021-2027.xlsx", prog, rows)
        store = DataStore(folder, reload_check_seconds=3600)
        store.refresh(force=True)
        assert store.programme_ids == [PID]
        service.configure(store, thresholds, Settings(data_dir=folder))

    yield _serve
    service.configure(*saved)


def _page(client, path: str, lang: str) -> list[str]:
    return strings(route(client, path, f"?lang={lang}"))


@pytest.mark.parametrize(("lang", "name"), [("fr", "Labo"), ("nl", "Laboratorium"), ("en", "Lab")])
def test_a_project_page_shows_the_name_of_its_language(client, serve, lang, name):
    serve(with_names=True)
    texts = _page(client, urls.project_path(PID, "P1"), lang)
    assert f"P1 — {name}" in texts
    others = {"Labo", "Laboratorium", "Lab"} - {name}
    assert not [s for s in texts if s in {f"P1 — {o}" for o in others}]


@pytest.mark.parametrize(("lang", "title"), [("fr", "Appel un"), ("nl", "Oproep een"), ("en", "Call one")])
def test_a_call_page_and_its_projects_list_use_the_language(client, serve, lang, title):
    serve(with_names=True)
    tree = route(client, urls.call_path(PID, "C1"), f"?lang={lang}")
    texts = strings(tree) + [r["name"] for r in served_rows(client, tree, PROJECTS_GRID)]
    assert any(s.endswith(f"C1 — {title}") for s in texts)
    p1 = {"fr": "Labo", "nl": "Laboratorium", "en": "Lab"}[lang]
    assert p1 in texts  # the call's projects grid
    assert "School roof" in texts  # no name in the language: the single name


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_without_the_columns_every_language_shows_the_single_name(client, serve, lang):
    serve(with_names=False)
    assert "P1 — Lab" in _page(client, urls.project_path(PID, "P1"), lang)
    assert any(s.endswith("C1 — Call one") for s in _page(client, urls.call_path(PID, "C1"), lang))


def test_the_programme_title_of_the_language_is_shown(client, serve):
    serve(with_names=True)
    assert any("Testprogramma" in s for s in _page(client, urls.programme_path(PID), "nl"))
    assert not any("Testprogramma" in s for s in _page(client, urls.programme_path(PID), "fr"))


def test_demo_projects_have_dutch_names(client, programmes):
    p = programmes[PID].projects
    pid = p.loc[p["name_nl"] == "Sportcentrum Neerpede", "project_id"].iloc[0]
    assert f"{pid} — Sportcentrum Neerpede" in _page(client, urls.project_path(PID, pid), "nl")
    assert f"{pid} — Centre sportif Neerpede" in _page(client, urls.project_path(PID, pid), "fr")


def test_bilingual_committee_slides_give_a_call_title_in_both_languages(client, programmes):
    calls = programmes[PID].calls
    texts = strings(route(client, "/committee", f"?programme={PID}&lang=fr&bilingual=1&slide=calls"))
    both = [
        (fr, nl) for fr, nl in zip(calls["title_fr"], calls["title_nl"], strict=True) if fr in texts and nl in texts
    ]
    assert both  # each shown call: its French title beside its Dutch one
    single = strings(route(client, "/committee", f"?programme={PID}&lang=nl&slide=calls"))
    assert any(nl in single for nl in calls["title_nl"]) and not any(fr in single for fr in calls["title_fr"])
