"""The request context: the language and the as-of date of one request, resolved once, in one place.

A :class:`Request` comes from the URL (``?lang=nl&as_of=2023-09-30``) and the language
remembered in the browser. Bound to a programme with :meth:`Request.at`, it becomes a
:class:`View`: the as-of date actually shown (the asked one, capped to the extract date) and
the links of the page, which carry that date. Pages, shell callbacks and builders receive
these objects, never raw query strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from i18n import DEFAULT_LANG, LANGS
from monitoring.model import ProgrammeData

from . import urls

#: an as-of date in a URL outside these years is not a date anyone meant: it is replaced
EARLIEST_AS_OF = date(2000, 1, 1)
LATEST_AS_OF = date(2040, 12, 31)


def choose_lang(*candidates: str | None) -> str:
    """The first valid language among ``candidates`` (URL, then the one remembered in the browser), else French."""
    return next((c for c in candidates if c in LANGS), DEFAULT_LANG)


@dataclass(frozen=True)
class Request:
    """What the URL asks for: a language and, optionally, an as-of date."""

    lang: str = DEFAULT_LANG
    as_of: date | None = None  # the asked as-of date, when the URL gives a readable one in range
    #: why the URL's as-of date could not be used as written: "unreadable" | "out_of_range" | None
    as_of_problem: str | None = None
    #: the earlier snapshot in view (``?snapshot=``, its short id), None for the current data
    snapshot: str | None = None

    def href(self, path: str) -> str:
        """A link to ``path`` in the same language, at the asked as-of date, in the same snapshot."""
        return urls.with_query(path, self.lang, self.as_of, self.snapshot)

    def at(self, data: ProgrammeData) -> View:
        """This request bound to one programme: the as-of date it shows, capped to the extract date."""
        extract = data.info.as_of
        if self.as_of is None:
            return View(self, data, extract, self.as_of_problem)
        if self.as_of > extract:
            return View(self, data, extract, "after_extract")
        return View(self, data, self.as_of, self.as_of_problem)


@dataclass(frozen=True)
class View:
    """A request bound to one programme: the date shown and the links that keep it."""

    request: Request
    data: ProgrammeData
    as_of: date
    #: why the date shown differs from the URL's: "unreadable" | "out_of_range" | "after_extract" | None
    as_of_replaced: str | None = None

    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def pid(self) -> str:
        return self.data.programme_id

    @property
    def snapshot(self) -> str | None:
        """The earlier snapshot in view (the URL's ``?snapshot=``), None for the current data: passed explicitly
        to every ``ui.service`` call that reads the programme's data."""
        return self.request.snapshot

    @property
    def explicit_as_of(self) -> bool:
        """True when the URL named an as-of date (the links then keep the date shown)."""
        return self.request.as_of is not None or self.as_of_replaced is not None

    def href(self, path: str) -> str:
        """A link to ``path`` in the same language, at the date shown (none when the URL gave none)."""
        return urls.with_query(path, self.lang, self.as_of if self.explicit_as_of else None, self.request.snapshot)


def resolve(
    url_lang: str | None, url_as_of: str | None, stored_lang: str | None = None, url_snapshot: str | None = None
) -> Request:
    """The request of a URL: its language (else the browser's, else French), its as-of date and snapshot.

    An unreadable date (``2023-02-30``) is dropped; a date outside 2000–2040 is replaced by the
    nearest of those bounds; both are remembered, so the page can say so. A snapshot id not of the
    form of one is dropped.
    """
    lang = choose_lang(url_lang, stored_lang)
    snapshot = urls.parse_snapshot(url_snapshot)
    if not url_as_of:
        return Request(lang, snapshot=snapshot)
    asked = urls.parse_as_of(url_as_of)
    if asked is None:
        return Request(lang, None, "unreadable", snapshot)
    if asked < EARLIEST_AS_OF:
        return Request(lang, EARLIEST_AS_OF, "out_of_range", snapshot)
    if asked > LATEST_AS_OF:
        return Request(lang, LATEST_AS_OF, "out_of_range", snapshot)
    return Request(lang, asked, snapshot=snapshot)


def from_search(search: str | None, stored_lang: str | None = None) -> Request:
    """The request of a URL's query string (``?lang=nl&as_of=...&snapshot=...``)."""
    q = urls.parse_query(search)
    return resolve(q.get("lang"), q.get("as_of"), stored_lang, q.get("snapshot"))


def current_lang() -> str:
    """The language of the request being served: the routing callback's URL and browser language, else the URL's.

    For the page titles, which Dash computes from the path alone (see ``ui.titles``).
    """
    from dash import callback_context
    from flask import has_request_context, request

    try:
        inputs, states = callback_context.inputs, callback_context.states
    except Exception:  # not inside a callback
        inputs, states = {}, {}
    search = inputs.get("_pages_location.search")
    if search is not None or states:
        return from_search(search, states.get("lang-store.data")).lang
    if has_request_context():
        return choose_lang(request.args.get("lang"))
    return DEFAULT_LANG
