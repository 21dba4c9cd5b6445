"""The Data page (/data): the data shown now, and an editor's upload of a new workbook.

1. The editor drops one or both workbooks on the zone (``dcc.Upload``; ``assets/upload.js`` sends each to
   ``POST /data/upload`` with its progress: see ``ui.uploads``).
2. Each is validated in the background; the page polls its state (``callbacks.data``).
3. A refused workbook shows its located errors and warnings in a table; nothing changes.
4. A valid one shows its warnings and a preview of what would change against the data shown now (the KPI
   before and after, per objective and per project: projects added, removed and changed).
5. Only when the editor confirms does it become the current data (a snapshot, the switch, the audit line).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_mantine_components as dmc
from dash import dcc, html

from i18n import format_date, format_eur, format_number, t

from .. import auth, ids, service, urls
from ..components import LIVE, grid, notice, page_header, section
from ..context import Request, View, from_search
from ..service import Job
from . import mapping
from .common import programme_title
from .history import comparison_section

ACCEPT = ".xlsx,.xlsm,.xls,.csv,.tsv,.txt"  # .xls and text: lists of operations (ui.views.mapping)


def current_section(r: Request) -> Any:
    """The workbooks shown now, one line per programme, with the way to its history."""
    files = service.loaded_files()
    if not files:
        return section(
            t("upload.current.title", r.lang),
            notice(t("no_data_title", r.lang), t("upload.current.none", r.lang), "orange", id=ids.DATA_CURRENT_NONE),
            id=ids.DATA_CURRENT,
        )
    items = []
    for f in files:
        pid = f.data.programme_id
        items.append(
            html.Li(
                [
                    html.Strong(programme_title(pid, r.lang)),
                    " — ",
                    t(
                        "upload.current.line",
                        r.lang,
                        file=f.path.name,
                        extract=format_date(f.data.info.as_of, r.lang),
                        projects=format_number(len(f.data.projects), r.lang),
                        snapshot=f.content_hash[:12],
                    ),
                    " ",
                    dcc.Link(t("history.nav", r.lang), href=r.href(urls.history_path(pid)), id=ids.data_history(pid)),
                ]
            )
        )
    return section(t("upload.current.title", r.lang), html.Ul(items), id=ids.DATA_CURRENT)


def current_parts(search: str | None, stored_lang: str | None) -> Any:
    """What the "current data" section holds (drawn again after a confirmation)."""
    return current_section(from_search(search, stored_lang)).children


def _texts(lang: str) -> dict[str, Any]:
    return {
        "data-sending": t("upload.js.sending", lang),
        "data-sent": t("upload.js.sent", lang),
        "data-failed": t("upload.js.failed", lang),
        "data-lang": lang,
    }


def upload_zone(lang: str) -> Any:
    """The drop zone, its progress bar and the list of uploads (filled by callbacks.data)."""
    return section(
        t("upload.zone.title", lang),
        dmc.Text(t("upload.zone.hint", lang, limit=service.settings().upload_max_mb), size="sm"),
        dmc.Text(t("ops.zone.hint", lang), size="sm"),  # lists of operations (ui.views.mapping)
        dcc.Upload(
            html.Div(
                [
                    html.Span(t("upload.zone.drop", lang)),
                    " ",
                    html.Span(t("upload.zone.choose", lang), className="upload-choose"),
                ]
            ),
            id=ids.DATA_UPLOAD,
            multiple=True,
            accept=ACCEPT,
            className="upload-zone",
            className_active="upload-zone upload-zone-active",
        ),
        html.Div(id=ids.DATA_UPLOAD_TEXTS, hidden=True, **_texts(lang)),
        html.Div(
            [
                html.Progress(id=ids.DATA_UPLOAD_BAR, max="100", value="0", className="upload-bar", hidden=True),
                html.Span(id=ids.DATA_UPLOAD_SENT, role="status", className="upload-sent"),
            ],
            className="upload-progress",
        ),
        # the uploads of this page: [{"job": id, "file": name} | {"file": name, "error": message}]
        dcc.Store(id=ids.DATA_UPLOAD_JOBS, data=[]),
        dcc.Interval(id=ids.DATA_UPLOAD_POLL, interval=1000, disabled=True),
        dcc.Store(id=ids.DATA_UPLOAD_SHOWN),  # the uploads and states the cards show (see callbacks.data)
        html.Div(id=ids.DATA_CONFIRM_STATUS, role="status"),
        html.Div(id=ids.DATA_UPLOAD_RESULTS, **LIVE),
        id=ids.DATA_UPLOAD_SECTION,
    )


def data_page(r: Request) -> Any:
    lang = r.lang
    parts: list[Any] = [
        page_header(t("upload.title", lang), t("upload.subtitle", lang), [(t("overview", lang), r.href("/"))]),
        current_section(r),
    ]
    if auth.can("editor"):
        parts.append(upload_zone(lang))
    else:
        parts.append(notice(t("upload.viewer.title", lang), t("upload.viewer.body", lang), "blue", id=ids.DATA_VIEWER))
    return dmc.Stack(parts, gap="md")


# --- an upload's card -----------------------------------------------------------------------------------
def issues_grid(job: Job, lang: str) -> Any:
    """The workbook's errors and warnings, located (sheet, row, column, value) and in plain words."""
    rows = [
        {
            "severity": t(f"upload.severity.{i.severity}", lang),
            "sheet": i.sheet or "",
            "row": i.row,
            "column": i.column or "",
            "value": i.value or "",
            "message": i.message(lang),
        }
        for i in job.issue_list()
    ]
    cols = [
        {"field": "severity", "headerName": t("upload.col.severity", lang), "minWidth": 110},
        {"field": "sheet", "headerName": t("upload.col.sheet", lang), "minWidth": 120},
        {"field": "row", "headerName": t("upload.col.row", lang), "minWidth": 80, "type": "rightAligned"},
        {"field": "column", "headerName": t("upload.col.column", lang), "minWidth": 140},
        {"field": "value", "headerName": t("upload.col.value", lang), "minWidth": 120},
        {"field": "message", "headerName": t("upload.col.message", lang), "minWidth": 360, "wrapText": True,
         "autoHeight": True, "flex": 1},
    ]  # fmt: skip
    height = min(480, 90 + 44 * len(rows))
    return grid(ids.upload_issues(job.id), rows, cols, lang, height=height)


