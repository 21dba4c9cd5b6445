"""The monitoring committee's slides: one slide at a time, type for the back of a room.

``/committee?programme=2021-2027&lang=fr&slide=objectives`` shows one slide; ``bilingual=1`` writes
every title, label and status word in French and Dutch side by side, as Brussels committee documents
are; ``slide=all`` stacks every slide for printing (one per A4 landscape page). The slides are HTML,
not plotly charts: they stay crisp on a projector and on paper. The keys (arrows, Page Up / Page Down,
Space, Home / End, Esc) are handled by ``assets/committee.js`` from the links each slide carries.

Every slide is a 16:9 canvas measured in em (``CANVAS``): ``assets/committee.css`` sets the type from
the viewport (28 px at 1920x1080, 20 px at 1366x768, 18.7 px at 1280x720) and, in print, from the
page's width, so a slide holds the same text on every screen and on paper. A long table goes over as
many slides as it needs ("Appels à projets (2/3)"): the rows a slide holds are computed from the
height of each row's text (``fit``), never cut and never summarised as "and 10 more".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

import pandas as pd
from dash import dcc, html

from i18n import format_date, format_eur_short, format_pct, t
from monitoring.commitment_forecast import CommitmentOutlook
from monitoring.forecast import PaymentOutlook
from monitoring.status import format_rate, shown_text
from monitoring.thresholds import KPI_RATE

from .. import ids, pagedata, service, urls
from ..context import Request, View
from ..pagedata import PageModel
from ..words import objective_word, rag_word, short_label
from . import forecast as forecast_view

#: the shape beside each status word, so that a status never rests on colour alone
RAG_SHAPES = {"red": "▼", "orange": "◆", "green": "●", "na": "○"}
ARIA_HIDDEN: dict[str, Any] = {"aria-hidden": "true"}

# --- the canvas (em of the slide's type; assets/committee.css uses the same figures) ------------------
#: a slide is 1920x1080 at 28 px: 68.57 x 38.57 em
CANVAS_W = 1920 / 28
CANVAS_H = 1080 / 28
PAD_TOP, PAD_BOTTOM, PAD_SIDE = 0.9, 0.7, 1.6
GAP = 0.5  # between the head, the body and the foot; and between the body's blocks
NAV_W = 14.0  # the ← → Imprimer ✕ buttons, top right: the title never runs under them
LINE = 1.25  # line height
#: the width of a character, in em, in the widest font a deck is shown in (DejaVu Sans, Linux's fallback for
#: Inter / Segoe UI: 0.48-0.60 regular, 0.55-0.66 bold, measured on the deck's texts; Segoe UI is narrower)
CHAR = 0.6
CHAR_BOLD = 0.67
CELL_PAD = 0.8  # left + right padding of a table cell
ROW_PAD = 0.34  # top + bottom padding and border of a table row
BADGE = 0.3  # a status badge's padding and border (height)
BADGE_W = 2.3  # a status badge's shape, gap, padding and border (width)
SLACK = 0.6  # a page scroll bar, rounding: the label column is counted this much narrower
CONTENT_W = CANVAS_W - 2 * PAD_SIDE


def lines(text: str, width: float, char: float = CHAR, scale: float = 1.0) -> int:
    """How many lines ``text`` takes in ``width`` em (wrapped at words, one line at least)."""
    per_line = max(1, int(width / (char * scale) + 0.01))
    n, used = 1, 0
    for word in text.split():
        w = len(word)
        if used and used + 1 + w > per_line:
            n, used = n + 1, 0
        if used == 0 and w > per_line:  # a word longer than the line: it breaks (CSS overflow-wrap)
            n += math.ceil(w / per_line) - 1
            used = w % per_line
        else:
            used += w + (1 if used else 0)
    return n


@dataclass(frozen=True)
class Deck:
    """A committee request: the programme's view, the slide asked for, the languages, the comparison date."""

    view: View
    slide: str
    bilingual: bool
    since: date
    meeting: date
    demo: bool = False

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


