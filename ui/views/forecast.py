"""The payment forecast on the pages (issue 23): where payments will land, as an estimate, only when its
backtest beats the naive baseline; the chances of reaching each threshold and N+3 target in words; the
Art. 69(10) forecast of payment applications with its export; and the committee slide.

Each function returns components for one hook in the page's own view (overview card, programme page,
committee deck), so the pages' modules change by one line. Figures come from ``ui.service.payment_outlook``.

The programme page and the overview card do not wait for the forecast (at national scale it and its backtest
take tens of seconds the first time): they carry a placeholder (:func:`section_placeholder`,
:func:`overview_placeholder`) that says the forecast is being computed, and the callback of
``callbacks/forecast.py`` fills it with :func:`fill` once the page is shown. An error inside it becomes a short
message (:func:`failed`), never a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import dash_mantine_components as dmc
from dash import dcc, html

from i18n import NA, format_date, format_eur, format_pct, t

from .. import forecast_chart, links, service, urls
from ..components import LIVE, export_button, graph, grid, in_words, notice, section
from ..context import View, choose_lang, resolve
from .topdown import topdown_check

if TYPE_CHECKING:
    from monitoring.commitment_forecast import CommitmentOutlook
    from monitoring.forecast import Backtest, Outlook, PaymentOutlook


#: element ids (tests and screenshots find the section by them)
SECTION_ID = "forecast-section"
FAN_ID = "forecast-fan"
CARD_ID = "forecast-card-{pid}"
CARD_FAN_ID = "forecast-card-fan-{pid}"
#: the commitment forecast's block and fan (the programme whose headline KPI is the commitment rate)
COMMITMENT_ID = "commitment-forecast"
COMMITMENT_FAN_ID = "commitment-forecast-fan"
ART69_GRID_ID = "forecast-art69-grid"
ART69_EXPORT_ID = "forecast-art69-export"
#: the pattern-matching ids of the deferred forecast: the slot the callback fills, and what it needs to fill it
SLOT = "forecast-slot"
ASK = "forecast-ask"
#: the placeholder's id (tests wait for it to be replaced)
LOADING_ID = "forecast-loading-{kind}-{pid}"
#: the kinds of slot: the programme page's section, the overview card's lines
KINDS = ("section", "card")
#: the reasons a page's date differs from its URL's that a placeholder carries back
PROBLEMS = ("unreadable", "out_of_range")

_log = logging.getLogger(__name__)


def art69_href(v: View) -> str:
    """The Art. 69(10) workbook of the programme, at the date shown (ui.downloads serves it)."""
    return links.view_href(v, urls.programme_path(v.pid) + "/payment-forecast")


def fan_words(outlook: PaymentOutlook, lang: str) -> list[str]:
    """The fan chart in words: paid at the date shown, the median and band at the deadline (or the end),
    the threshold line, and the chances in words."""
    paid = t("forecast.words.paid", lang, date=format_date(outlook.as_of, lang), amount=format_eur(outlook.paid, lang))
    out = _fan_lines(outlook, paid, lang)
    out += [_capital(o.describe(lang)) + "." for o in outlook.threshold_outlooks + outlook.n3_outlooks]
    return out


def summary_day(outlook: PaymentOutlook | CommitmentOutlook) -> date:
    """The day a forecast is summed up at (its words, its slide): the KPI's deadline while it is ahead, else the
    forecast's last day."""
    return outlook.kpi.deadline if outlook.kpi is not None and outlook.kpi.deadline > outlook.as_of else outlook.end


def _fan_lines(outlook: PaymentOutlook | CommitmentOutlook, first: str, lang: str) -> list[str]:
    """A fan's words before its chances: ``first`` (where it stands), the median and band at its summary day, and
    the threshold line drawn."""
    day = summary_day(outlook)
    at = outlook.at(day)
    out = [
        first,
        t(
            "forecast.words.band",
            lang,
            date=format_date(day, lang),
            median=format_eur(at["median"], lang),
            low=format_eur(at["low"], lang),
            high=format_eur(at["high"], lang),
        ),
    ]
    if outlook.threshold_outlooks:
        threshold = outlook.threshold_outlooks[0]
        rate = format_pct(threshold.threshold or 0.0, lang, 0)
        out.append(t("forecast.words.threshold", lang, threshold=rate, amount=format_eur(threshold.target, lang)))
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def said(outlook: Outlook, lang: str) -> str:
    """One chance as a sentence: capitalised, with a full stop."""
    return _capital(outlook.describe(lang)) + "."


def _chances(outlook: PaymentOutlook, lang: str, *, n3: bool = True) -> list[Any]:
    items = list(outlook.threshold_outlooks) + (list(outlook.n3_outlooks) if n3 else [])
    return [dmc.Text(_capital(o.describe(lang)) + ".", fw=600, className="forecast-chance") for o in items]


