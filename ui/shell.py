"""The application shell: header (programme switch, as-of picker, language switch), main, footer.

``layout`` is a skeleton of fixed ids; the ``*_parts`` functions build what ``callbacks.shell``
puts into it from the request context, so the language and the data change without a restart.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
import dash_mantine_components as dmc
from dash import dcc, html

from i18n import LANGS, format_date, format_datetime, labelled, t

from . import auth, ids, service, urls
from .components import LIVE
from .context import Request, View, from_search

#: how often an open page asks whether the data changed (a workbook accepted, refused, removed)
EVENTS_EVERY_MS = 30_000

#: the as-of calendar (any day, beside the reporting cut-offs of ``ids.ASOF_SELECT``) and its dates provider
ASOF_CALENDAR = "asof-calendar"
ASOF_DATES = "asof-dates"
#: the calendar's date format per language (the field shows the day chosen; the page the full date)
_CALENDAR_FORMAT = {"fr": "DD/MM/YYYY", "nl": "DD/MM/YYYY", "en": "D MMM YYYY"}

THEME = {
    "fontFamily": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
    "primaryColor": "blue",
    "defaultRadius": "md",
    "headings": {"fontFamily": "Inter, Segoe UI, Helvetica, Arial, sans-serif"},
}


# --- the skeleton --------------------------------------------------------------------------------
def header() -> dmc.Group:
    return dmc.Group(
        [
            dmc.Group(
                [
                    dcc.Link(
                        html.Img(src=dash.get_asset_url("logo.svg"), alt="ERDF / FEDER / EFRO", height=34),
                        href="/",
                        id=ids.LOGO_LINK,
                    ),
                    dmc.Stack(
                        [
                            dmc.Text(id=ids.APP_TITLE, fw=700, size="lg", className="app-title"),
                            dmc.Text(id=ids.DEMO_NOTICE, size="xs", c="#B54708", fw=600),
                        ],
                        gap=0,
                        className="app-brand",
                    ),
                ],
                gap="sm",
                wrap="nowrap",
            ),
            html.Nav(dmc.Group(id=ids.NAV_LINKS, gap="xs", className="nav-links"), id=ids.MAIN_NAV),
            dmc.Group(
                [
                    dmc.SegmentedControl(
                        id=ids.PROGRAMME_SWITCH, data=[], value=None, size="sm", className="programme-switch"
                    ),
                    dmc.Select(
                        id=ids.ASOF_SELECT,
                        data=[],
                        value=None,
                        size="sm",
                        w=150,
                        allowDeselect=False,
                        comboboxProps={"withinPortal": True},
                        **{"aria-label": "as-of date"},
                    ),
                    dmc.DatesProvider(
                        dmc.DatePickerInput(
                            id=ASOF_CALENDAR,
                            value=None,
                            size="sm",
                            w=116,
                            valueFormat="DD/MM/YYYY",
                            allowDeselect=False,
                            popoverProps={"withinPortal": True},
                            className="asof-calendar",
                            **{"aria-label": "as-of date, any day"},
                        ),
                        id=ASOF_DATES,
                        settings={"locale": "fr", "firstDayOfWeek": 1},
                    ),
                    dmc.SegmentedControl(
                        id=ids.LANG_SWITCH,
                        data=[{"value": lang, "label": lang.upper()} for lang in LANGS],
                        value="fr",
                        size="sm",
                        className="lang-switch",
                    ),
                ],
                gap="sm",
                wrap="nowrap",
            ),
        ],
        justify="space-between",
        h="100%",
        px="md",
        wrap="nowrap",
        className="app-header-row",
    )


def footer() -> dmc.Group:
    return dmc.Group(
        [
            dmc.Text(id=ids.FOOTER_SOURCES, size="xs", c="dimmed", className="footer-sources"),
            dmc.Button(id=ids.WARNINGS_BUTTON, variant="subtle", size="compact-xs", color="#B54708"),
        ],
        h="100%",
        px="md",
        justify="space-between",
        wrap="nowrap",
    )


def layout() -> dmc.MantineProvider:
    return dmc.MantineProvider(
        theme=THEME,
        children=[
            html.A(id=ids.SKIP_LINK, href=f"#{ids.MAIN_CONTENT}", className="skip-link"),
            dcc.Location(id=ids.NAV_URL, refresh="callback-nav"),
            dcc.Store(id=ids.LANG_STORE, storage_type="local"),
            dcc.Store(id=ids.EVENTS_SEEN),
            dcc.Interval(id=ids.EVENTS_TICK, interval=EVENTS_EVERY_MS),
            dmc.AppShell(
                [
                    dmc.AppShellHeader(header()),
                    dmc.AppShellMain(
                        id=ids.MAIN_CONTENT,
                        tabIndex=-1,
                        children=dmc.Container(
                            [
                                html.Div(id=ids.DATA_EVENTS, role="status", **LIVE),
                                dcc.Loading(
                                    dash.page_container,
                                    type="circle",
                                    delay_show=250,
                                    color="#1C4E9C",
                                    overlay_style={"visibility": "visible", "opacity": 0.55},
                                ),
                            ],
                            fluid=True,
                            px="md",
                            py="md",
                            # the whole width of a 1920 px screen: at 1600 the explorer's 12 columns were cut
                            # (UI walk #10); text stays readable in the cards' own widths
                            maw=1920,
                        ),
                    ),
                    dmc.AppShellFooter(footer()),
                ],
                # one row from 1696 px (106em: the title, the French links and the controls need 1 679 px, measured
                # in Chromium); from 1200 px two rows (title and links, then the controls); below, three rows
                header={"height": {"base": 178, "lg": 112, "106em": 64}},
                footer={"height": 36},
                padding=0,
            ),
            dmc.Modal(id=ids.WARNINGS_MODAL, size="xl", children=html.Div(id=ids.WARNINGS_LIST)),
            html.Div(id=ids.PAGE_META_SINK, hidden=True),
        ],
    )


# --- what the callbacks put into it --------------------------------------------------------------
def _view_of(r: Request, pathname: str | None) -> View | None:
    """The request bound to the programme of the path, when there is one and it is loaded."""
    data = service.programme(urls.programme_from_path(pathname), r.snapshot)
    return r.at(data) if data is not None else None


def header_parts(r: Request, pathname: str | None) -> tuple[str, str, list[Any], str, str]:
    """The app title, the demo notice, the navigation links, the skip link and the navigation's name."""
    demo = t("demo_notice", r.lang) if service.settings().is_demo else ""
    v = _view_of(r, pathname)
    pids = service.programme_ids()
    links: list[Any] = [
        dcc.Link(
            t("overview", r.lang),
            href=(v or r).href(urls.overview_path()),
            className="nav-link",
            id=ids.NAV_OVERVIEW,
        )
    ]
    target = v.pid if v is not None else (pids[0] if pids else None)
    if target:
        links.append(
            dcc.Link(
                t("projects_explorer", r.lang),
                href=(v or r).href(urls.explorer_path(target)),
                className="nav-link",
                id=ids.NAV_EXPLORER,
            )
        )
    links.append(  # the Commission's official figures: of the programme in view, else the list of programmes
        dcc.Link(
            t("official.nav", r.lang),
            href=urls.official_path(v.data.info.cci, r.lang) if v is not None else urls.with_query("/official", r.lang),
            className="nav-link",
            id=ids.NAV_OFFICIAL,
        )
    )
    links.append(
        dcc.Link(
            t("upload.nav", r.lang),
            href=urls.with_query(urls.data_path(), r.lang),
            className="nav-link",
            id=ids.NAV_DATA,
        )
    )
    if auth.managed_users() and auth.can("admin"):  # an admin manages the users file from the app
        links.append(
            dcc.Link(
                t("users.title", r.lang),
                href=urls.with_query(urls.users_path(), r.lang),
                className="nav-link",
                id=ids.NAV_USERS,
            )
        )
    logout = auth.logout_form(r.lang)
    if logout is not None:
        links.append(logout)
    return t("app_title", r.lang), demo, links, t("skip_to_content", r.lang), t("main_navigation", r.lang)


