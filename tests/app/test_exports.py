"""The download route over HTTP (Flask's test client): every page's workbook, the committee pack, the explorer's
filters, and located, translated messages for a bad address.

Figures by hand on the small programme of tests/exports/conftest.py (two project names are formulas), served by
a data store holding it; the demo workbooks for the shape of every page's export.
"""

from __future__ import annotations

import io
import json
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest

from data_loaders.store import DataStore, LoadedFile
from tests.app.helpers import by_id, post_json, route
from tests.exports.conftest import AT_SUM, HYPERLINK, adversarial_small

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = {"Accept": "application/json"}


def book(resp) -> openpyxl.Workbook:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == XLSX
    return openpyxl.load_workbook(io.BytesIO(resp.data))


def file_name(resp) -> str:
    return resp.headers["Content-Disposition"].split("filename=")[1].strip('"')


def table(ws, first_header):
    top = next(c.row for c in ws["A"] if c.value == first_header)
    headers = [c.value for c in ws[top] if c.value is not None]
    rows, r = [], top + 1
    while not str(ws.cell(r, 1).value or "").startswith(("Total", "Totaal")):
        rows.append(dict(zip(headers, (ws.cell(r, j + 1).value for j in range(len(headers))), strict=True)))
        r += 1
    return rows


# --- the demo programmes: every page --------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "name", "sheets"),
    [
        ("/export/?lang=fr", "FEDER-vue-d-ensemble-2023-11-30.xlsx", ["Synthèse 2014-2020", "Synthèse 2021-2027"]),
        (
            "/export/programme/2021-2027?lang=nl",
            "EFRO-2021-2027-2023-11-30.xlsx",
            [
                "Samenvatting",
                "Per specifieke doelstelling",
                "Per projectoproep",
                "Projecten",
                "Vereffeningen",
                "Vastleggingen",
                "Ramingen",
                "Automatische doorhaling",
            ],
        ),
        (
            "/export/programme/2014-2020/objective/1?lang=en&as_of=2022-09-30",
            "ERDF-2014-2020-axis-1-2022-09-30.xlsx",
            ["Summary", "By priority axis", "By call", "Projects", "Payments", "Commitments", "Forecasts"],
        ),
        (
            "/export/programme/2021-2027/objective/2.1?lang=fr",
            "FEDER-2021-2027-objectif-2.1-2023-11-30.xlsx",
            ["Synthèse", "Par objectif spécifique", "Par appel", "Projets", "Liquidations", "Engagements"],
        ),
        (
            "/export/programme/2021-2027/committee-pack?lang=fr",
            "FEDER-2021-2027-comite-de-suivi-2023-11-30.xlsx",
            ["Synthèse", "OS 1.1", "OS 1.2", "OS 1.3", "OS 2.1", "OS 2.6", "OS 2.7", "OS 4.3", "OS 4.4", "OS 5.1"],
        ),
        ("/export/programme/2021-2027/projects?lang=en", "ERDF-2021-2027-projects-2023-11-30.xlsx", None),
    ],
)
def test_each_page_exports_its_workbook(client, url, name, sheets):
    resp = client.get(url)
    wb = book(resp)
    assert file_name(resp) == name
    if sheets is not None:
        assert wb.sheetnames[: len(sheets)] == sheets


def test_call_and_project_pages(client, programmes):
    data = programmes["2021-2027"]
    call_id = sorted(c for c in data.projects["call_id"] if c)[0]  # a call that selected projects
    wb = book(client.get(f"/export/programme/2021-2027/call/{quote(call_id)}?lang=en"))
    assert wb.sheetnames[:3] == ["Summary", "By call", "Projects"]
    assert [r["Call (code)"] for r in table(wb["By call"], "Call (code)")] == [call_id]  # only that call's row
    in_call = set(data.projects.loc[data.projects["call_id"] == call_id, "project_id"])
    assert {r["Project (code)"] for r in table(wb["Projects"], "Project (code)")} == in_call
    pid = data.projects["project_id"].iloc[0]
    wb = book(client.get(f"/export/programme/2021-2027/project/{quote(pid)}?lang=nl"))
    assert [r["Project (code)"] for r in table(wb["Projecten"], "Project (code)")] == [pid]


