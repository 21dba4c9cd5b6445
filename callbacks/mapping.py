"""The Data page's mapping step (ui.views.mapping): the preview follows the selects; saving sends the mapped list."""

from __future__ import annotations

from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, no_update

from i18n import t
from ui import auth, ids, list_service, service
from ui.components import notice
from ui.context import from_search
from ui.views import mapping


def _job(ident: dict[str, Any] | None) -> Any:
    return service.upload_job(str((ident or {}).get("job") or ""))


def programmes(fields: list[Any], search: str | None, current: str | None) -> tuple[Any, Any]:
    """The programme select's choices follow the column mapped as the programme."""
    lang = from_search(search).lang
    job = _job(ctx.outputs_list[0]["id"] if ctx.outputs_list else None)
    chosen = list_service.mapping_from(fields, [o["id"] for o in ctx.inputs_list[0]])
    found = list_service.programmes(job, chosen)
    if found is None:
        return no_update, no_update
    options = mapping.programme_options(found, lang)
    value = current if current in {o["value"] for o in options} else mapping.ALL_PROGRAMMES
    return options, value


def preview(fields: list[Any], programme: str | None, allocation: str | None, search: str | None) -> Any:
    lang = from_search(search).lang
    ident = ctx.outputs_list["id"] if isinstance(ctx.outputs_list, dict) else None
    job = _job(ident)
    chosen = list_service.mapping_from(fields, [o["id"] for o in ctx.inputs_list[0]])
    return mapping.preview(job, chosen, programme, allocation, lang)


def save(
    clicks: list[int | None],
    fields: list[Any],
    programmes_: list[Any],
    slots: list[Any],
    allocations: list[Any],
    dates: list[Any],
    names: list[Any],
    entries: list[dict[str, Any]] | None,
    search: str | None,
) -> tuple[Any, Any]:
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
        return no_update, no_update
    lang = from_search(search).lang
    if not auth.can("editor"):  # the card is an editor's; a session that lost the role is told so
        return notice(t("history.forbidden", lang), "", "red"), no_update
    job_id = str(trigger.get("job"))
    field_ids = [o["id"] for o in ctx.states_list[0]]
    chosen = list_service.mapping_from(
        [v for v, i in zip(fields, field_ids, strict=False) if i.get("job") == job_id],
        [i for i in field_ids if i.get("job") == job_id],
    )

    def of(position: int, values: list[Any]) -> Any:
        for value, state in zip(values, ctx.states_list[position], strict=False):
            if state["id"].get("job") == job_id:
                return value
        return None

    said, new = mapping.save(
        service.upload_job(job_id),
        chosen,
        of(1, programmes_),
        of(2, slots),
        of(3, allocations),
        of(4, dates),
        of(5, names),
        auth.user_name(),
        lang,
    )
    if new is None:
        return said, no_update
    kept = [e for e in (entries or []) if e.get("job") != job_id]
    return said, [*kept, {"job": new.id, "file": new.file}]


def register(app: Dash) -> None:
    app.callback(
        Output({"type": mapping.PROGRAMME, "job": MATCH}, "data"),
        Output({"type": mapping.PROGRAMME, "job": MATCH}, "value"),
        Input({"type": mapping.FIELD, "job": MATCH, "col": ALL}, "value"),
        State(ids.PAGES_LOCATION, "search"),
        State({"type": mapping.PROGRAMME, "job": MATCH}, "value"),
        prevent_initial_call=True,
    )(programmes)
    app.callback(
        Output({"type": mapping.PREVIEW, "job": MATCH}, "children"),
        Input({"type": mapping.FIELD, "job": MATCH, "col": ALL}, "value"),
        Input({"type": mapping.PROGRAMME, "job": MATCH}, "value"),
        Input({"type": mapping.ALLOCATION, "job": MATCH}, "value"),
        State(ids.PAGES_LOCATION, "search"),
    )(preview)
    app.callback(
        Output(ids.DATA_CONFIRM_STATUS, "children", allow_duplicate=True),
        Output(ids.DATA_UPLOAD_JOBS, "data", allow_duplicate=True),
        Input({"type": mapping.SAVE, "job": ALL}, "n_clicks"),
        State({"type": mapping.FIELD, "job": ALL, "col": ALL}, "value"),
        State({"type": mapping.PROGRAMME, "job": ALL}, "value"),
        State({"type": mapping.SLOT, "job": ALL}, "value"),
        State({"type": mapping.ALLOCATION, "job": ALL}, "value"),
        State({"type": mapping.AS_OF, "job": ALL}, "value"),
        State({"type": mapping.PROFILE, "job": ALL}, "value"),
        State(ids.DATA_UPLOAD_JOBS, "data"),
        State(ids.PAGES_LOCATION, "search"),
        prevent_initial_call=True,
    )(save)
