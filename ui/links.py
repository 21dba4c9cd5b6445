"""The links a page carries to its exports: the workbook of the page, the committee's pack, chart images.

Views build these links; the export route (``ui.downloads``) answers them. Neither imports the other:
both stand on this module and on ``ui.pagedata`` (the page models), so a page and its workbook are the
same page in two outputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import exports
from exports import grid_state
from i18n import format_date, t

from . import urls
from .context import View, choose_lang
from .rows import EXPLORER_FIELDS

PREFIX = "/export"


def export_href(page_path: str, lang: str, as_of: date | None, extra: Mapping[str, str] | None = None) -> str:
    """The export URL of a page path ("/programme/2021-2027/objective/2.1" -> "/export/programme/...")."""
    params = {"lang": lang, **({"as_of": as_of.isoformat()} if as_of else {}), **(extra or {})}
    return PREFIX + (page_path if page_path != "/" else "/") + "?" + urlencode(params, quote_via=quote)


def _in_view(v: View) -> dict[str, str]:
    """The snapshot the page shows, when it is an earlier one: the export is of the same data."""
    return {"snapshot": v.snapshot} if v.snapshot else {}


def view_href(v: View, page_path: str) -> str:
    """The export URL of a page of ``v``'s programme, at the date it shows, in the snapshot it shows."""
    return export_href(page_path, v.lang, v.as_of, _in_view(v))


def committee_href(v: View) -> str:
    return export_href(urls.programme_path(v.pid) + "/committee-pack", v.lang, v.as_of, _in_view(v))


def explorer_state(q: str | None, filter_json: str | None, sort: str | None) -> grid_state.GridState:
    """The explorer's grid state from its URL (GridStateError names a bad parameter)."""
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


def chart_image(v: View, chart: str, level: str = "programme", key: str | None = None) -> dict[str, str]:
    """What a chart's image button writes: its file name (without .png), its title and the as-of line."""
    name = exports.image_name(v.lang, v.pid, v.as_of, chart, level, key)
    fund = t("export.fund", v.lang)
    subtitle = t("export.image.subtitle", v.lang, programme=f"{fund} {v.pid}", date=format_date(v.as_of, v.lang))
    return {"filename": name.removesuffix(".png"), "title": exports.image_title(v.lang, chart), "subtitle": subtitle}
