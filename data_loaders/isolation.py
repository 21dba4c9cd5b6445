"""Reading workbooks in a child process with a memory limit, so that no workbook can stop the caller.

The bounds of :mod:`data_loaders.package` refuse what is known to be dangerous before calamine
parses it; this module is the net under them. :class:`IsolatedReader` keeps one child process
(``python -m data_loaders.isolation``) that loads the loader once, limits its own address space
(``resource.setrlimit(RLIMIT_AS)``: its size after start-up plus ``memory_mb``), then reads one
workbook per request. The parent sends the workbook's bytes and receives the
:class:`~monitoring.model.ProgrammeData` and the issues, pickled, over a pipe.

When the child dies (calamine aborts when an allocation fails), runs out of memory, raises, or
takes longer than ``timeout`` seconds, the caller gets a refusal with the located issue
``read-failed`` (file-level, in FR/NL/EN) and the detail goes to the log; the next read starts a
fresh child. The child is started with ``subprocess`` (fork + exec of a new interpreter), never
by forking the caller: a gunicorn worker forked with ``--preload`` starts its own child the
first time it reads, and leaves the master's alone.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
import weakref
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from i18n import texts
from monitoring.model import ProgrammeData

from .issues import Issue
from .limits import IntakeLimits

ROOT = Path(__file__).resolve().parents[1]
MiB = 2**20
#: memory a read may use beyond the child's own size at start (about 200 MB with pandas loaded)
DEFAULT_MEMORY_MB = 1536
DEFAULT_TIMEOUT = 120.0
#: a child is replaced after this many reads (memory the allocator keeps is given back)
DEFAULT_JOBS_PER_CHILD = 200
_START_TIMEOUT = 120.0
_HEADER = struct.Struct(">Q")
_EXIT_MEMORY = 3
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadResult:
    """One read in the child: the data or None, the issues, and how the read went."""

    data: ProgrammeData | None
    issues: list[Issue]
    #: None when the loader answered; else "memory", "timeout", "stopped" (the child died) or "exception"
    failure: str | None = None
    #: the child's peak resident memory during this read, in KiB (calamine's own allocations included)
    peak_rss_kib: int = 0
    seconds: float = 0.0
    detail: str = field(default="", repr=False)  # for the log only: signal, exit status, traceback


class ReadFailed(Exception):
    """The child did not answer (it died, or took too long); ``failure`` says which."""

    def __init__(self, failure: str, detail: str) -> None:
        super().__init__(f"{failure}: {detail}")
        self.failure = failure
        self.detail = detail


def _write_frame(fh: IO[bytes], payload: bytes) -> None:
    fh.write(_HEADER.pack(len(payload)))
    fh.write(payload)
    fh.flush()


def _read_exact_blocking(fh: IO[bytes], n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = fh.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    """``n`` bytes from the pipe ``fd`` before ``deadline`` (monotonic), or ReadFailed."""
    chunks, left = [], n
    while left:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ReadFailed("timeout", "no answer in time")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise ReadFailed("timeout", "no answer in time")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise ReadFailed("stopped", "the child closed its output")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class IsolatedReader:
    """Reads workbooks in a child process limited to ``memory_mb`` MiB beyond its start-up size.

    Thread-safe (one read at a time); the child is started on the first read and replaced after
    ``jobs_per_child`` reads or any failure. ``close()`` stops it.
    """

    def __init__(
        self,
        memory_mb: int = DEFAULT_MEMORY_MB,
        timeout: float = DEFAULT_TIMEOUT,
        jobs_per_child: int = DEFAULT_JOBS_PER_CHILD,
    ) -> None:
        self.memory_mb = memory_mb
        self.timeout = timeout
        self.jobs_per_child = jobs_per_child
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()
        self._jobs = 0
        _READERS.add(self)

    # -- the child --------------------------------------------------------------------------------
    def _start(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",
            # pandas' strings are pyarrow arrays: arrow's own allocator (mimalloc or jemalloc)
            # reserves address space in large arenas that the child's RLIMIT_AS refuses, and its
            # thread pools size themselves to the machine; the system allocator and one thread
            # keep the limit meaning "memory this read uses" on any machine
            "ARROW_DEFAULT_MEMORY_POOL": "system",
            "ARROW_IO_THREADS": "1",
            "RUST_BACKTRACE": "0",  # calamine's abort message is one line in the log, not a page
        }
        code = "import sys; from data_loaders.isolation import child_main; sys.exit(child_main(int(sys.argv[1])))"
        cmd = [sys.executable, "-c", code, str(self.memory_mb)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=str(ROOT))
        assert proc.stdout is not None
        try:
            header = _read_exact(proc.stdout.fileno(), _HEADER.size, time.monotonic() + _START_TIMEOUT)
            hello = _read_exact(proc.stdout.fileno(), _HEADER.unpack(header)[0], time.monotonic() + _START_TIMEOUT)
        except ReadFailed:
            self._kill(proc)
            raise
        if hello != b"ready":
            self._kill(proc)
            raise ReadFailed("stopped", "the child did not start")
        self._owner, self._jobs = os.getpid(), 0
        return proc

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> str:
        """Stop ``proc`` (if it still runs) and say how it ended."""
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.kill()
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return "did not stop"
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        if code < 0:
            return f"signal {signal.Signals(-code).name}"
        return f"exit status {code}"

    def close(self) -> None:
        """Stop the child (a new one starts on the next read)."""
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and self._owner == os.getpid():
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()  # the child's loop ends at end of input
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            self._kill(proc)

    def _forget_after_fork(self) -> None:
        """In a forked process: the child and the lock belong to the parent; start anew."""
        self._lock = threading.Lock()
        self._proc = None
        self._owner = os.getpid()

    # -- reading ----------------------------------------------------------------------------------
    def check(self, raw: bytes, name: str, limits: IntakeLimits | None = None, today: date | None = None) -> ReadResult:
        """Read and validate the workbook ``raw`` (named ``name``) in the child; never raises for bad input."""
        started = time.monotonic()
        with self._lock:
            if self._owner != os.getpid():
                self._forget_after_fork()
            try:
                answer = self._ask(pickle.dumps((raw, name, limits, today), protocol=pickle.HIGHEST_PROTOCOL))
            except ReadFailed as exc:
                proc, self._proc = self._proc, None
                ended = self._kill(proc) if proc is not None else ""
                failure = exc.failure
                if failure == "stopped" and ended in ("signal SIGABRT", f"exit status {_EXIT_MEMORY}"):
                    failure = "memory"  # calamine aborts when an allocation fails under the limit
                detail = f"{exc.detail}; child {ended}".strip("; ")
                _log.error("reading %s in the child failed (%s): %s", name, failure, detail)
                return self._failed(name, failure, detail, time.monotonic() - started)
            self._jobs += 1
            if self._jobs >= self.jobs_per_child or answer.get("failure"):
                self._stop()
        seconds = time.monotonic() - started
        if answer.get("failure"):
            failure, detail = str(answer["failure"]), str(answer.get("detail", ""))
            _log.error("reading %s in the child failed (%s): %s", name, failure, detail)
            return self._failed(name, failure, detail, seconds, int(answer.get("peak", 0)))
        return ReadResult(answer["data"], list(answer["issues"]), None, int(answer.get("peak", 0)), seconds)

    def _ask(self, request: bytes) -> dict[str, Any]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start()
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            _write_frame(proc.stdin, request)
        except (BrokenPipeError, OSError) as exc:
            raise ReadFailed("stopped", f"cannot send the workbook ({exc})") from None
        deadline = time.monotonic() + self.timeout
        size = _HEADER.unpack(_read_exact(proc.stdout.fileno(), _HEADER.size, deadline))[0]
        answer: dict[str, Any] = pickle.loads(_read_exact(proc.stdout.fileno(), size, deadline))
        return answer

    def _failed(self, name: str, failure: str, detail: str, seconds: float, peak: int = 0) -> ReadResult:
        key = {"memory": "detail.read_memory", "timeout": "detail.read_timeout"}.get(failure, "detail.read_stopped")
        if failure == "exception":
            key = "detail.internal"
        words = texts(key, seconds=f"{self.timeout:g}") if failure == "timeout" else texts(key)
        issue = Issue("error", "read-failed", Path(name).name, params={"detail": words})
        return ReadResult(None, [issue], failure, peak, seconds, detail)


_READERS: weakref.WeakSet[IsolatedReader] = weakref.WeakSet()
_DEFAULTS: dict[tuple[int, float], IsolatedReader] = {}


def default_reader(memory_mb: int = DEFAULT_MEMORY_MB, timeout: float = DEFAULT_TIMEOUT) -> IsolatedReader:
    """The process's shared reader for these settings (one child per process and setting)."""
    key = (memory_mb, timeout)
    if key not in _DEFAULTS:
        _DEFAULTS[key] = IsolatedReader(memory_mb, timeout)
    return _DEFAULTS[key]


