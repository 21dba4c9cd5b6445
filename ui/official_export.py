"""The official figures' download: ``GET /export-official/<cci>?lang=..&year=..&source=..``.

The same programme, file and cut-off as the page (``ui.views.official``), as an Excel workbook: per priority,
the series over the cut-offs, the peers, the other vintage side by side and the reconciliation with the
internal figures. A programme that no file holds is answered 404 with a translated message; a failure is
logged and answered 500: never a traceback or a server path.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from urllib.parse import unquote

from dash import Dash
from flask import Response, request, send_file

from exports.official import Column, OfficialExport, Table, write_official
from exports.safe import safe_name
from i18n import format_date, t

from . import service, urls
from .answers import failed_answer
from .context import choose_lang
from .official_words import EXPORT_PREFIX, at_text, chosen_year, quirk_lines, source_title

_log = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(app: Dash) -> None:
    """Add the route to the app's Flask server (``create_app`` does it)."""
    app.server.add_url_rule(EXPORT_PREFIX + "/<path:cci>", "export_official", _serve)


def _serve(cci: str) -> Response:
    lang = choose_lang(request.args.get("lang"))
    cci = unquote(cci).strip("/")
    try:
        export = build(cci, lang, request.args.get("year"), request.args.get("source"))
        if export is None:
            return _answer(404, t("official.unknown.body", lang, cci=cci[:40]), lang)
        body = io.BytesIO()
        write_official(export, body)
        body.seek(0)
        name = f"{safe_name(t('official.export.file', lang))}-{safe_name(cci)}-{safe_name(export.stamp)}.xlsx"
        response = send_file(body, mimetype=XLSX, as_attachment=True, download_name=name, max_age=0)
        response.headers["Cache-Control"] = "no-store"
        return response
    except Exception:
        _log.exception("official export of %r failed", cci)
        return _answer(500, t("export.error.failed", lang), lang)


def _answer(status: int, message: str, lang: str) -> Response:
    return failed_answer(status, message, lang, urls.with_query(urls.official_index_path(), lang))


def _amounts(lang: str) -> list[Column]:
    return [
        Column("planned_total", t("official.col.planned_total", lang), "eur"),
        Column("planned_eu", t("official.col.planned_eu", lang), "eur"),
        Column("planned_national", t("official.col.planned_national", lang), "eur"),
        Column("decided", t("official.col.decided", lang), "eur"),
        Column("decided_rate", t("official.col.decided_rate", lang), "pct"),
        Column("spent", t("official.col.spent", lang), "eur"),
        Column("spent_rate", t("official.col.spent_rate", lang), "pct"),
        Column("spent_of_decided", t("official.col.spent_of_decided", lang), "pct"),
    ]


