"""The Commission's official figures of one programme, its peers and the reconciliation with the internal figures.

/official                               every programme of the official files (links)
/official/<cci>?year=YYYY&source=<file> one programme: planned, selected (decided) and declared (spent) per
                                        priority at a cut-off, the series over the cut-offs with the management
                                        plan's thresholds, the quirks of the files, the other vintages side by
                                        side, the peers, and the internal figures beside the official ones

The page is keyed by CCI, not by the internal programme id: the official files hold programmes that have no
internal workbook (Flanders, Wallonia, the ESF), and a CCI is the one code both sides share. When a loaded
workbook names the same CCI, the page links to it and reconciles. Every figure comes from ``ui.service``.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import dash_mantine_components as dmc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from i18n import format_date, format_eur, format_pct, t

from .. import ids, service, urls
from ..charts import RAG_COLOURS, SERIES_COLOURS, base_layout, plain
from ..components import (
    eur_col,
    export_bar,
    export_button,
    graph,
    grid,
    in_words,
    notice,
    page_header,
    pct_col,
    section,
    stat,
)
from ..context import Request
from ..official_words import EXPORT_PREFIX, at_text, chosen_year, quirk_lines, source_title
from .topdown import topdown_section


#: the export route of the page (ui.official_export)
def _clean(value: Any) -> Any:
    """A value for a grid row: NaN as None, dates as ISO text, numpy scalars as Python."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _clean(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


def _col(field: str, key: str, lang: str, **kw: Any) -> dict[str, Any]:
    return {"field": field, "headerName": t(key, lang), "headerTooltip": t(key, lang), **kw}


#: the narrowest a column of amounts gets (a full amount with cents, never cut)
EUR_WIDTH = 175


def _eur(field: str, header: str) -> dict[str, Any]:
    return eur_col(field, header, minWidth=EUR_WIDTH)


def _date_col(lang: str, **kw: Any) -> dict[str, Any]:
    col = _col("cutoff", "official.col.cutoff", lang, minWidth=130, **kw)
    return {**col, "valueFormatter": {"function": "DATE(params.value, params.context)"}}


def _amount_cols(lang: str) -> list[dict[str, Any]]:
    return [
        _eur("planned_total", t("official.col.planned_total", lang)),
        _eur("planned_eu", t("official.col.planned_eu", lang)),
        _eur("decided", t("official.col.decided", lang)),
        pct_col("decided_rate", t("official.col.decided_rate", lang), minWidth=125),
        _eur("spent", t("official.col.spent", lang)),
        pct_col("spent_rate", t("official.col.spent_rate", lang), minWidth=125),
        pct_col("spent_of_decided", t("official.col.spent_of_decided", lang), minWidth=125),
    ]


def export_href(cci: str, lang: str, year: int | None, source: str | None) -> str:
    return EXPORT_PREFIX + urls.official_path(cci, lang, year, source)[len("/official") :]


# --- the index -------------------------------------------------------------------------------------------
def official_index(r: Request) -> Any:
    lang = r.lang
    header = page_header(t("official.index.title", lang), t("official.index.subtitle", lang), _crumbs(r, None))
    parts: list[Any] = [header, _about(lang), *_refused(lang)]
    table = service.official_programmes()
    if table.empty:
        parts.append(
            notice(t("official.none.title", lang), t("official.none.body", lang), "orange", id=ids.OFFICIAL_NONE)
        )
        return dmc.Stack(parts)
    links = [
        html.Li(
            [
                dcc.Link(str(row.cci), href=urls.official_path(str(row.cci), lang), className="official-link"),
                f" — {row.title} ({row.fund})",
            ]
        )
        for row in table.itertuples(index=False)
    ]
    groups: dict[str, list[Any]] = {}
    for row, link in zip(table.itertuples(index=False), links, strict=True):
        groups.setdefault(str(row.ms) or "?", []).append(link)
    blocks = [
        html.Details(
            [html.Summary(t("official.index.country", lang, ms=ms, n=len(items))), html.Ul(items)],
            open=ms == "BE",
        )
        for ms, items in groups.items()
    ]
    parts.append(section(t("official.index.programmes", lang), *blocks, id=ids.OFFICIAL_INDEX))
    return dmc.Stack(parts)