def _after_fork_in_child() -> None:
    for reader in list(_READERS):
        reader._forget_after_fork()


def _close_all() -> None:
    for reader in list(_READERS):
        with contextlib.suppress(Exception):
            reader.close()


os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(_close_all)


def check_isolated(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: IntakeLimits | None = None,
    reader: IsolatedReader | None = None,
) -> tuple[ProgrammeData | None, list[Issue]]:
    """:func:`~data_loaders.loader.check_workbook` in the child process: (data or None, issues)."""
    from . import reader as reader_mod
    from .limits import DEFAULT_LIMITS

    file = reader_mod.source_name(source, name)
    raw, issues = reader_mod.read_source(source, file, limits or DEFAULT_LIMITS)
    if raw is None:
        return None, issues
    result = (reader or default_reader()).check(raw, file, limits)
    return result.data, result.issues


# -- the child's side -----------------------------------------------------------------------------
def _status_kib(field_name: str) -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _reset_peak() -> bool:
    """Reset the peak resident size (VmHWM) so that it measures the next read alone."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _limit_memory(memory_mb: int) -> None:
    size = _status_kib("VmSize") * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + memory_mb * MiB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _warm_up() -> None:
    """Let pandas and pyarrow set themselves up (pools, threads) before the limit is counted."""
    import pandas as pd

    pd.DataFrame({"text": ["a", "b"], "value": [1.0, 2.0]}).astype({"text": "str"})


def child_main(memory_mb: int) -> int:
    """Serve read requests on stdin until it closes (the protocol uses a private copy of stdout)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to the log (stderr), never into the answers
    inp = sys.stdin.buffer
    from .loader import check_workbook

    _warm_up()
    _limit_memory(memory_mb)
    _write_frame(out, b"ready")
    while True:
        header = _read_exact_blocking(inp, _HEADER.size)
        if header is None:
            return 0
        request = _read_exact_blocking(inp, _HEADER.unpack(header)[0])
        if request is None:
            return 0
        exact = _reset_peak()
        answer: dict[str, Any]
        try:
            raw, name, limits, today = pickle.loads(request)
            data, issues = check_workbook(raw, name=name, limits=limits, today=today)
            answer = {"data": data, "issues": issues}
        except MemoryError:
            answer = {"failure": "memory", "detail": "MemoryError"}
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a bug of the loader, or a Rust panic that escaped (pyo3's PanicException)
            answer = {"failure": "exception", "detail": traceback.format_exc()}
        answer["peak"] = _status_kib("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            return _EXIT_MEMORY
        _write_frame(out, payload)
        if answer.get("failure") == "memory":
            return _EXIT_MEMORY


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="the reading child of data_loaders.isolation")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB)
    raise SystemExit(child_main(parser.parse_args().memory_mb))
