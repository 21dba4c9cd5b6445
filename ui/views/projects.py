"""The projects grid (objective, call and explorer pages) and the projects explorer page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_mantine_components as dmc
from dash import dcc, html, no_update

from exports import grid_state
from exports.grid_state import GridState, GridStateError, SortKey
from i18n import format_eur, t

from .. import ids, links, urls
from ..components import (
    LIVE,
    export_bar,
    export_button,
    grid,
    grid_context,
    notice,
    page_header,
    print_table_body,
    section,
)
from ..context import Request, View
from ..rows import EXPLORER_FIELDS, explorer_rows, projects_columns, shown_rows
from .common import PageState, as_of_line, as_of_notice, crumbs_to, load, programme_title


def projects_grid(
    name: str, rows: list[dict[str, Any]], v: View, height: int = 460, sort: tuple[SortKey, ...] = (), **kw: Any
) -> Any:
    cols = projects_columns(v)
    for i, key in enumerate(sort):  # the explorer's sort, from its URL
        for c in cols:
            if c["field"] == key.column:
                c.update(sort="desc" if key.descending else "asc", sortIndex=i)
    return grid(ids.nav_grid(name), rows, cols, v.lang, height=height, getRowId="params.data.href", **kw)


def totals_line(rows: list[dict[str, Any]], lang: str | None) -> str:
    """ "Total of the N projects shown: grant, committed, paid" for the rows currently visible."""
    alloc = sum(r.get("allocation") or 0 for r in rows)
    com = sum(r.get("committed") or 0 for r in rows)
    paid = sum(r.get("paid") or 0 for r in rows)
    return (
        f"{t('filtered_totals', lang, n=len(rows))} — {t('grant', lang)} {format_eur(alloc, lang)} · "
        f"{t('committed', lang)} {format_eur(com, lang)} · {t('paid', lang)} {format_eur(paid, lang)}"
    )


def explorer(
    r: Request, pid: str, q: str | None = None, filter_json: str | None = None, sort: str | None = None
) -> dmc.Stack:
    v = load(r, pid)
    rows = explorer_rows(v)
    state_notice = None
    try:  # the search, filters and sort kept in the URL (see callbacks.explorer)
        state = links.explorer_state(q, filter_json, sort)
    except GridStateError as error:
        state = GridState()
        state_notice = notice(t("export.state_ignored", v.lang), error.message(v.lang), "orange")
    page = rows_page(v)
    export_url, _ = links.explorer_urls(page, state)
    body = (
        section(
            t("projects", v.lang),
            dmc.TextInput(
                id=ids.EXPLORER_SEARCH,
                placeholder=t("search", v.lang),
                value=state.quick,
                mb="sm",
                w=360,
                **{"aria-label": t("search", v.lang)},
            ),
            # the rows stay on the server: the grid asks for them a block at a time, its search, filters
            # and sort applied there (rows_block); the totals and the printed table come with the first
            projects_grid(
                "explorer",
                [],
                v,
                height=620,
                sort=state.sort,
                filterModel=dict(state.filters),
                rowModelType="infinite",
                dashGridOptions={
                    "cacheBlockSize": EXPLORER_BLOCK,
                    "maxBlocksInCache": 20,
                    "infiniteInitialRowCount": EXPLORER_BLOCK,
                    "context": {**grid_context(v.lang), "q": state.quick, "emptyMeansNoMatch": True},
                },
                print_id=ids.EXPLORER_PRINT,
            ),
            dmc.Text(
                totals_line(shown_rows(v, state), v.lang),
                id=ids.EXPLORER_TOTALS,
                fw=600,
                mt="sm",
                **LIVE,
            ),
            hint=t("click_row", v.lang),
        )
        if rows
        else notice(t("no_data_title", v.lang), t("no_projects", v.lang))
    )
    return dmc.Stack(
        [
            page_header(
                f"{t('projects_explorer', v.lang)} — {programme_title(pid, v.lang)}", as_of_line(v), crumbs_to(v)
            ),
            export_bar(export_button(export_url, v.lang)) if rows else None,
            as_of_notice(v),
            state_notice,
            body,
            dcc.Store(id=ids.EXPLORER_LANG, data=v.lang),
            dcc.Store(id=ids.EXPLORER_PAGE, data=page),
            dcc.Store(id=ids.EXPLORER_URL),
            html.Div(id=ids.EXPLORER_URL_SINK, hidden=True),
            html.Div(id=ids.EXPLORER_SEARCH_SINK, hidden=True),
            dcc.Store(id=ids.EXPLORER_SHOWN),
        ],
        gap="md",
    )


# --- the project grids' rows, served a block at a time -----------------------------------------------------
#: rows per request of a projects grid (AG Grid's infinite row model)
EXPLORER_BLOCK = 100


def rows_page(v: View, objective: str | None = None, call: str | None = None) -> dict[str, Any]:
    """What a projects grid's requests for rows are answered on: the programme, language, date and snapshot of
    its page, and its scope (the objective or call of the page; none for the explorer)."""
    return {
        "pid": v.pid,
        "lang": v.lang,
        "as_of": v.as_of.isoformat(),
        "explicit_as_of": v.explicit_as_of,
        "snapshot": v.request.snapshot,
        "objective": objective,
        "call": call,
    }


def served_grid(v: View, objective: str | None = None, call: str | None = None) -> Any:
    """The projects grid of an objective or a call: its rows asked for a block at a time (see rows_block)."""
    return html.Div(
        [
            projects_grid(
                "projects",
                [],
                v,
                rowModelType="infinite",
                dashGridOptions={"cacheBlockSize": EXPLORER_BLOCK, "maxBlocksInCache": 20},
                print_id=ids.PROJECTS_PRINT,
            ),
            dcc.Store(id=ids.PROJECTS_PAGE, data=rows_page(v, objective, call)),
            dcc.Store(id=ids.PROJECTS_SHOWN),
        ]
    )


def _request_state(request: Mapping[str, Any]) -> GridState:
    """The grid state of one of the grid's requests (GridStateError for a filter this module does not apply)."""
    context = request.get("context")
    quick = str(context.get("q") or "")[:200] if isinstance(context, Mapping) else ""
    sort = [{"colId": s.get("colId"), "sort": s.get("sort"), "sortIndex": i}
            for i, s in enumerate(request.get("sortModel") or []) if isinstance(s, Mapping)]  # fmt: skip
    asked = grid_state.from_grid(quick, {}, sort)
    return GridState(
        asked.quick,
        grid_state.check_filters(request.get("filterModel") or {}, EXPLORER_FIELDS),
        tuple(k for k in asked.sort if k.column in EXPLORER_FIELDS),
    )