def _crumbs(r: Request, cci: str | None) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = [(t("overview", r.lang), r.href(urls.overview_path()))]
    if cci is not None:
        out.append((t("official.index.title", r.lang), urls.with_query(urls.official_index_path(), r.lang)))
    return out


def _about(lang: str) -> Any:
    return notice(t("official.about.title", lang), t("official.about.body", lang), "blue", id=ids.OFFICIAL_ABOUT)


def _refused(lang: str) -> list[Any]:
    refused = service.official_refused()
    if not refused:
        return []
    items = []
    for error in refused:
        for p in error.problems[:3]:
            items.append(
                html.Li(
                    t(
                        f"official.problem.{p.code}",
                        lang,
                        file=error.file,
                        row=p.row,
                        column=p.column,
                        value=p.value,
                    )
                )
            )
    return [notice(t("official.refused.title", lang), html.Ul(items), "orange", id=ids.OFFICIAL_REFUSED)]


# --- one programme ------------------------------------------------------------------------------------
def official(r: Request, cci: str, year: str | None = None, source_name: str | None = None) -> Any:
    lang = r.lang
    source = service.official_source(cci, source_name)
    if source is None:
        return dmc.Stack(
            [
                page_header(cci, None, _crumbs(r, cci)),
                notice(
                    t("official.unknown.title", lang),
                    t("official.unknown.body", lang, cci=cci),
                    "orange",
                    id=ids.OFFICIAL_NONE,
                ),
            ]
        )
    rows = source.of(cci)
    title, fund = str(rows["title"].iloc[0]), str(rows["fund"].iloc[0])
    cuts = service.official_cutoffs(source, cci)
    chosen = chosen_year(year, cuts)
    day = dict(cuts).get(chosen) if chosen is not None else None
    total = service.official_total(source, cci, chosen)
    pid = service.internal_programme_of(cci)

    header = page_header(
        f"{t('official.title', lang)} — {title}",
        f"{cci} · {fund} · {t('official.source', lang, file=source.name)}",
        _crumbs(r, cci),
    )
    parts: list[Any] = [
        header,
        export_bar(
            export_button(
                export_href(cci, lang, chosen, source.name),
                lang,
                id=ids.OFFICIAL_EXPORT,
                hint=t("official.export_hint", lang),
            )
        ),
        _about(lang),
    ]
    if pid is not None:
        parts.append(
            dmc.Text(
                [
                    t("official.internal_too", lang, programme=pid) + " ",
                    dcc.Link(
                        t("official.internal_open", lang, programme=pid),
                        href=urls.with_query(urls.programme_path(pid), lang),
                        id=ids.OFFICIAL_INTERNAL_LINK,
                    ),
                ]
            )
        )
    parts.append(_sources_switch(cci, source, chosen, lang))
    if cuts:
        parts.append(_cutoffs_switch(cci, source, cuts, chosen, lang))
    if source.truncated:
        parts.append(notice(t("official.truncated.title", lang), t("official.truncated.body", lang), "orange"))
    parts.append(_stats(total, source, day, lang, cci))
    parts.append(_priorities(source, cci, chosen, day, lang))
    if cuts:
        parts.append(_series(source, cci, lang))
        parts.append(topdown_section(source, cci, lang))  # the top-down check (ui.views.topdown)
    parts.append(_quirks(source, cci, lang))
    parts.extend(_vintages(source, cci, lang))
    parts.extend(_planned(source, cci, lang))
    parts.append(_peers(source, cci, chosen, day, lang))
    parts.append(_reconciliation(source, cci, chosen, day, pid, lang))
    return dmc.Stack(parts, gap="md")


def _switch(label: str, links: list[Any], id: str) -> Any:
    return html.Nav(
        dmc.Group([dmc.Text(label, fw=600, size="sm"), *links], gap="xs"),
        id=id,
        **{"aria-label": label},  # type: ignore[arg-type]  # Dash takes aria-* keyword props
        className="official-switch",
    )


def _choice(text: str, href: str, current: bool) -> Any:
    """A choice of the switch: a link, or (the one shown) bold text marked as the current one."""
    if current:
        current_prop: dict[str, Any] = {"aria-current": "true"}
        return html.Strong(text, className="official-choice is-current", **current_prop)
    return dcc.Link(text, href=href, className="official-choice")


