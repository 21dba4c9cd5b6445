"""The official figures' page and its workbook over HTTP, on the real files of tests/fixtures/official.

The session app serves the demo workbooks; each test points ``ui.service`` at settings whose official folder
is the fixtures (and restores the app's). Figures by hand from the files (see tests/monitoring/test_official.py):
Brussels ERDF 2014BE16RFOP001 at 31/12/2020: allocation 191 555 016, selected 236 159 444,81 (123,3 %),
declared 89 435 514,62 (46,7 %).
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from i18n import format_date, format_eur, format_pct, t
from tests.app.helpers import by_id, route, strings, text_of
from ui import ids as app_ids
from ui import service

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"
BXL = "2014BE16RFOP001"


@pytest.fixture
def official(client, tmp_path):
    saved = service.backend()
    store, thresholds, settings = saved
    service.configure(store, thresholds, replace(settings, official_dir=FIXTURES))
    yield client
    service.configure(*saved)


def _rows(tree, grid_id):
    return by_id(tree, grid_id)["props"]["rowData"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_brussels_at_end_2020(official, lang):
    tree = route(official, f"/official/{BXL}", f"?lang={lang}&year=2020")
    assert text_of(by_id(tree, app_ids.OFFICIAL_STAT_PLANNED)) == format_eur(191555016, lang)
    assert text_of(by_id(tree, app_ids.OFFICIAL_STAT_DECIDED)) == format_eur(236159444.81, lang)
    assert text_of(by_id(tree, app_ids.OFFICIAL_STAT_SPENT)) == format_eur(89435514.62, lang)
    texts = strings(tree)
    # 236 159 444,81 / 191 555 016 = 123,3 %; 89 435 514,62 / 191 555 016 = 46,7 %
    assert f"{t('official.col.decided_rate', lang)} {format_pct(236159444.81 / 191555016, lang)}" in texts
    assert f"{t('official.col.spent_rate', lang)} {format_pct(89435514.62 / 191555016, lang)}" in texts
    rows = {r["priority"]: r for r in _rows(tree, app_ids.OFFICIAL_PRIORITIES)}
    assert set(rows) == {"Axe 1", "Axe 2", "Axe 3", "Axe 4", "Axe T", "Axe3b"}
    assert rows["Axe3b"]["decided"] == 17553373.61 and rows["Axe3b"]["planned_total"] == 7270806
    # the chart in words: 31/12/2020, 123,3 % selected and 46,7 % declared
    words = t(
        "official.chart.words.point",
        lang,
        date=format_date(date(2020, 12, 31), lang),
        decided=format_pct(236159444.81 / 191555016, lang),
        spent=format_pct(89435514.62 / 191555016, lang),
    )
    assert words in texts
    series = _rows(tree, app_ids.OFFICIAL_SERIES)
    assert [r["year"] for r in series] == list(range(2014, 2023))
    assert series[-1]["cutoff"] == "2022-06-30" and series[-1]["planned_total"] == 197920030
    # the quirks are said: Axe3b selected above its allocation, the two vintages, the reprogramming
    quirks = text_of(by_id(tree, app_ids.OFFICIAL_QUIRKS))
    assert "Axe3b" in quirks and format_pct(17553373.61 / 7270806, lang) in quirks  # 241,4 % (2020-2022 max)
    assert format_eur(189343918, lang, 0) in quirks and format_eur(191555016, lang, 0) in quirks
    assert format_eur(33768662.01, lang) in quirks  # the 2019 vintage's Axe 1 figure, beside ours (half of it)
    vintages = {r["priority"]: r for r in _rows(tree, app_ids.OFFICIAL_VINTAGES)}
    assert (vintages["Axe 1"]["decided_a"], vintages["Axe 1"]["decided_b"]) == (16884331.01, 33768662.01)
    # the planned file (version 5.1) as its own source: 191 555 016 over 6 axes, Axe 3 under TO 04
    planned = {r["priority"]: r for r in _rows(tree, app_ids.OFFICIAL_PLANNED)}
    assert sum(r["planned_total"] for r in planned.values()) == 191555016 and planned["Axe 3"]["to"] == "04"


def test_peers_and_the_belgian_totals(official):
    tree = route(official, f"/official/{BXL}", "?lang=en&year=2020")
    peers = _rows(tree, app_ids.OFFICIAL_PEERS)
    assert [p["cci"] for p in peers[:3]] == [BXL, "2014BE16RFOP002", "2014BE16RFOP003"]
    assert peers[0]["selected"] is True
    assert [p["title"] for p in peers[-2:]] == ["Total BE ERDF", "Total BE, all funds"]
    erdf = peers[-2]
    assert erdf["planned_total"] == pytest.approx(sum(p["planned_total"] for p in peers[:3]))


def test_reconciliation_with_the_demo_programme(official, programmes):
    tree = route(official, f"/official/{BXL}", "?lang=en&year=2020")
    rows = {r["cutoff"]: r for r in _rows(tree, app_ids.OFFICIAL_RECONCILIATION)}
    # the demo's extract is 30/11/2023: every official cut-off 2014-2022 has its internal side
    assert sorted(rows) == [f"{y}-12-31" for y in range(2014, 2022)] + ["2022-06-30"]
    from monitoring import figures

    internal = figures.totals(programmes["2014-2020"], date(2020, 12, 31))
    row = rows["2020-12-31"]
    assert row["paid"] == pytest.approx(internal["paid"])
    # selected as it stood at 31/12/2020: the projects selected by then, not every project of the extract
    projects = programmes["2014-2020"].projects
    by_then = projects[(projects["stage"] != "cancelled") & (projects["selection_date"] <= "2020-12-31")]
    assert row["selected_cost"] == pytest.approx(by_then["total_cost"].sum())
    early = projects[(projects["stage"] != "cancelled") & (projects["selection_date"] <= "2015-12-31")]
    assert rows["2015-12-31"]["selected_cost"] == pytest.approx(early["total_cost"].sum())
    assert rows["2015-12-31"]["selected_cost"] < internal["selected_cost"]  # projects selected after 2015 left out
    assert row["spent_diff"] == pytest.approx(89435514.62 - internal["paid"])  # declared − paid
    assert row["committed_diff"] == pytest.approx(236159444.81 - internal["committed"])  # selected − committed
    texts = strings(tree)
    assert t("official.concept.paid", "en") in texts and t("official.concept.committed", "en") in texts
    per = {r["priority"]: r for r in _rows(tree, app_ids.OFFICIAL_RECONCILIATION_PRIORITIES)}
    assert per["Axe 1"]["key"] == "1" and per["Axe 1"]["planned_total"] == 34536332
    assert per["Axe3b"]["allocation"] is None  # split off in the official data only


def test_a_programme_without_an_internal_workbook(official):
    tree = route(official, "/official/2014BE16RFOP002", "?lang=nl")
    assert t("official.reconciliation.none", "nl", cci="2014BE16RFOP002") in strings(tree)
    assert by_id(tree, app_ids.OFFICIAL_INTERNAL_LINK) is None


def test_the_2021_2027_programme_has_planned_figures_only(official):
    tree = route(official, "/official/2021BE16RFPR001", "?lang=fr")
    rows = {r["priority"]: r for r in _rows(tree, app_ids.OFFICIAL_PRIORITIES)}
    # P1: 42 478 737,5 + 43 943 520 + 35 154 815 = 121 577 072,5
    assert rows["P1"]["planned_total"] == 121577072.5
    assert by_id(tree, app_ids.OFFICIAL_STAT_DECIDED) is None and by_id(tree, app_ids.OFFICIAL_SERIES) is None
    assert by_id(tree, app_ids.OFFICIAL_INTERNAL_LINK) is not None  # the demo's 2021-2027 names this CCI
    assert t("official.at_version", "fr", version="1.2") in strings(tree)  # this programme's version only
    # no cut-off: the planned amounts beside the workbook's allocation, per specific objective
    rec = {r["key"]: r for r in _rows(tree, app_ids.OFFICIAL_RECONCILIATION)}
    # SO 1.1: official 42 478 737,5 (RSO1.1), the demo's Budget sheet 42 000 000: 478 737,5 more
    assert rec["1.1"]["unit"] == "RSO1.1" and rec["1.1"]["allocation"] == 42_000_000
    assert rec["1.1"]["planned_diff"] == 478737.5
    assert rec["4.4"]["planned_total"] is None  # not in the truncated sample


def test_unknown_programme_and_index(official):
    tree = route(official, "/official/2099XX00XXXX000", "?lang=en")
    assert t("official.unknown.body", "en", cci="2099XX00XXXX000") in strings(tree)
    index = route(official, "/official", "?lang=en")
    assert "2014BE16RFOP003" in strings(index)


def test_the_workbook(official):
    resp = official.get(f"/export-official/{BXL}?lang=fr&year=2020")
    assert resp.status_code == 200
    assert "chiffres-officiels-2014BE16RFOP001-2020-12-31.xlsx" in resp.headers["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == [
        "À propos", "Axes prioritaires", "Série", "Pairs", "Versions côte à côte", "Rapprochement",
        "Rapprochement par axe",
    ]  # fmt: skip
    per = wb["Rapprochement par axe"]
    assert [(r[0].value, r[1].value, r[2].value) for r in per.iter_rows(min_row=4, max_row=4)] == [
        ("Axe 1", "1", 34536332)
    ]
    ws = wb["Axes prioritaires"]
    headers = [c.value for c in ws[3]]
    assert headers[0] == t("official.col.priority", "fr")
    col = headers.index(t("official.col.decided", "fr")) + 1
    axe3b = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "Axe3b")
    assert axe3b[col - 1].value == 17553373.61 and axe3b[col - 1].number_format == '#,##0.00\\ "€"'
    rate = axe3b[headers.index(t("official.col.decided_rate", "fr"))]
    assert rate.value == pytest.approx(17553373.61 / 7270806) and rate.number_format == "0.0%"
    series = wb["Série"]
    assert [r[0].value for r in series.iter_rows(min_row=4)] == list(range(2014, 2023))
    assert series.cell(row=12, column=2).value.date() == date(2022, 6, 30)
    assert wb["Rapprochement"].cell(row=4, column=1).value == 2014
    assert official.get("/export-official/2099XX00XXXX000?lang=nl").status_code == 404


def test_a_refused_file_is_listed_with_its_place(client, tmp_path):
    import shutil

    shutil.copy(FIXTURES / "99js-gm52_ERDF_lastyear_BE_rows_2019-04-11.csv", tmp_path / "old.csv")
    lines = (FIXTURES / "99js-gm52_ERDF_lastyear_BE_rows_2019-04-11.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",28641010.79,", ',"28 641 010,79",')  # Flanders axis 4's decided, Belgian style
    (tmp_path / "broken_2019-04-11.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    saved = service.backend()
    store, thresholds, settings = saved
    service.configure(store, thresholds, replace(settings, official_dir=tmp_path))
    try:
        tree = route(client, "/official", "?lang=fr")
    finally:
        service.configure(*saved)
    message = t(
        "official.problem.bad-number",
        "fr",
        file="broken_2019-04-11.csv",
        row=3,
        column="total_eligible_cost_decided_.selected.",
        value="28 641 010,79",
    )
    assert message in strings(by_id(tree, app_ids.OFFICIAL_REFUSED))
    assert "2014BE16RFOP001" in strings(tree)  # the good file is still read
