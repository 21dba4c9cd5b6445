"""The corpus of bad workbooks (corpus.py), each read in a child process with a memory limit as the dashboard
reads it: accepted with its hand-written totals and exact warnings, or refused with the cell named.

A regression that lets a far cell or a text bomb through fails its case (the child runs out of memory and
the read fails) instead of stopping the test run.
"""

from __future__ import annotations

import pytest

from data_loaders.isolation import IsolatedReader
from i18n import has

from .corpus import ANY, CASES, TODAY, Accepted, Refused

#: issues about the whole file: they have no sheet, the file name is their location
FILE_LEVEL = {
    "not-xlsx",
    "legacy-xls",
    "encrypted-workbook",
    "unreadable-file",
    "file-too-large",
    "unpacked-too-large",
    "missing-sheet",
    "read-failed",
}


@pytest.fixture(scope="module")
def reader():
    r = IsolatedReader(memory_mb=1024, timeout=120)
    yield r
    r.close()


def _check_messages(issues, file):
    for issue in issues:
        assert has(f"issue.{issue.code}"), issue.code
        assert issue.file == file
        for lang in ("fr", "nl", "en"):
            text = issue.message(lang)
            assert text and "Traceback" not in text and "Error(" not in text and "/tmp" not in text
        if issue.severity == "error":
            assert issue.sheet is not None or issue.code in FILE_LEVEL, f"{issue.code} has no location"


def test_the_corpus_names_each_case_once():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, reader, tmp_path):
    path = case.write(tmp_path)
    result = reader.check(path.read_bytes(), path.name, today=TODAY)
    assert result.failure is None, result.detail
    assert result.peak_rss_kib < 1024 * 1024  # the child's peak memory for this read, calamine's included: under 1 GiB
    _check_messages(result.issues, path.name)
    expect = case.expect
    if isinstance(expect, Refused):
        assert result.data is None
        errors = [i for i in result.issues if i.severity == "error"]
        where = (expect.code, expect.sheet, expect.row, expect.column)
        located = [i for i in errors if (i.code, i.sheet, i.row, i.column) == where]
        assert located, [i.message("en") for i in errors]
        if expect.value is not ANY:
            assert located[0].value == expect.value
        return
    assert isinstance(expect, Accepted)
    assert result.data is not None, [i.message("en") for i in result.issues]
    data = result.data
    totals = {
        "allocation": float(data.budget["allocation"].sum()),
        "committed": float(data.commitments["amount"].sum()),
        "paid": float(data.payments["amount"].sum()),
        "forecasts": float(data.forecasts["amount"].sum()),
        "projects": len(data.projects),
    }
    assert totals == expect.totals
    assert [(i.code, i.sheet, i.row, i.column) for i in result.issues] == list(expect.warnings)
