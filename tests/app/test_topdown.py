"""The top-down check on the official page and the programme page's block, over the app, on the small official file
tests/fixtures/topdown/topdown-peers_2019-01.csv (figures by hand in tests/monitoring/test_topdown.py) and on the
real Belgian extract (two ERDF peers: the empty state).

Programme A (2014BE16RFOP001, the demo's 2014-2020 CCI) at 31/12/2018: declared 25 %; its peers B, C, D gained
15, 20 and 29 points in the year after they were at 25 % (10-90 %: 16 to 27,2, median 20); one backtest forecast
(A from 2017: method 30 %, baseline 16 %, actual 25 %): MAPE 33,3 % and 60 %, mean error +5 and −9 points, too few
forecasts (three needed): the projection is not shown as a forecast.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from plotly.utils import PlotlyJSONEncoder

from i18n import format_date, format_pct, t
from tests.app.helpers import by_id, route, strings, text_of
from ui import ids as app_ids
from ui import service
from ui.views import topdown as view

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
A, B = "2014BE16RFOP001", "2014BE16RFOP002"
FILE = "topdown-peers_2019-01.csv"


def _configured(client, folder: Path):
    saved = service.backend()
    store, thresholds, settings = saved
    service.configure(store, thresholds, replace(settings, official_dir=folder))
    return saved


@pytest.fixture
def peers(client):
    saved = _configured(client, FIXTURES / "topdown")
    yield client
    service.configure(*saved)


@pytest.fixture
def real(client):
    saved = _configured(client, FIXTURES / "official")
    yield client
    service.configure(*saved)


def _words(tree) -> list[str]:
    return [text_of(li) for li in by_id(tree, app_ids.TOPDOWN_WORDS)["props"]["children"]]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_the_official_page_shows_the_check(peers, lang):
    tree = route(peers, f"/official/{A}", f"?lang={lang}")
    assert by_id(tree, app_ids.TOPDOWN_SECTION) is not None
    words = _words(tree)
    # peers' gains: 15, 20, 29 points → 10th percentile 16, 90th 27,2 → 27, median 20; from 25,0 %
    assert words[0] == t(
        "topdown.words.gains",
        lang,
        measure=t("topdown.measure.spent_rate", lang),
        rate=format_pct(0.25, lang),
        n=3,
        low="16",
        high="27",
        median="20",
    )
    # one backtest forecast, three needed: the year 95 % is reached (2022) is not said; that it is not shown is
    assert words[1] == t("topdown.words.not_shown", lang)
    assert "2022" not in " ".join(words)
    verdict = text_of(by_id(tree, app_ids.TOPDOWN_VERDICT))
    assert verdict == t("topdown.verdict.not_enough_history", lang, n=1, needed=3)
    table = " ".join(strings(by_id(tree, app_ids.TOPDOWN_BACKTEST)))
    # MAPE: |20 − 15| / 15 = 33,3 % (method), |6 − 15| / 15 = 60,0 % (baseline); mean error +5,0 and −9,0 points
    for figure in (format_pct(1 / 3, lang), format_pct(0.6, lang), format_pct(0.0, lang)):
        assert figure in table
    assert ("+5,0" if lang != "en" else "+5.0") in table and ("−9,0" if lang != "en" else "−9.0") in table
    # the chart in words: 31/12/2018, A 25,0 %, peers 48,0 % to 76,0 % (median 60,0 %)
    assert t(
        "topdown.words.point",
        lang,
        date=format_date(date(2018, 12, 31), lang),
        measure=t("topdown.measure.spent_rate", lang),
        rate=format_pct(0.25, lang),
        low=format_pct(0.48, lang),
        high=format_pct(0.76, lang),
        median=format_pct(0.60, lang),
    ) in strings(tree)


def test_peer_titles_are_escaped_in_the_chart(peers):
    """On B's page, A is a peer: its title from the file ("Région <b>A</b> & co") reaches plotly escaped."""
    tree = route(peers, f"/official/{B}", "?lang=fr")
    figure = by_id(tree, app_ids.TOPDOWN_CHART)["props"]["figure"]
    hovers = " ".join(str(trace.get("hovertemplate", "")) for trace in figure["data"])
    assert "<extra>Région &lt;b&gt;A&lt;/b&gt; &amp; co</extra>" in hovers  # shown as written, never bold
    assert "<b>A</b>" not in hovers
    # B is at 60 % at 31/12/2018: only C went through 60 % with a year after it (at 4, then 80 % at 5); A and D never
    # reached it: three peers to draw beside it, one gain, no projection
    assert _words(tree) == [t("topdown.words.too_few_gains", "fr", n=1, needed=3)]


