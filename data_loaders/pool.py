"""The intake's worker threads: a small fixed number, shared by the uploads' checks and the data folder's reloads.

Each upload used to get its own thread: 25 uploads at once were 25 threads each holding its workbook in memory
while they waited for the one reader (security review F7). Now every check and every background reload of the
folder (the watch folder ``incoming/`` included) is a task of one pool of ``workers`` threads (setting
``ERDF_INTAKE_WORKERS``, 2 by default): what waits is a task in a queue, holding nothing but its job id. The
folder's reloads go before the uploads waiting in the queue (priority 0 before 1), so that an export dropped
into ``incoming/`` is not taken after every upload queued before it.

The pool is made when first used in a process, and made again in a process forked from it (threads do not
survive a fork: gunicorn --preload).
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import threading
from collections.abc import Callable
from typing import Any

DEFAULT_WORKERS = 2
#: the name of the pool's threads: ``erdf-intake-1``, ``erdf-intake-2``, ...
THREAD_PREFIX = "erdf-intake-"
#: task priorities: the data folder's reloads first, then the uploads
FOLDER, UPLOAD = 0, 1
_log = logging.getLogger(__name__)


class Task:
    """One piece of work given to the pool: done once it ran (its exception, if any, is logged and kept)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.fn, self.args = fn, args
        self._done = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.fn(*self.args)
        except Exception as exc:  # a bug in one task must not kill the worker: the log says which
            self.error = exc
            _log.exception("an intake task failed")
        finally:
            self._done.set()

    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the task ran (False when ``timeout`` passed first)."""
        return self._done.wait(timeout)


class IntakePool:
    """``workers`` threads taking tasks by priority, then in the order they were given."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self.workers = max(1, int(workers))
        self._queue: queue.PriorityQueue[tuple[int, int, Task]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._owner = os.getpid()

    def submit(self, fn: Callable[..., Any], *args: Any, priority: int = UPLOAD) -> Task:
        """Run ``fn(*args)`` on one of the pool's threads, after the tasks of a lower ``priority`` number."""
        task = Task(fn, args)
        self._start()
        self._queue.put((priority, next(self._order), task))
        return task

    @property
    def waiting(self) -> int:
        """Tasks given and not started yet."""
        return self._queue.qsize()

    def _start(self) -> None:
        with self._lock:
            if self._owner != os.getpid():  # forked: the parent's threads are not here
                self._owner, self._threads = os.getpid(), []
                self._queue = queue.PriorityQueue()
            self._threads = [t for t in self._threads if t.is_alive()]
            for n in range(len(self._threads), self.workers):
                thread = threading.Thread(target=self._work, name=f"{THREAD_PREFIX}{n + 1}", daemon=True)
                self._threads.append(thread)
                thread.start()

    def _work(self) -> None:
        while True:
            _, _, task = self._queue.get()
            task.run()


_POOL: IntakePool | None = None
_POOL_LOCK = threading.Lock()


def shared_pool() -> IntakePool:
    """The process's pool (made with :data:`DEFAULT_WORKERS` threads unless :func:`configure` said otherwise)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = IntakePool(DEFAULT_WORKERS)
        return _POOL


def configure(workers: int) -> IntakePool:
    """Set the number of the pool's threads (``ERDF_INTAKE_WORKERS``); more are started at the next task."""
    pool = shared_pool()
    pool.workers = max(1, int(workers))
    return pool


__all__ = ["DEFAULT_WORKERS", "FOLDER", "THREAD_PREFIX", "UPLOAD", "IntakePool", "Task", "configure", "shared_pool"]