def _scope(page: Mapping[str, Any]) -> tuple[Request, str, str | None, str | None]:
    r = Request(
        lang=str(page.get("lang") or "fr"),
        # the date shown, as the page's URL asked for it: given (its links keep it) or not (the extract date)
        as_of=urls.parse_as_of(page.get("as_of")) if page.get("explicit_as_of") else None,
        snapshot=urls.parse_snapshot(page.get("snapshot")),
    )
    objective, call = page.get("objective"), page.get("call")
    return (
        r,
        str(page.get("pid") or ""),
        str(objective) if objective else None,
        str(call) if call else None,
    )


def rows_block(
    request: Mapping[str, Any] | None, page: Mapping[str, Any] | None, totals: bool = True
) -> tuple[Any, Any, Any]:
    """One block of a projects grid's rows for the grid's request; with the first block of a state, the totals
    line of all the rows its search and filters leave (unless ``totals`` is off), and that state (the printed
    table follows it: printed_rows).

    A request that cannot be read (a hand-made filter, a programme not loaded) gets no rows, never an error.
    """
    request, page = request or {}, page or {}
    start = _whole(request.get("startRow"), 0)
    end = max(start, min(_whole(request.get("endRow"), start + EXPLORER_BLOCK), start + 10 * EXPLORER_BLOCK))
    r, pid, objective, call = _scope(page)
    try:
        state = _request_state(request)
        rows = shown_rows(load(r, pid), state, objective, call)
    except (GridStateError, PageState):
        return {"rowData": [], "rowCount": 0}, "", None
    response = {"rowData": rows[start:end], "rowCount": len(rows)}
    if start > 0:
        return response, no_update, no_update
    return response, totals_line(rows, r.lang) if totals else no_update, {"q": state.quick, **state.query()}


def scoped_block(request: Mapping[str, Any] | None, page: Mapping[str, Any] | None) -> tuple[Any, Any]:
    """An objective's or a call's grid: a block of rows and their state (the page gives its totals itself)."""
    response, _, shown = rows_block(request, page, totals=False)
    return response, shown


def printed_rows(shown: Mapping[str, Any] | None, page: Mapping[str, Any] | None) -> list[Any]:
    """The printed table of the rows a grid shows (its first PRINT_ROWS), for the state the grid last asked
    for: built apart from the grid's rows, so a block of rows is never slowed by it."""
    if not shown:
        return []
    r, pid, objective, call = _scope(page or {})
    try:
        state = links.explorer_state(shown.get("q"), shown.get("filter"), shown.get("sort"))
        v = load(r, pid)
        return print_table_body(shown_rows(v, state, objective, call), projects_columns(v), v.lang)
    except (GridStateError, PageState):
        return []


def _whole(x: Any, default: int) -> int:
    return int(x) if isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x < 10**9 else default
