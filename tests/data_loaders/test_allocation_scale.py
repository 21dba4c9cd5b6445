"""Allocations far outside the programme's scale are warned, located (#20; intake review R3, R3b, fuzz c01682-14).

Real workbooks written by openpyxl from the fixture of conftest.py, with a third Budget line (3.1, allocation
750 000, EU amount 300 000) so that the programme has a scale: allocations 1 000 000 (row 2), 500 000 (row 3),
750 000 (row 4); their median is 750 000. The programme's EU rate is 40 %: each line's EU amount is 40 % of its
allocation (400 000 / 1 000 000 = 0.4).
"""

from __future__ import annotations

from data_loaders import check_workbook

from .conftest import fixture_rows

CODES = ("allocation-rate-mismatch", "allocation-out-of-scale")


def _workbook(make_workbook, allocation=None, eu_amount=None, drop_eu=False):
    programme, sheets = fixture_rows()
    sheets["budget"].append(
        {
            "code": "3.1",
            "priority": "3",
            "label_fr": "Mobilité",
            "label_nl": "Mobiliteit",
            "label_en": "Mobility",
            "allocation": 750_000.0,
            "eu_amount": 300_000.0,
        }
    )
    if allocation is not None:
        sheets["budget"][1]["allocation"] = allocation  # line 2.1, Excel row 3
    if eu_amount is not None:
        sheets["budget"][1]["eu_amount"] = eu_amount
    if drop_eu:
        for row in sheets["budget"]:
            del row["eu_amount"]
    return make_workbook(programme=programme, sheets=sheets)


def _found(issues):
    return [(i.code, i.sheet, i.row, i.column, i.severity) for i in issues if i.code in CODES]


def test_a_plausible_budget_has_no_such_warning(make_workbook):
    data, issues = check_workbook(_workbook(make_workbook))
    assert data is not None and _found(issues) == []


def test_an_allocation_typed_in_thousands_is_warned(make_workbook):
    # 500 000 typed x 1000: 500 000 000, while its EU amount stays 200 000 (0.04 % of it, the rate is 40 %)
    data, issues = check_workbook(_workbook(make_workbook, allocation=500_000_000.0))
    assert data is not None  # a warning: the workbook loads, the staff member looks
    assert _found(issues) == [("allocation-rate-mismatch", "Budget", 3, "Allocation (F)", "warning")]
    (issue,) = [i for i in issues if i.code in CODES]
    assert "500,000,000.00" in issue.message("en") and "200,000.00" in issue.message("en")
    assert "40 %" in issue.message("fr") or "40\u00a0%" in issue.message("fr")


def test_an_allocation_near_the_cap_is_warned(make_workbook):
    data, issues = check_workbook(_workbook(make_workbook, allocation=9_999_999_999_999.98))
    assert data is not None
    assert [c[:3] for c in _found(issues)] == [("allocation-rate-mismatch", "Budget", 3)]


def test_without_eu_amounts_the_scale_of_the_other_lines_tells(make_workbook):
    # no EU amount column: each EU amount is allocation x 40 %, so the rate says nothing; the other lines do:
    # allocations 1 000 000, 500 000 000, 750 000: median 1 000 000; 500 000 000 / 1 000 000 = 500 times (> 100)
    data, issues = check_workbook(_workbook(make_workbook, allocation=500_000_000.0, drop_eu=True))
    assert data is not None
    assert _found(issues) == [("allocation-out-of-scale", "Budget", 3, "Allocation (F)", "warning")]
    (issue,) = [i for i in issues if i.code in CODES]
    assert "€500,000,000.00 is 500 times" in issue.message("en")
    assert "(€1,000,000.00)" in issue.message("en")  # the median it is compared with


def test_an_eu_amount_typed_a_thousand_times_too_small_is_warned(make_workbook):
    data, issues = check_workbook(_workbook(make_workbook, eu_amount=200.0))  # 200 / 500 000 = 0.04 %
    assert data is not None
    assert [c[:3] for c in _found(issues)] == [("allocation-rate-mismatch", "Budget", 3)]
