"""The per-date caches of Prepared and the prepare() cache, read and filled by several threads at once.

Before the fix, ``Prepared.amounts`` (and ``advances``, ``budget_at``) stored a value, possibly after
emptying a full cache, then read it back from the dict: another thread emptying the cache in between
made the read raise KeyError. ``prepare()``'s eviction deleted keys that another thread had just
deleted (KeyError too). Each test runs many threads with a tiny switch interval so that the
interleavings happen within a second; a failure shows as an exception collected from a thread.
"""

import sys
import threading
from datetime import date, timedelta

import pytest

from monitoring import prepared
from monitoring.prepared import Prepared, prepare

from .conftest import build_small

THREADS = 8


class PyHashDate(date):
    """A date whose hash is Python code (as any date subclass may have): looking it up in a dict is a point
    where the interpreter may switch threads, which is what lets the interleavings happen here."""

    def __hash__(self) -> int:
        return super().__hash__()


DAYS = [PyHashDate(2021, 1, 1) + timedelta(days=i) for i in range(200)]  # 200 dates: the 32-entry caches empty often
DAYS = [PyHashDate(d.year, d.month, d.day) for d in DAYS]


def _hammer(work):
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(k: int) -> None:
        try:
            start.wait()
            work(k)
        except BaseException as exc:  # collected, re-raised in the test's thread
            errors.append(exc)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=run, args=(k,)) for k in range(THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(old)
    return errors


def test_per_date_caches_under_threads_never_raise_and_give_the_right_sums():
    data = build_small()
    prep = Prepared(data)

    def work(k: int) -> None:
        for rnd in range(20):
            for day in DAYS[k::2] if rnd % 2 else DAYS[::-1]:
                committed, paid = prep.amounts(day)
                prep.advances(day)
                prep.budget_at(day)
                if day == date(2021, 6, 1):
                    # P1: 250 000 committed on 10/05/2021, 37 500 advance paid on 20/05/2021 (in cents)
                    assert committed[0] == 25_000_000 and paid[0] == 3_750_000

    errors = _hammer(work)
    assert errors == []


def test_prepare_eviction_under_threads_never_raises(monkeypatch):
    monkeypatch.setattr(prepared, "_CACHE", {})
    monkeypatch.setattr(prepared, "_CACHE_MAX", 2)
    datas = [build_small() for _ in range(6)]  # more programmes than the cache holds: every call evicts

    def work(k: int) -> None:
        for _ in range(15):
            for d in datas[k % 3 :] + datas[: k % 3]:
                assert prepare(d).n == 5  # P1..P5

    errors = _hammer(work)
    assert errors == []
    assert len(prepared._CACHE) <= 2 + THREADS  # bounded (each thread may add one before the next evicts)


@pytest.mark.parametrize("day", [date(2023, 6, 30)])
def test_the_value_returned_is_the_one_computed(day):
    prep = Prepared(build_small())
    first = prep.amounts(day)
    assert prep.amounts(day) is first  # the second call is a cache hit
    # 250 000 + 200 000 + 480 000 + 0 + 0 = 930 000 committed at 30/06/2023 (conftest table)
    assert int(first[0].sum()) == 93_000_000