def _sources_switch(cci: str, source: Any, year: int | None, lang: str) -> Any:
    links = [
        _choice(
            source_title(s, lang),
            urls.official_path(cci, lang, year if s.has_cutoffs else None, s.name),
            s.name == source.name,
        )
        for s in service.official_sources(cci)
    ]
    return _switch(t("official.sources", lang), links, ids.OFFICIAL_SOURCES)


def _cutoffs_switch(cci: str, source: Any, cuts: list[tuple[int, date]], year: int | None, lang: str) -> Any:
    links = [_choice(format_date(d, lang), urls.official_path(cci, lang, y, source.name), y == year) for y, d in cuts]
    return _switch(t("official.cutoffs", lang), links, ids.OFFICIAL_CUTOFFS)


def _stats(total: dict[str, Any], source: Any, day: date | None, lang: str, cci: str) -> Any:
    tiles = [
        stat(
            t("official.col.planned_total", lang),
            format_eur(total["planned_total"], lang),
            f"{t('official.col.planned_eu', lang)} {format_eur(total['planned_eu'], lang)}",
            id=ids.OFFICIAL_STAT_PLANNED,
        )
    ]
    if source.has_cutoffs:
        tiles += [
            stat(
                t("official.col.decided", lang),
                format_eur(total["decided"], lang),
                f"{t('official.col.decided_rate', lang)} {format_pct(total['decided_rate'], lang)}",
                id=ids.OFFICIAL_STAT_DECIDED,
            ),
            stat(
                t("official.col.spent", lang),
                format_eur(total["spent"], lang),
                f"{t('official.col.spent_rate', lang)} {format_pct(total['spent_rate'], lang)}",
                id=ids.OFFICIAL_STAT_SPENT,
            ),
            stat(
                t("official.col.spent_of_decided", lang),
                format_pct(total["spent_of_decided"], lang),
                id=ids.OFFICIAL_STAT_SPENT_OF_DECIDED,
            ),
        ]
    return dmc.Stack(
        [
            dmc.Text(at_text(source, day, lang, cci), fw=600, size="lg"),
            dmc.SimpleGrid(tiles, cols={"base": 1, "sm": 2, "lg": len(tiles)}, spacing="sm"),
        ],
        gap="xs",
    )


def _priorities(source: Any, cci: str, year: int | None, day: date | None, lang: str) -> Any:
    table = service.official_priorities(source, cci, year)
    columns = [
        _col("priority", "official.col.priority", lang, pinned="left", minWidth=110),
        _col("to", "official.col.objective", lang, minWidth=120),
        _col("category", "official.col.category", lang, minWidth=160),
        *(_amount_cols(lang) if source.has_cutoffs else _amount_cols(lang)[:2]),
        _col("version", "official.col.version", lang, minWidth=115),
    ]
    return section(
        t("official.priorities.title", lang),
        grid(ids.OFFICIAL_PRIORITIES, _rows(table), columns, lang, height=min(420, 56 + 42 * max(len(table), 1))),
        hint=at_text(source, day, lang, cci) + " — " + t("official.priorities.hint", lang),
    )


def _series(source: Any, cci: str, lang: str) -> Any:
    table = service.official_series(source, cci)
    kpi = service.official_thresholds(cci)
    columns = [
        _date_col(lang, pinned="left"),
        _col("version", "official.col.version", lang, minWidth=115),
        _col("n_priorities", "official.col.n_priorities", lang, type="rightAligned", minWidth=90),
        *_amount_cols(lang),
        _col("changes", "official.col.changes", lang, minWidth=220, wrapText=True, autoHeight=True),
    ]
    rows = _rows(table)
    for row in rows:
        notes = []
        if row.get("reprogrammed"):
            notes.append(t("official.change.reprogrammed", lang))
        if row.get("new_priorities"):
            notes.append(t("official.change.new_priorities", lang, priorities=row["new_priorities"]))
        row["changes"] = " · ".join(notes)
    return section(
        t("official.series.title", lang),
        in_words(
            graph(series_chart(table, kpi, lang), id=ids.OFFICIAL_SERIES_CHART), chart_sentences(table, kpi, lang), lang
        ),
        grid(ids.OFFICIAL_SERIES, rows, columns, lang, height=min(460, 56 + 42 * max(len(rows), 1))),
        hint=t("official.series.hint", lang),
    )


