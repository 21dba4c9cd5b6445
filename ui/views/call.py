"""Call for projects page: budget, selected projects, committed, paid, timeline."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc

from i18n import format_date, labelled, t

from .. import chart_words, charts, ids, links, pagedata, service, urls
from ..components import (
    amounts_row,
    export_bar,
    export_button,
    graph,
    in_words,
    notice,
    page_header,
    section,
    status_badge,
)
from ..context import Request, View
from ..words import objective_word, short_label
from .common import as_of_line, as_of_notice, crumbs_to, headline_line, load, not_found
from .programme import cumulative_section
from .projects import explorer_rows, served_grid

#: the lane (catalogue key) of each kind of milestone on the call's timeline
_LANES = {"opening": "call", "closing": "call", "selection": "selection_date", "agreement": "agreement_date"}
_CALL_EVENTS = {"opening": "opening_date", "closing": "closing_date"}


#: beyond this many project dates, the call's timeline shows one point per month and step (a national call has
#: thousands of projects: one marker each would make a page of megabytes that no one can read)
MAX_TIMELINE_EVENTS = 200


def timeline_events(v: View, call_id: str) -> pd.DataFrame:
    """The call's milestones as chart events: columns date, lane, text (in the page's language).

    With more than MAX_TIMELINE_EVENTS project dates, those are counted per month and step instead.
    """
    m = service.call_milestones(v.pid, call_id, v.as_of, v.lang, snapshot=v.snapshot)
    own = m[m["event"].isin(list(_CALL_EVENTS))]
    dates = m[~m["event"].isin(list(_CALL_EVENTS))]
    rows = [
        (d, t(_LANES[e], v.lang), f"{t(_CALL_EVENTS[e], v.lang)} {format_date(d, v.lang)}")
        for e, d in zip(own["event"], own["date"], strict=True)
    ]
    if len(dates) <= MAX_TIMELINE_EVENTS:
        rows += [
            (d, t(_LANES[e], v.lang), f"{n} — {format_date(d, v.lang)}")
            for e, n, d in zip(dates["event"], dates["name"], dates["date"], strict=True)
        ]
    else:
        months = dates.assign(month=dates["date"].dt.to_period("M").dt.to_timestamp())
        for (event, month), group in months.groupby(["event", "month"], sort=True):
            lane = t(_LANES[str(event)], v.lang)
            text = t("timeline_grouped", v.lang, event=lane, n=len(group), month=format_date(month, v.lang, "MMMM y"))
            rows.append((month, lane, text))
    frame = pd.DataFrame(rows, columns=["date", "lane", "text"])
    frame.attrs["grouped"] = len(dates) > MAX_TIMELINE_EVENTS
    return frame


def call(r: Request, pid: str, call_id: str) -> dmc.Stack:
    v = load(r, pid)
    try:
        m = pagedata.call(v, call_id, full=False)  # the figures the workbook shows too
    except pagedata.Missing:
        raise not_found(v, t("call", v.lang), call_id) from None
    title = m.unit_label
    codes = service.call_objective_codes(pid, call_id, snapshot=v.snapshot)
    first_label = service.objective_label(pid, codes[0], v.lang, snapshot=v.snapshot) if codes else None
    obj = (codes[0], short_label(pid, codes[0], first_label, v.lang)) if first_label is not None else None
    tot, kpi, status = m.totals, m.kpi, m.status
    projects = explorer_rows(v, call=call_id)
    events = timeline_events(v, call_id)
    objective_links = [
        dcc.Link(
            f"{objective_word(pid, v.lang)} {c}",
            href=v.href(urls.objective_path(pid, c)),
            className="objective-link",
        )
        for c in codes
    ]
    row = service.call_row(pid, call_id, snapshot=v.snapshot) or {}
    return dmc.Stack(
        [
            page_header(
                f"{t('call', v.lang)} {call_id} — {title}",
                as_of_line(v),
                crumbs_to(v, objective=obj),
                status_badge(status, v.lang),
            ),
            export_bar(export_button(links.view_href(v, urls.call_path(pid, call_id)), v.lang)),
            as_of_notice(v),
            dmc.Group(
                [
                    *objective_links,
                    dmc.Text(
                        f"{t('opening_date', v.lang)} {format_date(row.get('opening_date'), v.lang)} · "
                        f"{t('closing_date', v.lang)} {format_date(row.get('closing_date'), v.lang)} · "
                        + labelled(t("selected_projects", v.lang), str(len(projects)), v.lang),
                        c="dimmed",
                    ),
                ]
            ),
            headline_line(kpi, status, v.lang),
            amounts_row(tot, v.lang, "call", rate=m.rate_text),
            section(
                t("selected_projects", v.lang),
                served_grid(v, call=call_id)
                if projects
                else notice(t("projects", v.lang), t("no_projects", v.lang), id=ids.NOTICE_NO_PROJECTS),
                hint=t("click_row", v.lang) if projects else None,
                id=ids.SECTION_PROJECTS,
            ),
            dmc.SimpleGrid(
                [
                    section(
                        t("timeline", v.lang),
                        in_words(
                            graph(
                                charts.events_timeline(events, v.lang),
                                id=ids.CALL_TIMELINE,
                                image=links.chart_image(v, "timeline", "call", call_id),
                            ),
                            chart_words.events(events),
                            v.lang,
                        ),
                        dmc.Text(
                            t("timeline_grouped_note", v.lang, max=MAX_TIMELINE_EVENTS),
                            size="sm",
                            c="dimmed",
                            id=ids.TIMELINE_NOTE,
                        )
                        if events.attrs.get("grouped")
                        else None,
                    ),
                    cumulative_section(v, tot["allocation"], call=call_id),
                ],
                cols={"base": 1, "lg": 2},
            ),
        ],
        gap="md",
    )
