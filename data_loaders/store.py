"""The data store: the programmes currently shown, loaded from a folder of workbooks.

One workbook per programme. The store keeps, per programme, the last workbook
that passed validation: a refused workbook never replaces good data, it is
listed in ``failures`` with its located issues instead.

Each accepted state has a ``snapshot_id`` (a hash of the accepted files' bytes)
so that caches can key every figure on it and never on a DataFrame.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from monitoring.model import ProgrammeData


@dataclass(frozen=True)
class LoadedFile:
    """An accepted workbook."""

    path: Path
    sha1: str
    loaded_at: datetime
    data: ProgrammeData


@dataclass(frozen=True)
class RefusedFile:
    """A workbook that failed validation (its issues say where and why)."""

    path: Path
    issues: tuple
    at: datetime


@dataclass
class DataStore:
    """Programmes loaded from ``folder``; call :meth:`refresh` to pick up changed files."""

    folder: Path
    reload_check_seconds: float = 5.0
    files: dict = field(default_factory=dict)  # programme_id -> LoadedFile
    failures: dict = field(default_factory=dict)  # file name -> RefusedFile
    _stamps: dict = field(default_factory=dict)  # path -> (mtime_ns, size)
    _last_check: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- queries ---------------------------------------------------------------------------
    @property
    def programme_ids(self) -> list[str]:
        return sorted(self.files)

    def get(self, programme_id: str) -> ProgrammeData | None:
        f = self.files.get(programme_id)
        return f.data if f else None

    @property
    def snapshot_id(self) -> str:
        """Identifies the accepted data: changes whenever an accepted workbook changes."""
        h = hashlib.sha1()
        for pid in sorted(self.files):
            h.update(pid.encode())
            h.update(self.files[pid].sha1.encode())
        return h.hexdigest()[:16]

    # -- loading ---------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Re-read workbooks whose file changed. Returns True if the accepted data changed.

        Checks the folder at most every ``reload_check_seconds`` unless ``force``.
        """
        now = time.monotonic()
        if not force and now - self._last_check < self.reload_check_seconds:
            return False
        with self._lock:
            self._last_check = now
            changed = False
            paths = sorted(p for p in Path(self.folder).glob("*.xlsx") if not p.name.startswith("~$"))
            for path in paths:
                st = path.stat()
                stamp = (st.st_mtime_ns, st.st_size)
                if not force and self._stamps.get(path) == stamp:
                    continue
                self._stamps[path] = stamp
                changed |= self._load_one(path)
            return changed

    def _load_one(self, path: Path) -> bool:
        from data_loaders import check_workbook

        raw = path.read_bytes()
        sha1 = hashlib.sha1(raw).hexdigest()
        data, issues = check_workbook(raw, name=path.name)
        now = datetime.now().replace(microsecond=0)
        if data is None:
            self.failures[path.name] = RefusedFile(path, tuple(issues), now)
            return False
        previous = self.files.get(data.programme_id)
        if previous is not None and previous.path != path and previous.path.exists():
            from data_loaders import Issue

            clash = Issue(
                "error", "duplicate-programme", path.name, value=data.programme_id, params={"other": previous.path.name}
            )
            self.failures[path.name] = RefusedFile(path, (clash,), now)
            return False
        self.failures.pop(path.name, None)
        if previous is not None and previous.sha1 == sha1:
            return False
        self.files[data.programme_id] = LoadedFile(path, sha1, now, data)
        return True
