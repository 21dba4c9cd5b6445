"""Call for projects page: budget, selected projects, committed, paid, timeline."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc

from i18n import format_date, labelled, t

from .. import charts, service, urls
from ..components import amounts_row, graph, notice, page_header, section, status_badge
from ..words import objective_word
from .common import (
    View,
    as_of_for,
    as_of_line,
    crumbs_to,
    headline_line,
    load,
    objective_crumb,
    selection_status,
)
from .programme import cumulative_section
from .projects import projects_grid, projects_rows


def call_events(data, call_id: str, as_of, lang: str) -> pd.DataFrame:
    """The call's milestones: opening and closing, each project's selection and agreement (up to as_of)."""
    call = data.calls.set_index("call_id").loc[call_id]
    rows = [
        {
            "date": call["opening_date"],
            "lane": t("call", lang),
            "text": f"{t('opening_date', lang)} {format_date(call['opening_date'], lang)}",
        },
        {
            "date": call["closing_date"],
            "lane": t("call", lang),
            "text": f"{t('closing_date', lang)} {format_date(call['closing_date'], lang)}",
        },
    ]
    projects = data.projects[data.projects["call_id"] == call_id]
    for kind in ("selection_date", "agreement_date"):
        for p in projects.itertuples():
            d = getattr(p, kind)
            if pd.notna(d) and d.date() <= as_of:
                rows.append({"date": d, "lane": t(kind, lang), "text": f"{p.name} — {format_date(d, lang)}"})
    out = pd.DataFrame(rows)
    return out[out["date"].notna()]


def call(v: View, pid: str, call_id: str):
    data, row = load(v, pid, "calls", "call_id", call_id, t("call", v.lang))
    codes = [c.strip() for c in str(row["objective_codes"]).split(";") if c.strip()]
    obj = objective_crumb(data, codes[0], v.lang) if codes else None
    as_of = as_of_for(v, data)
    snap, iso = service.snapshot(), as_of.isoformat()
    tot = service.totals(snap, pid, iso, call=call_id)
    kpi = service.thresholds().headline(pid)
    status = selection_status(data, kpi, as_of, tot)
    projects = projects_rows(v, pid, iso, call=call_id)
    objective_links = [
        dcc.Link(
            f"{objective_word(pid, v.lang)} {c}", href=v.href(urls.objective_path(pid, c)), className="objective-link"
        )
        for c in codes
    ]
    events = call_events(data, call_id, as_of, v.lang)
    return dmc.Stack(
        [
            page_header(
                f"{t('call', v.lang)} {call_id} — {row['title']}",
                as_of_line(data, as_of, v.lang),
                crumbs_to(v, data, obj),
                status_badge(status, v.lang),
            ),
            dmc.Group(
                [
                    *objective_links,
                    dmc.Text(
                        f"{t('opening_date', v.lang)} {format_date(row['opening_date'], v.lang)} · "
                        f"{t('closing_date', v.lang)} {format_date(row['closing_date'], v.lang)} · "
                        + labelled(t("selected_projects", v.lang), str(len(projects)), v.lang),
                        c="dimmed",
                    ),
                ]
            ),
            headline_line(kpi, status, v.lang),
            amounts_row(tot, v.lang),
            section(
                t("selected_projects", v.lang),
                projects_grid("projects", projects, v, pid)
                if projects
                else notice(t("projects", v.lang), t("no_projects", v.lang), id="notice-no-projects"),
                hint=t("click_row", v.lang) if projects else None,
                id="section-projects",
            ),
            dmc.SimpleGrid(
                [
                    section(t("timeline", v.lang), graph(charts.events_timeline(events, v.lang), id="call-timeline")),
                    cumulative_section(v, pid, iso, tot["allocation"], call=call_id),
                ],
                cols={"base": 1, "lg": 2},
            ),
        ],
        gap="md",
    )