def test_an_as_of_date_after_the_extract_is_capped_as_on_the_page(client):
    resp = client.get("/export/programme/2021-2027?lang=en&as_of=2030-01-01")
    wb = book(resp)
    assert file_name(resp).endswith("-2023-11-30.xlsx")
    summary = wb["Summary"]
    assert next(summary.cell(r, 2).value for r in range(1, 20) if summary.cell(r, 1).value == "As-of date") == (
        datetime(2023, 11, 30)
    )


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/export/programme/1999-2005?lang=en", 404, "Programme '1999-2005' is not loaded: there is nothing to export."),  # noqa: E501
        (
            "/export/programme/2021-2027/objective/9.9?lang=fr",
            404,
            "Objectif spécifique «\u00a09.9\u00a0» n'existe pas dans le programme 2021-2027.",
        ),
        ("/export/programme/2021-2027/call/NOPE?lang=nl", 404, "Projectoproep “NOPE” bestaat niet in het programma 2021-2027."),  # noqa: E501
        ("/export/programme/2021-2027/somewhere?lang=en", 404, "The export address '/programme/2021-2027/somewhere' matches no page of the dashboard."),  # noqa: E501
        (
            "/export/programme/2021-2027?lang=en&as_of=2023-02-30",
            400,
            "Parameter 'as_of' of the address: '2023-02-30' is not a date (expected YYYY-MM-DD, between 2000 and 2040).",  # noqa: E501
        ),
        (
            "/export/programme/2021-2027/projects?lang=en&filter=%7Bbad",
            400,
            "Parameter 'filter' of the address: this is not valid JSON (character 2).",
        ),
        (
            "/export/programme/2021-2027/projects?lang=nl&sort=href:asc",
            400,
            "Parameter “sort” van het adres: onbekende kolom “href”.",
        ),
    ],
)  # fmt: skip
def test_a_bad_address_gets_a_located_translated_message(client, url, status, message):
    resp = client.get(url, headers=JSON)
    assert resp.status_code == status
    assert resp.get_json()["message"] == message
    page = client.get(url)  # opened directly: a small page with the message, and no trace of the server
    body = page.get_data(as_text=True)
    assert page.status_code == status and page.mimetype == "text/html"
    assert "Traceback" not in body and "/work" not in body and str(Path(__file__).parent) not in body


def test_a_failure_while_building_is_logged_not_shown(client, monkeypatch, caplog):
    import exports

    def broken(export, out):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(exports, "write_page", broken)
    resp = client.get("/export/programme/2021-2027?lang=fr", headers=JSON)
    assert resp.status_code == 500
    assert resp.get_json()["message"].startswith("Le classeur n'a pas pu être construit.")
    assert "secret" not in resp.get_data(as_text=True)
    assert "exploded" in caplog.text  # the cause is in the server's log


def test_every_page_has_its_export_button(client):
    for path, href in [
        ("/", "/export/?lang=nl"),
        ("/programme/2021-2027", "/export/programme/2021-2027?lang=nl&as_of=2023-11-30"),
        ("/programme/2021-2027/objective/2.1", "/export/programme/2021-2027/objective/2.1?lang=nl&as_of=2023-11-30"),
        ("/programme/2021-2027/projects", "/export/programme/2021-2027/projects?lang=nl&as_of=2023-11-30"),
    ]:
        page = route(client, path, "?lang=nl")
        button = by_id(page, "export-button")
        assert button is not None and button["props"]["href"] == href, path
        assert button["props"]["children"] == "Exporteren naar Excel"
    pack = by_id(route(client, "/programme/2014-2020", "?lang=fr"), "export-pack-button")
    assert pack["props"]["href"] == "/export/programme/2014-2020/committee-pack?lang=fr&as_of=2023-11-30"


def test_the_route_knows_the_grid_columns(client):
    from ui.views.projects import EXPLORER_FIELDS

    grid = by_id(route(client, "/programme/2021-2027/projects", "?lang=fr"), {"type": "nav-grid", "index": "explorer"})
    assert tuple(c["field"] for c in grid["props"]["columnDefs"]) == EXPLORER_FIELDS


