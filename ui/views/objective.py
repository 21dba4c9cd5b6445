"""Objective (or priority axis) page: its calls for projects and its projects."""

from __future__ import annotations

import dash_mantine_components as dmc

from i18n import t
from monitoring import figures
from monitoring.status import Status

from .. import charts, service, urls
from ..components import (
    amounts_row,
    drill_graph,
    notice,
    page_header,
    section,
    status_badge,
)
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
from .programme import cumulative_section, units_grid
from .projects import projects_grid, projects_rows


def calls_first(table):
    """Calls in id order, the row of projects outside any call last."""
    return (
        table.assign(_outside=table["key"] == "")
        .sort_values(["_outside", "key"], kind="stable")
        .drop(columns="_outside")
    )


def call_href(v: View, pid: str, key: str, code: str) -> str:
    """A call's page; the projects outside any call have no call page (their row points at the objective's projects)."""
    return v.href(urls.call_path(pid, key)) if key else v.href(urls.objective_path(pid, code)) + "#outside-calls"


def calls_rows(v: View, table, pid: str, code: str) -> list[dict]:
    return [
        {
            "code": r["key"] or "–",
            "label": r["label"] if r["key"] else t("outside_calls", v.lang),
            "allocation": r["allocation"],
            "committed": r["committed"],
            "paid": r["paid"],
            "commitment_rate": r["commitment_rate"],
            "liquidation_rate": r["liquidation_rate"],
            "n_projects": r["n_projects"],
            "rag": r["rag"],
            "rag_label": Status(r["rag"], None, None, None, "pay").label(v.lang),
            "href": call_href(v, pid, r["key"], code),
        }
        for r in table.to_dict("records")
    ]


def shared_calls_note(v: View, data, code: str) -> list:
    """Calls open to several objectives keep their whole budget here: say so, so the rate is read as a floor."""
    links = data.call_objectives()
    shared = sorted(
        c
        for c, n in links.groupby("call_id")["objective_code"].nunique().items()
        if n > 1 and code in set(links.loc[links["call_id"] == c, "objective_code"])
    )
    if not shared:
        return []
    return [
        dmc.Text(
            t(
                "shared_calls_note",
                v.lang,
                calls=", ".join(shared),
                levels=objective_word(data.programme_id, v.lang, plural=True).lower(),
            ),
            size="sm",
            c="dimmed",
            id="shared-calls-note",
        )
    ]


def objective(v: View, pid: str, code: str):
    data, _ = load(v, pid, "budget", "code", code, objective_word(pid, v.lang))
    _, label = objective_crumb(data, code, v.lang)
    as_of = as_of_for(v, data)
    snap, iso = service.snapshot(), as_of.isoformat()
    tot = service.totals(snap, pid, iso, objective=code)
    kpi = service.thresholds().headline(pid)
    status = selection_status(data, kpi, as_of, tot)
    calls = calls_first(figures.with_status(service.level_table(snap, pid, "call", iso, objective=code), kpi))
    projects = projects_rows(v, pid, iso, objective=code)
    if calls.empty:
        calls_part = notice(t("calls", v.lang), t("no_calls", v.lang), id="notice-no-calls")
    else:
        labels = [
            f"{r['key']} {r['label']}" if r["key"] else t("outside_calls", v.lang) for r in calls.to_dict("records")
        ]
        hrefs = [v.href(urls.call_path(pid, k)) if k else None for k in calls["key"]]
        calls_part = dmc.Stack(
            [
                drill_graph(charts.level_bars(calls, labels, hrefs, v.lang), "calls"),
                units_grid("calls", calls_rows(v, calls, pid, code), v, t("call", v.lang)),
                *shared_calls_note(v, data, code),
            ]
        )
    return dmc.Stack(
        [
            page_header(
                f"{objective_word(pid, v.lang)} {code} — {label}",
                as_of_line(data, as_of, v.lang),
                crumbs_to(v, data),
                status_badge(status, v.lang),
            ),
            headline_line(kpi, status, v.lang),
            amounts_row(tot, v.lang),
            section(
                t("calls", v.lang),
                calls_part,
                hint=t("click_to_open", v.lang) if not calls.empty else None,
                id="section-calls",
            ),
            section(
                t("projects", v.lang),
                projects_grid("projects", projects, v, pid)
                if projects
                else notice(t("projects", v.lang), t("no_projects", v.lang)),
                hint=t("click_row", v.lang) if projects else None,
            ),
            cumulative_section(v, pid, iso, tot["allocation"], objective=code),
        ],
        gap="md",
    )
