"""The shell: header texts, as-of options and footer follow the URL (over HTTP); switching builds the URL."""

from __future__ import annotations

from datetime import date

import pytest

from i18n import LANGS, format_date, t
from monitoring import figures
from tests.app.helpers import post_json, shell, strings

PIDS = ("2014-2020", "2021-2027")


@pytest.fixture(scope="module")
def cb(app):
    """``ui.shell``, whose builders the shell callbacks call (on the app's data)."""
    from ui import shell as ui_shell

    return ui_shell


def _options(dates, lang):
    return [{"value": d.isoformat(), "label": format_date(d, lang)} for d in sorted(set(dates), reverse=True)]


def _n_warnings(programmes) -> int:
    return sum(len(d.warnings) for d in programmes.values())


# --- update_shell over HTTP -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_shell_on_overview(client, programmes, demo_dir, lang):
    out = shell(client, "/", f"?lang={lang}", stored_lang=None)
    assert out[("app-title", "children")] == t("app_title", lang)
    assert out[("demo-notice", "children")] == ""  # a temporary data folder is not the demo folder
    assert out[("lang-switch", "value")] == lang
    assert out[("asof-select", "aria-label")] == t("as_of_help", lang)
    assert out[("warnings-modal", "title")] == t("validation_warnings", lang)
    assert out[("programme-switch", "data")] == [{"value": p, "label": p} for p in PIDS]
    assert out[("programme-switch", "value")] is None  # no programme on the overview
    # the overview offers the cut-offs of both programmes, newest first, labelled in the language
    dates = [d for data in programmes.values() for d in figures.reporting_cutoffs(data)]
    assert out[("asof-select", "data")] == _options(dates, lang)
    assert out[("asof-select", "value")] == "2023-11-30"
    # the footer names both source files and their extract date in the language
    footer = out[("footer-sources", "children")]
    assert footer.startswith(t("source", lang))
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        assert name in footer
    assert footer.count(t("extract_date", lang, date=format_date(programmes["2014-2020"].info.as_of, lang))) == 2
    assert out[("warnings-button", "children")] == t("warnings_n", lang, n=_n_warnings(programmes))
    # the URL's language is remembered in the browser (it differs from the stored one)
    assert out[("lang-store", "data")] == lang
    links = {c["props"]["id"]: c["props"] for c in out[("nav-links", "children")]}
    assert links["nav-overview"]["children"] == t("overview", lang)
    assert links["nav-overview"]["href"] == f"/?lang={lang}"
    assert links["nav-explorer"]["href"] == f"/programme/2014-2020/projects?lang={lang}"


def test_shell_warnings_list_names_the_files_with_warnings(client, programmes):
    out = shell(client, "/", "?lang=en")
    texts = strings(out[("warnings-list", "children")])
    for pid, data in programmes.items():
        name = f"erdf-{pid}.xlsx"
        assert (name in texts) == bool(data.warnings)
        for w in data.warnings:
            assert w.message("en") in texts


def test_shell_on_a_programme_page_offers_that_programmes_cutoffs(client, programmes):
    data = programmes["2021-2027"]
    out = shell(client, "/programme/2021-2027/objective/1.1", "?lang=nl&as_of=2023-07-31", stored_lang="nl")
    assert out[("programme-switch", "value")] == "2021-2027"
    assert out[("asof-select", "data")] == _options(figures.reporting_cutoffs(data), "nl")
    assert out[("asof-select", "value")] == "2023-07-31"
    # the links keep the language and the as-of date; the explorer link is this programme's
    links = {c["props"]["id"]: c["props"]["href"] for c in out[("nav-links", "children")]}
    assert links == {
        "nav-overview": "/?lang=nl&as_of=2023-07-31",
        "nav-explorer": "/programme/2021-2027/projects?lang=nl&as_of=2023-07-31",
        "nav-official": "/official/2021BE16RFPR001?lang=nl",  # the Commission's figures of the same CCI
        "nav-data": "/data?lang=nl",  # the Data page has no date: the data shown now and the uploads
    }
    # the stored language already says nl: lang-store is not written again (no_update: absent from the answer)
    assert ("lang-store", "data") not in out


