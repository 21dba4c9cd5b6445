"""The in-memory shape of one programme's sheets.

This module is the contract between ``data_loaders`` (which produce a
:class:`ProgrammeData` from a workbook) and the rest of ``monitoring`` (which
computes every figure from it). It imports pandas only.

All amounts are ``float64`` euros rounded to the cent; all dates are
``datetime64[ns]`` normalised to midnight (no time zone); identifiers and codes
are ``str``. Optional text is ``""`` rather than missing. The column lists below
are the exact, ordered columns of each frame; :func:`empty_frame` builds an empty
frame with the right dtypes.

The frames ``tranches``, ``prefinancing`` and ``claims`` (the programme's financial data with
the Commission) and the Budget column ``valid_from`` (programme versions) are optional: a
workbook without them loads as before, and the core then estimates what they would give
(docs/metrics.md says how, and the pages say it is an estimate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

PROGRAMME_IDS = ("2014-2020", "2021-2027")

#: A project's stage in its life cycle, in order. "cancelled" projects keep their history (and
#: their grant on their own row) but are left out of the amount selected at higher levels.
PROJECT_STAGES = ("selected", "signed", "ongoing", "closed", "cancelled")

#: Kinds of payment lines.
PAYMENT_KINDS = ("advance", "interim", "balance")

#: Which EU resources a tranche, a pre-financing or a payment application belongs to: the programme's
#: ordinary allocation, or the REACT-EU top-up of 2014-2020 (Art. 92b CPR 1303/2013), which is 100 % EU
#: and is decommitted under the closure rules. ``""`` in a frame means "ordinary".
RESOURCES = ("ordinary", "react-eu")

# column name -> dtype kind: "str", "float", "date", "int"
BUDGET_COLUMNS = {
    "code": "str",  # "1", "2", "TA" (2014-2020 axes) or "1.1" ... "5.1" (2021-2027 SOs)
    "priority": "str",  # priority the objective belongs to ("1".."5", "TA"); axes: their own code
    "label_fr": "str",
    "label_nl": "str",
    "label_en": "str",
    "allocation": "float",  # total = EU + regional, euros
    "eu_amount": "float",  # EU part of the allocation, euros
    # optional: first day this row's allocation is in force (a programme version: reprogramming,
    # REACT-EU). NaT = from the start. With this column a code may repeat with different dates; at a
    # date d the row in force for a code is the one with the latest valid_from <= d (NaT counts as
    # the earliest); a code whose every row starts after d has no allocation at d (0).
    "valid_from": "date",
}

CALL_COLUMNS = {
    "call_id": "str",
    "title": "str",
    "objective_codes": "str",  # one or several budget codes, joined by ";" (e.g. "2.1;2.6")
    "opening_date": "date",
    "closing_date": "date",
    "budget": "float",  # euros (EU + regional)
    # optional: the title in French / Dutch ("" = use ``title``; see :func:`display_name`)
    "title_fr": "str",
    "title_nl": "str",
}

PROJECT_COLUMNS = {
    "project_id": "str",
    "name": "str",
    "beneficiary": "str",
    "objective_code": "str",  # a Budget code
    "call_id": "str",  # a Calls id, or "" for projects outside any call (financial instruments, TA)
    "stage": "str",  # one of PROJECT_STAGES
    "selection_date": "date",
    "agreement_date": "date",  # convention / overeenkomst signed (NaT if not yet)
    "start_date": "date",
    "end_date": "date",
    "total_cost": "float",  # total eligible cost, euros
    "eu_amount": "float",  # ERDF part of the grant, euros
    "regional_amount": "float",  # Brussels-Capital Region part of the grant, euros
    "postcode": "str",
    # optional: the name in French / Dutch ("" = use ``name``; see :func:`display_name`)
    "name_fr": "str",
    "name_nl": "str",
}

COMMITMENT_COLUMNS = {
    "project_id": "str",
    "date": "date",
    "amount": "float",  # negative for a decommitment
}

PAYMENT_COLUMNS = {
    "project_id": "str",
    "date": "date",
    "amount": "float",
    "kind": "str",  # one of PAYMENT_KINDS
}

FORECAST_COLUMNS = {
    "project_id": "str",
    "year": "int",
    "amount": "float",  # forecast payments in that calendar year, euros
}

#: Optional sheet Tranches: the EU budget commitments of the programme's financing plan, one row per
#: year and resource (the annual instalments of the EU contribution; REACT-EU on rows of its own).
TRANCHE_COLUMNS = {
    "year": "int",  # commitment year: 2014..2020 (REACT-EU: 2021, 2022) or 2021..2027
    "eu_amount": "float",  # EU budget commitment of that year, euros (the Fund's amount only)
    "resource": "str",  # one of RESOURCES ("" = "ordinary")
}

#: Optional sheet Prefinancing: the pre-financing received from the Commission, per year and resource
#: (2014-2020: initial and annual pre-financing, Art. 134 CPR 1303/2013; 2021-2027: Art. 90 CPR 2021/1060).
PREFINANCING_COLUMNS = {
    "year": "int",  # calendar year in which it was received
    "amount": "float",  # EU euros received that year (net of any pre-financing recovered that year)
    "resource": "str",  # one of RESOURCES ("" = "ordinary")
}

#: Optional sheet Claims: the payment applications sent to the Commission, one row per application
#: (and per resource when an application covers both). Amounts are those *of the application*, not
#: cumulative totals; a correction is a row with negative amounts.
CLAIM_COLUMNS = {
    "claim_id": "str",  # the application's reference (optional, "" if none), e.g. "DP 2024-02"
    "date": "date",  # the day it was submitted to the Commission
    "declared_total": "float",  # total eligible expenditure declared in it (EU + national), euros
    "eu_amount": "float",  # EU contribution it claims, euros (100 % of the expenditure for CRII+ 2020-2021)
    "resource": "str",  # one of RESOURCES ("" = "ordinary")
}

FRAME_COLUMNS = {
    "budget": BUDGET_COLUMNS,
    "calls": CALL_COLUMNS,
    "projects": PROJECT_COLUMNS,
    "commitments": COMMITMENT_COLUMNS,
    "payments": PAYMENT_COLUMNS,
    "forecasts": FORECAST_COLUMNS,
    "tranches": TRANCHE_COLUMNS,
    "prefinancing": PREFINANCING_COLUMNS,
    "claims": CLAIM_COLUMNS,
}

#: The frames a workbook may leave out (empty frames then).
OPTIONAL_FRAMES = ("forecasts", "tranches", "prefinancing", "claims")

_DTYPES = {"str": "object", "float": "float64", "date": "datetime64[ns]", "int": "int64"}


def empty_frame(kind: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``kind`` (a key of FRAME_COLUMNS)."""
    cols = FRAME_COLUMNS[kind]
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES[t]) for c, t in cols.items()})


