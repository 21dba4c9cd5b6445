"""The payment forecast's sheets (issue 23): the Art. 69(10) CPR 2021/1060 forecast of payment applications in
the Commission's layout, and the fan month by month. Both are estimates and their notes say so.

:func:`write_forecast_sheets` adds the two sheets to any workbook being written (the programme's);
:func:`write_payment_forecast` writes them as a workbook of their own (the page's "Art. 69(10)" button).
"""

from __future__ import annotations

from datetime import date
from typing import IO

import pandas as pd

from exports import columns as C
from exports.columns import Column
from exports.names import stem
from exports.xlsx import Book
from i18n import format_date, t
from monitoring.commitment_forecast import CommitmentOutlook
from monitoring.forecast import PaymentOutlook

#: the commitment fan, month by month (cumulative committed: median and band)
COMMITMENT_FAN = (
    Column("date", "export.col.forecast_date", "date"),
    Column("median", "export.col.commitment_median", "eur"),
    Column("low", "export.col.forecast_low", "eur"),
    Column("high", "export.col.forecast_high", "eur"),
)


def period_label(period: str, year: int, lang: str) -> str:
    """ "janvier-juillet 2023" / "januari-juli 2023" / "January-July 2023"; the next year: "2024"."""
    return t(f"forecast.art69.period.{period}", lang, year=year)


def art_69_10_frame(outlook: PaymentOutlook, lang: str) -> pd.DataFrame:
    """The core's Art. 69(10) table with each period named in ``lang``."""
    table = outlook.art_69_10.copy()
    table["period_label"] = [period_label(p, int(y), lang) for p, y in zip(table["period"], table["year"], strict=True)]
    return table


def write_forecast_sheets(book: Book, outlook: PaymentOutlook, title: str) -> None:
    """The sheets "Art. 69(10)" (the Commission's layout, then the detail per period) and "Forecast" (the fan)."""
    lang = book.lang
    when = t("export.as_of_note", lang, date=format_date(outlook.as_of, lang))
    checked = outlook.backtest.reason(lang)

    ws = book.sheet(t("forecast.art69.sheet", lang))
    book.text(ws, 0, 0, f"{title} — {t('forecast.art69.title', lang)}", "title")
    book.text(ws, 1, 0, f"{when} {t('forecast.art69.note', lang)}", "subtitle")
    book.text(ws, 2, 0, checked if outlook.shown else t("forecast.art69.unchecked", lang, reason=checked), "note")
    table = art_69_10_frame(outlook, lang)
    header = [t("forecast.art69.fund", lang), t("forecast.art69.category", lang), *table["period_label"]]
    for j, h in enumerate(header):
        book.text(ws, 4, j, h, "header")
    book.text(ws, 5, 0, t("export.fund", lang))
    book.text(ws, 5, 1, t("forecast.art69.more_developed", lang))
    for j, total in enumerate(table["total"]):
        book.number(ws, 5, 2 + j, float(total), "eur")
    ws.set_column(0, 1, 24)
    ws.set_column(2, 2 + len(table), 22)
    book.text(ws, 7, 0, t("forecast.art69.detail", lang), "section")
    book.table(ws, 8, C.ART_69_10, table, "Art69", freeze=False)

    ws = book.sheet(t("forecast.sheet", lang))
    book.text(ws, 0, 0, f"{title} — {t('forecast.title', lang)}", "title")
    book.text(ws, 1, 0, f"{when} {t('forecast.sheet_note', lang)}", "subtitle")
    lines = [checked, *(o.describe(lang) for o in outlook.threshold_outlooks + outlook.n3_outlooks)]
    if outlook.backtest.calibrates:
        lines.insert(1, outlook.backtest.calibration(lang))
    if not outlook.shown:
        lines = [checked]  # a forecast the backtest does not back is not given, not even in words
    for i, line in enumerate(lines):
        book.text(ws, 2 + i, 0, line, "note")
    top = 3 + len(lines)
    if outlook.shown:
        book.table(ws, top, C.FORECAST_FAN, outlook.path, "Forecast")
    else:
        book.text(ws, top, 0, t("forecast.not_shown_title", lang), "note")


def payment_forecast_name(lang: str, programme_id: str, as_of: date) -> str:
    """ "FEDER-2021-2027-art-69-10-2023-11-30.xlsx": the file of the Art. 69(10) button."""
    base = stem(lang, programme_id, as_of, "programme", None)
    head, _, tail = base.rpartition("-" + as_of.isoformat())
    return f"{head}-{t('forecast.art69.file', lang)}-{as_of.isoformat()}{tail}.xlsx"


def write_payment_forecast(outlook: PaymentOutlook, lang: str, title: str, out: IO[bytes] | str) -> None:
    """A workbook of the two forecast sheets alone."""
    book = Book(out, lang)
    book.wb.set_properties({"title": f"{title} — {t('forecast.art69.title', lang)}", "author": t("app_title", lang)})
    write_forecast_sheets(book, outlook, title)
    book.wb.close()


def write_commitment_sheet(book: Book, outlook: CommitmentOutlook, title: str) -> None:
    """The sheet "Commitment forecast": the backtest's verdict, the chances in words and the fan month by month
    (only when the backtest lets it be shown; else the reason alone)."""
    lang = book.lang
    when = t("export.as_of_note", lang, date=format_date(outlook.as_of, lang))
    ws = book.sheet(t("commitment_forecast.sheet", lang))
    book.text(ws, 0, 0, f"{title} — {t('commitment_forecast.title', lang)}", "title")
    book.text(ws, 1, 0, f"{when} {t('commitment_forecast.sheet_note', lang)}", "subtitle")
    lines = [outlook.backtest.reason(lang)]
    if outlook.backtest.calibrates:
        lines.append(outlook.backtest.calibration(lang))
    if outlook.shown:
        lines += [o.describe(lang) for o in outlook.threshold_outlooks]
    for i, line in enumerate(lines):
        book.text(ws, 2 + i, 0, line, "note")
    top = 3 + len(lines)
    if outlook.shown:
        book.table(ws, top, COMMITMENT_FAN, outlook.path, "CommitmentForecast")
    else:
        book.text(ws, top, 0, t("commitment_forecast.not_shown", lang), "note")
