"""A programme's history: every snapshot kept, opening the dashboard on one, and what changed between two.

/programme/<pid>/history                          the snapshots, newest first
/programme/<pid>/history?before=<id>[&after=<id>] and the comparison of two (after: the current data if absent)

Editors may make an earlier snapshot the current data; admins may remove one that is not current. Both
ask for confirmation and are written in the audit log (``callbacks.history``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc, html

from i18n import format_date, format_datetime, format_eur, format_number, format_pct, labelled, t

from .. import auth, ids, service, urls
from ..components import eur_col, grid, notice, page_header, section, stat
from ..context import Request, View
from ..service import Comparison, Snapshot
from ..words import objective_word, rag_word
from .common import crumbs_to, load, programme_title

BRUSSELS = ZoneInfo("Europe/Brussels")
#: changed projects listed on the page (all are in the comparison; the page says how many are left out)
MAX_PROJECT_ROWS = 500


def accepted_text(snap: Snapshot, lang: str) -> str:
    """When a snapshot was accepted, in Brussels time ("02/12/2026 23:05")."""
    return format_datetime(snap.accepted.astimezone(BRUSSELS), lang)


def origin_text(snap: Snapshot, lang: str) -> str:
    """How it came: "Uploaded by anne", "Data folder", "Watch folder (incoming)"."""
    if snap.origin == "upload":
        return t("history.origin.upload", lang, user=snap.by or "?")
    return t(f"history.origin.{snap.origin if snap.origin in ('folder', 'incoming') else 'folder'}", lang)


def _extract(snap: Snapshot, lang: str) -> str:
    try:
        return format_date(datetime.fromisoformat(snap.extract_date).date(), lang) if snap.extract_date else "—"
    except ValueError:
        return "—"


def snapshot_rows(v: View, snaps: list[Snapshot]) -> list[Any]:
    """The table's rows: one per snapshot, with its links and (for editors and admins) its buttons."""
    current = service.current_hash(v.pid)
    lang = v.lang
    rows = []
    for snap in snaps:
        is_current = snap.content_hash == current
        open_href = urls.with_query(urls.programme_path(v.pid), lang, None, None if is_current else snap.short)
        actions: list[Any] = [dcc.Link(t("history.open", lang), href=open_href, id=ids.history_open(snap.short))]
        if not is_current:
            compare_href = urls.with_query(urls.history_path(v.pid), lang) + f"&before={snap.short}"
            actions.append(
                dcc.Link(t("history.compare_now", lang), href=compare_href, id=ids.history_compare(snap.short))
            )
            if auth.can("editor"):
                actions.append(
                    dmc.Button(
                        t("history.make_current", lang),
                        id={"type": ids.HISTORY_MAKE_CURRENT, "index": snap.short},
                        size="compact-sm",
                        variant="light",
                    )
                )
            if auth.can("admin"):
                actions.append(
                    dmc.Button(
                        t("history.remove", lang),
                        id={"type": ids.HISTORY_REMOVE, "index": snap.short},
                        size="compact-sm",
                        variant="subtle",
                        color="red",
                    )
                )
        rows.append(
            html.Tr(
                [
                    html.Td(
                        [html.Code(snap.short), " ", dmc.Badge(t("history.current", lang), color="#2B7A3B")]
                        if is_current
                        else html.Code(snap.short)
                    ),
                    html.Td(accepted_text(snap, lang)),
                    html.Td(snap.file),
                    html.Td(_extract(snap, lang)),
                    html.Td(format_number(snap.projects, lang), className="num"),
                    html.Td(format_number(snap.warnings, lang), className="num"),
                    html.Td(origin_text(snap, lang)),
                    html.Td(dmc.Group(actions, gap="xs")),
                ],
                id=ids.history_row(snap.short),
                className="history-current" if is_current else None,
            )
        )
    return rows


def snapshots_table(v: View) -> Any:
    snaps = service.history(v.pid)
    if not snaps:
        return notice(t("history.none.title", v.lang), t("history.none.body", v.lang), "blue", id=ids.HISTORY_EMPTY)
    heads = ["history.col.id", "history.col.accepted", "history.col.file", "history.col.extract",
             "history.col.projects", "history.col.warnings", "history.col.origin", "history.col.actions"]  # fmt: skip
    return html.Div(
        html.Table(
            [
                html.Caption(t("history.caption", v.lang, n=len(snaps))),
                html.Thead(html.Tr([html.Th(t(h, v.lang), scope="col") for h in heads])),
                html.Tbody(snapshot_rows(v, snaps)),
            ],
            className="history-table",
        ),
        className="table-scroll",
        id=ids.HISTORY_TABLE,
    )


