"""The as-of calendar in the header: any day, besides the reporting cut-offs of the select (the demo's extract
date is 30/11/2023; 2014-2020 starts on 1/1/2014, 2021-2027 on 1/1/2021)."""

from __future__ import annotations

import pytest

from i18n import t
from tests.app.helpers import post_json, shell


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_the_calendar_follows_the_page(client, lang):
    out = shell(client, "/programme/2014-2020", f"?lang={lang}&as_of=2019-06-17")
    assert out[("asof-calendar", "value")] == "2019-06-17"  # a day that is no cut-off
    assert (out[("asof-calendar", "minDate")], out[("asof-calendar", "maxDate")]) == ("2014-01-01", "2023-11-30")
    assert out[("asof-calendar", "aria-label")] == t("as_of_calendar_help", lang)
    assert out[("asof-dates", "settings")] == {"locale": lang, "firstDayOfWeek": 1}  # month names in the language
    assert out[("asof-calendar", "valueFormat")] == {"fr": "DD/MM/YYYY", "nl": "DD/MM/YYYY", "en": "D MMM YYYY"}[lang]


def test_on_the_overview_the_calendar_spans_both_programmes(client):
    out = shell(client, "/", "?lang=fr")
    assert (out[("asof-calendar", "minDate")], out[("asof-calendar", "maxDate")]) == ("2014-01-01", "2023-11-30")
    assert out[("asof-calendar", "value")] == "2023-11-30"


@pytest.fixture(scope="module")
def pick_output(client) -> str:
    deps = client.get("/_dash-dependencies").get_json()
    (found,) = [
        d["output"]
        for d in deps
        if d["output"].startswith("nav-url.href@") and [i["id"] for i in d["inputs"]] == ["asof-calendar"]
    ]
    return found


def _pick(client, output, day, pathname, search):
    body = {
        "output": output,
        "outputs": {"id": "nav-url", "property": output.split(".", 1)[1]},
        "inputs": [{"id": "asof-calendar", "property": "value", "value": day}],
        "state": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
            {"id": "lang-store", "property": "data", "value": "fr"},
        ],
        "changedPropIds": ["asof-calendar.value"],
    }
    return post_json(client, body)


def test_a_day_picked_opens_the_page_at_that_day(client, pick_output):
    resp = _pick(client, pick_output, "2019-06-17", "/programme/2014-2020/objective/2", "?lang=nl")
    assert resp.get_json()["response"] == {
        "nav-url": {"href": "/programme/2014-2020/objective/2?lang=nl&as_of=2019-06-17"}
    }


def test_the_calendar_echoing_the_url_does_not_navigate(client, pick_output):
    resp = _pick(client, pick_output, "2019-06-17", "/programme/2014-2020", "?lang=fr&as_of=2019-06-17")
    assert resp.status_code == 204 or resp.get_json()["response"] == {}