@dataclass(frozen=True)
class Text:
    """A text of the deck: its component and its words in each of the deck's languages (for fitting)."""

    node: Any
    texts: tuple[str, ...]
    bold: bool = False
    badge: bool = False

    def height(self, width: float, scale: float = 1.0, side_by_side: bool = False) -> float:
        """Its height in em in a box ``width`` em wide: languages one above the other, or side by side."""
        char = CHAR_BOLD if self.bold else CHAR
        inner = width - (BADGE_W if self.badge else 0)  # a badge's shape and padding
        if side_by_side and len(self.texts) > 1:
            col = (width - 1.2) / len(self.texts) - 0.7
            n = max(lines(s, col, char, scale) for s in self.texts)
        else:
            n = sum(lines(s, inner, char, scale) for s in self.texts)
        return n * LINE * scale + (BADGE if self.badge else 0)


def _texts(d: Deck, text: Callable[[str], str]) -> tuple[str, ...]:
    texts = tuple(dict.fromkeys(text(lang) for lang in d.langs))  # the same word in both ("Code"): once
    return texts


def words(d: Deck, text: Callable[[str], str], cls: str = "", bold: bool = False) -> Text:
    """A text in the deck's languages: one span, or French and Dutch side by side (lang attributes set)."""
    texts = {lang: text(lang) for lang in d.langs}
    if not d.bilingual or len(set(texts.values())) == 1:  # one language, or the same word in both ("Code")
        return Text(html.Span(texts[d.langs[0]], className=cls), (texts[d.langs[0]],), bold)
    node = html.Div(
        [html.Span(texts[lang], lang=lang, className=f"bi bi-{lang}") for lang in d.langs], className=f"bilingual {cls}"
    )
    return Text(node, tuple(texts[lang] for lang in d.langs), bold)


def tr(d: Deck, key: str, cls: str = "", date_style: str = "medium", bold: bool = False, **kw: Any) -> Text:
    """A catalogue text in the deck's languages; a date argument is written in each language's own
    format ("31 juil. 2023" in the French text, "31 jul 2023" beside it in the Dutch one)."""

    def text(lang: str) -> str:
        args = {k: format_date(v, lang, date_style) if isinstance(v, date) else v for k, v in kw.items()}
        return t(key, lang, **args)

    return words(d, text, cls, bold)


def plain(value: str, cls: str, bold: bool = False) -> Text:
    """A figure or a code: the same in every language."""
    return Text(html.Span(value, className=cls), (value,), bold)


def status(d: Deck, rag: str, word: Callable[[str], str]) -> Text:
    """The status as a shape, a word (in the deck's languages) and a colour."""
    w = words(d, word, bold=True)
    node = html.Span(
        [html.Span(RAG_SHAPES.get(rag, "○"), className="shape", **ARIA_HIDDEN), w.node],
        className=f"status status-{rag}",
    )
    return Text(node, w.texts, bold=True, badge=True)


def rag_status(d: Deck, rag: str) -> Text:
    """A unit's standing against the programme's threshold: "Sous le seuil", "Op te volgen"..."""
    return status(d, rag, partial(rag_word, rag))


def bar(rate: float | None, threshold: float, rag: str) -> html.Div:
    """A bar of the rate (0-100 %) with the threshold drawn on it: decoration beside the figures, never alone."""
    width = 0.0 if rate is None or rate != rate else max(0.0, min(1.0, rate)) * 100
    return html.Div(
        [
            html.Div(className=f"bar-fill bar-{rag}", style={"width": f"{width:.1f}%"}),
            html.Div(className="bar-threshold", style={"left": f"{min(threshold, 1.0) * 100:.1f}%"}),
        ],
        className="bar",
        **ARIA_HIDDEN,
    )


@dataclass(frozen=True)
class Block:
    """A paragraph of a slide's body: its component and its height in em."""

    node: Any
    height: float


def para(d: Deck, text: Text, cls: str = "", scale: float = 1.0) -> Block:
    """A paragraph; in the bilingual deck French and Dutch side by side (assets/committee.css)."""
    return Block(html.P(text.node, className=cls), text.height(CONTENT_W, scale, side_by_side=True))


