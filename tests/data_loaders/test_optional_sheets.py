"""The optional sheets Tranches, Prefinancing and Claims (the programme's finances with the Commission).

The small fixture of conftest.py (2021-2027, EU allocation 400 000 + 200 000 = 600 000, as of 30/11/2023)
with three more sheets, each with its header on row 1 (first data line: Excel row 2):
- Tranches (A year, B EU amount, C resource): 2021 60 000, then 2022..2027 90 000 each (60 000 + 6 x 90 000
  = 600 000, the EU allocation);
- Prefinancing (A year, B amount, C resource): 2021, 2022, 2023 3 000 each (0.5 % of 600 000);
- Claims (A claim id, B date, C declared expenditure, D EU amount, E resource): DP 2023-01 on 31/07/2023,
  100 000 declared, 40 000 EU; DP 2023-02 on 31/10/2023, 50 000 declared, 20 000 EU.
"""

from __future__ import annotations

from datetime import date

import openpyxl
import pandas as pd
import pytest

from data_loaders import check_workbook, load_programme
from monitoring import figures
from monitoring.model import FRAME_COLUMNS, empty_frame

from .conftest import fixture_rows

TRANCHES = [{"year": 2021, "eu_amount": 60_000.0, "resource": ""}] + [
    {"year": year, "eu_amount": 90_000.0, "resource": ""} for year in range(2022, 2028)
]
PREFINANCING = [{"year": year, "amount": 3_000.0, "resource": ""} for year in (2021, 2022, 2023)]
CLAIMS = [
    {
        "claim_id": "DP 2023-01",
        "date": date(2023, 7, 31),
        "declared_total": 100_000.0,
        "eu_amount": 40_000.0,
        "resource": "",
    },
    {
        "claim_id": "DP 2023-02",
        "date": date(2023, 10, 31),
        "declared_total": 50_000.0,
        "eu_amount": 20_000.0,
        "resource": "",
    },
]
NEW = ("tranches", "prefinancing", "claims")


def _rows(**changes):
    """The fixture's Programme fields and sheets with the three optional sheets (or ``changes`` of them)."""
    programme, sheets = fixture_rows()
    sheets.update(
        {
            "tranches": [dict(r) for r in TRANCHES],
            "prefinancing": [dict(r) for r in PREFINANCING],
            "claims": [dict(r) for r in CLAIMS],
        }
    )
    for key, rows in changes.items():
        if rows is None:
            del sheets[key]
        else:
            sheets[key] = rows
    return programme, sheets


def _make(make_workbook, edit=None, lang="en", **changes):
    programme, sheets = _rows(**changes)
    return make_workbook(programme=programme, sheets=sheets, edit=edit, lang=lang)


def _set(sheet, cell, value):
    def edit(wb):
        wb[sheet][cell] = value

    return edit


def _assert_frames(data):
    t = data.tranches
    assert t["year"].tolist() == [2021, 2022, 2023, 2024, 2025, 2026, 2027]
    assert t["eu_amount"].tolist() == [60_000.0] + [90_000.0] * 6
    assert t["eu_amount"].sum() == 600_000.0  # 60 000 + 6 x 90 000 = the EU allocation 400 000 + 200 000
    assert set(t["resource"]) == {"ordinary"}  # an empty cell is the ordinary resources
    p = data.prefinancing
    assert p["year"].tolist() == [2021, 2022, 2023] and p["amount"].tolist() == [3_000.0] * 3
    c = data.claims
    assert c["claim_id"].tolist() == ["DP 2023-01", "DP 2023-02"]
    assert c["date"].tolist() == [pd.Timestamp("2023-07-31"), pd.Timestamp("2023-10-31")]
    assert c["declared_total"].tolist() == [100_000.0, 50_000.0]
    assert c["eu_amount"].tolist() == [40_000.0, 20_000.0]  # 40 % of what was declared
    assert c["resource"].tolist() == ["ordinary", "ordinary"]
    for kind in NEW:
        frame = getattr(data, kind)
        assert list(frame.columns) == list(FRAME_COLUMNS[kind]), kind
        assert dict(frame.dtypes) == dict(empty_frame(kind).dtypes), kind


