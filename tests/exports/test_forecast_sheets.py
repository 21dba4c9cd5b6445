"""The forecast's sheets (exports/forecast.py), written by XlsxWriter and read back with openpyxl.

The programme: one project (objective 1: allocation 2 000 000, EU 1 000 000, so 50 % EU; the project's
grant is half EU too) with forecasts 120 000 (2020), 60 000 (2021), 120 000 (2022), 120 000 (2023), paid
exactly that in equal parts on each month's last day; as_of 30/06/2023. Every ratio is 1, so the
forecast is the Forecasts sheet itself: 2023 still asks 120 000 − 6 × 10 000 = 60 000, over the 184 days
after 30/06, and nothing is forecast for 2024.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from exports.forecast import payment_forecast_name, write_payment_forecast
from monitoring.forecast import payment_outlook
from monitoring.thresholds import Kpi
from tests.monitoring.test_forecast import pay, programme, project


@pytest.fixture
def outlook():
    payments = []
    for year, monthly in ((2020, 10_000), (2021, 5_000), (2022, 10_000), (2023, 10_000)):
        for month in range(1, 13):
            day = (pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)).date()
            if day <= date(2023, 6, 30):
                payments.append(pay("P", day.isoformat(), monthly))
    amounts = ((2020, 120_000), (2021, 60_000), (2022, 120_000), (2023, 120_000))
    data = programme(
        [project("P", "1", "B", 1_000_000, 1_000_000)],
        [{"project_id": "P", "date": "2019-12-01", "amount": 2_000_000}],
        payments,
        [{"project_id": "P", "year": y, "amount": a} for y, a in amounts],
        (("1", 2_000_000, 1_000_000),),
        date(2023, 6, 30),
    )
    kpi = Kpi("consumption", "2021-2027", 0.20, 0.30, 0.25, date(2020, 1, 1), date(2023, 12, 31))
    return payment_outlook(data, kpi, None)


def read(outlook, lang):
    out = io.BytesIO()
    write_payment_forecast(outlook, lang, "FEDER 2021-2027", out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def test_art_69_10_in_the_commissions_layout(outlook):
    wb = read(outlook, "fr")
    assert wb.sheetnames == ["Art. 69(10)", "Prévision (estimation)"]
    ws = wb["Art. 69(10)"]
    assert ws["A5"].value == "Fonds" and ws["C5"].value == "janvier-juillet 2023"
    assert [ws["D5"].value, ws["E5"].value] == ["août-décembre 2023", "2024"]
    assert [ws["A6"].value, ws["B6"].value] == ["FEDER", "Plus développée"]
    # January-July: applications estimated from the interim payments of January-June, 6 × 10 000 × 50 % EU =
    # 30 000, plus July's share of the rest of 2023: 31 / 184 × 60 000 × 50 % = 5 054.35 -> 35 054.35
    assert ws["C6"].value == pytest.approx(35_054.35, abs=0.01)
    # August-December: 153 / 184 × 30 000 = 24 945.65; 2024: nothing forecast
    assert ws["D6"].value == pytest.approx(24_945.65, abs=0.01)
    assert ws["E6"].value == 0
    assert ws["C6"].number_format != "General"  # a real number with the euro format, not text
    note = " ".join(str(ws[f"A{r}"].value) for r in (2, 3))
    assert "Estimation" in note and "annexe VIII" in note and "30 juin 2023" in note


def test_the_fan_sheet_says_it_is_an_estimate_and_gives_each_month(outlook):
    wb = read(outlook, "nl")
    ws = wb["Raming (schatting)"]
    notes = [ws.cell(r, 1).value for r in range(2, 6)]
    assert any("schatting" in str(n) for n in notes)
    # the backtest on 30/06/2021, 31/12/2021, 30/06/2022 (12 months after each within the data) is said
    assert any(str(n).startswith("Getoetst op 3 vroegere data") for n in notes)
    top = next(c.row for c in ws["A"] if c.value == "Maandeinde")
    first = [ws.cell(top + 1, j).value for j in range(1, 5)]
    assert first[0] == datetime(2023, 6, 30) and first[1] == pytest.approx(360_000)  # paid at as_of
    # 31/12/2023: 360 000 + 60 000 = 420 000 (the seventh month end after 30/06)
    assert ws.cell(top + 7, 1).value == datetime(2023, 12, 31)
    assert ws.cell(top + 7, 2).value == pytest.approx(420_000)


def test_file_name_per_language():
    assert payment_forecast_name("fr", "2021-2027", date(2023, 11, 30)) == "FEDER-2021-2027-art-69-10-2023-11-30.xlsx"
    assert payment_forecast_name("nl", "2014-2020", date(2023, 11, 30)) == "EFRO-2014-2020-art-69-10-2023-11-30.xlsx"
