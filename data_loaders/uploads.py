"""Uploaded workbooks waiting for an editor: validated in the background, previewed, then confirmed or left.

An upload is a *job* kept on disk under ``DATA_DIR/.uploads/`` so that every server process sees it:

    <job>.xlsx        the bytes received (never served back, never in the data folder)
    <job>.json        its state: validating -> ready | refused | failed, then confirmed
    <job>.normalised/ the validated data (the snapshot's normalised format), for the preview in any process

Nothing of an upload touches the current data until :meth:`UploadJobs.confirm`, which goes through
``DataStore.place`` (snapshot, atomic switch, audit). A refused or abandoned upload leaves the data as it
was; its files are removed after ``KEEP_SECONDS``. A job whose validating process died (its state is still
"validating" long after the reader's time limit) reads as failed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
import shutil
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from monitoring.model import ProgrammeData

from . import normalised
from .issues import Issue
from .pool import UPLOAD, Task, shared_pool
from .reader import safe_name
from .snapshots import Snapshot, atomic_write, content_hash
from .store import DataStore
from .validation import duplicate_totals

_log = logging.getLogger(__name__)

UPLOADS_DIR = ".uploads"
#: a job id: 22 URL-safe characters (128 random bits); anything else is never looked up
JOB_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
#: an upload's files are removed this long after it was started (a confirmed one at once)
KEEP_SECONDS = 24 * 3600
#: the first bytes of an .xlsx (a zip archive)
ZIP_MAGIC = b"PK\x03\x04"
#: the first bytes of an .xls (an OLE2 compound file), and the names under which text is taken as a .csv
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
STATES = ("validating", "ready", "refused", "failed", "confirmed")


@dataclass(frozen=True)
class Job:
    id: str
    file: str  # the name the browser gave (shown, never used as a path)
    by: str
    size: int
    started_at: float  # time.time()
    state: str = "validating"
    content_hash: str = ""
    programme_id: str = ""
    extract_date: str = ""
    projects: int = 0
    issues: list[dict[str, Any]] = field(default_factory=list)  # normalised.issues_as_fields
    #: the content hash of the programme's data shown when the validation ended (the preview's "before")
    base_hash: str = ""
    seconds: float = 0.0  # how long the validation took
    snapshot: str = ""  # once confirmed: the snapshot's short id
    #: sheet -> {"lines": duplicated lines, "total": the sheet's total as counted, "without": without them}
    #: (only sheets with duplicated lines; see :func:`data_loaders.validation.duplicate_totals`)
    duplicates: dict[str, dict[str, float]] = field(default_factory=dict)

    def issue_list(self) -> list[Issue]:
        return [normalised.issue_from_fields(f) for f in self.issues]


#: the main part's content type of an .xlsx and of an .xlsm workbook, as [Content_Types].xml names it
WORKBOOK_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)
#: [Content_Types].xml is a few kilobytes; a larger one is not read
CONTENT_TYPES_MAX = 1024 * 1024


def is_workbook(path: Path) -> bool:
    """True if ``path`` is, by its content, an .xlsx or .xlsm workbook: a zip archive whose
    ``[Content_Types].xml`` declares a workbook main part (a .docx, an .ods, a renamed zip or text: False)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return False
            types = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return any(t in types for t in WORKBOOK_TYPES)


def is_list_file(path: Path, name: str) -> bool:
    """True if ``path`` may be a list of operations by its content: an Excel 97-2003 file (.xls: the OLE2
    signature), or text under a text file's name (.csv, .tsv, .txt: a text named .xlsx is a mistake, told at
    once); whether it is a list is told by its validation (data_loaders.operations)."""
    from .operations import is_list_content

    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    if head.startswith(OLE2_MAGIC):
        return is_list_content(head)
    return Path(name).suffix.lower() in TEXT_SUFFIXES and is_list_content(head)