def test_the_real_series_has_too_few_peers(real):
    """Brussels in the real Belgian extract: two ERDF peers (Flanders, Wallonia), fewer than three: the empty state."""
    tree = route(real, f"/official/{A}", "?lang=nl")
    empty = by_id(tree, app_ids.TOPDOWN_EMPTY)
    assert empty["props"]["title"] == t("topdown.empty.title", "nl")
    assert text_of(empty) == t("topdown.words.too_few_peers", "nl", n=2, needed=3)
    assert by_id(tree, app_ids.TOPDOWN_CHART) is None


def test_the_programme_pages_block(peers):
    block = json.loads(json.dumps(view.topdown_check("2014-2020", "nl"), cls=PlotlyJSONEncoder))
    sentence = by_id(block, app_ids.TOPDOWN_CHECK)["props"]["children"][0]
    # the peers' gains, then (one backtest forecast, three needed) that the projection is not shown
    assert sentence.strip().endswith(" " + t("topdown.check.not_shown", "nl"))
    assert "2022" not in sentence  # the year 95 % would be reached is not said
    assert sentence.strip().startswith(
        t(
            "topdown.check.sentence",
            "nl",
            date=format_date(date(2018, 12, 31), "nl"),
            measure=t("topdown.measure.spent_rate", "nl"),
            rate=format_pct(0.25, "nl"),
            low="16",
            high="27",
        )
    )
    link = by_id(block, app_ids.TOPDOWN_CHECK_LINK)
    assert link["props"]["href"] == f"/official/{A}?lang=nl&source={FILE}#{app_ids.TOPDOWN_SECTION}"
    # the 2021-2027 demo programme's CCI is in no series: no block
    assert view.topdown_check("2021-2027", "nl") is None


def test_a_shown_projection_is_drawn_and_said(peers):
    """When the backtest beats the baseline (here set by hand), the projection is drawn with its band and its year
    is said: from 25 % at 31/12/2018, 31/12/2019 at 41 % to 52,2 % (median 45 %); 95 % in 2022."""
    source = service.official_source(A, FILE)
    td, bt = service.official_topdown(source, A)
    shown = dataclasses.replace(bt, verdict="shown")
    figure = view.topdown_chart(td, shown, "en")
    projection = [tr for tr in figure.data if tr.name == t("topdown.chart.projection", "en")]
    assert len(projection) == 1 and list(projection[0].y) == pytest.approx([25.0, 45.0])
    assert view.projection_words(td, shown, "en")[1] == t(
        "topdown.words.reach", "en", threshold=format_pct(0.95, "en", 0), year="2022"
    )
    said = view.chart_sentences(td, shown, "en")
    assert said[-1] == t(
        "topdown.words.projected",
        "en",
        date=format_date(date(2019, 12, 31), "en"),
        low=format_pct(0.41, "en"),
        high=format_pct(0.522, "en"),
        median=format_pct(0.45, "en"),
    )
    # not shown: no projection trace, no year
    hidden = view.topdown_chart(td, bt, "en")
    assert not [tr for tr in hidden.data if tr.name == t("topdown.chart.projection", "en")]


def test_the_programme_pages_forecast_section_carries_the_check(peers):
    """The lead's placement: the forecast section of the 2014-2020 page (filled after the page) holds the sentence
    and its link to the official page; the 2021-2027 section (its CCI in no series) has none."""
    from tests.app.helpers import ids as ids_of
    from tests.app.test_forecast_page import _ask_of, _fill

    tree = route(peers, "/programme/2014-2020", "?lang=fr")
    (slot,) = _fill(peers, _ask_of(tree, "section", "2014-2020"), "section", "2014-2020").values()
    assert {app_ids.TOPDOWN_CHECK, app_ids.TOPDOWN_CHECK_LINK} <= ids_of(slot["children"])
    tree = route(peers, "/programme/2021-2027", "?lang=fr")
    (slot,) = _fill(peers, _ask_of(tree, "section", "2021-2027"), "section", "2021-2027").values()
    assert app_ids.TOPDOWN_CHECK not in ids_of(slot["children"])
