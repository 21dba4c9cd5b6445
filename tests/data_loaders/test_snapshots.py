"""The snapshot store: accepted workbooks under their content hash, newest first per programme, written atomically."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from data_loaders.snapshots import SnapshotStore, atomic_write


def test_put_keeps_each_content_once_under_its_hash(tmp_path):
    store = SnapshotStore(tmp_path / "snaps", keep=2)
    a = store.put(
        b"version a", programme_id="2021-2027", file="erdf.xlsx", accepted_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert a.content_hash == hashlib.sha256(b"version a").hexdigest()
    assert (tmp_path / "snaps" / "objects" / f"{a.content_hash}.xlsx").read_bytes() == b"version a"
    b = store.put(
        b"version b", programme_id="2021-2027", file="erdf.xlsx", accepted_at=datetime(2024, 2, 1, tzinfo=UTC)
    )
    store.put(b"version a", programme_id="2021-2027", file="erdf.xlsx", accepted_at=datetime(2024, 3, 1, tzinfo=UTC))
    # a again is the newest; it is not kept twice
    assert [s.content_hash for s in store.history("2021-2027")] == [a.content_hash, b.content_hash]
    assert store.last_good("2021-2027").accepted_at == "2024-03-01T00:00:00+00:00"
    assert store.for_file("erdf.xlsx").content_hash == a.content_hash
    assert store.for_file("other.xlsx") is None and store.last_good("2014-2020") is None


def test_older_snapshots_are_pruned_with_their_objects(tmp_path):
    store = SnapshotStore(tmp_path, keep=2)
    first = store.put(b"1", programme_id="2014-2020", file="x.xlsx")
    store.put(b"2", programme_id="2014-2020", file="x.xlsx")
    store.put(b"3", programme_id="2014-2020", file="x.xlsx")
    assert [store.read(s) for s in store.history("2014-2020")] == [b"3", b"2"]
    assert not (tmp_path / "objects" / f"{first.content_hash}.xlsx").exists()


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
    assert index["version"] == 1 and list(index["programmes"]) == ["2021-2027"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "index.json", "objects"]  # no temporary file left


def test_atomic_write_replaces_the_whole_file(tmp_path):
    path = tmp_path / "f.bin"
    atomic_write(path, b"old")
    atomic_write(path, b"new content")
    assert path.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]
