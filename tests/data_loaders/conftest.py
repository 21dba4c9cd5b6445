"""A small valid programme workbook (figures easy to add by hand) and helpers to damage it.

The fixture (2021-2027, as of 30/11/2023):
- Budget: 1.1 allocation 1 000 000 (EU 400 000); 2.1 allocation 500 000 (EU 200 000)
- Calls: C1 "1.1;2.1", budget 900 000
- Projects: P1 (1.1, C1, ongoing, 240 000 EU + 360 000 regional),
  P2 (2.1, C1, signed, 120 000 + 180 000), P3 (1.1, no call, selected, 80 000 + 120 000)
- Commitments: P1 600 000 (row 2), P2 300 000 (row 3)
- Payments: P1 90 000 advance (row 2), P1 60 000 interim (row 3), P2 45 000 advance (row 4)
- Forecasts: P1 2023 200 000, P1 2024 250 000, P2 2023 45 000
Every sheet has its header on row 1, so the first data line is Excel row 2.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from data_loaders.writer import write_workbook

PROGRAMME = {
    "programme_id": "2021-2027",
    "cci": "2021BE16RFPR001",
    "title": "Test programme",
    "eligibility_end": date(2029, 12, 31),
    "eu_rate": 0.4,
    "as_of": date(2023, 11, 30),
}

SHEETS = {
    "budget": [
        {
            "code": "1.1",
            "priority": "1",
            "label_fr": "Recherche",
            "label_nl": "Onderzoek",
            "label_en": "Research",
            "allocation": 1_000_000.0,
            "eu_amount": 400_000.0,
        },
        {
            "code": "2.1",
            "priority": "2",
            "label_fr": "Énergie",
            "label_nl": "Energie",
            "label_en": "Energy",
            "allocation": 500_000.0,
            "eu_amount": 200_000.0,
        },
    ],
    "calls": [
        {
            "call_id": "C1",
            "title": "Call one",
            "objective_codes": "1.1;2.1",
            "opening_date": date(2023, 3, 15),
            "closing_date": date(2023, 6, 30),
            "budget": 900_000.0,
        },
    ],
    "projects": [
        {
            "project_id": "P1",
            "name": "Lab",
            "beneficiary": "ULB",
            "objective_code": "1.1",
            "call_id": "C1",
            "stage": "ongoing",
            "selection_date": date(2023, 6, 1),
            "agreement_date": date(2023, 7, 1),
            "start_date": date(2023, 7, 1),
            "end_date": date(2026, 12, 31),
            "total_cost": 600_000.0,
            "eu_amount": 240_000.0,
            "regional_amount": 360_000.0,
            "postcode": "1000",
        },
        {
            "project_id": "P2",
            "name": "School roof",
            "beneficiary": "Commune",
            "objective_code": "2.1",
            "call_id": "C1",
            "stage": "signed",
            "selection_date": date(2023, 6, 1),
            "agreement_date": date(2023, 10, 1),
            "start_date": date(2024, 1, 1),
            "end_date": date(2027, 6, 30),
            "total_cost": 300_000.0,
            "eu_amount": 120_000.0,
            "regional_amount": 180_000.0,
            "postcode": "1050",
        },
        {
            "project_id": "P3",
            "name": "Start-up fund",
            "beneficiary": "f&i",
            "objective_code": "1.1",
            "call_id": "",
            "stage": "selected",
            "selection_date": date(2023, 11, 9),
            "agreement_date": None,
            "start_date": date(2024, 3, 1),
            "end_date": date(2028, 12, 31),
            "total_cost": 200_000.0,
            "eu_amount": 80_000.0,
            "regional_amount": 120_000.0,
            "postcode": "1210",
        },
    ],
    "commitments": [
        {"project_id": "P1", "date": date(2023, 7, 1), "amount": 600_000.0},
        {"project_id": "P2", "date": date(2023, 10, 1), "amount": 300_000.0},
    ],
    "payments": [
        {"project_id": "P1", "date": date(2023, 7, 20), "amount": 90_000.0, "kind": "advance"},
        {"project_id": "P1", "date": date(2023, 10, 15), "amount": 60_000.0, "kind": "interim"},
        {"project_id": "P2", "date": date(2023, 10, 25), "amount": 45_000.0, "kind": "advance"},
    ],
    "forecasts": [
        {"project_id": "P1", "year": 2023, "amount": 200_000.0},
        {"project_id": "P1", "year": 2024, "amount": 250_000.0},
        {"project_id": "P2", "year": 2023, "amount": 45_000.0},
    ],
}


def fixture_rows() -> tuple[dict, dict]:
    """Fresh copies of the fixture's Programme fields and sheet rows."""
    return copy.deepcopy(PROGRAMME), copy.deepcopy(SHEETS)


@pytest.fixture
def make_workbook(tmp_path):
    """Write the fixture (optionally changed) with openpyxl and return its path.

    ``make_workbook(edit=fn, name=..., programme=..., sheets=..., **writer_options)``:
    ``edit`` receives the openpyxl Workbook after writing, to damage cells, rows or sheets.
    """
    counter = iter(range(10_000))

    def make(edit=None, name=None, programme=None, sheets=None, **options) -> Path:
        prog, rows = fixture_rows()
        path = tmp_path / (name or f"wb{next(counter)}.xlsx")
        write_workbook(path, programme or prog, sheets or rows, **options)
        if edit is not None:
            wb = openpyxl.load_workbook(path)
            edit(wb)
            wb.save(path)
        return path

    return make