@dataclass(frozen=True)
class Part:
    """One subject of the deck: its title, and its body or the rows of its table (paged over slides).

    ``kinds`` say how each column is sized: "fix" (a code or a figure, never wrapped: as wide as its
    widest value), "wrap" (the label: the rest of the width), "status" (a status badge: as wide as its
    words, up to ``STATUS_MAX`` em). No column is narrower than its header's longest word.
    """

    name: str
    title: Callable[[str], str]
    body: tuple[Block, ...] = ()  # the slide's content, or what follows the table on each of its pages
    header: tuple[Text, ...] = ()
    rows: tuple[tuple[Text, ...], ...] = ()
    kinds: tuple[str, ...] = ()
    empty: Block | None = None  # shown instead of the table when there is no row
    classes: tuple[str, ...] = field(default_factory=tuple)  # one class a column, for its alignment


@dataclass(frozen=True)
class Slide:
    """One slide: its name in the URL, its title, its body."""

    name: str
    title: Any
    body: list[Any]
    part: str


#: the widest a status column gets before its words wrap; a figure's header before it wraps
STATUS_MAX = 19.0
HEAD_MAX = 9.0
WRAP_MIN = 20.0


def _longest_word(texts: tuple[str, ...], char: float) -> float:
    return max((len(w) for s in texts for w in s.split()), default=0) * char


def _widths(part: Part) -> list[float]:
    """Each column's width in em: the figures as wide as their widest value, the label the rest (at least
    ``WRAP_MIN`` em: the figures' headers then wrap at their words)."""
    widths = _widths_with(part, HEAD_MAX)
    if min(w for w, kind in zip(widths, part.kinds, strict=True) if kind == "wrap") < WRAP_MIN:
        widths = _widths_with(part, 0.0)
    return widths


def _widths_with(part: Part, head_max: float) -> list[float]:
    widths: list[float | None] = []
    for k, kind in enumerate(part.kinds):
        cells = [r[k] for r in part.rows]
        head = _longest_word(part.header[k].texts, CHAR_BOLD)
        if kind == "wrap":
            widths.append(None)
            continue
        if kind == "bar":  # the rate (4.6 em, assets/committee.css) and its bar
            w = 4.6 + 0.5 + 8.0
        elif kind == "fix":  # its widest value; its header on one line when that takes less than HEAD_MAX
            w = max((len(s) * (CHAR_BOLD if c.bold else CHAR) for c in cells for s in c.texts), default=0)
            w = max(w, min(max(len(s) for s in part.header[k].texts) * CHAR_BOLD, head_max))
        else:  # a status: its longest word at least, its whole text when it fits
            full = max((len(s) * CHAR_BOLD for c in cells for s in c.texts), default=0)
            words_w = max((_longest_word(c.texts, CHAR_BOLD) for c in cells), default=0)
            w = max(min(full, STATUS_MAX), words_w) + BADGE_W
        widths.append(max(w, head) + CELL_PAD + SLACK)
    rest = CONTENT_W - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def row_height(cells: tuple[Text, ...], widths: list[float]) -> float:
    """A table row's height in em: its tallest cell's."""
    return max(c.height(w - CELL_PAD - SLACK) for c, w in zip(cells, widths, strict=True)) + ROW_PAD


def title_height(title: Text) -> float:
    """The slide title's height (1.9 em type), beside the navigation buttons; French and Dutch side by side."""
    return title.height(CONTENT_W - NAV_W, scale=1.9, side_by_side=True)


def _joined(texts: Sequence[tuple[str, str | None]], cls: str, bilingual: bool) -> list[Any]:
    """Pieces separated by " · ", a separator only between two pieces."""
    out: list[Any] = []
    for k, (text, lang) in enumerate(texts):
        if k:
            out.append(html.Span(" · ", className="sep", **ARIA_HIDDEN))
        out.append(html.Span(text, className=cls, lang=lang) if lang and bilingual else html.Span(text, className=cls))
    return out


