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

import io
import logging
import tempfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import IO, Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from dash import Dash
from flask import Response, request, send_file

import exports
from exports import grid_state
from i18n import t

from . import links, pagedata, service, urls
from .answers import failed_answer
from .context import EARLIEST_AS_OF, LATEST_AS_OF, Request, choose_lang
from .rows import explorer_headers

_log = logging.getLogger(__name__)

PREFIX = links.PREFIX
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a workbook up to this size stays in memory while it is written, a larger one goes to a temporary file
SPOOL_BYTES = 16 * 1024 * 1024
BRUSSELS = ZoneInfo("Europe/Brussels")


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


# --- the route -------------------------------------------------------------------------------------
def register(app: Dash) -> None:
    """Add the route to the app's Flask server (``create_app`` does it)."""
    server = app.server
    server.add_url_rule(PREFIX + "/", "export_overview", _serve, defaults={"path": ""})
    server.add_url_rule(PREFIX + "/<path:path>", "export_page", _serve)


def _serve(path: str) -> Response:
    lang = choose_lang(request.args.get("lang"))
    try:
        name, write = prepare(path, request.args)  # an earlier snapshot (?snapshot=) is in the request it makes
        fh: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed below or on close
        try:
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
    return failed_answer(status, message, lang, urls.with_query(urls.overview_path(), lang))


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
    """The file name and the writer of the workbook an export URL asks for; ExportProblem for a bad URL.

    The page comes from the page registry (``ui.pagedata.PAGES``): the same gatherer as the page's, so the
    workbook holds the figures the page shows, as it writes them.
    """
    lang = choose_lang(args.get("lang"))
    r = Request(lang, _as_of(args.get("as_of"), lang), snapshot=urls.parse_snapshot(args.get("snapshot")))
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    now = datetime.now(BRUSSELS).replace(tzinfo=None, microsecond=0)  # the managing authority's time, wherever served
    if not parts:
        return _overview(r, now)
    if parts[0] != "programme" or len(parts) < 2:
        raise ExportProblem(404, "export.error.page", path="/" + "/".join(parts)[:80])
    pid, rest = parts[1], parts[2:]
    data = service.programme(pid, r.snapshot)
    if data is None:
        raise ExportProblem(404, "export.error.programme", programme=pid[:40])
    v = r.at(data)
    if rest == ["projects"]:
        try:
            state = links.explorer_state(args.get("q"), args.get("filter"), args.get("sort"))
        except grid_state.GridStateError as error:
            raise _GridProblem(error) from None
        export = pagedata.to_export(pagedata.explorer(v, state, explorer_headers(v)), now)
        return exports.workbook_name(lang, pid, v.as_of, "explorer"), lambda fh: exports.write_page(export, fh)
    found = pagedata.match(rest)
    if found is None:
        raise ExportProblem(404, "export.error.page", path="/" + "/".join(parts)[:80])
    page, keys = found
    try:
        write = page.build(v, now, keys, args)
    except pagedata.Missing as missing:
        what = t(missing.what_key, lang)
        raise ExportProblem(404, "export.error.unit", what=what, key=missing.key[:40], programme=pid) from None
    name = page.file(v) if page.file is not None else exports.workbook_name(lang, pid, v.as_of, page.name, *keys)
    return name, write


def _overview(r: Request, now: datetime) -> tuple[str, Callable[[IO[bytes]], None]]:
    pages = [pagedata.to_export(m, now, lines=False) for m in pagedata.overview_pages(r)]
    if not pages:
        raise ExportProblem(404, "export.error.programme", programme="2014-2020 / 2021-2027")
    day = max(p.as_of for p in pages)
    return exports.workbook_name(r.lang, None, day, "overview"), lambda fh: exports.write_overview(pages, fh)
