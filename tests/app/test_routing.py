"""The pages routing callback over HTTP: every page answers, in every language, with the core's figures."""

from __future__ import annotations

from datetime import date

import pytest

from i18n import LANGS, format_date, format_eur, format_pct, labelled, t
from monitoring import figures
from tests.app.helpers import by_id, components, explorer_rows, ids, route, strings, text_of
from ui import urls
from ui.words import objective_word

PIDS = ("2014-2020", "2021-2027")


# --- overview -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_overview_headline_amounts_in_each_language(client, programmes, thresholds, lang):
    tree = route(client, "/", f"?lang={lang}")
    assert "notice-page-error" not in ids(tree)
    assert text_of(by_id(tree, "page-title")) == t("overview", lang)
    for pid in PIDS:
        h = figures.headline(programmes[pid], thresholds)
        # the headline "done" amount: paid for 2014-2020 (consumption), committed for 2021-2027 (commitment)
        assert text_of(by_id(tree, f"done-{pid}")) == format_eur(h["done"], lang)
        assert text_of(by_id(tree, f"allocation-{pid}")) == format_eur(h["allocation"], lang)
        assert text_of(by_id(tree, f"rate-{pid}")) == format_pct(h["rate"], lang)
        assert text_of(by_id(tree, f"describe-{pid}")) == h["status"].describe(lang)
        # the card's button opens the programme page in the same language
        assert by_id(tree, f"open-{pid}")["props"]["href"] == f"/programme/{pid}?lang={lang}"


def test_overview_amounts_by_hand(client):
    """The demo figures, written out by hand (the demo generator is deterministic):
    2014-2020 paid 187 112 895,04 € of 200 120 206,00 € (187 112 895,04 / 200 120 206 = 93.5 %),
    2021-2027 committed 167 904 000,00 € of 288 000 000,00 € (58.3 %)."""
    fr = route(client, "/", "?lang=fr")
    assert text_of(by_id(fr, "done-2014-2020")) == "187\u202f112\u202f895,04\xa0€"
    assert text_of(by_id(fr, "done-2021-2027")) == "167\u202f904\u202f000,00\xa0€"
    nl = route(client, "/", "?lang=nl")
    assert text_of(by_id(nl, "done-2014-2020")) == "€\xa0187.112.895,04"
    en = route(client, "/", "?lang=en")
    assert text_of(by_id(en, "done-2021-2027")) == "€167,904,000.00"
    assert text_of(by_id(en, "rate-2021-2027")) == "58.3%"  # 167 904 000 / 288 000 000 = 0.58300


def test_language_from_store_when_url_has_none(client, programmes, thresholds):
    """No ?lang= in the URL: the language remembered in the browser (lang-store) is used; then French."""
    h = figures.headline(programmes["2014-2020"], thresholds)
    tree = route(client, "/", "", stored_lang="nl")
    assert text_of(by_id(tree, "done-2014-2020")) == format_eur(h["done"], "nl")
    tree = route(client, "/", "?lang=en", stored_lang="nl")  # the URL wins
    assert text_of(by_id(tree, "done-2014-2020")) == format_eur(h["done"], "en")
    tree = route(client, "/", "", stored_lang=None)
    assert text_of(by_id(tree, "done-2014-2020")) == format_eur(h["done"], "fr")
    tree = route(client, "/", "?lang=de", stored_lang="xx")  # unknown languages fall back to French
    assert text_of(by_id(tree, "page-title")) == t("overview", "fr")


# --- programme page -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", PIDS)
def test_programme_page_objectives_labels_and_committed(client, programmes, pid, lang):
    data = programmes[pid]
    tree = route(client, f"/programme/{pid}", f"?lang={lang}")
    assert "notice-page-error" not in ids(tree)
    table = figures.level_table(data, "objective")
    assert list(table["key"]) == list(dict.fromkeys(data.budget["code"]))  # a code with two versions: once

    grid = by_id(tree, {"type": "nav-grid", "index": "objectives"})
    rows = {r["code"]: r for r in grid["props"]["rowData"]}
    assert set(rows) == set(table["key"])
    hover = set(strings(by_id(tree, {"type": "drill-graph", "index": "objectives"})["props"]["figure"]))
    committed_word = t("committed", lang)
    for r in table.to_dict("records"):
        label = r[f"label_{lang}"]
        assert rows[r["key"]]["label"] == label
        assert rows[r["key"]]["committed"] == pytest.approx(r["committed"], abs=0.005)
        assert rows[r["key"]]["href"] == f"/programme/{pid}/objective/{r['key']}?lang={lang}"
        # the bar's hover text carries the label and the committed amount formatted in the language
        assert (
            f"<b>{r['key']} {label}</b><br>{labelled(committed_word, format_eur(r['committed'], lang), lang)} "
            f"({format_pct(r['commitment_rate'], lang)})"
        ) in hover

    tot = figures.totals(data)
    assert text_of(by_id(tree, "stat-committed")).startswith(format_eur(tot["committed"], lang))
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(tot["paid"], lang))
    assert data.info.cci in " ".join(strings(tree))