def foot(d: Deck, i: int, n: int) -> tuple[list[Any], float]:
    """The slide's footer and its height: the CCI, the data's date and the counter, then the demo notice
    when it is demo data, in each of the deck's languages ("Diapositive 1 sur 13 · Dia 1 van 13").

    Separators only between the pieces that are there (no "2014BE16RFOP001 ·" with nothing after it).
    """
    v = d.view
    first: list[tuple[str, str | None]] = [(v.data.info.cci, None)] if v.data.info.cci else []
    first += [(t("committee.data_as_of", lang, date=format_date(v.as_of, lang)), lang) for lang in d.langs]
    counter = [(t("committee.counter", lang, i=i, total=n), lang) for lang in d.langs]
    rows = [
        html.Div(
            [html.Span(_joined(first, "slide-where", d.bilingual)), html.Span(_joined(counter, "", d.bilingual),
             className="slide-counter")],
            className="slide-foot-row",
        )
    ]  # fmt: skip
    room = CONTENT_W - SLACK
    left, right = " · ".join(x for x, _ in first), " · ".join(x for x, _ in counter)
    n = 1 if len(left) * CHAR + 1 + len(right) * CHAR_BOLD <= room else lines(left, room) + 1
    if d.demo:
        demo = [(t("demo_notice", lang), lang) for lang in d.langs]
        rows.append(html.Div(_joined(demo, "slide-demo", d.bilingual), className="slide-foot-demo"))
        n += lines(" · ".join(x for x, _ in demo), room, CHAR_BOLD)
    return rows, n * LINE


def fit(d: Deck, part: Part, title: Text, widths: list[float], n_slides: int = 99) -> list[list[int]]:
    """The rows of each slide of a table part (its columns ``widths``): as many as fit under the title, above the
    body and the foot."""
    head = row_height(part.header, widths)
    after = sum(b.height + GAP for b in part.body)
    _, foot_h = foot(d, n_slides, n_slides)
    room = CANVAS_H - PAD_TOP - PAD_BOTTOM - title_height(title) - foot_h - 2 * GAP - after - head
    heights = [row_height(r, widths) for r in part.rows]
    out: list[list[int]] = [[]]
    used = 0.0
    for k, h in enumerate(heights):
        if out[-1] and used + h > room:
            out.append([])
            used = 0.0
        out[-1].append(k)
        used += h
    return out


def _table(part: Part, rows: list[tuple[Text, ...]], widths: list[float]) -> html.Table:
    return html.Table(
        [
            html.Colgroup([html.Col(style={"width": f"{w / CONTENT_W * 100:.2f}%"}) for w in widths]),
            html.Thead(
                html.Tr(
                    [html.Th(h.node, scope="col", className=c) for h, c in zip(part.header, part.classes, strict=True)]
                )
            ),
            html.Tbody(
                [html.Tr([html.Td(c.node, className=k) for c, k in zip(r, part.classes, strict=True)]) for r in rows]
            ),
        ],
        className="slide-table",
    )


def _numbered(d: Deck, title: Callable[[str], str], k: int, n: int) -> Text:
    """ "Appels à projets (2/3)": the part's title and the slide's place among the part's slides."""
    if n == 1:
        return words(d, title, bold=True)
    return words(d, lambda lang: f"{title(lang)}\u00a0{t('committee.continued', lang, i=k, total=n)}", bold=True)


def pages(d: Deck, part: Part) -> list[Slide]:
    """The slides of a part; a long table goes over as many slides as it needs, every row shown."""
    body = [b.node for b in part.body]
    if not part.header:
        return [Slide(part.name, _numbered(d, part.title, 1, 1).node, body, part.name)]
    if not part.rows:
        empty = [part.empty.node] if part.empty else []
        return [Slide(part.name, _numbered(d, part.title, 1, 1).node, [*empty, *body], part.name)]
    # the columns' widths once per part, over all its rows (the same on each of its slides): computed per slide,
    # a deck of 500 calls spent 43 s of its 52 s there (issue 22, national scale)
    widths = _widths(part)
    chunks = fit(d, part, _numbered(d, part.title, 9, 9), widths)
    n = len(chunks)
    out = []
    for k, chunk in enumerate(chunks, start=1):
        title = _numbered(d, part.title, k, n)
        rows = [part.rows[j] for j in chunk]
        name = part.name if k == 1 else f"{part.name}-{k}"
        out.append(Slide(name, title.node, [_table(part, rows, widths), *body], part.name))
    return out


