"""History (#13): an earlier snapshot opened from the URL, the comparison of two, making one current, removing one.

The session app keeps serving; each test points ``ui.service`` at a DataStore over its own copy of the demo
workbooks (as test_intake_lifecycle does) and restores the app's store afterwards. The second snapshot is the
demo's 2014-2020 workbook with its first payment (1420-TA-01, 13/05/2015, 945 000,00 €) raised to
955 000,00 €: the programme's paid amount grows by exactly 10 000,00 €, one project changes, none is added or
removed.
"""

from __future__ import annotations

import json
import os
import shutil
import time

import openpyxl
import pytest

from data_loaders.store import DataStore
from i18n import format_eur
from monitoring import figures
from settings import Settings
from tests.app.helpers import by_id, components, ids, post_json, route, strings, text_of
from ui import ids as app_ids
from ui import service

PID = "2014-2020"
NAME = "erdf-2014-2020.xlsx"
RAISE = 10_000.0  # 955 000 - 945 000


@pytest.fixture
def two_snapshots(client, demo_dir, tmp_path, thresholds):
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        shutil.copy(demo_dir / name, tmp_path / name)
    saved = service.backend()
    store = DataStore(tmp_path, reload_check_seconds=3600)
    store.refresh(force=True)
    service.configure(store, thresholds, Settings(data_dir=tmp_path))
    old = store.files[PID].content_hash
    wb = openpyxl.load_workbook(tmp_path / NAME)
    assert wb["Payments"]["A2"].value == "1420-TA-01" and wb["Payments"]["C2"].value == 945000
    wb["Payments"]["C2"] = 955000
    wb.save(tmp_path / NAME)
    t = time.time() - 60
    os.utime(tmp_path / NAME, (t, t))
    store.refresh(force=True)
    new = store.files[PID].content_hash
    assert new != old
    yield store, old[:12], new[:12]
    service.configure(*saved)


def _paid(client, search: str) -> str:
    return text_of(by_id(route(client, f"/programme/{PID}", search), "stat-paid"))


def test_the_url_opens_the_dashboard_on_an_earlier_snapshot(client, programmes, two_snapshots):
    _store, old, _new = two_snapshots
    paid = figures.totals(programmes[PID])["paid"]  # the demo's own figure, computed apart from the app
    assert _paid(client, "?lang=fr").startswith(format_eur(paid + RAISE, "fr"))  # now: 10 000 € more
    tree = route(client, f"/programme/{PID}", f"?lang=fr&snapshot={old}")
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(paid, "fr"))  # then
    said = text_of(by_id(tree, app_ids.SNAPSHOT_NOTICE))
    assert old in said and "Ce ne sont pas les données actuelles" in said
    back = by_id(tree, app_ids.SNAPSHOT_BACK)
    assert back["props"]["href"] == f"/programme/{PID}?lang=fr"  # back to the current data, same language
    links = [c["props"].get("href") for c in components(tree) if c.get("type") == "Link" and c["props"].get("href")]
    deeper = [h for h in links if h.startswith(f"/programme/{PID}/") and "/history" not in h]
    assert deeper and all(f"snapshot={old}" in h for h in deeper)  # the drill-down stays in that snapshot
    # the other programme is not touched by a 2014-2020 snapshot id
    other = route(client, "/programme/2021-2027", f"?lang=fr&snapshot={old}")
    assert app_ids.SNAPSHOT_NOTICE not in ids(other)


def test_an_unknown_snapshot_says_so_and_shows_the_current_data(client, programmes, two_snapshots):
    paid = figures.totals(programmes[PID])["paid"]
    tree = route(client, f"/programme/{PID}", "?lang=nl&snapshot=0123456789ab")
    assert "die niet bestaat" in text_of(by_id(tree, app_ids.SNAPSHOT_NOTICE))
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(paid + RAISE, "nl"))
    # not of the form of an id: ignored without a word (never looked up as written)
    assert app_ids.SNAPSHOT_NOTICE not in ids(route(client, f"/programme/{PID}", "?lang=nl&snapshot=../../etc"))


