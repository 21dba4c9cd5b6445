"""The monitoring committee's slides: one slide at a time at 1920x1080, type for the back of a room.

``/committee?programme=2021-2027&lang=fr&slide=objectives`` shows one slide; ``bilingual=1`` writes
every title, label and status word in French and Dutch side by side, as Brussels committee documents
are; ``slide=all`` stacks every slide for printing (one per page). The slides are HTML, not plotly
charts: their text scales with the viewport and stays crisp on a projector and on paper. The keys
(arrows, Page Up / Page Down, Space, Home / End, Esc) are handled by ``assets/committee.js`` from
the links each slide carries.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from dash import dcc, html

from i18n import format_date, format_eur_short, format_pct, t
from monitoring.status import shown_text
from monitoring.thresholds import KPI_RATE

from .. import ids, service, urls
from ..context import Request, View
from ..words import objective_word, rag_word, short_label
from . import forecast as forecast_view

#: the shape beside each status word, so that a status never rests on colour alone
RAG_SHAPES = {"red": "▼", "orange": "◆", "green": "●", "na": "○"}
ARIA_HIDDEN: dict[str, Any] = {"aria-hidden": "true"}
#: table rows a slide holds at 28 px and more (one language / French and Dutch one above the other)
ROWS_PER_SLIDE = 9
ROWS_BILINGUAL = 4


@dataclass(frozen=True)
class Deck:
    """A committee request: the programme's view, the slide asked for, the languages, the comparison date."""

    view: View
    slide: str
    bilingual: bool
    since: date
    meeting: date

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages every text is written in: the page's, or French and Dutch side by side."""
        return ("fr", "nl") if self.bilingual else (self.view.lang,)

    def href(self, slide: str) -> str:
        params = {
            "programme": self.view.pid,
            "lang": self.view.lang,
            "slide": slide,
            "since": self.since.isoformat(),
            "meeting": self.meeting.isoformat(),
        }
        if self.view.explicit_as_of:
            params["as_of"] = self.view.as_of.isoformat()
        if self.bilingual:
            params["bilingual"] = "1"
        return urls.committee_path() + "?" + urls.encode(params)


def _attrs(values: dict[str, str]) -> dict[str, Any]:
    """aria-* and data-* attributes for an html component."""
    return values


def words(d: Deck, text: Callable[[str], str], cls: str = "") -> html.Span | html.Div:
    """A text in the deck's languages: one span, or French and Dutch side by side (lang attributes set)."""
    texts = {lang: text(lang) for lang in d.langs}
    if not d.bilingual or len(set(texts.values())) == 1:  # one language, or the same word in both ("Code")
        return html.Span(texts[d.langs[0]], className=cls)
    return html.Div(
        [html.Span(texts[lang], lang=lang, className=f"bi bi-{lang}") for lang in d.langs], className=f"bilingual {cls}"
    )


def tr(d: Deck, key: str, cls: str = "", date_style: str = "medium", **kw: Any) -> html.Span | html.Div:
    """A catalogue text in the deck's languages; a date argument is written in each language's own
    format ("31 juil. 2023" in the French text, "31 jul 2023" beside it in the Dutch one)."""

    def text(lang: str) -> str:
        args = {k: format_date(v, lang, date_style) if isinstance(v, date) else v for k, v in kw.items()}
        return t(key, lang, **args)

    return words(d, text, cls)


def status(d: Deck, rag: str, decommitment: str | None = None) -> html.Span:
    """The status as a shape, a word (in the deck's languages) and a colour.

    The words are the red / orange / green ones, or, for a tranche, its ``decommitment`` standing
    (covered, urgent, to watch, decommitted, cannot be checked).
    """
    word: Callable[[str], str] = (
        partial(rag_word, rag) if decommitment is None else partial(_decommitment_word, decommitment)
    )
    return html.Span(
        [
            html.Span(RAG_SHAPES.get(rag, "○"), className="shape", **ARIA_HIDDEN),
            words(d, word),
        ],
        className=f"status status-{rag}",
    )


def _decommitment_word(state: str, lang: str) -> str:
    return t(f"decommitment.status.{state}", lang)


