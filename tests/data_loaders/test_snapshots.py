"""The snapshot store: every accepted workbook under its content hash, newest first per programme, written
atomically, with its normalised copy, nothing removed but by an admin (logged)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from data_loaders import load_programme
from data_loaders.demo import write_demo_workbooks
from data_loaders.snapshots import SHORT_ID, SnapshotStore, atomic_write


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The 2021-2027 demo workbook: its bytes and the data the loader reads from it."""
    folder = tmp_path_factory.mktemp("demo")
    path = next(p for p in write_demo_workbooks(folder) if "2021-2027" in p.name)
    return path.read_bytes(), load_programme(path)


def test_one_content_is_one_snapshot_under_its_hash(tmp_path):
    store = SnapshotStore(tmp_path / "snaps")
    a = store.put(
        b"version a", programme_id="2021-2027", file="erdf.xlsx", accepted_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert a.content_hash == hashlib.sha256(b"version a").hexdigest()
    assert (tmp_path / "snaps" / "objects" / f"{a.content_hash}.xlsx").read_bytes() == b"version a"
    b = store.put(
        b"version b", programme_id="2021-2027", file="erdf.xlsx", accepted_at=datetime(2024, 2, 1, tzinfo=UTC)
    )
    again = store.put(
        b"version a", programme_id="2021-2027", file="other.xlsx", accepted_at=datetime(2024, 3, 1, tzinfo=UTC)
    )
    # the same bytes again: no second snapshot, the first one (January) is returned as it was
    assert again == a and again.accepted_at == "2024-01-01T00:00:00+00:00"
    assert [s.content_hash for s in store.history("2021-2027")] == [b.content_hash, a.content_hash]
    assert store.last_good("2021-2027") == b
    assert store.for_file("erdf.xlsx") == b and store.for_file("other.xlsx") is None
    assert store.last_good("2014-2020") is None


def test_nothing_is_removed_but_by_an_admin_and_that_is_logged(tmp_path):
    store = SnapshotStore(tmp_path)
    snaps = [store.put(str(i).encode(), programme_id="2014-2020", file="x.xlsx", by="folder") for i in range(5)]
    assert [store.read(s) for s in store.history("2014-2020")] == [b"4", b"3", b"2", b"1", b"0"]  # all five kept
    with pytest.raises(ValueError):
        store.remove("2014-2020", snaps[4].content_hash, by="anna", keep=snaps[4].content_hash)  # the one shown
    assert store.remove("2014-2020", snaps[0].content_hash, by="anna") is True
    assert store.remove("2014-2020", snaps[0].content_hash, by="anna") is False  # already gone
    assert [store.read(s) for s in store.history("2014-2020")] == [b"4", b"3", b"2", b"1"]
    assert not (tmp_path / "objects" / f"{snaps[0].content_hash}.xlsx").exists()
    (entry,) = store.audit_log()
    assert (entry.user, entry.action, entry.programme_id, entry.snapshot) == (
        "anna",
        "removed",
        "2014-2020",
        snaps[0].content_hash[:SHORT_ID],
    )


def test_the_audit_log_is_newest_first_and_skips_a_line_cut_by_a_crash(tmp_path):
    store = SnapshotStore(tmp_path)
    store.audit("marc", "uploaded", "2021-2027", "a" * 64, "erdf.xlsx")
    store.audit("marc", "confirmed", "2021-2027", "a" * 64, "erdf.xlsx")
    with open(tmp_path / "audit.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"at": "2026-01-01T00:00:00+00:00", "user": "x", "act')  # a crash in the middle of a line
    assert [(e.user, e.action, e.snapshot) for e in store.audit_log()] == [
        ("marc", "confirmed", "a" * SHORT_ID),
        ("marc", "uploaded", "a" * SHORT_ID),
    ]
    assert [e.action for e in store.audit_log(limit=1)] == ["confirmed"]


def test_a_snapshot_is_found_by_its_short_id_and_nothing_else(tmp_path):
    store = SnapshotStore(tmp_path)
    snap = store.put(b"bytes", programme_id="2021-2027", file="x.xlsx")
    assert store.find(snap.short) == snap and store.find(snap.content_hash) == snap
    assert store.find(snap.short.upper()) == snap  # a URL typed in capitals
    assert store.find(snap.short, programme_id="2014-2020") is None  # not that programme's
    assert store.find(snap.short[:6]) is None  # too short to be unambiguous
    assert store.find("../../etc/passwd") is None and store.find("") is None


def test_the_normalised_copy_gives_back_the_same_programme(tmp_path, demo):
    raw, data = demo
    store = SnapshotStore(tmp_path)
    snap = store.put(raw, programme_id=data.programme_id, file="erdf-2021-2027.xlsx", data=data, by="anna")
    assert (snap.extract_date, snap.projects, snap.by) == (data.info.as_of.isoformat(), len(data.projects), "anna")
    back = store.load(snap.content_hash)
    assert back is not None and back is not data
    for kind in ("budget", "calls", "projects", "commitments", "payments", "forecasts", "tranches", "claims"):
        pd.testing.assert_frame_equal(getattr(back, kind), getattr(data, kind))  # values and dtypes
    assert back.info == data.info and back.info.titles == data.info.titles and back.warnings == data.warnings


def test_a_half_written_or_damaged_normalised_copy_is_not_used(tmp_path, demo):
    raw, data = demo
    store = SnapshotStore(tmp_path)
    snap = store.put(raw, programme_id=data.programme_id, file="x.xlsx", data=data)
    folder = tmp_path / "normalised" / snap.content_hash
    (folder / "payments.parquet").write_bytes(b"PAR1 not really")
    assert store.load(snap.content_hash) is None  # the caller reads the workbook instead
    (folder / "meta.json").unlink()
    assert store.load(snap.content_hash) is None and store.has_normalised(snap.content_hash) is False


def test_a_damaged_snapshot_is_ignored(tmp_path):
    store = SnapshotStore(tmp_path)
    snap = store.put(b"good bytes", programme_id="2021-2027", file="x.xlsx")
    (tmp_path / "objects" / f"{snap.content_hash}.xlsx").write_bytes(b"flipped bytes")
    assert store.read(snap) is None


def test_a_damaged_index_starts_anew_and_is_rewritten_whole(tmp_path):
    (tmp_path / "index.json").write_text("{ half written")
    store = SnapshotStore(tmp_path)
    assert store.programme_ids() == []
    store.put(b"x", programme_id="2021-2027", file="x.xlsx")
    index = json.loads((tmp_path / "index.json").read_text())
    assert index["version"] == 2 and list(index["programmes"]) == ["2021-2027"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "index.json", "objects"]  # no temporary file left


def test_an_index_of_the_first_version_is_still_read(tmp_path):
    entry = {"programme_id": "2014-2020", "content_hash": "b" * 64, "file": "a.xlsx", "size": 3, "accepted_at": "x"}
    (tmp_path / "index.json").write_text(json.dumps({"version": 1, "programmes": {"2014-2020": [entry]}}))
    (snap,) = SnapshotStore(tmp_path).history("2014-2020")
    assert (snap.file, snap.by, snap.origin, snap.extract_date) == ("a.xlsx", "", "folder", "")


def test_leftovers_of_a_stopped_writer_are_cleared_by_the_next_one(tmp_path):
    store = SnapshotStore(tmp_path)
    store.put(b"1", programme_id="2014-2020", file="x.xlsx")
    (tmp_path / "objects" / ".abc.xlsx.123.tmp").write_bytes(b"half")
    (tmp_path / "normalised" / ".deadbeef.456.tmp").mkdir(parents=True)
    store.put(b"2", programme_id="2014-2020", file="x.xlsx")
    assert not list(tmp_path.rglob("*.tmp"))


def test_atomic_write_replaces_the_whole_file(tmp_path):
    path = tmp_path / "f.bin"
    atomic_write(path, b"old")
    atomic_write(path, b"new content")
    assert path.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]
