"""Uploads, round 2 (#20): the preview says what duplicated lines add; uploads are checked in a bounded pool shared
with the watch folder; a quota on ``.uploads/``.

The session app keeps serving; each test points ``ui.service`` at a DataStore over its own copy of the demo
workbooks (the ``served`` fixture of test_upload.py) and restores the app's store afterwards. Real workbooks: the
demo's 2014-2020, edited with openpyxl, sent as multipart form data as assets/upload.js sends them.

Figures by hand: the demo 2014-2020 workbook's first payment (row 2: 1420-TA-01, 13/05/2015, 945 000,00 €,
advance) pasted twice more at the bottom adds 2 x 945 000 = 1 890 000 € to the paid total; without the two
duplicated lines the total is the demo's own.
"""

from __future__ import annotations

import json
import threading
import time

import openpyxl
import plotly.utils
import pytest

from data_loaders import pool as intake_pool
from monitoring import figures
from tests.app.helpers import text_of as _text_of
from tests.app.test_upload import NAME, PID, _upload, served  # noqa: F401 (the fixture)
from ui import service
from ui.context import Request
from ui.views.data import ready_card


def text_of(component) -> str:
    """The text of a component built by the view (as the browser would get it, JSON)."""
    return _text_of(json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder)))


def _with_duplicates(demo_dir, tmp_path, copies: int = 2) -> bytes:
    wb = openpyxl.load_workbook(demo_dir / NAME)
    ws = wb["Payments"]
    first = [c.value for c in ws[2]]
    assert first[:3] == ["1420-TA-01", first[1], 945000]
    for _ in range(copies):
        ws.append(first)
    out = tmp_path / "pasted.xlsx"
    wb.save(out)
    return out.read_bytes()


def test_the_preview_says_the_totals_without_the_duplicated_lines(client, served, demo_dir, tmp_path, programmes):  # noqa: F811
    served()
    paid = figures.totals(programmes[PID])["paid"]  # the demo's paid total
    resp = _upload(client, _with_duplicates(demo_dir, tmp_path), "pasted.xlsx")
    assert resp.status_code == 202
    job = service.uploads().wait(resp.get_json()["job"], timeout=120)
    assert job is not None and job.state == "ready"
    assert job.duplicates == {
        "payments": {"lines": 2, "total": pytest.approx(paid + 1_890_000.0), "without": pytest.approx(paid)}
    }
    text = text_of(ready_card(job, Request(lang="en")))
    assert "2 duplicated payment lines are counted" in text
    # €187,112,895.04 (the demo) + 1 890 000 = €189,002,895.04 counted; without them, the demo's own total
    assert "€189,002,895.04" in text and "€187,112,895.04" in text
    fr = text_of(ready_card(job, Request(lang="fr")))
    assert "189\u202f002\u202f895,04\u00a0€" in fr and "187\u202f112\u202f895,04\u00a0€" in fr
    nl = text_of(ready_card(job, Request(lang="nl")))
    assert "€\u00a0189.002.895,04" in nl


def test_an_upload_without_duplicates_says_nothing_of_them(client, served, demo_dir, tmp_path):  # noqa: F811
    served()
    resp = _upload(client, (demo_dir / NAME).read_bytes(), "same.xlsx")
    job = service.uploads().wait(resp.get_json()["job"], timeout=120)
    assert job is not None and job.state == "ready" and job.duplicates == {}
    assert "duplicated" not in text_of(ready_card(job, Request(lang="en")))


def test_uploads_are_refused_clearly_when_their_folder_is_full(client, served, demo_dir):  # noqa: F811
    raw = (demo_dir / NAME).read_bytes()  # the demo 2014-2020 workbook: about 42 kB
    served(upload_quota_mb=1)
    uploads = served.folder / ".uploads"
    uploads.mkdir()
    # earlier uploads waiting (their bytes): the 1 MiB quota less room for one workbook and a half
    (uploads / "earlier.xlsx").write_bytes(b"x" * (2**20 - int(1.5 * len(raw))))
    first = _upload(client, raw, "first.xlsx", lang="fr")
    assert first.status_code == 202  # it fits
    service.uploads().wait(first.get_json()["job"], timeout=120)
    second = _upload(client, raw, "second.xlsx", lang="fr")
    assert second.status_code == 507  # 1 MiB would be passed: refused, said in French, nothing kept
    message = second.get_json()["error"]
    assert message.startswith("Les chargements en attente sur le serveur occupent déjà toute leur place")
    assert "sur 1\u00a0Mo" in message and "second.xlsx" in message and "24\u00a0heures" in message
    kept = [p for p in uploads.rglob("*") if p.is_file()]
    checked = sum(p.stat().st_size for p in kept if ".normalised" in str(p.parent))
    # the bytes received never pass the quota; the checked copy of an accepted upload is written after it
    assert sum(p.stat().st_size for p in kept) - checked <= 2**20
    assert len(list(uploads.glob("*.xlsx"))) == 2  # earlier.xlsx and the first upload: the second was not kept


def test_uploads_are_checked_by_a_bounded_pool_of_threads(client, served, demo_dir):  # noqa: F811
    served()
    raw = (demo_dir / NAME).read_bytes()
    seen: list[int] = []
    stop = threading.Event()

    def count() -> None:
        while not stop.is_set():
            names = [t.name for t in threading.enumerate()]
            seen.append(sum(1 for n in names if n.startswith(("upload-", intake_pool.THREAD_PREFIX))))
            time.sleep(0.01)

    watcher = threading.Thread(target=count)
    watcher.start()
    try:
        jobs = [_upload(client, raw, f"many-{i}.xlsx").get_json()["job"] for i in range(6)]
        done = [service.uploads().wait(j, timeout=180) for j in jobs]
    finally:
        stop.set()
        watcher.join()
    assert [j.state for j in done if j is not None] == ["ready"] * 6
    assert 1 <= max(seen) <= intake_pool.DEFAULT_WORKERS  # six uploads, never more than the pool's threads