def test_chart_image_buttons_name_the_chart(client):
    page = route(client, "/programme/2021-2027", "?lang=fr")
    graph = by_id(page, "cumulative-graph")
    options = graph["props"]["config"]["toImageButtonOptions"]
    assert options["filename"] == "FEDER-2021-2027-cumul-2023-11-30" and options["width"] >= 1600
    meta = graph["props"]["figure"]["layout"]["meta"]
    assert meta == {
        "lang": "fr",
        "image_title": "Engagements et liquidations cumulés",
        "image_subtitle": "FEDER 2021-2027 · situation au 30 nov. 2023",
    }
    bars = by_id(route(client, "/programme/2014-2020", "?lang=nl"), {"type": "drill-graph", "index": "objectives"})
    assert bars["props"]["config"]["toImageButtonOptions"]["filename"] == "EFRO-2014-2020-per-as-2023-11-30"


# --- the small programme, by hand ---------------------------------------------------------------------
@pytest.fixture
def small_app(client, tmp_path):
    """The app's service pointed at a store holding the small programme (restored afterwards)."""
    from monitoring.thresholds import load_thresholds
    from settings import Settings
    from ui import service

    store = DataStore(tmp_path, reload_check_seconds=3600)
    store.files["2021-2027"] = LoadedFile(
        Path("small.xlsx"), "small-adversarial", datetime(2024, 1, 1), adversarial_small()
    )
    store._last_check = time.monotonic()
    saved = service.backend()
    service.configure(store, load_thresholds(), Settings(data_dir=tmp_path, demo=False))
    yield client
    service.configure(*saved)


def test_programme_workbook_by_hand(small_app):
    wb = book(small_app.get("/export/programme/2021-2027?lang=fr&as_of=2023-06-30"))
    rows = {r["Code"]: r for r in table(wb["Par objectif spécifique"], "Code")}
    # 1.1: committed P1 250 000 + P2 200 000; paid 37 500 + 100 000 + 50 000 + 30 000; 2.1: 500 000 - 20 000
    assert (rows["1.1"]["Engagé (euros)"], rows["1.1"]["Liquidé (euros)"]) == (450_000, 217_500)
    assert (rows["2.1"]["Engagé (euros)"], rows["2.1"]["Liquidé (euros)"]) == (480_000, 495_000)
    names = {r["Projet (code)"]: r["Projet"] for r in table(wb["Projets"], "Projet (code)")}
    assert names["P2"] == HYPERLINK and names["P3"] == AT_SUM
    cells = [c for row in wb["Projets"].iter_rows() for c in row if c.value in (HYPERLINK, AT_SUM)]
    assert len(cells) == 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_explorer_export_applies_its_filter_and_sort(small_app):
    flt = json.dumps({"paid": {"filterType": "number", "type": "greaterThan", "filter": 100000}})
    url = f"/export/programme/2021-2027/projects?lang=en&as_of=2023-06-30&filter={quote(flt)}&sort=paid:desc"
    wb = book(small_app.get(url))
    rows = table(wb["Projects"], "Project (code)")
    # paid at 30/06/2023: P1 187 500, P2 30 000, P3 480 000, P4 15 000, P5 0 -> above 100 000: P3 then P1
    assert [(r["Project (code)"], r["Paid (euros)"]) for r in rows] == [("P3", 480_000), ("P1", 187_500)]
    pays = table(wb["Payments"], "Project (code)")
    assert {r["Project (code)"] for r in pays} == {"P1", "P3"} and sum(
        r["Amount paid (euros)"] for r in pays
    ) == 667_500
    summary = wb["Summary"]
    described = next(
        summary.cell(r, 2).value for r in range(1, 30) if summary.cell(r, 1).value == "Search, filters and sort"
    )
    assert described == "Paid > 100,000 · sorted by Paid descending · 2 projects of 5"
    grant = next(summary.cell(r, 2).value for r in range(20, 60) if summary.cell(r, 1).value == "Allocation (euros)")
    assert grant == 500_000 + 250_000  # the grants of P3 and P1

    # the quick search, as the grid reads it: "=HYPERLINK" is P2's name
    wb = book(small_app.get("/export/programme/2021-2027/projects?lang=fr&as_of=2023-06-30&q=" + quote("=hyperlink")))
    assert [r["Projet (code)"] for r in table(wb["Projets"], "Projet (code)")] == ["P2"]


