"""The official figures' words, shared by their page (``ui.views.official``) and their workbook
(``ui.official_export``): which file, which cut-off, the quirks in sentences. Below both, so the export route
never imports the view."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from i18n import format_date, format_eur, format_pct, t

EXPORT_PREFIX = "/export-official"


def chosen_year(asked: str | None, cuts: list[tuple[int, date]]) -> int | None:
    years = [y for y, _ in cuts]
    if not years:
        return None
    try:
        wanted = int(str(asked))
    except ValueError:
        return years[-1]
    return wanted if wanted in years else years[-1]


def source_title(s: Any, lang: str) -> str:
    kind = t(f"official.kind.{s.kind}", lang)
    return f"{kind} ({s.vintage})" if s.vintage else kind


def at_text(source: Any, day: date | None, lang: str, cci: str) -> str:
    """ "Situation at 31/12/2020", or for a planned file "Amounts of programme version 5.1"."""
    if day is not None:
        return t("official.at", lang, date=format_date(day, lang))
    version = ", ".join(dict.fromkeys(str(v) for v in source.of(cci)["version"] if str(v)))
    return t("official.at_version", lang, version=version or "?")


QUIRK_ORDER = (
    "reprogrammed",
    "new_priority",
    "over_planned",
    "spent_over_decided",
    "vintages_differ",
    "objective_differs",
)


def quirk_lines(quirks: list[Any], lang: str) -> list[str]:
    """The quirks in sentences, one per kind and priority (the years listed, the largest rate named)."""
    grouped: dict[tuple[str, str, str], list[Any]] = {}
    for q in quirks:
        grouped.setdefault((q.kind, q.priority, q.detail if q.kind != "reprogrammed" else ""), []).append(q)
    out = []
    for (kind, priority, detail), items in sorted(grouped.items(), key=lambda kv: QUIRK_ORDER.index(kv[0][0])):
        years = ", ".join(str(q.year) for q in items if q.year is not None)
        top = max(items, key=lambda q: -math.inf if math.isnan(q.value) else q.value)
        if kind == "reprogrammed":
            for q in items:
                out.append(
                    t(
                        "official.quirk.reprogrammed",
                        lang,
                        year=q.year,
                        before=format_eur(q.before, lang, 0),
                        after=format_eur(q.value, lang, 0),
                        version=q.detail,
                    )
                )
            continue
        what = t(f"official.col.{detail}", lang) if kind == "vintages_differ" else detail
        out.append(
            t(
                f"official.quirk.{kind}",
                lang,
                priority=priority,
                years=years,
                rate=format_pct(top.value, lang),
                before=format_eur(top.before, lang),
                what=what,
            )
        )
    return out
