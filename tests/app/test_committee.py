"""Committee mode over HTTP: the deck's slides, their figures, bilingual texts, the deck for printing."""

from __future__ import annotations

from datetime import date

import pytest

from i18n import format_pct, t
from tests.app.helpers import components, route, strings


def _in_order(node):
    """The components of a tree in document order."""
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from _in_order(value)
    elif isinstance(node, list):
        for item in node:
            yield from _in_order(item)


def _slides(tree) -> list[str]:
    return [c["props"]["data-slide"] for c in _in_order(tree) if c["type"] == "Section"]


def test_the_deck_shows_one_slide_and_links_the_others(client):
    tree = route(client, "/committee", "?programme=2021-2027&lang=fr")
    assert _slides(tree) == ["title"]
    nav = next(c["props"] for c in components(tree) if c["type"] == "Nav")
    assert nav["data-next"].startswith("/committee?programme=2021-2027&lang=fr&slide=headline")
    assert nav["data-exit"] == "/programme/2021-2027?lang=fr"
    assert t("committee.title", "fr") in strings(tree)


def test_all_slides_in_order_for_printing(client, programmes):
    tree = route(client, "/committee", "?programme=2021-2027&lang=nl&slide=all")
    names = _slides(tree)
    # 9 objectives fit on one slide; 18 calls go over two, "(1/2)" and "(2/2)" after the title
    assert names[:5] == ["title", "headline", "objectives", "calls", "calls-2"]
    assert names[-1].startswith("changes") and len(names) == len(set(names))
    assert f"Dia {len(names)} van {len(names)}" in strings(tree)
    assert "Projectoproepen\u00a0(2/2)" in strings(tree)


def test_the_headline_slide_gives_the_programmes_kpi(client, programmes, thresholds):
    from monitoring import figures

    h = figures.headline(programmes["2014-2020"], thresholds)
    tree = route(client, "/committee", "?programme=2014-2020&lang=en&slide=headline")
    texts = strings(tree)
    assert format_pct(h["rate"], "en") in texts  # 93.5%: 187 112 895,04 paid of 200 120 206,00
    assert h["status"].describe("en") in texts
    assert "Below threshold" in texts


def test_changes_since_replay_the_money_lines(client, programmes, thresholds):
    from monitoring import figures

    data = programmes["2021-2027"]
    then = figures.level_table(data, "objective", date(2023, 6, 30)).set_index("key")
    now = figures.level_table(data, "objective").set_index("key")
    tree = route(client, "/committee", "?programme=2021-2027&lang=en&slide=changes&since=2023-06-30")
    texts = strings(tree)
    assert "Changes since 30 Jun 2023" in texts
    # 1.1: the rate then and now, both shown
    assert format_pct(then.loc["1.1", "commitment_rate"], "en") in texts
    assert format_pct(now.loc["1.1", "commitment_rate"], "en") in texts


@pytest.mark.parametrize(("slide", "word"), [("objectives", "rag.red"), ("headline", "rag.red"),
                                            ("late", "forecast_state.current.red")])  # fmt: skip
def test_bilingual_slides_carry_french_and_dutch(client, slide, word):
    texts = strings(route(client, "/committee", f"?programme=2021-2027&lang=fr&bilingual=1&slide={slide}"))
    assert t(word, "fr") in texts and t(word, "nl") in texts


def test_without_a_programme_the_deck_offers_the_loaded_ones(client):
    tree = route(client, "/committee", "?lang=nl")
    links = [c["props"]["href"] for c in _in_order(tree) if c["type"] == "Link"]
    assert links == ["/committee?programme=2014-2020&lang=nl", "/committee?programme=2021-2027&lang=nl"]