def test_the_history_lists_the_snapshots_and_compares_two(client, two_snapshots):
    _store, old, new = two_snapshots
    tree = route(client, f"/programme/{PID}/history", "?lang=en")
    assert {ids_ for ids_ in ids(tree) if ids_.startswith("history-row-")} == {
        app_ids.history_row(old),
        app_ids.history_row(new),
    }
    assert "current" in text_of(by_id(tree, app_ids.history_row(new)))
    assert by_id(tree, app_ids.history_open(old))["props"]["href"] == f"/programme/{PID}?lang=en&snapshot={old}"
    tree = route(client, f"/programme/{PID}/history", f"?lang=en&before={old}")
    assert text_of(by_id(tree, app_ids.COMPARE_CHANGED)).endswith("1")  # 1420-TA-01 only
    assert text_of(by_id(tree, app_ids.COMPARE_ADDED)).endswith("0")
    assert text_of(by_id(tree, app_ids.COMPARE_REMOVED)).endswith("0")
    rows = by_id(tree, app_ids.COMPARE_PROJECTS)["props"]["rowData"]
    assert [(r["key"], r["paid_change"], r["committed_change"]) for r in rows] == [("1420-TA-01", RAISE, 0.0)]
    objectives = by_id(tree, app_ids.COMPARE_OBJECTIVES)["props"]["rowData"]
    moved = [(r["key"], r["paid_change"]) for r in objectives if r["paid_change"]]
    assert moved == [("TA", RAISE)]  # the project's axis (technical assistance) and nothing else