def test_shell_lists_an_as_of_date_that_is_not_a_cutoff(client):
    out = shell(client, "/programme/2014-2020", "?lang=fr&as_of=2023-05-15")
    assert out[("asof-select", "value")] == "2023-05-15"
    options = out[("asof-select", "data")]
    assert {"value": "2023-05-15", "label": format_date(date(2023, 5, 15), "fr")} in options
    assert [o["value"] for o in options] == sorted((o["value"] for o in options), reverse=True)  # newest first
    # a malformed date is not offered: the latest cut-off is selected
    out = shell(client, "/programme/2014-2020", "?lang=fr&as_of=31/12/2023")
    assert out[("asof-select", "value")] == "2023-11-30"
    assert all(o["value"] != "31/12/2023" for o in out[("asof-select", "data")])


def test_shell_caps_an_as_of_date_after_the_extract_date(client):
    out = shell(client, "/programme/2014-2020", "?lang=fr&as_of=2030-01-01")
    assert out[("asof-select", "value")] == "2023-11-30"
    assert all(o["value"] <= "2023-11-30" for o in out[("asof-select", "data")])


def test_shell_language_from_store_then_french(client, cb):
    assert shell(client, "/", "", stored_lang="nl")[("app-title", "children")] == t("app_title", "nl")
    assert shell(client, "/", "", stored_lang=None)[("lang-switch", "value")] == "fr"
    assert shell(client, "/", "?lang=xx", stored_lang="en")[("lang-switch", "value")] == "en"
    from ui.context import from_search

    assert from_search("?lang=en", "nl").lang == "en"
    assert from_search("?as_of=2023-01-31", "nl").lang == "nl"
    assert from_search(None, "de").lang == "fr"


# --- switching: target_href (plain function) -----------------------------------------------------
@pytest.mark.parametrize(
    "pathname, search, stored, lang, pid, as_of, expected",
    [
        # controls only echo the URL -> None
        ("/programme/2014-2020", "?lang=fr", None, "fr", "2014-2020", "2023-11-30", None),
        ("/programme/2014-2020", "", "nl", "nl", "2014-2020", "2023-11-30", None),
        ("/programme/2014-2020", "?lang=en&as_of=2023-04-30", None, "en", "2014-2020", "2023-04-30", None),
        ("/", "?lang=fr", None, "fr", None, "2023-11-30", None),
        ("/", "", None, None, None, None, None),
        # the language changes: same page, same as-of date, new language
        ("/programme/2014-2020", "?lang=fr", None, "nl", "2014-2020", "2023-11-30", "/programme/2014-2020?lang=nl"),
        (
            "/programme/2021-2027/call/2023-05",
            "?lang=fr&as_of=2023-07-31",
            None,
            "en",
            "2021-2027",
            "2023-07-31",
            "/programme/2021-2027/call/2023-05?lang=en&as_of=2023-07-31",
        ),
        ("/", "", "nl", "fr", None, "2023-11-30", "/?lang=fr"),
        # the as-of date changes: same page, same language
        (
            "/programme/2014-2020",
            "?lang=fr",
            None,
            "fr",
            "2014-2020",
            "2023-04-30",
            "/programme/2014-2020?lang=fr&as_of=2023-04-30",
        ),
        (
            "/programme/2014-2020/project/1420-1-01",
            "?lang=nl",
            None,
            "nl",
            "2014-2020",
            "2022-11-30",
            "/programme/2014-2020/project/1420-1-01?lang=nl&as_of=2022-11-30",
        ),
        ("/", "?lang=en", None, "en", None, "2023-01-31", "/?lang=en&as_of=2023-01-31"),
        # the programme changes: the other programme's page of the same kind (deeper pages -> programme page)
        ("/programme/2014-2020", "?lang=fr", None, "fr", "2021-2027", "2023-11-30", "/programme/2021-2027?lang=fr"),
        (
            "/programme/2014-2020/objective/1",
            "?lang=en&as_of=2023-04-30",
            None,
            "en",
            "2021-2027",
            "2023-04-30",
            "/programme/2021-2027?lang=en&as_of=2023-04-30",
        ),
        (
            "/programme/2021-2027/projects",
            "?lang=nl",
            None,
            "nl",
            "2014-2020",
            "2023-11-30",
            "/programme/2014-2020/projects?lang=nl",
        ),
        # an unknown language from the control is ignored
        ("/programme/2014-2020", "?lang=fr", None, "de", "2014-2020", "2023-11-30", None),
    ],
)
def test_target_href(cb, pathname, search, stored, lang, pid, as_of, expected):
    assert cb.target_href(pathname, search, stored, lang, pid, as_of) == expected


