"""The download route: every page's "Export to Excel" button, served by Flask, not through a callback.

``GET /export/<the page's path>?lang=..&as_of=..`` answers the workbook of that page: the same
programme, objective, call or project, at the same as-of date (capped to the extract date as the
page does), in the same language; for the projects explorer with the same quick search, filters
and sort (``q``, ``filter``, ``sort``, see ``exports.grid_state``). ``/export/programme/<pid>/
committee-pack`` answers the monitoring committee's annex.

The figures come from ``ui.service`` (the cache the pages use) and the bytes from ``exports``. The
workbook is written to a spooled temporary file (in memory while small, on disk when large) and
streamed to the client. A bad address is answered 400 / 404 with a located, translated message
(JSON when the page's script asks for it, else a small HTML page); a failure while building is
logged and answered 500 with a translated message: never a traceback or a server path.
"""

from __future__ import annotations

import html
import io
import logging
import tempfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import IO, Any
from urllib.parse import quote, unquote, urlencode

import pandas as pd
from dash import Dash
from flask import Response, jsonify, request, send_file

import exports
from exports import grid_state
from i18n import format_date, t
from monitoring.thresholds import KPI_AMOUNT

from . import service, urls
from .context import EARLIEST_AS_OF, LATEST_AS_OF, Request, View, choose_lang

_log = logging.getLogger(__name__)

PREFIX = "/export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a workbook up to this size stays in memory while it is written, a larger one goes to a temporary file
SPOOL_BYTES = 16 * 1024 * 1024


class ExportProblem(Exception):
    """A request the route answers with a message instead of a workbook."""

    def __init__(self, status: int, text_key: str, /, **params: Any) -> None:
        super().__init__(text_key)
        self.status, self.key, self.params = status, text_key, params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


class _GridProblem(ExportProblem):
    def __init__(self, error: grid_state.GridStateError) -> None:
        super().__init__(400, error.key)
        self.error = error

    def message(self, lang: str) -> str:
        return self.error.message(lang)


# --- links to the route ----------------------------------------------------------------------------
def export_href(page_path: str, lang: str, as_of: date | None, extra: Mapping[str, str] | None = None) -> str:
    """The export URL of a page path ("/programme/2021-2027/objective/2.1" -> "/export/programme/...")."""
    params = {"lang": lang, **({"as_of": as_of.isoformat()} if as_of else {}), **(extra or {})}
    return PREFIX + (page_path if page_path != "/" else "/") + "?" + urlencode(params, quote_via=quote)


def _in_view(v: View) -> dict[str, str]:
    """The snapshot the page shows, when it is an earlier one: the export is of the same data."""
    return {"snapshot": v.request.snapshot} if v.request.snapshot else {}


def view_href(v: View, page_path: str) -> str:
    """The export URL of a page of ``v``'s programme, at the date it shows, in the snapshot it shows."""
    return export_href(page_path, v.lang, v.as_of, _in_view(v))


def committee_href(v: View) -> str:
    return export_href(urls.programme_path(v.pid) + "/committee-pack", v.lang, v.as_of, _in_view(v))


def explorer_state(q: str | None, filter_json: str | None, sort: str | None) -> grid_state.GridState:
    """The explorer's grid state from its URL (GridStateError names a bad parameter)."""
    from .views.projects import EXPLORER_FIELDS

    return grid_state.parse(q, filter_json, sort, EXPLORER_FIELDS)


def explorer_links(
    page: Mapping[str, Any] | None,
    quick: str | None,
    filter_model: Mapping[str, Any] | None,
    column_state: list[dict[str, Any]] | None,
) -> tuple[str, str]:
    """The export URL and the page URL of the explorer in its current state (search, filters, sort).

    ``page`` is the explorer's store: programme id, language and the as-of date shown.
    """
    return explorer_urls(page, grid_state.from_grid(quick, filter_model, column_state))


def explorer_urls(page: Mapping[str, Any] | None, state: grid_state.GridState) -> tuple[str, str]:
    """The export URL and the page URL of the explorer (``page``: its store) with the grid state ``state``."""
    page = page or {}
    pid, lang = str(page.get("pid") or ""), choose_lang(page.get("lang"))
    as_of = urls.parse_as_of(page.get("as_of"))
    path = urls.explorer_path(pid)
    snapshot = urls.parse_snapshot(page.get("snapshot"))
    page_url = urls.with_query(path, lang, as_of if page.get("explicit_as_of") else None, snapshot)
    query = state.query()
    if query:
        page_url += ("&" if "?" in page_url else "?") + urlencode(query, quote_via=quote)
    return export_href(path, lang, as_of, {**query, **({"snapshot": snapshot} if snapshot else {})}), page_url