def programme_switch_parts(pathname: str | None) -> tuple[list[dict[str, str]], str | None]:
    """The programmes to switch between, and the one the path shows (None on the overview)."""
    pids = service.programme_ids()
    pid = urls.programme_from_path(pathname)
    return [{"value": p, "label": p} for p in pids], pid if pid in pids else None


def as_of_choices(r: Request, pathname: str | None) -> tuple[list[date], date | None]:
    """The as-of dates to offer, newest first, and the one shown.

    On a programme page: that programme's reporting cut-offs and the date the page shows (a date
    between two cut-offs asked in the URL is offered too). On the overview: the cut-offs of every
    programme, and the asked date if one programme has data up to it, else the latest cut-off.
    """
    v = _view_of(r, pathname)
    pids = [v.pid] if v is not None else service.programme_ids()
    dates: set[date] = set()
    for pid in pids:
        dates.update(service.cutoffs(pid, snapshot=r.snapshot))
    if v is not None:
        dates.add(v.as_of)
        return sorted(dates, reverse=True), v.as_of
    ordered = sorted(dates, reverse=True)
    if not ordered:
        return [], None
    if r.as_of is not None and r.as_of <= ordered[0]:
        return sorted({*ordered, r.as_of}, reverse=True), r.as_of
    return ordered, ordered[0]


def as_of_parts(r: Request, pathname: str | None) -> tuple[list[dict[str, str]], str | None, str]:
    """The as-of picker's options (labelled in the request's language), its value and its accessible name."""
    dates, shown = as_of_choices(r, pathname)
    options = [{"value": d.isoformat(), "label": format_date(d, r.lang)} for d in dates]
    return options, shown.isoformat() if shown else None, t("as_of_help", r.lang)


