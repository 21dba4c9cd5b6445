"""A server process killed while it makes a new workbook current (#13): a real SIGKILL at every write.

The child process loads the data folder, then makes a second workbook current (``DataStore.place``: its
snapshot, its normalised copy, the programme's file replaced, the audit line). Every ``fsync``, ``rename``
and ``replace`` it does is counted, and at the N-th one it sends itself SIGKILL (before that call runs), for
every N from the first write to the last. After each kill a new process must find either the old state or
the new one, whole: the workbook shown is one of the two, its figures are that workbook's, and every
snapshot the index names loads.

Figures by hand: the fixture's payments add up to 90 000 + 60 000 + 45 000 = 195 000 (the old state); with
the first payment at 100 000, to 100 000 + 60 000 + 45 000 = 205 000 (the new one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from data_loaders.snapshots import SnapshotStore
from data_loaders.store import DataStore

from .test_store_lifecycle import _write

ROOT = Path(__file__).resolve().parents[2]
OLD, NEW = 195_000.0, 205_000.0

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from data_loaders import load_programme
    from data_loaders.store import DataStore

    folder, src, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    raw, data = src.read_bytes(), load_programme(src)
    store = DataStore(folder, background=False)
    store.refresh(force=True)
    calls = 0

    def counted(fn):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*args, **kwargs)
        return call

    os.fsync, os.replace, os.rename = counted(os.fsync), counted(os.replace), counted(os.rename)
    store.place(raw, data, by="test", origin="upload", file="new.xlsx")
    print(calls)
    """
)


def _run(folder: Path, new: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(new), str(kill_at)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    start = base / "start"
    start.mkdir()
    _write(start / "erdf-2021-2027.xlsx")
    DataStore(start).refresh(force=True)  # the old state, with its snapshot
    new = _write(base / "new.xlsx", paid_first=100_000.0)
    return base, start, new


def _check_whole(folder: Path, old_raw: bytes, new_raw: bytes) -> float:
    """The state a new process finds: one of the two workbooks, with its own figures; every snapshot loads."""
    shown = (folder / "erdf-2021-2027.xlsx").read_bytes()
    assert shown in (old_raw, new_raw)  # the programme's file is one of the two, never a mix
    snaps = SnapshotStore(folder / ".snapshots")
    json.loads((folder / ".snapshots" / "index.json").read_text())  # the index is whole
    for snap in snaps.history("2021-2027"):
        assert snaps.read(snap) is not None  # every snapshot named is whole
        assert snaps.load(snap.content_hash) is not None
    store = DataStore(folder)
    store.refresh(force=True)
    data = store.get("2021-2027")
    assert data is not None
    paid = float(data.payments["amount"].sum())
    assert paid == (NEW if shown == new_raw else OLD)
    return paid


def test_a_kill_at_any_write_leaves_the_old_state_or_the_new_one(workbooks, tmp_path):
    _base, start, new = workbooks
    old_raw, new_raw = (start / "erdf-2021-2027.xlsx").read_bytes(), new.read_bytes()
    dry = tmp_path / "dry"
    shutil.copytree(start, dry)
    done = _run(dry, new, 0)  # no kill: how many writes there are
    assert done.returncode == 0, done.stderr[-2000:]
    writes = int(done.stdout.strip().splitlines()[-1])
    assert writes >= 10  # the object, nine parquet files and their meta, the index, the file, the audit line
    outcomes = []
    for kill_at in range(1, writes + 1):
        folder = tmp_path / f"kill-{kill_at}"
        shutil.copytree(start, folder)
        killed = _run(folder, new, kill_at)
        assert killed.returncode == -9, (kill_at, killed.stderr[-2000:])  # it really died of SIGKILL
        outcomes.append(_check_whole(folder, old_raw, new_raw))
    assert OLD in outcomes and NEW in outcomes  # killed before the switch and after it
    assert outcomes == sorted(outcomes)  # once the new state is there, a later kill never brings the old one back