def table_children(v: View) -> Any:
    """What the list's container holds (drawn again after a make-current or a removal)."""
    table = snapshots_table(v)
    return table.children if isinstance(table, html.Div) else table


def _side_title(c: Comparison, which: str, short: str | None, lang: str) -> str:
    side = c.before if which == "before" else c.after
    return t(
        f"history.side.{which}", lang, date=format_date(side.as_of, lang), snapshot=short or t("history.now", lang)
    )


def comparison_section(v: View, c: Comparison, before: str, after: str, *, id: str = ids.COMPARE_SECTION) -> Any:
    """The KPI then and now, per objective and per project: committed, paid, status; projects added and removed.

    ``before`` and ``after`` name the two sides ("before (snapshot 1a2b..., data as of ...)").
    """
    lang = v.lang
    kpi_name = t("kpi." + c.kpi, lang)
    tiles = dmc.SimpleGrid(
        [
            stat(
                labelled(kpi_name, before, lang),
                format_pct(c.before.rate, lang),
                format_eur(c.before.done, lang),
                id=ids.COMPARE_RATE_BEFORE,
            ),
            stat(
                labelled(kpi_name, after, lang),
                format_pct(c.after.rate, lang),
                format_eur(c.after.done, lang),
                id=ids.COMPARE_RATE_AFTER,
            ),
            stat(t("history.added", lang), format_number(c.count("added"), lang), id=ids.COMPARE_ADDED),
            stat(t("history.removed", lang), format_number(c.count("removed"), lang), id=ids.COMPARE_REMOVED),
            stat(t("history.changed", lang), format_number(c.count("changed"), lang), id=ids.COMPARE_CHANGED),
            stat(t("history.unchanged", lang), format_number(c.unchanged, lang), id=ids.COMPARE_UNCHANGED),
        ],
        cols={"base": 1, "sm": 2, "lg": 3},
    )
    objectives = c.objectives
    obj_rows = [
        {
            "key": r["key"],
            "label": r[f"label_{lang}"] or r["label_en"],
            "committed_before": _num(r["committed_before"]),
            "committed_after": _num(r["committed_after"]),
            "committed_change": _num(r["committed_change"]),
            "paid_before": _num(r["paid_before"]),
            "paid_after": _num(r["paid_after"]),
            "paid_change": _num(r["paid_change"]),
            "rag_before": rag_word(str(r["rag_before"]), lang) if isinstance(r["rag_before"], str) else "—",
            "rag_after": rag_word(str(r["rag_after"]), lang) if isinstance(r["rag_after"], str) else "—",
        }
        for r in objectives.to_dict("records")
    ]
    amounts = [
        eur_col("committed_before", t("history.committed_before", lang)),
        eur_col("committed_after", t("history.committed_after", lang)),
        eur_col("committed_change", t("history.committed_change", lang)),
        eur_col("paid_before", t("history.paid_before", lang)),
        eur_col("paid_after", t("history.paid_after", lang)),
        eur_col("paid_change", t("history.paid_change", lang)),
    ]
    obj_cols = [
        {"field": "key", "headerName": t("code", lang), "minWidth": 100, "pinned": "left"},
        {"field": "label", "headerName": objective_word(v.pid, lang), "minWidth": 220},
        *amounts,
        {"field": "rag_before", "headerName": t("history.status_before", lang)},
        {"field": "rag_after", "headerName": t("history.status_after", lang)},
    ]
    projects = c.projects.head(MAX_PROJECT_ROWS)
    proj_rows = [
        {
            "key": r["key"],
            "label": r[f"label_{lang}"] or r["label_en"],
            "change": t(f"history.change.{r['change']}", lang),
            "objective_code": r["objective_code"],
            "committed_before": _num(r["committed_before"]),
            "committed_after": _num(r["committed_after"]),
            "committed_change": _num(r["committed_change"]),
            "paid_before": _num(r["paid_before"]),
            "paid_after": _num(r["paid_after"]),
            "paid_change": _num(r["paid_change"]),
            "status_before": _status(r["status_before"], r["last_year_before"], lang),
            "status_after": _status(r["status_after"], r["last_year_after"], lang),
        }
        for r in projects.to_dict("records")
    ]
    proj_cols = [
        {"field": "key", "headerName": t("history.col.project_id", lang), "minWidth": 130, "pinned": "left"},
        {"field": "label", "headerName": t("project", lang), "minWidth": 200},
        {"field": "change", "headerName": t("history.col.change", lang), "minWidth": 130},
        {"field": "objective_code", "headerName": t("code", lang), "minWidth": 100},
        *amounts,
        {"field": "status_before", "headerName": t("history.status_before", lang), "minWidth": 160},
        {"field": "status_after", "headerName": t("history.status_after", lang), "minWidth": 160},
    ]
    left_out = len(c.projects) - len(projects)
    return section(
        t("history.compare.title", lang),
        dmc.Text(
            t(
                "history.compare.hint",
                lang,
                before=before,
                after=after,
            ),
            size="sm",
        ),
        tiles,
        dmc.Title(
            t("history.compare.objectives", lang, objectives=objective_word(v.pid, lang).lower()),
            order=3,
            size="h4",
        ),
        grid(ids.COMPARE_OBJECTIVES, obj_rows, obj_cols, lang, height=_height(len(obj_rows))),
        dmc.Title(t("history.compare.projects", lang), order=3, size="h4"),
        grid(ids.COMPARE_PROJECTS, proj_rows, proj_cols, lang, height=_height(len(proj_rows)))
        if proj_rows
        else dmc.Text(t("history.compare.no_project_change", lang), id=ids.COMPARE_NO_CHANGE),
        dmc.Text(t("history.compare.left_out", lang, n=left_out), size="sm") if left_out > 0 else None,
        id=id,
    )


