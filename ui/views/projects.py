"""The projects grid (objective, call and explorer pages) and the projects explorer page."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc, html, no_update

from exports import grid_state
from exports.grid_state import GridState, GridStateError, SortKey
from i18n import format_eur, t

from .. import downloads, ids, service, urls
from ..components import (
    LIVE,
    date_col,
    eur_col,
    export_bar,
    export_button,
    grid,
    grid_context,
    notice,
    page_header,
    pct_col,
    print_table_body,
    rag_col,
    section,
)
from ..context import Request, View
from .common import PageState, as_of_line, as_of_notice, crumbs_to, load, programme_title

#: the projects grid's columns, in order: what its quick search reads and its filters and sort may name
EXPLORER_FIELDS = (
    "project_id",
    "name",
    "beneficiary",
    "objective",
    "call",
    "stage",
    "rag_label",
    "allocation",
    "committed",
    "paid",
    "liquidation_rate",
    "end_date",
)


def projects_rows(v: View, objective: str | None = None, call: str | None = None) -> list[dict[str, Any]]:
    """One row per project with its identity, amounts, rates and its own status (stage, forecast), for the grid.

    A project is never judged against the programme's KPI threshold: its status column says where it
    stands on its own forecast ("in progress — on time") or its stage ("selected — agreement not signed").
    """
    table = service.projects_table(v.pid, v.as_of, objective=objective, call=call)
    if table.empty:
        return []
    lang = v.lang
    # built column by column (a national programme has tens of thousands of rows): the texts that repeat
    # (stages, statuses) are translated once each, the link's query string is made once
    own = table[f"label_{lang}"].tolist() if f"label_{lang}" in table else [None] * len(table)
    stages: dict[Any, str] = {}
    statuses: dict[tuple[Any, str], str] = {}
    query = v.href("")
    stage_col = []
    for stage in table["stage"].tolist():
        if stage not in stages:
            stages[stage] = t("stage." + stage, lang) if stage else ""
        stage_col.append(stages[stage])
    status_col = []
    for status, last_year in zip(table["status"].tolist(), table["last_year"].tolist(), strict=True):
        key = (status, _year(last_year))
        if key not in statuses:
            statuses[key] = t(f"project_status.{status}", lang, year=key[1])
        status_col.append(statuses[key])
    keys = table["key"].tolist()
    columns: dict[str, list[Any]] = {
        "project_id": keys,
        "name": [str(a or b) for a, b in zip(own, table["label"].tolist(), strict=True)],
        "beneficiary": table["beneficiary"].tolist(),
        "objective": table["objective_code"].tolist(),
        "call": table["call_id"].tolist(),
        "stage": stage_col,
        "allocation": table["allocation"].tolist(),
        "committed": table["committed"].tolist(),
        "paid": table["paid"].tolist(),
        "commitment_rate": table["commitment_rate"].tolist(),
        "liquidation_rate": table["liquidation_rate"].tolist(),
        "end_date": [None if pd.isna(d) else d.date().isoformat() for d in table["end_date"].tolist()],
        "rag": table["rag"].tolist(),
        "rag_label": status_col,
        "href": [urls.project_path(v.pid, k) + query for k in keys],
    }
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _year(x: Any) -> str:
    return "" if x is None or pd.isna(x) else str(int(x))


def projects_columns(v: View) -> list[dict[str, Any]]:
    """The projects grid's column definitions (fields: EXPLORER_FIELDS)."""
    return [
        {
            "field": "project_id",
            "headerName": t("project_id", v.lang),
            "minWidth": 130,
            "cellClass": "link-cell",
            "cellRenderer": "RowLink",
            "pinned": "left",
        },
        {
            "field": "name",
            "headerName": t("project", v.lang),
            "minWidth": 220,
            "flex": 2,
            "pinned": "left",
            "cellClass": "link-cell",
            "cellRenderer": "RowLink",
            "tooltipField": "name",
        },
        {
            "field": "beneficiary",
            "headerName": t("beneficiary", v.lang),
            "minWidth": 160,
            "tooltipField": "beneficiary",
        },
        {"field": "objective", "headerName": t("code", v.lang), "maxWidth": 100},
        {"field": "call", "headerName": t("call", v.lang), "minWidth": 120},
        {"field": "stage", "headerName": t("stage_heading", v.lang), "minWidth": 150},
        # the project's own standing, beside its stage: never the programme's KPI
        rag_col("rag_label", t("project_progress.column", v.lang), minWidth=230, tooltipField="rag_label"),
        eur_col("allocation", t("grant", v.lang)),
        eur_col("committed", t("committed", v.lang)),
        eur_col("paid", t("paid", v.lang)),
        pct_col("liquidation_rate", t("liquidation_rate", v.lang)),
        date_col("end_date", t("end_date", v.lang), maxWidth=140),
    ]