def _frame(d: Deck, s: Slide, i: int, n: int) -> html.Section:
    children, _ = foot(d, i, n)
    return html.Section(
        [
            html.Header(html.H1(s.title, id=f"slide-title-{s.name}"), className="slide-head"),
            html.Div(s.body, className="slide-body"),
            html.Footer(children, className="slide-foot"),
        ],
        className=f"slide slide-{s.part}",
        id=f"slide-{s.name}",
        **_attrs({"aria-labelledby": f"slide-title-{s.name}", "data-slide": s.name, "data-part": s.part}),
    )


# --- the parts -------------------------------------------------------------------------------------
def title_part(d: Deck) -> Part:
    v = d.view
    return Part(
        "title",
        partial(t, "committee.title"),
        (
            para(d, words(d, lambda lang: f"{t('eu_amount', lang)} {v.pid}"), "big", 1.6),
            para(d, tr(d, "committee.meeting", date_style="long", date=d.meeting)),
            para(d, tr(d, "committee.data_as_of", date_style="long", date=v.as_of)),
        ),
    )


def _page(d: Deck) -> PageModel:
    """The programme's page model: the slides show the figures the programme page and its workbook show."""
    return pagedata.programme(d.view, full=False)


def headline_part(d: Deck) -> Part:
    v = d.view
    m = _page(d)
    kpi, st = m.kpi, m.status
    h = {"rate": m.totals.get(m.kpi_rate)}
    days = m.days_to_deadline or 0
    key = "days_left" if days >= 0 else "days_past"
    figure = st.rate_text(v.lang)  # beside its status, as the headline line, the card and the workbook write it
    return Part(
        "headline",
        partial(t, f"kpi.{kpi.key}"),
        (
            Block(
                html.Div([html.Span(figure, className="kpi-figure"), rag_status(d, st.rag).node], className="kpi-row"),
                6.5,
            ),
            Block(bar(h["rate"], kpi.red_below, st.rag), 0.7),
            para(d, words(d, st.describe, bold=True), "kpi-gap", 1.3),
            para(
                d,
                words(
                    d,
                    lambda lang: (
                        f"{t('threshold', lang)} {format_pct(kpi.red_below, lang, 0)} · "
                        f"{t('target', lang)} {format_pct(kpi.green_from, lang, 0)}"
                    ),
                ),
            ),
            para(d, tr(d, key, n=abs(days), date=kpi.deadline)),
        ),
    )


def _label(pid: str, r: Mapping[Hashable, Any], lang: str) -> str:
    """A unit's label, short for a slide."""
    return short_label(pid, str(r["key"]), str(r.get(f"label_{lang}") or r.get("label") or r["key"]), lang)


def _name(r: Mapping[Hashable, Any], lang: str) -> str:
    """A call's or a project's name in ``lang`` (its French / Dutch name when the workbook gives one)."""
    return str(r.get(f"label_{lang}") or r.get("label") or r["key"])


def _rate_col(d: Deck) -> tuple[Any, str]:
    kpi = service.headline_kpi(d.view.pid)
    return kpi, KPI_RATE[kpi.key]


def _rate(d: Deck, r: Mapping[Hashable, Any], rate_col: str) -> str:
    """A unit's rate as every output writes it (the level table's display-rule columns: beside the row's status,
    never across its threshold: "94,99 %", not "95,0 %")."""
    return shown_text(r.get(f"{rate_col}_shown"), r.get(f"{rate_col}_decimals"), d.view.lang)


def _rate_bar(rate: str, drawn: html.Div) -> Text:
    return Text(html.Div([html.Span(rate, className="rate"), drawn], className="rate-bar"), (rate,))


def objectives_part(d: Deck) -> Part:
    v = d.view
    kpi, rate_col = _rate_col(d)
    objectives = _page(d).objectives
    records = objectives.to_dict("records") if objectives is not None else []
    rows = tuple(
        (
            plain(str(r["key"]), "code", bold=True),
            words(d, partial(_label, v.pid, r), "label"),
            _rate_bar(_rate(d, r, rate_col), bar(r[rate_col], kpi.red_below, r["rag"])),
            rag_status(d, r["rag"]),
        )
        for r in records
    )  # fmt: skip
    header = (
        tr(d, "code", bold=True),
        words(d, lambda lang: objective_word(v.pid, lang), bold=True),
        tr(d, f"kpi.{kpi.key}", bold=True),
        tr(d, "status", bold=True),
    )

    def title(lang: str) -> str:
        return t("committee.slide.objectives", lang, level=objective_word(v.pid, lang).lower())

    return Part(
        "objectives", title, header=header, rows=rows, kinds=("fix", "wrap", "bar", "status"),
        classes=("", "", "", ""),
    )  # fmt: skip