def series_chart(table: pd.DataFrame, kpi: Any, lang: str) -> go.Figure:
    """Selection and declared rates at each cut-off, with the management plan's thresholds (for reference).

    The cut-offs are categories named by their date (31/12 of each year, 30/06/2022): the points are
    situations at those dates, not a time line between them."""
    fig = go.Figure()
    labels = [format_date(d, lang) for d in table["cutoff"]]
    for col, colour, key in (
        ("decided_rate", SERIES_COLOURS["committed"], "official.col.decided_rate"),
        ("spent_rate", SERIES_COLOURS["paid"], "official.col.spent_rate"),
    ):
        name = t(key, lang)
        fig.add_scatter(
            x=labels,
            y=[None if math.isnan(v) else v * 100 for v in table[col]],
            name=name,
            mode="lines+markers",
            line={"color": colour, "width": 3},
            marker={"size": 8},
            customdata=[f"{d} — {format_pct(v, lang)}" for d, v in zip(labels, table[col], strict=True)],
            hovertemplate="%{customdata}<extra>" + plain(name) + "</extra>",
        )
    if kpi is not None:
        # the threshold's label under its line, the target's above, the mark's on the right: never on top of each other
        lines = (
            (kpi.red_below, "solid", 3, RAG_COLOURS["red"], "official.chart.threshold", "bottom left"),
            (kpi.mark, "dot", 1.5, "#495057", "official.chart.mark", "bottom right"),
            (kpi.green_from, "dash", 2, RAG_COLOURS["green"], "official.chart.target", "top left"),
        )
        for value, dash_style, width, colour, key, position in lines:
            fig.add_hline(
                y=value * 100,
                line_dash=dash_style,
                line_width=width,
                line_color=colour,
                annotation_text=t(key, lang, pct=format_pct(value, lang, 0)),
                annotation_position=position,
                annotation_font_color=colour,
            )
    fig.update_yaxes(
        title_text=t("official.chart.axis", lang),
        ticksuffix="\u00a0%" if lang == "fr" else "%",
        rangemode="tozero",
        gridcolor="#E9ECEF",
    )
    fig.update_xaxes(type="category")
    return base_layout(fig, lang, height=400)


def chart_sentences(table: pd.DataFrame, kpi: Any, lang: str) -> list[str]:
    """The chart in words: each cut-off's two rates, then the thresholds drawn."""
    out = [
        t(
            "official.chart.words.point",
            lang,
            date=format_date(d, lang),
            decided=format_pct(dr, lang),
            spent=format_pct(sr, lang),
        )
        for d, dr, sr in zip(table["cutoff"], table["decided_rate"], table["spent_rate"], strict=True)
    ]
    if kpi is not None:
        out.append(
            t(
                "official.chart.words.thresholds",
                lang,
                kpi=t(f"official.chart.kpi.{kpi.key}", lang),
                red=format_pct(kpi.red_below, lang, 0),
                mark=format_pct(kpi.mark, lang, 0),
                green=format_pct(kpi.green_from, lang, 0),
            )
        )
    return out


def _quirks(source: Any, cci: str, lang: str) -> Any:
    lines = quirk_lines(service.official_quirks(source, cci), lang)
    body: Any = html.Ul([html.Li(s) for s in lines]) if lines else dmc.Text(t("official.quirks.none", lang))
    return section(t("official.quirks.title", lang), body, hint=t("official.quirks.hint", lang), id=ids.OFFICIAL_QUIRKS)


def _vintages(source: Any, cci: str, lang: str) -> list[Any]:
    if not source.has_cutoffs:
        return []
    out = []
    for other in service.official_sources(cci):
        if other is source or not other.has_cutoffs:
            continue
        table = service.official_vintages(source, other, cci)
        if table.empty:
            continue
        a, b = source_title(source, lang), source_title(other, lang)
        columns = [
            _col("year", "official.col.year", lang, minWidth=80),
            _col("priority", "official.col.priority", lang, minWidth=100),
            _eur("decided_a", t("official.col.decided_in", lang, source=a)),
            _eur("decided_b", t("official.col.decided_in", lang, source=b)),
            _eur("decided_diff", t("official.col.difference", lang)),
            _eur("spent_a", t("official.col.spent_in", lang, source=a)),
            _eur("spent_b", t("official.col.spent_in", lang, source=b)),
            _eur("spent_diff", t("official.col.difference", lang)),
        ]
        out.append(
            section(
                t("official.vintages.title", lang, other=b),
                grid(ids.OFFICIAL_VINTAGES, _rows(table), columns, lang, height=min(420, 56 + 42 * len(table))),
                hint=t("official.vintages.hint", lang, source=source.name, other=other.name),
                id=ids.OFFICIAL_VINTAGES + "-section",
            )
        )
        break  # the page shows one other vintage beside the chosen one; the source switch gives the rest
    return out