def bar(rate: float | None, threshold: float, rag: str) -> html.Div:
    """A bar of the rate (0-100 %) with the threshold drawn on it: decoration beside the figures, never alone."""
    width = 0.0 if rate is None else max(0.0, min(1.0, rate)) * 100
    return html.Div(
        [
            html.Div(className=f"bar-fill bar-{rag}", style={"width": f"{width:.1f}%"}),
            html.Div(className="bar-threshold", style={"left": f"{min(threshold, 1.0) * 100:.1f}%"}),
        ],
        className="bar",
        **ARIA_HIDDEN,
    )


@dataclass(frozen=True)
class Part:
    """One subject of the deck: its title, and its body or the rows of its table (paged over slides)."""

    name: str
    title: Any
    body: tuple[Any, ...] = ()  # the slide's content, or what follows the table on each of its pages
    header: tuple[Any, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    empty: Any = None  # shown instead of the table when there is no row
    max_pages: int = 4  # beyond, the last page says how many rows are left out


def _frame(d: Deck, name: str, title: Any, body: list[Any], i: int, n: int) -> html.Section:
    return html.Section(
        [
            html.Header(html.H1(title, id=f"slide-title-{name}"), className="slide-head"),
            html.Div(body, className="slide-body"),
            html.Footer(
                [
                    html.Span(f"{d.view.data.info.cci} · ", className="slide-cci"),
                    tr(d, "committee.data_as_of", date=d.view.as_of),
                    html.Span(t("committee.counter", d.view.lang, i=i, total=n), className="slide-counter"),
                ],
                className="slide-foot",
            ),
        ],
        className=f"slide slide-{name.split('-')[0]}",
        id=f"slide-{name}",
        **_attrs({"aria-labelledby": f"slide-title-{name}", "data-slide": name}),
    )


def _table(header: tuple[Any, ...], rows: tuple[tuple[Any, ...], ...]) -> html.Table:
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody([html.Tr([html.Td(c) for c in r]) for r in rows]),
        ],
        className="slide-table",
    )


def pages(d: Deck, part: Part) -> list[tuple[str, Any, list[Any]]]:
    """The slides of a part: (slide name, title, body); a long table goes over several slides."""
    if not part.header:
        return [(part.name, part.title, list(part.body))]
    if not part.rows:
        return [(part.name, part.title, [part.empty, *part.body])]
    per = ROWS_BILINGUAL if d.bilingual else ROWS_PER_SLIDE
    chunks = [part.rows[i : i + per] for i in range(0, len(part.rows), per)]
    left_out = sum(len(c) for c in chunks[part.max_pages :])
    chunks = chunks[: part.max_pages]
    out = []
    for k, chunk in enumerate(chunks):
        body: list[Any] = [_table(part.header, chunk)]
        if left_out and k == len(chunks) - 1:
            body.append(html.P(tr(d, "committee.more", n=left_out), className="more"))
        title = (
            part.title
            if k == 0
            else html.Span([part.title, " ", tr(d, "committee.continued", i=k + 1, total=len(chunks))])
        )
        out.append((part.name if k == 0 else f"{part.name}-{k + 1}", title, [*body, *part.body]))
    return out


# --- the parts -------------------------------------------------------------------------------------
def title_part(d: Deck) -> Part:
    v = d.view
    return Part(
        "title",
        tr(d, "committee.title"),
        (
            html.P(words(d, lambda lang: f"{t('eu_amount', lang)} {v.pid}"), className="big"),
            html.P(tr(d, "committee.meeting", date_style="long", date=d.meeting)),
            html.P(tr(d, "committee.data_as_of", date_style="long", date=v.as_of)),
        ),
    )


def headline_part(d: Deck) -> Part:
    v = d.view
    h = service.headline(v.pid, v.as_of, snapshot=v.snapshot)
    kpi, st = h["kpi"], h["status"]
    days = h["days_to_deadline"]
    key = "days_left" if days >= 0 else "days_past"
    return Part(
        "headline",
        tr(d, f"kpi.{kpi.key}"),
        (
            html.Div(
                [html.Span(st.rate_text(v.lang), className="kpi-figure"), status(d, st.rag)],
                className="kpi-row",
            ),
            bar(h["rate"], kpi.red_below, st.rag),
            html.P(words(d, st.describe), className="kpi-gap"),
            html.P(
                words(
                    d,
                    lambda lang: (
                        f"{t('threshold', lang)} {format_pct(kpi.red_below, lang, 0)} · "
                        f"{t('target', lang)} {format_pct(kpi.green_from, lang, 0)}"
                    ),
                )
            ),
            html.P(tr(d, key, n=abs(days), date=kpi.deadline)),
        ),
    )


