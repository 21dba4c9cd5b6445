"""Uploads (#13): POST /data/upload, the background validation, the preview, the confirmation; nothing changes
before it, whatever is uploaded.

The session app keeps serving; each test points ``ui.service`` at a DataStore over its own copy of the demo
workbooks and restores the app's store afterwards. Real workbooks: the demo's, edited with openpyxl, and the
corpus of hostile ones (tests/data_loaders/corpus.py), sent as multipart form data as assets/upload.js sends
them, read by the real loader in its memory-limited child.

Figures by hand: the upload raises the demo 2014-2020 workbook's first payment (1420-TA-01, 13/05/2015)
from 945 000,00 € to 955 000,00 €, so the programme's paid amount grows by exactly 10 000,00 €; the
second upload raises it to 975 000,00 € (30 000,00 € more than the demo).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import threading
import zipfile

import openpyxl
import pytest

from data_loaders.store import DataStore
from monitoring import figures
from settings import Settings
from tests.app.helpers import post_json
from tests.data_loaders.corpus import CASES
from ui import ids as app_ids
from ui import service

PID = "2014-2020"
NAME = "erdf-2014-2020.xlsx"


@pytest.fixture
def served(client, demo_dir, tmp_path, thresholds):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        shutil.copy(demo_dir / name, data / name)
    saved = service.backend()

    def _use(**options):
        store = DataStore(data, reload_check_seconds=3600)
        store.refresh(force=True)
        service.configure(store, thresholds, Settings(data_dir=data, **options))
        return store

    _use.folder = data  # type: ignore[attr-defined]
    yield _use
    service.configure(*saved)


def _workbook(demo_dir, tmp_path, first_payment: float, name: str = "upload.xlsx") -> bytes:
    wb = openpyxl.load_workbook(demo_dir / NAME)
    assert wb["Payments"]["A2"].value == "1420-TA-01" and wb["Payments"]["C2"].value == 945000
    wb["Payments"]["C2"] = first_payment
    out = tmp_path / name
    wb.save(out)
    return out.read_bytes()


BOUNDARY = "erdf-test-boundary-7d1f"
DOCX_TYPES = (
    b'<Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def _upload(client, raw: bytes, name: str = "export.xlsx", lang: str = "en"):
    """POST the file as a browser's FormData does (the body built here: the test client would spool a large
    one to a temporary file that nobody closes when the server refuses it unread)."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + raw + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.post(f"/data/upload?lang={lang}", data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def _job(client, raw: bytes, name: str = "export.xlsx"):
    resp = _upload(client, raw, name)
    assert resp.status_code == 202, resp.get_data(as_text=True)
    job = service.uploads().wait(resp.get_json()["job"], timeout=120)
    assert job is not None
    return job


