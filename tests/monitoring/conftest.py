"""Small hand-built programmes for the monitoring core's tests.

The ``small`` programme (2021-2027, EU rate 40 %, as_of 30/06/2023):

objective  allocation   EU        | call  objectives  budget
1.1        1 000 000    400 000   | C1    1.1         600 000
2.1        2 000 000    800 000   | C2    2.1       1 500 000
                                  | C3    1.1;2.1     500 000

project obj  call status     EU      regional  grant   committed at as_of          paid at as_of
P1      1.1  C1   ongoing   100 000  150 000  250 000  250 000                     37 500+100 000+50 000 = 187 500
P2      1.1  C3   signed     80 000  120 000  200 000  200 000                     30 000
P3      2.1  C2   closed    200 000  300 000  500 000  500 000-20 000 = 480 000    75 000+300 000+105 000 = 480 000
P4      2.1  C3   cancelled  40 000   60 000  100 000  100 000-100 000 = 0         15 000
P5      2.1  ""   selected  120 000  180 000  300 000  0 (its 300 000 is dated after as_of)   0
Totals: committed 930 000, paid 712 500 (one payment of P1 dated after as_of is ignored).
"""

from datetime import date

import pandas as pd
import pytest

from monitoring.model import ProgrammeData, ProgrammeInfo, coerce_frame

AS_OF = date(2023, 6, 30)


def frame(kind, rows):
    return coerce_frame(kind, pd.DataFrame(rows))


def build_small(as_of=AS_OF):
    budget = frame(
        "budget",
        [
            {
                "code": "1.1",
                "priority": "1",
                "label_fr": "Recherche",
                "label_nl": "Onderzoek",
                "label_en": "Research",
                "allocation": 1_000_000,
                "eu_amount": 400_000,
            },
            {
                "code": "2.1",
                "priority": "2",
                "label_fr": "Énergie",
                "label_nl": "Energie",
                "label_en": "Energy",
                "allocation": 2_000_000,
                "eu_amount": 800_000,
            },
        ],
    )
    calls = frame(
        "calls",
        [
            {
                "call_id": "C1",
                "title": "Innovation",
                "objective_codes": "1.1",
                "opening_date": "2021-03-01",
                "closing_date": "2021-06-30",
                "budget": 600_000,
            },
            {
                "call_id": "C2",
                "title": "Renovation",
                "objective_codes": "2.1",
                "opening_date": "2021-03-01",
                "closing_date": "2021-06-30",
                "budget": 1_500_000,
            },
            {
                "call_id": "C3",
                "title": "Mixed",
                "objective_codes": "1.1;2.1",
                "opening_date": "2021-09-01",
                "closing_date": "2021-12-31",
                "budget": 500_000,
            },
        ],
    )

    def project(pid, obj, call, status, eu, reg):
        return {
            "project_id": pid,
            "name": f"Project {pid}",
            "beneficiary": "B",
            "objective_code": obj,
            "call_id": call,
            "stage": status,
            "selection_date": "2021-04-01",
            "agreement_date": "2021-05-01",
            "start_date": "2021-05-01",
            "end_date": "2025-12-31",
            "total_cost": eu + reg,
            "eu_amount": eu,
            "regional_amount": reg,
            "postcode": "1000",
        }

    projects = frame(
        "projects",
        [
            project("P1", "1.1", "C1", "ongoing", 100_000, 150_000),
            project("P2", "1.1", "C3", "signed", 80_000, 120_000),
            project("P3", "2.1", "C2", "closed", 200_000, 300_000),
            project("P4", "2.1", "C3", "cancelled", 40_000, 60_000),
            project("P5", "2.1", "", "selected", 120_000, 180_000),
        ],
    )
    commitments = frame(
        "commitments",
        [
            {"project_id": "P1", "date": "2021-05-10", "amount": 250_000},
            {"project_id": "P2", "date": "2022-02-15", "amount": 200_000},
            {"project_id": "P3", "date": "2021-07-01", "amount": 500_000},
            {"project_id": "P3", "date": "2023-03-31", "amount": -20_000},
            {"project_id": "P4", "date": "2021-09-01", "amount": 100_000},
            {"project_id": "P4", "date": "2022-11-30", "amount": -100_000},
            {"project_id": "P5", "date": "2023-08-01", "amount": 300_000},
        ],
    )
    payments = frame(
        "payments",
        [
            {"project_id": "P1", "date": "2021-05-20", "amount": 37_500, "kind": "advance"},
            {"project_id": "P1", "date": "2022-06-30", "amount": 100_000, "kind": "interim"},
            {"project_id": "P1", "date": "2023-06-30", "amount": 50_000, "kind": "interim"},
            {"project_id": "P1", "date": "2023-07-01", "amount": 10_000, "kind": "interim"},
            {"project_id": "P2", "date": "2022-03-01", "amount": 30_000, "kind": "advance"},
            {"project_id": "P3", "date": "2021-07-15", "amount": 75_000, "kind": "advance"},
            {"project_id": "P3", "date": "2022-12-31", "amount": 300_000, "kind": "interim"},
            {"project_id": "P3", "date": "2023-05-15", "amount": 105_000, "kind": "balance"},
            {"project_id": "P4", "date": "2021-09-15", "amount": 15_000, "kind": "advance"},
        ],
    )
    forecasts = frame(
        "forecasts",
        [
            {"project_id": "P1", "year": 2022, "amount": 120_000},
            {"project_id": "P1", "year": 2023, "amount": 200_000},
            {"project_id": "P2", "year": 2023, "amount": 0},
            {"project_id": "P2", "year": 2024, "amount": 100_000},
            {"project_id": "P3", "year": 2021, "amount": 100_000},
            {"project_id": "P3", "year": 2022, "amount": 300_000},
        ],
    )
    info = ProgrammeInfo("2021-2027", "2021BE16RFPR001", "Test programme", date(2029, 12, 31), 0.4, as_of)
    return ProgrammeData(info, budget, calls, projects, commitments, payments, forecasts, source="small.xlsx")


