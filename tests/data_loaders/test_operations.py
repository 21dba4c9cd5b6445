"""Lists of operations (data_loaders.operations): the four real lists, and small .csv files written here.

The expected figures were computed apart from the code under test, with a few lines of python-calamine over
the real files (the rows picked by eye: see each test's comments), and a few rows were checked by eye in
the file (LibreOffice). The sums are of the amounts as the format keeps them: each rounded to the cent.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from data_loaders import operations as ops
from data_loaders import writer
from data_loaders.loader import check_workbook

REAL = Path(__file__).resolve().parents[1] / "realdata" / "lists_of_operations"
BE1 = REAL / "BE1_Brussels_ERDF_2007-2013__ERDF_Brussels_2007-2013.xls"
BE2 = REAL / "BE2_Flanders_ERDF_2014-2020__ERDF_Data_Flandern_2014-2020.original.xls"
CZ = REAL / "CZ_2014-2020__ERDF_Czech Republic_2014-2020.xlsx"
FR = REAL / "FR_2014-2020__20160711_listeoperations_FEDER_FSE_14-20.xls"


def mapped(path: Path) -> ops.Extracted:
    table = ops.recognise(path.read_bytes(), path.name)
    assert table is not None, path.name
    return ops.extract(table, ops.propose(table.headers))


def by_priority(extracted: ops.Extracted) -> dict[str, tuple[int, float, float]]:
    return {
        k[0]: (v.operations, v.total_cost, v.eu_amount)
        for k, v in ops.totals(extracted.operations, ("priority",)).items()
    }


# -- Brussels 2007-2013: title rows, a bilingual header, axis and group rows, total rows --------------------
def test_brussels_header_below_title_rows_and_bilingual_names():
    table = ops.recognise(BE1.read_bytes(), BE1.name)
    assert table is not None
    assert (table.kind, table.sheet, table.header_row) == ("xls", "FR", 5)  # 4 title rows above it
    proposal = ops.propose(table.headers)
    assert proposal == {
        0: "project_id",  # N°
        1: "beneficiary",  # Bénéficiaire / Begunstigde: its French part is a known name
        4: "name",  # Opération / Actie
        7: "total_cost",  # Financement total du projet / Totale projectfinanciering (€)
        9: "eu_amount",  # Financement FEDER (UE) / EFRO-financiering (EU) (€)
    }
    assert table.titles[3].startswith("LISTE DES BENEFICIAIRES")


def test_brussels_sections_carried_and_totals_per_axis():
    ex = mapped(BE1)
    # operations on rows 8-15, 18-22 (axis 1) and 25-28, 31-47 (axis 2): 8 + 5 + 4 + 17 = 34
    assert len(ex.operations) == 34
    # rows 29, 48, 49, 50: "Total Groupe d'opérations 2.1.", "… 2.2.", "Total AXE 2", "Total général"
    assert [n.row for n in ex.notes if n.kind == "total"] == [29, 48, 49, 50]
    # section rows 6, 7, 16, 17 (one label in two rows: FR then NL), 23, 24, 30
    assert [n.row for n in ex.notes if n.kind == "section"] == [6, 7, 16, 17, 23, 24, 30]
    assert ex.sections["1"].startswith("SOUTENIR LA COMPETITIVITE TERRITORIALE / HET TERRITORIALE")
    assert ex.sections["2"].startswith("RENFORCER LA COHESION TERRITORIALE")
    assert list(ex.groups) == ["1.1", "1.2", "2.1", "2.2"]  # the file's own P11-, P12-, P21-, P22- numbers
    assert ex.groups["1.2"].startswith("Soutien à la mise en place") and " / Hulp bij de oprichting" in ex.groups["1.2"]
    # by hand (calamine, columns H and J, rows above):
    # axis 1 cost: 5 637 188 + 9 339 000 + 1 702 095.90 + 739 000 + 10 364 474 + 11 548 620.30 + 7 187 400
    #   + 25 997 413 + 16 042 502 + 8 582 184.14 + 1 120 000 + 2 181 338 + 3 733 000 = 104 174 215.34
    # axis 1 EU: raw sum 35 301 753.475; 470 773.975 (row 10) is kept as 470 773.97 -> 35 301 753.47
    # axis 2 cost = 65 170 485.74; EU: raw 19 077 259.365, 1 583 477.365 (row 27) kept as 1 583 477.36
    assert by_priority(ex) == {
        "1": (13, 104_174_215.34, 35_301_753.47),
        "2": (21, 65_170_485.74, 19_077_259.36),
    }
    # a row checked by eye: row 12 has no N°, its FEDER column holds the acronym "Bruxelles Environnement"
    row12 = next(op for op in ex.operations if op.row == 12)
    assert (row12.text("project_id"), row12.text("name"), row12.amount("total_cost")) == (
        "",
        "Brussels Green Fields",
        10_364_474.0,
    )
    assert (row12.priority, row12.group) == ("1", "1.1")
    # row 32, a crèche with zeros: an operation all the same (it was selected; its amounts are 0)
    assert next(op for op in ex.operations if op.row == 32).amount("total_cost") == 0.0


def test_brussels_groups_match_the_files_own_subtotals():
    """The file's own total rows add up column I (public financing): map it and compare."""
    table = ops.recognise(BE1.read_bytes(), BE1.name)
    assert table is not None
    mapping = {**ops.propose(table.headers), 8: "national_amount"}
    ex = ops.extract(table, mapping)
    groups = {k[0]: v.national_amount for k, v in ops.totals(ex.operations, ("group",)).items()}
    assert groups["2.1"] == 22_911_691.27  # row 29: "Total Groupe d'opérations 2.1." says 22 911 691.27
    assert groups["2.2"] == 34_445_239.46  # row 48 says 34 445 239.46
    assert round(groups["2.1"] + groups["2.2"], 2) == 57_356_930.73  # row 49 "Total AXE 2": 57 356 930.73


