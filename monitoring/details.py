"""What the pages below the programme show about one unit: labels, milestones, money lines, projects.

Each function answers one question about a programme's data at an as-of date and returns plain
values or a frame whose columns are documented; none formats or translates (the UI does).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from monitoring.aggregate import level_table
from monitoring.model import ProgrammeData
from monitoring.model import display_name as display_name  # re-exported: the rule lives with the columns
from monitoring.prepared import as_of_day
from monitoring.progress import STATUS_COLUMNS, project_status_table
from monitoring.thresholds import DEFAULT_BANDS, ForecastBands, Kpi


def objective_label(data: ProgrammeData, code: str, lang: str) -> str | None:
    """An axis' / objective's label in ``lang`` (English when that one is empty), None if unknown."""
    rows = data.budget[data.budget["code"] == code]
    if rows.empty:
        return None
    row = rows.sort_values("valid_from", kind="stable", na_position="first").iloc[-1]  # its latest version
    return str(row.get(f"label_{lang}") or row["label_en"] or code)


def call_title(data: ProgrammeData, call_id: str, lang: str = "en") -> str | None:
    """The title of a call for projects in ``lang`` (see :func:`display_name`), None if the call is unknown."""
    rows = data.calls[data.calls["call_id"] == call_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return display_name(row["title"], row.get("title_fr"), row.get("title_nl"), lang)


def project_name(data: ProgrammeData, project_id: str, lang: str = "en") -> str | None:
    """The name of a project in ``lang`` (see :func:`display_name`), None if the project is unknown."""
    rows = data.projects[data.projects["project_id"] == project_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return display_name(row["name"], row.get("name_fr"), row.get("name_nl"), lang)


def call_objective_codes(data: ProgrammeData, call_id: str) -> list[str]:
    """The objective codes a call is open to, in the order the Calls sheet gives them."""
    rows = data.calls[data.calls["call_id"] == call_id]
    if rows.empty:
        return []
    return [c.strip() for c in str(rows.iloc[0]["objective_codes"]).split(";") if c.strip()]


def shared_calls(data: ProgrammeData, code: str) -> list[str]:
    """Calls open to objective ``code`` and to at least one other objective, sorted by id.

    Such a call keeps its whole budget on each of its objectives' pages, while its committed and
    paid amounts there count only that objective's projects: its rate on the page is a floor.
    """
    links = data.call_objectives()
    if links.empty:
        return []
    per_call = links.groupby("call_id")["objective_code"].agg(set)
    return sorted(str(c) for c, codes in per_call.items() if code in codes and len(codes) > 1)


def call_milestones(data: ProgrammeData, call_id: str, as_of: date | None = None, lang: str = "en") -> pd.DataFrame:
    """A call's dated events up to ``as_of``: its opening and closing, each project's selection and agreement.

    Columns: date (Timestamp), event ("opening" | "closing" | "selection" | "agreement"),
    project_id ("" for the call's own events), name (the project's name in ``lang``, or ""). Events without
    a date are left out; the call's own events are kept whatever ``as_of`` (they are planned).
    """
    day = pd.Timestamp(as_of_day(data, as_of))
    rows: list[dict[str, object]] = []
    call = data.calls[data.calls["call_id"] == call_id]
    for event, column in (("opening", "opening_date"), ("closing", "closing_date")):
        for d in call[column]:
            rows.append({"date": d, "event": event, "project_id": "", "name": ""})
    projects = data.projects[data.projects["call_id"] == call_id]
    for event, column in (("selection", "selection_date"), ("agreement", "agreement_date")):
        dated = projects[projects[column].notna() & (projects[column] <= day)]
        fr, nl = (dated.get(c, pd.Series("", index=dated.index)) for c in ("name_fr", "name_nl"))
        for pid, name, name_fr, name_nl, d in zip(
            dated["project_id"], dated["name"], fr, nl, dated[column], strict=True
        ):
            rows.append(
                {"date": d, "event": event, "project_id": pid, "name": display_name(name, name_fr, name_nl, lang)}
            )
    out = pd.DataFrame(rows, columns=["date", "event", "project_id", "name"])
    return out[out["date"].notna()].reset_index(drop=True)


def project_lines(data: ProgrammeData, project_id: str, as_of: date | None = None) -> pd.DataFrame:
    """A project's commitment and payment lines dated on or before ``as_of``, newest first.

    Columns: date (Timestamp), line ("commitment" | "payment"), kind (payment kind, "" for a
    commitment), amount (euros; a decommitment is negative). Lines of the same day keep the
    sheets' order, commitments before payments.
    """
    day = pd.Timestamp(as_of_day(data, as_of))
    com = data.commitments[(data.commitments["project_id"] == project_id) & (data.commitments["date"] <= day)]
    pay = data.payments[(data.payments["project_id"] == project_id) & (data.payments["date"] <= day)]
    out = pd.concat(
        [
            pd.DataFrame({"date": com["date"], "line": "commitment", "kind": "", "amount": com["amount"]}),
            pd.DataFrame({"date": pay["date"], "line": "payment", "kind": pay["kind"], "amount": pay["amount"]}),
        ],
        ignore_index=True,
    )
    return out.sort_values("date", ascending=False, kind="stable", ignore_index=True)


#: identity columns of the Projects sheet joined to the project table
PROJECT_IDENTITY = ["beneficiary", "stage", "postcode", "end_date"]


def projects_table(
    data: ProgrammeData,
    as_of: date | None = None,
    *,
    objective: str | None = None,
    call: str | None = None,
    bands: ForecastBands = DEFAULT_BANDS,
) -> pd.DataFrame:
    """One row per project of the selection: the project level table, its own status and its identity.

    Columns: those of ``level_table(..., "project")``; then the project's status from its stage
    and forecast (``monitoring.progress``): status, rag and the current_* / last_* / worst_*
    columns of ``project_status_table``; then beneficiary, stage, postcode, end_date from the
    Projects sheet. A project is never judged against the programme's KPI threshold.
    """
    if isinstance(as_of, Kpi):
        raise TypeError("projects_table(data, as_of, ...) no longer takes a KPI: a project has its own status")
    table = level_table(data, "project", as_of, objective=objective, call=call)
    status = project_status_table(data, as_of, bands=bands).drop_duplicates("project_id").set_index("project_id")
    cols = [c for c in STATUS_COLUMNS if c not in ("project_id", "stage")]
    ident = data.projects.drop_duplicates("project_id").set_index("project_id")[PROJECT_IDENTITY]
    return table.join(status[cols], on="key").join(ident, on="key")