def _height(rows: int) -> int:
    """A grid as tall as its rows (header and a scroll bar's room included), at most 480 px."""
    return min(480, 100 + 42 * max(rows, 1))


def _num(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _status(status: Any, year: Any, lang: str) -> str:
    if not isinstance(status, str) or not status:
        return "—"
    return t(f"project_status.{status}", lang, year="" if year is None or pd.isna(year) else str(int(year)))


def audit_section(v: View) -> Any:
    entries = service.audit_log(v.pid, limit=20)
    if not entries:
        return None
    items = [
        html.Li(
            t(
                f"history.audit.{e.action}" if e.action in AUDIT_ACTIONS else "history.audit.other",
                v.lang,
                at=format_datetime(datetime.fromisoformat(e.at).astimezone(BRUSSELS), v.lang),
                user=e.user,
                snapshot=e.snapshot,
                file=e.file,
                action=e.action,
            )
        )
        for e in entries
    ]
    return section(t("history.audit.title", v.lang), html.Ul(items, className="audit-list"), id=ids.HISTORY_AUDIT)


AUDIT_ACTIONS = ("accepted", "confirmed", "switched", "removed", "rejected", "uploaded", "refused")


def history(r: Request, pid: str, before: str | None = None, after: str | None = None) -> Any:
    """The page: the snapshots of ``pid``, and the comparison of ``before`` with ``after`` when asked."""
    v = load(r, pid)
    lang = v.lang
    before, after = urls.parse_snapshot(before), urls.parse_snapshot(after)
    compared: Any = None
    if before:
        c = service.comparison(pid, before, after)
        compared = (
            comparison_section(v, c, _side_title(c, "before", before, lang), _side_title(c, "after", after, lang))
            if c is not None
            else notice(
                t("snapshot.unknown.title", lang), t("history.compare.unknown", lang), "orange", id=ids.COMPARE_UNKNOWN
            )
        )
    return dmc.Stack(
        [
            page_header(
                t("history.title", lang, programme=programme_title(pid, lang)),
                t("history.subtitle", lang),
                crumbs_to(v),
            ),
            dmc.Text(t("history.intro", lang), size="sm"),
            html.Div(id=ids.HISTORY_STATUS, role="status"),
            dcc.ConfirmDialog(id=ids.HISTORY_CONFIRM),
            dcc.Store(id=ids.HISTORY_PENDING),
            compared,
            section(t("history.list.title", lang), snapshots_table(v), id=ids.HISTORY_LIST),
            audit_section(v),
        ],
        gap="md",
    )