# -- Flanders 2014-2020: a call's list with its axis above the header ---------------------------------------
def test_flanders_priority_from_the_line_above_the_header():
    ex = mapped(BE2)
    assert ex.table.header_row == 4  # row 1 the call's title, row 3 "Prioritaire As: | Ondernemerschap"
    assert set(ex.mapping.values()) == {
        "project_id",
        "beneficiary",
        "name",
        "total_cost",
        "eu_amount",
        "national_amount",
    }
    # rows 5-27 are the 23 projects; row 29 the unlabelled total (8 759 246.02 / 3 499 891.69)
    assert len(ex.operations) == 23
    assert [n.row for n in ex.notes if n.kind == "total"] == [29]
    totals = ops.totals(ex.operations, ("priority",))[("Ondernemerschap",)]
    assert (totals.total_cost, totals.eu_amount) == (8_759_246.02, 3_499_891.69)  # = the file's total row
    # Vlaamse co-financiering: the file's total row says 3 190 229.58 because Excel's SUM skips the two numbers
    # stored as text ('76.999,5\n' and '161506,65\n'); read as numbers: 3 190 229.58 + 76 999.50 + 161 506.65
    assert totals.national_amount == 3_428_735.73
    assert len(totals.beneficiaries) == 22  # 23 projects, "Stad Sint-Niklaas" twice (rows checked by eye)


# -- Czech 2014-2020: several programmes, calls, a key table under the list --------------------------------
def test_czech_totals_per_programme_and_call():
    ex = mapped(CZ)
    assert set(ex.mapping.values()) >= {"project_id", "name", "beneficiary", "status", "call_id", "call_title",
                                         "programme", "total_cost", "eu_amount"}  # fmt: skip
    # rows 2-1773 are operations (1 772); row 1774 is empty; rows 1775-1783 a key of OP codes ("IROP | 006"),
    # two cells each and no amount: ignored, not operations
    assert len(ex.operations) == 1772
    assert [n.row for n in ex.notes if n.kind == "ignored"] == list(range(1775, 1784))
    per_programme = {
        k[0]: (v.operations, v.total_cost, v.eu_amount) for k, v in ops.totals(ex.operations, ("programme",)).items()
    }
    # by hand: calamine rows 2-1773 grouped by column H (Operační program), sums of columns I and J
    assert per_programme == {
        "01": (245, 3_136_066_375.57, 1_989_416_744.74),
        "02": (182, 5_077_065_487.76, 4_192_735_056.40),
        "03": (986, 30_402_809_901.92, 25_291_340_896.09),
        "05": (35, 3_237_223_807.04, 3_206_346_779.46),
        "06": (220, 3_180_072_002.96, 2_660_515_368.58),
        "07": (3, 471_721_859.00, 235_860_929.50),
        "08": (67, 2_422_245_864.28, 2_058_908_984.63),
        "11": (28, 0.0, 0.0),  # Interreg CZ-PL: its amounts are 0 or empty in the export
        "30": (6, 84_225_848.25, 71_591_971.00),
    }
    # no priority column in this export: every operation is in one unnamed priority
    assert set(by_priority(ex)) == {""}
    calls = ops.totals(ex.operations, ("call_id",))
    assert len(calls) == 81  # 81 distinct values in column F
    assert calls[("03_15_004",)].total_cost == 933_074_263.0  # "Záruky pro mladé", by hand the same way
    # "SOMA spol. s r. o." (rows 1398, 1406, 1407) is a beneficiary, not a "sum" row
    assert {1398, 1406, 1407} <= {op.row for op in ex.operations}


