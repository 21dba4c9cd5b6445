"""Keeping the data (#13) at the store's level: the watch folder, the rejected folder, a content made current,
the start from the normalised copy.

Real workbooks written by openpyxl (the fixture of conftest.py), read by the real loader in its child process.
Figures by hand: the fixture's payments add up to 90 000 + 60 000 + 45 000 = 195 000; with the first payment
set to 100 000 they add up to 100 000 + 60 000 + 45 000 = 205 000.
"""

from __future__ import annotations

import json

import pytest

from data_loaders.isolation import default_reader
from data_loaders.snapshots import SnapshotStore
from data_loaders.store import DataStore

from .test_store_lifecycle import _age, _break, _write

PAID = 195_000.0  # 90 000 + 60 000 + 45 000
PAID_NEW = 205_000.0  # 100 000 + 60 000 + 45 000


@pytest.fixture
def folder(tmp_path):
    _write(tmp_path / "erdf-2021-2027.xlsx")
    return tmp_path


def _paid(store: DataStore, pid: str = "2021-2027") -> float:
    data = store.get(pid)
    assert data is not None
    return float(data.payments["amount"].sum())


def test_a_workbook_dropped_into_incoming_becomes_the_programme_file_and_a_snapshot(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    (folder / "incoming").mkdir()
    _write(folder / "incoming" / "export-2024-06.xlsx", paid_first=100_000.0)
    store.refresh(force=True)
    assert _paid(store) == PAID_NEW
    assert not list((folder / "incoming").iterdir())  # taken: the folder is empty again
    assert sorted(p.name for p in folder.glob("*.xlsx")) == ["erdf-2021-2027.xlsx"]  # it replaced the programme file
    snaps = SnapshotStore(folder / ".snapshots").history("2021-2027")
    assert [(s.file, s.origin, s.by) for s in snaps] == [
        ("export-2024-06.xlsx", "incoming", "incoming"),
        ("erdf-2021-2027.xlsx", "folder", "folder"),
    ]
    assert [e.action for e in SnapshotStore(folder / ".snapshots").audit_log()] == ["accepted"]


def test_a_broken_workbook_dropped_into_incoming_goes_to_rejected_with_its_report(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    (folder / "incoming").mkdir()
    bad = _break(_write(folder / "incoming" / "export.xlsx", paid_first=100_000.0))
    raw = bad.read_bytes()
    store.refresh(force=True)
    assert _paid(store) == PAID  # the data shown did not change
    (kept,) = sorted((folder / "rejected").glob("*-export.xlsx"))
    assert kept.read_bytes() == raw  # nothing lost: the refused file is kept as it was
    report = json.loads(kept.with_name(kept.name + ".report.json").read_text())
    assert report["file"] == "export.xlsx" and report["errors"] == 1
    assert report["issues"][0]["code"] == "missing-sheet"
    assert "Payments" in report["messages"]["nl"][0]
    text = kept.with_name(kept.name + ".report.txt").read_text()
    assert "[fr]" in text and "[nl]" in text and "[en]" in text
    assert [e.code for e in store.events_since(0)][-1] == "rejected"


def test_a_half_copied_workbook_in_incoming_waits(folder):
    store = DataStore(folder, settle_seconds=30)
    store.refresh(force=True)
    (folder / "incoming").mkdir()
    _write(folder / "incoming" / "export.xlsx", paid_first=100_000.0, old=False)  # just written
    store._last_check = float("-inf")
    store.background = False
    store.refresh()
    assert (folder / "incoming" / "export.xlsx").exists() and _paid(store) == PAID
    _age(folder / "incoming" / "export.xlsx")
    store._last_check = float("-inf")
    store.refresh()
    assert _paid(store) == PAID_NEW


def test_place_makes_a_content_current_and_an_identical_one_no_second_snapshot(folder, tmp_path_factory):
    store = DataStore(folder)
    store.refresh(force=True)
    first = store.files["2021-2027"].content_hash
    other = _write(tmp_path_factory.mktemp("upload") / "mine.xlsx", paid_first=100_000.0)
    raw = other.read_bytes()
    result = default_reader().check(raw, "mine.xlsx")
    assert result.data is not None
    snap = store.place(raw, result.data, by="anna", origin="upload", file="mine.xlsx")
    assert snap is not None and _paid(store) == PAID_NEW
    assert (folder / "erdf-2021-2027.xlsx").read_bytes() == raw  # the programme's file, replaced whole
    again = store.place(raw, result.data, by="marc", origin="upload", file="mine.xlsx", action="confirmed")
    assert again == snap  # the same content twice: one snapshot, by its first author
    snaps = SnapshotStore(folder / ".snapshots")
    assert [s.content_hash[:8] for s in snaps.history("2021-2027")] == [snap.content_hash[:8], first[:8]]
    # back to the first state: the editor chooses the earlier snapshot
    old = snaps.history("2021-2027")[1]
    old_raw = snaps.read(old)
    data = snaps.load(old.content_hash)
    assert old_raw is not None and data is not None
    store.place(old_raw, data, by="anna", origin="upload", file=old.file, action="switched")
    assert _paid(store) == PAID and store.files["2021-2027"].content_hash == first
    assert [(e.user, e.action) for e in snaps.audit_log()] == [
        ("anna", "switched"),
        ("marc", "confirmed"),
        ("anna", "confirmed"),
    ]


def test_a_restart_starts_from_the_normalised_copy_not_the_workbook(folder):
    DataStore(folder).refresh(force=True)  # the first start reads the workbook and keeps its snapshot

    class NoReading:
        """A reader that fails the test if the workbook is read again."""

        def check(self, raw, name, limits=None, today=None):
            raise AssertionError(f"{name} was read again")

    store = DataStore(folder, reader=NoReading())  # type: ignore[arg-type]
    store.refresh(force=True)
    assert _paid(store) == PAID and store.files["2021-2027"].origin == "folder"


def test_a_restart_with_a_broken_workbook_shows_the_last_good_copy_from_parquet(folder):
    DataStore(folder).refresh(force=True)
    _break(folder / "erdf-2021-2027.xlsx")
    store = DataStore(folder)
    store.refresh(force=True)
    assert _paid(store) == PAID and store.files["2021-2027"].origin == "snapshot"


def test_two_processes_seeing_one_new_workbook_read_it_once(folder):
    """Two stores on one folder (as two gunicorn workers): a new workbook appears, both reload at the same moment;
    the folder's reading lock lets one read and check it, the other then takes the normalised copy. The first
    payment goes from 90 000 to 100 000: both show 205 000 paid."""
    import threading

    from data_loaders.isolation import default_reader

    reads: list[str] = []

    class Counting:
        """The real reader, counting the workbooks it reads (slowed, so that the two reloads overlap)."""

        def check(self, raw, name, limits=None, today=None):
            reads.append(name)
            import time

            time.sleep(0.5)
            return default_reader().check(raw, name, limits=limits, today=today)

    stores = [DataStore(folder, reader=Counting()) for _ in range(2)]  # type: ignore[arg-type]
    for store in stores:
        store.refresh(force=True)
    assert len(reads) == 1  # the first start read it; the second found its snapshot
    reads.clear()
    _write(folder / "erdf-2021-2027.xlsx", paid_first=100_000.0)
    start = threading.Barrier(2)

    def reload(store: DataStore) -> None:
        start.wait()
        store.refresh(force=True)

    threads = [threading.Thread(target=reload, args=(s,)) for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert reads == ["erdf-2021-2027.xlsx"]  # read once, not once per process
    assert [_paid(s) for s in stores] == [PAID_NEW, PAID_NEW]
