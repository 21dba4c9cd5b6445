"""Reading the Commission's official files: both header spellings of the implementation series, the planned
files, and located refusals. Figures computed by hand from the files in tests/fixtures/official."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from data_loaders.official import OfficialFileError, read, read_folder, vintage_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"
NEW = FIXTURES / "99js-gm52_BE_rows_2022-10.csv"
OLD = FIXTURES / "99js-gm52_ERDF_lastyear_BE_rows_2019-04-11.csv"
PLANNED = FIXTURES / "ESIF_2014-2020_FINANCES_PLANNED_DETAILS_190411_BE.csv"
CATEGORISATION = FIXTURES / "hgyj-gyin_BE.csv"
BXL = "2014BE16RFOP001"


def test_the_socrata_field_names_2022_vintage():
    src = read(NEW)
    assert (src.kind, src.vintage, len(src.rows)) == ("implementation", "2022-10", 1062)
    bxl = src.of(BXL)
    assert len(bxl) == 53  # SOURCES.md: Brussels ERDF has 53 rows
    axe1_2015 = bxl[(bxl["year"] == 2015) & (bxl["priority"] == "Axe 1")].iloc[0]
    # line 857 of the file: eu 18177016, national 18177016, total 36354032, cost 12207829.01, expenditure 0
    assert axe1_2015["row"] == 857
    assert (axe1_2015["planned_eu"], axe1_2015["planned_total"]) == (18177016, 36354032)
    assert axe1_2015["decided"] == 12207829.01 and axe1_2015["spent"] == 0
    assert axe1_2015["to"] == "01" and axe1_2015["category"] == "More developed" and axe1_2015["fund"] == "ERDF"
    assert axe1_2015["cutoff"].date() == date(2015, 12, 31)
    # the 2022 row is the snapshot at 30/06/2022 (its reference_date), not 31/12
    assert set(bxl[bxl["year"] == 2022]["cutoff"].dt.date) == {date(2022, 6, 30)}


def test_the_r_mangled_names_2019_vintage():
    src = read(OLD)
    assert (src.kind, src.vintage, len(src.rows)) == ("implementation", "2019-04-11", 23)
    axe1 = src.of(BXL)[src.of(BXL)["priority"] == "Axe 1"].iloc[0]
    # total_eligible_cost_decided_.selected. = 33768662.01, total_eligible_spending = 8861061.07
    assert axe1["decided"] == 33768662.01 and axe1["spent"] == 8861061.07
    assert axe1["year"] == 2018 and axe1["cutoff"].date() == date(2018, 12, 31)  # no reference_date: 31/12
    assert axe1["fund"] == "ERDF"  # no fund column: the CCI's "RF"
    assert axe1["to"] == "1"  # as written (the 2022 extract writes "01")


def test_the_planned_file():
    src = read(PLANNED)
    assert (src.kind, src.vintage) == ("planned", "2019-04-11")
    bxl = src.of(BXL)
    assert len(bxl) == 6 and set(bxl["version"]) == {"5.1"}
    # 34536332 + 69377616 + 43624840 + 7270806 + 7662198 + 29083224 = 191555016
    assert bxl["planned_total"].sum() == 191555016
    assert bxl["decided"].isna().all() and bxl["year"].isna().all()


def test_the_2021_2027_categorisation_keeps_one_dimension():
    src = read(CATEGORISATION)
    assert src.kind == "categorisation" and not src.truncated  # 22 rows, not the 1 000-row cap
    bxl = src.of("2021BE16RFPR001")
    rso11 = bxl[bxl["to"] == "RSO1.1"]
    # Form of Support: 38230865 + 4247872.5 = 42478737.5; Gender Equality: 38230865 only -> the larger kept
    assert rso11["planned_total"].sum() == 42478737.5
    # national = total - EU: 38230865 - 15292346 = 22938519
    assert sorted(rso11["planned_national"]) == [4247872.5 - 1699149, 22938519]


def test_the_folder_newest_vintage_first():
    folder = read_folder(FIXTURES)
    assert [s.name for s in folder.sources] == [NEW.name, OLD.name, PLANNED.name, CATEGORISATION.name]
    assert folder.refused == ()


def test_vintages_from_file_names():
    assert vintage_of("x_2022-10.csv") == "2022-10"
    assert vintage_of("ESIF_2014-2020_FINANCES_PLANNED_DETAILS_190411.csv") == "2019-04-11"
    assert vintage_of("hgyj-gyin.csv") == ""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_amount_is_located(tmp_path):
    head = NEW.read_text(encoding="utf-8").splitlines()[:3]
    broken = head[2].replace(",41060474,41060474,82120948,", ",41060474,41060474,8212O948,")
    path = _write(tmp_path, "\n".join([head[0], head[1], broken]) + "\n")
    with pytest.raises(OfficialFileError) as caught:
        read(path)
    (problem,) = caught.value.problems
    assert (caught.value.file, problem.row, problem.column, problem.value, problem.code) == (
        "bad.csv",
        3,
        "total_amount",
        "8212O948",
        "bad-number",
    )


def test_a_bad_year_and_date_are_located(tmp_path):
    head = NEW.read_text(encoding="utf-8").splitlines()[:2]
    bad = head[1].replace(",2014,50,0,0,201501,2014-12-31", ",20x4,50,0,0,201501,2014-12-31")
    bad_date = head[1].replace(",2014-12-31", ",31/12/2014")
    path = _write(tmp_path, "\n".join([head[0], bad, bad_date]) + "\n")
    with pytest.raises(OfficialFileError) as caught:
        read(path)
    found = [(p.row, p.column, p.value, p.code) for p in caught.value.problems]
    assert found == [(2, "year", "20x4", "bad-year"), (3, "reference_date", "31/12/2014", "bad-date")]


def test_a_missing_column_and_an_unknown_file_are_refused(tmp_path):
    head = NEW.read_text(encoding="utf-8").splitlines()[:2]
    no_spent = [",".join(line.split(",")[:21]) for line in head]  # cut before total_eligible_expenditure
    with pytest.raises(OfficialFileError) as caught:
        read(_write(tmp_path, "\n".join(no_spent) + "\n"))
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [(1, "spent", "missing-column")]
    with pytest.raises(OfficialFileError) as caught:
        read(_write(tmp_path, "Nr,Promotor,Project\n1,x,y\n"))
    assert (
        caught.value.problems[0].code == "unknown-header" and caught.value.problems[0].value == "Nr, Promotor, Project"
    )


def test_a_refused_file_does_not_stop_the_folder(tmp_path):
    (tmp_path / "list.csv").write_text("Nr;Promotor\n1;x\n", encoding="utf-8")
    (tmp_path / NEW.name).write_bytes(NEW.read_bytes())
    folder = read_folder(tmp_path)
    assert [s.name for s in folder.sources] == [NEW.name]
    assert [e.file for e in folder.refused] == ["list.csv"]
    assert read_folder(tmp_path / "absent").sources == ()


def test_semicolons_and_cp1252(tmp_path):
    text = "MS;CCI;Ver;Priority;TO_code;Category of region;EU Amount;National Amount;Total Amount\n"
    text += "BE;2014BE16RFOP001;5.1;Axe 1;01;Région;10;10;20\n"
    path = tmp_path / "planned.csv"
    path.write_bytes(text.encode("cp1252"))
    src = read(path)
    assert (
        src.kind == "planned" and src.rows["category"].iloc[0] == "Région" and src.rows["planned_total"].iloc[0] == 20
    )
    assert math.isnan(src.rows["decided"].iloc[0])