def _label(pid: str, r: Mapping[Hashable, Any], lang: str) -> str:
    """A unit's label, short for a slide."""
    return short_label(pid, str(r["key"]), str(r.get(f"label_{lang}") or r.get("label") or r["key"]), lang)


def _name(r: Mapping[Hashable, Any], lang: str) -> str:
    """A call's or a project's name in ``lang`` (its French / Dutch name when the workbook gives one)."""
    return str(r.get(f"label_{lang}") or r.get("label") or r["key"])


def _project_name(v: View, r: Mapping[Hashable, Any], lang: str) -> str:
    """A project's name in ``lang``, from the Projects sheet (a forecast row carries the single name)."""
    return service.project_name(v.pid, str(r["project_id"]), lang, snapshot=v.snapshot) or str(r["name"])


def _rate_col(d: Deck) -> tuple[Any, str]:
    kpi = service.headline_kpi(d.view.pid)
    return kpi, KPI_RATE[kpi.key]


def _rate(r: Mapping[Hashable, Any], rate_col: str, lang: str) -> str:
    """A unit's rate as every output writes it (the level table's display-rule columns: never across a threshold)."""
    return shown_text(r.get(f"{rate_col}_shown"), r.get(f"{rate_col}_decimals"), lang)


def objectives_part(d: Deck) -> Part:
    v = d.view
    kpi, rate_col = _rate_col(d)
    records = service.level_table(v.pid, "objective", v.as_of, snapshot=v.snapshot).to_dict("records")
    rows = tuple(
        (
            html.Span(r["key"], className="code"),
            words(d, partial(_label, v.pid, r), "label"),
            html.Div(
                [
                    html.Span(_rate(r, rate_col, v.lang), className="rate"),
                    bar(r[rate_col], kpi.red_below, r["rag"]),
                ],
                className="rate-bar",
            ),
            status(d, r["rag"]),
        )
        for r in records
    )  # fmt: skip
    header = (
        tr(d, "code"),
        words(d, lambda lang: objective_word(v.pid, lang)),
        tr(d, f"kpi.{kpi.key}"),
        tr(d, "status"),
    )
    title = words(d, lambda lang: t("committee.slide.objectives", lang, level=objective_word(v.pid, lang).lower()))
    return Part("objectives", title, header=header, rows=rows)


def calls_part(d: Deck) -> Part:
    v = d.view
    kpi, rate_col = _rate_col(d)
    table = service.level_table(v.pid, "call", v.as_of, snapshot=v.snapshot)
    table = table[table["key"] != ""].sort_values(["gap", "key"], ascending=[False, True], na_position="last")
    rows = tuple(
        (
            html.Span(r["key"], className="code"),
            words(d, partial(_name, r), "label"),
            html.Span(format_eur_short(r["allocation"], v.lang), className="amount"),
            html.Span(_rate(r, rate_col, v.lang), className="rate"),
            status(d, r["rag"]),
        )
        for r in table.to_dict("records")
    )
    header = (tr(d, "code"), tr(d, "call"), tr(d, "call_budget"), tr(d, f"kpi.{kpi.key}"), tr(d, "status"))
    return Part("calls", tr(d, "committee.slide.calls"), header=header, rows=rows, max_pages=2)


def late_part(d: Deck) -> Part:
    """Projects whose payments of the current year are below 90 % of the year's forecast (the 80/90 rule)."""
    v = d.view
    df = service.forecast_table(v.pid, v.as_of, snapshot=v.snapshot)
    year = v.as_of.year
    late = df[(df["year"] == year) & df["rag"].isin(["red", "orange"])].sort_values(["ratio", "project_id"])
    rows = tuple(
        (
            html.Span(r["project_id"], className="code"),
            words(d, partial(_project_name, v, r), "label"),
            html.Span(format_pct(r["ratio"], v.lang), className="rate"),
            status(d, r["rag"]),
        )
        for r in late.to_dict("records")
    )
    return Part(
        "late",
        tr(d, "committee.slide.late"),
        (html.P(tr(d, "committee.late_rule", year=year, date=v.as_of), className="rule"),),
        header=(tr(d, "code"), tr(d, "project"), tr(d, "ratio"), tr(d, "status")),
        rows=rows,
        empty=html.P(tr(d, "committee.no_late"), className="big"),
        max_pages=2,
    )


