"""Words that depend on the programme: 2014-2020 has priority axes, 2021-2027 specific objectives."""

from __future__ import annotations

from i18n import has, t
from monitoring.model import has_axes


def objective_word(programme_id: str, lang: str, plural: bool = False) -> str:
    """ "priority axis" for 2014-2020, "specific objective" for 2021-2027, in ``lang``."""
    if has_axes(programme_id):
        return t("axis_plural" if plural else "axis", lang)
    return t("objective_plural" if plural else "objective", lang)


#: the catalogue key of what a level's rates are measured against
_ALLOCATION_KEYS = {"programme": "allocation", "objective": "allocation", "call": "call_budget", "project": "grant"}


def allocation_word(level: str, lang: str) -> str:
    """What a unit's rates are measured against: its allocation, a call's budget, a project's grant."""
    return t(_ALLOCATION_KEYS[level], lang)


def programme_title_in(titles: dict[str, str] | None, lang: str) -> str | None:
    """The programme's title in ``lang`` when the workbook gives one in that language, else None."""
    return (titles or {}).get(lang) or None


def short_label(programme_id: str, code: str, label: str, lang: str) -> str:
    """A label short enough for a chart or a slide.

    For the 2021-2027 specific objectives, the short form of the regulation's wording
    (i18n/catalogue/objectives.toml); any other unit keeps its workbook label.
    """
    key = f"objective_label.{code}.short"
    return t(key, lang) if programme_id == "2021-2027" and has(key) else label


def rag_word(rag: str, lang: str, started: bool = True) -> str:
    """A red / orange / green standing in words ("Sous le seuil", "Op te volgen", "Target reached");
    "not started yet" for a standing taken before the programme's start (``started`` False)."""
    return t(f"rag.{rag}", lang) if started or rag != "na" else t("rag.not_started", lang)