def _method(outlook: PaymentOutlook, lang: str) -> str:
    return t("forecast.method", lang, **{k: str(n) for k, n in outlook.sources.items()})


def _band(low: float, high: float, lang: str) -> str:
    """ "678 969 € – 1 106 606 €"; "–" without a band (no history)."""
    if low != low:  # NaN
        return NA
    return f"{format_eur(low, lang, 0)} – {format_eur(high, lang, 0)}"


def art69_rows(outlook: PaymentOutlook, lang: str) -> list[dict[str, Any]]:
    """The Art. 69(10) table's rows as the page's grid shows them."""
    return [
        {
            "period": t(f"forecast.art69.period.{r['period']}", lang, year=int(r["year"])),
            "claimed": r["claimed"],
            "forecast": r["forecast"],
            "band": _band(r["low"], r["high"], lang),
            "total": r["total"],
        }
        for r in outlook.art_69_10.to_dict("records")
    ]


def art69_block(v: View, outlook: PaymentOutlook) -> list[Any]:
    """The Art. 69(10) table (EU amounts), its note, whether it is checked, and its export."""
    from ..components import eur_col

    lang = v.lang
    columns = [
        {"field": "period", "headerName": t("export.col.art69_period", lang), "minWidth": 150},
        eur_col("claimed", t("export.col.art69_claimed", lang)),
        eur_col("forecast", t("export.col.art69_forecast", lang)),
        {"field": "band", "headerName": t("forecast.chart.band", lang), "minWidth": 200},
        eur_col("total", t("export.col.art69_total", lang)),
    ]
    checked = outlook.backtest.reason(lang)
    return [
        dmc.Title(t("forecast.art69.title", lang), order=3, size="h4", mt="md"),
        dmc.Text(t("forecast.art69.intro", lang), size="sm"),
        grid(ART69_GRID_ID, art69_rows(outlook, lang), columns, lang, height=190),
        dmc.Text(t("forecast.art69.note", lang), size="xs", c="dimmed"),
        None if outlook.shown else dmc.Text(t("forecast.art69.unchecked", lang, reason=checked), size="xs", c="dimmed"),
        export_button(art69_href(v), lang, id=ART69_EXPORT_ID, label=t("forecast.art69.button", lang)),
    ]


def _image(v: View) -> dict[str, str]:
    base = links.chart_image(v, "cumulative")
    return {**base, "filename": base["filename"] + "-forecast", "title": t("forecast.title", v.lang)}


def forecast_section(v: View, objective: str | None = None) -> Any:
    """The programme page's section: the fan and the chances when the backtest lets them be shown, else why
    not; then the Art. 69(10) table (the whole programme only)."""
    outlook = service.payment_outlook(v.pid, v.as_of, objective, snapshot=v.snapshot)
    lang = v.lang
    head = [
        dmc.Group(
            [dmc.Badge(t("forecast.estimate", lang), color="dark", variant="outline", size="lg")],
            justify="flex-start",
        ),
        dmc.Text(t("forecast.intro", lang), size="sm"),
    ]
    if outlook.shown:
        history = service.monthly_series(v.pid, v.as_of, objective=objective, snapshot=v.snapshot)
        body: list[Any] = [
            dmc.Text(t("forecast.band_note", lang), size="sm"),
            *_chances(outlook, lang),
            in_words(
                graph(forecast_chart.fan_chart(history, outlook, lang), id=FAN_ID, image=_image(v)),
                fan_words(outlook, lang),
                lang,
            ),
            dmc.Text(_method(outlook, lang), size="xs", c="dimmed"),
            dmc.Text(outlook.backtest.reason(lang), size="xs", c="dimmed", className="forecast-backtest"),
            calibration_line(outlook.backtest, lang),
        ]
    else:
        body = [notice(t("forecast.not_shown_title", lang), outlook.backtest.reason(lang), "blue")]
    if objective is None:
        # the top-down check: the programme beside comparable programmes in the official series, when one is loaded
        body.append(topdown_check(v.pid, lang))
        body += art69_block(v, outlook)
    if objective is None and commits_first(v):  # the headline KPI is the commitment rate: its forecast first
        payments = dmc.Title(t("forecast.title", lang), order=3, size="h4", mt="md")
        return section(
            t("commitment_forecast.section", lang), commitment_block(v), payments, *head, *body, id=SECTION_ID
        )
    return section(t("forecast.title", lang), *head, *body, id=SECTION_ID)


def calibration_line(backtest: Backtest, lang: str) -> Any:
    """The band's coverage in the backtest before and after its calibration (None when it is not calibrated)."""
    if not backtest.calibrates:
        return None
    return dmc.Text(backtest.calibration(lang), size="xs", c="dimmed", className="forecast-calibration")


