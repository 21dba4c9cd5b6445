"""Names and titles per language: Projects name FR / name NL, Calls title FR / title NL, Programme title FR / NL / EN.

The small fixture of conftest.py, written with openpyxl, with or without the optional columns and fields;
the single name (title) column stays the fallback.
"""

from __future__ import annotations

import openpyxl
import pytest

from data_loaders import load_programme
from monitoring import figures
from monitoring.model import FRAME_COLUMNS, ProgrammeInfo

from .conftest import PROGRAMME, fixture_rows

TITLES = {
    "title_fr": "Programme de test",
    "title_nl": "Testprogramma",
    "title_en": "Test programme (EN)",
}


def _with_names():
    prog, rows = fixture_rows()
    prog.update(TITLES)
    names = {"P1": ("Labo", "Laboratorium"), "P2": ("Toiture d'école", ""), "P3": ("", "")}
    for row in rows["projects"]:
        row["name_fr"], row["name_nl"] = names[row["project_id"]]
    for row in rows["calls"]:
        row["title_fr"], row["title_nl"] = "Appel recherche", "Oproep onderzoek"
    return prog, rows


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_the_columns_and_fields_are_read_with_headers_in_each_language(make_workbook, lang):
    prog, rows = _with_names()
    data = load_programme(make_workbook(programme=prog, sheets=rows, lang=lang))
    p = data.projects.set_index("project_id")
    assert p.loc["P1", ["name", "name_fr", "name_nl"]].tolist() == ["Lab", "Labo", "Laboratorium"]
    assert p.loc["P2", ["name", "name_fr", "name_nl"]].tolist() == ["School roof", "Toiture d'école", ""]
    assert p.loc["P3", ["name_fr", "name_nl"]].tolist() == ["", ""]
    assert data.calls.loc[0, ["title_fr", "title_nl"]].tolist() == ["Appel recherche", "Oproep onderzoek"]
    assert data.info.title == "Test programme"
    assert data.info.titles == {"en": "Test programme (EN)", "fr": "Programme de test", "nl": "Testprogramma"}
    assert data.info.title_in("nl") == "Testprogramma"


def test_the_names_in_each_language_reach_the_figures(make_workbook):
    prog, rows = _with_names()
    data = load_programme(make_workbook(programme=prog, sheets=rows))
    assert [figures.project_name(data, "P1", lang) for lang in ("fr", "nl", "en")] == ["Labo", "Laboratorium", "Lab"]
    assert [figures.project_name(data, "P2", lang) for lang in ("fr", "nl", "en")] == [
        "Toiture d'école",
        "School roof",
        "School roof",
    ]
    assert figures.project_name(data, "P9", "fr") is None
    assert [figures.call_title(data, "C1", lang) for lang in ("fr", "nl", "en")] == [
        "Appel recherche",
        "Oproep onderzoek",
        "Call one",
    ]
    projects = figures.level_table(data, "project").set_index("key")
    assert projects.loc["P1", ["label_fr", "label_nl", "label_en", "label"]].tolist() == [
        "Labo",
        "Laboratorium",
        "Lab",
        "Lab",
    ]
    calls = figures.level_table(data, "call").set_index("key")
    assert calls.loc["C1", ["label_fr", "label_nl", "label_en"]].tolist() == [
        "Appel recherche",
        "Oproep onderzoek",
        "Call one",
    ]
    milestones = figures.call_milestones(data, "C1", lang="nl")
    assert "Laboratorium" in set(milestones["name"])


def test_header_variants_are_accepted(make_workbook):
    prog, rows = _with_names()

    def rename(wb):
        ws = wb["Projects"]
        for cell in ws[1]:
            if cell.value == "Name FR":
                cell.value = "Nom du projet (FR)"
            elif cell.value == "Name NL":
                cell.value = "Projectnaam NL"

    data = load_programme(make_workbook(programme=prog, sheets=rows, edit=rename))
    assert data.projects.set_index("project_id").loc["P1", ["name_fr", "name_nl"]].tolist() == ["Labo", "Laboratorium"]


def test_an_empty_single_name_takes_the_french_then_the_dutch_one(make_workbook):
    prog, rows = _with_names()
    prog["title"] = ""
    rows["projects"][0]["name"] = ""
    rows["projects"][1].update(name="", name_fr="", name_nl="Schooldak")
    rows["calls"][0]["title"] = ""
    data = load_programme(make_workbook(programme=prog, sheets=rows))
    p = data.projects.set_index("project_id")
    assert p.loc["P1", "name"] == "Labo" and p.loc["P2", "name"] == "Schooldak"
    assert data.calls.loc[0, "title"] == "Appel recherche"
    assert data.info.title == "Test programme (EN)"  # the Programme sheet: EN, then FR, then NL


def test_a_workbook_without_the_columns_loads_as_before(make_workbook):
    path = make_workbook()
    headers = [c.value for c in openpyxl.load_workbook(path)["Projects"][1]]
    assert "Name FR" not in headers and "Name NL" not in headers
    data = load_programme(path)
    assert data.info == ProgrammeInfo(**PROGRAMME)
    assert data.info.titles == {} and data.info.title_in("fr") == "Test programme"
    assert list(data.projects.columns) == list(FRAME_COLUMNS["projects"])
    assert (data.projects["name_fr"] == "").all() and (data.projects["name_nl"] == "").all()
    assert (data.calls["title_fr"] == "").all() and (data.calls["title_nl"] == "").all()
    for lang in ("fr", "nl", "en"):
        assert figures.project_name(data, "P1", lang) == "Lab"
        assert figures.call_title(data, "C1", lang) == "Call one"
    projects = figures.level_table(data, "project").set_index("key")
    assert projects.loc["P1", ["label_fr", "label_nl", "label_en"]].tolist() == ["Lab", "Lab", "Lab"]
