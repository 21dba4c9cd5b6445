"""The data folder while the dashboard runs: broken, half-written, deleted, crashing, restored, restarted.

Real workbooks written by openpyxl (the fixture of conftest.py, programme 2021-2027, and the same rows as
programme 2014-2020), read by the real loader in its memory-limited child. Each state change must be
reported once, truthfully, and the data shown must stay the last good one.
Figures by hand: the fixture's payments add up to 90 000 + 60 000 + 45 000 = 195 000.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from data_loaders.isolation import IsolatedReader
from data_loaders.limits import IntakeLimits
from data_loaders.store import DataStore
from data_loaders.writer import write_workbook

from .conftest import fixture_rows

PAID = 195_000.0  # 90 000 + 60 000 + 45 000


def _write(path: Path, programme_id: str = "2021-2027", paid_first: float = 90_000.0, old: bool = True) -> Path:
    """The fixture as ``programme_id``, its first payment set to ``paid_first``; dated a minute ago if ``old``."""
    programme, sheets = fixture_rows()
    programme["programme_id"] = programme_id
    if programme_id == "2014-2020":
        programme["eligibility_end"] = date(2023, 12, 31)
    sheets["payments"][0]["amount"] = paid_first
    tmp = path.with_name(f"tmp-{path.stem}.part")
    write_workbook(tmp, programme, sheets)
    os.replace(tmp, path)  # as a careful copy would: written aside, renamed into place
    if old:
        _age(path)
    return path


def _age(path: Path, seconds: float = 60) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def _break(path: Path, old: bool = True) -> Path:
    """The workbook without its Payments sheet (refused: a required sheet is missing)."""
    wb = openpyxl.load_workbook(path)
    del wb["Payments"]
    wb.save(path)
    if old:
        _age(path)
    return path


def _codes(store: DataStore, since: int = 0) -> list[tuple[str, str, str | None]]:
    return [(e.code, e.file, e.programme_id) for e in store.events_since(since)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _write(tmp_path / "erdf-2021-2027.xlsx")
    _write(tmp_path / "erdf-2014-2020.xlsx", "2014-2020")
    return tmp_path


def test_start_loads_every_programme_and_reports_each_once(folder):
    store = DataStore(folder)
    assert store.refresh(force=True) is True
    assert store.programme_ids == ["2014-2020", "2021-2027"]
    assert _codes(store) == [
        ("accepted", "erdf-2014-2020.xlsx", "2014-2020"),
        ("accepted", "erdf-2021-2027.xlsx", "2021-2027"),
    ]
    assert store.get("2021-2027").payments["amount"].sum() == PAID
    assert store.refresh(force=True) is False
    assert store.last_seq == 2  # nothing changed: nothing new to report
    assert store.notices == []
    assert (
        store.events_since(0)[0].message("fr")
        == "erdf-2014-2020.xlsx est chargé\u00a0: le programme 2014-2020 est affiché."
    )


def test_a_broken_workbook_keeps_the_good_data_and_is_reported_once(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    good, before = store.get("2021-2027"), store.snapshot_id
    seq = store.last_seq
    _break(folder / "erdf-2021-2027.xlsx")
    assert store.refresh(force=True) is False
    assert store.get("2021-2027") is good and store.snapshot_id == before
    assert _codes(store, seq) == [("refused-kept", "erdf-2021-2027.xlsx", "2021-2027")]
    refused = store.failures["erdf-2021-2027.xlsx"]
    assert refused.kept == "2021-2027" and [i.code for i in refused.issues] == ["missing-sheet"]
    [notice] = store.notices
    assert (notice.code, notice.file, notice.programme_id) == ("refused-kept", "erdf-2021-2027.xlsx", "2021-2027")
    assert notice.message("en").startswith(
        "erdf-2021-2027.xlsx is refused (1 error): programme 2021-2027 is shown as accepted on"
    )
    _age(folder / "erdf-2021-2027.xlsx", 30)  # saved again, same broken content
    store.refresh(force=True)
    assert _codes(store, seq) == [("refused-kept", "erdf-2021-2027.xlsx", "2021-2027")]  # still once
    # repaired with new figures: shown, and the refusal is gone
    _write(folder / "erdf-2021-2027.xlsx", paid_first=100_000.0)
    assert store.refresh(force=True) is True
    assert store.get("2021-2027").payments["amount"].sum() == 205_000.0  # 100 000 + 60 000 + 45 000
    assert store.failures == {} and store.notices == []
    assert _codes(store, seq)[-1] == ("accepted", "erdf-2021-2027.xlsx", "2021-2027")


def test_a_half_written_file_is_waited_for(folder):
    store = DataStore(folder, reload_check_seconds=0, settle_seconds=1.0, background=False)
    store.refresh(force=True)
    seq = store.last_seq
    path = folder / "erdf-2021-2027.xlsx"
    full = _write(folder / "next.bin", paid_first=70_000.0).read_bytes()
    (folder / "next.bin").unlink()
    path.write_bytes(full[: len(full) // 2])  # the copy has just begun
    store.refresh()
    assert store.failures == {}  # not refused
    assert store.get("2021-2027").payments["amount"].sum() == PAID  # the previous data is shown meanwhile
    assert _codes(store, seq) == [("pending", "erdf-2021-2027.xlsx", None)]
    assert [n.code for n in store.notices] == ["pending"]
    store.refresh()
    assert _codes(store, seq) == [("pending", "erdf-2021-2027.xlsx", None)]  # reported once
    path.write_bytes(full)  # the copy is complete ...
    _age(path, 5)  # ... and has not changed for longer than settle_seconds
    assert store.refresh() is True
    assert store.get("2021-2027").payments["amount"].sum() == 175_000.0  # 70 000 + 60 000 + 45 000
    assert store.notices == [] and store.failures == {}
    assert _codes(store, seq)[-1] == ("updated", "erdf-2021-2027.xlsx", "2021-2027")


def test_a_deleted_workbook_stops_being_shown_and_its_refusal_disappears(folder):
    store = DataStore(folder)
    _break(folder / "erdf-2014-2020.xlsx")
    store.refresh(force=True)
    assert store.programme_ids == ["2021-2027"] and list(store.failures) == ["erdf-2014-2020.xlsx"]
    seq = store.last_seq
    (folder / "erdf-2021-2027.xlsx").unlink()
    (folder / "erdf-2014-2020.xlsx").unlink()
    assert store.refresh(force=True) is True
    assert store.programme_ids == [] and store.failures == {} and store.notices == []
    assert _codes(store, seq) == [
        ("cleared", "erdf-2014-2020.xlsx", None),
        ("removed", "erdf-2021-2027.xlsx", "2021-2027"),
    ]
    assert store.events_since(seq)[1].message("nl") == (
        "erdf-2021-2027.xlsx is uit de map verwijderd: het programma 2021-2027 wordt niet meer getoond."
    )


def test_a_crash_of_the_reading_process_is_a_refusal_and_the_server_goes_on(folder):
    # the bounds switched off: the far cell makes calamine abort in the child, as it did before them
    reader = IsolatedReader(memory_mb=512, timeout=60)
    loose = IntakeLimits(max_rows=10**7, max_columns=10**5, max_cells=10**15)
    store = DataStore(folder, reader=reader, limits=loose)
    try:
        store.refresh(force=True)
        good = store.get("2021-2027")
        seq = store.last_seq
        path = folder / "erdf-2021-2027.xlsx"
        wb = openpyxl.load_workbook(path)
        wb["Payments"]["XFD1048576"] = 1
        wb.save(path)
        _age(path)
        _write(folder / "erdf-2014-2020.xlsx", "2014-2020", paid_first=10_000.0)  # changed at the same time
        store.refresh(force=True)
        assert store.get("2021-2027") is good  # the last good data stays
        assert store.get("2014-2020").payments["amount"].sum() == 115_000.0  # 10 000 + 60 000 + 45 000
        [issue] = store.failures["erdf-2021-2027.xlsx"].issues
        assert (issue.code, issue.file) == ("read-failed", "erdf-2021-2027.xlsx")
        assert "too much memory" in issue.message("en")
        assert ("refused-kept", "erdf-2021-2027.xlsx", "2021-2027") in _codes(store, seq)
    finally:
        reader.close()


def test_the_last_good_data_survives_a_restart_with_a_broken_workbook(folder):
    first = DataStore(folder)
    first.refresh(force=True)
    snapshots = sorted(p.name for p in (folder / ".snapshots" / "objects").iterdir())
    assert len(snapshots) == 2  # one per accepted workbook, under its content hash
    _break(folder / "erdf-2021-2027.xlsx")

    restarted = DataStore(folder)  # the server starts again
    restarted.refresh(force=True)
    assert restarted.programme_ids == ["2014-2020", "2021-2027"]
    shown = restarted.files["2021-2027"]
    assert shown.origin == "snapshot" and shown.data.payments["amount"].sum() == PAID
    assert restarted.failures["erdf-2021-2027.xlsx"].kept == "2021-2027"
    assert ("restored", "erdf-2021-2027.xlsx", "2021-2027") in _codes(restarted)
    notice = next(n for n in restarted.notices if n.file == "erdf-2021-2027.xlsx")
    assert notice.code == "restored"
    assert "dernière version acceptée" in notice.message("fr") and "conservée sur le serveur" in notice.message("fr")
    # repaired: shown from the folder again
    seq = restarted.last_seq
    _write(folder / "erdf-2021-2027.xlsx")
    restarted.refresh(force=True)
    assert restarted.files["2021-2027"].origin == "folder" and restarted.failures == {}
    assert _codes(restarted, seq) == [("accepted", "erdf-2021-2027.xlsx", "2021-2027")]


def test_a_restart_with_a_broken_workbook_and_no_snapshot_shows_nothing_of_it(folder):
    _break(folder / "erdf-2021-2027.xlsx")
    store = DataStore(folder)
    store.refresh(force=True)
    assert store.programme_ids == ["2014-2020"]
    assert [(n.code, n.file) for n in store.notices] == [("refused", "erdf-2021-2027.xlsx")]


def test_reloads_run_in_the_background_and_the_current_data_is_served_meanwhile(folder):
    store = DataStore(folder, reload_check_seconds=0, settle_seconds=0)
    store.refresh(force=True)
    old = store.get("2021-2027")
    seq = store.last_seq
    _write(folder / "erdf-2021-2027.xlsx", paid_first=1_000.0)
    with store._lock:  # hold the store's own reload lock: the background reload waits behind it
        assert store.refresh() is False  # returns at once
        assert store.loading is True
        assert store.get("2021-2027") is old  # requests are served the current data
    assert store.wait(timeout=60) is True
    assert store.get("2021-2027").payments["amount"].sum() == 106_000.0  # 1 000 + 60 000 + 45 000
    assert _codes(store, seq) == [("updated", "erdf-2021-2027.xlsx", "2021-2027")]


def test_extensions_by_content_whatever_their_case(folder):
    (folder / "erdf-2021-2027.xlsx").rename(folder / "ERDF-2021-2027.XLSX")
    (folder / "erdf-2014-2020.xlsx").rename(folder / "erdf-2014-2020.xlsm")
    (folder / "old-export.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    (folder / "notes.txt").write_text("not a workbook")
    (folder / "~$ERDF-2021-2027.XLSX").write_bytes(b"owner file of Excel")
    for name in ("old-export.xls", "notes.txt", "~$ERDF-2021-2027.XLSX"):
        _age(folder / name)
    store = DataStore(folder)
    store.refresh(force=True)
    assert store.programme_ids == ["2014-2020", "2021-2027"]
    assert {pid: f.path.name for pid, f in store.files.items()} == {
        "2014-2020": "erdf-2014-2020.xlsm",
        "2021-2027": "ERDF-2021-2027.XLSX",
    }
    assert list(store.failures) == ["old-export.xls"]  # refused visibly; the text file and the lock file ignored
    [issue] = store.failures["old-export.xls"].issues
    assert issue.code == "legacy-xls"
    assert issue.message("en") == (
        "old-export.xls is an Excel 97-2003 workbook (.xls). Open it in Excel, save it as “Excel Workbook (.xlsx)” "
        "and put the .xlsx file in its place."
    )


def test_a_second_workbook_for_a_programme_is_taken_once_the_first_is_gone(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    _write(folder / "zz-copy.xlsx", paid_first=50_000.0)
    store.refresh(force=True)
    assert [i.code for i in store.failures["zz-copy.xlsx"].issues] == ["duplicate-programme"]
    seq = store.last_seq
    (folder / "erdf-2021-2027.xlsx").unlink()
    store.refresh(force=True)
    assert store.files["2021-2027"].path.name == "zz-copy.xlsx"
    assert store.get("2021-2027").payments["amount"].sum() == 155_000.0  # 50 000 + 60 000 + 45 000
    assert store.failures == {}
    assert _codes(store, seq) == [
        ("removed", "erdf-2021-2027.xlsx", "2021-2027"),
        ("accepted", "zz-copy.xlsx", "2021-2027"),
    ]


def test_events_are_json_ready_for_the_page(folder):
    import json

    store = DataStore(folder)
    _break(folder / "erdf-2014-2020.xlsx")
    store.refresh(force=True)
    refused = next(e for e in store.events_since(0) if e.code == "refused")
    d = refused.as_dict("fr")
    assert json.loads(json.dumps(d)) == d
    assert d["message"] == "erdf-2014-2020.xlsx est refusé (1 erreur)\u00a0: rien de ce classeur n'est affiché."
    assert d["issues"][0]["code"] == "missing-sheet"
    assert str(folder) not in json.dumps(d)  # no server path reaches the page
