"""Overview: one card per programme with its headline KPI, status in words, amounts, deadline, sparkline."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import dcc, html

from i18n import format_date, format_eur, format_pct, labelled, t
from monitoring.thresholds import KPI_AMOUNT, KPI_RATE

from .. import chart_words, charts, ids, links, service, urls
from ..components import export_bar, export_button, graph, in_words, notice, page_header, status_badge
from ..context import Request, View
from . import forecast as forecast_view
from .common import date_notice, list_notice, programme_title, snapshot_notice

#: how each standing condition of the data folder is shown
_NOTICE_COLOURS = {"refused": "red", "refused-kept": "orange", "restored": "orange", "pending": "blue"}


def refused_notices(lang: str) -> list[Any]:
    """One notice per workbook the folder could not take as it is: what is shown instead, and its located errors."""
    out = []
    for n in service.notices():
        errors = [i for i in n.issues if getattr(i, "severity", "error") == "error"]
        title = t("load_failed_title", lang) if n.code != "pending" else t("pending_title", lang)
        out.append(
            notice(
                title,
                [
                    dmc.Text(n.message(lang)),
                    dmc.Text(t("load_failed_fix", lang)) if errors else None,
                    html.Ul([html.Li(i.message(lang)) for i in errors[:10]]) if errors else None,
                ],
                _NOTICE_COLOURS.get(n.code, "red"),
                id=ids.pending_notice(n.file) if n.code == "pending" else ids.refused_notice(n.file),
            )
        )
    return out


def deadline_text(v: View, days: int, deadline: Any) -> str:
    when = format_date(deadline, v.lang)
    return t("days_left", v.lang, n=days, date=when) if days >= 0 else t("days_past", v.lang, n=-days, date=when)


def programme_card(v: View) -> dmc.Card:
    pid = v.pid
    h = service.headline(pid, v.as_of, snapshot=v.snapshot)
    kpi, status = h["kpi"], h["status"]
    series = service.monthly_series(pid, v.as_of, snapshot=v.snapshot)
    done_word = t(KPI_AMOUNT[kpi.key], v.lang)  # what the KPI counts: "paid" or "committed" (never guessed)
    return dmc.Card(
        [
            dmc.Group(
                [
                    dmc.Stack(
                        [
                            dmc.Title(programme_title(pid, v.lang), order=2),
                            dmc.Text(
                                f"{v.data.info.cci} · {t('as_of', v.lang)} {format_date(v.as_of, v.lang)}",
                                size="sm",
                                c="dimmed",
                            ),
                        ],
                        gap=0,
                    ),
                    status_badge(status, v.lang),
                ],
                justify="space-between",
                align="flex-start",
            ),
            dmc.Text(t("kpi." + kpi.key, v.lang), fw=600, size="lg", mt="sm"),
            dmc.Text(t("kpi_plan." + kpi.key, v.lang), size="sm", c="dimmed"),
            in_words(
                graph(
                    charts.gauge(h["rate"], kpi, status.rag, v.lang, status=status),
                    id=ids.gauge(pid),
                    image=links.chart_image(v, "gauge"),
                ),
                chart_words.gauge(kpi, status.rate_text(v.lang), status.label(v.lang), v.lang),
                v.lang,
            ),
            dmc.Text(
                status.describe(v.lang),
                fw=700,
                size="xl",
                ta="center",
                id=ids.describe(pid),
                c=charts.RAG_COLOURS[status.rag],
            ),
            dmc.SimpleGrid(
                [
                    dmc.Stack(
                        [
                            dmc.Text(done_word, size="sm", c="dimmed"),
                            dmc.Text(format_eur(h["done"], v.lang), fw=700, id=ids.done(pid)),
                        ],
                        gap=0,
                    ),
                    dmc.Stack(
                        [
                            dmc.Text(t("allocation", v.lang), size="sm", c="dimmed"),
                            dmc.Text(format_eur(h["allocation"], v.lang), fw=700, id=ids.allocation(pid)),
                        ],
                        gap=0,
                    ),
                    dmc.Stack(
                        [
                            dmc.Text(t("rate", v.lang), size="sm", c="dimmed"),
                            dmc.Text(status.rate_text(v.lang), fw=700, id=ids.rate(pid)),
                        ],
                        gap=0,
                    ),
                ],
                # three figures side by side from 576 px; on a phone one under the other (side by side, the
                # amounts ran into each other at 390 px: "€ 187.112.89€200.120.206,00")
                cols={"base": 1, "xs": 3},
                mt="sm",
            ),
            dmc.Text(
                f"{t('threshold', v.lang)} {format_pct(kpi.red_below, v.lang, 0)} · {t('mark', v.lang)} "
                f"{format_pct(kpi.mark, v.lang, 0)} · {t('target', v.lang)} {format_pct(kpi.green_from, v.lang, 0)}",
                size="sm",
                c="dimmed",
                mt=4,
            ),
            dmc.Text(
                deadline_text(v, h["days_to_deadline"], kpi.deadline), size="sm", fw=600, mt=4, id=ids.deadline(pid)
            ),
            dmc.Text(t("rate_over_time", v.lang), size="xs", c="dimmed", mt="xs"),
            in_words(
                graph(
                    charts.sparkline(series, KPI_RATE[kpi.key], v.lang, charts.SERIES_COLOURS["committed"]),
                    id=ids.sparkline(pid),
                    image=links.chart_image(v, "sparkline"),
                ),
                chart_words.sparkline(series, KPI_RATE[kpi.key], v.lang, kpi=kpi, status=status, as_of=v.as_of),
                v.lang,
            ),
            forecast_view.overview_placeholder(v),
            dcc.Link(
                labelled(t("open", v.lang), programme_title(pid, v.lang) + " →", v.lang),
                href=v.href(urls.programme_path(pid)),
                id=ids.open_programme(pid),
                className="open-programme",
            ),
        ],
        withBorder=True,
        radius="md",
        p="lg",
        className="programme-card",
        id=ids.programme_card(pid),
    )


def overview(r: Request) -> dmc.Stack:
    views = [
        r.at(data)
        for data in (service.programme(pid, r.snapshot) for pid in service.programme_ids())
        if data is not None
    ]
    cards = [programme_card(v) for v in views]
    body = (
        dmc.SimpleGrid(cards, cols={"base": 1, "lg": 2}, spacing="lg")
        if cards
        else notice(
            t("no_data_title", r.lang),
            t("no_programme", r.lang, programme="2014-2020 / 2021-2027"),
            "orange",
            id=ids.NOTICE_NO_DATA,
        )
    )
    replaced = [date_notice(v) for v in views if v.as_of_replaced in ("unreadable", "out_of_range")][:1]
    in_view = [n for n in (snapshot_notice(v) for v in views) if n is not None]
    if service.viewed_unknown(r.snapshot):
        in_view = in_view[:1]  # the same "no such snapshot" for every programme: once
    return dmc.Stack(
        [
            page_header(t("overview", r.lang), t("app_subtitle", r.lang), []),
            export_bar(
                export_button(
                    links.export_href(
                        urls.overview_path(), r.lang, r.as_of, {"snapshot": r.snapshot} if r.snapshot else None
                    ),
                    r.lang,
                )
            )
            if cards
            else None,
            *in_view,
            *replaced,
            *refused_notices(r.lang),
            *[n for n in (list_notice(v, named=True) for v in views) if n is not None],  # data from a list
            body,
        ],
        gap="md",
    )
