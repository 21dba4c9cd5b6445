"""What the pages below the programme show about one unit: labels, milestones, money lines, projects.

Each function answers one question about a programme's data at an as-of date and returns plain
values or a frame whose columns are documented; none formats or translates (the UI does).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from monitoring.aggregate import level_table
from monitoring.model import ProgrammeData
from monitoring.model import display_name as display_name  # re-exported: the rule lives with the columns
from monitoring.prepared import as_of_day, prepare
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
    columns of ``project_status_table``; then beneficiary, postcode, end_date from the Projects
    sheet and the stage at ``as_of`` (replayed from the project's dates; "" before its selection).
    A project is never judged against the programme's KPI threshold.
    """
    if isinstance(as_of, Kpi):
        raise TypeError("projects_table(data, as_of, ...) no longer takes a KPI: a project has its own status")
    table = level_table(data, "project", as_of, objective=objective, call=call)
    status = project_status_table(data, as_of, bands=bands).drop_duplicates("project_id").set_index("project_id")
    cols = [c for c in STATUS_COLUMNS if c not in ("project_id", "stage")]
    ident = data.projects.drop_duplicates("project_id").set_index("project_id")[PROJECT_IDENTITY]
    # the stage at as_of, replayed from the project's dates ("" before its selection), not the extract's
    ident = ident.assign(stage=status["stage"].reindex(ident.index).fillna("").to_numpy(dtype=object))
    return table.join(status[cols], on="key").join(ident, on="key")


def replay_limits(data: ProgrammeData, as_of: date | None = None) -> dict[str, int] | None:
    """What an earlier as-of date cannot replay from the workbook's dates, or None at the extract date or after
    (nothing is replayed there). Keys (numbers of projects): no_selection_date (counted as selected from the
    start), stage_undated (a signed or later project without agreement or start date: shown at its extract
    stage once selected), cancelled_undated (cancelled without a decommitment line: cancelled throughout),
    closed_undated (closed without end date or balance payment: closed throughout). See
    :meth:`monitoring.prepared.Prepared.stages_at`."""
    day = as_of_day(data, as_of)
    if day >= as_of_day(data, None):
        return None
    return prepare(data).replay_gaps()


#: columns of budget_versions, in order
VERSION_COLUMNS = [
    "code", "label_fr", "label_nl", "label_en", "valid_from", "allocation", "eu_amount", "change", "state",
]  # fmt: skip


def budget_versions(data: ProgrammeData, as_of: date | None = None) -> pd.DataFrame:
    """The programme's versions of the allocation (the reprogramming history), per objective and date.

    One row per Budget row of a code that has more than one version (a code with a single row was never
    reprogrammed and is left out), ordered by code (the Budget's order) then date. Columns VERSION_COLUMNS:
    valid_from (NaT: from the start), allocation and eu_amount of that version, change (allocation minus the
    previous version's; NaN for the first), state at ``as_of``: "past" (replaced by a later version in force),
    "in_force", "future" (not in force yet). Empty without a "valid from" column.
    """
    b = data.budget
    if not data.has_budget_versions:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in VERSION_COLUMNS})
    day = pd.Timestamp(as_of_day(data, as_of))
    order = {code: i for i, code in enumerate(dict.fromkeys(b["code"]))}
    f = b.assign(_order=b["code"].map(order), _row=range(len(b)))
    f = f[f.groupby("code")["code"].transform("size") > 1]
    start = f["valid_from"].fillna(pd.Timestamp.min)
    f = f.assign(_start=start).sort_values(["_order", "_start", "_row"], kind="stable")
    f["change"] = f.groupby("code")["allocation"].diff().round(2)
    started = f["_start"] <= day
    last_started = started & ~(started & (f.groupby("code")["_start"].shift(-1).le(day))).fillna(False)
    f["state"] = np.where(~started, "future", np.where(last_started, "in_force", "past"))
    return f[VERSION_COLUMNS].reset_index(drop=True)
