"""The reading child: an abort, a run out of memory or a read too long is a located refusal, never the caller's end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from data_loaders.isolation import IsolatedReader, check_isolated
from data_loaders.limits import IntakeLimits

ROOT = Path(__file__).resolve().parents[2]
#: bounds switched off: calamine is handed whatever the file holds
NO_BOUNDS = IntakeLimits(max_rows=10**7, max_columns=10**5, max_cells=10**15)


@pytest.fixture
def far_cell(make_workbook):
    return make_workbook(name="far.xlsx", edit=lambda wb: wb["Payments"].__setitem__("XFD1048576", 1))


def test_an_abort_in_the_child_is_a_refusal_and_the_next_read_works(far_cell, make_workbook):
    reader = IsolatedReader(memory_mb=512, timeout=60)
    try:
        # without the bounds, calamine asks for 16 384 x 1 048 576 cells (about 550 GB) and aborts under the limit
        crashed = reader.check(far_cell.read_bytes(), "far.xlsx", NO_BOUNDS)
        assert crashed.failure == "memory" and crashed.data is None
        assert [(i.code, i.file, i.sheet) for i in crashed.issues] == [("read-failed", "far.xlsx", None)]
        assert crashed.issues[0].message("en") == (
            "far.xlsx could not be read to the end (reading it needed too much memory). Save it again from Excel "
            "and put it back; if the problem remains, send the file to the technical team."
        )
        assert "SIGABRT" in crashed.detail  # for the log, not for users
        # the same reader starts a new child for the next workbook
        good = reader.check(make_workbook().read_bytes(), "good.xlsx")
        assert good.failure is None and good.data is not None
        assert good.data.payments["amount"].sum() == 195_000.0  # 90 000 + 60 000 + 45 000
        assert 0 < good.peak_rss_kib < 1024 * 1024  # the child's own peak, under 1 GiB
    finally:
        reader.close()


def test_with_the_bounds_the_far_cell_is_refused_without_a_crash(far_cell):
    reader = IsolatedReader(memory_mb=512, timeout=60)
    try:
        result = reader.check(far_cell.read_bytes(), "far.xlsx")
        assert result.failure is None
        assert [(i.code, i.sheet, i.row, i.column, i.value) for i in result.issues] == [
            ("sheet-too-large", "Payments", 1048576, "XFD", "1")
        ]
    finally:
        reader.close()


def test_a_read_too_long_is_stopped(make_workbook):
    reader = IsolatedReader(memory_mb=512, timeout=0.001)
    try:
        result = reader.check(make_workbook().read_bytes(), "slow.xlsx")
        assert result.failure == "timeout" and result.data is None
        assert [i.code for i in result.issues] == ["read-failed"]
        assert "0.001 seconds" in result.issues[0].message("en")
    finally:
        reader.close()


def test_check_isolated_reads_a_path_like_check_workbook(make_workbook):
    data, issues = check_isolated(make_workbook(name="p.xlsx"))
    assert issues == [] and data is not None and data.source == "p.xlsx"
    assert data.commitments["amount"].sum() == 900_000.0  # 600 000 + 300 000


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data_loaders.check", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_check_command_exit_statuses_and_no_traceback(make_workbook, far_cell):
    ok = make_workbook(name="ok.xlsx")
    refused = make_workbook(name="refused.xlsx", edit=lambda wb: wb["Payments"].__setitem__("B2", "01/01/2300"))

    run = _run(str(ok))
    assert run.returncode == 0 and run.stdout.startswith(f"OK  {ok}"), run.stderr
    run = _run("--lang", "fr", str(ok), str(refused), str(far_cell))
    assert run.returncode == 1
    assert "Payments, ligne 2, colonne Date (B)\xa0: «\xa001/01/2300\xa0» sort de la période plausible" in run.stdout
    assert "Payments, ligne 1048576, colonne XFD\xa0: la cellule XFD1048576 contient une valeur" in run.stdout
    run = _run("--timeout", "0.001", str(ok))  # the read is stopped: the workbook could not be read
    assert run.returncode == 2 and run.stdout.startswith(f"COULD NOT READ  {ok}")
    run = _run()  # no file: a usage error
    assert run.returncode == 2
    for out in (run.stdout, run.stderr):
        assert "Traceback" not in out