def build(cci: str, lang: str, year_text: str | None, source_name: str | None) -> OfficialExport | None:
    """What the page shows, as an :class:`OfficialExport` (None when no file holds the programme)."""
    source = service.official_source(cci, source_name)
    if source is None:
        return None
    rows = source.of(cci)
    cuts = service.official_cutoffs(source, cci)
    year = chosen_year(year_text, cuts)
    day = dict(cuts).get(year) if year is not None else None
    at = at_text(source, day, lang, cci)
    tables: list[Table] = []
    priorities = service.official_priorities(source, cci, year)
    tables.append(
        Table(
            t("official.export.sheet.priorities", lang),
            at,
            [
                Column("priority", t("official.col.priority", lang)),
                Column("to", t("official.col.objective", lang)),
                Column("category", t("official.col.category", lang)),
                *_amounts(lang),
                Column("version", t("official.col.version", lang)),
            ],
            priorities,
        )
    )
    if cuts:
        tables.append(
            Table(
                t("official.export.sheet.series", lang),
                t("official.series.hint", lang),
                [
                    Column("year", t("official.col.year", lang), "int"),
                    Column("cutoff", t("official.col.cutoff", lang), "date"),
                    Column("version", t("official.col.version", lang)),
                    Column("n_priorities", t("official.col.n_priorities", lang), "int"),
                    *_amounts(lang),
                    Column("new_priorities", t("official.col.changes", lang)),
                ],
                service.official_series(source, cci),
            )
        )
    peers = service.official_peers(source, cci, year).copy()
    peers["title"] = [
        t("official.peers.total_fund", lang, ms=m, fund=f)
        if k == "fund"
        else t("official.peers.total_ms", lang, ms=m)
        if k == "ms"
        else title
        for title, k, m, f in zip(peers["title"], peers["total"], peers["ms"], peers["fund"], strict=True)
    ]
    peers["bold"] = peers["selected"] | (peers["total"] != "")
    tables.append(
        Table(
            t("official.export.sheet.peers", lang),
            at + " — " + t("official.peers.hint", lang),
            [
                Column("cci", t("official.col.cci", lang)),
                Column("title", t("official.col.title", lang)),
                Column("fund", t("official.col.fund", lang)),
                *_amounts(lang),
            ],
            peers,
            bold="bold",
        )
    )
    for other in service.official_sources(cci):
        if other is source or not (other.has_cutoffs and source.has_cutoffs):
            continue
        vintages = service.official_vintages(source, other, cci)
        if vintages.empty:
            continue
        a, b = source_title(source, lang), source_title(other, lang)
        tables.append(
            Table(
                t("official.export.sheet.vintages", lang),
                t("official.vintages.hint", lang, source=source.name, other=other.name),
                [
                    Column("year", t("official.col.year", lang), "int"),
                    Column("priority", t("official.col.priority", lang)),
                    Column("decided_a", t("official.col.decided_in", lang, source=a), "eur"),
                    Column("decided_b", t("official.col.decided_in", lang, source=b), "eur"),
                    Column("decided_diff", t("official.col.difference", lang), "eur"),
                    Column("spent_a", t("official.col.spent_in", lang, source=a), "eur"),
                    Column("spent_b", t("official.col.spent_in", lang, source=b), "eur"),
                    Column("spent_diff", t("official.col.difference", lang), "eur"),
                ],
                vintages,
            )
        )
        break
    about = [t("official.about.body", lang), ""]
    found = service.official_reconciliation(source, cci)
    if found is not None and len(found[1]):
        pid, table = found
        about += [t("official.reconciliation.hint", lang, programme=pid)]
        about += [t(f"official.concept.{k}", lang) for k in ("planned", "selected", "committed", "paid")]
        if service.settings().is_demo:
            about.append(t("official.reconciliation.demo", lang))
        about.append("")
        tables.append(
            Table(
                t("official.export.sheet.reconciliation", lang),
                t("official.reconciliation.hint", lang, programme=pid),
                _reconciliation_columns(lang),
                table,
            )
        )
    planned = service.official_planned_reconciliation(source, cci)
    if planned is not None and len(planned[2]):
        pid, internal_day, table = planned
        tables.append(
            Table(
                t("official.export.sheet.reconciliation", lang),
                t("official.reconciliation.planned_hint", lang, programme=pid, date=format_date(internal_day, lang)),
                [
                    Column("unit", t("official.col.unit", lang)),
                    Column("key", t("official.col.internal_code", lang)),
                    Column("planned_total", t("official.col.planned_total", lang), "eur"),
                    Column("allocation", t("official.col.internal_allocation", lang), "eur"),
                    Column("planned_diff", t("official.col.difference", lang), "eur"),
                    Column("planned_eu", t("official.col.planned_eu", lang), "eur"),
                    Column("allocation_eu", t("official.col.internal_allocation_eu", lang), "eur"),
                    Column("eu_diff", t("official.col.difference", lang), "eur"),
                ],
                table,
            )
        )
    per = service.official_priority_reconciliation(source, cci, year, day) if year is not None and day else None
    if per is not None and len(per):
        tables.append(
            Table(
                t("official.export.sheet.reconciliation_priorities", lang),
                t("official.reconciliation.per_priority", lang, date=format_date(day, lang)),
                [
                    Column("priority", t("official.col.priority", lang)),
                    Column("key", t("official.col.internal_code", lang)),
                    *[c for c in _reconciliation_columns(lang)[2:] if "committed" not in c.field],
                ],
                per,
            )
        )
    about += [t("official.quirks.title", lang), *quirk_lines(service.official_quirks(source, cci), lang)]
    return OfficialExport(
        lang=lang,
        cci=cci,
        title=str(rows["title"].iloc[0]),
        source=source.name,
        at=at,
        exported_at=datetime.now().replace(microsecond=0),
        about=about,
        tables=tables,
        stamp=day.isoformat() if day is not None else "v" + "-".join(dict.fromkeys(str(v) for v in rows["version"])),
    )


def _reconciliation_columns(lang: str) -> list[Column]:
    return [
        Column("year", t("official.col.year", lang), "int"),
        Column("cutoff", t("official.col.cutoff", lang), "date"),
        Column("planned_total", t("official.col.planned_total", lang), "eur"),
        Column("allocation", t("official.col.internal_allocation", lang), "eur"),
        Column("planned_diff", t("official.col.difference", lang), "eur"),
        Column("decided", t("official.col.decided", lang), "eur"),
        Column("selected_cost", t("official.col.internal_selected", lang), "eur"),
        Column("decided_diff", t("official.col.difference", lang), "eur"),
        Column("committed", t("official.col.internal_committed", lang), "eur"),
        Column("committed_diff", t("official.col.difference_committed", lang), "eur"),
        Column("spent", t("official.col.spent", lang), "eur"),
        Column("paid", t("official.col.internal_paid", lang), "eur"),
        Column("spent_diff", t("official.col.difference", lang), "eur"),
    ]