def test_bilingual_dates_are_written_in_each_language(client):
    # the changes slide since 31/07/2023, in French with Dutch beside it: each sentence has its own date format
    texts = strings(
        route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=changes&since=2023-07-31")
    )
    # "Évolution depuis le 31 juil. 2023 (1/3)": the title, then the slide's place when the table goes over several
    assert [s for s in texts if s.startswith(t("committee.slide.changes", "fr", date="31 juil. 2023"))]
    assert [s for s in texts if s.startswith(t("committee.slide.changes", "nl", date="31 jul 2023"))]
    headline = strings(route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=headline"))
    assert not [s for s in headline if "déc." in s and ("dagen" in s or "datum" in s)]  # no French date in Dutch


def _text(node) -> list[str]:
    """The texts a component shows (its children's strings, depth first), not its properties."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for item in node for s in _text(item)]
    if isinstance(node, dict) and "props" in node:
        return _text(node["props"].get("children"))
    return []


def _rows(tree, part: str) -> list[list[str]]:
    """The table rows of every slide of a part, in order: each row's texts."""
    out = []
    for section in (c for c in _in_order(tree) if c["type"] == "Section" and c["props"]["data-part"] == part):
        for row in (c for c in _in_order(section) if c["type"] == "Tr"):
            cells = [c for c in _in_order(row["props"]["children"]) if c["type"] == "Td"]
            if cells:
                out.append(_text(row))
    return out


@pytest.mark.parametrize("query", ["lang=fr", "lang=nl&bilingual=1", "lang=fr&bilingual=1"])
@pytest.mark.parametrize("pid", ["2021-2027", "2014-2020"])
def test_every_call_and_every_late_project_is_on_a_slide(client, programmes, thresholds, pid, query):
    """No "… and 10 more": the calls and the late projects go over as many slides as they need, every one shown."""
    from monitoring import figures
    from monitoring.progress import project_status_table

    data = programmes[pid]
    tree = route(client, "/committee", f"?programme={pid}&{query}&slide=all")
    calls = figures.level_table(data, "call")
    calls = sorted(calls.loc[calls["key"] != "", "key"])  # 2021-2027: the 18 calls of 2023
    shown = sorted(r[0] for r in _rows(tree, "calls"))
    assert shown == calls
    if pid == "2021-2027":
        assert len(shown) == 18
    status = project_status_table(data, data.info.as_of, bands=thresholds.forecast)
    late = sorted(status.loc[status["status"].isin(["late", "slightly_late"]), "project_id"])
    assert sorted(r[0] for r in _rows(tree, "late")) == late
    assert not [s for s in strings(tree) if s.startswith("…")]


def test_the_late_projects_slide_shows_the_ratio_their_status_is_judged_on(client, programmes, thresholds):
    """As on the project page: paid ÷ the part of the year's forecast expected by the date, the project's own
    words, and never a closed project."""
    from monitoring.progress import project_status_table
    from monitoring.status import format_rate

    data = programmes["2021-2027"]
    rows = {r[0]: r for r in _rows(route(client, "/committee", "?programme=2021-2027&lang=fr&slide=all"), "late")}
    # ICITY-RDI.BRU: 2 380 807,58 paid in 2023 to 30/11; expected by then 3 333 000 × 334/365 = 3 049 906,85;
    # 2 380 807,58 / 3 049 906,85 = 78,1 % (not 2 380 807,58 / 3 333 000 = 71,4 %, the whole year's)
    icity = rows["2127-1.1-01"]
    assert "78,1\u00a0%" in icity and "71,4\u00a0%" not in icity
    assert t("forecast_state.current.red", "fr") in icity
    assert t("rag.red", "fr") not in icity  # never the programme's threshold words for a project
    status = project_status_table(data, data.info.as_of, bands=thresholds.forecast).set_index("project_id")
    for pid_, row in rows.items():
        cut = (thresholds.forecast.red_below, thresholds.forecast.green_from)
        assert format_rate(status.loc[pid_, "current_ratio"], cut, "fr") in row
    rule = next(s for s in strings(route(client, "/committee", "?programme=2021-2027&lang=fr&slide=late"))
                if s.startswith("Liquidé en 2023"))  # fmt: skip
    assert "rouge sous 80\u00a0%" in rule and "de 80\u00a0% à 90\u00a0%" in rule  # the bands of thresholds.toml


def test_a_closed_project_is_never_late(client, programmes):
    # TRIAXES (1420-1-06) is closed (balance paid 02/08/2021): it has a 2023 forecast row but no longer a status
    data = programmes["2014-2020"]
    assert data.projects.set_index("project_id").loc["1420-1-06", "stage"] == "closed"
    tree = route(client, "/committee", "?programme=2014-2020&lang=fr&slide=all")
    assert "1420-1-06" not in [r[0] for r in _rows(tree, "late")]


def test_the_decommitment_slide_adds_up_with_the_pre_financing(client, programmes, thresholds):
    """À couvrir − préfinancement − déclaré = reste, as on the programme page (the 1,8 M€ the slide left out)."""
    from i18n import format_eur_short
    from monitoring import figures

    data = programmes["2021-2027"]
    df = figures.decommitment_exposure(data, data.info.as_of, thresholds.decommitment("2021-2027"))
    tree = route(client, "/committee", "?programme=2021-2027&lang=fr&slide=all")
    texts = strings(tree)
    assert t("decommitment.col.due", "fr") == "À couvrir (cumul)" and "À couvrir (cumul)" in texts
    assert t("decommitment.col.prefinancing", "fr") in texts
    rows = _rows(tree, "decommitment")
    assert [r[0] for r in rows] == [str(int(y)) for y in df["tranche_year"]]
    for row, r in zip(rows, df.to_dict("records"), strict=True):
        # 2022: 18 388 322,50 due − 1 728 000,00 pre-financing − 2 225 000,00 claimed = 14 435 322,50
        assert r["decommitted_before"] == 0
        assert abs(r["due_cumulative"] - r["prefinancing"] - r["claimed"] - r["gap"]) < 0.01 or r["gap"] == 0
        amounts = [format_eur_short(r[k], "fr") for k in ("due_cumulative", "prefinancing", "claimed", "gap")]
        assert row[2:6] == amounts


def test_the_bilingual_counter_and_keys_are_in_french_and_dutch(client):
    tree = route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=headline")
    texts = strings(tree)
    n = len(_slides(route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=all")))
    counter = next(c for c in _in_order(tree) if c["props"].get("className") == "slide-counter")
    assert "".join(_text(counter)) == f"Diapositive 2 sur {n} · Dia 2 van {n}"
    assert f"{t('committee.keys', 'fr')} · {t('committee.keys', 'nl')}" in texts
    # the footer: no dangling separator after the CCI; no demo notice on data that is not demo data
    assert "2021BE16RFPR001" in texts and "2021BE16RFPR001 · " not in texts
    assert t("demo_notice", "fr") not in texts


def test_the_bilingual_rule_writes_each_language_its_own_way(client):
    # the bands of the late-projects rule: "80 %" in the French text, "80%" in the Dutch one beside it
    texts = strings(route(client, "/committee", "?programme=2021-2027&lang=fr&bilingual=1&slide=late"))
    fr = next(s for s in texts if s.startswith("Liquidé en 2023"))
    nl = next(s for s in texts if s.startswith("Vereffend in 2023"))
    assert "rouge sous 80\u00a0%" in fr and "30 nov. 2023" in fr
    assert "rood onder 80%" in nl and "30 nov 2023" in nl
