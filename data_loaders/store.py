"""The data store: the programmes currently shown, loaded from a folder of workbooks.

One workbook per programme. The store keeps, per programme, the last workbook that passed
validation: a refused workbook never replaces good data; it is listed in ``failures`` with its
located issues instead. Workbooks are read in a child process with a memory limit
(:mod:`data_loaders.isolation`), so that no workbook can stop the server.

The folder's life cycle:

- ``.xlsx`` and ``.xlsm`` files are read whatever the case of their extension (``.XLSX``);
  ``.xls``, ``.xlsb``, ``.ods`` and ``.csv`` files are refused visibly, with what to do; other
  files, hidden files and Excel's ``~$`` lock files are left alone.
- A file is taken once it has not changed for ``settle_seconds`` (a half-written copy is
  waited for, and reported as ``pending``); ``refresh(force=True)`` takes every file now.
- A deleted workbook stops being shown; the refusal of a deleted file disappears.
- ``refresh()`` (what each request calls) only looks at the folder, at most every
  ``reload_check_seconds``; when something changed it reloads in the background (a task of the intake pool) and the
  current data is served meanwhile. ``refresh(force=True)`` reloads in the calling thread.
- Every accepted workbook is kept in the snapshot store (``DATA_DIR/.snapshots``,
  :mod:`data_loaders.snapshots`); when a workbook is refused and nothing from it is in memory
  (after a restart), its last good snapshot is shown instead, with a notice.

Each state change is recorded once as a :class:`StoreEvent` (``events_since(seq)``), and the
standing conditions (a refusal, a snapshot shown, a file being written) as :class:`Notice`
(``notices``), each with a message in FR/NL/EN and its located issues.

Each accepted state has a ``snapshot_id`` (a hash of the accepted files' contents) so that
caches can key every figure on it and never on a DataFrame.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from i18n import LANGS, format_datetime, t
from monitoring.model import ProgrammeData

from .isolation import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, IsolatedReader, ReadResult, default_reader
from .issues import Issue
from .limits import IntakeLimits
from .normalised import issues_as_fields
from .pool import FOLDER, THREAD_PREFIX, Task, shared_pool
from .reader import LEGACY_SUFFIXES, XLSX_SUFFIXES, safe_name
from .snapshots import SNAPSHOT_DIR, Snapshot, SnapshotStore, atomic_write, content_hash

#: files of the folder that are read, or refused with what to do
READ_SUFFIXES = XLSX_SUFFIXES
REFUSED_SUFFIXES = (*LEGACY_SUFFIXES, ".ods", ".csv")
#: events kept for the UI (older ones are dropped)
MAX_EVENTS = 200
#: the watch folder for automated exports, and where its refused workbooks go with their report
INCOMING_DIR = "incoming"
REJECTED_DIR = "rejected"
#: the hidden name a workbook of ``incoming/`` takes while one process reads it: ``.taking-<pid>-<name>``
CLAIM_PREFIX = ".taking-"
#: a claimed file older than this is taken back even where the folder cannot be locked (its process is gone)
STALE_CLAIM_SECONDS = 600.0
#: an empty file is taken (and refused as empty) once unchanged this long: a copy may begin with an empty file
EMPTY_SETTLE_SECONDS = 30.0
_log = logging.getLogger(__name__)

Stamp = tuple[int, int]  # (mtime in ns, size)


@dataclass(frozen=True)
class LoadedFile:
    """An accepted workbook, and where its data comes from."""

    path: Path
    content_hash: str  # SHA-256 of the bytes read
    loaded_at: datetime
    data: ProgrammeData
    #: "folder": the folder's file; "snapshot": the last good copy, because the folder's file is refused
    origin: str = "folder"


@dataclass(frozen=True)
class RefusedFile:
    """A workbook that failed validation (its issues say where and why)."""

    path: Path
    issues: tuple[Issue, ...]
    at: datetime
    #: the programme whose earlier data is still shown in its place (None: nothing is shown for it)
    kept: str | None = None


def _errors(issues: tuple[Issue, ...]) -> int:
    return sum(1 for i in issues if i.severity == "error")


@dataclass(frozen=True)
class StoreEvent:
    """One change of what the store shows, reported once.

    ``code``: ``accepted`` (a programme is shown from a file), ``updated`` (a new version of it),
    ``refused`` (a file is refused, nothing of it is shown), ``refused-kept`` (refused, the
    earlier data stays), ``restored`` (refused, its last good snapshot is shown), ``removed``
    (its file was deleted: the programme is no longer shown), ``cleared`` (a refused file was
    deleted: its refusal is gone), ``pending`` (a file is still being written).
    """

    seq: int
    at: datetime
    code: str
    file: str
    programme_id: str | None = None
    issues: tuple[Issue, ...] = ()
    since: datetime | None = None  # restored / refused-kept: when the data shown was accepted

    def message(self, lang: str) -> str:
        when = format_datetime(self.since, lang) if self.since else ""
        return t(
            f"store.event.{self.code}",
            lang,
            file=self.file,
            programme=self.programme_id or "",
            n=_errors(self.issues),
            when=when,
        )

    def as_dict(self, lang: str) -> dict[str, Any]:
        """JSON-ready, with the message and the located issues in ``lang`` (for a dcc.Store)."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(timespec="seconds"),
            "code": self.code,
            "file": self.file,
            "programme_id": self.programme_id,
            "message": self.message(lang),
            "issues": [i.as_dict(lang) for i in self.issues],
        }