def calendar_range(r: Request, pathname: str | None) -> tuple[date | None, date | None]:
    """The days the as-of calendar offers: from 1 January of the programme's first year (a day before its
    start says "not started yet") to its extract date; on the overview, over every programme."""
    v = _view_of(r, pathname)
    pids = [v.pid] if v is not None else service.programme_ids()
    firsts, lasts = [], []
    for pid in pids:
        data = service.programme(pid, r.snapshot)
        if data is None:
            continue
        firsts.append(date(int(pid.split("-")[0]), 1, 1))
        lasts.append(data.info.as_of)
    return (min(firsts), max(lasts)) if firsts else (None, None)


def calendar_parts(r: Request, pathname: str | None) -> tuple[str | None, str | None, str | None, str, str, dict]:
    """The as-of calendar: its value (the date shown), first and last days offered, date format, accessible
    name, and the dates provider's settings (the language's month and day names; weeks start on Monday)."""
    _, shown = as_of_choices(r, pathname)
    first, last = calendar_range(r, pathname)
    iso = [d.isoformat() if d else None for d in (shown, first, last)]
    settings = {"locale": r.lang, "firstDayOfWeek": 1}
    fmt = _CALENDAR_FORMAT.get(r.lang, "DD/MM/YYYY")
    return iso[0], iso[1], iso[2], fmt, t("as_of_calendar_help", r.lang), settings


def footer_parts(lang: str) -> tuple[str, str, list[Any], str]:
    """Source files, their extract date and load time; the warnings button, its list and the list's title."""
    parts, items, n_warn = [], [], 0
    for f in service.loaded_files():
        extract = t("extract_date", lang, date=format_date(f.data.info.as_of, lang))
        loaded = t("loaded_at", lang, when=format_datetime(f.loaded_at, lang))
        parts.append(f"{f.name} ({extract}, {loaded})")
        warnings = list(f.data.warnings)
        n_warn += len(warnings)
        if warnings:
            items.append(dmc.Title(f.name, order=4, mt="sm"))
            items.append(html.Ul([html.Li(w.message(lang)) for w in warnings]))
    for name, refused in service.refused_files():
        items.append(dmc.Title(f"{name} — {t('load_failed_title', lang)}", order=4, mt="sm", c="red"))
        items.append(html.Ul([html.Li(i.message(lang)) for i in refused.issues]))
        n_warn += len(refused.issues)
    text = labelled(t("source", lang), " · ".join(parts), lang) if parts else t("no_data_title", lang)
    return text, t("warnings_n", lang, n=n_warn), items or [dmc.Text(t("none", lang))], t("validation_warnings", lang)


def events_parts(lang: str, seen: int | None) -> tuple[list[Any], int]:
    """The changes of the data since ``seen`` as a notice, each said once, and the number of the last one.

    On the page's first call (``seen`` None) nothing is said: the page already shows the current data.
    """
    last = service.last_event()
    if seen is None or seen >= last:
        return [], last
    events = service.events_since(seen)
    return [
        dmc.Alert(
            html.Ul([html.Li(e.message(lang)) for e in events]),
            title=t("data_changes_title", lang),
            color="blue",
            variant="light",
            withCloseButton=True,
            className="notice notice-blue",
        )
    ], last


def language_parts(search: str | None, stored_lang: str | None) -> tuple[str, str | None]:
    """The language switch's value, and the language to remember in the browser (None: unchanged)."""
    r = from_search(search, stored_lang)
    url_lang = urls.parse_query(search).get("lang")
    remember = url_lang if url_lang in LANGS and url_lang != stored_lang else None
    return r.lang, remember


def target_href(
    pathname: str | None,
    search: str | None,
    stored_lang: str | None,
    lang: str | None,
    pid: str | None,
    as_of: str | None,
) -> str | None:
    """The URL after a switch, or None when the controls only echo the current URL.

    The shell sets the controls from the URL; a control whose value differs from what the URL
    says was changed by the user: same page in the new language / at the new as-of date, or the
    same kind of page in the other programme.
    """
    r = from_search(search, stored_lang)
    path = pathname or "/"
    current_pid = urls.programme_from_path(path)
    _, shown = as_of_choices(r, path)
    # the date shown, when the URL named one (a date after the extract is kept as the extract date)
    new_lang, new_as_of = r.lang, shown.isoformat() if r.as_of is not None and shown else None
    changed = False
    if lang in LANGS and lang != r.lang:
        new_lang, changed = lang, True
    if as_of and as_of != (shown.isoformat() if shown else None):
        new_as_of, changed = as_of, True
    snapshot = r.snapshot  # an earlier snapshot stays in view in another language or at another date
    if pid and pid != current_pid:  # on the overview: open that programme
        path = urls.replace_programme(path, pid) if current_pid else urls.programme_path(pid)
        changed, snapshot = True, None  # ... not in another programme: snapshots belong to one
    if not changed:
        return None
    return urls.with_query(path, new_lang, new_as_of, snapshot)
