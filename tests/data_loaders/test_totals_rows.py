"""Totals rows are recognised by their shape (no id, amounts adding up the lines above), never by a word alone,
and every row left out is reported, located (#20; intake review R1, R1b, R2).

Real workbooks written by openpyxl from the fixture of conftest.py. Its figures, by hand: paid 90 000 + 60 000 +
45 000 = 195 000 (Payments rows 2-4); committed 600 000 + 300 000 = 900 000 (Commitments rows 2-3); allocation
1 000 000 + 500 000 = 1 500 000 (Budget rows 2-3).
"""

from __future__ import annotations

from data_loaders import check_workbook


def _codes(issues) -> list[tuple[str, str | None, int | None]]:
    return [(i.code, i.sheet, i.row) for i in issues]


def test_a_payment_whose_description_starts_with_total_is_counted(make_workbook):
    def edit(wb):
        ws = wb["Payments"]
        ws.insert_cols(1)  # a description column first, as an accounting export writes it
        ws["A1"] = "Libellé"
        ws["A2"] = "Totalité de l'avance convenue"
        ws["A3"] = "Total refurbishment works, advance"
        ws["A4"] = "Avance"

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is not None, [i.message("en") for i in issues]
    assert data.payments["amount"].sum() == 195_000.0  # 90 000 + 60 000 + 45 000: no payment vanished
    assert [c for c in _codes(issues) if c[0] == "totals-row"] == []


def test_a_project_named_totaalrenovatie_is_a_project(make_workbook):
    def edit(wb):
        ws = wb["Projects"]
        ws.insert_cols(1)
        for row in range(1, 5):  # the name column first
            ws.cell(row=row, column=1).value = ws.cell(row=row, column=3).value
        ws.delete_cols(3)
        ws["A3"] = "Totaalrenovatie van de Beurs"

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is not None, [i.message("en") for i in issues]
    assert list(data.projects["project_id"]) == ["P1", "P2", "P3"]
    assert data.projects.loc[1, "name"] == "Totaalrenovatie van de Beurs"
    assert data.commitments["amount"].sum() == 900_000.0  # P2's 300 000 is still its project's


def test_a_totals_row_with_sum_formulas_is_left_out_and_reported(make_workbook):
    # the writer puts "TOTAL" and =SUM(...) under Budget (row 4), Commitments (row 4) and Payments (row 5)
    data, issues = check_workbook(make_workbook(totals=True))
    assert data is not None, [i.message("en") for i in issues]
    assert data.payments["amount"].sum() == 195_000.0
    assert data.budget["allocation"].sum() == 1_500_000.0
    totals = [c for c in _codes(issues) if c[0] == "totals-row"]
    assert totals == [("totals-row", "Budget", 4), ("totals-row", "Commitments", 4), ("totals-row", "Payments", 5)]
    (warning,) = [i for i in issues if i.code == "totals-row" and i.sheet == "Payments"]
    assert warning.severity == "warning"
    assert warning.message("en").startswith("Payments, row 5: ")
    assert "not counted" in warning.message("en")
    assert "pas comptée" in warning.message("fr") and "niet meegeteld" in warning.message("nl")


def test_an_unlabelled_row_holding_the_sum_is_a_totals_row(make_workbook):
    def edit(wb):
        wb["Payments"]["C5"] = 195_000.0  # 90 000 + 60 000 + 45 000, no id, no label

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is not None, [i.message("en") for i in issues]
    assert data.payments["amount"].sum() == 195_000.0
    assert ("totals-row", "Payments", 5) in _codes(issues)


def test_a_row_labelled_total_that_does_not_add_up_is_not_dropped(make_workbook):
    def edit(wb):
        wb["Payments"]["A5"] = "Total"
        wb["Payments"]["C5"] = 999.0  # not 195 000: a line of data with a strange id, not a totals row
        wb["Payments"]["B5"] = "2023-11-01"
        wb["Payments"]["D5"] = "advance"

    data, issues = check_workbook(make_workbook(edit=edit))
    assert data is None  # refused where it is, instead of 999 silently left out
    assert ("unknown-project", "Payments", 5) in _codes(issues)
