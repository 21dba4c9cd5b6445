"""The snapshot store: accepted workbooks kept on disk under their content hash, per programme.

The data store puts every workbook it accepts here, and takes the last good one back when the
folder's workbook is refused and nothing better is in memory (after a restart). A snapshot is
the workbook's own bytes, so it is read again by the same loader and the same checks.

Layout under ``root`` (by default ``DATA_DIR/.snapshots``)::

    objects/<sha256>.xlsx   one file per content, written once (temp file, fsync, rename)
    index.json              per programme, its snapshots newest first (file, hash, size, accepted_at)
    .lock                   serialises writers (several server processes may share the folder)

Every write goes through a temporary file in the same folder, ``fsync`` and ``os.replace``, then
an ``fsync`` of the folder: a crash leaves the old index or the new one, never half of one. A
snapshot whose bytes no longer match their hash is ignored.

The API: :meth:`SnapshotStore.put` (keep an accepted workbook), :meth:`~SnapshotStore.last_good` and
:meth:`~SnapshotStore.history` (per programme), :meth:`~SnapshotStore.for_file` (per file name),
:meth:`~SnapshotStore.read` (the bytes, checked against their hash).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SNAPSHOT_DIR = ".snapshots"
INDEX_VERSION = 1
_log = logging.getLogger(__name__)


def content_hash(raw: bytes) -> str:
    """The hash a workbook is kept under (SHA-256, hexadecimal)."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """One kept workbook."""

    programme_id: str
    content_hash: str
    file: str  # the name of the file it was accepted from
    size: int
    accepted_at: str  # ISO 8601, UTC

    @property
    def accepted(self) -> datetime:
        return datetime.fromisoformat(self.accepted_at)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system can sync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


class SnapshotStore:
    """Accepted workbooks under ``root``; ``keep`` snapshots per programme (the newest)."""

    def __init__(self, root: Path, keep: int = 3) -> None:
        self.root = Path(root)
        self.keep = max(1, keep)

    # -- reading ----------------------------------------------------------------------------------
    def _index(self) -> dict[str, list[Snapshot]]:
        path = self.root / "index.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            _log.warning("the snapshot index %s cannot be read (%s): starting a new one", path, exc)
            return {}
        out: dict[str, list[Snapshot]] = {}
        programmes = raw.get("programmes", {}) if isinstance(raw, dict) else {}
        for pid, items in programmes.items():
            try:
                out[str(pid)] = [Snapshot(**item) for item in items]
            except TypeError:
                _log.warning("the snapshot index %s has a malformed entry for %s", path, pid)
        return out

    def history(self, programme_id: str) -> list[Snapshot]:
        """The kept snapshots of a programme, newest first."""
        return list(self._index().get(programme_id, []))

    def last_good(self, programme_id: str) -> Snapshot | None:
        """The newest kept snapshot of a programme."""
        items = self.history(programme_id)
        return items[0] if items else None

    def for_file(self, file: str) -> Snapshot | None:
        """The newest snapshot accepted from the file named ``file`` (whatever its programme)."""
        found = [s for items in self._index().values() for s in items if s.file == file]
        return max(found, key=lambda s: s.accepted_at, default=None)

    def programme_ids(self) -> list[str]:
        return sorted(self._index())

    def read(self, snapshot: Snapshot) -> bytes | None:
        """The snapshot's bytes, or None when they are missing or no longer match their hash."""
        path = self._object(snapshot.content_hash)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        if content_hash(raw) != snapshot.content_hash:
            _log.warning("snapshot %s is damaged (its content no longer matches its hash): ignored", path)
            return None
        return raw

    # -- writing ----------------------------------------------------------------------------------
    def _object(self, digest: str) -> Path:
        return self.root / "objects" / f"{digest}.xlsx"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def put(self, raw: bytes, *, programme_id: str, file: str, accepted_at: datetime | None = None) -> Snapshot:
        """Keep ``raw`` as the newest snapshot of ``programme_id``; raises OSError when the disk refuses."""
        digest = content_hash(raw)
        when = (accepted_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        snap = Snapshot(programme_id, digest, file, len(raw), when)
        with self._locked():
            obj = self._object(digest)
            if not obj.exists() or obj.stat().st_size != len(raw):
                atomic_write(obj, raw)
            index = self._index()
            items = [s for s in index.get(programme_id, []) if s.content_hash != digest]
            index[programme_id] = [snap, *items][: self.keep]
            self._write_index(index)
            self._prune(index)
        return snap

    def _write_index(self, index: dict[str, list[Snapshot]]) -> None:
        body: dict[str, Any] = {
            "version": INDEX_VERSION,
            "programmes": {pid: [asdict(s) for s in items] for pid, items in sorted(index.items())},
        }
        atomic_write(self.root / "index.json", json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8"))

    def _prune(self, index: dict[str, list[Snapshot]]) -> None:
        """Remove the objects no programme refers to any more."""
        wanted = {s.content_hash for items in index.values() for s in items}
        for path in (self.root / "objects").glob("*.xlsx"):
            if path.stem not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()
