"""A list of operations on the Data page (ui.views.mapping) and in the watch folder (data_loaders.profiles).

The Brussels 2007-2013 list (tests/realdata) is uploaded as it is published (.xls); its validation says it is a
list of operations; its card proposes the mapping; saving keeps the profile and sends the mapped list as a
workbook of the format, which is checked and confirmed like any upload. Figures by hand (calamine, see
tests/data_loaders/test_operations.py): 34 operations, total eligible cost 104 174 215.34 (axis 1) +
65 170 485.74 (axis 2) = 169 344 701.08.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from data_loaders import operations, profiles
from data_loaders.store import DataStore
from settings import Settings
from tests.app.test_upload import _confirm, _job, _upload
from ui import list_service, service
from ui.context import Request
from ui.views import data as data_view
from ui.views import mapping

REAL = Path(__file__).resolve().parents[1] / "realdata" / "lists_of_operations"
BE1 = REAL / "BE1_Brussels_ERDF_2007-2013__ERDF_Brussels_2007-2013.xls"
BE2 = REAL / "BE2_Flanders_ERDF_2014-2020__ERDF_Data_Flandern_2014-2020.original.xls"
PID = "2014-2020"


@pytest.fixture
def served(client, demo_dir, tmp_path, thresholds):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_dir / "erdf-2021-2027.xlsx", data / "erdf-2021-2027.xlsx")  # 2014-2020 comes from the list
    saved = service.backend()
    store = DataStore(data, reload_check_seconds=0, settle_seconds=0, background=False)
    store.refresh(force=True)
    service.configure(store, thresholds, Settings(data_dir=data))
    yield store
    service.configure(*saved)


def _strings(component) -> str:
    def plain(o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o)  # a component, or a figure's array

    return json.dumps(component.to_plotly_json(), default=plain, ensure_ascii=False)


def test_an_xls_and_a_csv_are_taken_and_recognised(client, served):
    job = _job(client, BE1.read_bytes(), BE1.name)
    assert job.state == "refused" and [i["code"] for i in job.issues] == ["operations-list"]
    assert mapping.is_list_job(job)
    resp = _upload(client, "Project;Beneficiary;Total eligible cost\nA;B;10\n".encode("cp1252"), "export.csv")
    assert resp.status_code == 202
    csv_job = service.uploads().wait(resp.get_json()["job"], timeout=120)
    assert csv_job is not None and mapping.is_list_job(csv_job)


def test_the_card_proposes_the_mapping_and_previews_the_totals(client, served):
    job = _job(client, BE1.read_bytes(), BE1.name)
    card = data_view.job_card(job, {"job": job.id, "file": job.file}, Request(lang="nl"))
    text = _strings(card)
    assert "Lijst van concrete acties: koppeling van de kolommen" in text
    assert "Blad “FR”, kop op rij 5, 10 kolommen." in text
    # the select of column 2 ("Bénéficiaire / Begunstigde") proposes the beneficiary
    assert f'"id": {{"type": "ops-field", "job": "{job.id}", "col": 1}}' in text
    assert '"value": "beneficiary"' in text
    table = list_service.table_for(job)
    assert table is not None
    proposal = operations.propose(table.headers)
    shown = _strings(mapping.preview(job, proposal, mapping.ALL_PROGRAMMES, "1 = 120.000.000\n2 = 60.000.000", "fr"))
    # axis 1: 104 174 215,34 € of 120 000 000 € = 86,8 %; axis 2: 65 170 485,74 € of 60 000 000 € = 108,6 %
    assert "104\u202f174\u202f215,34\u00a0€" in shown and "86,8\u00a0%" in shown
    assert "65\u202f170\u202f485,74\u00a0€" in shown and "108,6\u00a0%" in shown
    assert "169\u202f344\u202f701,08\u00a0€" in shown  # the total line: 104 174 215.34 + 65 170 485.74
    assert "Opérations retenues\u00a0: 34." in shown
    # without a total-cost column the preview says what to map
    partial = {k: v for k, v in proposal.items() if v != "total_cost"}
    assert "Choisissez aussi la colonne" in _strings(mapping.preview(job, partial, None, "", "fr"))


def test_saving_keeps_the_profile_and_the_mapped_list_is_confirmed(client, served):
    job = _job(client, BE1.read_bytes(), BE1.name)
    table = list_service.table_for(job)
    assert table is not None
    proposal = operations.propose(table.headers)
    said, new = mapping.save(
        job, proposal, None, PID, "1 = 120.000.000\n2 = 60.000.000", "30/11/2014", "Brussels 2007-2013", "local", "en"
    )
    assert new is not None, _strings(said)
    assert "Mapping “Brussels 2007-2013” saved" in _strings(said)
    kept = profiles.load_all(served.folder)
    assert [(p.name, p.programme_id, p.allocation) for p in kept] == [
        ("Brussels 2007-2013", PID, {"1": 120e6, "2": 60e6})
    ]
    assert (served.folder / ".profiles" / "brussels-2007-2013.json").is_file()
    ready = service.uploads().wait(new.id, timeout=120)
    assert ready is not None and (ready.state, ready.programme_id, ready.projects) == ("ready", PID, 34)
    assert ready.file == BE1.name + ".xlsx"
    _confirm(client, new.id)
    shown = served.get(PID)
    assert shown is not None and len(shown.projects) == 34
    assert round(shown.projects["total_cost"].sum(), 2) == 169_344_701.08  # 104 174 215.34 + 65 170 485.74
    assert shown.info.as_of == date(2014, 11, 30)
    assert shown.budget.set_index("code")["allocation"].to_dict() == {"1": 120e6, "2": 60e6}
    # the pages say what a list cannot show
    from ui.context import Request as R

    notice = mapping.list_notice(R(lang="fr").at(shown))
    assert notice is not None and "ni engagements ni liquidations" in _strings(notice)
    # the overview names the programme whose data came from a list (2021-2027, the demo's, has commitments)
    from ui.views.overview import overview

    page = _strings(overview(R(lang="nl")))
    assert "list-of-operations-notice-2014-2020" in page and "list-of-operations-notice-2021-2027" not in page
    assert "EFRO 2014-2020: Gegevens zonder vastleggingen" in page
    # the Excel exports of its programme and axis pages are made (a workbook comes back)
    from ui import links

    for path in ("/programme/2014-2020", "/programme/2014-2020/objective/1"):
        resp = client.get(links.export_href(path, "fr", None))
        assert resp.status_code == 200 and resp.data[:2] == b"PK", (path, resp.status_code)


def test_a_bad_allocation_or_date_or_name_is_said_and_nothing_is_sent(client, served):
    job = _job(client, BE1.read_bytes(), BE1.name)
    table = list_service.table_for(job)
    assert table is not None
    proposal = operations.propose(table.headers)
    said, new = mapping.save(job, proposal, None, PID, "1 = beaucoup", "30/11/2014", "x", "local", "fr")
    assert new is None and "Ces lignes ne sont pas de la forme" in _strings(said) and "1 = beaucoup" in _strings(said)
    said, new = mapping.save(job, proposal, None, PID, "", "31/02/2014", "x", "local", "nl")
    assert new is None and "“31/02/2014” is geen datum in het verleden" in _strings(said)
    said, new = mapping.save(job, proposal, None, PID, "", "30/11/2014", "../etc", "local", "en")
    assert new is None and "Give it a name of 1 to 60 characters" in _strings(said)
    assert profiles.load_all(served.folder) == []


def test_the_watch_folder_applies_a_saved_profile_to_the_next_export(served):
    table = operations.recognise(BE2.read_bytes(), BE2.name)
    assert table is not None
    profiles.save(
        served.folder,
        profiles.Profile(
            name="Flanders call",
            signature=operations.header_signature(table.headers),
            headers=table.headers,
            mapping={str(k): v for k, v in operations.propose(table.headers).items()},
            programme_id=PID,
            allocation={"Ondernemerschap": 10_000_000.0},
        ),
    )
    incoming = served.folder / "incoming"
    incoming.mkdir()
    shutil.copy(BE2, incoming / "flanders-next-export.xls")
    served.refresh(force=True)
    shown = served.get(PID)
    assert shown is not None, [(e.code, e.file) for e in served.events_since(0)]
    # rows 5-27 of the list: 23 projects, 8 759 246.02 total eligible cost (= the file's own total row)
    assert len(shown.projects) == 23 and round(shown.projects["total_cost"].sum(), 2) == 8_759_246.02
    assert shown.budget.set_index("code")["allocation"].to_dict() == {"Ondernemerschap": 10_000_000.0}
    assert (served.folder / "erdf-2014-2020.xlsx").is_file() and not list(incoming.iterdir())


def test_the_watch_folder_says_what_an_unmapped_list_is(served):
    incoming = served.folder / "incoming"
    incoming.mkdir()
    shutil.copy(BE2, incoming / "flanders.xls")
    served.refresh(force=True)
    assert served.get(PID) is None
    reports = list((served.folder / "rejected").glob("*.report.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert [i["code"] for i in report["issues"]] == ["operations-list"]
    assert report["messages"]["en"][0].startswith("P2: flanders.xls looks like a list of operations (23 operations")


def test_the_date_of_the_data_from_a_file_name():
    assert list_service.date_in_name("20160711_listeoperations_FEDER_FSE_14-20.xls") == date(2016, 7, 11)
    assert list_service.date_in_name("export 2023-11-30.csv") is None  # only yyyymmdd, nothing guessed
    assert list_service.date_in_name("liste_20161341.xls") is None  # no 41st of the 13th month
    assert list_service.date_in_name("ERDF_Brussels_2007-2013.xls") is None