def calls_part(d: Deck) -> Part:
    """Every call, those furthest from the threshold first (the calls with the largest gap)."""
    v = d.view
    kpi, rate_col = _rate_col(d)
    calls = _page(d).calls
    table = calls if calls is not None else pd.DataFrame({"key": [], "gap": []})
    table = table[table["key"] != ""].sort_values(["gap", "key"], ascending=[False, True], na_position="last")
    rows = tuple(
        (
            plain(str(r["key"]), "code", bold=True),
            words(d, partial(_name, r), "label"),
            plain(format_eur_short(r["allocation"], v.lang), "amount"),
            plain(_rate(d, r, rate_col), "rate"),
            rag_status(d, r["rag"]),
        )
        for r in table.to_dict("records")
    )
    header = (
        tr(d, "code", bold=True),
        tr(d, "call", bold=True),
        tr(d, "call_budget", bold=True),
        tr(d, f"kpi.{kpi.key}", bold=True),
        tr(d, "status", bold=True),
    )
    return Part(
        "calls", partial(t, "committee.slide.calls"), header=header, rows=rows,
        kinds=("fix", "wrap", "fix", "fix", "status"), classes=("", "", "num", "num", ""),
    )  # fmt: skip


def late_part(d: Deck) -> Part:
    """Projects behind their forecast for the year, judged as on their own page.

    The figure is the one the status is judged on: paid in the year up to the date ÷ the part of the
    year's forecast expected by then (``current_ratio``); the words are the project's own ("En cours —
    en retard"), never the programme's threshold words; a closed or cancelled project is never late.
    """
    v = d.view
    bands = service.thresholds().forecast
    cut = (bands.red_below, bands.green_from)
    df = service.projects_table(v.pid, v.as_of, snapshot=v.snapshot)
    late = df[df["status"].isin(["late", "slightly_late"])].sort_values(["current_ratio", "key"])
    rows = tuple(
        (
            plain(str(r["key"]), "code", bold=True),
            words(d, partial(_name, r), "label"),
            plain(format_rate(r["current_ratio"], cut, v.lang), "rate"),
            status(d, str(r["rag"]), partial(_current_word, str(r["rag"]))),
        )
        for r in late.to_dict("records")
    )

    def rule_text(lang: str) -> str:  # the date and the bands in each language's own format ("80 %", "80%")
        return t(
            "committee.late_rule",
            lang,
            year=v.as_of.year,
            date=format_date(v.as_of, lang),
            red=format_pct(bands.red_below, lang, 0),
            green=format_pct(bands.green_from, lang, 0),
        )

    rule = words(d, rule_text)
    return Part(
        "late",
        partial(t, "committee.slide.late"),
        (para(d, rule, "rule"),),
        header=(tr(d, "code", bold=True), tr(d, "project", bold=True), tr(d, "forecast_ratio", bold=True),
                tr(d, "status", bold=True)),
        rows=rows,
        kinds=("fix", "wrap", "fix", "status"),
        classes=("", "", "num", ""),
        empty=para(d, tr(d, "committee.no_late"), "big", 1.6),
    )  # fmt: skip


def _current_word(rag: str, lang: str) -> str:
    return t(f"forecast_state.current.{rag}", lang)


def _decommitment_word(state: str, lang: str) -> str:
    return t(f"decommitment.status.{state}", lang)


