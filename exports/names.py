"""File names of the exports and chart images, in the page's language.

>>> workbook_name("fr", "2021-2027", date(2023, 11, 30), "objective", "2.1")
'FEDER-2021-2027-objectif-2.1-2023-11-30.xlsx'
>>> workbook_name("nl", "2014-2020", date(2023, 11, 30), "objective", "1")
'EFRO-2014-2020-as-1-2023-11-30.xlsx'
>>> image_name("fr", "2021-2027", date(2023, 11, 30), "cumulative")
'FEDER-2021-2027-cumul-2023-11-30.png'
"""

from __future__ import annotations

from datetime import date

from exports.safe import safe_name
from i18n import t

#: charts with an image button: name -> catalogue key of its file-name word and of its title
IMAGES = (
    "cumulative",
    "by_objective",
    "by_axis",
    "by_call",
    "decommitment",
    "status",
    "gauge",
    "sparkline",
    "forecast",
    "timeline",
)


def _unit_word(lang: str, programme_id: str, level: str) -> str | None:
    if level == "objective":
        return t("export.file.axis" if programme_id == "2014-2020" else "export.file.objective", lang)
    if level in ("call", "project", "explorer", "committee"):
        return t(f"export.file.{level}", lang)
    return None


def stem(lang: str, programme_id: str | None, as_of: date, level: str = "programme", key: str | None = None) -> str:
    """The common part: fund, programme, the unit ("objectif-2.1"), the as-of date. Every piece made safe."""
    parts = [t("export.fund", lang)]
    if level == "overview" or programme_id is None:
        parts.append(t("export.file.overview", lang))
    else:
        parts.append(safe_name(programme_id))
        word = _unit_word(lang, programme_id, level)
        if word:
            parts.append(word)
        if key and level in ("objective", "call", "project"):
            parts.append(safe_name(key, 60))
    parts.append(as_of.isoformat())
    return "-".join(parts)


def workbook_name(
    lang: str, programme_id: str | None, as_of: date, level: str = "programme", key: str | None = None
) -> str:
    """ "FEDER-2021-2027-objectif-2.1-2023-11-30.xlsx" (EFRO-…-doelstelling-…, ERDF-…-objective-…)."""
    return stem(lang, programme_id, as_of, level, key) + ".xlsx"


def image_name(
    lang: str,
    programme_id: str | None,
    as_of: date,
    chart: str,
    level: str = "programme",
    key: str | None = None,
) -> str:
    """ "FEDER-2021-2027-cumul-2023-11-30.png": what the chart shows, for which unit, at which date."""
    if chart not in IMAGES:
        raise ValueError(f"unknown chart {chart!r}")
    base = stem(lang, programme_id, as_of, level, key)
    head, _, day = base.rpartition("-" + as_of.isoformat())
    return f"{head}-{t('export.image.file.' + chart, lang)}-{as_of.isoformat()}{day}.png"


def image_title(lang: str, chart: str) -> str:
    """The title written on a chart's image ("Engagements et liquidations cumulés")."""
    return t("export.image.title." + chart, lang)
