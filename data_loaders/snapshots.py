"""The snapshot store: every accepted workbook kept on disk, whole and unchanged, per programme.

Every workbook the data store accepts (from the data folder, from ``incoming/`` or uploaded on the
Data page) becomes a snapshot: its original bytes, its normalised copy (parquet,
:mod:`data_loaders.normalised`) and an entry in the index (who, when, from which file, its extract
date and the warnings found at intake). Nothing is deleted unless an admin removes a snapshot
(:meth:`SnapshotStore.remove`, logged). The folder is the whole state: copying it is the backup.

Layout under ``root`` (by default ``DATA_DIR/.snapshots``)::

    objects/<sha256>.xlsx       the workbook as accepted, one file per content (temp file, fsync, rename)
    normalised/<sha256>/        its frames as parquet and meta.json (a temporary folder, then one rename)
    index.json                  per programme, its snapshots newest first (see :class:`Snapshot`)
    audit.jsonl                 who uploaded, confirmed, switched, removed what and when (one JSON per line)
    .lock                       serialises writers (several server processes may share the folder)

Every write goes through a temporary file or folder in the same place, ``fsync`` and a rename,
then an ``fsync`` of the folder; the index is written last. A process killed at any point leaves
the old index or the new one, never half of one; a leftover temporary is ignored (and cleared by
the next writer). A snapshot whose bytes no longer match their hash is ignored. An identical
content taken twice makes no second snapshot.

The API: :meth:`SnapshotStore.put` (keep an accepted workbook), :meth:`~SnapshotStore.history`,
:meth:`~SnapshotStore.last_good` (per programme), :meth:`~SnapshotStore.for_file` (per file name),
:meth:`~SnapshotStore.find` (by its short id, as in a URL), :meth:`~SnapshotStore.read` (the bytes,
checked against their hash), :meth:`~SnapshotStore.load` (the normalised copy),
:meth:`~SnapshotStore.remove`, :meth:`~SnapshotStore.audit` and :meth:`~SnapshotStore.audit_log`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import normalised

if TYPE_CHECKING:
    from monitoring.model import ProgrammeData

SNAPSHOT_DIR = ".snapshots"
INDEX_VERSION = 2
#: the characters of a content hash that name a snapshot in a URL (?snapshot=...) and on the pages
SHORT_ID = 12
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
    #: who took it in: a user name (upload), "folder" (the data folder) or "incoming" (the watch folder)
    by: str = ""
    #: how it came: "folder", "incoming", "upload"
    origin: str = "folder"
    extract_date: str = ""  # the workbook's reference date (ISO), "" when not known (index version 1)
    projects: int = 0
    warnings: int = 0

    @property
    def accepted(self) -> datetime:
        return datetime.fromisoformat(self.accepted_at)

    @property
    def short(self) -> str:
        """The snapshot's id in URLs and on the pages: the first characters of its content hash."""
        return self.content_hash[:SHORT_ID]


