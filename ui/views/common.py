"""What every page needs: titles, breadcrumbs, the as-of line and notice, guard states, safe rendering."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import dash_mantine_components as dmc
from dash import dcc

from i18n import format_date, labelled, t
from monitoring.status import Status
from monitoring.thresholds import Kpi

from .. import ids, service, urls
from ..components import notice, page_header
from ..context import Request, View

_log = logging.getLogger(__name__)


def programme_title(pid: str, lang: str) -> str:
    """ "FEDER 2021-2027", "EFRO 2021-2027", "ERDF 2021-2027"."""
    return f"{t('eu_amount', lang)} {pid}"


def crumbs_to(
    r: Request | View,
    *,
    programme: bool = True,
    objective: tuple[str, str] | None = None,
    call: tuple[str, str] | None = None,
) -> list[tuple[str, str | None]]:
    """Breadcrumbs from the overview down to (but excluding) the current page, keeping the date shown."""
    out: list[tuple[str, str | None]] = [(t("overview", r.lang), r.href(urls.overview_path()))]
    if isinstance(r, View):
        if programme:
            out.append((programme_title(r.pid, r.lang), r.href(urls.programme_path(r.pid))))
        if objective is not None:
            code, label = objective
            out.append((f"{code} {label}", r.href(urls.objective_path(r.pid, code))))
        if call is not None:
            cid, title = call
            out.append((f"{cid} {title}", r.href(urls.call_path(r.pid, cid))))
    return out


class PageState(Exception):
    """Raised by a page builder to answer with an empty or not-found state instead of the page."""

    def __init__(self, component: Any):
        super().__init__("page state")
        self.component = component


def load(r: Request, pid: str) -> View:
    """The request bound to programme ``pid``; raises PageState when the programme is not loaded."""
    data = service.programme(pid, r.snapshot)
    if data is None:
        raise PageState(
            dmc.Stack(
                [
                    page_header(pid, None, crumbs_to(r)),
                    notice(
                        t("no_data_title", r.lang),
                        t("no_programme", r.lang, programme=pid or "?"),
                        "orange",
                        id=ids.NOTICE_NO_PROGRAMME,
                    ),
                ]
            )
        )
    return r.at(data)


def not_found(v: View, what: str, key: str) -> PageState:
    """The page state for a unit that does not exist in the programme."""
    return PageState(
        dmc.Stack(
            [
                page_header(key, None, crumbs_to(v)),
                notice(
                    t("not_found_title", v.lang),
                    t("not_found", v.lang, what=what, key=key, programme=v.pid),
                    "orange",
                    id=ids.NOTICE_NOT_FOUND,
                ),
            ]
        )
    )


def as_of_line(v: View) -> str:
    """ "Situation au 30 nov. 2023 · 2021BE16RFPR001"."""
    return f"{t('as_of', v.lang)} {format_date(v.as_of, v.lang)} · {v.data.info.cci}"


def headline_line(kpi: Kpi, status: Status, lang: str) -> dmc.Text:
    """The KPI, its rate and what it takes to reach the next threshold, in one line under the title."""
    # the rate beside its status: never rounded across a threshold (94,99 %, not 95,0 %, beside "below threshold")
    text = labelled(t("kpi." + kpi.key, lang), f"{status.rate_text(lang)} — {status.describe(lang)}", lang)
    return dmc.Text(text, fw=600, size="lg", id=ids.HEADLINE_LINE)


#: the pages built lately, as sent: (data id, page, request, arguments) -> the built page (see render)
_built: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_built_lock = threading.Lock()


def render(builder: Callable[..., Any], r: Request, *args: str | None, keep: bool = False) -> Any:
    """Build a page; an unexpected failure becomes an error state that says what happened, not a blank page.

    The exception itself goes to the log only: a user never sees a traceback, an exception text or a
    server path. With ``keep`` (a page that depends only on the data and its URL, never on who asks), the
    built page is kept: the same page of the same data is then a read of this worker's memory, not a build
    (keyed on service.page_key: any change of the data folder makes new keys; the last ``page_cache_size``).
    """
    try:
        size = service.settings().page_cache_size if keep else 0
        if size <= 0:
            return builder(r, *args)
        key = (*service.page_key(r.snapshot), builder.__module__, builder.__name__, r, args)
        with _built_lock:
            if key in _built:
                _built.move_to_end(key)
                return _built[key]
        page = builder(r, *args)
        with _built_lock:
            _built[key] = page
            while len(_built) > size:
                _built.popitem(last=False)
        return page
    except PageState as state:
        return state.component
    except Exception:
        _log.exception("page %s %s failed", getattr(builder, "__name__", builder), args)
        return notice(t("page_error_title", r.lang), t("page_error", r.lang), "red", id=ids.NOTICE_PAGE_ERROR)


def forget_built_pages() -> None:
    """Drop the built pages (the benchmarks' cold start; new data needs no call: its id is in the key)."""
    with _built_lock:
        _built.clear()


#: the notice of a programme whose data come from a list of operations (nothing committed or paid to show)
LIST_NOTICE = "list-of-operations-notice"


def list_notice(v: View, *, named: bool = False) -> Any:
    """On a programme's pages: what its data cannot show when it has no commitments (a list of operations
    gives the selected operations only): the commitment and liquidation rates, the decommitment risk.
    ``named``: the title names the programme (the overview shows several)."""
    data = v.data
    if not data.commitments.empty:
        return None
    key = "ops.notice.no_payments" if data.payments.empty else "ops.notice.no_commitments"
    title = t("ops.notice.title", v.lang)
    if named:
        title = labelled(programme_title(v.pid, v.lang), title, v.lang)
    return notice(title, t(key, v.lang), "blue", id=f"{LIST_NOTICE}-{v.pid}" if named else LIST_NOTICE)


def as_of_notice(v: View) -> Any:
    """What the page says about the data and date it shows: an earlier snapshot in view (or one the URL names
    that does not exist), then the date notice (see :func:`date_notice`)."""
    parts = [p for p in (snapshot_notice(v), date_notice(v), list_notice(v)) if p is not None]
    if len(parts) < 2:
        return parts[0] if parts else None
    return dmc.Stack(parts, gap="xs")


def snapshot_notice(v: View) -> Any:
    """ "Earlier data: the workbook of ... accepted on ...", with a link back to the current data."""
    if v.request.snapshot is None:
        return None
    current = urls.with_query(
        urls.programme_path(v.pid), v.lang, v.as_of if v.explicit_as_of else None
    )  # the same date, the current data
    past = service.viewed(v.pid, v.snapshot)
    if past is None:
        if not service.viewed_unknown(v.snapshot):
            return None  # the snapshot named is the current data, or another programme's
        return notice(
            t("snapshot.unknown.title", v.lang),
            t("snapshot.unknown.body", v.lang, snapshot=v.request.snapshot),
            "orange",
            id=ids.SNAPSHOT_NOTICE,
        )
    return notice(
        t("snapshot.viewing.title", v.lang),
        [
            t(
                "snapshot.viewing.body",
                v.lang,
                file=past.file,
                accepted=format_date(past.accepted.date(), v.lang),
                extract=format_date(v.data.info.as_of, v.lang),
                snapshot=past.short,
            ),
            " ",
            dcc.Link(t("snapshot.viewing.back", v.lang), href=current, id=ids.SNAPSHOT_BACK),
        ],
        "violet",
        id=ids.SNAPSHOT_NOTICE,
    )


def date_notice(v: View) -> Any:
    """A notice when the date shown is not the one the URL asked for (after the extract, unreadable, out of range),
    or when it is before the programme's start (not started yet: no status against a threshold)."""
    if not service.started(v.pid, v.as_of):
        return notice(
            t("not_started.title", v.lang),
            t(
                "not_started.body",
                v.lang,
                date=format_date(v.as_of, v.lang),
                start=format_date(service.headline_kpi(v.pid).start, v.lang),
            ),
            "blue",
            id=ids.AS_OF_NOTICE,
        )
    if v.as_of_replaced is None:
        return None
    return notice(
        t("as_of_replaced.title", v.lang),
        t(f"as_of_replaced.{v.as_of_replaced}", v.lang, date=format_date(v.as_of, v.lang)),
        "blue",
        id=ids.AS_OF_NOTICE,
    )