def coerce_frame(kind: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` restricted to the columns of ``kind``, in order, with the schema dtypes.

    Used by loaders and test fixtures so that every frame has exactly the
    documented shape. Values must already be clean (this is no validator).
    """
    cols = FRAME_COLUMNS[kind]
    out = pd.DataFrame(index=range(len(df)))
    for c, t in cols.items():
        s = df[c].reset_index(drop=True) if c in df.columns else pd.Series([None] * len(df))
        out[c] = coerce_column(t, s)
    return out


def coerce_column(t: str, s: pd.Series) -> pd.Series:
    """One column of :func:`coerce_frame` with the dtype of its kind ``t`` ("str", "float", "int", "date")."""
    if t == "str":
        # texts only, none missing (the loaders' case): kept as they are, not through pandas' string type and back
        if _texts_only(s) or (not s.hasnans and pd.api.types.infer_dtype(s, skipna=False) == "string"):
            return s.astype("object")
        return s.fillna("").astype(str).astype("object")
    if t == "float":
        return pd.to_numeric(s).astype("float64").round(2)
    if t == "int":
        return pd.to_numeric(s).astype("int64")
    return pd.to_datetime(s).astype("datetime64[ns]").dt.normalize()


def _texts_only(s: pd.Series) -> bool:
    """True when ``s`` holds Python texts (str itself) and nothing else, in an object column: one look at each
    value's type, where telling that no value is missing and that all are texts took two passes."""
    return s.dtype == object and set(map(type, s.to_numpy())) == {str}


def display_name(name: object, name_fr: object, name_nl: object, lang: str) -> str:
    """A project's name (or a call's title) in ``lang``: its French or Dutch form when the workbook
    gives one, else the single ``name`` (English, and any other language, always use ``name``)."""
    given = {"fr": name_fr, "nl": name_nl}.get(lang)
    text = _text(given)
    return text or _text(name)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):  # None, NA, NaN
        return ""
    return str(value).strip()


#: the programmes whose units are priority axes (2014-2020); the others have specific objectives (2021-2027)
AXES_PROGRAMMES = frozenset({"2014-2020"})


def has_axes(programme_id: str) -> bool:
    """True for a programme structured in priority axes (2014-2020), False for specific objectives."""
    return programme_id in AXES_PROGRAMMES


@dataclass(frozen=True)
class ProgrammeInfo:
    """The Programme sheet: one programme's identity."""

    programme_id: str  # "2014-2020" or "2021-2027"
    cci: str  # e.g. "2014BE16RFOP001"
    title: str
    eligibility_end: date  # last eligible expenditure date (31/12/2023 for 2014-2020)
    eu_rate: float  # EU co-financing rate, 0.5 = 50 %
    as_of: date  # reference (extract) date of the workbook
    #: optional: the title per language ("fr", "nl", "en") when the Programme sheet gives one; ``title``
    #: stays the fallback. Left out of the hash (a dict is not hashable), kept in the comparison.
    titles: dict[str, str] = field(default_factory=dict, hash=False)

    def title_in(self, lang: str) -> str:
        """The programme's title in ``lang`` when the sheet gives one, else the single title."""
        return self.titles.get(lang) or self.title


@dataclass(frozen=True, eq=False)
class ProgrammeData:
    """One programme's project sheets, validated and typed.

    Frames follow the *_COLUMNS schemas above. ``forecasts``, ``tranches``,
    ``prefinancing`` and ``claims`` are empty when the workbook lacks that sheet.
    ``source`` is the workbook's file name and ``warnings`` the validation warnings
    it was loaded with (objects with at least ``message(lang)``; see
    ``data_loaders.validation``). The three financial frames come after
    ``warnings`` so that positional construction keeps working.
    """

    info: ProgrammeInfo
    budget: pd.DataFrame
    calls: pd.DataFrame
    projects: pd.DataFrame
    commitments: pd.DataFrame
    payments: pd.DataFrame
    forecasts: pd.DataFrame = field(default_factory=lambda: empty_frame("forecasts"))
    source: str = ""
    warnings: tuple[Any, ...] = ()
    tranches: pd.DataFrame = field(default_factory=lambda: empty_frame("tranches"))
    prefinancing: pd.DataFrame = field(default_factory=lambda: empty_frame("prefinancing"))
    claims: pd.DataFrame = field(default_factory=lambda: empty_frame("claims"))

    @property
    def programme_id(self) -> str:
        return self.info.programme_id

    @property
    def axes(self) -> bool:
        """True when the programme's units are priority axes (2014-2020), not specific objectives."""
        return has_axes(self.programme_id)

    @property
    def has_budget_versions(self) -> bool:
        """True when the Budget sheet dates its allocations (a ``valid_from`` on some row)."""
        return bool(self.budget["valid_from"].notna().any()) if "valid_from" in self.budget else False

    def call_objectives(self) -> pd.DataFrame:
        """Long form of the call -> objective link: columns call_id, objective_code."""
        if self.calls.empty:
            return pd.DataFrame({"call_id": pd.Series(dtype=object), "objective_code": pd.Series(dtype=object)})
        s = self.calls.set_index("call_id")["objective_codes"].str.split(";").explode().str.strip()
        return s.rename("objective_code").reset_index()