def test_the_three_sheets_are_read_with_their_values(make_workbook):
    path = _make(make_workbook)
    data, issues = check_workbook(path)
    assert issues == []
    _assert_frames(data)


@pytest.mark.parametrize(
    "lang, names, headers",
    [
        (
            "fr",
            ("Tranches", "Préfinancement", "Demandes de paiement"),
            (["Année", "Montant UE", "Ressource"], ["Année", "Montant", "Ressource"]),
        ),
        (
            "nl",
            ("Tranches", "Voorfinanciering", "Betalingsaanvragen"),
            (["Jaar", "EU-bedrag", "Middelen"], ["Jaar", "Bedrag", "Middelen"]),
        ),
    ],
)
def test_french_and_dutch_sheet_and_header_names(make_workbook, lang, names, headers):
    path = _make(make_workbook, lang=lang)
    wb = openpyxl.load_workbook(path)
    assert set(names) <= set(wb.sheetnames)
    assert [c.value for c in wb[names[0]][1]] == headers[0]
    assert [c.value for c in wb[names[1]][1]] == headers[1]
    _assert_frames(load_programme(path))


def test_other_accepted_names_and_units(make_workbook):
    def edit(wb):
        wb["Prefinancing"].title = "Pre-financing"
        wb["Claims"].title = "Payment applications"
        wb["Tranches"]["B1"] = "Montant UE (k€)"  # a unit in the header: the amounts are thousands
        for row in range(2, 9):
            wb["Tranches"].cell(row=row, column=2).value /= 1000
        claims = wb["Payment applications"]
        claims["A1"], claims["C1"], claims["D1"] = "Référence", "Dépenses déclarées", "EU-bijdrage"

    data = load_programme(_make(make_workbook, edit=edit))
    _assert_frames(data)  # 60 (k€) -> 60 000 €, the same frames


def test_resource_words(make_workbook):
    tranches = [
        {"year": 2021, "eu_amount": 1.0, "resource": "REACT-EU"},
        {"year": 2022, "eu_amount": 2.0, "resource": "Ordinaire"},
        {"year": 2022, "eu_amount": 3.0, "resource": "gewoon"},
        {"year": 2023, "eu_amount": 4.0, "resource": "react eu"},
        {"year": 2024, "eu_amount": 5.0, "resource": None},
    ]
    data = load_programme(_make(make_workbook, tranches=tranches))
    assert data.tranches["resource"].tolist() == ["react-eu", "ordinary", "ordinary", "react-eu", "ordinary"]


def test_the_same_application_may_cover_both_resources_and_a_reference_may_be_left_empty(make_workbook):
    claims = [
        {**CLAIMS[0], "resource": ""},
        {**CLAIMS[0], "eu_amount": 5_000.0, "declared_total": 5_000.0, "resource": "REACT-EU"},
        {**CLAIMS[1], "claim_id": None},
        {**CLAIMS[1], "claim_id": None, "eu_amount": -2_000.0, "declared_total": -5_000.0},  # a correction
    ]
    data, issues = check_workbook(_make(make_workbook, claims=claims))
    assert issues == []
    assert data.claims["claim_id"].tolist() == ["DP 2023-01", "DP 2023-01", "", ""]
    assert data.claims["resource"].tolist() == ["ordinary", "react-eu", "ordinary", "ordinary"]
    assert data.claims["eu_amount"].sum() == 63_000.0  # 40 000 + 5 000 + 20 000 - 2 000


def test_the_resource_column_and_the_claim_reference_may_be_left_out(make_workbook):
    tranches = [{k: v for k, v in r.items() if k != "resource"} for r in TRANCHES]
    claims = [{k: v for k, v in r.items() if k not in ("claim_id", "resource")} for r in CLAIMS]
    data = load_programme(_make(make_workbook, tranches=tranches, claims=claims))
    assert set(data.tranches["resource"]) == {"ordinary"}
    assert data.claims["claim_id"].tolist() == ["", ""] and data.claims["eu_amount"].sum() == 60_000.0


