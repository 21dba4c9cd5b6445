"""A corpus of broken workbooks: each is the small valid fixture with one mutation, written by openpyxl.

For each, the loader must refuse the workbook (or, for warnings, load it) and report
the exact issue: code, sheet, Excel row, column (header + letter), value and the English message.
Rows: every sheet has its header on row 1; the Programme sheet has one field per row
(1 programme id, 2 CCI, 3 title, 4 eligibility end, 5 EU rate, 6 reference date).
"""

from __future__ import annotations

from datetime import date

import pytest

from data_loaders import WorkbookError, check_workbook, load_programme


def _set(sheet, cell, value):
    def edit(wb):
        wb[sheet][cell] = value

    return edit


def _delete_sheet(sheet):
    def edit(wb):
        del wb[sheet]

    return edit


def _delete_col(sheet, idx):
    def edit(wb):
        wb[sheet].delete_cols(idx)

    return edit


def _delete_row(sheet, idx):
    def edit(wb):
        wb[sheet].delete_rows(idx)

    return edit


def _replace_header(wb):
    ws = wb["Budget"]
    for cell in ws[1]:
        cell.value = None
    ws["A1"] = "Dotations 2021-2027"


# (id, edit, code, sheet, row, column, value, English message)
ERRORS = [
    (
        "amount-with-two-commas",
        _set("Payments", "C3", "12,3,4"),
        "bad-amount",
        "Payments",
        3,
        "Amount (C)",
        "12,3,4",
        "Payments, row 3, column Amount (C): '12,3,4' is not an amount. Write it as 1234.56 or 1.234,56.",
    ),
    (
        "impossible-date",
        _set("Payments", "B2", "31/02/2023"),
        "bad-date",
        "Payments",
        2,
        "Date (B)",
        "31/02/2023",
        "Payments, row 2, column Date (B): '31/02/2023' is not a date. Write it as 31/12/2023 or 2023-12-31.",
    ),
    (
        "unknown-payment-kind",
        _set("Payments", "D4", "refund"),
        "unknown-payment-kind",
        "Payments",
        4,
        "Kind (D)",
        "refund",
        "Payments, row 4, column Kind (D): 'refund' is not a kind of payment. Use advance, interim payment or balance.",
    ),
    (
        "unknown-status",
        _set("Projects", "F3", "paused"),
        "unknown-status",
        "Projects",
        3,
        "Status (F)",
        "paused",
        "Projects, row 3, column Status (F): 'paused' is not a project status. "
        "Use selected, signed, ongoing, closed or cancelled.",
    ),
    (
        "duplicate-project",
        _set("Projects", "A4", "P1"),
        "duplicate-id",
        "Projects",
        4,
        "Project id (A)",
        "P1",
        "Projects, row 4, column Project id (A): 'P1' already appears on row 2. Give each line its own Project id.",
    ),
    (
        "duplicate-objective-code",
        _set("Budget", "A3", "1.1"),
        "duplicate-id",
        "Budget",
        3,
        "Code (A)",
        "1.1",
        "Budget, row 3, column Code (A): '1.1' already appears on row 2. Give each line its own Code.",
    ),
    (
        "project-unknown-objective",
        _set("Projects", "D2", "9.9"),
        "unknown-objective",
        "Projects",
        2,
        "Objective code (D)",
        "9.9",
        "Projects, row 2, column Objective code (D): objective '9.9' is not in the “Budget” sheet. "
        "Use one of: 1.1, 2.1.",
    ),
    (
        "call-unknown-objective",
        _set("Calls", "C2", "1.1;3.3"),
        "unknown-objective",
        "Calls",
        2,
        "Objective codes (C)",
        "3.3",
        "Calls, row 2, column Objective codes (C): objective '3.3' is not in the “Budget” sheet. Use one of: 1.1, 2.1.",
    ),
    (
        "project-unknown-call",
        _set("Projects", "E3", "C9"),
        "unknown-call",
        "Projects",
        3,
        "Call id (E)",
        "C9",
        "Projects, row 3, column Call id (E): call 'C9' is not in the Calls sheet. "
        "Add the call there or correct the id.",
    ),
    (
        "commitment-unknown-project",
        _set("Commitments", "A3", "P9"),
        "unknown-project",
        "Commitments",
        3,
        "Project id (A)",
        "P9",
        "Commitments, row 3, column Project id (A): project 'P9' is not in the Projects sheet. "
        "Add the project there or correct the id.",
    ),
    (
        "payment-unknown-project",
        _set("Payments", "A4", "P7"),
        "unknown-project",
        "Payments",
        4,
        "Project id (A)",
        "P7",
        "Payments, row 4, column Project id (A): project 'P7' is not in the Projects sheet. "
        "Add the project there or correct the id.",
    ),
    (
        "forecast-unknown-project",
        _set("Forecasts", "A3", "X1"),
        "unknown-project",
        "Forecasts",
        3,
        "Project id (A)",
        "X1",
        "Forecasts, row 3, column Project id (A): project 'X1' is not in the Projects sheet. "
        "Add the project there or correct the id.",
    ),
    (
        "negative-allocation",
        _set("Budget", "F3", -1000),
        "negative-allocation",
        "Budget",
        3,
        "Allocation (F)",
        "-1000",
        "Budget, row 3, column Allocation (F): '-1000' is negative. "
        "An allocation or a call budget must be zero or more.",
    ),
    (
        "missing-sheet",
        _delete_sheet("Payments"),
        "missing-sheet",
        None,
        None,
        None,
        None,
        "The sheet “Payments” is missing. Add a sheet named Payments (or Liquidations / Vereffeningen).",
    ),
    (
        "missing-column",
        _delete_col("Commitments", 3),
        "missing-column",
        "Commitments",
        1,
        None,
        None,
        "Commitments, row 1: the column “Amount” is missing. Add a column headed Amount (or Montant / Bedrag).",
    ),
    (
        "duplicate-column",
        _set("Payments", "E1", "Montant"),
        "duplicate-column",
        "Payments",
        1,
        "Montant (E)",
        "Montant",
        "Payments, row 1, column Montant (E): this column is a second “Amount” column "
        "(the first is Amount (C)). Remove or rename one of them.",
    ),
    (
        "no-header-row",
        _replace_header,
        "no-header",
        "Budget",
        None,
        None,
        None,
        "Budget: no header row found in the first 15 rows. Put the column names (Code, Allocation) in one row "
        "above the data.",
    ),
    (
        "unknown-programme",
        _set("Programme", "B1", "2028-2034"),
        "unknown-programme",
        "Programme",
        1,
        "Programme (B)",
        "2028-2034",
        "Programme, row 1, column Programme (B): '2028-2034' is not a known programme. Write 2014-2020 or 2021-2027.",
    ),
    (
        "bad-rate",
        _set("Programme", "B5", "fifty"),
        "bad-rate",
        "Programme",
        5,
        "EU co-financing rate (B)",
        "fifty",
        "Programme, row 5, column EU co-financing rate (B): 'fifty' is not a co-financing rate. "
        "Write it as 50% or 0.5.",
    ),
    (
        "missing-reference-date",
        _delete_row("Programme", 6),
        "missing-programme-field",
        "Programme",
        None,
        None,
        None,
        "Programme: the line “Reference date” is missing. Add a row with Reference date in column A and its value "
        "in column B.",
    ),
    (
        "two-digit-year",
        _set("Programme", "B6", "30/11/23"),
        "bad-date",
        "Programme",
        6,
        "Reference date (B)",
        "30/11/23",
        "Programme, row 6, column Reference date (B): '30/11/23' is not a date. Write it as 31/12/2023 or 2023-12-31.",
    ),
    (
        "empty-objective",
        _set("Projects", "D2", None),
        "missing-value",
        "Projects",
        2,
        "Objective code (D)",
        None,
        "Projects, row 2, column Objective code (D): this cell is empty. Fill in the Objective code.",
    ),
    (
        "bad-year",
        _set("Forecasts", "B2", "next year"),
        "bad-year",
        "Forecasts",
        2,
        "Year (B)",
        "next year",
        "Forecasts, row 2, column Year (B): 'next year' is not a year. Write it as 2024.",
    ),
    (
        "amount-with-letters",
        _set("Commitments", "C2", "600k"),
        "bad-amount",
        "Commitments",
        2,
        "Amount (C)",
        "600k",
        "Commitments, row 2, column Amount (C): '600k' is not an amount. Write it as 1234.56 or 1.234,56.",
    ),
]

