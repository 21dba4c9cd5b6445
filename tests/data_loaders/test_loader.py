"""Loading valid workbooks: the fixture's figures, FR / NL headers, Belgian text amounts, layout tolerance."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_loaders import check_workbook, load_programme
from data_loaders.check import main as check_main
from monitoring.model import FRAME_COLUMNS, ProgrammeInfo, empty_frame

from .conftest import fixture_rows

ROOT = Path(__file__).resolve().parents[2]


def _assert_fixture_figures(data):
    assert data.info == ProgrammeInfo(
        "2021-2027", "2021BE16RFPR001", "Test programme", date(2029, 12, 31), 0.4, date(2023, 11, 30)
    )
    assert data.budget["allocation"].sum() == 1_500_000.0  # 1 000 000 + 500 000
    assert data.commitments["amount"].sum() == 900_000.0  # 600 000 (P1) + 300 000 (P2)
    assert data.payments["amount"].sum() == 195_000.0  # 90 000 + 60 000 + 45 000
    assert data.forecasts["amount"].sum() == 495_000.0  # 200 000 + 250 000 + 45 000
    assert list(data.projects["project_id"]) == ["P1", "P2", "P3"]
    assert list(data.projects["stage"]) == ["ongoing", "signed", "selected"]
    assert list(data.payments["kind"]) == ["advance", "interim", "advance"]
    assert list(data.projects["call_id"]) == ["C1", "C1", ""]
    assert data.calls["objective_codes"].tolist() == ["1.1;2.1"]
    assert pd.isna(data.projects.loc[2, "agreement_date"])  # P3 has no agreement yet
    assert data.projects.loc[0, "agreement_date"] == pd.Timestamp("2023-07-01")
    assert data.forecasts["year"].tolist() == [2023, 2024, 2023]


def _assert_schema(data):
    for kind, cols in FRAME_COLUMNS.items():
        frame = getattr(data, kind)
        assert list(frame.columns) == list(cols), kind
        assert dict(frame.dtypes) == dict(empty_frame(kind).dtypes), kind


def test_fixture_loads_with_its_figures(make_workbook):
    path = make_workbook()
    data = load_programme(path)
    _assert_fixture_figures(data)
    _assert_schema(data)
    assert data.source == path.name and data.warnings == ()
    assert data.call_objectives()["objective_code"].tolist() == ["1.1", "2.1"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_french_and_dutch_headers(make_workbook, lang):
    path = make_workbook(lang=lang)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == {"fr": ["Programme", "Budget"], "nl": ["Programma", "Budget"]}[lang]
    assert "Liquidations" in wb.sheetnames if lang == "fr" else "Vereffeningen" in wb.sheetnames
    data = load_programme(path)
    _assert_fixture_figures(data)
    _assert_schema(data)


def test_belgian_text_amounts_and_words(make_workbook):
    programme, sheets = fixture_rows()
    programme["eu_rate"] = "40 %"
    programme["as_of"] = "30/11/2023"
    sheets["projects"][0]["stage"] = "en cours"
    sheets["projects"][1]["stage"] = "Ondertekend"
    sheets["projects"][2]["stage"] = "SÉLECTIONNÉ"
    sheets["payments"][0]["kind"] = "Voorschot"
    sheets["payments"][1]["kind"] = "paiement intermédiaire"
    sheets["payments"][2]["kind"] = "acompte"
    sheets["payments"][2]["date"] = "25/10/2023"
    sheets["commitments"][0]["amount"] = "600.000,00 €"
    sheets["commitments"][1]["amount"] = "\u20ac\u00a0300\u202f000,00"
    path = make_workbook(programme=programme, sheets=sheets, lang="fr", text_amounts=True)
    ws = openpyxl.load_workbook(path)["Liquidations"]
    assert ws["C2"].value == "90.000,00"  # really text in the file
    data = load_programme(path)
    _assert_fixture_figures(data)
    assert data.info.eu_rate == 0.4


def test_title_rows_totals_rows_blank_rows_and_extra_columns(make_workbook):
    def edit(wb):
        ws = wb["Payments"]
        ws.insert_rows(4)  # a blank line inside the data
        ws["F3"] = "note: checked"  # a column nobody asked for
        ws["E3"] = None

    path = make_workbook(
        edit=edit,
        title_rows={"payments": "Liquidations FEDER — extraction du 30/11/2023", "projects": "Liste des projets"},
        totals=True,
    )
    wb = openpyxl.load_workbook(path)
    assert wb["Payments"]["A3"].value == "Project id"  # header pushed down by the title
    assert wb["Budget"]["A4"].value == "TOTAL"  # totals row under the two budget lines
    data = load_programme(path)
    _assert_fixture_figures(data)


def test_programme_sheet_as_a_one_row_table(make_workbook):
    def edit(wb):
        ws = wb["Programme"]
        values = [ws.cell(row=r, column=2).value for r in range(1, 7)]
        ws.delete_rows(1, 6)
        ws.append(["Programme", "CCI", "Title", "Eligibility end date", "EU rate", "As of"])
        ws.append(values)

    data = load_programme(make_workbook(edit=edit))
    assert data.info.programme_id == "2021-2027" and data.info.eu_rate == 0.4


def test_optional_columns_and_forecasts_sheet_may_be_left_out(make_workbook):
    programme, sheets = fixture_rows()
    del sheets["forecasts"]
    for row in sheets["budget"]:
        del row["eu_amount"], row["priority"], row["label_nl"], row["label_en"]
    for row in sheets["projects"]:
        del row["total_cost"], row["postcode"]
    data = load_programme(make_workbook(programme=programme, sheets=sheets))
    assert data.forecasts.empty and list(data.forecasts.columns) == list(FRAME_COLUMNS["forecasts"])
    assert data.budget["eu_amount"].tolist() == [400_000.0, 200_000.0]  # allocation x 40 %
    assert data.budget["priority"].tolist() == ["1", "2"]  # "1.1" -> priority "1"
    assert data.budget["label_en"].tolist() == ["Recherche", "Énergie"]  # falls back to the French label
    assert data.projects["total_cost"].tolist() == [600_000.0, 300_000.0, 200_000.0]  # EU + regional
    assert data.projects["postcode"].tolist() == ["", "", ""]


def test_numbers_typed_in_text_columns(make_workbook):
    def edit(wb):
        wb["Budget"]["A2"] = 1.1  # objective code typed as a number
        wb["Projects"]["N2"] = 1000  # postcode as a number

    data = load_programme(make_workbook(edit=edit))
    assert data.budget["code"].tolist()[0] == "1.1"
    assert data.projects["postcode"].tolist()[0] == "1000"


@pytest.fixture(scope="module")
def demo_paths(tmp_path_factory):
    from data_loaders.demo import write_demo_workbooks

    return write_demo_workbooks(tmp_path_factory.mktemp("demo"))


def test_check_command_passes_on_demo_and_variants(demo_paths, make_workbook, capsys):
    fr = make_workbook(name="fr.xlsx", lang="fr")
    nl = make_workbook(name="nl.xlsx", lang="nl")
    text = make_workbook(name="text.xlsx", lang="fr", text_amounts=True, totals=True)
    assert check_main([str(p) for p in [*demo_paths, fr, nl, text]]) == 0
    out = capsys.readouterr().out
    assert out.count("OK  ") == 5
    assert (
        "2021-2027 (2021BE16RFPR001, as of 30/11/2023): 3 projects, allocation €1,500,000.00, committed "
        "€900,000.00, paid €195,000.00" in out
    )


def test_check_command_exit_status_and_language(make_workbook, capsys):
    broken = make_workbook(name="broken.xlsx", edit=lambda wb: wb["Payments"].__setitem__("C3", "12,3,4"))
    assert check_main(["--lang", "fr", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "REFUSÉ" in out
    assert "Erreur\xa0: Payments, ligne 3, colonne Amount (C)\xa0: «\xa012,3,4\xa0» n'est pas un montant." in out
    warned = make_workbook(name="warned.xlsx", edit=lambda wb: wb["Payments"].__setitem__("C4", 400_000))
    assert check_main(["--lang", "nl", str(warned)]) == 0  # warnings alone do not fail
    assert "Waarschuwing: Payments: project P2" in capsys.readouterr().out


def test_check_command_as_a_process(make_workbook):
    path = make_workbook(name="ok.xlsx")
    run = subprocess.run(
        [sys.executable, "-m", "data_loaders.check", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"OK  {path}")
    run = subprocess.run(
        [sys.executable, "-m", "data_loaders.check", str(path.with_name("missing.xlsx"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "cannot be opened" in run.stdout


def _with_cached_value(path: Path, formula: str, cached: str) -> None:
    """Store the value Excel would have saved for ``formula`` (openpyxl writes formulas without one)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    needles = [f"<f>{formula}</f>{v}".encode() for v in ("<v />", "<v/>", "<v></v>")]  # with or without lxml
    hits = [(n, needle) for n, data in entries.items() for needle in needles if needle in data]
    assert len(hits) == 1
    name, needle = hits[0]
    entries[name] = entries[name].replace(needle, f"<f>{formula}</f><v>{cached}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in entries.items():
            z.writestr(n, data)


def test_formulas_are_read_as_their_saved_values(make_workbook):
    path = make_workbook(edit=lambda wb: wb["Payments"].__setitem__("C3", "=30000*2"))
    _with_cached_value(path, "30000*2", "60000")
    data = load_programme(path)
    assert data.payments["amount"].tolist() == [90_000.0, 60_000.0, 45_000.0]  # 60 000 saved for =30000*2


def test_formula_without_saved_value_is_reported_as_such(make_workbook):
    path = make_workbook(edit=lambda wb: wb["Payments"].__setitem__("C3", "=30000*2"))
    data, issues = check_workbook(path)
    assert data is None
    assert [(i.code, i.row, i.column, i.value) for i in issues] == [("formula-no-value", 3, "Amount (C)", "=30000*2")]


def test_demo_variants_pass_the_check(tmp_path, capsys):
    from data_loaders.demo import main as demo_main

    assert demo_main(["--out", str(tmp_path), "--variants"]) == 0
    paths = sorted(tmp_path.glob("*.xlsx"))
    assert [p.name for p in paths] == [
        "erdf-2014-2020-fr.xlsx",
        "erdf-2014-2020-text.xlsx",
        "erdf-2014-2020.xlsx",
        "erdf-2021-2027-nl.xlsx",
        "erdf-2021-2027.xlsx",
    ]
    assert check_main([str(p) for p in paths]) == 0
    demo = load_programme(tmp_path / "erdf-2014-2020.xlsx")
    text = load_programme(tmp_path / "erdf-2014-2020-text.xlsx")
    assert text.payments["amount"].sum() == demo.payments["amount"].sum()
