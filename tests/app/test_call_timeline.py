"""A call's timeline: one marker per project date while they are few; counted per month and step beyond
MAX_TIMELINE_EVENTS (a national call's thousands of projects would otherwise make a page of megabytes)."""

from __future__ import annotations

import pandas as pd

from i18n import t
from tests.app.helpers import by_id, route, text_of
from ui.views import call as call_view

PID, CALL = "2014-2020", "2015-01"


def _dates(programmes) -> pd.DataFrame:
    """The call's projects' selection and agreement dates (all on or before the extract date in the demo)."""
    p = programmes[PID].projects
    p = p[p["call_id"] == CALL]
    return pd.concat(
        [
            pd.DataFrame({"event": "selection", "date": p["selection_date"]}),
            pd.DataFrame({"event": "agreement", "date": p["agreement_date"]}),
        ]
    ).dropna()


def _markers(tree) -> list[str]:
    fig = by_id(tree, "call-timeline")["props"]["figure"]
    return [text for trace in fig["data"] for text in trace["customdata"]]


def test_few_project_dates_are_shown_one_by_one(client, programmes):
    dates = _dates(programmes)
    assert 0 < len(dates) <= call_view.MAX_TIMELINE_EVENTS
    markers = _markers(route(client, f"/programme/{PID}/call/{CALL}", "?lang=fr"))
    assert len(markers) == len(dates) + 2  # each project date, and the call's opening and closing


def test_many_project_dates_are_counted_per_month_and_step(client, programmes, monkeypatch):
    monkeypatch.setattr(call_view, "MAX_TIMELINE_EVENTS", 3)
    dates = _dates(programmes)
    months = dates.assign(month=dates["date"].dt.to_period("M"))
    groups = months.groupby(["event", "month"]).size()  # the recount: one marker per step and month
    tree = route(client, f"/programme/{PID}/call/{CALL}", "?lang=nl&as_of=2023-11-30")
    markers = _markers(tree)
    assert len(markers) == len(groups) + 2
    counted = [m for m in markers if " project" in m]  # "Selectie: 3 projecten in maart 2016"
    assert sum(int(m.split(": ")[1].split(" ")[0]) for m in counted) == len(dates)
    assert text_of(by_id(tree, "section-timeline-note")) == t("timeline_grouped_note", "nl", max=3)
