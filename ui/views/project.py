"""Project page: identity, amounts, status, commitments and payments timeline, forecast vs realised."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc

from i18n import NA, format_date, format_eur, t
from monitoring.progress import ProjectStatus
from monitoring.status import format_rate

from .. import chart_words, charts, ids, links, service, urls
from ..components import (
    amounts_row,
    date_col,
    eur_col,
    export_bar,
    export_button,
    graph,
    grid,
    in_words,
    notice,
    page_header,
    rag_col,
    section,
    shown_pct_col,
    stat,
    status_badge,
)
from ..context import Request, View
from ..words import allocation_word, short_label
from .common import as_of_line, as_of_notice, crumbs_to, load, not_found

_LINE_KEYS = {"commitment": "commitment", "payment": "payment_line"}


def identity(v: View, p: dict[str, Any]) -> dmc.SimpleGrid:
    items = [
        (t("beneficiary", v.lang), p["beneficiary"] or NA),
        (t("stage_heading", v.lang), t("stage." + p["stage"], v.lang)),  # the stage, not a status (translator M1)
        (t("selection_date", v.lang), format_date(p["selection_date"], v.lang)),
        (t("agreement_date", v.lang), format_date(p["agreement_date"], v.lang)),
        (t("start_date", v.lang), format_date(p["start_date"], v.lang)),
        (t("end_date", v.lang), format_date(p["end_date"], v.lang)),
        (t("postcode", v.lang), p["postcode"] or NA),
        (t("total_cost", v.lang), format_eur(p["total_cost"], v.lang)),
        (t("eu_amount", v.lang), format_eur(p["eu_amount"], v.lang)),
        (t("regional_amount", v.lang), format_eur(p["regional_amount"], v.lang)),
    ]
    return dmc.SimpleGrid([stat(label, value) for label, value in items], cols={"base": 2, "md": 5}, spacing="sm")


def lines_rows(v: View, project_id: str) -> list[dict[str, Any]]:
    """The project's commitment and payment lines up to the date shown, newest first, for the grid."""
    lines = service.project_lines(v.pid, project_id, v.as_of, snapshot=v.snapshot)
    return [
        {
            "date": d.date().isoformat(),
            "type": t(_LINE_KEYS[line], v.lang),
            "kind": t("payment_kind." + kind, v.lang) if kind else "",
            "amount": amount,
        }
        for d, line, kind, amount in zip(lines["date"], lines["line"], lines["kind"], lines["amount"], strict=True)
    ]


def progress_section(v: View, ps: ProjectStatus) -> dmc.Card:
    """The project's own status in words, the figures behind it and where its rule comes from."""
    judged = ps.status not in ("selected", "closed", "cancelled")
    children: list[Any] = [
        dmc.Text(ps.label(v.lang), fw=700, size="lg", c=charts.RAG_COLOURS[ps.rag], id=ids.PROJECT_STATUS_LINE)
    ]
    children += [dmc.Text(line) for line in ps.describe(v.lang)]
    if ps.status == "no_forecast":
        children.append(dmc.Text(t("project_progress.no_forecast", v.lang)))
    if judged or ps.describe(v.lang):
        children.append(dmc.Text(ps.rule_note(v.lang), size="sm", c="dimmed", id=ids.PROJECT_RULE_NOTE))
    return section(t("project_progress.title", v.lang), *children)


def forecast_state_word(state: str, rag: str, forecast: float, lang: str) -> str:
    """A forecast year's standing: a completed year met / nearly met / missed; the current one on time / behind
    (or not started yet, when nothing is expected before the project's start)."""
    if state == "future":
        return t("forecast_state.future.na", lang)
    if state == "current" and (rag != "na" or forecast > 0):
        return t("forecast_state.current." + rag, lang)
    return t("forecast_state.completed." + rag, lang)


