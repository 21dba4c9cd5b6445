"""An as-of date before the programme's start (1/1/2014, 1/1/2021: config/thresholds.toml) says "not started
yet", never "below threshold": the headline, the objective rows and a notice that says why."""

from __future__ import annotations

from datetime import date

import pytest

from i18n import t
from monitoring import figures
from tests.app.helpers import by_id, route, strings, text_of


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_date_before_the_start_is_not_started_yet(client, lang):
    tree = route(client, "/programme/2021-2027", f"?lang={lang}&as_of=2020-06-30")
    words = " ".join(strings(tree))
    assert t("rag.not_started", lang) in words
    assert t("rag.red", lang) not in words  # nothing is "below threshold" before the programme starts
    notice = by_id(tree, "notice-as-of")
    assert t("not_started.title", lang) in " ".join(strings(notice["props"]["title"]))
    start = {"fr": "1 janv. 2021", "nl": "1 jan 2021"}[lang]  # the 2021-2027 KPI's start, config/thresholds.toml
    assert start in text_of(notice)
    rows = by_id(tree, {"type": "nav-grid", "index": "objectives"})["props"]["rowData"]
    assert rows and {r["rag_label"] for r in rows} == {t("rag.not_started", lang)}


def test_the_day_the_programme_starts_is_judged(client):
    # on 1/1/2021 the KPI applies: the demo has committed nothing yet, 0 % < 60 % is below threshold
    tree = route(client, "/programme/2021-2027", "?lang=fr&as_of=2021-01-01")
    assert by_id(tree, "notice-as-of") is None
    assert t("rag.red", "fr") in " ".join(strings(tree))


def test_the_core_status_before_the_start(programmes, thresholds):
    data = programmes["2014-2020"]
    kpi = thresholds.headline("2014-2020")
    assert kpi.start == date(2014, 1, 1)
    before = figures.kpi_figures(data, kpi, date(2013, 12, 31))["status"]
    assert before.rag == "na" and before.not_started and before.gap is None
    assert (
        before.label("en") == "Not started yet" and before.describe("en") == "No threshold before the programme starts"
    )
    table = figures.with_rag(figures.level_table(data, "objective", date(2013, 12, 31)), kpi, date(2013, 12, 31))
    assert set(table["rag"]) == {"na"}
    on = figures.kpi_figures(data, kpi, date(2014, 1, 1))["status"]
    assert not on.not_started and on.rag == "red"  # 0 paid of the allocation on the first day: below 95 %
