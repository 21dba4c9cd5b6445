"""A refused workbook never replaces good data: the overview says it was refused, valid programmes still show.

The session app keeps serving; these tests point ``ui.service`` at a DataStore over another folder
(what ``create_app`` does at start-up) and restore the app's own store afterwards. The routing and
shell callbacks are still called over HTTP.
"""

from __future__ import annotations

import os
import shutil

import openpyxl
import pytest

from data_loaders.store import DataStore
from i18n import format_eur, t
from monitoring import figures
from settings import Settings
from tests.app.helpers import by_id, ids, route, shell, strings, text_of
from ui import service

BROKEN_NAME = "erdf-2014-2020.xlsx"


def _break(src, dst):
    """A copy of ``src`` without its Projects sheet (the loader refuses it: a required sheet is missing)."""
    wb = openpyxl.load_workbook(src)
    del wb["Projects"]
    wb.save(dst)


@pytest.fixture
def use_store(client, thresholds):
    """Point the app's figure service at a DataStore over ``folder``; restore the app's own store after."""
    saved = service.backend()

    def _use(folder):
        store = DataStore(folder, reload_check_seconds=3600)
        store.refresh(force=True)
        service.configure(store, thresholds, Settings(data_dir=folder))
        return store

    yield _use
    service.configure(*saved)


def test_refused_workbook_is_reported_and_the_valid_programme_still_shows(
    client, demo_dir, programmes, thresholds, tmp_path, use_store
):
    shutil.copy(demo_dir / "erdf-2021-2027.xlsx", tmp_path / "erdf-2021-2027.xlsx")
    _break(demo_dir / BROKEN_NAME, tmp_path / BROKEN_NAME)
    store = use_store(tmp_path)
    assert store.programme_ids == ["2021-2027"]
    assert list(store.failures) == [BROKEN_NAME]

    for lang in ("fr", "nl", "en"):
        tree = route(client, "/", f"?lang={lang}")
        found = ids(tree)
        assert f"notice-refused-{BROKEN_NAME}" in found
        notice = by_id(tree, f"notice-refused-{BROKEN_NAME}")
        texts = strings(notice)
        assert notice["props"]["title"] == t("load_failed_title", lang)
        # what is shown instead (nothing of this workbook), in the language, then how to fix it
        assert store.notices[0].message(lang) in texts and t("load_failed_fix", lang) in texts
        # the located message says which sheet is missing, in the language
        assert any(i.message(lang) in texts for i in store.failures[BROKEN_NAME].issues)
        # the valid programme is still there with its figures; the refused one has no card
        assert "card-2021-2027" in found and "card-2014-2020" not in found
        h = figures.headline(programmes["2021-2027"], thresholds)
        assert text_of(by_id(tree, "done-2021-2027")) == format_eur(h["done"], lang)

    # the refused programme's pages say there is no data for it (not an error)
    assert "notice-no-programme" in ids(route(client, "/programme/2014-2020", "?lang=fr"))
    assert "notice-page-error" not in ids(route(client, "/programme/2021-2027", "?lang=fr"))

    # the shell: one programme to switch to, the refusal in the warnings list
    out = shell(client, "/", "?lang=en")
    assert out[("programme-switch", "data")] == [{"value": "2021-2027", "label": "2021-2027"}]
    assert f"{BROKEN_NAME} — {t('load_failed_title', 'en')}" in strings(out[("warnings-list", "children")])
    assert "erdf-2021-2027.xlsx" in out[("footer-sources", "children")]
    assert BROKEN_NAME not in out[("footer-sources", "children")]


def test_only_refused_workbooks_gives_the_no_data_notice(client, demo_dir, tmp_path, use_store):
    _break(demo_dir / BROKEN_NAME, tmp_path / BROKEN_NAME)
    use_store(tmp_path)
    tree = route(client, "/", "?lang=nl")
    assert {"notice-no-data", f"notice-refused-{BROKEN_NAME}"} <= ids(tree)
    assert "notice-page-error" not in ids(tree)
    out = shell(client, "/", "?lang=nl")
    assert out[("programme-switch", "data")] == []
    assert out[("asof-select", "data")] == []
    assert out[("footer-sources", "children")] == t("no_data_title", "nl")


def test_broken_replacement_at_runtime_keeps_the_old_data(client, demo_dir, programmes, tmp_path, use_store):
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        shutil.copy(demo_dir / name, tmp_path / name)
    store = use_store(tmp_path)
    assert store.programme_ids == ["2014-2020", "2021-2027"]
    before_snapshot = store.snapshot_id
    paid = figures.totals(programmes["2014-2020"])["paid"]
    tree = route(client, "/programme/2014-2020", "?lang=fr")
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(paid, "fr"))

    # the managing authority drops a damaged workbook over the good one
    _break(demo_dir / BROKEN_NAME, tmp_path / "broken.xlsx")
    os.replace(tmp_path / "broken.xlsx", tmp_path / BROKEN_NAME)
    assert store.refresh(force=True) is False  # the accepted data did not change
    assert store.snapshot_id == before_snapshot
    assert store.programme_ids == ["2014-2020", "2021-2027"]
    assert list(store.failures) == [BROKEN_NAME]

    tree = route(client, "/programme/2014-2020", "?lang=fr")
    assert "notice-page-error" not in ids(tree)
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(paid, "fr"))
    overview = route(client, "/", "?lang=fr")
    assert {"card-2014-2020", "card-2021-2027", f"notice-refused-{BROKEN_NAME}"} <= ids(overview)

    # a good workbook again: the refusal disappears
    shutil.copy(demo_dir / BROKEN_NAME, tmp_path / BROKEN_NAME)
    store.refresh(force=True)
    assert store.failures == {}
    assert f"notice-refused-{BROKEN_NAME}" not in ids(route(client, "/", "?lang=fr"))


def test_the_app_store_is_restored(client, programmes, thresholds):
    """After the tests above the session app shows the demo data again (the fixture restored it)."""
    tree = route(client, "/", "?lang=en")
    assert {"card-2014-2020", "card-2021-2027"} <= ids(tree)
    assert not any(i.startswith("notice-refused-") for i in ids(tree))