def decommitment_part(d: Deck) -> Part:
    v = d.view
    df = service.decommitment(v.pid, v.as_of, snapshot=v.snapshot)
    rows = tuple(
        (
            html.Span(str(int(r["tranche_year"])), className="code"),
            html.Span(format_date(r["deadline"], v.lang), className="date"),
            html.Span(format_eur_short(r["due_cumulative"], v.lang), className="amount"),
            html.Span(format_eur_short(r["claimed"], v.lang), className="amount"),
            html.Span(format_eur_short(r["gap"], v.lang), className="amount"),
            status(d, r["rag"], r["status"]),
        )
        for r in df.to_dict("records")
    )
    header = (tr(d, "tranche"), tr(d, "deadline"), tr(d, "due_cumulative"), tr(d, "claimed"), tr(d, "gap"),
              tr(d, "status"))  # fmt: skip
    method = df["method"].iloc[0] if len(df) else "estimate"
    said = [html.P(tr(d, f"decommitment.method.{method}"), className="rule")]
    if method == "estimate":  # said on the slide too: an estimate is never presented as fact
        said.append(html.P(tr(d, "decommitment.estimate_warning"), className="rule"))
    return Part("decommitment", tr(d, "committee.slide.decommitment"), tuple(said), header=header, rows=rows)


def changes_part(d: Deck) -> Part:
    """Each objective's headline rate then and now, replaying the money lines up to each date."""
    v = d.view
    _, rate_col = _rate_col(d)
    now = service.level_table(v.pid, "objective", v.as_of, snapshot=v.snapshot)
    then = service.level_table(v.pid, "objective", d.since, snapshot=v.snapshot).set_index("key")[rate_col].to_dict()
    rows = []
    for r in now.to_dict("records"):
        before, after = then.get(r["key"]), r[rate_col]
        delta = None if before is None or before != before or after != after else (after - before) * 100
        rows.append(
            (
                html.Span(str(r["key"]), className="code"),
                words(d, partial(_label, v.pid, r), "label"),
                html.Span(format_pct(before, v.lang), className="rate"),
                html.Span(format_pct(after, v.lang), className="rate"),
                html.Span(_points(delta, v.lang), className="delta"),
                status(d, r["rag"]),
            )
        )
    header = (
        tr(d, "code"),
        words(d, lambda lang: objective_word(v.pid, lang)),
        tr(d, "committee.then", date=d.since),
        tr(d, "committee.now", date=v.as_of),
        tr(d, "committee.change"),
        tr(d, "status"),
    )
    return Part(
        "changes",
        tr(d, "committee.slide.changes", date=d.since),
        (html.P(tr(d, "committee.change_rule"), className="rule"),),
        header=header,
        rows=tuple(rows),
    )


def _points(delta: float | None, lang: str) -> str:
    if delta is None:
        return "–"
    sign = "+" if delta > 0.05 else ("−" if delta < -0.05 else "±")
    value = format_pct(abs(delta) / 100, lang).replace("%", "").replace("\u00a0", "").strip()
    return t("committee.points", lang, sign=sign, value=value)


def forecast_part(d: Deck) -> Part:
    """The committee slide: where payments will land (estimate), in the deck's languages."""
    v = d.view
    outlook = service.payment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    if not outlook.shown:
        body: tuple[Any, ...] = (
            html.P(words(d, outlook.backtest.reason), className="rule"),
            html.P(tr(d, "forecast.estimate"), className="rule"),
        )
        return Part("forecast", tr(d, "forecast.title"), body)
    day = outlook.kpi.deadline if outlook.kpi is not None and outlook.kpi.deadline > outlook.as_of else outlook.end
    at = outlook.at(day)

    def band(lang: str) -> str:
        return t(
            "forecast.committee.band",
            lang,
            date=format_date(day, lang),
            median=format_eur_short(at["median"], lang),
            low=format_eur_short(at["low"], lang),
            high=format_eur_short(at["high"], lang),
        )

    chances = [
        html.P(words(d, partial(forecast_view.said, o)), className="big")
        for o in outlook.threshold_outlooks[:1] or outlook.n3_outlooks[:1]
    ]
    body = (
        *chances,
        html.P(words(d, band)),
        html.P(words(d, outlook.backtest.reason), className="rule"),
    )
    return Part("forecast", tr(d, "forecast.title"), body)