def explorer_headers(v: View) -> dict[str, str]:
    """Each grid column's header, by field (the export's Summary names the filtered columns with them)."""
    return {c["field"]: c["headerName"] for c in projects_columns(v)}


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
        state = downloads.explorer_state(q, filter_json, sort)
    except GridStateError as error:
        state = GridState()
        state_notice = notice(t("export.state_ignored", v.lang), error.message(v.lang), "orange")
    page = rows_page(v)
    export_url, _ = downloads.explorer_urls(page, state)
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
_lock = threading.Lock()
#: the project rows per data, programme, date, language and scope (a worker keeps the last few, not all)
_rows: OrderedDict[tuple[str, ...], list[dict[str, Any]]] = OrderedDict()
#: the rows a grid state leaves, in its order (lists of the rows above: small)
_shown: OrderedDict[tuple[str, ...], list[dict[str, Any]]] = OrderedDict()
#: what the quick search reads in each of those rows (grid_state.quick_texts), read once per rows
_texts: OrderedDict[tuple[str, ...], list[list[str]]] = OrderedDict()
ROWS_KEPT, SHOWN_KEPT = 6, 32


def _kept(store: OrderedDict[tuple[str, ...], Any], key: tuple[str, ...], build: Callable[[], Any], size: int) -> Any:
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = build()  # outside the lock: two first requests may both build; the second result is dropped
    with _lock:
        store[key] = value
        while len(store) > size:
            store.popitem(last=False)
    return value


def _key(v: View, objective: str | None, call: str | None) -> tuple[str, ...]:
    # the rows' links carry the page's query (language, the as-of date when the URL gave one, the snapshot): the
    # same date asked for or not makes other links, so the query is in the key, not only the date
    return (service.snapshot(), v.pid, v.as_of.isoformat(), v.href(""), objective or "", call or "")


def explorer_rows(v: View, objective: str | None = None, call: str | None = None) -> list[dict[str, Any]]:
    """The project rows of ``v`` (of one objective or call when given), built once per data, date, language and
    scope, then kept."""
    key = _key(v, objective, call)
    return _kept(_rows, key, lambda: projects_rows(v, objective=objective, call=call), ROWS_KEPT)


def shown_rows(
    v: View, state: GridState, objective: str | None = None, call: str | None = None
) -> list[dict[str, Any]]:
    """The rows that ``state`` leaves, in its order (the explorer's export writes the same rows)."""
    if state.empty:
        return explorer_rows(v, objective, call)
    key = (*_key(v, objective, call), json.dumps(state.query(), sort_keys=True))
    rows = explorer_rows(v, objective, call)

    def build() -> list[dict[str, Any]]:
        texts = search_texts(v, objective, call) if state.quick else None
        return grid_state.apply(rows, state, EXPLORER_FIELDS, texts)  # type: ignore[return-value]

    return _kept(_shown, key, build, SHOWN_KEPT)


def search_texts(v: View, objective: str | None = None, call: str | None = None) -> list[list[str]]:
    """What the quick search reads in each of the rows (grid_state.quick_texts), read once per rows, then kept."""
    rows = explorer_rows(v, objective, call)
    read = lambda: [grid_state.quick_texts(r, EXPLORER_FIELDS) for r in rows]  # noqa: E731
    return _kept(_texts, _key(v, objective, call), read, ROWS_KEPT)


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
        with service.viewing(r.snapshot):
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
        state = downloads.explorer_state(shown.get("q"), shown.get("filter"), shown.get("sort"))
        with service.viewing(r.snapshot):
            v = load(r, pid)
            return print_table_body(shown_rows(v, state, objective, call), projects_columns(v), v.lang)
    except (GridStateError, PageState):
        return []


def _whole(x: Any, default: int) -> int:
    return int(x) if isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x < 10**9 else default
