"""The watch folder (``incoming/``), round 2 (#20): nothing left behind, nothing lost, nothing followed.

Real workbooks written by openpyxl (the fixture of conftest.py), read by the real loader in its child process.
Figures by hand: the fixture's payments add up to 90 000 + 60 000 + 45 000 = 195 000; with the first payment
set to 100 000 they add up to 100 000 + 60 000 + 45 000 = 205 000.
"""

from __future__ import annotations

import json
import logging
import os
import time

import pytest

from data_loaders.store import DataStore

from .test_store_lifecycle import _age, _break, _write

PAID = 195_000.0  # 90 000 + 60 000 + 45 000
PAID_NEW = 205_000.0  # 100 000 + 60 000 + 45 000


@pytest.fixture
def folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    _write(data / "erdf-2021-2027.xlsx")
    (data / "incoming").mkdir()
    return data


def _paid(store: DataStore, pid: str = "2021-2027") -> float:
    data = store.get(pid)
    assert data is not None
    return float(data.payments["amount"].sum())


def _reports(folder) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((folder / "rejected").glob("*.report.json"))]


def test_a_refused_file_leaves_nothing_in_incoming(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    _break(_write(folder / "incoming" / "export.xlsx", paid_first=100_000.0))
    store.refresh(force=True)
    assert os.listdir(folder / "incoming") == []  # no hidden .taking-<pid>-export.xlsx left behind
    assert [r["file"] for r in _reports(folder)] == ["export.xlsx"]


def test_a_file_being_taken_when_the_server_died_is_taken_after_the_restart(folder):
    # the server was killed while it read the file: the file stays under its claimed name, by a process now gone
    claimed = _write(folder / "incoming" / ".taking-999999999-export-nightly.xlsx", paid_first=100_000.0)
    store = DataStore(folder)  # the restarted server
    store.refresh(force=True)
    assert not claimed.exists() and os.listdir(folder / "incoming") == []
    assert _paid(store) == PAID_NEW  # 100 000 + 60 000 + 45 000: the export is applied, not lost
    codes = [(e.code, e.file) for e in store.events_since(0)]
    assert ("recovered", "export-nightly.xlsx") in codes  # said, not silent
    assert "export-nightly.xlsx" in store.events_since(0)[0].message("en")


def test_a_zero_byte_file_is_refused_and_reported(folder):
    store = DataStore(folder, background=False)
    store.refresh(force=True)
    empty = folder / "incoming" / "68-zero-bytes.xlsx"
    empty.write_bytes(b"")
    _age(empty)
    store._last_check = float("-inf")
    store.refresh()  # not forced: an empty file unchanged for a minute is taken like any other
    assert os.listdir(folder / "incoming") == []
    (report,) = _reports(folder)
    assert report["file"] == "68-zero-bytes.xlsx" and report["issues"][0]["code"] == "empty-file"
    assert "0" in report["messages"]["fr"][0] and "vide" in report["messages"]["fr"][0]
    assert [e.code for e in store.events_since(0)][-1] == "rejected"
    assert _paid(store) == PAID


def test_a_symlink_in_incoming_is_refused_and_never_read(folder, tmp_path):
    secret = tmp_path / "users.toml"
    secret.write_text('[users.anna]\nhash = "$argon2id$secret"\n')
    link = folder / "incoming" / "link-to-users.xlsx"
    link.symlink_to(secret)
    store = DataStore(folder)
    store.refresh(force=True)
    assert not os.path.lexists(link)  # the link is removed from incoming/ ...
    assert secret.read_text().startswith("[users.anna]")  # ... its target left as it was
    for kept in (folder / "rejected").iterdir():
        assert b"argon2" not in kept.read_bytes()  # nothing read through the link
    (report,) = _reports(folder)
    assert report["issues"][0]["code"] == "symlink"
    assert "link-to-users.xlsx" in report["messages"]["nl"][0]


def test_newlines_and_bidi_controls_in_names_reach_neither_the_log_nor_the_screen(folder, caplog):
    store = DataStore(folder)
    store.refresh(force=True)
    evil = "evil\nINFO:data_loaders.store:FAKE LOG LINE.xlsx"
    rtl = "rtl-\u202eslx.exe.xlsx"
    _break(_write(folder / "incoming" / evil))
    _break(_write(folder / "incoming" / rtl))
    with caplog.at_level(logging.INFO):
        store.refresh(force=True)
    assert os.listdir(folder / "incoming") == []
    shown = [e.file for e in store.events_since(0) if e.code == "rejected"]
    assert sorted(shown) == ["evil\ufffdINFO:data_loaders.store:FAKE LOG LINE.xlsx", "rtl-\ufffdslx.exe.xlsx"]
    for event in store.events_since(0):
        for lang in ("fr", "nl", "en"):
            assert "\n" not in event.message(lang) and "\u202e" not in event.message(lang)
    assert not any(line.startswith("INFO:data_loaders.store:FAKE") for line in caplog.text.splitlines())
    assert all("\n" not in p.name and "\u202e" not in p.name for p in (folder / "rejected").iterdir())


def test_incoming_is_taken_on_a_timer_without_any_request(folder):
    store = DataStore(folder, reload_check_seconds=0.2)
    store.refresh(force=True)
    store.start_watching(0.2)
    try:
        _write(folder / "incoming" / "export.xlsx", paid_first=100_000.0)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (folder / "incoming" / "export.xlsx").exists():
            time.sleep(0.1)  # nobody calls refresh(): only the store's own timer
        store.wait(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _paid(store) != PAID_NEW:
            time.sleep(0.1)
        assert _paid(store) == PAID_NEW
    finally:
        store.stop_watching()
    assert not store.watching


def test_the_watch_interval_is_a_setting():
    from settings import Settings, from_env

    assert Settings().watch_seconds == 10.0
    assert from_env({"ERDF_WATCH_SECONDS": "2.5"}).watch_seconds == 2.5
    assert from_env({"ERDF_WATCH_SECONDS": "0"}).watch_seconds == 0.0  # 0: only requests look at the folder
