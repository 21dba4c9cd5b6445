"""The workbooks: a page's export, the committee pack, the overview; the Summary sheet and its chart.

>>> import io
>>> out = io.BytesIO()
>>> write_page(page_export, out)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from exports import columns as C
from exports.content import CommitteePack, ObjectiveSheet, PageExport, with_forecast_words, with_progress_words
from exports.forecast import write_commitment_sheet, write_forecast_sheets
from exports.xlsx import SERIES_COLOURS, Book, TableArea
from i18n import format_date, format_pct, t
from i18n.formatting import in_brussels
from monitoring.thresholds import DEFAULT_BANDS

#: a workbook whose Payments and Commitments lines exceed this many rows is written in constant-memory mode
STREAM_LINES = 200_000
#: a chart draws one group of bars per row up to this many rows (more would not be read)
CHART_MAX_ROWS = 40


def should_stream(export: PageExport) -> bool:
    """True when the money lines are many enough to be written row by row (constant memory)."""
    n = sum(len(f) for f in (export.payments, export.commitments) if f is not None)
    return n > STREAM_LINES


def unit_word(export: PageExport, plural: bool = False) -> str:
    """ "Objectif spécifique" / "Axe prioritaire" (and plurals) for the programme of the export."""
    if export.axes:
        return t("export.axes" if plural else "export.axis", export.lang)
    return t("export.objectives" if plural else "export.objective", export.lang)


def selection_text(export: PageExport) -> str:
    """What the workbook covers, in words: the programme, an objective, a call, a project or the explorer's rows."""
    lang = export.lang
    label = f" — {export.unit_label}" if export.unit_label else ""
    if export.level == "objective":
        return f"{unit_word(export)} {export.unit_key}{label}"
    if export.level == "call":
        return f"{t('export.call', lang)} {export.unit_key}{label}"
    if export.level == "project":
        return f"{t('export.project', lang)} {export.unit_key}{label}"
    if export.level == "explorer":
        return t("export.selection_explorer", lang)
    return t("export.selection_programme", lang)


def title_text(export: PageExport) -> str:
    fund = t("export.fund", export.lang)
    return f"{fund} {export.programme_id} — {selection_text(export)}"


def _label_of(lang: str) -> Any:
    def label(row: Mapping[str, Any]) -> str:
        return str(row.get(f"label_{lang}") or row.get("label") or "")

    return label


# --- the Summary sheet ----------------------------------------------------------------------------
def _pair(book: Book, ws: Worksheet, row: int, key: str, value: Any, kind: str = "text", **kw: Any) -> int:
    book.text(ws, row, 0, t(key, book.lang, **kw), "key")
    if kind == "text":
        book.text(ws, row, 1, value)
    else:
        book.value(ws, row, 1, value, kind)
    return row + 1


def _rate_pair(book: Book, ws: Worksheet, row: int, key: str, source: Mapping[str, Any], field: str) -> int:
    """A rate of a selection as the page writes it: its shown value and precision when the page model gave them."""
    book.text(ws, row, 0, t(key, book.lang), "key")
    shown, decimals = source.get(f"{field}_shown"), source.get(f"{field}_decimals")
    if shown is not None and decimals is not None:
        book.rate(ws, row, 1, shown, int(decimals))
    else:
        book.rate(ws, row, 1, source.get(field))
    return row + 1


@dataclass(frozen=True)
class Summary:
    """The Summary sheet written: the sheet, its first free row, and the rows of its totals (by field)."""

    ws: Worksheet
    next_row: int
    rows: Mapping[str, int]