WARNINGS = [
    (
        "paid-above-committed",
        _set("Commitments", "C3", 40_000),
        "paid-above-committed",
        "Payments",
        None,
        None,
        "P2",
        # P2: paid 45 000 (its advance) > committed 40 000 (the changed commitment)
        "Payments: project P2: payments (€45,000.00) are above its committed amount (€40,000.00). "
        "Check the payments or add the missing commitment.",
    ),
    (
        "committed-above-grant",
        _set("Commitments", "C3", 350_000),
        "committed-above-grant",
        "Commitments",
        None,
        None,
        "P2",  # P2: committed 350 000 > grant 120 000 + 180 000 = 300 000
        "Commitments: project P2: commitments (€350,000.00) are above its grant (ERDF + Region: €300,000.00). "
        "Check the commitments or the grant amounts.",
    ),
    (
        "objective-over-committed",
        _set("Budget", "F3", 250_000),
        "objective-over-committed",
        "Budget",
        3,
        "Allocation (F)",
        "2.1",  # 2.1: committed 300 000 (P2) > allocation 250 000
        "Budget, row 3, column Allocation (F): objective 2.1: commitments (€300,000.00) are above its allocation "
        "(€250,000.00).",
    ),
    (
        "payment-after-eligibility",
        _set("Payments", "B3", date(2030, 1, 15)),
        "payment-after-eligibility",
        "Payments",
        3,
        "Date (B)",
        "15/01/2030",
        "Payments, row 3, column Date (B): this payment is dated 15/01/2030, after the "
        "eligibility end date 31/12/2029. Check the date.",
    ),
    (
        "duplicate-sheet",
        lambda wb: wb.create_sheet("Betalingen"),
        "duplicate-sheet",
        "Betalingen",
        None,
        None,
        None,
        "Betalingen: this sheet is a second “Payments” sheet (the sheet read is “Payments”); it is ignored. "
        "Remove or rename one of them.",
    ),
    (
        "end-before-start",
        _set("Projects", "J2", date(2023, 1, 1)),
        "end-before-start",
        "Projects",
        2,
        "End date (J)",
        "01/01/2023",
        "Projects, row 2, column End date (J): the end date 01/01/2023 is before the start date "
        "01/07/2023. Check both dates.",
    ),
]


