"""ui.components: status never by colour alone, grid columns formatted in the page's language, breadcrumbs."""

from __future__ import annotations

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
    grid = components.grid("g", [{"a": 1}], [{"field": "a"}], "nl", dashGridOptions={"pagination": True})
    assert grid.dashGridOptions["context"] == {"lang": "nl", "locale": "nl-BE", "na": "–"}
    assert grid.dashGridOptions["getLocaleText"] == {"function": "LOCALE_TEXT(params)"}  # AG Grid's texts in Dutch
    assert grid.dashGridOptions["pagination"] is True
    assert components.grid("g", [], [], "xx").dashGridOptions["context"]["locale"] == "fr-BE"  # unknown: French


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