def write_summary(book: Book, export: PageExport, name: str | None = None) -> Summary:
    """The Summary sheet: what, when, from which files, the headline KPI, the totals."""
    lang = export.lang
    ws = book.sheet(name or t("export.sheet.summary", lang))
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 2, 16)
    book.text(ws, 0, 0, title_text(export), "title")
    book.text(ws, 1, 0, t("export.subtitle", lang, app=t("app_title", lang)), "subtitle")
    row = 3
    row = _pair(book, ws, row, "export.programme", export.programme_title)
    row = _pair(book, ws, row, "export.cci", export.cci)
    row = _pair(book, ws, row, "export.selection", selection_text(export))
    row = _pair(book, ws, row, "export.as_of", export.as_of, "date")
    row = _pair(book, ws, row, "export.exported_at", in_brussels(export.exported_at), "datetime")  # Brussels time
    for i, src in enumerate(export.sources):
        book.text(ws, row, 0, t("export.source", lang) if i == 0 else "", "key")
        book.text(ws, row, 1, src.file)
        book.when(ws, row, 2, src.extract_date)
        row += 1
    if export.sources:
        book.text(ws, row, 2, t("export.extract_date_hint", lang), "note")
        row += 1
    if export.demo:
        ws.merge_range(row, 0, row, 2, "", book.fmt("demo"))
        book.text(ws, row, 0, t("export.demo", lang), "demo")
        row += 1
    if export.filters:
        row = _pair(book, ws, row, "export.filters", export.filters)

    # the headline KPI, in words and in colour, with its thresholds and the distance in euros
    row += 1
    h = export.headline
    st = h.status
    book.text(ws, row, 0, t("export.kpi_section", lang), "section")
    ws.write_blank(row, 1, None, book.fmt("section"))
    row += 1
    row = _pair(book, ws, row, "export.kpi", t("kpi." + h.kpi.key, lang))
    book.text(ws, row, 0, t("export.rate", lang), "key")
    shown = st.shown()  # beside its status, never across a threshold: the headline's own figure
    book.rate(ws, row, 1, shown.value, shown.decimals)
    row += 1
    book.text(ws, row, 0, t("export.status", lang), "key")
    book.text(ws, row, 1, st.label(lang), f"text+{st.rag}" if st.rag in ("red", "orange", "green") else "text+bold")
    row += 1
    row = _pair(book, ws, row, "export.describe", st.describe(lang))
    row = _pair(book, ws, row, "export.red_below", h.kpi.red_below, "pct")
    row = _pair(book, ws, row, "export.green_from", h.kpi.green_from, "pct")
    row = _pair(book, ws, row, "export.next_threshold", st.next_threshold, "pct")
    row = _pair(book, ws, row, "export.gap", st.gap, "eur", action=t(f"export.action.{st.action}", lang))
    row = _pair(book, ws, row, "export.done." + h.kpi.action, h.done, "eur")
    row = _pair(book, ws, row, "export.kpi_allocation", h.allocation, "eur")
    row = _pair(book, ws, row, "export.deadline", h.kpi.deadline, "date")
    pct = format_pct(h.kpi.red_below, lang, 0)
    ws.set_row(row, 30)
    ws.merge_range(row, 0, row, 2, "", book.fmt("note"))
    book.text(ws, row, 0, t("export.rate_note", lang, pct=pct), "note")
    row += 2

    # the selection's amounts and rates
    tot = export.totals
    book.text(ws, row, 0, t("export.totals_section", lang), "section")
    ws.write_blank(row, 1, None, book.fmt("section"))
    row += 1
    totals_first = row
    rows: dict[str, int] = {}
    for field, kind in (
        ("allocation", "eur"),
        ("committed", "eur"),
        ("paid", "eur"),
        ("remaining_to_commit", "eur"),
        ("remaining_to_pay", "eur"),
        ("commitment_rate", "pct"),
        ("liquidation_rate", "pct"),
        ("paid_of_committed", "pct"),
        ("n_projects", "int"),
    ):
        if field in tot:
            rows[field] = row
            if kind == "pct":
                row = _rate_pair(book, ws, row, f"export.col.{field}", tot, field)
            else:
                row = _pair(book, ws, row, f"export.col.{field}", tot.get(field), kind)
    if export.level != "project" and "selected_amount" in tot:
        row = _pair(book, ws, row, "export.col.selected", tot.get("selected_amount"), "eur")
    ws.set_row(0, 24)
    return Summary(ws, max(row, totals_first + 3), rows)