# --- the route -------------------------------------------------------------------------------------
def register(app: Dash) -> None:
    """Add the route to the app's Flask server (``create_app`` does it)."""
    server = app.server
    server.add_url_rule(PREFIX + "/", "export_overview", _serve, defaults={"path": ""})
    server.add_url_rule(PREFIX + "/<path:path>", "export_page", _serve)


def _serve(path: str) -> Response:
    lang = choose_lang(request.args.get("lang"))
    in_view = urls.parse_snapshot(request.args.get("snapshot"))  # an earlier snapshot: the export is of it
    try:
        with service.viewing(in_view):
            name, write = prepare(path, request.args)
        fh: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed below or on close
        try:
            with service.viewing(in_view):
                write(fh)
            size = fh.tell()
            fh.seek(0)
            if size <= SPOOL_BYTES:  # still in memory: answer the bytes
                body: IO[bytes] | io.BytesIO = io.BytesIO(fh.read())
                fh.close()
            else:  # on disk: stream the file, closed (and removed) when the response is
                body = fh
        except BaseException:
            fh.close()
            raise
        response = send_file(body, mimetype=XLSX, as_attachment=True, download_name=name, max_age=0)
        response.call_on_close(body.close)
        response.headers["Cache-Control"] = "no-store"
        return response
    except ExportProblem as problem:
        return _answer(problem.status, problem.message(lang), lang)
    except Exception:
        _log.exception("export of %r failed", path)
        return _answer(500, t("export.error.failed", lang), lang)


def _answer(status: int, message: str, lang: str) -> Response:
    """The message of a refused or failed export: JSON for the page's script, a small page otherwise."""
    title = t("export.failed_title", lang)
    if "application/json" in request.headers.get("Accept", ""):
        response = jsonify({"title": title, "message": message})
    else:
        back = html.escape(urls.with_query(urls.overview_path(), lang))
        body = (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
            f'<p><a href="{back}">{html.escape(t("export.back", lang))}</a></p></main></body></html>'
        )
        response = Response(body, mimetype="text/html")
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _as_of(raw: str | None, lang: str) -> date | None:
    """The as-of date asked for (None: the extract date); a date a page would not read is a bad request."""
    if not raw:
        return None
    asked = urls.parse_as_of(raw)
    if asked is None or not EARLIEST_AS_OF <= asked <= LATEST_AS_OF:
        problem = t("export.error.date", lang, value=str(raw)[:40])
        raise ExportProblem(400, "export.error.parameter", name="as_of", problem=problem)
    return asked


def prepare(path: str, args: Mapping[str, str]) -> tuple[str, Callable[[IO[bytes]], None]]:
    """The file name and the writer of the workbook an export URL asks for; ExportProblem for a bad URL."""
    lang = choose_lang(args.get("lang"))
    r = Request(lang, _as_of(args.get("as_of"), lang))
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    now = datetime.now().replace(microsecond=0)
    if not parts:
        return _overview(r, now)
    if parts[0] != "programme" or len(parts) < 2:
        raise ExportProblem(404, "export.error.page", path="/" + "/".join(parts)[:80])
    pid, rest = parts[1], parts[2:]
    data = service.programme(pid)
    if data is None:
        raise ExportProblem(404, "export.error.programme", programme=pid[:40])
    v = r.at(data)
    if not rest:
        export = _programme(v, now)
        return exports.workbook_name(lang, pid, v.as_of), lambda fh: exports.write_page(export, fh)
    if rest == ["committee-pack"]:
        pack = _committee(v, now)
        name = exports.workbook_name(lang, pid, v.as_of, "committee")
        return name, lambda fh: exports.write_committee_pack(pack, fh)
    if rest == ["projects"]:
        try:
            state = explorer_state(args.get("q"), args.get("filter"), args.get("sort"))
        except grid_state.GridStateError as error:
            raise _GridProblem(error) from None
        export = _explorer(v, now, state)
        return exports.workbook_name(lang, pid, v.as_of, "explorer"), lambda fh: exports.write_page(export, fh)
    if len(rest) == 2 and rest[0] in ("objective", "call", "project"):
        level, key = rest
        export = {"objective": _objective, "call": _call, "project": _project}[level](v, now, key)
        return exports.workbook_name(lang, pid, v.as_of, level, key), lambda fh: exports.write_page(export, fh)
    raise ExportProblem(404, "export.error.page", path="/" + "/".join(parts)[:80])