def test_the_explorer_keeps_its_state_in_the_url(small_app):
    flt = json.dumps({"paid": {"filterType": "number", "type": "greaterThan", "filter": 100000}})
    page = route(small_app, "/programme/2021-2027/projects", f"?lang=en&q=project&filter={quote(flt)}&sort=paid:desc")
    grid = by_id(page, {"type": "nav-grid", "index": "explorer"})
    assert grid["props"]["filterModel"] == json.loads(flt)
    assert grid["props"]["dashGridOptions"]["context"]["q"] == "project"  # sent with each request for rows
    paid = next(c for c in grid["props"]["columnDefs"] if c["field"] == "paid")
    assert (paid["sort"], paid["sortIndex"]) == ("desc", 0)
    assert by_id(page, "explorer-search")["props"]["value"] == "project"
    href = by_id(page, "export-button")["props"]["href"]
    assert href.startswith("/export/programme/2021-2027/projects?lang=en&as_of=2023-06-30&")
    assert "q=project" in href and "sort=paid%3Adesc" in href and "filter=" in href


def _links_output(client) -> str:
    deps = client.get("/_dash-dependencies").get_json()
    return next(d["output"] for d in deps if "export-button.href" in d["output"])


def test_the_grid_state_reaches_the_server_in_the_callback(client):
    grid = {"index": "explorer", "type": "nav-grid"}
    grid_key = json.dumps(grid, sort_keys=True, separators=(",", ":"))
    body = {
        "output": _links_output(client),
        "outputs": [{"id": "export-button", "property": "href"}, {"id": "explorer-url", "property": "data"}],
        "inputs": [
            {"id": "explorer-search", "property": "value", "value": "bru"},
            {"id": grid, "property": "filterModel", "value": {"paid": {"filterType": "number", "type": "greaterThan", "filter": 5}}},  # noqa: E501
            {"id": grid, "property": "columnState", "value": [{"colId": "name", "sort": "asc", "sortIndex": 0}]},
        ],
        "state": [{"id": "explorer-page", "property": "data", "value": {"pid": "2021-2027", "lang": "nl", "as_of": "2023-11-30"}}],  # noqa: E501
        "changedPropIds": [grid_key + ".filterModel"],
    }  # fmt: skip
    resp = post_json(client, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    out = resp.get_json()["response"]
    export_href, page_url = out["export-button"]["href"], out["explorer-url"]["data"]
    query = "q=bru&filter=%7B%22paid%22%3A%7B%22filter%22%3A5%2C%22filterType%22%3A%22number%22%2C%22type%22%3A%22greaterThan%22%7D%7D&sort=name%3Aasc"  # noqa: E501
    assert export_href == "/export/programme/2021-2027/projects?lang=nl&as_of=2023-11-30&" + query
    assert page_url == "/programme/2021-2027/projects?lang=nl&" + query


def test_the_forecasts_paid_total_is_the_payments_total(client, programmes):
    # the Forecasts sheet lists, beside each forecast year, the years a project was paid without a forecast row:
    # on the demo 2014-2020, 1420-2-14's recovery of -217 500,00 in 2017 and 1420-4-14's -357 000,00 in 2018.
    # Without them its paid total was 187 687 395,04, the Payments sheet's 187 112 895,04 + 574 500,00
    from monitoring import figures

    wb = book(client.get("/export/programme/2014-2020?lang=fr"))
    forecasts = table(wb["Prévisions"], "Projet (code)")
    payments = table(wb["Liquidations"], "Projet (code)")
    paid_key = next(k for k in forecasts[0] if str(k).startswith("Liquidé"))
    amount_key = next(k for k in payments[0] if str(k).startswith("Montant"))
    in_forecasts = round(sum(r[paid_key] or 0 for r in forecasts), 2)
    assert in_forecasts == round(sum(r[amount_key] for r in payments), 2) == 187_112_895.04
    assert in_forecasts == round(figures.totals(programmes["2014-2020"])["paid"], 2)
    recoveries = {(r["Projet (code)"], r[next(k for k in r if str(k).startswith("Année"))]): r[paid_key]
                  for r in forecasts if (r[paid_key] or 0) < 0}  # fmt: skip
    assert recoveries[("1420-2-14", 2017)] == -217_500.0 and recoveries[("1420-4-14", 2018)] == -357_000.0
