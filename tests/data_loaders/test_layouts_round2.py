"""Layouts of real exports read rather than refused, and refusals said in the reader's language (#20; intake review
corpus 06, 19, 56).

Real workbooks written by openpyxl from the fixture of conftest.py. Its figures, by hand: paid 90 000 + 60 000 +
45 000 = 195 000; committed 600 000 + 300 000 = 900 000.
"""

from __future__ import annotations

import pytest

from data_loaders import check_workbook
from data_loaders.parsing import parse_amount, parse_scaled_amount


def test_no_header_message_names_the_columns_in_the_readers_language(make_workbook):
    def edit(wb):
        ws = wb["Payments"]
        for col in "ABCD":
            ws[f"{col}1"] = "?"  # no header row left

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is None
    (issue,) = [i for i in issues if i.code == "no-header"]
    assert "(Project id, Date, Amount, Kind)" in issue.message("en")
    assert "(Id projet, Date, Montant, Type)" in issue.message("fr")
    assert "(Project-id, Datum, Bedrag, Soort)" in issue.message("nl")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56-", -1234.56),  # SAP: the minus after the number
        ("1.450.000,00-", -1_450_000.0),
        ("1,234.56-", -1234.56),
        ("450-", -450.0),
        ("1 234,56 €-", -1234.56),
        ("1.234,56\u2212", -1234.56),  # the typographic minus sign
    ],
)
def test_a_trailing_minus_is_a_negative_amount(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["-", "1.234,56--", "-1.234,56-", "(1.234,56)-"])
def test_a_minus_on_both_sides_or_alone_is_still_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_a_trailing_minus_in_a_keur_column_is_read_and_an_ambiguous_one_refused():
    assert parse_scaled_amount("1.234,5-", 1000.0) == -1_234_500.0  # -1 234,5 k€
    with pytest.raises(ValueError, match="ambiguous"):
        parse_scaled_amount("1,234-", 1000.0)  # 1 234 k€ or 1,234 k€: not guessed


def test_sap_export_with_trailing_minus_loads(make_workbook):
    def edit(wb):
        ws = wb["Commitments"]
        ws.append(["P1", "2023-11-15", "50.000,00-"])  # a decommitment of 50 000, written by SAP

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is not None, [i.message("en") for i in issues]
    assert data.commitments["amount"].sum() == 850_000.0  # 600 000 + 300 000 - 50 000


def _two_level(ws, units: dict[str, str]) -> None:
    """A unit row under the header (row 2), the header cell merged over it where there is no unit."""
    ws.insert_rows(2)
    for col in range(1, ws.max_column + 1):
        letter = ws.cell(row=1, column=col).column_letter
        if letter in units:
            ws[f"{letter}2"] = units[letter]
        else:
            ws.merge_cells(f"{letter}1:{letter}2")


def test_a_two_level_header_with_a_unit_row_is_read(make_workbook):
    def edit(wb):
        _two_level(wb["Payments"], {"C": "(EUR)"})
        _two_level(wb["Commitments"], {"C": "(k€)"})
        for r in (3, 4):  # commitments written in k€ under the k€ sub-header: 600 and 300
            cell = wb["Commitments"][f"C{r}"]
            cell.value = cell.value / 1000

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is not None, [i.message("en") for i in issues]
    assert data.payments["amount"].sum() == 195_000.0  # 90 000 + 60 000 + 45 000, rows 3-5
    assert data.commitments["amount"].sum() == 900_000.0  # (600 + 300) k€ x 1 000
    assert not [i for i in issues if i.severity == "error"]


def test_a_unit_row_is_reported_with_its_data_rows_numbered_as_in_excel(make_workbook):
    def edit(wb):
        _two_level(wb["Payments"], {"C": "(EUR)"})
        wb["Payments"]["C4"] = "12,3,4"  # the second payment (Excel row 4, below the unit row)

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is None
    (bad,) = [i for i in issues if i.code == "bad-amount"]
    assert (bad.sheet, bad.row, bad.column) == ("Payments", 4, "Amount (C)")


def test_a_data_row_under_the_header_is_not_taken_for_a_unit_row(make_workbook):
    # the first payment's amount written as text "EUR" is an error of that row, not a sub-header
    def edit(wb):
        wb["Payments"]["A2"] = None
        wb["Payments"]["C2"] = "EUR"

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is None
    assert ("missing-value", 2) in [(i.code, i.row) for i in issues]
