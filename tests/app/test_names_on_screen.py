"""A workbook's file name with a bidirectional control (U+202E) or a line break is shown neutralised on the page
(#20; security review F8): the footer and the Data page's current data name it with U+FFFD instead.

The session app keeps serving; the test points ``ui.service`` at a DataStore over another folder and restores the
app's own store afterwards.
"""

from __future__ import annotations

import json
import shutil

import plotly.utils

from data_loaders.store import DataStore
from settings import Settings
from tests.app.helpers import strings
from ui import service, shell
from ui.context import Request
from ui.views.data import current_section

NAME = "erdf-\u202exslx.exe.xlsx"  # shown reversed as "erdf-exe.xlsx..." by a browser if left as it is


def test_a_name_with_a_bidi_control_is_shown_neutralised(client, demo_dir, thresholds, tmp_path):
    shutil.copy(demo_dir / "erdf-2021-2027.xlsx", tmp_path / NAME)
    saved = service.backend()
    try:
        store = DataStore(tmp_path, reload_check_seconds=3600)
        store.refresh(force=True)
        assert store.programme_ids == ["2021-2027"]
        service.configure(store, thresholds, Settings(data_dir=tmp_path))
        source, _, _, _ = shell.footer_parts("en")
        page = json.loads(json.dumps(current_section(Request(lang="nl")), cls=plotly.utils.PlotlyJSONEncoder))
    finally:
        service.configure(*saved)
    shown = [source, *strings(page["props"]["children"])]
    assert "erdf-\ufffdxslx.exe.xlsx" in source
    assert not any("\u202e" in text for text in shown)
    assert any("erdf-\ufffdxslx.exe.xlsx" in text for text in shown)