class UploadError(Exception):
    """An upload refused before validation (too big, not a workbook), or an act on a job that cannot be done."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class UploadJobs:
    """The uploads of one data folder."""

    def __init__(self, store: DataStore, *, stale_seconds: float = 600.0, quota_bytes: int | None = None) -> None:
        self.store = store
        self.root = Path(store.folder) / UPLOADS_DIR
        self.stale_seconds = stale_seconds
        #: the most ``.uploads/`` may hold, all jobs together (None: no quota)
        self.quota_bytes = quota_bytes
        self._threads: dict[str, Task] = {}
        self._room = threading.Lock()  # one upload at a time measures the room left and takes its share

    # -- paths ----------------------------------------------------------------------------------
    def _raw(self, job_id: str) -> Path:
        return self.root / f"{job_id}.xlsx"

    def _state(self, job_id: str) -> Path:
        return self.root / f"{job_id}.json"

    def _normalised(self, job_id: str) -> Path:
        return self.root / f"{job_id}.normalised"

    # -- taking a file in -------------------------------------------------------------------------
    def start(self, stream: IO[bytes], file: str, by: str, max_bytes: int, *, background: bool = True) -> Job:
        """Keep the uploaded ``stream`` and validate it (in a thread unless ``background`` is False).

        Raises UploadError("too-large" | "quota-full" | "not-xlsx" | "empty") before anything is validated.
        The validation is a task of the intake pool (:mod:`data_loaders.pool`): a few threads for every upload
        and the data folder, so that many uploads at once wait in a queue instead of each holding a thread.
        """
        name = safe_name(Path(file or "").name or "upload.xlsx")
        self.root.mkdir(parents=True, exist_ok=True)
        self._clear_old()
        job_id = secrets.token_urlsafe(16)
        raw_path = self._raw(job_id)
        size = 0
        with self._room:
            used = self.used_bytes()
            room = None if self.quota_bytes is None else self.quota_bytes - used
            if room is not None and room <= 0:
                raise UploadError("quota-full", file=name, **self._quota_params(used))
            with open(raw_path, "wb") as out:
                while chunk := stream.read(1024 * 1024):
                    size += len(chunk)
                    if size > max_bytes:
                        out.close()
                        raw_path.unlink(missing_ok=True)
                        raise UploadError("too-large", file=name, limit=max_bytes // (1024 * 1024))
                    if room is not None and size > room:
                        out.close()
                        raw_path.unlink(missing_ok=True)
                        raise UploadError("quota-full", file=name, **self._quota_params(used))
                    out.write(chunk)
        if size == 0:
            raw_path.unlink(missing_ok=True)
            raise UploadError("empty", file=name)
        if not is_workbook(raw_path) and not is_list_file(raw_path, name):
            raw_path.unlink(missing_ok=True)
            raise UploadError("not-xlsx", file=name)
        job = Job(job_id, name, by, size, time.time())
        self._write(job)
        if background:
            self._threads[job_id] = shared_pool().submit(self.validate, job_id, priority=UPLOAD)
        else:
            self.validate(job_id)
        return job

    def validate(self, job_id: str) -> Job:
        """Read the job's workbook in the isolated reader; ready (with its normalised copy) or refused."""
        job = self.get(job_id)
        if job is None:
            raise UploadError("unknown")
        began = time.monotonic()
        try:
            raw = self._raw(job_id).read_bytes()
            reader = self.store.reader
            if reader is None:
                from .isolation import default_reader

                reader = default_reader()
            result = reader.check(raw, job.file, self.store.limits)
            issues = normalised.issues_as_fields(result.issues)
            if result.data is None:
                job = replace(job, state="refused", issues=issues)
            else:
                data = result.data
                normalised.write(self._normalised(job_id), data)
                job = replace(
                    job,
                    state="ready",
                    issues=issues,
                    content_hash=content_hash(raw),
                    programme_id=data.programme_id,
                    extract_date=data.info.as_of.isoformat(),
                    projects=len(data.projects),
                    base_hash=self.store.shown_hash(data.programme_id),
                    duplicates=duplicate_totals(data),
                )
        except Exception:  # the reader never raises for bad input: this is our fault, said as such
            _log.exception("validating upload %s failed", job_id)
            job = replace(job, state="failed")
        job = replace(job, seconds=round(time.monotonic() - began, 3))
        self._write(job)
        return job

    # -- reading the jobs -------------------------------------------------------------------------
    def get(self, job_id: str | None) -> Job | None:
        """The job ``job_id`` (None for an id not of the form, unknown or unreadable)."""
        if not job_id or not JOB_RE.match(job_id):
            return None
        try:
            job = Job(**json.loads(self._state(job_id).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if job.state == "validating" and time.time() - job.started_at > self.stale_seconds:
            return replace(job, state="failed")  # the process validating it stopped
        return job

    def candidate(self, job: Job) -> ProgrammeData | None:
        """The validated data of a ready job."""
        if job.state != "ready":
            return None
        try:
            return normalised.read(self._normalised(job.id))
        except normalised.NormalisedError:
            return None

    # -- confirming -------------------------------------------------------------------------------
    def confirm(self, job_id: str, by: str) -> Snapshot | None:
        """Make a ready job's workbook the current data of its programme (as its preview showed it).

        Raises UploadError("unknown" | "not-ready" | "changed"): "changed" when the programme's data
        changed since the preview was made (another upload confirmed meanwhile): nothing is done, the
        editor looks at the new preview.
        """
        job = self.get(job_id)
        if job is None:
            raise UploadError("unknown")
        if job.state != "ready":
            raise UploadError("not-ready", state=job.state)
        data = self.candidate(job)
        raw = self._raw(job_id).read_bytes()
        if data is None or content_hash(raw) != job.content_hash:
            raise UploadError("unknown")
        with self.store.placing():  # one confirmation at a time, in every process
            if self.store.shown_hash(job.programme_id) != job.base_hash:
                raise UploadError("changed", file=job.file)
            snap = self.store.place(raw, data, by=by, origin="upload", file=job.file)
        self._write(replace(job, state="confirmed", snapshot=snap.short if snap else ""))
        self._raw(job_id).unlink(missing_ok=True)
        shutil.rmtree(self._normalised(job_id), ignore_errors=True)
        return snap

    def rebase(self, job_id: str) -> Job | None:
        """A ready job's preview made again against the data shown now (after "changed")."""
        job = self.get(job_id)
        if job is None or job.state != "ready":
            return job
        job = replace(job, base_hash=self.store.shown_hash(job.programme_id))
        self._write(job)
        return job

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Wait for this process's validation of ``job_id`` to end (tests, the command line)."""
        task = self._threads.get(job_id)
        if task is not None:
            task.wait(timeout)
        return self.get(job_id)

    # -- the quota -----------------------------------------------------------------------------------
    def used_bytes(self) -> int:
        """What ``.uploads/`` holds now, in bytes (every job's workbook, state and checked copy)."""
        total = 0
        for path in self.root.rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_file():
                    total += path.stat().st_size
        return total

    def _quota_params(self, used: int) -> dict[str, Any]:
        quota = self.quota_bytes or 0
        return {"used": f"{used / 2**20:.0f}", "quota": f"{quota / 2**20:.0f}", "hours": KEEP_SECONDS // 3600}

    # -- housekeeping -----------------------------------------------------------------------------
    def _write(self, job: Job) -> None:
        atomic_write(self._state(job.id), json.dumps(asdict(job), ensure_ascii=False).encode("utf-8"))

    def _clear_old(self) -> None:
        cutoff = time.time() - KEEP_SECONDS
        for path in self.root.glob("*.json"):
            try:
                if path.stat().st_mtime < cutoff:
                    job_id = path.stem
                    self._raw(job_id).unlink(missing_ok=True)
                    shutil.rmtree(self._normalised(job_id), ignore_errors=True)
                    path.unlink(missing_ok=True)
            except OSError:
                continue
