"""The shell: header texts, switches and footer follow the URL; switching navigates."""

from __future__ import annotations

from datetime import date

import dash_mantine_components as dmc
from dash import (
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    dcc,
    html,
    no_update,
)

from i18n import format_date, format_datetime, labelled, t
from ui import service, urls


def effective_lang(search: str | None, stored: str | None) -> str:
    return urls.choose_lang(urls.parse_query(search).get("lang"), stored)


def asof_options(pid: str | None, lang: str) -> tuple[list[dict], str | None]:
    """Reporting cut-offs of the current programme (or of all programmes on the overview), newest first."""
    st = service.store()
    pids = [pid] if pid in st.programme_ids else st.programme_ids
    dates = set()
    for p in pids:
        dates.update(service.cutoffs(service.snapshot(), p))
    ordered = sorted(dates, reverse=True)
    latest = ordered[0].isoformat() if ordered else None
    return [{"value": d.isoformat(), "label": format_date(d, lang)} for d in ordered], latest


def footer_texts(lang: str):
    """Source files, their extract date, when they were loaded, and the validation warnings they carry."""
    st = service.store()
    parts, items, n_warn = [], [], 0
    for pid in st.programme_ids:
        f = st.files[pid]
        parts.append(
            f"{f.path.name} ({t('extract_date', lang, date=format_date(f.data.info.as_of, lang))}, "
            f"{t('loaded_at', lang, when=format_datetime(f.loaded_at, lang))})"
        )
        warnings = list(f.data.warnings)
        n_warn += len(warnings)
        if warnings:
            items.append(dmc.Title(f.path.name, order=4, mt="sm"))
            items.append(html.Ul([html.Li(w.message(lang)) for w in warnings]))
    for name, refused in sorted(st.failures.items()):
        items.append(dmc.Title(f"{name} — {t('load_failed_title', lang)}", order=4, mt="sm", c="red"))
        items.append(html.Ul([html.Li(i.message(lang)) for i in refused.issues]))
        n_warn += len(refused.issues)
    text = labelled(t("source", lang), " · ".join(parts), lang) if parts else t("no_data_title", lang)
    return text, t("warnings_n", lang, n=n_warn), items or [dmc.Text(t("none", lang))]


def nav_links(pid: str | None, lang: str, search: str | None):
    q = urls.parse_query(search)
    as_of = urls.parse_as_of(q.get("as_of"))
    st = service.store()
    target = pid if pid in st.programme_ids else (st.programme_ids[0] if st.programme_ids else None)
    links = [
        dcc.Link(t("overview", lang), href=urls.with_query("/", lang, as_of), className="nav-link", id="nav-overview")
    ]
    if target:
        links.append(
            dcc.Link(
                t("projects_explorer", lang),
                href=urls.with_query(urls.explorer_path(target), lang, as_of),
                className="nav-link",
                id="nav-explorer",
            )
        )
    return links


@callback(
    Output("app-title", "children"),
    Output("demo-notice", "children"),
    Output("nav-links", "children"),
    Output("programme-switch", "data"),
    Output("programme-switch", "value"),
    Output("asof-select", "data"),
    Output("asof-select", "value"),
    Output("asof-select", "aria-label"),
    Output("lang-switch", "value"),
    Output("footer-sources", "children"),
    Output("warnings-button", "children"),
    Output("warnings-list", "children"),
    Output("warnings-modal", "title"),
    Output("lang-store", "data"),
    Input("_pages_location", "pathname"),
    Input("_pages_location", "search"),
    State("lang-store", "data"),
)
def update_shell(pathname, search, stored_lang):
    lang = effective_lang(search, stored_lang)
    pid = urls.programme_from_path(pathname)
    st = service.store()
    options, latest = asof_options(pid, lang)
    requested = urls.parse_query(search).get("as_of")
    values = {o["value"] for o in options}
    as_of_value = requested if requested in values else latest
    asked = urls.parse_as_of(requested)
    if asked and requested not in values and latest and asked < date.fromisoformat(latest):
        # a date between two cut-offs (typed into the URL): show it; a date after the extract is capped to the extract
        options = sorted(
            options + [{"value": requested, "label": format_date(asked, lang)}], key=lambda o: o["value"], reverse=True
        )
        as_of_value = requested
    sources, warn_label, warn_items = footer_texts(lang)
    demo = t("demo_notice", lang) if getattr(service.STATE.settings, "is_demo", False) else ""
    url_lang = urls.valid_lang(urls.parse_query(search).get("lang"))
    return (
        t("app_title", lang),
        demo,
        nav_links(pid, lang, search),
        [{"value": p, "label": p} for p in st.programme_ids],
        pid if pid in st.programme_ids else None,
        options,
        as_of_value,
        t("as_of_help", lang),
        lang,
        sources,
        warn_label,
        warn_items,
        t("validation_warnings", lang),
        url_lang if url_lang and url_lang != stored_lang else no_update,
    )


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
    q = urls.parse_query(search)
    path = pathname or "/"
    current_pid = urls.programme_from_path(path)
    current_lang = effective_lang(search, stored_lang)
    _, latest = asof_options(current_pid, current_lang)
    current_as_of = q.get("as_of") or latest
    changed = False
    new_lang, new_as_of = q.get("lang"), q.get("as_of")
    if urls.valid_lang(lang) and lang != current_lang:
        new_lang, changed = lang, True
    if as_of and as_of != current_as_of:
        new_as_of, changed = as_of, True
    if pid and pid != current_pid:  # on the overview: open that programme
        path = urls.replace_programme(path, pid) if current_pid else urls.programme_path(pid)
        changed = True
    if not changed:
        return None
    return urls.with_query(path, new_lang or current_lang, new_as_of)


@callback(
    Output("nav-url", "href", allow_duplicate=True),
    Input("lang-switch", "value"),
    Input("programme-switch", "value"),
    Input("asof-select", "value"),
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    State("lang-store", "data"),
    prevent_initial_call=True,
)
def switch(lang, pid, as_of, pathname, search, stored_lang):
    new = target_href(pathname, search, stored_lang, lang, pid, as_of)
    return no_update if new is None else new


@callback(Output("warnings-modal", "opened"), Input("warnings-button", "n_clicks"), prevent_initial_call=True)
def open_warnings(n):
    return bool(n)


clientside_callback(
    "function(lang) { if (lang) { document.documentElement.lang = lang; } return lang || ''; }",
    Output("lang-sink", "children"),
    Input("lang-switch", "value"),
)
