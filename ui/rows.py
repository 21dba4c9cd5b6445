"""The project rows of the projects grids (objective, call and explorer pages) and of the explorer's export.

Built once per data, programme, date, language and scope, then kept (a national programme has tens of
thousands of rows); the rows a grid state (quick search, filters, sort) leaves are kept too, so the grid and
the export of the same state serve the very same rows. Below the views and the export route, above the
service: both read them here.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd

from exports import grid_state
from exports.grid_state import GridState
from i18n import t

from . import service, urls
from .components import date_col, eur_col, pct_col, rag_col
from .context import View

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
    table = service.projects_table(v.pid, v.as_of, objective=objective, call=call, snapshot=v.snapshot)
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
    return (service.data_key(v.snapshot), v.pid, v.as_of.isoformat(), v.href(""), objective or "", call or "")


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