@dataclass(frozen=True)
class Notice:
    """A standing condition of the folder, shown until it ends.

    ``code``: ``refused`` (nothing of the file is shown), ``refused-kept`` (the earlier data is
    shown), ``restored`` (the last good snapshot is shown), ``pending`` (being written).
    """

    code: str
    file: str
    programme_id: str | None
    issues: tuple[Issue, ...]
    since: datetime  # refused / pending: since when; refused-kept / restored: when the shown data was accepted

    def message(self, lang: str) -> str:
        return t(
            f"store.notice.{self.code}",
            lang,
            file=self.file,
            programme=self.programme_id or "",
            n=_errors(self.issues),
            when=format_datetime(self.since, lang),
        )


@dataclass
class _Seen:
    """What the store last did with one file of the folder."""

    stamp: Stamp
    digest: str | None = None  # None: not read yet (pending)


@dataclass
class DataStore:
    """Programmes loaded from ``folder``; call :meth:`refresh` to pick up changed files.

    ``reader`` reads the workbooks (default: the process's shared :class:`IsolatedReader`);
    ``limits`` bounds each read and sets the plausible date window; ``snapshot_dir`` is where
    accepted workbooks are kept (default ``folder/.snapshots``; ``keep_snapshots=False`` keeps
    none); ``background=False`` makes ``refresh()`` reload in the calling thread.
    """

    folder: Path
    reload_check_seconds: float = 5.0
    settle_seconds: float = 2.0
    background: bool = True
    reader: IsolatedReader | None = None
    limits: IntakeLimits | None = None
    snapshot_dir: Path | None = None
    keep_snapshots: bool = True
    files: dict[str, LoadedFile] = field(default_factory=dict)  # programme_id -> LoadedFile
    failures: dict[str, RefusedFile] = field(default_factory=dict)  # file name -> RefusedFile
    _seen: dict[Path, _Seen] = field(default_factory=dict, repr=False)
    _pending: dict[str, Notice] = field(default_factory=dict, repr=False)
    _events: deque[StoreEvent] = field(default_factory=lambda: deque(maxlen=MAX_EVENTS), repr=False)
    _seq: int = 0
    _last_check: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one reload at a time
    _event_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _thread: Task | None = field(default=None, repr=False)  # the background reload given to the intake pool
    _owner: int = field(default_factory=os.getpid, repr=False)
    _watch_interval: float = field(default=0.0, repr=False)
    _watcher: threading.Thread | None = field(default=None, repr=False)
    _watch_stop: threading.Event = field(default_factory=threading.Event, repr=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    @classmethod
    def from_settings(cls, settings: Any) -> DataStore:
        """The store a :class:`settings.Settings` describes (data folder, reload period, intake_* fields; the
        intake pool's threads)."""
        from .pool import configure

        configure(int(getattr(settings, "intake_workers", 2)))
        return cls(
            Path(settings.data_dir),
            reload_check_seconds=float(settings.reload_check_seconds),
            settle_seconds=float(getattr(settings, "intake_settle_seconds", 2.0)),
            reader=default_reader(
                int(getattr(settings, "intake_memory_mb", DEFAULT_MEMORY_MB)),
                float(getattr(settings, "intake_timeout_seconds", DEFAULT_TIMEOUT)),
            ),
            limits=IntakeLimits.from_settings(settings),
        )

    # -- queries ---------------------------------------------------------------------------------
    @property
    def programme_ids(self) -> list[str]:
        return sorted(self.files)

    def get(self, programme_id: str) -> ProgrammeData | None:
        f = self.files.get(programme_id)
        return f.data if f else None

    @property
    def snapshot_id(self) -> str:
        """Identifies the accepted data: changes whenever an accepted workbook changes."""
        files = self.files
        h = hashlib.sha1(usedforsecurity=False)
        for pid in sorted(files):
            h.update(pid.encode())
            h.update(files[pid].content_hash.encode())
        return h.hexdigest()[:16]

    @property
    def loading(self) -> bool:
        """True while a background reload runs (the data shown is the previous one)."""
        task = self._thread
        return task is not None and not task.done()

    @property
    def last_seq(self) -> int:
        """The number of the latest event (0: none yet)."""
        return self._seq

    def events_since(self, seq: int = 0) -> list[StoreEvent]:
        """The events after ``seq``, oldest first (a page keeps the last number it showed)."""
        with self._event_lock:
            return [e for e in self._events if e.seq > seq]

    @property
    def notices(self) -> list[Notice]:
        """The standing conditions, by file name: refusals (and what is shown instead), files being written."""
        files = self.files
        out: list[Notice] = []
        for name, refused in sorted(self.failures.items()):
            shown = files.get(refused.kept) if refused.kept else None
            if shown is None:
                out.append(Notice("refused", name, None, refused.issues, refused.at))
            elif shown.origin == "snapshot":
                out.append(Notice("restored", name, refused.kept, refused.issues, shown.loaded_at))
            else:
                out.append(Notice("refused-kept", name, refused.kept, refused.issues, shown.loaded_at))
        out += [self._pending[name] for name in sorted(self._pending) if name not in self.failures]
        return out

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Pick up changed workbooks. Returns True if the accepted data changed during this call.

        ``force``: reload now, in this thread, taking every file as it is (a background reload
        that runs is waited for first). Otherwise the folder is looked at most every
        ``reload_check_seconds``, and a change is loaded in the background (this call returns
        False at once; :meth:`wait` waits for it).
        """
        self._after_fork()
        if force:
            self.wait()
            return self._reload(force=True)
        now = time.monotonic()
        if now - self._last_check < self.reload_check_seconds:
            return False
        self._last_check = now
        if self.loading or not self._changed():
            return False
        if not self.background:
            return self._reload(force=False)
        # a task of the intake pool, before the uploads waiting there (shared_pool: a few threads for both)
        self._thread = shared_pool().submit(self._reload_quietly, priority=FOLDER)
        return False

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a background reload to finish; True when none runs any more. On one of the pool's own
        threads a reload still queued is not waited for (it could wait for this very thread)."""
        task = self._thread
        if task is not None and not threading.current_thread().name.startswith(THREAD_PREFIX):
            task.wait(timeout)
        return not self.loading

    def _after_fork(self) -> None:
        """In a process forked from the one that built the store (gunicorn --preload): fresh locks."""
        if self._owner != os.getpid():
            self._owner = os.getpid()
            self._lock, self._event_lock, self._thread = threading.Lock(), threading.Lock(), None
            self._watcher, self._watch_stop = None, threading.Event()

    # -- the timer -------------------------------------------------------------------------------------
    def start_watching(self, interval: float) -> None:
        """Look at the folder (and take ``incoming/``) every ``interval`` seconds in a background thread, whether
        requests arrive or not (a site without visitors still takes its nightly export); as for requests, the
        folder is looked at no more often than ``reload_check_seconds``. 0 or less: no timer.
        Restarted in a process forked from this one (gunicorn --preload); :meth:`stop_watching` ends it."""
        self.stop_watching()
        if interval <= 0:
            return
        self._watch_interval = float(interval)
        self._watch_stop = threading.Event()
        thread = threading.Thread(
            target=self._watch, args=(self._watch_stop, self._watch_interval), name="erdf-data-watch", daemon=True
        )
        self._watcher = thread
        _WATCHING[id(self)] = weakref.ref(self)
        thread.start()

    def stop_watching(self, timeout: float = 10.0) -> None:
        """End the timer (a look at the folder under way ends first)."""
        self._watch_interval = 0.0
        self._watch_stop.set()
        thread, self._watcher = self._watcher, None
        _WATCHING.pop(id(self), None)
        if thread is not None and thread is not threading.current_thread() and thread.is_alive():
            thread.join(timeout)

    @property
    def watching(self) -> bool:
        """True while the timer runs in this process."""
        thread = self._watcher
        return thread is not None and thread.is_alive()

    def _watch(self, stop: threading.Event, interval: float) -> None:
        while not stop.wait(interval):
            try:
                self.refresh()  # as a request would: at most every reload_check_seconds, in the background
            except Exception:  # the timer must go on: the log says why this look failed
                _log.exception("looking at the data folder %s failed", self.folder)

    def _reload_quietly(self) -> None:
        try:
            self._reload(force=False)
        except Exception:  # a bug must not kill the thread silently: the data shown stays, the log says why
            _log.exception("reloading the data folder %s failed", self.folder)

    # -- the folder --------------------------------------------------------------------------------
    def _listing(self) -> dict[Path, Stamp]:
        out: dict[Path, Stamp] = {}
        try:
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            _log.warning("cannot list the data folder %s: %s", self.folder, exc)
            return out
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~$")):
                continue
            suffix = Path(name).suffix.lower()
            if suffix not in READ_SUFFIXES and suffix not in REFUSED_SUFFIXES:
                continue
            try:
                if not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue  # gone meanwhile
            out[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
        return out

    def _changed(self) -> bool:
        if self._incoming() or self._claims():
            return True
        listing = self._listing()
        if set(listing) != set(self._seen) or self._pending:
            return True
        return any(self._seen[p].stamp != s for p, s in listing.items())

    def _settled(self, stamp: Stamp) -> bool:
        wait = self.settle_seconds if stamp[1] > 0 else max(self.settle_seconds, EMPTY_SETTLE_SECONDS)
        return time.time() - stamp[0] / 1e9 >= wait

    def snapshots(self) -> SnapshotStore | None:
        """The snapshot store of this folder (None when the store keeps none)."""
        return self._snapshots()

    # -- making a content the current data (an upload confirmed, an earlier snapshot chosen) ---------
    def target_path(self, programme_id: str) -> Path:
        """The file of the folder that holds ``programme_id``: the one shown now, else ``erdf-<id>.xlsx``."""
        shown = self.files.get(programme_id)
        if shown is not None and shown.path.parent == self.folder:
            return shown.path
        return self.folder / f"erdf-{programme_id}.xlsx"

    @contextlib.contextmanager
    def placing(self) -> Any:
        """Hold the folder's lock for making a content current (one at a time, across every server process)."""
        import fcntl

        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".place.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def shown_hash(self, programme_id: str) -> str:
        """The content hash of the programme's workbook on disk now ("" when there is none), whatever this
        process has read of it: what another process made current counts."""
        try:
            return content_hash(self.target_path(programme_id).read_bytes())
        except OSError:
            return ""

    def place(
        self, raw: bytes, data: ProgrammeData, *, by: str, origin: str, file: str, action: str = "confirmed"
    ) -> Snapshot | None:
        """Make ``raw`` (already validated as ``data``) the programme's current data, for every server process.

        First the snapshot (bytes and normalised copy), then the programme's file in the folder is
        replaced in one step (temporary file, fsync, rename), then the audit line. A process killed at
        any point leaves the old file or the new one, each with its snapshot; the other processes see
        the new file at their next look at the folder. A refused file it replaces is kept in
        ``rejected/`` first. Returns the snapshot (None when the store keeps none).
        """
        snapshots = self._snapshots()
        snap = None
        if snapshots is not None:
            snap = snapshots.put(raw, programme_id=data.programme_id, file=file, data=data, by=by, origin=origin)
        target = self.target_path(data.programme_id)
        shown_name = safe_name(target.name)
        if shown_name in self.failures and target.exists():
            _keep_rejected(self.folder, shown_name, target.read_bytes(), self.failures[shown_name].issues)
        atomic_write(target, raw)
        if snapshots is not None:
            snapshots.audit(by, action, data.programme_id, content_hash(raw), file)
        self.refresh(force=True)
        return snap

    # -- the watch folder ----------------------------------------------------------------------------
    def _incoming(self) -> list[tuple[Path, Stamp]]:
        folder = self.folder / INCOMING_DIR
        out: list[tuple[Path, Stamp]] = []
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return out
        for entry in entries:
            if entry.name.startswith((".", "~$")):
                continue
            try:
                if entry.is_symlink() or entry.is_file(follow_symlinks=False):  # a link is refused, never followed
                    st = entry.stat(follow_symlinks=False)
                    out.append((Path(entry.path), (st.st_mtime_ns, st.st_size)))
            except OSError:
                continue
        return sorted(out)

    def _claims(self) -> list[Path]:
        """The files of ``incoming/`` claimed by a process (``.taking-<pid>-<name>``)."""
        try:
            return sorted(p for p in (self.folder / INCOMING_DIR).iterdir() if p.name.startswith(CLAIM_PREFIX))
        except OSError:
            return []

    def _snapshots(self) -> SnapshotStore | None:
        if not self.keep_snapshots:
            return None
        return SnapshotStore(self.snapshot_dir or self.folder / SNAPSHOT_DIR)

    # -- one reload ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _reading(self) -> Any:
        """Hold the folder's reading lock: of several server processes that see the same new workbook, one reads
        and checks it while the others wait, then take its normalised copy from the snapshot store instead of
        reading the workbook again. A folder where no lock file can be made is read without one."""
        import fcntl

        try:
            lock = open(self.folder / ".reload.lock", "a+b")  # noqa: SIM115 (closed below)
        except OSError:
            yield False
            return
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield True
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _reload(self, force: bool) -> bool:
        with self._lock, self._reading() as locked:
            before = self.snapshot_id
            state = _Reload(self, force, locked)
            state.run()
            self.files, self.failures, self._pending, self._seen = (
                state.files,
                state.failures,
                state.pending,
                state.seen,
            )
            return self.snapshot_id != before

    def _event(self, code: str, file: str, programme_id: str | None = None, **kw: Any) -> None:
        with self._event_lock:
            self._seq += 1
            event = StoreEvent(self._seq, datetime.now().replace(microsecond=0), code, file, programme_id, **kw)
            self._events.append(event)
        _log.info("data folder: %s %s %s", code, file, programme_id or "")


#: the stores whose timer runs: started again in a forked process (threads do not survive a fork)
_WATCHING: dict[int, weakref.ref[DataStore]] = {}


def _watch_again_after_fork() -> None:
    for ref in list(_WATCHING.values()):
        store = ref()
        if store is None:
            continue
        interval = store._watch_interval
        store._after_fork()
        if interval > 0:
            store.start_watching(interval)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_watch_again_after_fork)


class _Reload:
    """One pass over the folder: the new state is built apart and swapped in at the end."""

    def __init__(self, store: DataStore, force: bool, locked: bool = False) -> None:
        self.store = store
        self.force = force
        #: this process holds the folder's reading lock: no other one is taking a file of incoming/ now
        self.locked = locked
        self.files = dict(store.files)
        self.failures = dict(store.failures)
        self.pending = dict(store._pending)
        self.seen = dict(store._seen)
        self.now = datetime.now().replace(microsecond=0)
        self.placed: set[Path] = set()

    @property
    def reader(self) -> IsolatedReader:
        return self.store.reader or default_reader()

    def run(self) -> None:
        self.recover_claims()
        for path, stamp in self.store._incoming():
            if self.force or self.store._settled(stamp):
                self.take_incoming(path)
        listing = self.store._listing()
        for path in sorted(set(self.seen) - set(listing)):
            self.removed(path)
        retry = self.retries(listing)
        for path, stamp in sorted(listing.items()):
            seen = self.seen.get(path)
            if seen is not None and seen.stamp == stamp and path not in retry:
                continue
            if not self.force and not self.store._settled(stamp) and path not in self.placed:
                self.wait_for(path, stamp)
                continue
            self.look_at(path, stamp, seen, path in retry)

    def retries(self, listing: dict[Path, Stamp]) -> set[Path]:
        """Files refused because another file held their programme, when that file is gone or refused."""
        out: set[Path] = set()
        shown = {safe_name(f.path.name) for f in self.files.values() if f.origin == "folder"}
        for refused in self.failures.values():
            for issue in refused.issues:
                if (
                    issue.code == "duplicate-programme"
                    and issue.params.get("other") not in shown
                    and refused.path in listing
                ):
                    out.add(refused.path)
        return out

    # -- what happens to one file -------------------------------------------------------------------
    def wait_for(self, path: Path, stamp: Stamp) -> None:
        name = safe_name(path.name)
        self.seen[path] = _Seen(stamp, None)
        if name not in self.pending:
            self.pending[name] = Notice("pending", name, None, (), self.now)
            self.store._event("pending", name)

    def removed(self, path: Path) -> None:
        name = safe_name(path.name)
        self.seen.pop(path, None)
        gone = [pid for pid, f in self.files.items() if f.path == path]
        for pid in gone:
            del self.files[pid]
        refused = self.failures.pop(name, None)
        waiting = self.pending.pop(name, None)
        for pid in gone:
            self.store._event("removed", name, pid)
        if not gone and (refused is not None or waiting is not None):
            self.store._event("cleared", name)

    def look_at(self, path: Path, stamp: Stamp, seen: _Seen | None, retry: bool) -> None:
        name = safe_name(path.name)
        try:
            raw = path.read_bytes()
            after = path.stat()
        except OSError as exc:  # gone or unreadable meanwhile: looked at again next time
            _log.warning("cannot read %s: %s", name, exc)
            return
        if (after.st_mtime_ns, after.st_size) != stamp and not self.force:
            self.wait_for(path, (after.st_mtime_ns, after.st_size))  # still being written
            return
        digest = content_hash(raw)
        self.seen[path] = _Seen(stamp, digest)
        self.pending.pop(name, None)
        if seen is not None and seen.digest == digest and not retry and self.known(path, name):
            return  # touched, not changed
        kept = self.from_snapshot(digest, name)
        if kept is not None:  # this content was accepted before: its normalised copy, not the workbook again
            self.accepted(path, raw, digest, kept)
            return
        result = self.read(raw, name)
        if result.data is None:
            self.refused(path, result.issues)
        else:
            self.accepted(path, raw, digest, result.data)

    def from_snapshot(self, digest: str, name: str) -> ProgrammeData | None:
        """The normalised copy of a content already accepted (None: read and check the workbook)."""
        snapshots = self.store._snapshots()
        if snapshots is None:
            return None
        try:
            if snapshots.for_hash(digest) is None:
                return None
            data = snapshots.load(digest)
        except OSError as exc:
            _log.warning("cannot read the snapshots in %s: %s", snapshots.root, exc)
            return None
        return dataclasses.replace(data, source=name) if data is not None else None

    def recover_claims(self) -> None:
        """Files of ``incoming/`` claimed by a process that died while taking them (the server was killed): given
        their name back, to be taken now, and said (event ``recovered``). While this process holds the folder's
        reading lock no other one is taking a file, so every claim is left over; without the lock, only old ones."""
        for claimed in self.store._claims():
            if not self.locked:
                try:
                    if time.time() - claimed.lstat().st_ctime < STALE_CLAIM_SECONDS:
                        continue
                except OSError:
                    continue
            original = _claimed_name(claimed.name)
            if not original:
                continue
            target = claimed.with_name(original)
            n = 1
            while os.path.lexists(target):  # a newer file of that name came meanwhile: both are taken
                stem, dot, suffix = original.rpartition(".")
                target = claimed.with_name(f"{stem}-recovered-{n}{dot}{suffix}" if dot else f"{original}-{n}")
                n += 1
            try:
                os.rename(claimed, target)
            except OSError as exc:
                _log.warning("cannot take back %s in the incoming folder: %s", safe_name(claimed.name), exc)
                continue
            self.store._event("recovered", safe_name(target.name))

    def take_incoming(self, path: Path) -> None:
        """A workbook of ``incoming/``: into the folder as its programme's file (and a snapshot), or into ``rejected/``.

        The file is first renamed to a hidden name: of several server processes, one takes it. A symbolic link is
        refused without being followed (its target is never read nor copied); an empty file is refused as empty.
        The name shown and logged is made safe (:func:`~data_loaders.reader.safe_name`).
        """
        name = safe_name(path.name)
        claimed = path.with_name(f"{CLAIM_PREFIX}{os.getpid()}-{path.name}")
        try:
            os.rename(path, claimed)  # a link is renamed as a link: nothing is followed
        except OSError:
            return  # another process took it
        try:
            raw = _read_no_link(claimed)
            if raw is None:
                result = ReadResult(None, [Issue("error", "symlink", name)])
            else:
                from . import profiles  # a list of operations that a saved mapping profile maps: converted first

                raw, name = profiles.apply_to_incoming(self.store.folder, raw, name)
                result = self.read(raw, name)
            snapshots = self.store._snapshots()
            if result.data is None:
                _keep_rejected(self.store.folder, name, raw, tuple(result.issues))
                if snapshots is not None:
                    snapshots.audit("incoming", "rejected", file=name, detail=str(_errors(tuple(result.issues))))
                self.store._event("rejected", name, issues=tuple(result.issues))
            else:
                assert raw is not None
                data = result.data
                if snapshots is not None:
                    snapshots.put(
                        raw, programme_id=data.programme_id, file=name, data=data, by="incoming", origin="incoming"
                    )
                current = self.files.get(data.programme_id)
                target = current.path if current is not None and current.path.parent == self.store.folder else None
                target = target or self.store.folder / f"erdf-{data.programme_id}.xlsx"
                atomic_write(target, raw)
                self.placed.add(target)  # written whole by this process: no need to wait for it to settle
                if snapshots is not None:
                    snapshots.audit("incoming", "accepted", data.programme_id, content_hash(raw), name)
        except OSError as exc:  # a full or read-only disk: the file goes back where it was, tried again later
            _log.warning("cannot take %s from the incoming folder: %s", name, exc)
            with contextlib.suppress(OSError):
                os.rename(claimed, path)
            return
        with contextlib.suppress(OSError):
            claimed.unlink()  # taken or refused: nothing is left in incoming/ (a link is removed, not its target)

    def known(self, path: Path, name: str) -> bool:
        return name in self.failures or any(f.path == path for f in self.files.values())

    def read(self, raw: bytes, name: str) -> ReadResult:
        suffix = Path(name).suffix.lower()
        if suffix in REFUSED_SUFFIXES:  # refused by its name, no need to start a reader
            code = "legacy-xls" if suffix in LEGACY_SUFFIXES else "not-xlsx"
            from .operations import explain  # a list of operations is said to be one

            return ReadResult(None, explain(raw, name, self.store.limits, [Issue("error", code, name)]))
        return self.reader.check(raw, name, self.store.limits)

    def accepted(self, path: Path, raw: bytes, digest: str, data: ProgrammeData) -> None:
        name, pid = safe_name(path.name), data.programme_id
        current = self.files.get(pid)
        if current is not None and current.path != path and current.origin == "folder" and current.path.exists():
            other = safe_name(current.path.name)
            clash = Issue("error", "duplicate-programme", name, value=pid, params={"other": other})
            self.refused(path, [clash])
            return
        for other, f in list(self.files.items()):
            if f.path == path and other != pid:  # the file now holds another programme
                del self.files[other]
                self.store._event("removed", name, other)
        self.files[pid] = LoadedFile(path, digest, self.now, data)
        was_refused = self.failures.pop(name, None) is not None
        fresh = current is None or current.path != path or current.origin == "snapshot"
        if fresh or was_refused:  # shown from this file again (or for the first time)
            self.store._event("accepted", name, pid)
        elif current is not None and current.content_hash != digest:
            self.store._event("updated", name, pid)
        self.keep(raw, data, name)

    def keep(self, raw: bytes, data: ProgrammeData, name: str) -> None:
        snapshots = self.store._snapshots()
        if snapshots is None:
            return
        try:
            snapshots.put(raw, programme_id=data.programme_id, file=name, data=data)
        except OSError as exc:  # a read-only or full disk: the data is shown all the same
            _log.warning("cannot keep a snapshot of %s in %s: %s", name, snapshots.root, exc)

    def refused(self, path: Path, issues: list[Issue]) -> None:
        name = safe_name(path.name)
        previous = self.failures.get(name)
        kept = next((pid for pid, f in self.files.items() if f.path == path), None)
        code, since = "refused", None
        if kept is not None:
            shown = self.files[kept]
            code, since = ("restored" if shown.origin == "snapshot" else "refused-kept"), shown.loaded_at
        if kept is None:
            restored = self.restore(path)
            if restored is not None:
                kept, code, since = (
                    restored.programme_id,
                    "restored",
                    restored.accepted.astimezone().replace(tzinfo=None),
                )
        self.failures[name] = RefusedFile(path, tuple(issues), self.now, kept)
        if previous is None or previous.issues != tuple(issues) or previous.kept != kept:
            self.store._event(code, name, kept, issues=tuple(issues), since=since)

    def restore(self, path: Path) -> Snapshot | None:
        """Show the last good snapshot of a refused file whose programme nothing else shows."""
        snapshots = self.store._snapshots()
        if snapshots is None:
            return None
        try:
            snap = snapshots.for_file(safe_name(path.name))
            raw = snapshots.read(snap) if snap is not None else None
        except OSError as exc:
            _log.warning("cannot read the snapshots in %s: %s", snapshots.root, exc)
            return None
        if snap is None or raw is None or snap.programme_id in self.files:
            return None
        data = snapshots.load(snap.content_hash)
        if data is None:  # no normalised copy (a snapshot of an older version): the kept workbook is read
            result = self.reader.check(raw, safe_name(path.name), self.store.limits)
            if result.data is None or result.data.programme_id != snap.programme_id:
                codes = [i.code for i in result.issues]
                _log.warning("the snapshot of %s no longer loads: %s", safe_name(path.name), codes)
                return None
            data = result.data
        loaded_at = snap.accepted.astimezone().replace(tzinfo=None)
        self.files[snap.programme_id] = LoadedFile(path, snap.content_hash, loaded_at, data, origin="snapshot")
        return snap


def _claimed_name(claimed: str) -> str:
    """``.taking-<pid>-<name>`` -> ``<name>`` ("" when the name is not of that form)."""
    pid, dash, original = claimed.removeprefix(CLAIM_PREFIX).partition("-")
    return original if claimed.startswith(CLAIM_PREFIX) and dash and pid.isdigit() else ""


def _read_no_link(path: Path) -> bytes | None:
    """The file's bytes, or None when ``path`` is a symbolic link (never followed, even if it appears meanwhile)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if path.is_symlink():
            return None
        raise exc
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def _keep_rejected(folder: Path, name: str, raw: bytes | None, issues: tuple[Issue, ...]) -> Path:
    """Keep a refused workbook in ``rejected/`` with its report: JSON (the located issues) and a readable text.
    ``raw`` None (a symbolic link): the report only. ``name`` is already safe to show."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = folder / REJECTED_DIR / f"{stamp}-{name}"
    if raw is not None:
        atomic_write(base, raw)
    report = {
        "file": name,
        "rejected_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "errors": _errors(issues),
        "issues": issues_as_fields(issues),
        "messages": {lang: [i.message(lang) for i in issues] for lang in LANGS},
    }
    atomic_write(base.with_name(base.name + ".report.json"), json.dumps(report, ensure_ascii=False, indent=1).encode())
    text = [f"{name}: {t('store.rejected.title', lang, n=_errors(issues))}" for lang in LANGS]
    for lang in LANGS:
        text += ["", f"[{lang}]", *(f"- {i.message(lang)}" for i in issues)]
    atomic_write(base.with_name(base.name + ".report.txt"), ("\n".join(text) + "\n").encode("utf-8"))
    return base


__all__ = ["DataStore", "LoadedFile", "Notice", "RefusedFile", "StoreEvent"]
