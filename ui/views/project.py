"""Project page: identity, amounts, status, commitments and payments timeline, forecast vs realised."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd

from i18n import format_date, format_eur, t

from .. import charts, service
from ..components import (
    amounts_row,
    date_col,
    eur_col,
    graph,
    grid,
    notice,
    page_header,
    pct_col,
    rag_col,
    section,
    stat,
    status_badge,
)
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


def _d(value, lang):
    return format_date(value, lang) if pd.notna(value) else "–"


def identity(v: View, pid: str, p) -> dmc.SimpleGrid:
    items = [
        (t("beneficiary", v.lang), p["beneficiary"]),
        (t("status", v.lang), t("stage." + p["stage"], v.lang)),
        (t("selection_date", v.lang), _d(p["selection_date"], v.lang)),
        (t("agreement_date", v.lang), _d(p["agreement_date"], v.lang)),
        (t("start_date", v.lang), _d(p["start_date"], v.lang)),
        (t("end_date", v.lang), _d(p["end_date"], v.lang)),
        (t("postcode", v.lang), p["postcode"] or "–"),
        (t("total_cost", v.lang), format_eur(p["total_cost"], v.lang)),
        (t("eu_amount", v.lang), format_eur(p["eu_amount"], v.lang)),
        (t("regional_amount", v.lang), format_eur(p["regional_amount"], v.lang)),
    ]
    return dmc.SimpleGrid([stat(label, value) for label, value in items], cols={"base": 2, "md": 5}, spacing="sm")


def lines_rows(data, project_id: str, as_of, lang: str) -> list[dict]:
    """The project's commitment and payment lines up to as_of, newest first."""
    cut = pd.Timestamp(as_of)
    com = data.commitments[(data.commitments["project_id"] == project_id) & (data.commitments["date"] <= cut)]
    pay = data.payments[(data.payments["project_id"] == project_id) & (data.payments["date"] <= cut)]
    rows = [
        {"date": d.date().isoformat(), "type": t("commitment", lang), "kind": "", "amount": a}
        for d, a in zip(com["date"], com["amount"])
    ]
    rows += [
        {
            "date": d.date().isoformat(),
            "type": t("payment_line", lang),
            "kind": t("payment_kind." + k, lang) if k else "",
            "amount": a,
        }
        for d, a, k in zip(pay["date"], pay["amount"], pay["kind"])
    ]
    return sorted(rows, key=lambda r: r["date"], reverse=True)


def forecast_section(v: View, pid: str, iso: str, project_id: str):
    df = service.forecast_table(service.snapshot(), pid, iso, project_id)
    if df.empty:
        return section(
            t("forecast_title", v.lang),
            notice(t("forecast", v.lang), t("no_forecast", v.lang), id="notice-no-forecast"),
        )
    from monitoring.status import Status

    rows = [
        {
            "year": int(r["year"]),
            "forecast": r["forecast"],
            "paid": r["paid"],
            "ratio": r["ratio"],
            "rag": r["rag"],
            "rag_label": Status(r["rag"], None, None, None, "pay").label(v.lang),
        }
        for r in df.to_dict("records")
    ]
    cols = [
        {"field": "year", "headerName": t("year", v.lang), "maxWidth": 100},
        eur_col("forecast", t("forecast", v.lang), v.lang),
        eur_col("paid", t("realised", v.lang), v.lang),
        pct_col("ratio", t("ratio", v.lang), v.lang),
        rag_col("rag_label", t("status", v.lang)),
    ]
    return section(
        t("forecast_title", v.lang),
        graph(charts.forecast_bars(df, v.lang), id="forecast-graph"),
        grid("forecast-grid", rows, cols, v.lang, height=90 + 42 * len(rows)),
        id="section-forecast",
    )


def project(v: View, pid: str, project_id: str):
    data, p = load(v, pid, "projects", "project_id", project_id, t("project", v.lang))
    obj = objective_crumb(data, p["objective_code"], v.lang)
    call = None
    if p["call_id"] and p["call_id"] in set(data.calls["call_id"]):
        call = (p["call_id"], data.calls.set_index("call_id").loc[p["call_id"], "title"])
    as_of = as_of_for(v, data)
    snap, iso = service.snapshot(), as_of.isoformat()
    tot = service.totals(snap, pid, iso, project=project_id)
    kpi = service.thresholds().headline(pid)
    status = selection_status(data, kpi, as_of, tot)
    series = service.monthly_series(snap, pid, iso, project=project_id)
    lines = lines_rows(data, project_id, as_of, v.lang)
    line_cols = [
        date_col("date", t("date", v.lang), v.lang),
        {"field": "type", "headerName": t("line", v.lang)},
        {"field": "kind", "headerName": t("kind", v.lang)},
        eur_col("amount", t("amount", v.lang), v.lang),
    ]
    return dmc.Stack(
        [
            page_header(
                f"{project_id} — {p['name']}",
                as_of_line(data, as_of, v.lang),
                crumbs_to(v, data, obj, call),
                status_badge(status, v.lang),
            ),
            headline_line(kpi, status, v.lang),
            section(t("identity", v.lang), identity(v, pid, p)),
            amounts_row(tot, v.lang),
            dmc.SimpleGrid(
                [
                    section(
                        t("timeline", v.lang),
                        graph(charts.cumulative(series, None, tot["allocation"], v.lang), id="project-cumulative")
                        if not series.empty
                        else notice(t("timeline", v.lang), t("no_lines", v.lang)),
                    ),
                    section(
                        f"{t('commitments', v.lang)} / {t('payments', v.lang)}",
                        grid("lines-grid", lines, line_cols, v.lang, height=360)
                        if lines
                        else notice(t("payments", v.lang), t("no_lines", v.lang)),
                    ),
                ],
                cols={"base": 1, "lg": 2},
            ),
            forecast_section(v, pid, iso, project_id),
        ],
        gap="md",
    )