def build_single(programme_id="2014-2020", allocation=200_000_000.0, committed=0.0, paid=0.0, as_of=date(2023, 12, 31)):
    """One objective, one call, one project holding the whole allocation, with one commitment and one payment line."""
    budget = frame(
        "budget",
        [
            {
                "code": "1",
                "priority": "1",
                "label_fr": "Axe 1",
                "label_nl": "As 1",
                "label_en": "Axis 1",
                "allocation": allocation,
                "eu_amount": allocation / 2,
            }
        ],
    )
    calls = frame(
        "calls",
        [
            {
                "call_id": "K",
                "title": "Call",
                "objective_codes": "1",
                "opening_date": "2015-01-01",
                "closing_date": "2015-06-30",
                "budget": allocation,
            }
        ],
    )
    projects = frame(
        "projects",
        [
            {
                "project_id": "X",
                "name": "X",
                "beneficiary": "B",
                "objective_code": "1",
                "call_id": "K",
                "stage": "ongoing",
                "selection_date": "2015-09-01",
                "agreement_date": "2015-10-01",
                "start_date": "2015-10-01",
                "end_date": "2023-12-31",
                "total_cost": allocation,
                "eu_amount": allocation / 2,
                "regional_amount": allocation / 2,
                "postcode": "1000",
            }
        ],
    )
    commitments = frame("commitments", [{"project_id": "X", "date": "2016-01-15", "amount": committed}])
    payments = frame("payments", [{"project_id": "X", "date": "2016-02-15", "amount": paid, "kind": "interim"}])
    info = ProgrammeInfo(programme_id, "CCI", "Single", date(2023, 12, 31), 0.5, as_of)
    return ProgrammeData(info, budget, calls, projects, commitments, payments)


@pytest.fixture
def small():
    return build_small()


@pytest.fixture
def thresholds():
    from monitoring.thresholds import load_thresholds

    return load_thresholds()


@pytest.fixture
def make_small():
    """The small programme builder, for another as_of: ``make_small(as_of=date(...))``."""
    return build_small


@pytest.fixture
def make_single():
    """Builder of a one-project programme: ``make_single(programme_id, allocation, committed, paid)``."""
    return build_single


def with_sheets(data, **rows):
    """``data`` with optional sheets given as lists of row dicts: tranches=[...], prefinancing=[...], claims=[...]."""
    import dataclasses

    return dataclasses.replace(data, **{kind: frame(kind, r) for kind, r in rows.items()})


@pytest.fixture
def sheets():
    """``sheets(data, tranches=[...], claims=[...], prefinancing=[...])``: see :func:`with_sheets`."""
    return with_sheets
