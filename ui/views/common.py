"""What every page needs: the effective language and as-of date, titles, breadcrumbs, guard states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import dash_mantine_components as dmc

from i18n import format_date, format_pct, labelled, t
from monitoring import figures
from monitoring.model import ProgrammeData

from .. import service, urls
from ..components import notice, page_header


@dataclass(frozen=True)
class View:
    """The parameters of one view, as the URL gives them."""

    lang: str
    as_of: date | None  # requested as-of (None: each programme's extract date)

    def href(self, path: str) -> str:
        """A link to ``path`` in the same language and at the same as-of date."""
        return urls.with_query(path, self.lang, self.as_of)


def view_from(lang=None, as_of=None, language=None) -> View:
    """``lang`` from the URL wins, then the language remembered in the browser, then French."""
    return View(urls.choose_lang(lang, language), urls.parse_as_of(as_of))


def programme_title(data: ProgrammeData, lang: str) -> str:
    return f"{t('eu_amount', lang)} {data.programme_id}"


def crumbs_to(
    v: View,
    data: ProgrammeData | None = None,
    objective: tuple[str, str] | None = None,
    call: tuple[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Breadcrumbs from the overview down to (but excluding) the current page."""
    out = [(t("overview", v.lang), v.href(urls.overview_path()))]
    if data is not None:
        out.append((programme_title(data, v.lang), v.href(urls.programme_path(data.programme_id))))
    if objective is not None:
        code, label = objective
        out.append((f"{code} {label}", v.href(urls.objective_path(data.programme_id, code))))
    if call is not None:
        cid, title = call
        out.append((f"{cid} {title}", v.href(urls.call_path(data.programme_id, cid))))
    return out


def missing_programme(v: View, pid: str | None):
    folder = getattr(service.STATE.settings, "data_dir", "data")
    return notice(
        t("no_data_title", v.lang),
        t("no_programme", v.lang, programme=pid or "?", folder=folder),
        "orange",
        id="notice-no-programme",
    )


def not_found(v: View, what: str, key: str, pid: str):
    return notice(
        t("not_found_title", v.lang),
        t("not_found", v.lang, what=what, key=key, programme=pid),
        "orange",
        id="notice-not-found",
    )


def as_of_for(v: View, data: ProgrammeData) -> date:
    return service.resolve_as_of(data, v.as_of)


def as_of_line(data: ProgrammeData, as_of: date, lang: str) -> str:
    return f"{t('as_of', lang)} {format_date(as_of, lang)} · {data.info.cci}"


class PageState(Exception):
    """Raised by a page builder to answer with an empty or not-found state instead of the page."""

    def __init__(self, component):
        super().__init__("page state")
        self.component = component


def load(
    v: View,
    pid: str,
    frame: str | None = None,
    key_col: str | None = None,
    key: str | None = None,
    what: str | None = None,
):
    """The programme's data and, if asked, the row ``key`` of one of its frames; raises PageState when missing."""
    data = service.programme(pid)
    if data is None:
        raise PageState(dmc.Stack([page_header(key or pid, None, crumbs_to(v)), missing_programme(v, pid)]))
    if frame is None:
        return data, None
    table = getattr(data, frame).set_index(key_col)
    if key not in table.index:
        raise PageState(dmc.Stack([page_header(key, None, crumbs_to(v, data)), not_found(v, what, key, pid)]))
    return data, table.loc[key]


def objective_crumb(data: ProgrammeData, code: str, lang: str) -> tuple[str, str] | None:
    """(code, label in ``lang``) of a priority axis / specific objective, for breadcrumbs and titles."""
    budget = data.budget.set_index("code")
    if code not in budget.index:
        return None
    return code, budget.loc[code, f"label_{lang}"] or budget.loc[code, "label_en"]


def selection_status(data: ProgrammeData, kpi, as_of, tot: dict):
    """The headline KPI's status for a selection (objective, call, project) from its totals."""
    return figures.kpi_figures(data, kpi, as_of, total=tot)["status"]


def headline_line(kpi, status, lang: str):
    """The KPI, its rate and what it takes to reach the next threshold, in one line under the title."""
    text = labelled(t("kpi." + kpi.key, lang), f"{format_pct(status.rate, lang)} — {status.describe(lang)}", lang)
    return dmc.Text(text, fw=600, size="lg", id="headline-line")


def render(builder, v: View, *args):
    """Build a page; an unexpected failure becomes an error state that says what happened, not a blank page."""
    import logging

    try:
        return builder(v, *args)
    except PageState as state:
        return state.component
    except Exception as exc:  # noqa: BLE001 - the page must always answer
        logging.getLogger(__name__).exception("page %s failed", getattr(builder, "__name__", builder))
        return notice(t("load_failed_title", v.lang), f"{type(exc).__name__}: {exc}", "red", id="notice-page-error")
