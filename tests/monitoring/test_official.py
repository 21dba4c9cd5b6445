"""The official figures' arithmetic on the real files (tests/fixtures/official): totals per priority and
programme at a cut-off, rates, the series over cut-offs (never a sum of years), quirks, vintages, peers and
the reconciliation with internal figures. Every figure is computed by hand from the file, beside the assertion."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.official import read
from monitoring import official

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"
BXL = "2014BE16RFOP001"


@pytest.fixture(scope="module")
def new():
    return read(FIXTURES / "99js-gm52_BE_rows_2022-10.csv")


@pytest.fixture(scope="module")
def old():
    return read(FIXTURES / "99js-gm52_ERDF_lastyear_BE_rows_2019-04-11.csv")


def test_brussels_per_priority_at_end_2020(new):
    table = official.priority_table(new, BXL, 2020).set_index("priority")
    assert list(table.index) == ["Axe 1", "Axe 2", "Axe 3", "Axe 4", "Axe T", "Axe3b"]
    assert table.loc["Axe 1", "planned_total"] == 34536332
    assert table.loc["Axe 1", "decided"] == 39243597.72
    assert table.loc["Axe 1", "spent"] == 15216697.76
    # Axe3b: decided 17 553 373,61 / planned 7 270 806 = 241,42 %: selection ahead of the allocation, kept
    assert table.loc["Axe3b", "decided_rate"] == pytest.approx(17553373.61 / 7270806)
    assert round(table.loc["Axe3b", "decided_rate"], 4) == 2.4142
    # Axe T: spent 2 446 241,41 / decided 2 446 241,41 = 100 %
    assert table.loc["Axe T", "spent_of_decided"] == 1.0
    assert table.loc["Axe 3", "to"] == "MULTI" and table.loc["Axe 1", "version"] == "6"


def test_brussels_programme_at_end_2020(new):
    total = official.programme_total(new, BXL, 2020)
    # planned: 34 536 332 + 69 377 616 + 43 624 840 + 29 083 224 + 7 662 198 + 7 270 806 = 191 555 016
    assert total["planned_total"] == 191555016
    assert total["planned_eu"] == 95777508  # half of it, at 50 %
    # decided: 39 243 597,72 + 86 235 370,11 + 46 867 106,96 + 43 813 755 + 2 446 241,41 + 17 553 373,61
    assert total["decided"] == pytest.approx(236159444.81, abs=1e-6)
    # spent: 15 216 697,76 + 26 863 776,98 + 19 453 257,02 + 18 685 665,33 + 2 446 241,41 + 6 769 876,12
    assert total["spent"] == pytest.approx(89435514.62, abs=1e-6)
    assert total["decided_rate"] == pytest.approx(236159444.81 / 191555016)  # 123,29 %: SOURCES "123 % at end-2020"
    assert total["spent_rate"] == pytest.approx(89435514.62 / 191555016)  # 46,69 %


def test_the_series_is_cumulative_never_summed(new):
    s = official.series(new, BXL).set_index("year")
    assert list(s.index) == list(range(2014, 2023))
    # the 2021 row is the situation at 31/12/2021 (not 2020 + 2021): decided unchanged at 236 159 444,81
    assert s.loc[2021, "decided"] == pytest.approx(236159444.81, abs=1e-6)
    # spent at 2021: 17 331 641,78 + 29 895 913,94 + 21 035 202,36 + 21 729 577,45 + 2 446 241,41 + 6 777 268,82
    assert s.loc[2021, "spent"] == pytest.approx(99215845.76, abs=1e-6)
    assert s.loc[2022, "cutoff"] == date(2022, 6, 30)
    # 2014-2016: 5 axes, 189 343 918; 2017: 6 axes (Axe3b split off), 191 555 016; 2022: REACT-EU, 197 920 030
    assert s.loc[2016, "planned_total"] == 189343918 and s.loc[2016, "n_priorities"] == 5
    assert s.loc[2017, "planned_total"] == 191555016 and bool(s.loc[2017, "reprogrammed"])
    assert s.loc[2017, "new_priorities"] == "Axe3b"
    # 191 555 016 + 5 875 398 (React) + 489 616 (AT R) = 197 920 030; EU 95 777 508 + 5 875 398 + 244 808
    assert s.loc[2022, "planned_total"] == 197920030 and s.loc[2022, "planned_eu"] == 101897714
    assert s.loc[2022, "new_priorities"] == "AT R, React"
    assert not s.loc[2018, "reprogrammed"]
    assert math.isnan(s.loc[2014, "spent_of_decided"])  # 0 decided: no ratio, not a division by zero


def test_quirks_of_brussels(new, old):
    q = official.quirks([new, old], BXL, new)
    kinds = {(x.kind, x.year, x.priority) for x in q}
    assert ("over_planned", 2020, "Axe3b") in kinds
    assert ("spent_over_decided", 2017, "Axe T") in kinds  # 2 038 273,18 / 1 019 136,59 = 200 %
    assert ("reprogrammed", 2017, "") in kinds and ("reprogrammed", 2022, "") in kinds
    assert ("new_priority", 2022, "React") in kinds
    differ = [x for x in q if x.kind == "vintages_differ"]
    # 2018: every Brussels axis' decided is half the 2019 vintage's (16 884 331,01 / 33 768 662,01 = 0,5)
    assert {x.priority for x in differ} == {"Axe 1", "Axe 2", "Axe 3", "Axe 4", "Axe T", "Axe3b"}
    axe1 = next(x for x in differ if x.priority == "Axe 1")
    assert (axe1.year, axe1.before, axe1.detail) == (2018, 33768662.01, "decided")
    assert axe1.value == pytest.approx(16884331.01 / 33768662.01)
    # the objective: MULTI in the 2022 file, "MULTI" in the 2019 one too: no quirk between these two
    assert not [x for x in q if x.kind == "objective_differs"]


def test_axis_3_objective_differs_in_the_planned_file(new):
    planned = read(FIXTURES / "ESIF_2014-2020_FINANCES_PLANNED_DETAILS_190411_BE.csv")
    q = [x for x in official.quirks([new, planned], BXL, new) if x.kind == "objective_differs"]
    assert [(x.priority, x.detail) for x in q] == [("Axe 3", "MULTI / 04")]


def test_vintages_side_by_side(new, old):
    v = official.vintage_table(new, old, BXL).set_index("priority")
    assert len(v) == 6 and set(v["year"]) == {2018}
    assert (v.loc["Axe 1", "decided_a"], v.loc["Axe 1", "decided_b"]) == (16884331.01, 33768662.01)
    assert v.loc["Axe 1", "decided_diff"] == pytest.approx(16884331.01 - 33768662.01)  # −16 884 331,00
    assert (v["spent_diff"] == 0).all()  # the spending figures are identical in both


def test_peers_brussels_beside_flanders_wallonia_and_belgium(new):
    p = official.peers(new, BXL, 2018)
    assert list(p["cci"][:3]) == [BXL, "2014BE16RFOP002", "2014BE16RFOP003"]  # same member state and fund first
    assert list(p["selected"][:3]) == [True, False, False]
    flanders = p[p["cci"] == "2014BE16RFOP002"].iloc[0]
    fl = new.of("2014BE16RFOP002")
    fl18 = fl[fl["year"] == 2018]
    assert flanders["planned_total"] == pytest.approx(fl18["planned_total"].sum())
    erdf = p[p["total"] == "fund"].iloc[0]
    first3 = p[p["cci"].isin([BXL, "2014BE16RFOP002", "2014BE16RFOP003"])]
    assert erdf["fund"] == "ERDF" and erdf["planned_total"] == pytest.approx(first3["planned_total"].sum())
    belgium = p[p["total"] == "ms"].iloc[0]
    everything = new.rows[new.rows["year"] == 2018]
    assert belgium["spent"] == pytest.approx(everything["spent"].sum())
    assert belgium["decided_rate"] == pytest.approx(everything["decided"].sum() / everything["planned_total"].sum())


def test_peers_at_end_2020_hand_figures(new):
    p = official.peers(new, BXL, 2020).set_index("cci")
    # Brussels end 2020 (above): 191 555 016 planned, 236 159 444,81 decided
    assert p.loc[BXL, "planned_total"] == 191555016
    assert p.loc[BXL, "decided"] == pytest.approx(236159444.81, abs=1e-6)


def test_reconciliation_names_each_concept(new):
    s = official.series(new, BXL)
    internal = pd.DataFrame(
        {
            "cutoff": [date(2019, 12, 31), date(2020, 12, 31), date(2023, 6, 30)],
            "allocation": [200_000_000.0, 200_000_000.0, 200_000_000.0],
            "selected_cost": [150_000_000.0, 190_000_000.0, 199_000_000.0],
            "committed": [100_000_000.0, 180_000_000.0, 195_000_000.0],
            "paid": [60_000_000.0, 80_000_000.0, 150_000_000.0],
        }
    )
    r = official.reconciliation(s, internal).set_index("year")
    assert list(r.index) == [2019, 2020]  # only the dates both sides hold
    assert r.loc[2020, "planned_diff"] == 191555016 - 200_000_000  # −8 444 984
    assert r.loc[2020, "decided_diff"] == pytest.approx(236159444.81 - 190_000_000)  # selected vs selected
    assert r.loc[2020, "committed_diff"] == pytest.approx(236159444.81 - 180_000_000)  # selected vs committed
    assert r.loc[2020, "spent_diff"] == pytest.approx(89435514.62 - 80_000_000)  # declared vs paid


def test_2021_2027_planned_from_the_categorisation():
    cat = read(FIXTURES / "hgyj-gyin_BE.csv")
    t = official.priority_table(cat, "2021BE16RFPR001").set_index("priority")
    # P1: RSO1.1 42 478 737,5 + RSO1.2 43 943 520 + RSO1.3 (9 843 347,5 + 2 460 837,5 + 22 850 630 = 35 154 815)
    assert t.loc["P1", "planned_total"] == 42478737.5 + 43943520 + 35154815
    assert math.isnan(t.loc["P1", "decided"]) and math.isnan(t.loc["P1", "decided_rate"])  # no selection figures
    assert official.cutoffs(cat, "2021BE16RFPR001") == []


def test_priority_keys():
    assert [official.priority_key(c) for c in ("Axe 1", "Axe T", "Axe3b", "P1", "4", "TA")] == [
        "1", "TA", "3b", "1", "4", "TA"
    ]  # fmt: skip


def test_priority_reconciliation_matches_codes(new):
    official_2020 = official.priority_table(new, BXL, 2020)
    internal = pd.DataFrame(
        {
            "key": ["1", "2", "3", "4", "TA"],
            "allocation": [46_500_000.0, 46_120_206.0, 57_000_000.0, 42_500_000.0, 8_000_000.0],
            "selected_cost": [40e6, 40e6, 50e6, 40e6, 7e6],
            "committed": [30e6, 30e6, 40e6, 30e6, 6e6],
            "paid": [20e6, 20e6, 25e6, 20e6, 5e6],
        }
    )
    r = official.priority_reconciliation(official_2020, internal).set_index("priority")
    # Axe 1 <-> 1: planned 34 536 332 − 46 500 000 = −11 963 668; spent 15 216 697,76 − 20 000 000
    assert r.loc["Axe 1", "planned_diff"] == 34536332 - 46_500_000
    assert r.loc["Axe 1", "spent_diff"] == pytest.approx(15216697.76 - 20e6)
    assert r.loc["Axe T", "key"] == "TA" and r.loc["Axe T", "allocation"] == 8e6
    assert math.isnan(r.loc["Axe3b", "allocation"])  # split off in the official data, no internal objective


def test_the_internal_selection_as_it_stood_at_a_cut_off():
    projects = pd.DataFrame(
        {
            "project_id": ["A", "B", "C", "D"],
            "objective_code": ["1", "1", "2", "2"],
            "stage": ["ongoing", "cancelled", "selected", "closed"],
            "selection_date": pd.to_datetime(["2016-03-01", "2016-05-01", "2019-02-01", None]),
            "total_cost": [1_000_000.0, 500_000.0, 250_000.0, 100_000.0],
        }
    )
    # 31/12/2018: A (selected 2016) + D (no date: from the start) = 1 100 000; B cancelled, C not yet selected
    assert official.selected_cost_at(projects, date(2018, 12, 31)) == 1_100_000
    assert official.selected_cost_at(projects, date(2019, 12, 31)) == 1_350_000  # + C's 250 000
    assert official.selected_cost_at(projects, date(2019, 12, 31), "2") == 350_000  # C + D


def test_planned_2021_2027_beside_the_internal_allocation():
    cat = read(FIXTURES / "hgyj-gyin_BE.csv")
    internal = pd.DataFrame(
        {"key": ["1.1", "1.2", "4.4"], "allocation": [42e6, 16e6, 10e6], "allocation_eu": [16.8e6, 6.4e6, 4e6]}
    )
    r = official.planned_reconciliation(cat, "2021BE16RFPR001", internal).set_index("key")
    # RSO1.1: 38 230 865 + 4 247 872,5 = 42 478 737,5 (Form of Support); EU 15 292 346 + 1 699 149 = 16 991 495
    assert r.loc["1.1", "unit"] == "RSO1.1" and r.loc["1.1", "planned_total"] == 42478737.5
    assert r.loc["1.1", "planned_diff"] == 42478737.5 - 42e6 and r.loc["1.1", "eu_diff"] == 16991495 - 16.8e6
    assert math.isnan(r.loc["4.4", "planned_total"])  # SO 4.4 is not in the truncated sample
    assert math.isnan(r.loc["2.1", "allocation"])  # an official SO the internal workbook lacks
    assert official.objective_key("RSO1.1") == "1.1" and official.objective_key("ISO6.1") == "6.1"
