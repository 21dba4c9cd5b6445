"""Uploaded bytes load like files; issues serialise; the documented alias table matches the code."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from data_loaders import WorkbookError, aliases, check_workbook, load_programme

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"


def test_upload_bytes_and_file_object(make_workbook):
    path = make_workbook()
    raw = path.read_bytes()
    from_bytes = load_programme(raw, name="upload-2021.xlsx")
    from_file = load_programme(io.BytesIO(raw), name="upload-2021.xlsx")
    assert from_bytes.source == from_file.source == "upload-2021.xlsx"
    assert from_bytes.payments["amount"].sum() == 195_000.0  # 90 000 + 60 000 + 45 000
    assert from_file.commitments["amount"].sum() == 900_000.0  # 600 000 + 300 000


def test_bad_uploads(make_workbook):
    data, issues = check_workbook(b"not a workbook", name="budget.xlsx")
    assert data is None and [(i.code, i.file) for i in issues] == [("unreadable-file", "budget.xlsx")]
    raw = make_workbook().read_bytes()
    data, issues = check_workbook(raw, name="budget.xls")  # a good workbook under an Excel 97-2003 name
    assert data is None and [i.code for i in issues] == ["legacy-xls"]
    data, issues = check_workbook(raw, name="budget.ods")
    assert data is None and [i.code for i in issues] == ["not-xlsx"]
    with pytest.raises(WorkbookError):
        load_programme(raw[: len(raw) // 2], name="cut.xlsx")  # a truncated upload


def test_issue_as_dict_is_json_ready(make_workbook):
    path = make_workbook(edit=lambda wb: wb["Payments"].__setitem__("C3", "12,3,4"))
    _, issues = check_workbook(path)
    d = issues[0].as_dict("nl")
    assert json.loads(json.dumps(d)) == d
    assert d["row"] == 3 and d["column"] == "Amount (C)"
    assert (
        d["message"]
        == "Payments, rij 3, kolom Amount (C): “12,3,4” is geen bedrag. Schrijf het als 1234,56 of 1.234,56."
    )


def test_documentation_lists_every_accepted_name():
    doc = DOC.read_text(encoding="utf-8")
    tables = [
        aliases.SHEETS,
        aliases.PROGRAMME_KEYS,
        aliases.STATUSES,
        aliases.PAYMENT_KINDS,
        aliases.RESOURCES,
        *aliases.COLUMNS.values(),
    ]
    missing = sorted({name for table in tables for names in table.values() for name in names if name not in doc})
    assert missing == []
