"""Failed sign-ins and the cost of checking a password, bounded (OWASP ASVS 2.2.1; review findings F1 and F2).

* **Locks.** ``max_name`` failed sign-ins for one user name within ``lock_seconds`` lock that name for
  ``lock_seconds`` (whoever tries, from wherever); ``max_address`` failures from one client address (any names)
  lock that address the same way. While locked, a sign-in is answered at once, without checking the password,
  even the right one. A success clears the name's count (never the address's: one good account must not
  reset an address that guesses others'). The counts live in one small JSON file beside the users file, under
  a lock (``fcntl.flock``), so every worker of the host shares them and a restart keeps them.
* **Slots.** A password check (argon2id: about 190 ms of CPU and 64 MiB) takes one of ``slots`` lock files
  beside the users file; when all are taken, the sign-in is answered "try again in a moment" at once: nothing
  waits in a queue, so a flood of sign-ins cannot hold the threads that serve signed-in users. The lock files
  are shared by every process of the host (one ``flock`` each, released by the kernel if a process dies).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def slot_paths(users_file: Path, slots: int) -> list[Path]:
    """The lock files of the password checks that may run at once on this host."""
    return [users_file.with_name(f"{users_file.name}.check-{i}.lock") for i in range(max(1, slots))]


class Limits:
    """The failed sign-ins of every name and address, and the slots of the password checks."""

    def __init__(self, users_file: Path, max_name: int, max_address: int, lock_seconds: float, slots: int) -> None:
        self.path = users_file.with_name(users_file.name + ".failures.json")
        self.max_name, self.max_address = max(1, max_name), max(1, max_address)
        self.lock_seconds = max(1.0, lock_seconds)
        self.slots = slot_paths(users_file, slots)

    # --- the counts ----------------------------------------------------------------------------------
    @staticmethod
    def _keys(name: str, address: str) -> tuple[str, str]:
        return "name:" + name.strip().lower()[:200], "address:" + address[:64]

    @contextmanager
    def _table(self, write: bool) -> Iterator[dict[str, Any]]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            try:
                table = json.loads(fh.read() or "{}")
                if not isinstance(table, dict):
                    table = {}
            except ValueError:
                table = {}  # a file cut short (a crash while writing): the counts start again
            yield table
            if write:
                now = time.time()
                since = now - self.lock_seconds
                kept = {k: v for k, v in table.items()
                        if v.get("until", 0) > now or any(t > since for t in v.get("fails", []))}  # fmt: skip
                fh.seek(0)
                fh.truncate()
                fh.write(json.dumps(kept, separators=(",", ":")))
                fh.flush()

    def locked(self, name: str, address: str) -> float:
        """Seconds until this name and this address may try again (0: they may now)."""
        now = time.time()
        with self._table(write=False) as table:
            until = max(table.get(key, {}).get("until", 0) for key in self._keys(name, address))
        return max(0.0, until - now)

    def failed(self, name: str, address: str) -> None:
        """Count a failed sign-in of ``name`` from ``address``; lock either when it reaches its limit."""
        now = time.time()
        with self._table(write=True) as table:
            for key, limit in zip(self._keys(name, address), (self.max_name, self.max_address), strict=True):
                entry = table.setdefault(key, {})
                fails = [t for t in entry.get("fails", []) if t > now - self.lock_seconds] + [now]
                if len(fails) >= limit:
                    entry["until"], fails = now + self.lock_seconds, []
                entry["fails"] = fails

    def succeeded(self, name: str) -> None:
        """A successful sign-in: the name's failures are forgotten."""
        key = self._keys(name, "")[0]
        with self._table(write=True) as table:
            table.pop(key, None)

    # --- the slots of the password checks ------------------------------------------------------------
    @contextmanager
    def slot(self) -> Iterator[bool]:
        """True with a slot held for the block, False at once when every slot is taken (never waits)."""
        for path in self.slots:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        yield False