def _counts(job: Job) -> tuple[int, int]:
    errors = sum(1 for i in job.issues if i.get("severity") == "error")
    return errors, len(job.issues) - errors


def job_card(job: Job | None, entry: dict[str, Any], r: Request) -> Any:
    """What the page says about one upload, in its state."""
    lang = r.lang
    file = str(entry.get("file") or (job.file if job else ""))
    if job is None:
        message = str(entry.get("error") or t("upload.error.unknown", lang))
        return notice(t("upload.refused.title", lang, file=file), message, "red", id=ids.upload_card(file))
    cid = ids.upload_card(job.id)
    if job.state == "validating":
        return dmc.Alert(
            dmc.Group([dmc.Loader(size="sm"), dmc.Text(t("upload.validating", lang, file=file))], gap="sm"),
            color="blue",
            variant="light",
            className="notice notice-blue",
            id=cid,
        )
    errors, warnings = _counts(job)
    if job.state == "failed":
        return notice(t("upload.refused.title", lang, file=file), t("upload.failed", lang), "red", id=cid)
    if mapping.is_list_job(job):  # a list of operations: its mapping step instead of its "errors"
        return mapping.mapping_card(job, r)
    if job.state == "refused":
        return html.Div(
            [
                notice(
                    t("upload.refused.title", lang, file=file),
                    t(
                        "upload.refused.body",
                        lang,
                        errors=t("upload.n_errors", lang, n=errors),
                        warnings=t("upload.n_warnings", lang, n=warnings),
                    ),
                    "red",
                ),
                issues_grid(job, lang),
            ],
            id=cid,
            className="upload-card",
        )
    if job.state == "confirmed":
        href = r.href(urls.programme_path(job.programme_id))
        return notice(
            t("upload.confirmed.title", lang, file=file),
            [
                t(
                    "upload.confirmed.body",
                    lang,
                    snapshot=job.snapshot,
                    programme=programme_title(job.programme_id, lang),
                ),
                " ",
                dcc.Link(t("upload.confirmed.open", lang), href=href),
            ],
            "green",
            id=cid,
        )
    return ready_card(job, r)