def add_chart(book: Book, summary: Summary, area: TableArea | None, export: PageExport, what: str) -> None:
    """A native Excel chart on the Summary: allocation vs committed vs paid, one group per row of ``area``
    (``what`` names the rows, e.g. "specific objectives").

    Without a table of at most CHART_MAX_ROWS rows, the chart draws the Summary's own totals block.
    """
    chart = book.wb.add_chart({"type": "column"})
    if area is not None and 0 < area.last_row - area.first_row + 1 <= CHART_MAX_ROWS:
        cat = area.col("key") if "key" in area.fields else 0
        for field in ("allocation", "committed", "paid"):
            if field in area.fields:
                c = area.col(field)
                chart.add_series(
                    {
                        "name": [area.sheet, area.header_row, c],
                        "categories": [area.sheet, area.first_row, cat, area.last_row, cat],
                        "values": [area.sheet, area.first_row, c, area.last_row, c],
                        "fill": {"color": SERIES_COLOURS[field]},
                        "border": {"none": True},
                    }
                )
    else:
        what = selection_text(export)
        for field in ("allocation", "committed", "paid"):
            if field in summary.rows:
                r = summary.rows[field]
                chart.add_series(
                    {
                        "name": [summary.ws.name, r, 0],
                        "values": [summary.ws.name, r, 1, r, 1],
                        "fill": {"color": SERIES_COLOURS[field]},
                    }
                )
    chart.set_title({"name": t("export.chart_title", export.lang, what=what), "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "#,##0.0,,", "name": "M€", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 400})
    summary.ws.insert_chart(3, 4, chart)


def write_page(export: PageExport, out: IO[bytes] | str, *, stream: bool | None = None) -> None:
    """The workbook of one page: Summary, then By objective, By call, Projects, Payments, Commitments,
    Forecasts and Decommitment for the frames the export carries (None: no sheet)."""
    book = Book(out, export.lang, stream=should_stream(export) if stream is None else stream)
    _set_properties(book, export)
    summary = write_summary(book, export)
    areas = write_unit_sheets(book, export)
    if export.extra.get("payment_outlook") is not None:  # issue 23: the forecast's sheets (exports/forecast.py)
        write_forecast_sheets(book, export.extra["payment_outlook"], title_text(export))
    if export.extra.get("commitment_outlook") is not None:  # issue 23: the commitment forecast (exports/forecast.py)
        write_commitment_sheet(book, export.extra["commitment_outlook"], title_text(export))
    lang = export.lang
    key, what = {
        "programme": ("objectives", unit_word(export, plural=True).lower()),
        "objective": ("calls", t("export.calls", lang).lower()),
        "call": ("projects", t("export.projects", lang).lower()),
        "project": ("projects", t("export.projects", lang).lower()),
        "explorer": ("projects", t("export.projects", lang).lower()),
    }.get(export.level, ("objectives", ""))
    add_chart(book, summary, areas.get(key), export, what)
    book.wb.close()


def write_unit_sheets(book: Book, export: PageExport, suffix: str = "") -> dict[str, TableArea]:
    """The table sheets of a page export, in order; returns where each table was written, by frame name."""
    lang = export.lang
    areas: dict[str, TableArea] = {}
    kpi_name = t("kpi." + export.headline.kpi.key, lang)
    ctx = {"kpi": kpi_name}
    label = _label_of(lang)
    obj_sheet = t("export.sheet.by_axis" if export.axes else "export.sheet.by_objective", lang)
    sheets: list[tuple[str, str, Sequence[C.Column], pd.DataFrame | None, str]] = [
        ("objectives", obj_sheet, C.AXES if export.axes else C.OBJECTIVES, export.objectives, "Objectives"),
        ("calls", t("export.sheet.by_call", lang), C.CALLS, export.calls, "Calls"),
        (
            "projects",
            t("export.sheet.projects", lang),
            C.PROJECTS,
            with_progress_words(export.projects, lang),
            "Projects",
        ),
        ("payments", t("export.sheet.payments", lang), C.PAYMENTS, export.payments, "Payments"),
        ("commitments", t("export.sheet.commitments", lang), C.COMMITMENTS, export.commitments, "Commitments"),
        (
            "forecasts",
            t("export.sheet.forecasts", lang),
            C.FORECASTS,
            with_forecast_words(export.forecasts, lang),
            "Forecasts",
        ),
        ("decommitment", t("export.sheet.decommitment", lang), C.DECOMMITMENT, export.decommitment, "Decommitment"),
    ]
    for key, name, cols, frame, tname in sheets:
        if frame is None:
            continue
        ws = book.sheet(name + suffix)
        book.text(ws, 0, 0, f"{title_text(export)} — {name}", "title")
        book.text(ws, 1, 0, _sheet_note(export, key), "subtitle")
        area = book.table(ws, 3, cols, frame, tname, header_context=ctx, label=label)
        if area is None:
            book.text(ws, 3, 0, t("export.no_rows", lang), "note")
        else:
            areas[key] = area
    return areas


def _sheet_note(export: PageExport, key: str) -> str:
    lang = export.lang
    when = t("export.as_of_note", lang, date=format_date(export.as_of, lang))
    notes = {
        "calls": t(
            "export.note.calls", lang, levels=t("axis_plural" if export.axes else "objective_plural", lang).lower()
        ),
        "projects": t("export.note.projects", lang, kpi=t("kpi." + export.headline.kpi.key, lang)),
        "forecasts": t(
            "export.note.forecasts",
            lang,
            red=format_pct(export.extra.get("forecast_red", DEFAULT_BANDS.red_below), lang, 0),
            green=format_pct(export.extra.get("forecast_green", DEFAULT_BANDS.green_from), lang, 0),
        ),
        "decommitment": t("export.note.decommitment", lang),
        "commitments": t("export.note.commitments", lang),
    }
    return f"{when} {notes[key]}" if key in notes else when


def _set_properties(book: Book, export: PageExport) -> None:
    lang = export.lang
    book.wb.set_properties(
        {
            "title": title_text(export),
            "subject": t("export.subject", lang, programme=export.programme_title, cci=export.cci),
            "author": t("app_title", lang),
            "company": t("export.company", lang),
            "keywords": f"{t('export.fund', lang)}, {export.programme_id}, {export.cci}",
            "comments": t("export.comments", lang),
            "created": export.exported_at,
            "category": t("export.category", lang),
        }
    )
    book.wb.set_custom_property("as_of", export.as_of.isoformat())
    book.wb.set_custom_property("language", lang)


# --- the committee pack ---------------------------------------------------------------------------
def write_committee_pack(pack: CommitteePack, out: IO[bytes] | str) -> None:
    """The committee's annex: the programme's Summary, then one sheet per objective (key figures, calls, projects)."""
    export = pack.summary
    lang = export.lang
    book = Book(out, lang)
    _set_properties(book, export)
    book.wb.set_properties(
        {
            "title": f"{t('export.committee_title', lang)} — {title_text(export)}",
            "subject": t("export.subject", lang, programme=export.programme_title, cci=export.cci),
            "author": t("app_title", lang),
            "created": export.exported_at,
            "category": t("export.committee_title", lang),
        }
    )
    summary = write_summary(book, export)
    next_row = summary.next_row
    obj_area = None
    if export.objectives is not None and len(export.objectives):
        book.text(summary.ws, next_row + 1, 0, unit_word(export, plural=True), "section")
        obj_area = book.table(
            summary.ws,
            next_row + 2,
            C.AXES if export.axes else C.OBJECTIVES,
            export.objectives,
            "Objectives",
            header_context={"kpi": t("kpi." + export.headline.kpi.key, lang)},
            label=_label_of(lang),
            freeze=False,
            width_hint={"key": 38, "label": 44},
        )
    add_chart(book, summary, obj_area, export, unit_word(export, plural=True).lower())
    for sheet in pack.objectives:
        _objective_sheet(book, export, sheet)
    book.wb.close()


def _objective_sheet(book: Book, export: PageExport, sheet: ObjectiveSheet) -> None:
    lang = export.lang
    short = t("export.axis_short" if export.axes else "export.objective_short", lang)
    ws = book.sheet(f"{short} {sheet.code}")
    ctx = {"kpi": t("kpi." + export.headline.kpi.key, lang)}
    book.text(ws, 0, 0, f"{unit_word(export)} {sheet.code} — {sheet.label}", "title")
    book.text(ws, 1, 0, t("export.as_of_note", lang, date=format_date(export.as_of, lang)), "subtitle")
    row = 3
    st = sheet.status
    book.text(ws, row, 0, t("export.status", lang), "key")
    book.text(ws, row, 1, st.label(lang), f"text+{st.rag}" if st.rag in ("red", "orange", "green") else "text+bold")
    book.text(ws, row, 2, st.describe(lang))
    row += 1
    for field, kind in (
        ("allocation", "eur"),
        ("committed", "eur"),
        ("paid", "eur"),
        ("commitment_rate", "pct"),
        ("liquidation_rate", "pct"),
        ("n_projects", "int"),
    ):
        if kind == "pct":
            row = _rate_pair(book, ws, row, f"export.col.{field}", sheet.row, field)
            continue
        book.text(ws, row, 0, t(f"export.col.{field}", lang), "key")
        book.value(ws, row, 1, sheet.row.get(field), kind)
        row += 1
    row += 1
    tag = sheet.code.replace(".", "_")
    book.text(ws, row, 0, t("export.sheet.by_call", lang), "section")
    area = book.table(ws, row + 1, C.CALLS, sheet.calls, f"Calls_{tag}", header_context=ctx, freeze=False)
    row = (area.totals_row if area else row + 1) + 2
    if area is None:
        book.text(ws, row - 1, 0, t("export.no_rows", lang), "note")
    book.text(ws, row, 0, t("export.sheet.projects", lang), "section")
    projects = with_progress_words(sheet.projects, lang)
    parea = book.table(ws, row + 1, C.PROJECTS, projects, f"Projects_{tag}", header_context=ctx, freeze=False)
    if parea is None:
        book.text(ws, row + 1, 0, t("export.no_rows", lang), "note")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 40)


# --- the overview ---------------------------------------------------------------------------------
def write_overview(exports: Sequence[PageExport], out: IO[bytes] | str) -> None:
    """The overview page: one Summary sheet per programme."""
    if not exports:
        raise ValueError("an overview export needs at least one programme")
    lang = exports[0].lang
    book = Book(out, lang)
    first = exports[0]
    book.wb.set_properties(
        {
            "title": f"{t('export.fund', lang)} — {t('export.overview', lang)}",
            "subject": ", ".join(f"{e.programme_id} ({e.cci})" for e in exports),
            "author": t("app_title", lang),
            "created": first.exported_at,
            "category": t("export.category", lang),
        }
    )
    for export in exports:
        summary = write_summary(book, export, f"{t('export.sheet.summary', lang)} {export.programme_id}")
        add_chart(book, summary, None, export, "")
    book.wb.close()
