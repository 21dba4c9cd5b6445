"""The data folder's faults while the app runs, seen through the pages (routing callback over HTTP).

The session app keeps serving; each test points ``ui.service`` at a DataStore over its own folder (as
``create_app`` does at start-up) and restores the app's own store afterwards. The workbooks are the demo's,
damaged with openpyxl; the reading is the real one, in the memory-limited child.
"""

from __future__ import annotations

import os
import shutil
import time

import openpyxl
import pytest

from data_loaders.isolation import IsolatedReader
from data_loaders.limits import IntakeLimits
from data_loaders.store import DataStore
from i18n import format_eur
from monitoring import figures
from settings import Settings
from tests.app.helpers import by_id, ids, route, text_of
from ui import service

NAME = "erdf-2014-2020.xlsx"


@pytest.fixture
def use_store(client, thresholds):
    saved = service.backend()

    def _use(folder, **options):
        store = DataStore(folder, reload_check_seconds=3600, **options)
        store.refresh(force=True)
        service.configure(store, thresholds, Settings(data_dir=folder))
        return store

    yield _use
    service.configure(*saved)


@pytest.fixture
def folder(demo_dir, tmp_path):
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        shutil.copy(demo_dir / name, tmp_path / name)
    return tmp_path


def _age(path):
    t = time.time() - 60
    os.utime(path, (t, t))


def _paid_text(client, lang="fr"):
    return text_of(by_id(route(client, "/programme/2014-2020", f"?lang={lang}"), "stat-paid"))


def test_a_deleted_workbook_stops_being_shown(client, folder, use_store):
    store = use_store(folder)
    assert "card-2014-2020" in ids(route(client, "/", "?lang=fr"))
    (folder / NAME).unlink()
    store.refresh(force=True)
    tree = route(client, "/", "?lang=fr")
    assert "card-2014-2020" not in ids(tree) and "card-2021-2027" in ids(tree)
    assert "notice-no-programme" in ids(route(client, "/programme/2014-2020", "?lang=fr"))
    assert [e.code for e in store.events_since(0)][-1] == "removed"


def test_a_crashing_read_leaves_the_pages_and_their_figures(client, folder, programmes, use_store):
    reader = IsolatedReader(memory_mb=512, timeout=60)
    loose = IntakeLimits(max_rows=10**7, max_columns=10**5, max_cells=10**15)  # bounds off: calamine aborts
    try:
        store = use_store(folder, reader=reader, limits=loose)
        paid = figures.totals(programmes["2014-2020"])["paid"]
        assert _paid_text(client).startswith(format_eur(paid, "fr"))
        wb = openpyxl.load_workbook(folder / NAME)
        wb["Payments"]["XFD1048576"] = 1
        wb.save(folder / NAME)
        _age(folder / NAME)
        store.refresh(force=True)
        assert [i.code for i in store.failures[NAME].issues] == ["read-failed"]
        assert _paid_text(client).startswith(format_eur(paid, "fr"))  # same figures, from the last good data
        assert f"notice-refused-{NAME}" in ids(route(client, "/", "?lang=fr"))
    finally:
        reader.close()


def test_after_a_restart_a_broken_workbook_is_shown_from_its_last_good_snapshot(client, folder, programmes, use_store):
    use_store(folder)  # accepted once: kept in folder/.snapshots
    wb = openpyxl.load_workbook(folder / NAME)
    del wb["Projects"]
    wb.save(folder / NAME)
    store = use_store(folder)  # the server starts again with the broken file in the folder
    assert store.files["2014-2020"].origin == "snapshot"
    paid = figures.totals(programmes["2014-2020"])["paid"]
    assert _paid_text(client, "nl").startswith(format_eur(paid, "nl"))
    assert [n.code for n in store.notices] == ["restored"]


def test_a_half_written_workbook_is_not_refused(client, folder, use_store):
    store = use_store(folder, settle_seconds=30)
    raw = (folder / NAME).read_bytes()
    (folder / NAME).write_bytes(raw[: len(raw) // 3])  # a copy in progress
    store.reload_check_seconds = 0
    store.background = False
    store.refresh()
    assert store.failures == {} and [n.code for n in store.notices] == ["pending"]
    assert "card-2014-2020" in ids(route(client, "/", "?lang=en"))
    assert f"notice-refused-{NAME}" not in ids(route(client, "/", "?lang=en"))


def test_an_open_page_is_told_each_change_of_the_data_once(client, folder, use_store):
    from ui import shell

    store = use_store(folder)
    children, seen = shell.events_parts("nl", None)  # the page opens: nothing to say, the current data is shown
    assert children == [] and seen == store.last_seq
    (folder / NAME).unlink()
    store.refresh(force=True)
    children, seen2 = shell.events_parts("nl", seen)
    assert seen2 > seen
    text = str(children[0].to_plotly_json())
    assert f"{NAME} is uit de map verwijderd" in text  # the removal, in Dutch
    assert shell.events_parts("nl", seen2) == ([], seen2)  # said once