def ready_card(job: Job, r: Request) -> Any:
    """A valid workbook: its summary, its warnings, the preview, and the confirmation button."""
    lang = r.lang
    data, comparison = service.upload_preview(job)
    _errors, warnings = _counts(job)
    extract = date.fromisoformat(job.extract_date) if job.extract_date else None
    summary = t(
        "upload.ready.body",
        lang,
        programme=programme_title(job.programme_id, lang),
        extract=format_date(extract, lang),
        projects=format_number(job.projects, lang),
        warnings=t("upload.n_warnings", lang, n=warnings),
    )
    parts: list[Any] = [notice(t("upload.ready.title", lang, file=job.file), summary, "green")]
    if job.issues:
        parts.append(issues_grid(job, lang))
    if job.duplicates:
        parts.append(duplicates_notice(job, lang))
    if data is not None and comparison is not None:
        v = View(r, data, data.info.as_of)
        parts.append(
            comparison_section(
                v,
                comparison,
                t("upload.side.now", lang, date=format_date(comparison.before.as_of, lang)),
                t("upload.side.upload", lang, date=format_date(comparison.after.as_of, lang)),
                id=ids.upload_preview(job.id),
            )
        )
    elif data is not None:
        parts.append(notice(t("upload.new_programme.title", lang), t("upload.new_programme.body", lang), "blue"))
    parts.append(
        dmc.Group(
            [
                dmc.Button(
                    t("upload.confirm", lang, programme=programme_title(job.programme_id, lang)),
                    id={"type": ids.UPLOAD_CONFIRM, "index": job.id},
                    color="#2B7A3B",  # Mantine's green under white text fails AA contrast (axe): darker
                ),
                dmc.Text(t("upload.confirm_hint", lang), size="sm", c="dimmed"),
            ],
            gap="md",
        )
    )
    return html.Div(parts, id=ids.upload_card(job.id), className="upload-card")


def duplicates_notice(job: Job, lang: str) -> Any:
    """Duplicated money lines are warned and counted: what each sheet's total is with them and without them."""
    lines = [
        html.Li(
            t(
                f"upload.duplicates.{sheet}",
                lang,
                n=int(d["lines"]),
                total=format_eur(d["total"], lang),
                without=format_eur(d["without"], lang),
            )
        )
        for sheet, d in job.duplicates.items()
    ]
    body = [html.Ul(lines), t("upload.duplicates.hint", lang)]
    return notice(t("upload.duplicates.title", lang), body, "orange", id=f"upload-duplicates-{job.id}")


def _states(entries: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    out = []
    for entry in entries or []:
        job = service.upload_job(str(entry.get("job") or "")) if entry.get("job") else None
        out.append((str(entry.get("job") or entry.get("file") or ""), job.state if job else "error"))
    return out


def jobs_signature(entries: list[dict[str, Any]] | None) -> str:
    """What the cards show, in one string: each upload and its state (the cards change only with it)."""
    return "|".join(f"{key}:{state}" for key, state in _states(entries))


def all_checked(entries: list[dict[str, Any]] | None) -> bool:
    """True when no upload of the page is being checked (the page stops asking)."""
    return all(state != "validating" for _key, state in _states(entries))


def jobs_parts(
    entries: list[dict[str, Any]] | None, search: str | None, stored_lang: str | None
) -> tuple[list[Any], bool]:
    """The cards of the page's uploads, and whether to stop polling (nothing is being validated)."""
    r = from_search(search, stored_lang)
    cards, waiting = [], False
    for entry in entries or []:
        job = service.upload_job(str(entry.get("job") or "")) if entry.get("job") else None
        waiting = waiting or (job is not None and job.state == "validating")
        cards.append(job_card(job, entry, r))
    return cards, not waiting


def confirm_parts(job_id: str, search: str | None, stored_lang: str | None) -> Any:
    """Confirm an upload: the result's notice (the cards are drawn again by the caller)."""
    r = from_search(search, stored_lang)
    if not auth.can("editor"):
        return notice(t("history.forbidden", r.lang), "", "red", id=ids.DATA_CONFIRM_RESULT)
    try:
        service.confirm_upload(job_id, auth.user_name())
    except service.UploadError as exc:
        if exc.code == "changed":
            service.rebase_upload(job_id)
        key = exc.code if exc.code in ("changed", "not-ready") else "unknown"
        return notice(t("upload.confirm_failed.title", r.lang), t(f"upload.confirm_failed.{key}", r.lang), "orange",
                      id=ids.DATA_CONFIRM_RESULT)  # fmt: skip
    return None