PARTS: tuple[Callable[[Deck], Part], ...] = (
    title_part,
    headline_part,
    objectives_part,
    calls_part,
    late_part,
    decommitment_part,
    forecast_part,
    changes_part,
)


def slides(d: Deck) -> list[tuple[str, Any, list[Any]]]:
    """Every slide of the deck, in order: (name, title, body)."""
    return [page for part in PARTS for page in pages(d, part(d))]


def _nav(d: Deck, names: list[str]) -> html.Nav:
    """Previous / next links and the way out: for the mouse, the keyboard (assets/committee.js) and print."""
    i = names.index(d.slide)
    prev_slide, next_slide = names[max(i - 1, 0)], names[min(i + 1, len(names) - 1)]
    lang = d.view.lang
    exit_href = d.view.href(urls.programme_path(d.view.pid))
    return html.Nav(
        [
            dcc.Link("←", href=d.href(prev_slide), id="committee-prev", title=t("committee.previous", lang)),
            dcc.Link("→", href=d.href(next_slide), id="committee-next", title=t("committee.next", lang)),
            dcc.Link(
                t("committee.print_short", lang),
                href=d.href("all"),
                id="committee-print",
                title=t("committee.print", lang),
            ),
            dcc.Link("✕", href=exit_href, id="committee-exit", title=t("committee.leave", lang)),
            html.Span(t("committee.keys", lang), className="sr-only"),
        ],
        className="committee-nav",
        **_attrs(
            {
                "aria-label": t("committee.open", lang),
                "data-first": d.href(names[0]),
                "data-last": d.href(names[-1]),
                "data-prev": d.href(prev_slide),
                "data-next": d.href(next_slide),
                "data-exit": exit_href,
            }
        ),
    )


def previous_cutoff(v: View) -> date:
    """The default comparison date: two reporting cut-offs before the date shown."""
    earlier = [c for c in service.cutoffs(v.pid, snapshot=v.snapshot) if c < v.as_of]
    return earlier[-2] if len(earlier) >= 2 else (earlier[0] if earlier else v.as_of)


def committee(
    r: Request, pid: str | None, slide: str | None, bilingual: str | None, since: str | None, meeting: str | None
) -> html.Div:
    pids = service.programme_ids()
    if not pid or pid not in pids:  # no programme named: offer the loaded ones
        choices = [
            dcc.Link(p, href=urls.committee_path() + "?" + urls.encode({"programme": p, "lang": r.lang}),
                     className="committee-choice")
            for p in pids
        ]  # fmt: skip
        return html.Div(
            [html.H1(t("committee.title", r.lang)), html.P([t("committee.choose", r.lang), " ", *choices])],
            className="committee committee-empty",
            id=ids.COMMITTEE,
        )
    data = service.programme(pid, r.snapshot)
    assert data is not None
    v = r.at(data)
    base = Deck(v, "title", bilingual in ("1", "true", "yes"), date.today(), date.today())
    since_day = urls.parse_as_of(since)
    meeting_day = urls.parse_as_of(meeting) or date.today()
    d = replace(base, since=since_day if since_day and since_day < v.as_of else previous_cutoff(v), meeting=meeting_day)
    all_slides = slides(d)
    names = [name for name, _, _ in all_slides]
    n = len(all_slides)
    cls = "committee" + (" is-bilingual" if d.bilingual else "")
    if slide == "all":
        return html.Div(
            [_frame(d, name, title, body, i + 1, n) for i, (name, title, body) in enumerate(all_slides)],
            className=cls + " committee-all",
            id=ids.COMMITTEE,
        )
    current = slide if slide in names else names[0]
    d = replace(d, slide=current)
    i = names.index(current)
    name, title, body = all_slides[i]
    return html.Div(
        [_frame(d, name, title, body, i + 1, n), _nav(d, names)],
        className=cls,
        id=ids.COMMITTEE,
        lang="fr" if d.bilingual else d.view.lang,
        tabIndex="0",  # a long (bilingual) slide scrolls: the keyboard can reach it
    )
