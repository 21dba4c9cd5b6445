"""Programme page: per axis / objective allocation vs committed vs paid, cumulative series, decommitment."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc

from i18n import format_date, format_eur, format_pct, has, t
from monitoring.model import PROJECT_STAGES
from monitoring.status import shown_text

from .. import chart_words, charts, ids, links, pagedata, service, urls
from ..components import (
    amounts_row,
    date_col,
    drill_graph,
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
    status_badge,
)
from ..context import Request, View
from ..pagedata import PageModel
from ..words import allocation_word, objective_word, programme_title_in, rag_word, short_label
from . import forecast as forecast_view
from . import reprogramming
from .common import as_of_line, as_of_notice, crumbs_to, headline_line, load, programme_title


def unit_label(r: Mapping[Hashable, Any], lang: str) -> str:
    """A row's label in ``lang`` (the English one when that language's label is empty)."""
    return str(r.get(f"label_{lang}") or r["label"])


def rate_texts(v: View, r: Mapping[Hashable, Any]) -> dict[str, str]:
    """The two rates of a unit row as every output writes them (the level table's display-rule columns: the
    headline KPI's beside the row's status, never across its thresholds)."""
    return {
        f"{col}_text": shown_text(r.get(f"{col}_shown"), r.get(f"{col}_decimals"), v.lang)
        for col in ("commitment_rate", "liquidation_rate")
    }


def objectives_rows(v: View, table: pd.DataFrame) -> list[dict[str, Any]]:
    started = service.started(v.pid, v.as_of)
    return [
        {
            "code": r["key"],
            "label": unit_label(r, v.lang),
            "allocation": r["allocation"],
            "committed": r["committed"],
            "paid": r["paid"],
            "commitment_rate": r["commitment_rate"],
            "liquidation_rate": r["liquidation_rate"],
            **rate_texts(v, r),
            "n_projects": r["n_projects"],
            "rag": r["rag"],
            "rag_label": rag_word(r["rag"], v.lang, started),
            "href": v.href(urls.objective_path(v.pid, r["key"])),
        }
        for r in table.to_dict("records")
    ]


#: the units a printed grid of objectives or calls lists (an axis of 500 calls: its page stays under 500 KB;
#: the note under the printed table points to the Excel export for the rest)
UNITS_PRINTED = 100


def units_grid(
    name: str,
    rows: list[dict[str, Any]],
    v: View,
    key_header: str,
    with_projects: bool = True,
    level: str = "objective",
) -> Any:
    cols: list[dict[str, Any]] = [
        {
            "field": "code",
            "headerName": t("code", v.lang),
            "maxWidth": 110,
            "cellClass": "link-cell",
            "cellRenderer": "RowLink",
        },
        {
            "field": "label",
            "headerName": key_header,
            # the grid fits its columns to its width, each from its minimum: the titles get the room (they were cut
            # at ~35 characters while the amounts had twice what they need; UI walk #10)
            "minWidth": 440,
            "flex": 3,
            "wrapText": True,  # a title longer than the column goes on a second line, never cut
            "autoHeight": True,
            "cellStyle": {"lineHeight": "1.35", "paddingTop": "9px", "paddingBottom": "9px"},
            "cellClass": "link-cell",
            "cellRenderer": "RowLink",
            "tooltipField": "label",
        },
        eur_col("allocation", allocation_word(level, v.lang)),
        eur_col("committed", t("committed", v.lang)),
        shown_pct_col("commitment_rate", t("commitment_rate", v.lang)),
        eur_col("paid", t("paid", v.lang)),
        shown_pct_col("liquidation_rate", t("liquidation_rate", v.lang)),
        rag_col("rag_label", t("status", v.lang)),
    ]
    if with_projects:
        cols.insert(
            2, {"field": "n_projects", "headerName": t("n_projects", v.lang), "maxWidth": 110, "type": "rightAligned"}
        )
    return grid(
        ids.nav_grid(name),
        rows,
        cols,
        v.lang,
        height=min(90 + 42 * max(len(rows), 1), 520),
        getRowId="params.data.href",
        print_limit=UNITS_PRINTED,
    )


def cumulative_section(
    v: View, allocation: float, *, objective: str | None = None, call: str | None = None
) -> dmc.Card:
    """The cumulative series of the selection against its allocation (a call's budget on a call page)."""
    series = service.step_series(v.pid, v.as_of, objective=objective, call=call, snapshot=v.snapshot)
    if series.empty:
        return section(t("cumulative_title", v.lang), notice(t("no_data_title", v.lang), t("no_lines", v.lang)))
    whole = objective is None and call is None
    target = service.target_path(v.pid, v.as_of, allocation, snapshot=v.snapshot) if whole else None
    level = "objective" if objective is not None else "call" if call is not None else "programme"
    image = links.chart_image(v, "cumulative", level, objective if objective is not None else call)
    return section(
        t("cumulative_title", v.lang),
        in_words(
            graph(
                charts.cumulative(
                    series,
                    target,
                    allocation,
                    v.lang,
                    allocation_label=allocation_word("call" if call else "programme", v.lang),
                ),
                id=ids.CUMULATIVE_GRAPH,
                image=image,
            ),
            chart_words.cumulative(series, allocation, v.lang),
            v.lang,
        ),
    )


def _sentence(parts: list[str], lang: str) -> str:
    """Parts joined by semicolons (a no-break space before it in French), capitalised, with a full stop."""
    text = ("\u00a0; " if lang == "fr" else "; ").join(parts)
    return text[:1].upper() + text[1:] + "."


def decommitment_method(v: View) -> Any:
    """Say how the figures below are made: the regulation's calculation, or an estimate and its method."""
    src = service.decommitment_sources(v.pid, snapshot=v.snapshot)
    rule = service.decommitment_rule(v.pid)
    parts = [
        t("decommitment.source.tranches." + src["tranches"], v.lang),
        t("decommitment.source.claims." + src["claims"], v.lang),
        t("decommitment.source.prefinancing." + src["prefinancing"], v.lang),
    ]
    body = [dmc.Text(_sentence(parts, v.lang), size="sm")]
    rules_key = f"decommitment.rules.{v.pid}"
    if has(rules_key):
        body.append(dmc.Text(t(rules_key, v.lang, closure=format_date(rule.closure, v.lang)), size="sm"))
    estimate = src["method"] == "estimate"
    if estimate:
        body.append(dmc.Text(t("decommitment.estimate_warning", v.lang), size="sm", fw=600))
    return notice(
        t(f"decommitment.method.{src['method']}", v.lang),
        body,
        charts.RAG_COLOURS["orange"] if estimate else "blue",  # the AA-contrast orange, as the status colours
        id=ids.DECOMMITMENT_METHOD,
    )


def decommitment_section(v: View, df: pd.DataFrame | None) -> Any:
    if df is None or df.empty:
        return None
    rows = [
        {
            "tranche": charts.tranche_label(int(r["tranche_year"]), r["resource"]),
            "rule": t(f"decommitment.rule.{r['rule']}", v.lang),
            "deadline": r["deadline"].date().isoformat(),
            "eu_tranche": r["eu_tranche"],
            "due": r["due_cumulative"],
            "prefinancing": r["prefinancing"],
            "claimed": r["claimed"],
            "gap": r["gap"],
            "lost": r["lost"],
            "rag": r["rag"],
            "standing": t(f"decommitment.status.{r['status']}", v.lang),
        }
        for r in df.to_dict("records")
    ]
    estimated = df["tranches_from"].iloc[0] == "estimate", df["claims_from"].iloc[0] == "estimate"
    eu_tranche_key = "decommitment.col.eu_tranche_estimate" if estimated[0] else "decommitment.col.eu_tranche"
    claimed_key = "decommitment.col.claimed_estimate" if estimated[1] else "decommitment.col.claimed"
    cols: list[dict[str, Any]] = [
        {"field": "tranche", "headerName": t("decommitment.col.tranche", v.lang), "minWidth": 110, "maxWidth": 150},
        {"field": "rule", "headerName": t("decommitment.col.rule", v.lang), "minWidth": 110, "maxWidth": 140},
        date_col("deadline", t("decommitment.col.deadline", v.lang), maxWidth=150),
        eur_col("eu_tranche", t(eu_tranche_key, v.lang)),
        eur_col("due", t("decommitment.col.due", v.lang)),
        eur_col("prefinancing", t("decommitment.col.prefinancing", v.lang)),
        eur_col("claimed", t(claimed_key, v.lang)),
        eur_col("gap", t("decommitment.col.gap", v.lang)),
        rag_col("standing", t("decommitment.col.status", v.lang), minWidth=300, tooltipField="standing"),
    ]
    if df["method"].iloc[0] == "regulation":  # only the regulation's calculation can show money lost
        cols.insert(8, eur_col("lost", t("decommitment.col.lost", v.lang)))
    return section(
        t("decommitment.title", v.lang),
        decommitment_method(v),
        in_words(
            graph(
                charts.decommitment_bars(df, v.lang),
                id=ids.DECOMMITMENT_GRAPH,
                image=links.chart_image(v, "decommitment"),
            ),
            chart_words.tranches(rows, v.lang),
            v.lang,
        ),
        grid(ids.DECOMMITMENT_GRID, rows, cols, v.lang, height=90 + 42 * len(rows)),
        id=ids.SECTION_DECOMMITMENT,
    )


def committee_link(v: View) -> dcc.Link:
    """The way into the committee's slides, for this programme, language and date."""
    params = {"programme": v.pid, "lang": v.lang}
    if v.explicit_as_of:
        params["as_of"] = v.as_of.isoformat()
    return dcc.Link(
        t("committee.open", v.lang) + " →",
        href=urls.committee_path() + "?" + urls.encode(params),
        id=ids.LINK_COMMITTEE,
        className="committee-open",
    )


def history_link(v: View) -> dcc.Link:
    """The way to the programme's snapshots and the comparison of two."""
    return dcc.Link(
        t("history.nav", v.lang) + " →",
        href=urls.with_query(urls.history_path(v.pid), v.lang),
        id=ids.LINK_HISTORY,
        className="committee-open",
    )


def measured_section(m: PageModel) -> dmc.Card:
    """What each amount counts, in words, with the figures: selected vs committed, paid with its advances, the calls."""
    v, tot, lang = m.view, m.totals, m.lang

    def pct(key: str, rate_col: str | None = None) -> str:
        return m.rate_text(key)

    lines = [
        t("measured.selected", lang, amount=format_eur(tot["selected_amount"], lang), pct=pct("selection_rate")),
    ]
    if round(tot["selected_cost"] or 0, 2) != round(tot["selected_amount"] or 0, 2):
        lines.append(
            t(
                "measured.selected_cost",
                lang,
                amount=format_eur(tot["selected_cost"], lang),
                pct=pct("selected_cost_rate"),
            )
        )
    lines.append(
        t(
            "measured.committed",
            lang,
            amount=format_eur(tot["committed"], lang),
            pct=pct("commitment_rate", "commitment_rate"),
        )
    )
    lines.append(
        t(
            "measured.paid",
            lang,
            amount=format_eur(tot["paid"], lang),
            pct=pct("liquidation_rate", "liquidation_rate"),
            advances=format_eur(tot["paid_advances"], lang),
            share=format_pct(tot["advance_share"], lang),
        )
    )
    gap = service.call_allocation_gap(v.pid, v.as_of, snapshot=v.snapshot)
    if gap["not_allocated"]:
        rest = gap["not_allocated"]
        lines.append(
            t(
                "measured.calls" if rest > 0 else "measured.calls_over",
                lang,
                calls=format_eur(gap["calls_budget"], lang),
                outside=format_eur(gap["outside_calls"], lang),
                rest=format_eur(abs(rest), lang),
            )
        )
    if v.data.has_budget_versions:
        lines.append(
            t("measured.version", lang, date=format_date(v.as_of, lang), amount=format_eur(tot["allocation"], lang))
        )
    return section(t("measured.title", lang), *(dmc.Text(line, size="sm") for line in lines), id=ids.MEASURED)


def programme(r: Request, pid: str) -> dmc.Stack:
    v = load(r, pid)
    m = pagedata.programme(v, full=False)  # the figures the workbook, the slides and the chart words show too
    tot, kpi, status = m.totals, m.kpi, m.status
    table = m.objectives if m.objectives is not None else pd.DataFrame()
    records = table.to_dict("records")
    labels = [f"{row['key']} {short_label(pid, row['key'], unit_label(row, v.lang), v.lang)}" for row in records]
    full_labels = [f"{row['key']} {unit_label(row, v.lang)}" for row in records]
    hrefs: list[str | None] = [v.href(urls.objective_path(pid, k)) for k in table["key"]]
    counts = {k: int(tot.get(f"n_{k}", 0)) for k in PROJECT_STAGES}
    unit_rows = objectives_rows(v, table)
    return dmc.Stack(
        [
            page_header(
                programme_title(pid, v.lang),
                " · ".join(
                    filter(None, [programme_title_in(getattr(v.data.info, "titles", None), v.lang), as_of_line(v)])
                ),
                crumbs_to(v, programme=False),
                status_badge(status, v.lang),
            ),
            export_bar(
                export_button(links.view_href(v, urls.programme_path(pid)), v.lang),
                export_button(
                    links.committee_href(v),
                    v.lang,
                    id=ids.EXPORT_PACK_BUTTON,
                    label=t("export.button_pack", v.lang),
                    hint=t("export.button_pack_hint", v.lang, level=objective_word(pid, v.lang).lower()),
                ),
            ),
            as_of_notice(v),
            headline_line(kpi, status, v.lang),
            dmc.Group([committee_link(v), history_link(v)], gap="lg"),
            amounts_row(tot, v.lang, rate=m.rate_text),
            measured_section(m),
            section(
                t("by_level_title", v.lang, level=objective_word(pid, v.lang).lower()),
                in_words(
                    drill_graph(
                        charts.level_bars(table, labels, hrefs, v.lang, hover_labels=full_labels),
                        "objectives",
                        image=links.chart_image(v, "by_axis" if pid == "2014-2020" else "by_objective"),
                    ),
                    chart_words.units(unit_rows, kpi, v.lang),
                    v.lang,
                ),
                units_grid("objectives", unit_rows, v, objective_word(pid, v.lang)),
                hint=t("click_to_open", v.lang),
                id=ids.SECTION_OBJECTIVES,
            ),
            dmc.SimpleGrid(
                [
                    cumulative_section(v, tot["allocation"]),
                    section(
                        t("project_status_counts", v.lang),
                        in_words(
                            graph(
                                charts.status_donut(counts, v.lang),
                                id=ids.STATUS_DONUT,
                                image=links.chart_image(v, "status"),
                            ),
                            chart_words.stages(counts, v.lang),
                            v.lang,
                        ),
                        dcc.Link(
                            t("projects_explorer", v.lang) + " →",
                            href=v.href(urls.explorer_path(pid)),
                            id=ids.LINK_EXPLORER,
                        ),
                    ),
                ],
                cols={"base": 1, "lg": 2},
            ),
            decommitment_section(v, m.decommitment),
            *reprogramming.reprogramming_section(v),
            forecast_view.section_placeholder(v),
        ],
        gap="md",
    )