def commits_first(v: View) -> bool:
    """True for a programme whose headline KPI is the commitment rate (2021-2027)."""
    return service.headline_kpi(v.pid).key == "commitment"


def commitment_words(outlook: CommitmentOutlook, lang: str) -> list[str]:
    """The commitment fan in words: committed at the date shown, the median and band at the deadline (or the
    end), the threshold line, and the chances in words."""
    committed = t(
        "commitment_forecast.words.committed",
        lang,
        date=format_date(outlook.as_of, lang),
        amount=format_eur(outlook.committed, lang),
    )
    return _fan_lines(outlook, committed, lang) + [said(o, lang) for o in outlook.threshold_outlooks]


def commitment_method(outlook: CommitmentOutlook, lang: str) -> str:
    """What the commitment forecast counts: the projects selected and not yet committed, the calls not yet
    selected, and the calls left out for want of a selected call to learn from."""
    return t(
        "commitment_forecast.method",
        lang,
        projects=outlook.pending_projects,
        calls=outlook.pending_calls,
        unforecast=outlook.calls_unforecast,
    )


def commitment_block(v: View) -> Any:
    """The commitment forecast (an estimate): the chances of reaching each threshold of the commitment KPI by its
    deadline and its fan when the backtest lets it be shown, else why not."""
    outlook = service.commitment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    lang = v.lang
    head: list[Any] = [
        dmc.Title(t("commitment_forecast.title", lang), order=3, size="h4"),
        dmc.Group([dmc.Badge(t("forecast.estimate", lang), color="dark", variant="outline", size="lg")]),
        dmc.Text(t("commitment_forecast.intro", lang), size="sm"),
    ]
    if not outlook.shown:
        body: list[Any] = [notice(t("commitment_forecast.not_shown", lang), outlook.backtest.reason(lang), "blue")]
        return html.Div([*head, *body], id=COMMITMENT_ID)
    history = service.monthly_series(v.pid, v.as_of, snapshot=v.snapshot)
    base = links.chart_image(v, "cumulative")
    image = {
        **base,
        "filename": base["filename"] + "-commitment-forecast",
        "title": t("commitment_forecast.title", lang),
    }
    body = [
        dmc.Text(t("forecast.band_note", lang), size="sm"),
        *[dmc.Text(said(o, lang), fw=600, className="forecast-chance") for o in outlook.threshold_outlooks],
        in_words(
            graph(forecast_chart.commitment_fan_chart(history, outlook, lang), id=COMMITMENT_FAN_ID, image=image),
            commitment_words(outlook, lang),
            lang,
        ),
        dmc.Text(commitment_method(outlook, lang), size="xs", c="dimmed"),
        dmc.Text(outlook.backtest.reason(lang), size="xs", c="dimmed", className="forecast-backtest"),
        calibration_line(outlook.backtest, lang),
    ]
    return html.Div([*head, *body], id=COMMITMENT_ID)


def overview_block(v: View) -> Any:
    """The overview card's few lines: the chance of reaching the threshold, or why there is no forecast."""
    if commits_first(v):
        return _commitment_card(v)
    outlook = service.payment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    lang = v.lang
    if outlook.shown and outlook.threshold_outlooks:
        lines: list[Any] = _chances(outlook, lang, n3=False)[:1]
    elif outlook.shown:
        lines = _chances(outlook, lang)[:1]
    else:
        lines = [dmc.Text(outlook.backtest.reason(lang), size="sm", c="dimmed")]
    if outlook.shown:  # a small fan under the sentence (the programme page has the full section)
        history = service.monthly_series(v.pid, v.as_of, snapshot=v.snapshot)
        fig = forecast_chart.fan_chart(history, outlook, lang, height=240)
        lines.append(
            in_words(graph(fig, id=CARD_FAN_ID.format(pid=v.pid), image=_image(v)), fan_words(outlook, lang), lang)
        )
    return _card(v, "forecast.title", lines)


def _commitment_card(v: View) -> Any:
    """The overview card of a programme whose headline KPI is the commitment rate: its first chance and a small fan,
    or why there is no forecast."""
    outlook = service.commitment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    lang = v.lang
    lines: list[Any]
    if outlook.shown:
        lines = [dmc.Text(said(o, lang), fw=600, className="forecast-chance") for o in outlook.threshold_outlooks[:1]]
        history = service.monthly_series(v.pid, v.as_of, snapshot=v.snapshot)
        fig = forecast_chart.commitment_fan_chart(history, outlook, lang, height=240)
        lines.append(in_words(graph(fig, id=CARD_FAN_ID.format(pid=v.pid)), commitment_words(outlook, lang), lang))
    else:
        lines = [dmc.Text(outlook.backtest.reason(lang), size="sm", c="dimmed")]
    return _card(v, "commitment_forecast.title", lines)


