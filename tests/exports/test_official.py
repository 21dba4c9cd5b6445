"""The official figures' workbook: real numbers with formats, and a text from a file that starts like a formula
stays text (quote prefix), in a workbook read back by openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd

from exports.official import Column, OfficialExport, Table, write_official


def test_numbers_formats_and_neutralised_text():
    rows = pd.DataFrame(
        {
            "cci": ["2014BE16RFOP001", ""],
            "title": ['=HYPERLINK("http://evil.example","x")', "Total BE ERDF"],
            "planned_total": [191555016.0, float("nan")],
            "decided_rate": [1.2328538, None],
            "cutoff": [date(2020, 12, 31), date(2022, 6, 30)],
            "bold": [True, False],
        }
    )
    export = OfficialExport(
        lang="nl",
        cci="2014BE16RFOP001",
        title="@SUM(A1)",
        source="99js-gm52_BE_rows_2022-10.csv",
        at="Stand op 31 dec 2020",
        exported_at=datetime(2026, 12, 6, 20, 0),
        about=["-1+1"],
        tables=[
            Table(
                "Peers",
                "note",
                [
                    Column("cci", "CCI"),
                    Column("title", "Programma"),
                    Column("planned_total", "Toewijzing", "eur"),
                    Column("decided_rate", "Selectiepercentage", "pct"),
                    Column("cutoff", "Peildatum", "date"),
                ],
                rows,
                bold="bold",
            )
        ],
    )
    out = io.BytesIO()
    write_official(export, out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    about = wb.worksheets[0]
    assert about["A1"].value.endswith("@SUM(A1)") and about["A1"].data_type == "s"
    minus = next(c for c in about["A"] if c.value == "-1+1")
    assert minus.data_type == "s" and minus.quotePrefix  # a text that starts like a formula keeps its prefix
    ws = wb["Peers"]
    assert [c.value for c in ws[3]] == ["CCI", "Programma", "Toewijzing", "Selectiepercentage", "Peildatum"]
    title = ws["B4"]
    assert title.value == '=HYPERLINK("http://evil.example","x")' and title.data_type == "s" and title.quotePrefix
    assert ws["C4"].value == 191555016.0 and ws["C4"].number_format == '"€"\\ #,##0.00'  # nl: € before
    assert ws["C4"].font.bold and not ws["C5"].font.bold
    assert ws["C5"].value is None  # no figure: an empty cell, never 0 or "nan"
    assert ws["D4"].value == 1.2328538 and ws["D4"].number_format == "0.0%"
    assert ws["E5"].value.date() == date(2022, 6, 30) and ws["E5"].number_format == "dd/mm/yyyy"
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:E5"
