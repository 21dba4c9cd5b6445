"""Page-builder helpers that need no server: the shared-call note and the grid totals line."""

from __future__ import annotations

from i18n import format_eur


def test_calls_open_to_several_axes_are_flagged(demo):
    from ui.context import Request
    from ui.views.objective import shared_calls_note

    data = demo["2014-2020"]
    # the demo's 2015 call is open to axes 1 to 4; the 2019 call only to axis 3; TA has no call
    note = shared_calls_note(Request("en").at(data), "3")
    assert len(note) == 1 and note[0].children.startswith("Call for projects 2015-01 is open to several priority axes")
    assert shared_calls_note(Request("fr").at(data), "TA") == []
    assert shared_calls_note(Request("nl").at(demo["2021-2027"]), "2.1") == []  # one objective per 2023 call


def test_totals_line_adds_the_rows_shown():
    from ui.views.projects import totals_line

    rows = [
        {"allocation": 1000.10, "committed": 500.0, "paid": 100.05},
        {"allocation": 2000.00, "committed": None, "paid": 50.00},
    ]
    # 1000.10 + 2000.00 = 3000.10 grant; 500 committed (None counts 0); 100.05 + 50 = 150.05 paid
    text = totals_line(rows, "nl")
    assert "2 getoonde projecten" in text
    assert format_eur(3000.10, "nl") in text and format_eur(500, "nl") in text and format_eur(150.05, "nl") in text