def forecast_section(v: View, project_id: str, ps: ProjectStatus) -> dmc.Card:
    df = service.forecast_table(v.pid, v.as_of, project_id, snapshot=v.snapshot)
    if df.empty:
        return section(
            t("forecast_title", v.lang),
            notice(t("forecast_column", v.lang), t("no_forecast", v.lang), id=ids.NOTICE_NO_FORECAST),
        )
    bands = (ps.bands.red_below, ps.bands.green_from)
    rows = [
        {
            "year": int(r["year"]),
            "forecast": r["forecast"],
            "expected": r["expected"],
            "paid": r["paid"],
            "expected_ratio": r["expected_ratio"],
            "expected_ratio_text": format_rate(r["expected_ratio"], bands, v.lang),
            "rag": r["rag"],
            "rag_label": forecast_state_word(r["year_state"], r["rag"], r["forecast"], v.lang),
        }
        for r in df.to_dict("records")
    ]
    cols = [
        {"field": "year", "headerName": t("year", v.lang), "maxWidth": 100},
        eur_col("forecast", t("forecast_column", v.lang)),
        eur_col("expected", t("forecast_expected", v.lang)),
        eur_col("paid", t("realised", v.lang)),
        shown_pct_col("expected_ratio", t("forecast_ratio", v.lang)),
        rag_col("rag_label", t("status", v.lang), minWidth=200),
    ]
    return section(
        t("forecast_title", v.lang),
        in_words(
            graph(
                charts.forecast_bars(df, v.lang),
                id=ids.FORECAST_GRAPH,
                image=links.chart_image(v, "forecast", "project", project_id),
            ),
            chart_words.forecast_years(rows, v.lang),
            v.lang,
        ),
        grid(ids.FORECAST_GRID, rows, cols, v.lang, height=90 + 42 * len(rows)),
        id=ids.SECTION_FORECAST,
    )


def project(r: Request, pid: str, project_id: str) -> dmc.Stack:
    v = load(r, pid)
    p = service.project_row(pid, project_id, snapshot=v.snapshot)
    if p is None:
        raise not_found(v, t("project", v.lang), project_id)
    code = p["objective_code"]
    label = service.objective_label(pid, code, v.lang, snapshot=v.snapshot)
    obj = (code, short_label(pid, code, label, v.lang)) if label is not None else None
    title = service.call_title(pid, p["call_id"], v.lang, snapshot=v.snapshot) if p["call_id"] else None
    call = (p["call_id"], title) if title is not None else None
    tot = service.totals(pid, v.as_of, project=project_id, snapshot=v.snapshot)
    ps = service.project_status(
        pid, project_id, v.as_of, snapshot=v.snapshot
    )  # its own stage and forecast, not the programme's KPI
    series = service.step_series(pid, v.as_of, project=project_id, snapshot=v.snapshot)
    lines = lines_rows(v, project_id)
    line_cols = [
        date_col("date", t("date", v.lang)),
        {"field": "type", "headerName": t("line", v.lang)},
        {"field": "kind", "headerName": t("kind", v.lang)},
        eur_col("amount", t("amount", v.lang)),
    ]
    return dmc.Stack(
        [
            page_header(
                f"{project_id} — {service.project_name(pid, project_id, v.lang, snapshot=v.snapshot) or ''}",
                as_of_line(v),
                crumbs_to(v, objective=obj, call=call),
                status_badge(ps, v.lang),
            ),
            export_bar(export_button(links.view_href(v, urls.project_path(pid, project_id)), v.lang)),
            as_of_notice(v),
            progress_section(v, ps),
            section(t("identity", v.lang), identity(v, p)),
            amounts_row(tot, v.lang, "project"),
            dmc.SimpleGrid(
                [
                    section(
                        t("timeline", v.lang),
                        in_words(
                            graph(
                                charts.cumulative(
                                    series,
                                    None,
                                    tot["allocation"],
                                    v.lang,
                                    allocation_label=allocation_word("project", v.lang),
                                ),
                                id=ids.PROJECT_CUMULATIVE,
                                image=links.chart_image(v, "cumulative", "project", project_id),
                            ),
                            chart_words.cumulative(series, tot["allocation"], v.lang),
                            v.lang,
                        )
                        if not series.empty
                        else notice(t("timeline", v.lang), t("no_lines", v.lang)),
                    ),
                    section(
                        f"{t('commitments', v.lang)} / {t('payments', v.lang)}",
                        grid(ids.LINES_GRID, lines, line_cols, v.lang, height=360)
                        if lines
                        else notice(t("payments", v.lang), t("no_lines", v.lang)),
                    ),
                ],
                cols={"base": 1, "lg": 2},
            ),
            forecast_section(v, project_id, ps),
        ],
        gap="md",
    )