def _planned(source: Any, cci: str, lang: str) -> list[Any]:
    """The planned file's own figures (another source), beside the chosen implementation file."""
    out = []
    for other in service.official_sources(cci):
        if other is source or other.has_cutoffs:
            continue
        table = service.official_priorities(other, cci, None)
        columns = [
            _col("priority", "official.col.priority", lang, minWidth=100),
            _col("to", "official.col.objective", lang, minWidth=120),
            _col("category", "official.col.category", lang, minWidth=160),
            _eur("planned_total", t("official.col.planned_total", lang)),
            _eur("planned_eu", t("official.col.planned_eu", lang)),
            _eur("planned_national", t("official.col.planned_national", lang)),
            _col("version", "official.col.version", lang, minWidth=115),
        ]
        out.append(
            section(
                t("official.planned.title", lang, source=source_title(other, lang)),
                grid(ids.OFFICIAL_PLANNED, _rows(table), columns, lang, height=min(420, 56 + 42 * max(len(table), 1))),
                hint=t("official.planned.hint", lang, file=other.name),
            )
        )
        break
    return out


def _peers(source: Any, cci: str, year: int | None, day: date | None, lang: str) -> Any:
    table = service.official_peers(source, cci, year)
    rows = _rows(table)
    for row in rows:
        if row["total"] == "fund":
            row["title"] = t("official.peers.total_fund", lang, ms=row["ms"], fund=row["fund"])
        elif row["total"] == "ms":
            row["title"] = t("official.peers.total_ms", lang, ms=row["ms"])
        row["href"] = urls.official_path(row["cci"], lang, year, source.name) if row["cci"] else None
    columns = [
        _col("cci", "official.col.cci", lang, pinned="left", minWidth=170),
        _col("title", "official.col.title", lang, minWidth=260, wrapText=True, autoHeight=True),
        _col("fund", "official.col.fund", lang, minWidth=90),
        *_amount_cols(lang),
    ]
    return section(
        t("official.peers.title", lang),
        grid(
            ids.OFFICIAL_PEERS,
            rows,
            columns,
            lang,
            height=min(560, 56 + 48 * max(len(rows), 1)),
            getRowStyle={
                "styleConditions": [
                    {"condition": "params.data.selected", "style": {"fontWeight": "700", "backgroundColor": "#E7F5FF"}},
                    {"condition": "params.data.total", "style": {"fontWeight": "700", "backgroundColor": "#F1F3F5"}},
                ]
            },
        ),
        html.Ul(
            [
                html.Li(dcc.Link(f"{row['cci']} — {row['title']}", href=row["href"]))
                for row in rows
                if row["href"] and row["cci"] != cci
            ],
            className="official-peer-links",
        ),
        hint=at_text(source, day, lang, cci) + " — " + t("official.peers.hint", lang),
        id=ids.OFFICIAL_PEERS + "-section",
    )