# --- what each page shows, from the service --------------------------------------------------------
def _sources(pid: str) -> tuple[exports.Source, ...]:
    past = service.viewed(pid)
    data = service.programme(pid)
    if past is not None and data is not None:  # an earlier snapshot: its own workbook is the source
        return (exports.Source(past.file, data.info.as_of),)
    return tuple(
        exports.Source(f.name, f.data.info.as_of) for f in service.loaded_files() if f.data.programme_id == pid
    )


def _headline(v: View, total: Mapping[str, Any]) -> exports.Headline:
    kpi = service.headline_kpi(v.pid)
    status = service.selection_status(v.pid, v.as_of, dict(total))
    return exports.Headline(kpi, status, float(total[KPI_AMOUNT[kpi.key]] or 0.0), float(total["allocation"] or 0.0))


def _programme_headline(v: View) -> exports.Headline:
    h = service.headline(v.pid, v.as_of)
    return exports.Headline(h["kpi"], h["status"], float(h["done"]), float(h["allocation"]))


def _calls_first(table: pd.DataFrame) -> pd.DataFrame:
    """Calls in id order, the row of projects outside any call last (as the pages list them)."""
    outside = table["key"] == ""
    return pd.concat([table[~outside], table[outside]], ignore_index=True)


def _lines(v: View, projects: pd.DataFrame) -> dict[str, pd.DataFrame]:
    names = dict(zip(projects["key"], projects.get(f"label_{v.lang}", projects["label"]), strict=True))
    return {
        "payments": exports.money_lines(v.data.payments, projects["key"], v.as_of, names),
        "commitments": exports.money_lines(v.data.commitments, projects["key"], v.as_of, names),
    }


def _forecasts(v: View, project_ids: pd.Series, project: str | None = None) -> pd.DataFrame | None:
    table = service.forecast_table(v.pid, v.as_of, project)
    if project is None:
        table = table[table["project_id"].isin(set(project_ids))]
    return table.reset_index(drop=True) if len(table) else None


def _base(v: View, now: datetime, level: str, total: Mapping[str, Any], **kw: Any) -> exports.PageExport:
    return exports.PageExport(
        lang=v.lang,
        level=level,
        programme_id=v.pid,
        cci=v.data.info.cci,
        programme_title=v.data.info.title_in(v.lang),
        as_of=v.as_of,
        exported_at=now,
        totals=total,
        sources=_sources(v.pid),
        demo=service.settings().is_demo,
        **kw,
    )


def _programme(v: View, now: datetime) -> exports.PageExport:
    projects = service.projects_table(v.pid, v.as_of)
    decommitment = service.decommitment(v.pid, v.as_of)
    return _base(
        v,
        now,
        "programme",
        service.totals(v.pid, v.as_of),
        headline=_programme_headline(v),
        objectives=service.level_table(v.pid, "objective", v.as_of),
        calls=_calls_first(service.level_table(v.pid, "call", v.as_of)),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]),
        decommitment=decommitment if len(decommitment) else None,
        **_lines(v, projects),
    )


def _objective(v: View, now: datetime, code: str) -> exports.PageExport:
    label = service.objective_label(v.pid, code, v.lang)
    if label is None:
        what = t("export.axis" if v.pid == "2014-2020" else "export.objective", v.lang)
        raise ExportProblem(404, "export.error.unit", what=what, key=code[:40], programme=v.pid)
    total = service.totals(v.pid, v.as_of, objective=code)
    projects = service.projects_table(v.pid, v.as_of, objective=code)
    return _base(
        v,
        now,
        "objective",
        total,
        headline=_headline(v, total),
        unit_key=code,
        unit_label=label,
        objectives=service.level_table(v.pid, "objective", v.as_of, objective=code),
        calls=_calls_first(service.level_table(v.pid, "call", v.as_of, objective=code)),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]),
        **_lines(v, projects),
    )


def _call(v: View, now: datetime, call_id: str) -> exports.PageExport:
    title = service.call_title(v.pid, call_id, v.lang)
    if title is None:
        raise ExportProblem(404, "export.error.unit", what=t("export.call", v.lang), key=call_id[:40], programme=v.pid)
    total = service.totals(v.pid, v.as_of, call=call_id)
    projects = service.projects_table(v.pid, v.as_of, call=call_id)
    return _base(
        v,
        now,
        "call",
        total,
        headline=_headline(v, total),
        unit_key=call_id,
        unit_label=title,
        calls=service.level_table(v.pid, "call", v.as_of, call=call_id),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]),
        **_lines(v, projects),
    )


