"""Browser tab titles per page and language ("Objectif spécifique 2.1 — FEDER 2021-2027 · Suivi FEDER Bruxelles").

Dash computes a page's title from its path variables; these functions read the language of the
request being served (``ui.context.current_lang``), so the tab follows the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from i18n import t

from .context import current_lang
from .words import objective_word


def _full(part: str, lang: str) -> str:
    return f"{part} · {t('app_title', lang)}"


def _programme(programme_id: str | None, lang: str) -> str:
    return f"{t('eu_amount', lang)} {unquote(programme_id or '')}"


def overview(**_: str) -> str:
    lang = current_lang()
    return _full(t("overview", lang), lang)


def programme(programme_id: str | None = None, **_: str) -> str:
    lang = current_lang()
    return _full(_programme(programme_id, lang), lang)


def objective(programme_id: str | None = None, code: str | None = None, **_: str) -> str:
    lang = current_lang()
    pid = unquote(programme_id or "")
    return _full(f"{objective_word(pid, lang)} {unquote(code or '')} — {_programme(pid, lang)}", lang)


def call(programme_id: str | None = None, call_id: str | None = None, **_: str) -> str:
    lang = current_lang()
    return _full(f"{t('call', lang)} {unquote(call_id or '')} — {_programme(programme_id, lang)}", lang)


def project(programme_id: str | None = None, project_id: str | None = None, **_: str) -> str:
    lang = current_lang()
    return _full(f"{t('project', lang)} {unquote(project_id or '')} — {_programme(programme_id, lang)}", lang)


def explorer(programme_id: str | None = None, **_: str) -> str:
    lang = current_lang()
    return _full(f"{t('projects_explorer', lang)} — {_programme(programme_id, lang)}", lang)


def history(programme_id: str | None = None, **_: str) -> str:
    lang = current_lang()
    return _full(t("history.title", lang, programme=_programme(programme_id, lang)), lang)


def data(**_: str) -> str:
    lang = current_lang()
    return _full(t("upload.title", lang), lang)


def committee(**_: str) -> str:
    lang = current_lang()
    return _full(t("committee.title", lang), lang)


def not_found(**_: str) -> str:
    lang = current_lang()
    return _full(t("page_not_found", lang), lang)


TITLES: dict[str, Callable[..., str]] = {
    "overview": overview,
    "programme": programme,
    "objective": objective,
    "call": call,
    "project": project,
    "explorer": explorer,
    "committee": committee,
    "not_found": not_found,
}


def users(**_: str) -> str:
    lang = current_lang()
    return _full(t("users.title", lang), lang)


def official(cci: str | None = None, **_: str) -> str:
    lang = current_lang()
    return _full(f"{t('official.title', lang)} {unquote(cci or '')}", lang)


def official_index(**_: str) -> str:
    lang = current_lang()
    return _full(t("official.index.title", lang), lang)