# (id, edit, code, sheet, row, column, value, English message)
ERRORS = [
    (
        "tranche-year-not-a-year",
        _set("Tranches", "A3", "twenty22"),
        "bad-year",
        "Tranches",
        3,
        "Year (A)",
        "twenty22",
        "Tranches, row 3, column Year (A): 'twenty22' is not a year. Write it as 2024.",
    ),
    (
        "prefinancing-year-not-a-year",
        _set("Prefinancing", "A4", "2022/23"),
        "bad-year",
        "Prefinancing",
        4,
        "Year (A)",
        "2022/23",
        "Prefinancing, row 4, column Year (A): '2022/23' is not a year. Write it as 2024.",
    ),
    (
        "negative-tranche",
        _set("Tranches", "B4", -5000),
        "negative-amount",
        "Tranches",
        4,
        "EU amount (B)",
        "-5000",
        "Tranches, row 4, column EU amount (B): '-5000' is negative. An EU tranche or a pre-financing received "
        "must be zero or more.",
    ),
    (
        "negative-prefinancing",
        _set("Prefinancing", "B2", "-3.000,00"),
        "negative-amount",
        "Prefinancing",
        2,
        "Amount (B)",
        "-3000",
        "Prefinancing, row 2, column Amount (B): '-3000' is negative. An EU tranche or a pre-financing received "
        "must be zero or more.",
    ),
    (
        "claim-date-unreadable",
        _set("Claims", "B3", "31/02/2023"),
        "bad-date",
        "Claims",
        3,
        "Date (B)",
        "31/02/2023",
        "Claims, row 3, column Date (B): '31/02/2023' is not a date. Write it as 31/12/2023 or 2023-12-31.",
    ),
    (
        "claim-date-missing",
        _set("Claims", "B2", None),
        "missing-value",
        "Claims",
        2,
        "Date (B)",
        None,
        "Claims, row 2, column Date (B): this cell is empty. Fill in the Date.",
    ),
    (
        "claim-eu-amount-not-an-amount",
        _set("Claims", "D2", "40 000 EUR UE"),
        "bad-amount",
        "Claims",
        2,
        "EU amount (D)",
        "40 000 EUR UE",
        "Claims, row 2, column EU amount (D): '40 000 EUR UE' is not an amount. Write it as 1234.56 or 1.234,56.",
    ),
    (
        "duplicate-claim-id",
        _set("Claims", "A3", "DP 2023-01"),
        "duplicate-id",
        "Claims",
        3,
        "Claim id (A)",
        "DP 2023-01",
        "Claims, row 3, column Claim id (A): 'DP 2023-01' already appears on row 2. Give each line its own Claim id.",
    ),
    (
        "unknown-resource-in-claims",
        _set("Claims", "E2", "Cohesion"),
        "unknown-resource",
        "Claims",
        2,
        "Resource (E)",
        "Cohesion",
        "Claims, row 2, column Resource (E): 'Cohesion' is not a resource. Leave the cell empty for the "
        "programme's ordinary resources, or write REACT-EU.",
    ),
    (
        "unknown-resource-in-tranches",
        _set("Tranches", "C5", "REACT-EU 2"),
        "unknown-resource",
        "Tranches",
        5,
        "Resource (C)",
        "REACT-EU 2",
        "Tranches, row 5, column Resource (C): 'REACT-EU 2' is not a resource. Leave the cell empty for the "
        "programme's ordinary resources, or write REACT-EU.",
    ),
]


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] for c in ERRORS])
def test_a_bad_cell_is_refused_with_its_place(make_workbook, case):
    _, edit, code, sheet, row, column, value, message = case
    path = _make(make_workbook, edit=edit)
    data, issues = check_workbook(path)
    assert data is None
    assert [i.code for i in issues] == [code]
    issue = issues[0]
    assert issue.severity == "error"
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (path.name, sheet, row, column, value)
    assert issue.message("en") == message
    for lang in ("fr", "nl"):  # said in the other languages too, in their own words
        assert issue.message(lang) and issue.message(lang) != message