def _find(issues, code):
    found = [i for i in issues if i.code == code]
    assert found, f"no {code} among {[i.message('en') for i in issues]}"
    return found[0]


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] for c in ERRORS])
def test_broken_workbook_is_refused_with_a_located_message(make_workbook, case):
    _, edit, code, sheet, row, column, value, message = case
    path = make_workbook(edit=edit)
    data, issues = check_workbook(path)
    assert data is None
    issue = _find(issues, code)
    assert issue.severity == "error"
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (path.name, sheet, row, column, value)
    assert issue.message("en") == message
    for lang in ("fr", "nl"):  # the other languages say it too, in their own words
        assert issue.message(lang) and issue.message(lang) != message
    with pytest.raises(WorkbookError) as err:
        load_programme(path)
    assert issue in err.value.issues
    assert issue.message("fr") in str(err.value)  # the error's text is in the default language, French


@pytest.mark.parametrize("case", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_warning_loads_the_workbook_and_reports(make_workbook, case):
    _, edit, code, sheet, row, column, value, message = case
    path = make_workbook(edit=edit)
    data, issues = check_workbook(path)
    assert data is not None
    assert [i.code for i in issues] == [code]
    issue = issues[0]
    assert issue.severity == "warning"
    assert (issue.sheet, issue.row, issue.column, issue.value) == (sheet, row, column, value)
    assert issue.message("en") == message
    assert data.warnings == (issue,)
    assert load_programme(path).warnings == (issue,)


def test_not_an_xlsx_file(tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text("project id;amount\nP1;12\n")
    data, issues = check_workbook(path)
    assert data is None and [i.code for i in issues] == ["not-xlsx"]
    assert issues[0].message("en") == (
        "projects.csv is not an .xlsx workbook. Save it from Excel as “Excel Workbook (.xlsx)” and load it again."
    )


def test_unreadable_xlsx_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_text("this is no workbook")
    data, issues = check_workbook(path)
    assert data is None and [i.code for i in issues] == ["unreadable-file"]
    assert issues[0].message("en") == (
        "broken.xlsx cannot be opened as an Excel workbook (not a zip-based .xlsx "
        "file). Open it in Excel, save it as .xlsx and load it again."
    )
    with pytest.raises(WorkbookError):
        load_programme(path)


def test_corrupt_zip_named_xlsx(tmp_path):
    path = tmp_path / "corrupt.xlsx"
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    data, issues = check_workbook(path)
    assert data is None and [i.code for i in issues] == ["unreadable-file"]
