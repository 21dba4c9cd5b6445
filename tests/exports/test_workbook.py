"""Workbooks of the small programme, opened with openpyxl: figures by hand (see conftest), formats, fills,
SUBTOTAL ranges, languages, and formula-like texts that must arrive as text."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import openpyxl
import pytest

import exports
from i18n.formatting import in_brussels
from tests.exports.conftest import AT_SUM, EXPORTED_AT, HYPERLINK, page_export, written

EUR_FR = '#,##0.00\\ "€"'
SUBTOTAL = re.compile(r"SUBTOTAL\(109,([A-Z]+)(\d+):([A-Z]+)(\d+)\)")


def header_row(ws, first_header: str) -> int:
    """The 1-based row of a table's header (the row whose column A is ``first_header``)."""
    return next(c.row for c in ws["A"] if c.value == first_header)


def rows_of(ws, first_header: str) -> tuple[list[str], list[tuple], tuple]:
    """(headers, data rows, totals row) of the table whose header starts with ``first_header``."""
    top = header_row(ws, first_header)
    headers = [c.value for c in ws[top] if c.value is not None]
    body, r = [], top + 1
    while not str(ws.cell(r, 1).value or "").startswith(("Total", "Totaal")):
        body.append(tuple(ws.cell(r, j + 1).value for j in range(len(headers))))
        r += 1
    totals = tuple(ws.cell(r, j + 1).value for j in range(len(headers)))
    return headers, body, totals


def by_header(headers, row, name):
    return row[headers.index(name)]


@pytest.mark.parametrize(
    ("lang", "sheets", "first_headers"),
    [
        (
            "fr",
            [
                "Synthèse",
                "Par objectif spécifique",
                "Par appel",
                "Projets",
                "Liquidations",
                "Engagements",
                "Prévisions",
                "Dégagement d'office",
            ],
            [
                "Code",
                "Objectif spécifique",
                "Projets",
                "Dotation (euros)",
                "dont FEDER (euros)",
                "Subsides sélectionnés (euros)",
                "Engagé (euros)",
                "Liquidé (euros)",
            ],
        ),
        (
            "nl",
            [
                "Samenvatting",
                "Per specifieke doelstelling",
                "Per projectoproep",
                "Projecten",
                "Vereffeningen",
                "Vastleggingen",
                "Ramingen",
                "Automatische doorhaling",
            ],
            [
                "Code",
                "Specifieke doelstelling",
                "Projecten",
                "Toewijzing (euro)",
                "waarvan EFRO (euro)",
                "Geselecteerde subsidies (euro)",
                "Vastgelegd (euro)",
                "Vereffend (euro)",
            ],
        ),
        (
            "en",
            [
                "Summary",
                "By specific objective",
                "By call",
                "Projects",
                "Payments",
                "Commitments",
                "Forecasts",
                "Decommitment",
            ],
            [
                "Code",
                "Specific objective",
                "Projects",
                "Allocation (euros)",
                "of which ERDF (euros)",
                "Selected grants (euros)",
                "Committed (euros)",
                "Paid (euros)",
            ],
        ),
    ],
)
def test_sheet_names_and_headers_in_the_language(small, lang, sheets, first_headers):
    wb = written(page_export(small, lang))
    assert wb.sheetnames == sheets
    headers, _, _ = rows_of(wb[sheets[1]], "Code")
    assert headers[: len(first_headers)] == first_headers


def test_objective_rows_by_hand(small):
    wb = written(page_export(small, "fr"))
    headers, body, _ = rows_of(wb["Par objectif spécifique"], "Code")
    rows = {r[0]: r for r in body}
    assert list(rows) == ["1.1", "2.1"]
    one, two = rows["1.1"], rows["2.1"]
    # 1.1: P1 250 000 + P2 200 000 committed; paid 37 500 + 100 000 + 50 000 (P1) + 30 000 (P2) = 217 500
    assert by_header(headers, one, "Dotation (euros)") == 1_000_000
    assert by_header(headers, one, "dont FEDER (euros)") == 400_000
    assert by_header(headers, one, "Subsides sélectionnés (euros)") == 250_000 + 200_000
    assert by_header(headers, one, "Engagé (euros)") == 250_000 + 200_000
    assert by_header(headers, one, "Liquidé (euros)") == 37_500 + 100_000 + 50_000 + 30_000
    assert by_header(headers, one, "Taux d'engagement") == pytest.approx(450_000 / 1_000_000)  # 0.45, a real fraction
    assert by_header(headers, one, "Statut (Taux d'engagement)") == "Sous le seuil"  # 45 % < 60 %
    assert by_header(headers, one, "Manque pour le seuil suivant (euros)") == 0.60 * 1_000_000 - 450_000  # 150 000
    # 2.1: P3 500 000 - 20 000; P4 100 000 - 100 000; P5 dated after as_of: 480 000; paid 480 000 + P4's 15 000
    assert by_header(headers, two, "Engagé (euros)") == 480_000
    assert by_header(headers, two, "Liquidé (euros)") == 75_000 + 300_000 + 105_000 + 15_000
    assert by_header(headers, two, "Subsides sélectionnés (euros)") == 500_000 + 300_000  # P4 cancelled: not selected
    assert by_header(headers, two, "Manque pour le seuil suivant (euros)") == 0.60 * 2_000_000 - 480_000  # 720 000