def _card(v: View, title: str, lines: list[Any]) -> Any:
    """The forecast's block on a programme's overview card: its title, "Estimate", then its lines."""
    return html.Div(
        [
            dmc.Group(
                [
                    dmc.Text(t(title, v.lang), size="sm", fw=600),
                    dmc.Badge(t("forecast.estimate", v.lang), color="dark", variant="outline", size="sm"),
                ],
                gap="xs",
            ),
            *lines,
        ],
        id=CARD_ID.format(pid=v.pid),
        className="forecast-card",
        **LIVE,
    )


# --------------------------------------------------------------------------- deferred: filled after the page


def _ask(v: View, kind: str, objective: str | None) -> dict[str, Any]:
    """What the callback needs to rebuild the very View of the page: the request (language, the URL's date and
    why it was replaced, the snapshot), the programme and the objective."""
    r = v.request
    return {
        "pid": v.pid,
        "kind": kind,
        "lang": r.lang,
        "as_of": r.as_of.isoformat() if r.as_of is not None else None,
        "problem": r.as_of_problem,
        "snapshot": r.snapshot,
        "objective": objective,
    }


def _loading(v: View, kind: str) -> Any:
    """ "Computing the forecast…", with a spinner, announced politely to a screen reader."""
    return dmc.Group(
        [dmc.Loader(size="sm", type="dots"), dmc.Text(t("forecast.loading", v.lang), size="sm")],
        gap="xs",
        id=LOADING_ID.format(kind=kind, pid=v.pid),
        className="forecast-loading",
        **{"aria-busy": "true"},
    )


def _slot(v: View, kind: str, objective: str | None, waiting: Any) -> Any:
    ident = {"kind": kind, "pid": v.pid}
    return html.Div(
        [
            html.Div(waiting, id={"type": SLOT, **ident}, role="status", **LIVE),
            dcc.Store(id={"type": ASK, **ident}, data=_ask(v, kind, objective)),
        ]
    )


def section_placeholder(v: View, objective: str | None = None) -> Any:
    """The programme page's forecast section before it is computed: its title, "Estimate" and a loading line."""
    lang = v.lang
    waiting = section(
        t("commitment_forecast.section" if commits_first(v) else "forecast.title", lang),
        dmc.Group([dmc.Badge(t("forecast.estimate", lang), color="dark", variant="outline", size="lg")]),
        _loading(v, "section"),
    )
    return _slot(v, "section", objective, waiting)


def overview_placeholder(v: View) -> Any:
    """The overview card's forecast lines before they are computed."""
    lang = v.lang
    waiting = html.Div(
        [
            dmc.Group(
                [
                    dmc.Text(
                        t("commitment_forecast.title" if commits_first(v) else "forecast.title", lang),
                        size="sm",
                        fw=600,
                    ),
                    dmc.Badge(t("forecast.estimate", lang), color="dark", variant="outline", size="sm"),
                ],
                gap="xs",
            ),
            _loading(v, "card"),
        ],
        className="forecast-card",
    )
    return _slot(v, "card", None, waiting)


def failed(lang: str) -> Any:
    """What a user sees when the forecast could not be computed: a short message, the rest of the page stands."""
    return notice(t("forecast.failed_title", lang), t("forecast.failed", lang), "orange")


def view_of(ask: dict[str, Any]) -> View | None:
    """The View a placeholder was built for, or None when its programme is no longer served."""
    raw, problem = ask.get("as_of"), ask.get("problem")
    request = resolve(str(ask.get("lang") or ""), str(raw) if raw else None, None, ask.get("snapshot") or None)
    if problem in PROBLEMS and request.as_of_problem is None:  # the page's own reason, kept for its links
        request = replace(request, as_of_problem=str(problem))
    data = service.programme(str(ask.get("pid") or ""), request.snapshot)
    return None if data is None else request.at(data)


def fill(ask: dict[str, Any] | None) -> Any:
    """The slot's content: the section or the card's lines, or :func:`failed` (the error goes to the log only)."""
    ask = ask if isinstance(ask, dict) else {}
    lang = choose_lang(str(ask.get("lang") or ""))
    try:
        v = view_of(ask)
        if v is None:
            return failed(str(lang))
        objective = ask.get("objective")
        if ask.get("kind") == "card":
            return overview_block(v)
        if objective and str(objective) not in {str(c) for c in v.data.budget["code"]}:
            return failed(v.lang)  # a placeholder's request is the browser's: an objective not in the Budget
        return forecast_section(v, str(objective) if objective else None)
    except Exception:
        _log.exception("forecast of %s at %s failed", ask.get("pid"), ask.get("as_of"))
        return failed(str(lang))
