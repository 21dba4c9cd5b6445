"""Overview: one card per programme with its headline KPI, status in words, amounts, deadline, sparkline."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc, html

from i18n import format_date, format_eur, format_pct, labelled, t

from .. import charts, service, urls
from ..components import graph, notice, page_header, status_badge
from .common import View, as_of_for, programme_title


def _refused(v: View):
    st = service.store()
    out = []
    for name, refused in sorted(st.failures.items()):
        errors = [i for i in refused.issues if getattr(i, "severity", "error") == "error"]
        out.append(
            notice(
                t("load_failed_title", v.lang),
                [
                    dmc.Text(t("load_failed", v.lang, file=name, n=len(errors))),
                    html.Ul([html.Li(i.message(v.lang)) for i in errors[:10]]),
                ],
                "red",
                id=f"notice-refused-{name}",
            )
        )
    return out


def programme_card(v: View, pid: str):
    data = service.programme(pid)
    as_of = as_of_for(v, data)
    snap, iso = service.snapshot(), as_of.isoformat()
    h = service.headline(snap, pid, iso)
    kpi, status = h["kpi"], h["status"]
    series = service.monthly_series(snap, pid, iso)
    rate_col = "liquidation_rate" if kpi.key == "consumption" else "commitment_rate"
    days = h["days_to_deadline"]
    deadline_text = (
        t("days_left", v.lang, n=days, date=format_date(kpi.deadline, v.lang))
        if days >= 0
        else t("days_past", v.lang, n=-days, date=format_date(kpi.deadline, v.lang))
    )
    done_word = t("paid" if kpi.key == "consumption" else "committed", v.lang)
    href = v.href(urls.programme_path(pid))
    return dmc.Card(
        [
            dmc.Group(
                [
                    dmc.Stack(
                        [
                            dmc.Title(programme_title(data, v.lang), order=2),
                            dmc.Text(
                                f"{data.info.cci} · {t('as_of', v.lang)} {format_date(as_of, v.lang)}",
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
            graph(charts.gauge(h["rate"], kpi, status.rag, v.lang), id=f"gauge-{pid}"),
            dmc.Text(
                status.describe(v.lang),
                fw=700,
                size="xl",
                ta="center",
                id=f"describe-{pid}",
                c=charts.RAG_COLOURS[status.rag],
            ),
            dmc.SimpleGrid(
                [
                    dmc.Stack(
                        [
                            dmc.Text(done_word, size="sm", c="dimmed"),
                            dmc.Text(format_eur(h["done"], v.lang), fw=700, id=f"done-{pid}"),
                        ],
                        gap=0,
                    ),
                    dmc.Stack(
                        [
                            dmc.Text(t("allocation", v.lang), size="sm", c="dimmed"),
                            dmc.Text(format_eur(h["allocation"], v.lang), fw=700, id=f"allocation-{pid}"),
                        ],
                        gap=0,
                    ),
                    dmc.Stack(
                        [
                            dmc.Text(t("rate", v.lang), size="sm", c="dimmed"),
                            dmc.Text(format_pct(h["rate"], v.lang), fw=700, id=f"rate-{pid}"),
                        ],
                        gap=0,
                    ),
                ],
                cols=3,
                mt="sm",
            ),
            dmc.Text(
                f"{t('threshold', v.lang)} {format_pct(kpi.red_below, v.lang, 0)} · {t('mark', v.lang)} "
                f"{format_pct(kpi.mark, v.lang, 0)} · {t('target', v.lang)} {format_pct(kpi.green_from, v.lang, 0)}",
                size="sm",
                c="dimmed",
                mt=4,
            ),
            dmc.Text(deadline_text, size="sm", fw=600, mt=4, id=f"deadline-{pid}"),
            dmc.Text(t("rate_over_time", v.lang), size="xs", c="dimmed", mt="xs"),
            graph(charts.sparkline(series, rate_col, v.lang, charts.SERIES_COLOURS["committed"]), id=f"spark-{pid}"),
            dcc.Link(
                labelled(t("open", v.lang), programme_title(data, v.lang) + " →", v.lang),
                href=href,
                id=f"open-{pid}",
                className="open-programme",
            ),
        ],
        withBorder=True,
        radius="md",
        p="lg",
        className="programme-card",
        id=f"card-{pid}",
    )


def overview(v: View):
    st = service.store()
    cards = [programme_card(v, pid) for pid in st.programme_ids]
    body = (
        dmc.SimpleGrid(cards, cols={"base": 1, "lg": 2}, spacing="lg")
        if cards
        else notice(
            t("no_data_title", v.lang),
            t("no_programme", v.lang, programme="2014-2020 / 2021-2027", folder=service.STATE.settings.data_dir),
            "orange",
            id="notice-no-data",
        )
    )
    return dmc.Stack([page_header(t("overview", v.lang), t("app_subtitle", v.lang), []), *_refused(v), body], gap="md")