# -- France 2014-2020: 1 834 operations across 25 programmes ----------------------------------------------
def test_french_totals_per_programme():
    ex = mapped(FR)
    assert ex.mapping == {
        0: "programme", 1: "name", 2: "beneficiary", 3: "postcode", 4: "start_date", 5: "end_date",
        6: "total_cost", 7: "eu_amount", 9: "selection_date",
    }  # fmt: skip
    assert len(ex.operations) == 1834 and len(ex.programmes()) == 25
    t = {k[0]: (v.operations, v.total_cost, v.eu_amount) for k, v in ops.totals(ex.operations, ("programme",)).items()}
    # by hand: calamine rows 2-1835 grouped by column A, sums of columns G and H
    assert t["P.O Auvergne"] == (328, 35_426_314.64, 20_922_581.14)
    assert t["PO_FEDERFSE_MP"] == (347, 289_125_525.93, 103_584_584.34)
    assert t["PO EUROP'ACT"] == (26, 8_726_410.06, 6_913_384.87)
    assert round(sum(v[1] for v in t.values()), 2) == 1_169_057_981.58
    assert round(sum(v[2] for v in t.values()), 2) == 475_332_062.89
    # the Excel serial 1 (02/01/1900) as "no date": noted, left empty (rows 1833 and 1834)
    assert [(n.kind, n.row, n.value) for n in ex.notes] == [
        ("bad-date", 1833, "02/01/1900"),
        ("bad-date", 1834, "02/01/1900"),
    ]
    first = ex.operations[0]  # row 2, checked by eye
    assert (first.text("postcode"), first.values["start_date"], first.amount("total_cost")) == (
        "94025",
        date(2014, 9, 1),
        71_403.54,
    )


# -- the dashboard's data -----------------------------------------------------------------------------------
def test_build_programme_selection_against_allocation(tmp_path):
    ex = mapped(BE1)
    data = ops.build_programme(
        ex, programme_id="2014-2020", allocation={"1": 120_000_000, "2": 60_000_000}, as_of=date(2014, 11, 30)
    )
    budget = data.budget.set_index("code")
    assert budget.loc["1", "allocation"] == 120_000_000.0 and budget.loc["2", "allocation"] == 60_000_000.0
    assert budget.loc["1", "label_fr"].startswith("SOUTENIR")
    # the groups of operations are the calls; no call budget (a list does not give one)
    assert list(data.calls["call_id"]) == ["1.1", "1.2", "2.1", "2.2"]
    assert list(data.calls["budget"]) == [0.0] * 4
    assert len(data.projects) == 34 and set(data.projects["stage"]) == {"selected"}
    assert data.projects.loc[data.projects["objective_code"] == "1", "total_cost"].sum().round(2) == 104_174_215.34
    assert data.projects["project_id"].is_unique  # rows without N° get "R<row>": R12, R13, R14, R15, R22
    assert {"R12", "R22"} <= set(data.projects["project_id"])
    assert data.commitments.empty and data.payments.empty  # a list gives neither
    # the mapped list written as a workbook of the format loads with no error
    programme, sheets = ops.workbook_sheets(data)
    path = writer.write_workbook(tmp_path / "be1.xlsx", programme, sheets)
    loaded, issues = check_workbook(path)
    assert loaded is not None, [i.message("en") for i in issues]
    assert loaded.projects["total_cost"].sum().round(2) == 104_174_215.34 + 65_170_485.74