def test_a_bad_cell_is_located_in_a_french_workbook_too(make_workbook):
    path = _make(make_workbook, edit=_set("Préfinancement", "B3", -1), lang="fr")
    _, issues = check_workbook(path)
    assert [(i.code, i.sheet, i.row, i.column, i.value) for i in issues] == [
        ("negative-amount", "Préfinancement", 3, "Montant (B)", "-1")
    ]
    assert issues[0].message("fr") == (
        "Préfinancement, ligne 3, colonne Montant (B)\u00a0: «\u00a0-1\u00a0» est négatif. Une tranche UE ou un "
        "préfinancement reçu doit être positif ou nul."
    )


def test_a_workbook_without_the_sheets_loads_as_before(make_workbook):
    without = load_programme(make_workbook())  # the plain fixture: no Tranches, Prefinancing or Claims
    with_them = load_programme(_make(make_workbook))
    for kind in NEW:
        frame = getattr(without, kind)
        assert frame.empty, kind
        assert list(frame.columns) == list(FRAME_COLUMNS[kind]), kind
        assert dict(frame.dtypes) == dict(empty_frame(kind).dtypes), kind
    for kind in ("budget", "calls", "projects", "commitments", "payments", "forecasts"):
        pd.testing.assert_frame_equal(getattr(without, kind), getattr(with_them, kind))
    assert without.info == with_them.info and without.warnings == with_them.warnings == ()
    assert figures.decommitment_sources(without) == {
        "tranches": "estimate",
        "claims": "estimate",
        "prefinancing": "estimate",
        "method": "estimate",
    }


def test_only_one_of_tranches_and_claims_keeps_the_estimate(make_workbook):
    data = load_programme(_make(make_workbook, claims=None))
    assert figures.decommitment_sources(data)["method"] == "estimate"
    assert figures.decommitment_sources(data)["tranches"] == "sheet"


def test_tranches_and_claims_make_the_regulation_s_calculation(make_workbook):
    data = load_programme(_make(make_workbook, prefinancing=None))
    assert figures.decommitment_sources(data) == {
        "tranches": "sheet",
        "claims": "sheet",
        "prefinancing": "estimate",
        "method": "regulation",
    }
    exposure = figures.decommitment_exposure(data)
    first = exposure.iloc[0]
    # the 2021 tranche, 60 000, goes in sixths (10 000) to 2022-2027: 90 000 + 10 000 = 100 000 due by 31/12/2025;
    # no Prefinancing sheet: the scheduled Art. 90(2) instalments for 2021-2025 (up to the deadline's year),
    # 0.5 + 1 + 1 + 0.5 + 0.5 = 3.5 % x 600 000 = 21 000;
    # claimed by 30/11/2023: 40 000 + 20 000 = 60 000; gap 100 000 - 21 000 - 60 000 = 19 000
    assert (first["tranche_year"], first["deadline"]) == (2022, pd.Timestamp("2025-12-31"))
    assert (first["eu_tranche"], first["due_cumulative"]) == (100_000.0, 100_000.0)
    assert (first["prefinancing"], first["claimed"], first["gap"]) == (21_000.0, 60_000.0, 19_000.0)
    assert set(exposure["method"]) == {"regulation"} and set(exposure["claims_from"]) == {"sheet"}
    assert not exposure["deadline_passed"].any() and exposure["lost"].sum() == 0  # 31/12/2025 is still to come
    full = load_programme(_make(make_workbook))
    assert figures.decommitment_sources(full)["prefinancing"] == "sheet"
    # with the sheet: what was received, 3 x 3 000 = 9 000 (2021-2023); gap 100 000 - 9 000 - 60 000 = 31 000
    first = figures.decommitment_exposure(full).iloc[0]
    assert (first["prefinancing"], first["claimed"], first["gap"]) == (9_000.0, 60_000.0, 31_000.0)
