"""A project's own status: its stage, the current year against the time-proportional share of its forecast,
the latest and worst completed years by the 80/90 rule; never the programme's threshold."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from monitoring.details import projects_table
from monitoring.model import coerce_frame
from monitoring.progress import project_status, project_status_table

SEPT = date(2023, 9, 30)  # 273 of 365 days of 2023 elapsed


def with_forecasts(data, rows):
    return dataclasses.replace(data, forecasts=coerce_frame("forecasts", pd.DataFrame(rows)))


@pytest.fixture
def september(make_small):
    """small at 30/09/2023. P1 (ongoing) paid 37 500 (advance, 2021), 100 000 (2022), 50 000 + 10 000 (2023);
    P2 (signed) paid 30 000 in 2022; P3 closed, P4 cancelled, P5 selected (not signed)."""
    return with_forecasts(
        make_small(as_of=SEPT),
        [
            {"project_id": "P1", "year": 2021, "amount": 50_000},  # 37 500 paid: 75 % -> red
            {"project_id": "P1", "year": 2022, "amount": 120_000},  # 100 000 paid: 83.3 % -> orange
            {"project_id": "P1", "year": 2023, "amount": 80_000},
            {"project_id": "P2", "year": 2022, "amount": 40_000},  # 30 000 paid: 75 % -> red
            {"project_id": "P3", "year": 2021, "amount": 100_000},  # closed: its red 2021 does not matter
            {"project_id": "P4", "year": 2023, "amount": 10_000},
            {"project_id": "P5", "year": 2023, "amount": 300_000},  # selected: not judged on it
        ],
    )


def test_each_stage_has_its_own_word(september):
    t = project_status_table(september).set_index("project_id")
    assert list(t["status"]) == ["on_time", "last_year_missed", "closed", "cancelled", "selected"]
    assert list(t["rag"]) == ["green", "red", "na", "na", "na"]
    words = {pid: project_status(september, pid).label("fr") for pid in t.index}
    assert words == {
        "P1": "En cours — dans les temps",
        "P2": "Prévision 2022 non atteinte",
        "P3": "Clôturé",
        "P4": "Annulé",
        "P5": "Sélectionné — convention non signée",
    }
    assert project_status(september, "P5").label("nl") == "Geselecteerd — overeenkomst niet ondertekend"
    assert project_status(september, "P1").label("en") == "In progress — on time"


def test_current_year_against_its_share_so_far(september):
    s = project_status(september, "P1")
    # 80 000 x 273 / 365 = 59 835.616... -> 59 835.62 expected by 30/09; 60 000 paid = 100.3 % -> on time,
    # although 60 000 is 75 % of the whole year's forecast
    assert (s.current_year, s.current_forecast, s.current_expected, s.current_paid) == (2023, 80_000, 59_835.62, 60_000)
    assert s.current_ratio == pytest.approx(60_000 / 59_835.62)
    assert (s.status, s.rag, s.current_rag) == ("on_time", "green", "green")
    # latest completed year 2022: 100 000 / 120 000 = 83.3 % (orange); worst completed year 2021: 75 % (red)
    assert (s.last_year, s.last_ratio, s.last_rag) == (2022, pytest.approx(100_000 / 120_000), "orange")
    assert (s.worst_year, s.worst_ratio, s.worst_rag) == (2021, 0.75, "red")
    lines = s.describe("fr")
    assert lines[0] == (
        "2023\xa0: 60\u202f000,00\xa0€ liquidés sur 59\u202f835,62\xa0€ attendus à cette date "
        "(prévision de l'année 80\u202f000,00\xa0€), soit 100,3\xa0%"
    )
    assert lines[1].startswith("Dernière année clôturée, 2022\xa0: 100\u202f000,00\xa0€ liquidés")
    assert "83,3\xa0%" in lines[1]
    assert lines[2] == "Année la plus faible\xa0: 2021, 75,0\xa0%"
    assert "Politique de la Ville" in s.rule_note("fr") and "80\xa0%" in s.rule_note("fr")


@pytest.mark.parametrize(
    "forecast, status, rag",
    [
        # expected by 30/09 = forecast x 273 / 365; paid 60 000
        (80_000, "on_time", "green"),  # 59 835.62 expected: 100.3 %
        (87_000, "on_time", "green"),  # 65 071.23 expected: 92.2 %
        (90_000, "slightly_late", "orange"),  # 67 315.07 expected: 89.1 %
        (100_000, "slightly_late", "orange"),  # 74 794.52 expected: 80.2 %
        (110_000, "late", "red"),  # 82 273.97 expected: 72.9 %
    ],
)
def test_in_year_bands(make_small, forecast, status, rag):
    data = with_forecasts(make_small(as_of=SEPT), [{"project_id": "P1", "year": 2023, "amount": forecast}])
    s = project_status(data, "P1")
    assert (s.status, s.rag) == (status, rag)


def test_without_a_forecast_for_the_year_the_latest_completed_year_decides(september):
    s = project_status(september, "P2")  # signed, forecast only for 2022: 30 000 / 40 000 = 75 %
    assert (s.status, s.rag, s.current_year, s.last_year) == ("last_year_missed", "red", None, 2022)
    assert s.label("en") == "2022 forecast missed"
    assert s.describe("en") == ["Latest completed year, 2022: €30,000.00 paid of €40,000.00 forecast, 75.0%"]


def test_no_forecast_at_all(small):
    data = with_forecasts(small, [{"project_id": "P2", "year": 2024, "amount": 100_000}])  # only a future year
    s = project_status(data, "P2")
    assert (s.status, s.rag) == ("no_forecast", "na")
    assert s.label("nl") == "Lopend — zonder raming"
    assert s.describe("nl") == []


def test_projects_table_carries_the_project_status_not_the_kpi(september):
    t = projects_table(september, objective="2.1").set_index("key")
    assert list(t.index) == ["P3", "P4", "P5"]
    assert list(t["stage"]) == ["closed", "cancelled", "selected"]
    # P5 has nothing committed: under the old rule it was red against 60 %; it is "selected", neutral
    assert (t.loc["P5", "status"], t.loc["P5", "rag"]) == ("selected", "na")
    assert t.loc["P3", "status"] == "closed"
    assert "gap" not in t.columns  # no distance to the programme's threshold on a project
    assert t.loc["P3", "end_date"] == pd.Timestamp("2025-12-31")


def test_projects_table_refuses_the_old_kpi_argument(small, thresholds):
    with pytest.raises(TypeError, match="no longer takes a KPI"):
        projects_table(small, thresholds.headline("2021-2027"))


def test_a_project_starting_later_in_the_year_is_not_late(make_small):
    """P2 (signed) starts on 01/12/2023 with a 2023 forecast of 31 000: on 30/11 nothing is expected yet."""
    data = make_small(as_of=date(2023, 11, 30))
    projects = data.projects.copy()
    projects.loc[projects["project_id"] == "P2", "start_date"] = pd.Timestamp("2023-12-01")
    data = with_forecasts(
        dataclasses.replace(data, projects=projects), [{"project_id": "P2", "year": 2023, "amount": 31_000}]
    )
    s = project_status(data, "P2")
    assert (s.status, s.rag, s.current_expected) == ("not_started", "na", 0)
    assert s.label("fr") == "Convention signée — pas encore démarré"
    assert s.describe("en") == ["2023: forecast €31,000.00; nothing is expected before the project starts."]
    # on 15/12: 15 of its 31 days in 2023 -> 31 000 x 15 / 31 = 15 000 expected, nothing paid -> behind
    later = dataclasses.replace(data, info=dataclasses.replace(data.info, as_of=date(2023, 12, 15)))
    s = project_status(later, "P2")
    assert (s.current_expected, s.status) == (15_000, "late")