def _confirm(client, job_id: str, lang: str = "en"):
    pattern = {"type": app_ids.UPLOAD_CONFIRM, "index": job_id}
    body = {
        "output": f"..{app_ids.DATA_CONFIRM_STATUS}.children...{app_ids.DATA_UPLOAD_JOBS}.data"
        f"...{app_ids.DATA_CURRENT}.children..",
        "outputs": [
            {"id": app_ids.DATA_CONFIRM_STATUS, "property": "children"},
            {"id": app_ids.DATA_UPLOAD_JOBS, "property": "data"},
            {"id": app_ids.DATA_CURRENT, "property": "children"},
        ],
        "inputs": [[{"id": pattern, "property": "n_clicks", "value": 1}]],
        "state": [
            {"id": app_ids.DATA_UPLOAD_JOBS, "property": "data", "value": [{"job": job_id, "file": "export.xlsx"}]},
            {"id": app_ids.PAGES_LOCATION, "property": "search", "value": f"?lang={lang}"},
            {"id": app_ids.LANG_STORE, "property": "data", "value": None},
        ],
        "changedPropIds": [json.dumps(pattern, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    resp = post_json(client, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return resp.get_json()["response"]


def _paid(store) -> float:
    return figures.totals(store.get(PID))["paid"]


def test_an_upload_is_validated_previewed_and_only_confirmed_data_changes(
    client, served, demo_dir, tmp_path, programmes
):
    store = served()
    paid = figures.totals(programmes[PID])["paid"]
    before = (served.folder / NAME).read_bytes()
    job = _job(client, _workbook(demo_dir, tmp_path, 955000))
    assert (job.state, job.programme_id, job.projects) == ("ready", PID, 68)
    assert _paid(store) == paid and (served.folder / NAME).read_bytes() == before  # nothing changed yet
    _data, preview = service.upload_preview(job)
    assert preview is not None
    assert [(r["key"], r["paid_change"]) for r in preview.projects.to_dict("records")] == [("1420-TA-01", 10_000.0)]
    assert preview.after.done - preview.before.done == pytest.approx(10_000.0, abs=0.005)  # consumption's amount
    out = _confirm(client, job.id)
    assert app_ids.DATA_CONFIRM_RESULT not in json.dumps(out)  # no failure notice
    assert _paid(store) == pytest.approx(paid + 10_000.0, abs=0.005)
    snap = service.history(PID)[0]
    assert (snap.origin, snap.by, snap.file) == ("upload", "local", "export.xlsx")
    assert [(e.action, e.file) for e in service.audit_log(PID)][:1] == [("confirmed", "export.xlsx")]
    assert service.upload_job(job.id).state == "confirmed"
    # confirming twice does nothing more
    again = _confirm(client, job.id)
    assert "not (or no longer) ready" in json.dumps(again)


def test_a_refused_upload_shows_its_located_errors_and_changes_nothing(client, served, demo_dir, tmp_path):
    store = served()
    wb = openpyxl.load_workbook(demo_dir / NAME)
    wb["Payments"]["C5"] = "deux cents"  # a text where an amount must be
    wb.save(tmp_path / "bad.xlsx")
    before = (served.folder / NAME).read_bytes()
    job = _job(client, (tmp_path / "bad.xlsx").read_bytes(), "bad.xlsx")
    assert job.state == "refused"
    located = [(i.severity, i.sheet, i.row, i.column, i.value) for i in job.issue_list() if i.severity == "error"]
    assert ("error", "Payments", 5, "Amount (C)", "deux cents") in located
    assert (served.folder / NAME).read_bytes() == before and store.failures == {}
    assert service.upload_preview(job) == (None, None)


@pytest.mark.parametrize(
    ("raw", "name", "status", "words"),
    [
        (
            b"just some text, not a workbook",
            "export.xlsx",
            415,
            "is neither an Excel workbook (.xlsx, .xls) nor a text file",
        ),
        (
            b"\xd0\xcf\x11\xe0 an old .xls",
            "export.xls",
            415,
            "is neither an Excel workbook (.xlsx, .xls) nor a text file",
        ),
        (b"", "export.xlsx", 400, "is empty"),
        (
            _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": DOCX_TYPES}),
            "report.xlsx",
            415,
            "neither an Excel workbook",
        ),
        (_zip({"data.csv": b"a;b"}), "export.xlsx", 415, "is neither an Excel workbook (.xlsx, .xls) nor a text file"),
    ],
)
def test_what_is_not_a_workbook_is_refused_at_once(client, served, raw, name, status, words):
    served()
    resp = _upload(client, raw, name)
    assert resp.status_code == status
    assert words in resp.get_json()["error"] and "Traceback" not in resp.get_data(as_text=True)
    assert not list((served.folder / ".uploads").glob("*.xlsx"))  # nothing kept


def test_an_upload_above_the_limit_is_refused_and_not_kept(client, served):
    served(upload_max_mb=1)
    resp = _upload(client, b"PK\x03\x04" + b"x" * (2 * 1024 * 1024), "big.xlsx", lang="fr")
    assert resp.status_code == 413
    assert "1\u00a0Mo" in resp.get_json()["error"]
    assert not list((served.folder / ".uploads").glob("*.xlsx")) if (served.folder / ".uploads").exists() else True


def test_no_file_in_the_form(client, served):
    served()
    resp = client.post("/data/upload?lang=nl", data={}, content_type="multipart/form-data")
    assert resp.status_code == 400 and "Er is geen bestand ontvangen" in resp.get_json()["error"]


def test_two_uploads_at_the_same_moment_one_lands_the_other_is_previewed_again(app, client, served, demo_dir, tmp_path):
    store = served()
    paid = _paid(store)
    raws = {
        "a.xlsx": _workbook(demo_dir, tmp_path, 955000, "a.xlsx"),  # +10 000
        "b.xlsx": _workbook(demo_dir, tmp_path, 975000, "b.xlsx"),  # +30 000
    }
    barrier = threading.Barrier(2)
    jobs: dict[str, str] = {}

    def send(name: str) -> None:
        own = app.server.test_client()  # one client per thread, as two browsers
        barrier.wait()
        jobs[name] = _upload(own, raws[name], name).get_json()["job"]

    threads = [threading.Thread(target=send, args=(n,)) for n in raws]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(service.uploads().wait(jobs[n]).state == "ready" for n in raws)
    # both editors confirm at the same moment: one lands, the other is told the data changed
    answers: dict[str, str] = {}

    def confirm(name: str) -> None:
        own = app.server.test_client()
        barrier.wait()
        answers[name] = json.dumps(_confirm(own, jobs[name]))

    threads = [threading.Thread(target=confirm, args=(n,)) for n in raws]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    refused = [n for n, text in answers.items() if "changed since this preview" in text]
    assert len(refused) == 1, answers
    landed = ({"a.xlsx", "b.xlsx"} - set(refused)).pop()
    rise = {"a.xlsx": 10_000.0, "b.xlsx": 30_000.0}
    assert _paid(store) == pytest.approx(paid + rise[landed], abs=0.005)
    assert store.files[PID].content_hash == hashlib.sha256(raws[landed]).hexdigest()  # whole, not a mix
    # the refused one is previewed again against the data now shown, then lands on its own confirmation
    _data, preview = service.upload_preview(service.upload_job(jobs[refused[0]]))
    assert preview is not None and preview.projects["paid_change"].tolist() == [rise[refused[0]] - rise[landed]]
    _confirm(client, jobs[refused[0]])
    assert _paid(store) == pytest.approx(paid + rise[refused[0]], abs=0.005)
    assert sorted(e.file for e in service.audit_log(PID) if e.action == "confirmed") == ["a.xlsx", "b.xlsx"]


def test_no_workbook_of_the_corpus_changes_the_data_before_a_confirmation(client, served, tmp_path):
    store = served()
    folder = served.folder
    before = {p.name: p.read_bytes() for p in folder.glob("*.xlsx")}
    paid = _paid(store)
    cases = tmp_path / "corpus"
    cases.mkdir()
    states = {}
    for case in CASES:
        path = case.write(cases)
        resp = _upload(client, path.read_bytes(), path.name)
        assert resp.status_code in (202, 400, 413, 415), (case.name, resp.status_code)
        assert "Traceback" not in resp.get_data(as_text=True)
        if resp.status_code == 202:
            states[case.name] = service.uploads().wait(resp.get_json()["job"], timeout=180).state
    assert {p.name: p.read_bytes() for p in folder.glob("*.xlsx")} == before
    assert _paid(store) == paid and set(store.programme_ids) == {"2014-2020", "2021-2027"}
    assert "failed" not in states.values() and "validating" not in states.values()
    assert "refused" in states.values()
