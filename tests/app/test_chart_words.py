"""Each chart has a text alternative: the figures it draws in sentences of the page's language, made from the
same rows as the page's grid (ui.chart_words, ui.components.in_words)."""

from __future__ import annotations

import pytest

from i18n import format_eur, t
from monitoring import figures
from tests.app.helpers import components, route, strings, text_of


def _captions(tree) -> list[list[str]]:
    """The sentences of each chart's "in words" list."""
    out = []
    for c in components(tree):
        if c.get("type") == "Details" and "chart-words" in (c["props"].get("className") or ""):
            items = [x for x in components(c) if x.get("type") == "Li"]
            out.append([text_of(li) for li in items])
    return out


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_programme_charts_say_their_figures_in_words(client, programmes, thresholds, lang):
    pid = "2021-2027"
    tree = route(client, f"/programme/{pid}", f"?lang={lang}")
    assert t("chart_words.title", lang) in strings(tree)
    captions = _captions(tree)
    grid = next(
        c for c in components(tree) if c.get("props", {}).get("id") == {"type": "nav-grid", "index": "objectives"}
    )
    rows = grid["props"]["rowData"]
    # the objectives chart: one sentence per bar, with the grid's rate as written and its status word
    units = next(c for c in captions if len(c) == len(rows) and any(x.startswith(rows[0]["code"] + " ") for x in c))
    by_code = {sentence.split(" ", 1)[0]: sentence for sentence in units}
    assert set(by_code) == {r["code"] for r in rows}
    measure = {"fr": "engagé", "nl": "vastgelegd"}[lang]
    for r in rows:
        sentence = by_code[r["code"]]
        assert f"{r['label']}" in sentence and f"{r['commitment_rate_text']} {measure}" in sentence
        assert sentence.endswith(r["rag_label"])
    # the cumulative chart: committed and paid at the as-of date, against the allocation (the core's totals)
    tot = figures.totals(programmes[pid])
    cumulative = [c for c in captions if len(c) == 1 and format_eur(tot["allocation"], lang) in c[0]]
    assert cumulative and format_eur(tot["committed"], lang) in cumulative[0][0]
    assert format_eur(tot["paid"], lang) in cumulative[0][0]


def test_overview_gauge_in_words(client, programmes, thresholds):
    tree = route(client, "/", "?lang=fr")
    words = [s for c in _captions(tree) for s in c]
    h = figures.headline(programmes["2014-2020"], thresholds)
    gauge = next(s for s in words if s.startswith(t("kpi.consumption", "fr")))
    assert h["status"].rate_text("fr") in gauge and "seuil 95\xa0%" in gauge and h["status"].label("fr") in gauge
