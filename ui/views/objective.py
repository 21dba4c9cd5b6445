"""Objective (or priority axis) page: its calls for projects and its projects."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import dash_mantine_components as dmc
import pandas as pd

from i18n import format_eur, t

from .. import chart_words, charts, ids, links, pagedata, service, urls
from ..chart_limits import anchored, limit_note
from ..components import (
    amounts_row,
    drill_graph,
    export_bar,
    export_button,
    in_words,
    notice,
    page_header,
    section,
    status_badge,
)
from ..context import Request, View
from ..words import objective_word, rag_word
from .common import as_of_line, as_of_notice, crumbs_to, headline_line, load, not_found
from .programme import cumulative_section, rate_texts, units_grid
from .projects import explorer_rows, served_grid


def call_href(v: View, key: str, code: str) -> str:
    """A call's page; the projects outside any call have no call page (their row points at the objective's projects)."""
    return v.href(urls.call_path(v.pid, key)) if key else v.href(urls.objective_path(v.pid, code)) + "#outside-calls"


def call_label(r: Mapping[Hashable, Any], lang: str) -> str:
    return str(r.get(f"label_{lang}") or r["label"]) if r["key"] else t("outside_calls", lang)


def calls_rows(v: View, table: pd.DataFrame, code: str) -> list[dict[str, Any]]:
    started = service.started(v.pid, v.as_of)
    rows = [
        {
            "code": r["key"] or "–",
            "label": call_label(r, v.lang),
            "allocation": r["allocation"],
            "committed": r["committed"],
            "paid": r["paid"],
            "commitment_rate": r["commitment_rate"],
            "liquidation_rate": r["liquidation_rate"],
            **rate_texts(v, r),
            "n_projects": r["n_projects"],
            "rag": r["rag"],
            "rag_label": rag_word(r["rag"], v.lang, started),
            "href": call_href(v, r["key"], code),
        }
        for r in table.to_dict("records")
    ]
    # the call rows add up to the objective's committed and paid, not to its allocation: show the rest
    gap = service.call_allocation_gap(v.pid, v.as_of, objective=code, snapshot=v.snapshot)
    if gap["not_allocated"]:
        # the allocation left to no call, a positive amount in the budget column; over-programming (calls and
        # grants outside calls beyond the allocation) said in words with its positive amount, never a negative
        # budget (docs/metrics.md, "over-programming")
        over = gap.get("over_programmed") or max(0.0, -float(gap["not_allocated"]))
        label = (
            t("measured.not_allocated", v.lang)
            if gap["not_allocated"] > 0
            else t("measured.over_allocated_amount", v.lang, amount=format_eur(over, v.lang))
        )
        rows.append(
            {
                "code": "–",
                "label": label,
                "allocation": gap["not_allocated"] if gap["not_allocated"] > 0 else None,
                "committed": None,
                "paid": None,
                "commitment_rate": None,
                "liquidation_rate": None,
                "n_projects": None,
                "rag": "na",
                "rag_label": "",
                "href": v.href(urls.objective_path(v.pid, code)) + "#not-allocated",
            }
        )
    return rows


def shared_calls_note(v: View, code: str) -> list[Any]:
    """Calls open to several objectives keep their whole budget here: say so, so the rate is read as a floor."""
    shared = service.shared_calls(v.pid, code, snapshot=v.snapshot)
    if not shared:
        return []
    levels = objective_word(v.pid, v.lang, plural=True).lower()
    return [
        dmc.Text(
            t("shared_calls_note", v.lang, calls=", ".join(shared), levels=levels, n=len(shared)),
            size="sm",
            c="dimmed",
            id=ids.SHARED_CALLS_NOTE,
        )
    ]


def objective(r: Request, pid: str, code: str) -> dmc.Stack:
    v = load(r, pid)
    try:
        m = pagedata.objective(v, code, full=False)  # the figures the workbook, the slides and the chart words show too
    except pagedata.Missing:
        raise not_found(v, objective_word(pid, v.lang), code) from None
    label, tot, kpi, status = m.unit_label, m.totals, m.kpi, m.status
    calls = m.calls if m.calls is not None else pd.DataFrame()
    projects = explorer_rows(v, objective=code)
    if calls.empty:
        level = objective_word(pid, v.lang).lower()
        calls_part: Any = notice(t("calls", v.lang), t("no_calls", v.lang, level=level), id=ids.NOTICE_NO_CALLS)
    else:
        records = calls.to_dict("records")
        call_rows = calls_rows(v, calls, code)
        labels = [(f"{row['key']} " if row["key"] else "") + call_label(row, v.lang) for row in records]
        hrefs = [v.href(urls.call_path(pid, k)) if k else None for k in calls["key"]]
        calls_part = dmc.Stack(
            [
                in_words(
                    drill_graph(
                        charts.level_bars(calls, labels, hrefs, v.lang, allocation_key="call_budget"),
                        "calls",
                        image=links.chart_image(v, "by_call", "objective", code),
                    ),
                    chart_words.units(call_rows[: len(records)], kpi, v.lang),
                    v.lang,
                ),
                *filter(None, [limit_note(len(records), v.lang)]),
                anchored(units_grid("calls", call_rows, v, t("call", v.lang), level="call")),
                *shared_calls_note(v, code),
            ]
        )
    return dmc.Stack(
        [
            page_header(
                f"{objective_word(pid, v.lang)} {code} — {label}",
                as_of_line(v),
                crumbs_to(v),
                status_badge(status, v.lang),
            ),
            export_bar(export_button(links.view_href(v, urls.objective_path(pid, code)), v.lang)),
            as_of_notice(v),
            headline_line(kpi, status, v.lang),
            amounts_row(tot, v.lang, "objective", rate=m.rate_text),
            section(
                t("calls", v.lang),
                calls_part,
                hint=t("click_to_open", v.lang) if not calls.empty else None,
                id=ids.SECTION_CALLS,
            ),
            section(
                t("projects", v.lang),
                served_grid(v, objective=code) if projects else notice(t("projects", v.lang), t("no_projects", v.lang)),
                hint=t("click_row", v.lang) if projects else None,
            ),
            cumulative_section(v, tot["allocation"], objective=code),
        ],
        gap="md",
    )