def _project(v: View, now: datetime, project_id: str) -> exports.PageExport:
    p = service.project_row(v.pid, project_id)
    if p is None:
        what = t("export.project", v.lang)
        raise ExportProblem(404, "export.error.unit", what=what, key=project_id[:40], programme=v.pid)
    total = service.totals(v.pid, v.as_of, project=project_id)
    table = service.projects_table(v.pid, v.as_of, objective=p["objective_code"] or None)
    projects = table[table["key"] == project_id].reset_index(drop=True)
    return _base(
        v,
        now,
        "project",
        total,
        headline=_headline(v, total),
        unit_key=project_id,
        unit_label=service.project_name(v.pid, project_id, v.lang) or str(p["name"]),
        projects=projects,
        forecasts=_forecasts(v, projects["key"], project_id),
        **_lines(v, projects),
    )


def _sum_totals(projects: pd.DataFrame) -> dict[str, Any]:
    """Amounts of the explorer's rows shown (as its totals line adds them up) and their rates."""
    sums = {c: float(projects[c].sum()) for c in ("allocation", "committed", "paid", "selected_amount")}

    def rate(a: float, b: float) -> float | None:
        return a / b if b else None

    return {
        **sums,
        "remaining_to_commit": sums["allocation"] - sums["committed"],
        "remaining_to_pay": sums["allocation"] - sums["paid"],
        "commitment_rate": rate(sums["committed"], sums["allocation"]),
        "liquidation_rate": rate(sums["paid"], sums["allocation"]),
        "paid_of_committed": rate(sums["paid"], sums["committed"]),
        "n_projects": len(projects),
    }


def _explorer(v: View, now: datetime, state: grid_state.GridState) -> exports.PageExport:
    from .views.projects import explorer_headers, explorer_rows, shown_rows

    rows = explorer_rows(v)
    shown = shown_rows(v, state)  # the very rows the grid was served (kept for it, or worked out the same way)
    order = [str(r["project_id"]) for r in shown]
    table = service.projects_table(v.pid, v.as_of).set_index("key", drop=False)
    projects = table.loc[order].reset_index(drop=True) if order else table.iloc[0:0].reset_index(drop=True)
    described = grid_state.describe(state, v.lang, explorer_headers(v), len(shown), len(rows))
    return _base(
        v,
        now,
        "explorer",
        _sum_totals(projects),
        headline=_programme_headline(v),
        projects=projects,
        forecasts=_forecasts(v, projects["key"]),
        filters=described,
        **_lines(v, projects),
    )


def _committee(v: View, now: datetime) -> exports.CommitteePack:
    summary = _base(
        v,
        now,
        "programme",
        service.totals(v.pid, v.as_of),
        headline=_programme_headline(v),
        objectives=service.level_table(v.pid, "objective", v.as_of),
    )
    sheets = []
    objectives = summary.objectives if summary.objectives is not None else pd.DataFrame()
    for row in objectives.to_dict("records"):
        code = str(row["key"])
        total = service.totals(v.pid, v.as_of, objective=code)
        sheets.append(
            exports.ObjectiveSheet(
                code=code,
                label=str(row.get(f"label_{v.lang}") or row["label"]),
                row={str(k): v for k, v in row.items()},
                status=service.selection_status(v.pid, v.as_of, total),
                calls=_calls_first(service.level_table(v.pid, "call", v.as_of, objective=code)),
                projects=service.projects_table(v.pid, v.as_of, objective=code),
            )
        )
    return exports.CommitteePack(summary, tuple(sheets))


def _overview(r: Request, now: datetime) -> tuple[str, Callable[[IO[bytes]], None]]:
    views = [r.at(d) for d in (service.programme(p) for p in service.programme_ids()) if d is not None]
    if not views:
        raise ExportProblem(404, "export.error.programme", programme="2014-2020 / 2021-2027")
    pages = [_base(v, now, "overview", service.totals(v.pid, v.as_of), headline=_programme_headline(v)) for v in views]
    day = max(v.as_of for v in views)
    return exports.workbook_name(r.lang, None, day, "overview"), lambda fh: exports.write_overview(pages, fh)


# --- chart images -----------------------------------------------------------------------------------
def chart_image(v: View, chart: str, level: str = "programme", key: str | None = None) -> dict[str, str]:
    """What a chart's image button writes: its file name (without .png), its title and the as-of line."""
    name = exports.image_name(v.lang, v.pid, v.as_of, chart, level, key)
    fund = t("export.fund", v.lang)
    subtitle = t("export.image.subtitle", v.lang, programme=f"{fund} {v.pid}", date=format_date(v.as_of, v.lang))
    return {"filename": name.removesuffix(".png"), "title": exports.image_title(v.lang, chart), "subtitle": subtitle}