def decommitment_part(d: Deck) -> Part:
    """Per EU tranche: what must be covered by its deadline, the pre-financing and the claims that cover it,
    and the rest (due − pre-financing − claimed = rest to claim, as on the programme page)."""
    v = d.view
    exposure = _page(d).decommitment
    df = exposure if exposure is not None else pd.DataFrame()
    rows = tuple(
        (
            plain(_tranche(int(r["tranche_year"]), str(r.get("resource", ""))), "code", bold=True),
            plain(format_date(r["deadline"], v.lang), "date"),
            plain(format_eur_short(r["due_cumulative"], v.lang), "amount"),
            plain(format_eur_short(r["prefinancing"], v.lang), "amount"),
            plain(format_eur_short(r["claimed"], v.lang), "amount"),
            plain(format_eur_short(r["gap"], v.lang), "amount"),
            status(d, str(r["rag"]), partial(_decommitment_word, str(r["status"]))),
        )
        for r in df.to_dict("records")
    )
    header = tuple(
        tr(d, key, bold=True)
        for key in (
            "decommitment.col.tranche", "decommitment.col.deadline", "decommitment.col.due",
            "decommitment.col.prefinancing", "decommitment.col.claimed", "decommitment.col.gap",
            "decommitment.col.status",
        )
    )  # fmt: skip
    method = df["method"].iloc[0] if len(df) else "estimate"
    said = [para(d, tr(d, f"decommitment.method.{method}"), "rule")]
    if method == "estimate":  # said on the slide too: an estimate is never presented as fact
        said.append(para(d, tr(d, "decommitment.estimate_warning"), "rule"))
    return Part(
        "decommitment", partial(t, "committee.slide.decommitment"), tuple(said), header=header, rows=rows,
        kinds=("fix", "fix", "fix", "fix", "fix", "fix", "wrap"), classes=("", "", "num", "num", "num", "num", ""),
    )  # fmt: skip


def _tranche(year: int, resource: str) -> str:
    return f"{year} REACT-EU" if resource == "react-eu" else str(year)


def changes_part(d: Deck) -> Part:
    """Each objective's headline rate then and now, replaying the money lines up to each date."""
    v = d.view
    _kpi, rate_col = _rate_col(d)
    now = _page(d).objectives
    if now is None:
        now = pd.DataFrame({"key": [], rate_col: [], "rag": []})
    then_table = service.level_table(v.pid, "objective", d.since, snapshot=v.snapshot).set_index("key")
    then = then_table[rate_col].to_dict()
    then_rows = {str(k): row for k, row in then_table.to_dict("index").items()}
    rows = []
    for r in now.to_dict("records"):
        before, after = then.get(r["key"]), r[rate_col]
        delta = None if before is None or before != before or after != after else (after - before) * 100
        earlier = then_rows.get(str(r["key"]))
        rows.append(
            (
                plain(str(r["key"]), "code", bold=True),
                words(d, partial(_label, v.pid, r), "label"),
                plain(_rate(d, earlier, rate_col) if earlier is not None else format_pct(None, v.lang), "rate"),
                plain(_rate(d, r, rate_col), "rate"),
                plain(_points(delta, v.lang), "delta"),
                rag_status(d, r["rag"]),
            )
        )
    header = (
        tr(d, "code", bold=True),
        words(d, lambda lang: objective_word(v.pid, lang), bold=True),
        tr(d, "committee.then", date=d.since, bold=True),
        tr(d, "committee.now", date=v.as_of, bold=True),
        tr(d, "committee.change", bold=True),
        tr(d, "status", bold=True),
    )
    return Part(
        "changes",
        lambda lang: t("committee.slide.changes", lang, date=format_date(d.since, lang)),
        (para(d, tr(d, "committee.change_rule"), "rule"),),
        header=header,
        rows=tuple(rows),
        kinds=("fix", "wrap", "fix", "fix", "fix", "status"),
        classes=("", "", "num", "num", "num", ""),
    )


def _points(delta: float | None, lang: str) -> str:
    if delta is None:
        return "–"
    sign = "+" if delta > 0.05 else ("−" if delta < -0.05 else "±")
    value = format_pct(abs(delta) / 100, lang).replace("%", "").replace("\u00a0", "").strip()
    return t("committee.points", lang, sign=sign, value=value)


def forecast_part(d: Deck) -> Part:
    """Where payments will land (an estimate, backtested: issue 23), in the deck's languages; for a programme whose
    headline KPI is the commitment rate, where commitments will land."""
    v = d.view
    if forecast_view.commits_first(v):
        return commitment_forecast_part(d)
    outlook = service.payment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    return _outlook_part(
        d,
        outlook,
        "forecast.title",
        "forecast.not_shown_title",
        outlook.threshold_outlooks[:1] or outlook.n3_outlooks[:1],
    )