def test_build_one_programme_of_several_with_payments(tmp_path):
    text = "Programme;Project;Beneficiary;Total eligible cost;EU amount;Paid\n" \
           "OP A;Alpha;City;1.000,00;500,00;250,00\n" \
           "OP B;Beta;Port;2.000,00;800,00;\n" \
           "OP A;Gamma;School;3.000,50;1.500,25;100,00\n"  # fmt: skip
    table = ops.recognise(text.encode("cp1252"), "list.csv")
    assert table is not None
    ex = ops.extract(table, ops.propose(table.headers))
    data = ops.build_programme(ex, programme_id="2021-2027", programme="OP A", as_of=date(2025, 6, 30))
    assert list(data.projects["name"]) == ["Alpha", "Gamma"]
    assert data.projects["total_cost"].sum() == 4_000.50  # 1 000.00 + 3 000.50
    assert list(data.payments["amount"]) == [250.0, 100.0]  # one line per project that has a paid amount
    assert set(data.payments["date"]) == {pd_ts(date(2025, 6, 30))}
    assert data.budget["code"].tolist() == ["-"]  # no priority: one unnamed priority
    programme, sheets = ops.workbook_sheets(data)
    loaded, issues = check_workbook(writer.write_workbook(tmp_path / "a.xlsx", programme, sheets))
    assert loaded is not None, [i.message("en") for i in issues]


def pd_ts(d: date):
    import pandas as pd

    return pd.Timestamp(d)


def test_allocation_from_a_form():
    assert ops.allocation_from({"1": "1.234.567,89", "2": 100, " ": 5, "3": ""}) == {"1": 1_234_567.89, "2": 100.0}
    with pytest.raises(ValueError):
        ops.allocation_from({"1": "abc"})


# -- .csv: any delimiter, any of four encodings ------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "encoding", "delimiter"),
    [
        ("N°;Bénéficiaire;Coût total;Montant UE\n1;Ville;1000;500\n".encode(), "utf-8", ";"),
        (b"\xef\xbb\xbf" + b"Nr\tBegunstigde\tTotale kost\tEFRO\n1\tStad\t1000\t500\n", "utf-8-sig", "\t"),
        ("N°,Bénéficiaire,Coût total,Montant UE\n1,Ville € ,1000,500\n".encode("cp1252"), "cp1252", ","),
        ("N°|Bénéficiaire|Coût total|Montant UE\n1|Ville\x81|1000|500\n".encode("latin-1"), "latin-1", "|"),
    ],
)
def test_csv_delimiter_and_encoding(raw, encoding, delimiter):
    listfile = ops.read_list(raw, "list.csv")
    assert (listfile.kind, listfile.encoding, listfile.delimiter) == ("csv", encoding, delimiter)
    table = ops.find_table(listfile)
    assert table is not None and table.headers[1] in ("Bénéficiaire", "Begunstigde")
    ex = ops.extract(table, ops.propose(table.headers))
    assert [(op.amount("total_cost"), op.amount("eu_amount")) for op in ex.operations] == [(1000.0, 500.0)]


def test_csv_delimiter_not_fooled_by_decimal_commas_or_quoted_commas():
    # ";" splits every line into 4 fields; "," splits the amounts' decimals: 1, 3 and 3 fields
    assert ops.sniff_delimiter("N°;Nom;Coût total;Montant UE\n1;A;1,5;2,5\n2;B;3,5;4,5\n") == ";"
    # csv.Sniffer alone takes "," here (the commas of the quoted formula): 3 fields with ";" on both lines
    assert ops.sniff_delimiter('Project;Beneficiary;Cost\n"=F(""a"",""b"")";x;10\n') == ";"


def test_csv_title_rows_sections_and_total():
    text = (
        "Liste des opérations / Lijst van concrete acties\n"
        "\n"
        "N°;Bénéficiaire / Begunstigde;Opération / Actie;Coût total;FEDER (€)\n"
        "Axe 1 - Recherche\n"
        "1;A;Labo;100,50;50\n"
        "2;B;Incubateur;200;100\n"
        "Axe 2 - PME\n"
        "3;C;Guichet;300;150\n"
        ";;Total;600,50;300\n"
    )
    table = ops.recognise(text.encode(), "l.csv")
    assert table is not None and table.header_row == 3
    ex = ops.extract(table, ops.propose(table.headers))
    assert ex.sections == {"1": "Axe 1 - Recherche", "2": "Axe 2 - PME"}
    assert by_priority(ex) == {"1": (2, 300.5, 150.0), "2": (1, 300.0, 150.0)}  # 100.50 + 200 = 300.50
    assert [n.kind for n in ex.notes] == ["section", "section", "total"]


def test_a_mapped_priority_column_wins_over_sections():
    text = "Code;Name;Axis;Total cost\nSection A\nP1;x;Axe 1;10\nP2;y;Axe 2;20\n"
    table = ops.recognise(text.encode(), "l.csv")
    assert table is not None
    ex = ops.extract(table, ops.propose(table.headers))
    assert by_priority(ex) == {"Axe 1": (1, 10.0, 0.0), "Axe 2": (1, 20.0, 0.0)}