def _confirm(client, pending: dict, search: str = "?lang=en", stored_lang: str | None = None):
    body = {
        "output": f"..{app_ids.HISTORY_STATUS}.children...{app_ids.HISTORY_TABLE}.children..",
        "outputs": [
            {"id": app_ids.HISTORY_STATUS, "property": "children"},
            {"id": app_ids.HISTORY_TABLE, "property": "children"},
        ],
        "inputs": [{"id": app_ids.HISTORY_CONFIRM, "property": "submit_n_clicks", "value": 1}],
        "state": [
            {"id": app_ids.HISTORY_PENDING, "property": "data", "value": pending},
            {"id": app_ids.PAGES_LOCATION, "property": "search", "value": search},
            {"id": app_ids.LANG_STORE, "property": "data", "value": stored_lang},
        ],
        "changedPropIds": [f"{app_ids.HISTORY_CONFIRM}.submit_n_clicks"],
    }
    resp = post_json(client, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return resp.get_json()["response"]


def test_making_an_earlier_snapshot_current_then_removing_the_other(client, programmes, two_snapshots):
    store, old, new = two_snapshots
    paid = figures.totals(programmes[PID])["paid"]
    out = _confirm(client, {"act": "make_current", "short": old, "pid": PID})
    assert f"Snapshot {old} is now the current data." in json.dumps(out)
    assert store.files[PID].content_hash.startswith(old)
    assert _paid(client, "?lang=en").startswith(format_eur(paid, "en"))  # every page shows the earlier figures
    # the current snapshot cannot be removed; the other one can, and both acts are in the log
    refused = _confirm(client, {"act": "remove", "short": old, "pid": PID})
    assert "Nothing has changed" in json.dumps(refused)
    removed = _confirm(client, {"act": "remove", "short": new, "pid": PID})
    assert f"Snapshot {new} is removed." in json.dumps(removed)
    assert [s.short for s in service.history(PID)] == [old]
    log = [(e.action, e.snapshot, e.user) for e in service.audit_log(PID)]
    assert log[:2] == [("removed", new, "local"), ("switched", old, "local")]
    tree = route(client, f"/programme/{PID}/history", "?lang=fr")
    assert any("supprimée" in s for s in strings(by_id(tree, app_ids.HISTORY_AUDIT)))


def _ask(client, act: str, short: str, search: str, stored_lang: str | None) -> str:
    """The confirmation a history button asks for, as the renderer sends it (the URL's query, the remembered
    language)."""
    pattern = {
        "type": app_ids.HISTORY_MAKE_CURRENT if act == "make_current" else app_ids.HISTORY_REMOVE,
        "index": short,
    }
    body = {
        "output": f"..{app_ids.HISTORY_CONFIRM}.displayed...{app_ids.HISTORY_CONFIRM}.message"
        f"...{app_ids.HISTORY_PENDING}.data..",
        "outputs": [
            {"id": app_ids.HISTORY_CONFIRM, "property": "displayed"},
            {"id": app_ids.HISTORY_CONFIRM, "property": "message"},
            {"id": app_ids.HISTORY_PENDING, "property": "data"},
        ],
        "inputs": [
            [{"id": pattern, "property": "n_clicks", "value": 1}] if act == "make_current" else [],
            [{"id": pattern, "property": "n_clicks", "value": 1}] if act == "remove" else [],
        ],
        "state": [
            {"id": app_ids.PAGES_LOCATION, "property": "pathname", "value": f"/programme/{PID}/history"},
            {"id": app_ids.PAGES_LOCATION, "property": "search", "value": search},
            {"id": app_ids.LANG_STORE, "property": "data", "value": stored_lang},
        ],
        "changedPropIds": [json.dumps(pattern, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    resp = post_json(client, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return resp.get_json()["response"][app_ids.HISTORY_CONFIRM]["message"]


def test_a_typed_url_without_lang_asks_and_answers_in_the_remembered_language(client, two_snapshots):
    # the page is drawn in the language remembered in the browser when the URL has none (here Dutch): the
    # confirmation it asks for and the answer to it are in Dutch too (they were in French)
    _store, old, _new = two_snapshots
    asked = _ask(client, "make_current", old, "", "nl")
    assert asked.startswith(f"Versie {old} (") and asked.endswith("Alle gebruikers zien dan deze gegevens.")
    assert _ask(client, "make_current", old, "?lang=en", "nl").startswith(f"Make snapshot {old}")  # the URL first
    out = _confirm(client, {"act": "remove", "short": "0" * 12, "pid": PID}, "", "nl")
    assert "Rendre" not in json.dumps(out) and "Er is niets gewijzigd" in json.dumps(out)


def test_a_forged_act_does_nothing(client, two_snapshots):
    store, old, _new = two_snapshots
    before = store.files[PID].content_hash
    out = _confirm(client, {"act": "delete_everything", "short": old, "pid": PID})
    assert "Nothing has changed" in json.dumps(out)
    out = _confirm(client, {"act": "make_current", "short": "../../x", "pid": PID})
    assert "Nothing has changed" in json.dumps(out)
    assert store.files[PID].content_hash == before


def test_workers_keep_a_bounded_number_of_earlier_snapshots(client, two_snapshots, monkeypatch):
    _store, old, _new = two_snapshots
    monkeypatch.setattr(service, "HISTORY_CACHE_SIZE", 1)
    service._history.clear()
    assert service.programme(PID, old) is not None
    assert service.history_cache_size() == 1
    assert service.programme(PID, None) is not None
    assert service.history_cache_size() == 1  # the current data are not copied into it


def test_the_export_of_an_earlier_snapshot_is_of_that_snapshot(client, programmes, two_snapshots):
    from tests.app.test_exports import book, table

    _store, old, _new = two_snapshots
    tree = route(client, f"/programme/{PID}", f"?lang=en&snapshot={old}")
    href = by_id(tree, "export-button")["props"]["href"]
    assert f"snapshot={old}" in href
    ta = programmes[PID].payments
    paid_ta = float(ta.loc[ta["project_id"].str.startswith("1420-TA"), "amount"].sum())  # the demo's, by its rows
    wb_then = book(client.get(href))
    wb_now = book(client.get(href.replace(f"&snapshot={old}", "")))
    sheet = next(n for n in wb_then.sheetnames if "axis" in n.lower() or "axes" in n.lower())
    rows_then = {r["Code"]: r for r in table(wb_then[sheet], "Code")}
    rows_now = {r["Code"]: r for r in table(wb_now[sheet], "Code")}
    paid_col = next(k for k in rows_then["TA"] if str(k).startswith("Paid"))
    assert rows_then["TA"][paid_col] == pytest.approx(paid_ta, abs=0.005)
    assert rows_now["TA"][paid_col] == pytest.approx(paid_ta + RAISE, abs=0.005)