_FIELDS = {f.name for f in fields(Snapshot)}


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: str  # ISO 8601, UTC
    user: str
    action: str  # uploaded, refused, confirmed, switched, removed, accepted (folder / incoming), rejected
    programme_id: str = ""
    snapshot: str = ""  # short id
    file: str = ""
    detail: str = ""


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SnapshotStore:
    """Accepted workbooks under ``root``, every one kept until an admin removes it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

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
                out[str(pid)] = [Snapshot(**{k: v for k, v in item.items() if k in _FIELDS}) for item in items]
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

    def for_hash(self, digest: str) -> Snapshot | None:
        """The snapshot of exactly this content (whatever its programme), or None."""
        return next((s for items in self._index().values() for s in items if s.content_hash == digest), None)

    def find(self, short: str, programme_id: str | None = None) -> Snapshot | None:
        """The snapshot whose id (:attr:`Snapshot.short`, or a longer prefix of its hash) is ``short``."""
        short = (short or "").strip().lower()
        if len(short) < SHORT_ID or any(c not in "0123456789abcdef" for c in short):
            return None
        for pid, items in self._index().items():
            if programme_id is not None and pid != programme_id:
                continue
            for snap in items:
                if snap.content_hash.startswith(short):
                    return snap
        return None

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

    def load(self, digest: str) -> ProgrammeData | None:
        """The normalised copy of the content ``digest``, or None when there is no whole one (read the bytes then)."""
        try:
            return normalised.read(self._normalised(digest))
        except normalised.NormalisedError as exc:
            if self._normalised(digest).exists():
                _log.warning("the normalised copy of %s cannot be used (%s): the workbook is read", digest[:12], exc)
            return None

    def has_normalised(self, digest: str) -> bool:
        return (self._normalised(digest) / normalised.META).exists()

    # -- writing ----------------------------------------------------------------------------------
    def _object(self, digest: str) -> Path:
        return self.root / "objects" / f"{digest}.xlsx"

    def _normalised(self, digest: str) -> Path:
        return self.root / "normalised" / digest

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def keep_normalised(self, digest: str, data: ProgrammeData) -> None:
        """Write the normalised copy of a validated content (nothing when a whole one is there)."""
        normalised.write(self._normalised(digest), data)

    def put(
        self,
        raw: bytes,
        *,
        programme_id: str,
        file: str,
        data: ProgrammeData | None = None,
        by: str = "folder",
        origin: str = "folder",
        accepted_at: datetime | None = None,
    ) -> Snapshot:
        """Keep ``raw`` (validated as ``data``) as a snapshot of ``programme_id``; one content is one snapshot.

        The original bytes and the normalised copy are written first, the index entry last: a process
        stopped half-way leaves objects no entry names, never an entry without its objects. Raises
        OSError when the disk refuses.
        """
        digest = content_hash(raw)
        when = (accepted_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        snap = Snapshot(
            programme_id,
            digest,
            file,
            len(raw),
            when,
            by=by,
            origin=origin,
            extract_date=data.info.as_of.isoformat() if data is not None else "",
            projects=len(data.projects) if data is not None else 0,
            warnings=len(data.warnings) if data is not None else 0,
        )
        with self._locked():
            self._clear_leftovers()
            obj = self._object(digest)
            if not obj.exists() or obj.stat().st_size != len(raw):
                atomic_write(obj, raw)
            if data is not None:
                self.keep_normalised(digest, data)
            index = self._index()
            items = index.get(programme_id, [])
            existing = next((s for s in items if s.content_hash == digest), None)
            if existing is not None:
                if data is not None and not existing.extract_date:  # an entry of index version 1: complete it
                    existing = replace(
                        existing, extract_date=snap.extract_date, projects=snap.projects, warnings=snap.warnings
                    )
                    index[programme_id] = [existing if s.content_hash == digest else s for s in items]
                    self._write_index(index)
                return existing
            index[programme_id] = [snap, *items]
            self._write_index(index)
        return snap

    def _write_index(self, index: dict[str, list[Snapshot]]) -> None:
        body: dict[str, Any] = {
            "version": INDEX_VERSION,
            "programmes": {pid: [asdict(s) for s in items] for pid, items in sorted(index.items()) if items},
        }
        atomic_write(self.root / "index.json", json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8"))

    def _clear_leftovers(self) -> None:
        """Temporary files and folders a stopped writer left behind (called under the lock)."""
        for folder in (self.root / "objects", self.root / "normalised", self.root):
            with contextlib.suppress(OSError):
                for path in folder.glob(".*.tmp"):
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink()

    def remove(self, programme_id: str, digest: str, *, by: str, keep: str | None = None) -> bool:
        """Remove one snapshot of a programme (an admin's act, logged); its objects go when no entry names them.

        ``keep``: a content that must stay (the one currently shown): refused with ValueError.
        Returns False when there is no such snapshot.
        """
        if keep is not None and digest == keep:
            raise ValueError("the snapshot shown now cannot be removed")
        with self._locked():
            index = self._index()
            items = index.get(programme_id, [])
            gone = [s for s in items if s.content_hash == digest]
            if not gone:
                return False
            index[programme_id] = [s for s in items if s.content_hash != digest]
            self._write_index(index)
            wanted = {s.content_hash for entries in index.values() for s in entries}
            if digest not in wanted:
                with contextlib.suppress(OSError):
                    self._object(digest).unlink()
                shutil.rmtree(self._normalised(digest), ignore_errors=True)
            self._append_audit(AuditEntry(_now(), by, "removed", programme_id, digest[:SHORT_ID], gone[0].file))
        return True

    # -- the audit log ------------------------------------------------------------------------------
    def _append_audit(self, entry: AuditEntry) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.root / "audit.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def audit(
        self, user: str, action: str, programme_id: str = "", snapshot: str = "", file: str = "", detail: str = ""
    ) -> AuditEntry:
        """Add a line to the audit log (appended and synced; a line cut by a crash is skipped when read)."""
        entry = AuditEntry(_now(), user, action, programme_id, snapshot[:SHORT_ID], file, detail)
        with self._locked():
            self._append_audit(entry)
        return entry

    def audit_log(self, limit: int | None = None) -> list[AuditEntry]:
        """The audit log, newest first (``limit``: the newest ``limit`` lines)."""
        try:
            lines = (self.root / "audit.jsonl").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return []
        out: list[AuditEntry] = []
        for line in reversed(lines):
            try:
                out.append(AuditEntry(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a line cut by a crash, or written by hand
            if limit is not None and len(out) >= limit:
                break
        return out