def test_not_a_list():
    assert ops.recognise(b"just some words\nand more\n", "notes.csv") is None
    assert ops.recognise(b"\x00\x01\x02", "x.bin") is None
    assert ops.recognise(b"PK\x03\x04broken", "x.xlsx") is None
    with pytest.raises(ops.ListError):
        ops.read_list(b"PK\x03\x04broken", "x.xlsx")


def test_header_signature_ignores_case_accents_and_spaces():
    a = ops.header_signature(["N°", "Bénéficiaire / Begunstigde", "Coût total"])
    assert a == ops.header_signature(["n°", "BENEFICIAIRE/BEGUNSTIGDE", "cout  total"])
    assert a != ops.header_signature(["N°", "Coût total", "Bénéficiaire / Begunstigde"])


# -- the workbook check says what the file is ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "operations", "sheet"),
    [(BE1, "34", "FR"), (BE2, "23", "P2"), (CZ, "1\u202f772", "Export"), (FR, "1\u202f834", "csv_agrops")],
)
def test_workbook_check_recognises_a_list(path, operations, sheet):
    data, issues = check_workbook(path)
    assert data is None
    assert [i.code for i in issues] == ["operations-list"]  # instead of "save as .xlsx" or six missing sheets
    message = issues[0].message("fr")
    assert message.startswith(f"{sheet}\u00a0: {path.name} ressemble à une liste d'opérations ({operations} opérations")
    assert "docs/data-format.md" in message


def test_workbook_check_of_a_csv_list(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"Project;Beneficiary;Total eligible cost\nA;B;10\n")
    _data, issues = check_workbook(path)
    assert [i.code for i in issues] == ["operations-list"]
    assert "1 operations under the header on row 1" in issues[0].message("en")


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path):
    text = 'Project;Beneficiary;Total eligible cost\n"=HYPERLINK(""http://x"",""y"")";=1+2;10\n'
    table = ops.recognise(text.encode(), "list.csv")
    assert table is not None
    data = ops.build_programme(ops.extract(table, ops.propose(table.headers)), programme_id="2014-2020")
    programme, sheets = ops.workbook_sheets(data)
    loaded, issues = check_workbook(writer.write_workbook(tmp_path / "f.xlsx", programme, sheets))
    assert loaded is not None, [i.message("en") for i in issues]
    assert list(loaded.projects["name"]) == ['=HYPERLINK("http://x","y")']  # read back as the text it was
    assert list(loaded.projects["beneficiary"]) == ["=1+2"]


# -- any text: a list, a refusal, never a crash -------------------------------------------------------------
_CELL = st.one_of(
    st.text(alphabet="abcéN°;,\t|\"'=-+ /0123456789.€\n", max_size=12),
    st.sampled_from(["Total", "TOTAAL AXE 2", "AXE 1", "Coût total", "Bénéficiaire / Begunstigde", "1.234,56", ""]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(  # one that is a list: the assertions below are met on a real one too
    rows=[["N°", "Bénéficiaire / Begunstigde", "Coût total"], ["AXE 1"], ["1", "a", "1.234,56"], ["Total", "", "5"]],
    delimiter=";",
    encoding="utf-8",
)
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=12),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_any_text_is_read_or_refused_never_a_crash(rows, delimiter, encoding):
    """Whatever a .csv holds: recognised or not; when recognised, every operation has its row, and the sums
    are those of its operations (each row counted once)."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    raw = buf.getvalue().encode(encoding, errors="replace")
    table = ops.recognise(raw, "any.csv")
    if table is None:
        assert rows != [["N°", "Bénéficiaire / Begunstigde", "Coût total"], ["AXE 1"], ["1", "a", "1.234,56"],
                        ["Total", "", "5"]]  # fmt: skip
        return
    ex = ops.extract(table, ops.propose(table.headers))
    assert len({op.row for op in ex.operations}) == len(ex.operations)
    assert {op.row for op in ex.operations}.isdisjoint(n.row for n in ex.notes if n.kind in ("total", "section"))
    together = ops.totals(ex.operations, ())
    if ex.operations:
        assert together[()].operations == len(ex.operations)
    data = ops.build_programme(ex, programme_id="2014-2020")
    assert len(data.projects) == len(ex.operations) and data.projects["project_id"].is_unique