def test_programme_page_by_hand(client):
    """2021-2027 in French: committed 167 904 000,00 € (see the overview test)."""
    tree = route(client, "/programme/2021-2027", "?lang=fr")
    assert text_of(by_id(tree, "stat-committed")).startswith("167\u202f904\u202f000,00\xa0€")
    assert text_of(by_id(tree, "page-title")).startswith("FEDER 2021-2027")
    assert text_of(by_id(route(client, "/programme/2021-2027", "?lang=nl"), "page-title")).startswith("EFRO 2021-2027")


# --- every page renders -------------------------------------------------------------------------
def _all_pages(programmes) -> list[tuple[str, str]]:
    pages = []
    for pid, data in sorted(programmes.items()):
        pages += [("objective", urls.objective_path(pid, c)) for c in dict.fromkeys(data.budget["code"])]
        pages += [("call", urls.call_path(pid, c)) for c in data.calls["call_id"]]
        pages += [("project", urls.project_path(pid, p)) for p in list(data.projects["project_id"])[:5]]
        pages.append(("explorer", urls.explorer_path(pid)))
    return pages


def test_every_objective_call_project_and_explorer_page_renders(client, programmes):
    pages = _all_pages(programmes)
    assert len(pages) == (5 + 2 + 5 + 1) + (9 + 18 + 5 + 1)
    failures = []
    for lang in LANGS:
        for kind, path in pages:
            tree = route(client, path, f"?lang={lang}")
            found = ids(tree)
            if "notice-page-error" in found or "notice-not-found" in found or "page-title" not in found:
                failures.append((lang, path, sorted(found)[:5]))
                continue
            title = text_of(by_id(tree, "page-title"))
            key = path.rsplit("/", 1)[-1]
            if kind == "explorer":
                expected = t("projects_explorer", lang)
                assert by_id(tree, {"type": "nav-grid", "index": "explorer"}) is not None
            elif kind == "objective":
                expected = f"{objective_word(path.split('/')[2], lang)} {key}"
            elif kind == "call":
                expected = f"{t('call', lang)} {key}"
            else:
                expected = key
            if not title.startswith(expected):
                failures.append((lang, path, title))
    assert failures == []  # (how long they take is measured by benchmarks/bench_callbacks.py, not here)


@pytest.mark.parametrize("pid", PIDS)
def test_call_and_project_pages_show_core_totals(client, programmes, pid):
    data = programmes[pid]
    call_id = data.calls["call_id"].iloc[0]
    tree = route(client, urls.call_path(pid, call_id), "?lang=nl")
    tot = figures.totals(data, call=call_id)
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(tot["paid"], "nl"))
    assert text_of(by_id(tree, "stat-allocation")).startswith(format_eur(tot["allocation"], "nl"))
    project_id = data.projects["project_id"].iloc[0]
    tree = route(client, urls.project_path(pid, project_id), "?lang=en")
    tot = figures.totals(data, project=project_id)
    assert text_of(by_id(tree, "stat-committed")).startswith(format_eur(tot["committed"], "en"))
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(tot["paid"], "en"))


def test_explorer_lists_every_project_with_core_amounts(client, programmes):
    data = programmes["2021-2027"]
    tree = route(client, "/programme/2021-2027/projects", "?lang=fr")
    page = by_id(tree, "explorer-page")["props"]["data"]
    grid = '{"index":"explorer","type":"nav-grid"}'
    rows = explorer_rows(client, page)[(grid, "getRowsResponse")]["rowData"]  # all 57 rows in one request
    table = figures.level_table(data, "project").set_index("key")
    assert sorted(r["project_id"] for r in rows) == sorted(data.projects["project_id"])
    for r in rows:
        assert r["paid"] == pytest.approx(table.loc[r["project_id"], "paid"], abs=0.005)
        assert r["href"] == f"/programme/2021-2027/project/{r['project_id']}?lang=fr"
    tot = figures.totals(data)
    # the total line under the grid: all projects of the programme
    line = text_of(by_id(tree, "explorer-totals"))
    assert line.startswith(t("filtered_totals", "fr", n=len(rows)))
    assert f"{t('paid', 'fr')} {format_eur(sum(r['paid'] for r in rows), 'fr')}" in line
    assert sum(r["paid"] for r in rows) == pytest.approx(tot["paid"], abs=0.01)