def _reconciliation(source: Any, cci: str, year: int | None, day: date | None, pid: str | None, lang: str) -> Any:
    title = t("official.reconciliation.title", lang)
    if pid is not None and not source.has_cutoffs:
        return _planned_reconciliation(source, cci, pid, lang)
    if pid is None:
        return section(
            title,
            dmc.Text(t("official.reconciliation.none", lang, cci=cci)),
            id=ids.OFFICIAL_RECONCILIATION + "-section",
        )
    found = service.official_reconciliation(source, cci)
    if found is None or found[1].empty:
        return section(
            title,
            dmc.Text(t("official.reconciliation.no_dates", lang, programme=pid)),
            id=ids.OFFICIAL_RECONCILIATION + "-section",
        )
    _, table = found
    columns = [
        _date_col(lang, pinned="left"),
        _eur("planned_total", t("official.col.planned_total", lang)),
        _eur("allocation", t("official.col.internal_allocation", lang)),
        _eur("planned_diff", t("official.col.difference", lang)),
        _eur("decided", t("official.col.decided", lang)),
        _eur("selected_cost", t("official.col.internal_selected", lang)),
        _eur("decided_diff", t("official.col.difference", lang)),
        _eur("committed", t("official.col.internal_committed", lang)),
        _eur("committed_diff", t("official.col.difference_committed", lang)),
        _eur("spent", t("official.col.spent", lang)),
        _eur("paid", t("official.col.internal_paid", lang)),
        _eur("spent_diff", t("official.col.difference", lang)),
    ]
    parts: list[Any] = [
        html.Ul([html.Li(t(f"official.concept.{k}", lang)) for k in ("planned", "selected", "committed", "paid")]),
        grid(ids.OFFICIAL_RECONCILIATION, _rows(table), columns, lang, height=min(460, 56 + 42 * len(table))),
    ]
    if year is not None and day is not None:
        per = service.official_priority_reconciliation(source, cci, year, day)
        if per is not None and len(per):
            per_cols = [
                _col("priority", "official.col.priority", lang, pinned="left", minWidth=100),
                _col("key", "official.col.internal_code", lang, minWidth=90),
                _eur("planned_total", t("official.col.planned_total", lang)),
                _eur("allocation", t("official.col.internal_allocation", lang)),
                _eur("planned_diff", t("official.col.difference", lang)),
                _eur("decided", t("official.col.decided", lang)),
                _eur("selected_cost", t("official.col.internal_selected", lang)),
                _eur("decided_diff", t("official.col.difference", lang)),
                _eur("spent", t("official.col.spent", lang)),
                _eur("paid", t("official.col.internal_paid", lang)),
                _eur("spent_diff", t("official.col.difference", lang)),
            ]
            parts += [
                dmc.Title(
                    t("official.reconciliation.per_priority", lang, date=format_date(day, lang)), order=3, size="h4"
                ),
                grid(
                    ids.OFFICIAL_RECONCILIATION_PRIORITIES,
                    _rows(per),
                    per_cols,
                    lang,
                    height=min(420, 56 + 42 * len(per)),
                ),
            ]
    demo = t("official.reconciliation.demo", lang) if service.settings().is_demo else ""
    return section(
        title,
        *parts,
        hint=(t("official.reconciliation.hint", lang, programme=pid) + (" " + demo if demo else "")),
        id=ids.OFFICIAL_RECONCILIATION + "-section",
    )


def _planned_reconciliation(source: Any, cci: str, pid: str, lang: str) -> Any:
    """A planned file (no cut-off) beside the internal allocation, per specific objective or priority."""
    found = service.official_planned_reconciliation(source, cci)
    title = t("official.reconciliation.title", lang)
    if found is None or found[2].empty:
        return section(
            title, dmc.Text(t("official.reconciliation.no_dates", lang, programme=pid)), id=ids.OFFICIAL_RECONCILIATION
        )
    _, day, table = found
    columns = [
        _col("unit", "official.col.unit", lang, pinned="left", minWidth=120),
        _col("key", "official.col.internal_code", lang, minWidth=100),
        _eur("planned_total", t("official.col.planned_total", lang)),
        _eur("allocation", t("official.col.internal_allocation", lang)),
        _eur("planned_diff", t("official.col.difference", lang)),
        _eur("planned_eu", t("official.col.planned_eu", lang)),
        _eur("allocation_eu", t("official.col.internal_allocation_eu", lang)),
        _eur("eu_diff", t("official.col.difference", lang)),
    ]
    demo = t("official.reconciliation.demo", lang) if service.settings().is_demo else ""
    hint = t("official.reconciliation.planned_hint", lang, programme=pid, date=format_date(day, lang))
    return section(
        title,
        grid(ids.OFFICIAL_RECONCILIATION, _rows(table), columns, lang, height=min(460, 56 + 42 * max(len(table), 1))),
        hint=hint + (" " + demo if demo else ""),
        id=ids.OFFICIAL_RECONCILIATION + "-section",
    )