def commitment_forecast_part(d: Deck) -> Part:
    """Where commitments will land (an estimate, backtested: issue 23): the chance of reaching the commitment KPI's
    threshold by its deadline, the median and band there, and the backtest; else why it is not shown."""
    v = d.view
    outlook = service.commitment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
    return _outlook_part(
        d, outlook, "commitment_forecast.title", "commitment_forecast.not_shown", outlook.threshold_outlooks[:1]
    )


def _outlook_part(
    d: Deck, outlook: PaymentOutlook | CommitmentOutlook, title: str, not_shown: str, said: Sequence[Any]
) -> Part:
    """A forecast's slide: the chance of the first threshold (``said``), the median and band at the KPI's deadline
    (else the forecast's end), and the backtest; or why the forecast is not shown."""
    if not outlook.shown:
        body: tuple[Block, ...] = (
            para(d, tr(d, not_shown, bold=True), "big", 1.3),
            para(d, words(d, outlook.backtest.reason), "rule"),
        )
        return Part("forecast", partial(t, title), body)
    day = forecast_view.summary_day(outlook)
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

    chances = tuple(para(d, words(d, partial(forecast_view.said, o), bold=True), "big", 1.3) for o in said)
    body = (*chances, para(d, words(d, band)), para(d, words(d, outlook.backtest.reason), "rule"))
    return Part("forecast", partial(t, title), body)


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


def slides(d: Deck) -> list[Slide]:
    """Every slide of the deck, in order."""
    return [page for part in PARTS for page in pages(d, part(d))]


def _nav(d: Deck, names: list[str]) -> html.Nav:
    """Previous / next links and the way out: for the mouse, the keyboard (assets/committee.js) and print."""
    i = names.index(d.slide)
    prev_slide, next_slide = names[max(i - 1, 0)], names[min(i + 1, len(names) - 1)]
    lang = d.view.lang

    def both(key: str) -> str:  # the bilingual deck's help and labels in French and Dutch
        return " · ".join(t(key, x) for x in d.langs)

    exit_href = d.view.href(urls.programme_path(d.view.pid))
    return html.Nav(
        [
            dcc.Link("←", href=d.href(prev_slide), id="committee-prev", title=both("committee.previous")),
            dcc.Link("→", href=d.href(next_slide), id="committee-next", title=both("committee.next")),
            dcc.Link(
                t("committee.print_short", lang),
                href=d.href("all"),
                id="committee-print",
                title=both("committee.print"),
            ),
            dcc.Link("✕", href=exit_href, id="committee-exit", title=both("committee.leave")),
            html.Span(both("committee.keys"), className="sr-only"),
        ],
        className="committee-nav",
        **_attrs(
            {
                "aria-label": both("committee.open"),
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
    base = Deck(v, "title", bilingual in ("1", "true", "yes"), date.today(), date.today(), service.settings().is_demo)
    since_day = urls.parse_as_of(since)
    meeting_day = urls.parse_as_of(meeting) or date.today()
    d = replace(base, since=since_day if since_day and since_day < v.as_of else previous_cutoff(v), meeting=meeting_day)
    all_slides = slides(d)
    names = [s.name for s in all_slides]
    n = len(all_slides)
    cls = "committee" + (" is-bilingual" if d.bilingual else "")
    if slide == "all":
        return html.Div(
            [_frame(d, s, i + 1, n) for i, s in enumerate(all_slides)],
            className=cls + " committee-all",
            id=ids.COMMITTEE,
            lang="fr" if d.bilingual else d.view.lang,
            # every slide one under the other scrolls within the viewport: a keyboard user must reach it (axe:
            # scrollable-region-focusable); each slide is its own labelled section
            tabIndex="0",
        )
    current = slide if slide in names else names[0]
    d = replace(d, slide=current)
    i = names.index(current)
    return html.Div(
        [_frame(d, all_slides[i], i + 1, n), _nav(d, names)],
        className=cls,
        id=ids.COMMITTEE,
        lang="fr" if d.bilingual else d.view.lang,
        tabIndex="0",
    )