# --- unknown things -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path, notice",
    [
        ("/programme/1999-2005", "notice-no-programme"),
        ("/programme/1999-2005/objective/1", "notice-no-programme"),
        ("/programme/1999-2005/call/2023-01", "notice-no-programme"),
        ("/programme/1999-2005/project/X", "notice-no-programme"),
        ("/programme/1999-2005/projects", "notice-no-programme"),
        ("/programme/2021-2027/objective/9.9", "notice-not-found"),
        ("/programme/2014-2020/objective/1.1", "notice-not-found"),  # a 2021-2027 code in the other programme
        ("/programme/2021-2027/call/2099-01", "notice-not-found"),
        ("/programme/2021-2027/project/NOPE-1", "notice-not-found"),
        ("/programme/2014-2020/project/2127-1.1-01", "notice-not-found"),
        ("/programme/2021-2027/objective/%3Cscript%3E", "notice-not-found"),
        ("/no/such/page", "notice-404"),
    ],
)
@pytest.mark.parametrize("lang", ("fr", "en"))
def test_unknown_things_give_a_notice_not_an_error(client, path, notice, lang):
    tree = route(client, path, f"?lang={lang}")
    found = ids(tree)
    assert notice in found
    assert "notice-page-error" not in found
    if notice == "notice-not-found":
        assert t("not_found_title", lang) in strings(tree)


# --- as-of date -----------------------------------------------------------------------------------
def test_earlier_as_of_shows_smaller_paid_amount_equal_to_core(client, programmes, thresholds):
    data = programmes["2014-2020"]
    extract, earlier = data.info.as_of, date(2023, 4, 30)
    assert earlier in figures.reporting_cutoffs(data)
    now_paid = figures.totals(data)["paid"]
    then_paid = figures.totals(data, earlier)["paid"]
    assert then_paid < now_paid

    for lang in LANGS:
        latest = route(client, "/programme/2014-2020", f"?lang={lang}")
        before = route(client, "/programme/2014-2020", f"?lang={lang}&as_of={earlier.isoformat()}")
        assert text_of(by_id(latest, "stat-paid")).startswith(format_eur(now_paid, lang))
        assert text_of(by_id(before, "stat-paid")).startswith(format_eur(then_paid, lang))
        h = figures.headline(data, thresholds, earlier)
        assert text_of(by_id(before, "headline-line")).startswith(
            labelled(t("kpi.consumption", lang), format_pct(h["rate"], lang), lang)
        )
        # the links of the page keep the as-of date
        rows = by_id(before, {"type": "nav-grid", "index": "objectives"})["props"]["rowData"]
        assert all(r["href"].endswith(f"?lang={lang}&as_of=2023-04-30") for r in rows)
    assert extract == date(2023, 11, 30)


def test_as_of_on_overview_and_deeper_pages(client, programmes, thresholds):
    earlier = date(2023, 7, 31)
    tree = route(client, "/", f"?lang=en&as_of={earlier.isoformat()}")
    for pid in PIDS:
        h = figures.headline(programmes[pid], thresholds, earlier)
        assert text_of(by_id(tree, f"done-{pid}")) == format_eur(h["done"], "en")
    data = programmes["2021-2027"]
    pid_ = data.projects["project_id"].iloc[0]
    tree = route(client, urls.project_path("2021-2027", pid_), f"?lang=fr&as_of={earlier.isoformat()}")
    assert text_of(by_id(tree, "stat-paid")).startswith(
        format_eur(figures.totals(data, earlier, project=pid_)["paid"], "fr")
    )


@pytest.mark.parametrize("as_of", ["2030-01-01", "garbage", "2023-13-45", ""])
def test_as_of_after_extract_or_malformed_shows_extract_date(client, programmes, as_of):
    data = programmes["2014-2020"]
    tree = route(client, "/programme/2014-2020", f"?lang=fr&as_of={as_of}")
    assert "notice-page-error" not in ids(tree)
    assert text_of(by_id(tree, "stat-paid")).startswith(format_eur(figures.totals(data)["paid"], "fr"))
    # the page says which date it shows: the extract date
    assert any(f"{t('as_of', 'fr')} {format_date(data.info.as_of, 'fr')}" in s for s in strings(tree))


def test_every_component_is_serialisable_json(client):
    """Sanity: the answer is a component tree (Dash components with type/namespace), not a repr."""
    tree = route(client, "/programme/2014-2020", "?lang=fr")
    kinds = {(c["namespace"], c["type"]) for c in components(tree)}
    assert ("dash_ag_grid", "AgGrid") in kinds
    assert ("dash_core_components", "Graph") in kinds
    assert ("dash_mantine_components", "Stack") in kinds
