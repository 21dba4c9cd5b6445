"""ui.components: status never by colour alone, grid columns formatted in the page's language, breadcrumbs."""

from __future__ import annotations

import json

from monitoring.status import Status
from ui import components, ids


def test_status_badge_says_the_status_in_words_and_colour():
    badge = components.status_badge(Status("red", 0.5, 0.6, 100.0, "commit"), "nl")
    assert badge.children == "Onder de drempel"
    assert badge.color == components.RAG_COLOURS["red"]
    assert "rag-red" in badge.className


def test_number_columns_use_the_grid_context_formatters():
    col = components.eur_col("paid", "Vereffend")
    assert col["valueFormatter"]["function"] == "EUR(params.value, params.context)"
    assert col["type"] == "rightAligned" and col["headerTooltip"] == "Vereffend"
    assert components.pct_col("rate", "%")["valueFormatter"]["function"].startswith("PCT(")
    assert components.date_col("end", "Fin", maxWidth=140)["maxWidth"] == 140


def test_grid_context_carries_the_browser_locale_of_the_language():
    block = components.grid("g", [{"a": 1}], [{"field": "a"}], "nl", dashGridOptions={"pagination": True})
    grid, _printed = block.children  # the grid, and its rows as a plain table for paper
    assert grid.dashGridOptions["context"] == {"lang": "nl", "locale": "nl-BE", "na": "–"}
    assert grid.dashGridOptions["getLocaleText"] == {"function": "LOCALE_TEXT(params)"}  # AG Grid's texts in Dutch
    assert grid.dashGridOptions["pagination"] is True
    assert components.grid("g", [], [], "xx", print_rows=False).dashGridOptions["context"]["locale"] == "fr-BE"


def test_graph_config_follows_the_figures_language():
    from ui import charts

    fig = charts.status_donut({"selected": 1}, "nl")
    assert components.graph(fig).config["locale"] == "nl"
    assert "locale" not in components.graph(charts.status_donut({"selected": 1}, "en")).config  # English: plotly's own


def test_rag_column_colours_by_the_rows_rag_and_shows_its_words():
    col = components.rag_col("rag_label", "Statut")
    assert col["field"] == "rag_label"
    assert col["cellClassRules"]["rag-cell-red"] == "params.data && params.data.rag === 'red'"


def test_page_header_links_the_breadcrumbs_and_names_the_page():
    header = components.page_header("Titre", "Sous-titre", [("Vue d'ensemble", "/?lang=fr"), ("Ici", None)])
    crumbs, title_row, subtitle = header.children
    first, second = crumbs.children
    assert (first.href, first.id) == ("/?lang=fr", ids.crumb(0))
    assert second.children == "Ici"  # no link for a crumb without a page
    assert title_row.children[0].id == ids.PAGE_TITLE and subtitle.children == "Sous-titre"


def test_a_grid_prints_every_row_as_a_plain_table_in_the_pages_formats():
    rows = [{"name": f"P{i}", "paid": 1000.5 * i, "end": "2023-12-31"} for i in range(3)]
    cols = [
        {"field": "name", "headerName": "Naam"},
        components.eur_col("paid", "Vereffend"),
        components.date_col("end", "Einde"),
    ]
    printed = components.grid("g", rows, cols, "nl").children[1]
    table = printed.children[0]  # one element: assets/print_tables.js builds the <table> from its data (as text)
    head = json.loads(getattr(table, "data-head"))
    body = json.loads(getattr(table, "data-rows"))
    assert table.className == "print-table-data"
    assert head == ["Naam", "Vereffend", "Einde"]
    assert body[2] == ["P2", "€\xa02.001,00", "31 dec 2023"]  # 2 × 1000.5, as the grid writes it in Dutch
    assert "print-table" in printed.className
    many = components.print_table([{"name": str(i)} for i in range(components.PRINT_ROWS + 3)], cols[:1], "en")
    assert (
        many.children[1].children == f"… and 3 more rows, not printed (the first {components.PRINT_ROWS} are): "
        "export the Excel workbook to have them all."
    )
