"""/healthz (anonymous) says what is served, never which files: a refused workbook's name is the user's text
(``<svg onload=...>.xlsx`` in the security review, F12) and the names of a site's files are not for anyone.

The session app keeps serving; the test points ``ui.service`` at a DataStore over another folder and restores the
app's own store afterwards (as tests/app/test_refused_workbook.py does).
"""

from __future__ import annotations

import shutil

import openpyxl

from data_loaders.store import DataStore
from settings import Settings
from ui import service

MARKUP_NAME = "<svg onload=alert('DIR')>.xlsx"


def test_healthz_counts_the_refused_workbooks_without_naming_them(client, demo_dir, thresholds, tmp_path):
    shutil.copy(demo_dir / "erdf-2021-2027.xlsx", tmp_path / "erdf-2021-2027.xlsx")
    wb = openpyxl.load_workbook(demo_dir / "erdf-2014-2020.xlsx")
    del wb["Projects"]  # refused: a required sheet is missing
    wb.save(tmp_path / MARKUP_NAME)
    saved = service.backend()
    try:
        store = DataStore(tmp_path, reload_check_seconds=3600)
        store.refresh(force=True)
        assert list(store.failures) == [MARKUP_NAME]
        service.configure(store, thresholds, Settings(data_dir=tmp_path))
        answer = client.get("/healthz")
    finally:
        service.configure(*saved)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["refused"] == 1  # one workbook refused: counted, not named
    assert list(body["programmes"]) == ["2021-2027"]
    text = answer.get_data(as_text=True)
    assert "svg" not in text and ".xlsx" not in text and str(tmp_path) not in text