# --- switching over HTTP -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def switch_output(client) -> str:
    """``nav-url.href@<hash>``: the switch callback's output string (allow_duplicate adds a hash)."""
    deps = client.get("/_dash-dependencies").get_json()
    found = {
        d["output"]
        for d in deps
        if d["output"].startswith("nav-url.href@")
        and [i["id"] for i in d["inputs"]] == ["lang-switch", "programme-switch", "asof-select"]
    }
    assert len(found) == 1
    return found.pop()


def _switch(client, output, lang, pid, as_of, pathname, search, stored, changed):
    prop = output.split(".", 1)[1]
    body = {
        "output": output,
        "outputs": {"id": "nav-url", "property": prop},
        "inputs": [
            {"id": "lang-switch", "property": "value", "value": lang},
            {"id": "programme-switch", "property": "value", "value": pid},
            {"id": "asof-select", "property": "value", "value": as_of},
        ],
        "state": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
            {"id": "lang-store", "property": "data", "value": stored},
        ],
        "changedPropIds": [changed],
    }
    return post_json(client, body)


def test_switch_over_http_navigates(client, switch_output):
    resp = _switch(
        client,
        switch_output,
        "nl",
        "2014-2020",
        "2023-11-30",
        "/programme/2014-2020/objective/2",
        "?lang=fr",
        "fr",
        "lang-switch.value",
    )
    assert resp.status_code == 200
    assert resp.get_json()["response"] == {"nav-url": {"href": "/programme/2014-2020/objective/2?lang=nl"}}
    resp = _switch(
        client,
        switch_output,
        "fr",
        "2021-2027",
        "2023-11-30",
        "/programme/2014-2020/objective/2",
        "?lang=fr",
        "fr",
        "programme-switch.value",
    )
    assert resp.get_json()["response"] == {"nav-url": {"href": "/programme/2021-2027?lang=fr"}}
    resp = _switch(
        client,
        switch_output,
        "fr",
        "2014-2020",
        "2023-09-30",
        "/programme/2014-2020",
        "?lang=fr",
        "fr",
        "asof-select.value",
    )
    assert resp.get_json()["response"] == {"nav-url": {"href": "/programme/2014-2020?lang=fr&as_of=2023-09-30"}}


def test_switch_over_http_echo_does_not_navigate(client, switch_output):
    """The shell set the controls from the URL: the callback updates nothing (Dash 4 answers an empty
    response for no_update), so there is no navigation loop."""
    resp = _switch(
        client,
        switch_output,
        "en",
        "2014-2020",
        "2023-04-30",
        "/programme/2014-2020",
        "?lang=en&as_of=2023-04-30",
        "en",
        "asof-select.value",
    )
    assert resp.status_code in (200, 204)
    assert resp.status_code == 204 or resp.get_json()["response"] == {}


def test_programme_switch_on_the_overview_opens_that_programme(app):
    from ui.shell import target_href

    # the overview has no programme in its path: choosing 2021-2027 opens its page, in the same language
    assert target_href("/", "?lang=nl", None, "nl", "2021-2027", None) == "/programme/2021-2027?lang=nl"
