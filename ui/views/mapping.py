"""The mapping step of the Data page: a list of operations, its columns mapped onto the format's fields.

An upload that its validation recognised as a list of operations (``data_loaders.operations``) gets this card
instead of a list of errors: one select per column (the proposed field, or "not used"), which programme of the
list to load and into which of the dashboard's programmes, the allocation per priority when the list has none
(a small form: one line "code = amount" per priority), the extract date, a preview of the totals per priority,
and a name under which the mapping is kept as a profile (``data_loaders.profiles``) that the watch folder
applies to the next export of the same source. Saving turns the list into a workbook of the format, which
is then checked, previewed and confirmed like any other upload (``ui.views.data``).

Every select is a Mantine Select: reached by Tab, opened with the arrow keys, chosen with Enter.
The callbacks are in ``callbacks.mapping``; what this view asks of the lists and profiles goes through
``ui.list_service``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import dash_mantine_components as dmc
from dash import html

from i18n import format_eur, format_number, format_pct, t
from monitoring.model import PROGRAMME_IDS

from .. import list_service
from ..components import LIVE, notice, section
from ..list_service import ALL_PROGRAMMES, is_list_job
from ..service import Job
from .common import list_notice

# pattern-matching ids: {"type": <one of these>, "job": <upload id>} (fields: also "col": <column index>)
FIELD = "ops-field"
PROGRAMME = "ops-programme"
SLOT = "ops-slot"
ALLOCATION = "ops-allocation"
AS_OF = "ops-as-of"
PROFILE = "ops-profile"
SAVE = "ops-save"
PREVIEW = "ops-preview"
NOT_USED = "none"

__all__ = ["ALL_PROGRAMMES", "is_list_job", "list_notice", "mapping_card", "preview", "save"]


def field_options(lang: str) -> list[dict[str, str]]:
    return [{"value": NOT_USED, "label": t("ops.field.none", lang)}] + [
        {"value": f, "label": t(f"ops.field.{f}", lang)} for f in list_service.FIELDS
    ]


def programme_options(found: list[str], lang: str) -> list[dict[str, str]]:
    """The programmes of the list (from its programme column), and "every row"."""
    return [{"value": ALL_PROGRAMMES, "label": t("ops.programme.all", lang)}] + [
        {"value": p, "label": p} for p in found
    ]


def _select(ident: dict[str, Any], data: list[dict[str, str]], value: str, **props: Any) -> Any:
    return dmc.Select(
        id=ident,
        data=data,
        value=value,
        allowDeselect=False,
        searchable=False,
        comboboxProps={"withinPortal": False},
        **props,
    )


def mapping_card(job: Job, r: Any) -> Any:
    """The card of an upload recognised as a list of operations: its mapping form and preview."""
    lang = r.lang
    issue = job.issue_list()[0]
    found = list_service.propose(job)
    if found is None:  # its file is gone (kept a day): what the validation said
        return notice(t("ops.card.title", lang, file=job.file), issue.message(lang), "orange", id=f"ops-card-{job.id}")
    key = {"job": job.id}
    rows = []
    for col, header in enumerate(found.headers):
        label = header or t("ops.column.unnamed", lang, number=col + 1)
        rows.append(
            html.Tr(
                [
                    html.Th(label, scope="row", className="ops-header"),
                    html.Td(found.samples[col], className="ops-samples"),
                    html.Td(
                        _select(
                            {"type": FIELD, **key, "col": col},
                            field_options(lang),
                            found.mapping.get(col, NOT_USED),
                            w=280,
                            **{"aria-label": t("ops.column.aria", lang, column=label)},
                        )
                    ),
                ]
            )
        )
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"ops.col.{c}", lang), scope="col", className=f"ops-col-{c}")
                for c in ("header", "samples", "field")
            ]
        )
    )
    allocation_text = "\n".join(
        f"{code} = {format_number(found.allocation[code], lang, 2) if code in found.allocation else ''}"
        for code in found.priorities
    )
    if found.kind == "csv":
        where = t("ops.card.where_csv", lang, encoding=found.encoding, delimiter=_delimiter_name(found.delimiter, lang))
    else:
        where = t("ops.card.where", lang, sheet=found.sheet, row=found.header_row, columns=len(found.headers))
    intro: list[Any] = [where]
    if found.profile:
        intro += [" ", t("ops.card.profile_found", lang, name=found.profile)]
    form = dmc.Stack(
        [
            notice(t("ops.card.title", lang, file=job.file), intro, "blue"),
            html.Div(
                html.Table([head, html.Tbody(rows)], className="ops-mapping", id=f"ops-mapping-{job.id}"),
                className="ops-scroll",
            ),
            dmc.Group(
                [
                    _select(
                        {"type": PROGRAMME, **key},
                        programme_options(found.programmes, lang),
                        found.programme,
                        label=t("ops.programme.label", lang),
                        w="100%",
                        maw=320,
                    ),
                    _select(
                        {"type": SLOT, **key},
                        [{"value": p, "label": p} for p in PROGRAMME_IDS],
                        found.programme_id,
                        label=t("ops.slot.label", lang),
                        w=200,
                    ),
                    dmc.TextInput(
                        id={"type": AS_OF, **key},
                        label=t("ops.as_of.label", lang),
                        description=t("ops.as_of.hint", lang),
                        value=(found.as_of or date.today()).strftime("%d/%m/%Y"),
                        w=200,
                    ),
                ],
                align="flex-end",
                gap="md",
            ),
            dmc.Textarea(
                id={"type": ALLOCATION, **key},
                label=t("ops.allocation.label", lang),
                description=t("ops.allocation.hint", lang),
                value=allocation_text,
                autosize=True,
                minRows=2,
                maxRows=12,
                w="100%",
                maw=560,
            ),
            html.Div(id={"type": PREVIEW, **key}, **LIVE),
            dmc.Group(
                [
                    dmc.TextInput(
                        id={"type": PROFILE, **key},
                        label=t("ops.profile.label", lang),
                        description=t("ops.profile.hint", lang),
                        value=found.profile or Path(job.file).stem[:60],
                        w="100%",
                        maw=360,
                    ),
                    dmc.Button(t("ops.save", lang), id={"type": SAVE, **key}, color="#2B7A3B"),
                ],
                align="flex-end",
                gap="md",
            ),
        ],
        gap="sm",
    )
    return section(t("ops.card.heading", lang), form, id=f"ops-card-{job.id}")


def _delimiter_name(delimiter: str, lang: str) -> str:
    names = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
    return t(f"ops.delimiter.{names.get(delimiter, 'other')}", lang)


def _warn(title: str, body: str, lang: str, **params: Any) -> Any:
    return notice(t(title, lang), t(body, lang, **params), "orange")


def _gone(lang: str) -> Any:
    return notice(t("ops.gone.title", lang), t("ops.gone.body", lang), "orange")


# --- the preview ----------------------------------------------------------------------------------------------
def _cells(line: list_service.PreviewLine, lang: str) -> list[Any]:
    alloc = line.allocation
    return [
        html.Td(format_number(line.operations, lang), className="num"),
        html.Td(format_number(line.beneficiaries, lang), className="num"),
        html.Td(format_eur(line.decided, lang), className="num"),
        html.Td(format_eur(line.eu_amount, lang), className="num"),
        html.Td(format_eur(alloc, lang) if alloc else "—", className="num"),
        html.Td(format_pct(line.decided / alloc, lang) if alloc else "—", className="num"),
    ]


def preview(
    job: Job | None, mapping: dict[int, str], programme: str | None, allocation_text: str | None, lang: str
) -> Any:
    """What the mapped list gives: the rows taken and left, and the totals per priority against the allocation."""
    found = list_service.preview(job, mapping, programme, allocation_text)
    if job is None or found is None:
        return _gone(lang)
    if found.missing:
        return _warn(
            "ops.preview.incomplete.title",
            "ops.preview.incomplete.body",
            lang,
            fields=", ".join(t(f"ops.field.{f}", lang) for f in found.missing),
        )
    body = [
        html.Tr([html.Td(line.code or t("ops.priority.none", lang)), html.Td(line.label[:120]), *_cells(line, lang)])
        for line in found.lines
    ]
    foot = []
    if found.total is not None:
        foot = [html.Tr([html.Th(t("ops.preview.total", lang), scope="row", colSpan=2), *_cells(found.total, lang)])]
    columns = ("priority", "label", "projects", "beneficiaries", "decided", "eu", "allocation", "rate")
    head = html.Thead(html.Tr([html.Th(t(f"ops.preview.col.{c}", lang), scope="col") for c in columns]))
    counts = t(
        "ops.preview.rows",
        lang,
        operations=format_number(found.operations, lang),
        sections=format_number(found.sections, lang),
        totals=format_number(found.totals, lang),
        ignored=format_number(found.ignored, lang),
    )
    parts: list[Any] = [
        dmc.Text(counts, size="sm", id=f"ops-counts-{job.id}"),
        html.Div(
            html.Table([head, html.Tbody(body), html.Tfoot(foot)], className="ops-preview", id=f"ops-totals-{job.id}"),
            className="ops-scroll",
        ),
    ]
    if found.unread:
        row, column, value = found.unread[0]
        parts.append(
            notice(
                t("ops.preview.unread.title", lang, n=len(found.unread)),
                t("ops.preview.unread.body", lang, row=row, column=column, value=value),
                "orange",
            )
        )
    if found.bad_allocation:
        parts.append(
            _warn(
                "ops.allocation.bad.title", "ops.allocation.bad.body", lang, lines=" · ".join(found.bad_allocation[:5])
            )
        )
    parts.append(dmc.Text(t("ops.preview.cannot", lang), size="sm", c="dimmed"))
    return dmc.Stack(parts, gap="xs")


# --- saving ----------------------------------------------------------------------------------------------------
def save(
    job: Job | None,
    mapping: dict[int, str],
    programme: str | None,
    slot: str | None,
    allocation_text: str | None,
    as_of_text: str | None,
    name: str | None,
    by: str,
    lang: str,
) -> tuple[Any, Job | None]:
    """Keep the mapping as a profile and send the mapped list to be checked: the notice to show, and the new
    upload (None when nothing was sent)."""
    done = list_service.save(job, mapping, programme, slot, allocation_text, as_of_text, name, by)
    if done.job is not None:
        said = t("ops.saved.body", lang, file=done.job.file)
        return notice(t("ops.saved.title", lang, name=done.profile), said, "green"), done.job
    if done.problem == "gone":
        return _gone(lang), None
    if done.problem == "incomplete":
        return _warn(
            "ops.preview.incomplete.title", "ops.preview.incomplete.body", lang, fields=t("ops.field.total_cost", lang)
        ), None
    if done.problem == "allocation":
        return _warn(
            "ops.allocation.bad.title", "ops.allocation.bad.body", lang, lines=" · ".join(done.params["lines"][:5])
        ), None
    if done.problem == "as-of":
        return _warn("ops.as_of.bad.title", "ops.as_of.bad.body", lang, value=done.params["value"]), None
    return notice(t("ops.profile.bad.title", lang), t(f"ops.profile.bad.{done.problem}", lang), "orange"), None


# --- what a page says of data that came from a list ------------------------------------------------------------