def test_number_formats_are_locale_neutral_codes_and_dates_are_dates(small):
    for lang, eur in (("fr", EUR_FR), ("nl", '"€"\\ #,##0.00'), ("en", '"€"#,##0.00')):
        wb = written(page_export(small, lang))
        ws = wb.worksheets[1]
        top = header_row(ws, "Code")
        headers = [c.value for c in ws[top]]
        alloc = ws.cell(top + 1, headers.index(headers[3]) + 1)
        assert isinstance(alloc.value, int | float) and alloc.number_format == eur
        rate = ws.cell(top + 1, 11)  # commitment rate: 450 000 / 1 000 000 = 45,0 %, written as shown
        assert isinstance(rate.value, float) and rate.value == 0.45
        assert rate.number_format == ("0.0\\ %" if lang == "fr" else "0.0%")  # French: a space before %
    pay = wb.worksheets[4]
    top = header_row(pay, "Project (code)")
    day = pay.cell(top + 1, 3)
    assert isinstance(day.value, datetime) and day.number_format == "mm-dd-yy"  # Excel's built-in short date (14)


def test_totals_rows_are_subtotals_of_exactly_the_table_rows(small):
    out = io.BytesIO()
    exports.write_page(page_export(small, "fr"), out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    checked = 0
    for ws in wb.worksheets[1:]:
        for table in ws.tables.values():
            first_cell, last_cell = table.ref.split(":")
            top, bottom = int(re.sub(r"\D", "", first_cell)), int(re.sub(r"\D", "", last_cell))
            assert (
                table.totalsRowCount == 1
                and table.autoFilter.ref == f"{first_cell}:{last_cell[: -len(str(bottom))]}{bottom - 1}"
            )
            for cell in ws[bottom]:
                if cell.data_type != "f":
                    continue
                ranges = SUBTOTAL.findall(cell.value)
                assert ranges, cell.value
                for col_a, row_a, col_b, row_b in ranges:
                    assert col_a == col_b
                    assert (int(row_a), int(row_b)) == (top + 1, bottom - 1)  # the data rows, no header, no totals
                if cell.value.startswith("=SUBTOTAL"):
                    assert ranges[0][0] == cell.column_letter  # a sum totals its own column
                checked += 1
    assert checked > 20
    # the cached values are the sums of the rows (3 000 000 allocation, 930 000 committed, 712 500 paid)
    values = openpyxl.load_workbook(io.BytesIO(out.getvalue()), data_only=True)["Par objectif spécifique"]
    headers, _, totals = rows_of(values, "Code")
    assert by_header(headers, totals, "Dotation (euros)") == 1_000_000 + 2_000_000
    assert by_header(headers, totals, "Engagé (euros)") == 450_000 + 480_000
    assert by_header(headers, totals, "Liquidé (euros)") == 217_500 + 495_000
    assert by_header(headers, totals, "Taux d'engagement") == pytest.approx(930_000 / 3_000_000)


def test_no_formula_but_the_totals(small):
    out = io.BytesIO()
    exports.write_page(page_export(small, "en"), out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    formulas = 0
    for ws in wb.worksheets:
        totals_rows = {c.row for c in ws["A"] if str(c.value or "").startswith("Total")}
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert c.row in totals_rows and c.value.startswith(("=SUBTOTAL(", "=IFERROR(SUBTOTAL(")), c
                    formulas += 1
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert xml.count("<f>") == formulas  # every formula of the file is one of the totals above


def test_formula_like_names_arrive_as_text(small):
    wb = written(page_export(small, "fr"))
    ws = wb["Projets"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (HYPERLINK, AT_SUM, "-Minus asbl"):
        cell = cells[text]
        assert cell.data_type == "s"  # a string, exactly as in the workbook
        assert cell.quotePrefix  # Excel shows it as text, and editing it keeps it text
    pay = wb["Liquidations"]
    names = [c for c in pay["B"] if c.value == HYPERLINK]
    assert names and all(c.data_type == "s" and c.quotePrefix for c in names)
    plain = cells["Project P1"]
    assert plain.data_type == "s" and not plain.quotePrefix


def test_status_words_with_fills(small):
    wb = written(page_export(small, "nl"))
    summary = wb["Samenvatting"]
    status = next(c for row in summary.iter_rows() for c in row if c.value == "Onder de drempel")
    assert status.fill.fgColor.rgb == "FFF8D7DA"  # red fill, the word in the cell
    ws = wb["Per specifieke doelstelling"]
    top = header_row(ws, "Code")
    col = [c.value for c in ws[top]].index("Status (Vastleggingsgraad)") + 1
    letter = openpyxl.utils.get_column_letter(col)
    rules = {
        r.formula[0]: r.dxf.fill.bgColor.rgb
        for rng in ws.conditional_formatting
        if str(rng.sqref) == f"{letter}{top + 1}:{letter}{top + 2}"
        for r in rng.rules
    }
    assert rules == {
        '"Onder de drempel"': "FFF8D7DA",
        '"Op te volgen"': "FFFFE8CC",
        '"Streefwaarde bereikt"': "FFD3F9D8",
    }


def test_summary_by_hand(small):
    wb = written(page_export(small, "fr"))
    ws = wb["Synthèse"]
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert pairs["Code CCI"].value == "2021BE16RFPR001"
    assert pairs["Date de situation"].value == datetime(2023, 6, 30)
    assert pairs["Date de situation"].number_format == "mm-dd-yy"
    # in Brussels time whatever the server's zone (the server's 09:30 is 10:30 in Brussels on a UTC server)
    assert pairs["Exporté le"].value == in_brussels(EXPORTED_AT)
    assert pairs["Fichiers sources (date d'extraction)"].value == "small.xlsx"
    assert "Données de démonstration\u00a0: montants fictifs" in pairs
    assert pairs["Indicateur"].value == "Taux d'engagement"
    # 930 000 / 3 000 000 = 31,0 % (below 60 %): written as shown, 0.31 with one decimal, French "0.0 %"
    assert pairs["Taux"].value == 0.31 and pairs["Taux"].number_format == "0.0\\ %"
    assert pairs["Statut"].value == "Sous le seuil" and pairs["Statut"].fill.fgColor.rgb == "FFF8D7DA"
    assert pairs["Seuil (rouge en dessous)"].value == 0.60
    assert pairs["Cible (vert à partir de)"].value == 0.90
    assert pairs["Montant à engager pour l'atteindre (euros)"].value == 0.60 * 3_000_000 - 930_000  # 870 000
    assert pairs["Engagé (euros)"].value == 930_000
    assert pairs["Liquidé (euros)"].value == 712_500
    assert pairs["Dotation (euros)"].value == 3_000_000
    assert len(ws._charts) == 1  # the native chart: allocation vs committed vs paid per objective
    props = wb.properties
    assert props.title == "FEDER 2021-2027 — Programme entier" and "2021BE16RFPR001" in props.subject
    assert props.created == EXPORTED_AT


def test_a_page_below_the_programme_has_only_its_rows(small):
    wb = written(page_export(small, "en", "objective", "1.1"))
    assert wb.sheetnames == [
        "Summary",
        "By specific objective",
        "By call",
        "Projects",
        "Payments",
        "Commitments",
        "Forecasts",
    ]
    _, body, _ = rows_of(wb["By specific objective"], "Code")
    assert [r[0] for r in body] == ["1.1"]
    _, body, _ = rows_of(wb["Projects"], "Project (code)")
    assert [r[0] for r in body] == ["P1", "P2"]
    # the payments of P1 and P2 up to 30/06/2023, by date (P1's 10 000 of 01/07/2023 is after the as-of date)
    _headers, body, totals = rows_of(wb["Payments"], "Project (code)")
    assert [(r[0], r[2].date().isoformat(), r[3], r[4]) for r in body] == [
        ("P1", "2021-05-20", "Advance", 37_500),
        ("P2", "2022-03-01", "Advance", 30_000),
        ("P1", "2022-06-30", "Interim payment", 100_000),
        ("P1", "2023-06-30", "Interim payment", 50_000),
    ]
    assert totals[4] == "=SUBTOTAL(109,E5:E8)"
    _headers, body, _ = rows_of(wb["Commitments"], "Project (code)")
    assert [(r[0], r[3]) for r in body] == [("P1", 250_000), ("P2", 200_000)]


def test_project_page(small):
    wb = written(page_export(small, "fr", "project", "P3"))
    assert wb.sheetnames == ["Synthèse", "Projets", "Liquidations", "Engagements", "Prévisions"]
    _, body, _ = rows_of(wb["Engagements"], "Projet (code)")
    assert [r[3] for r in body] == [500_000, -20_000]  # the decommitment is a negative line
    _headers, body, _ = rows_of(wb["Prévisions"], "Projet (code)")
    # P3: 2021 forecast 100 000, all of it expected (a past year), paid in 2021 75 000 = 75 % (red below 80 %);
    # 2022: 300 000 of 300 000 = 100 %; in the project's own words, never the programme's threshold words
    assert _headers[3:8] == ["Prévision (euros)", "Attendu selon la prévision à la date (euros)",
                             _headers[5], "Réalisé / attendu", _headers[7]]  # fmt: skip
    assert [(r[2], r[3], r[4], r[5], r[6], r[7]) for r in body] == [
        (2021, 100_000, 100_000, 75_000, 0.75, "Non atteinte"),
        (2022, 300_000, 300_000, 300_000, 1, "Prévision atteinte"),
    ]


def test_decommitment_says_it_is_an_estimate(small):
    wb = written(page_export(small, "fr"))
    headers, body, _totals = rows_of(wb["Dégagement d'office"], "Tranche")
    # no Tranches sheet: the EU allocation (400 000 + 800 000 = 1 200 000) split into 7 yearly tranches,
    # 171 428,58 for 2021 and 171 428,57 after; the 2021 tranche is then added in sixths to 2022-2027
    # (171 428,58 / 6 = 28 571,43 each): 171 428,57 + 28 571,43 = 200 000,00 for each of the 6 tranches
    assert [r[0] for r in body] == [2022, 2023, 2024, 2025, 2026, 2027]
    assert [r[1] for r in body] == [200_000] * 6
    method = headers.index("Méthode")
    assert {r[method] for r in body} == {"Estimation — ce n'est pas le calcul de la Commission"}
    # N+3 for 2022-2026 (Art. 105(1) CPR 2021/1060), closure for 2027
    assert [r[2].date().isoformat() for r in body] == [
        "2025-12-31", "2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2029-12-31"
    ]  # fmt: skip
    lost = headers.index("Dégagé, perdu (euros)")
    assert {r[lost] for r in body} == {0}  # an estimate never shows money lost
    assert "estimation" in wb["Dégagement d'office"]["A2"].value


def test_streamed_workbook_has_the_same_cells(small):
    export = page_export(small, "fr")
    normal, streamed = written(export, stream=False), written(export, stream=True)
    assert normal.sheetnames == streamed.sheetnames
    for a, b in zip(normal.worksheets, streamed.worksheets, strict=True):
        values_a = [[c.value for c in row] for row in a.iter_rows()]
        values_b = [[c.value for c in row] for row in b.iter_rows()]
        assert values_a == values_b, a.title
        if a.tables:  # a native table becomes a plain range with the same auto-filter, frozen header, totals
            (table,) = a.tables.values()
            assert not b.tables and b.auto_filter.ref == table.autoFilter.ref and b.freeze_panes == a.freeze_panes


def test_a_workbook_with_many_lines_is_streamed(small, monkeypatch):
    export = page_export(small, "fr")
    assert not exports.should_stream(export)
    monkeypatch.setattr("exports.workbooks.STREAM_LINES", 5)  # 13 payment and commitment lines
    assert exports.should_stream(export)


def test_committee_pack(small):
    from monitoring import figures
    from monitoring.thresholds import load_thresholds

    kpi = load_thresholds().headline(small.programme_id)
    summary = page_export(small, "nl")
    sheets = []
    for code, label in (("1.1", "Onderzoek"), ("2.1", "Energie")):
        total = figures.totals(small, objective=code)
        sheets.append(
            exports.ObjectiveSheet(
                code,
                label,
                total,
                figures.kpi_figures(small, kpi, total=total)["status"],
                figures.with_rag(figures.level_table(small, "call", objective=code), kpi),
                figures.projects_table(small, objective=code),
            )
        )
    out = io.BytesIO()
    exports.write_committee_pack(exports.CommitteePack(summary, tuple(sheets)), out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert wb.sheetnames == ["Samenvatting", "SD 1.1", "SD 2.1"]
    ws = wb["SD 2.1"]
    assert ws["A1"].value == "Specifieke doelstelling 2.1 — Energie"
    assert ws["B4"].value == "Onder de drempel" and ws["B5"].value == 2_000_000
    assert {t.name for t in ws.tables.values()} == {"Calls_2_1", "Projects_2_1"}
    _headers, body, _ = rows_of(ws, "Project (code)")
    assert [r[0] for r in body] == ["P3", "P4", "P5"]
    assert len(wb["Samenvatting"]._charts) == 1


def test_overview_workbook(small):
    out = io.BytesIO()
    exports.write_overview([page_export(small, "en")], out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert wb.sheetnames == ["Summary 2021-2027"]


@pytest.mark.parametrize(
    ("lang", "level", "key", "name"),
    [
        ("fr", "objective", "2.1", "FEDER-2021-2027-objectif-2.1-2023-11-30.xlsx"),
        ("nl", "objective", "2.1", "EFRO-2021-2027-doelstelling-2.1-2023-11-30.xlsx"),
        ("en", "objective", "2.1", "ERDF-2021-2027-objective-2.1-2023-11-30.xlsx"),
        ("fr", "programme", None, "FEDER-2021-2027-2023-11-30.xlsx"),
        ("nl", "call", "../../etc/passwd", "EFRO-2021-2027-oproep-etc-passwd-2023-11-30.xlsx"),
        ("en", "project", 'P "1"; rm -rf', "ERDF-2021-2027-project-P-1-rm-rf-2023-11-30.xlsx"),
        ("fr", "committee", None, "FEDER-2021-2027-comite-de-suivi-2023-11-30.xlsx"),
        ("en", "explorer", None, "ERDF-2021-2027-projects-2023-11-30.xlsx"),
    ],
)
def test_file_names(lang, level, key, name):
    from datetime import date

    assert exports.workbook_name(lang, "2021-2027", date(2023, 11, 30), level, key) == name


def test_image_names():
    from datetime import date

    day = date(2023, 11, 30)
    assert exports.image_name("fr", "2021-2027", day, "cumulative") == "FEDER-2021-2027-cumul-2023-11-30.png"
    assert exports.image_name("nl", "2014-2020", day, "by_axis") == "EFRO-2014-2020-per-as-2023-11-30.png"
    assert (
        exports.image_name("en", "2021-2027", day, "timeline", "call", "SO2.1-A")
        == "ERDF-2021-2027-call-SO2.1-A-timeline-2023-11-30.png"
    )


def test_decommitment_sheet_adds_up_with_the_pre_financing(small):
    """À couvrir − préfinancement − déclaré = exposé (the translator's H2: the pre-financing was left out)."""
    wb = written(page_export(small, "fr"))
    headers, body, _ = rows_of(wb["Dégagement d'office"], "Tranche")
    due, pre = headers.index("À couvrir, cumul (euros)"), headers.index("Préfinancement (euros)")
    claimed, gap = headers.index("Déclaré (euros)"), headers.index("Exposé au dégagement d'office (euros)")
    assert pre == due + 1 and claimed == pre + 1  # due, then what covers it, then the rest
    for r in body:
        assert round(r[due] - r[pre] - r[claimed], 2) == r[gap] or r[gap] == 0


def test_the_calls_sheet_heads_the_call_budget_as_a_call_budget(small):
    wb = written(page_export(small, "nl"))
    ws = next(ws for ws in wb.worksheets if ws.title == "Per projectoproep")
    headers, _, _ = rows_of(ws, "Oproep (code)")
    assert "Budget van de projectoproep (euro)" in headers and "Toewijzing (euro)" not in headers


def test_the_calls_totals_row_adds_up_amounts_but_writes_no_rate(small):
    # call budgets and the grants outside calls do not add up to the allocation: committed over their sum is no
    # rate of the programme (the demo's "Par appel" totals row read 63,2 % beside the programme's 58,3 %), so the
    # calls' totals row sums the amounts and leaves the rate cells empty
    wb = written(page_export(small, "fr"), data_only=True)
    ws = wb["Par appel"]
    headers, body, totals = rows_of(ws, "Appel (code)")
    committed = headers.index("Engagé (euros)")
    assert totals[committed] == pytest.approx(sum(r[committed] or 0 for r in body))
    assert by_header(headers, totals, "Taux d'engagement") is None
    assert by_header(headers, totals, "Taux de liquidation") is None
