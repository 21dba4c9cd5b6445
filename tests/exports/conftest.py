"""The small hand-built programme of tests/monitoring (figures in its docstring), as the exports receive it.

Two project names are formulas a workbook or a user could send: P2 is ``=HYPERLINK("http://x","y")``
and P3 is ``@SUM(A1)``; P4's beneficiary starts with a minus sign.

By hand, at 30/06/2023 (tests/monitoring/conftest.py):

objective  allocation  EU        selected  committed  paid     commitment rate  status (60 % / 90 %)  gap to 60 %
1.1        1 000 000   400 000   450 000   450 000    217 500  45 %             red                   150 000
2.1        2 000 000   800 000   800 000   480 000    495 000  24 %             red                   720 000
programme  3 000 000 1 200 000 1 250 000   930 000    712 500  31 %             red                   870 000
"""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

import exports
from monitoring import figures
from monitoring.model import ProgrammeData
from monitoring.thresholds import load_thresholds
from tests.monitoring.conftest import build_small

HYPERLINK = '=HYPERLINK("http://x","y")'
AT_SUM = "@SUM(A1)"
EXPORTED_AT = datetime(2024, 1, 15, 9, 30)


def adversarial_small() -> ProgrammeData:
    data = build_small()
    projects = data.projects.copy()
    projects.loc[projects["project_id"] == "P2", "name"] = HYPERLINK
    projects.loc[projects["project_id"] == "P3", "name"] = AT_SUM
    projects.loc[projects["project_id"] == "P4", "beneficiary"] = "-Minus asbl"
    return ProgrammeData(
        data.info,
        data.budget,
        data.calls,
        projects,
        data.commitments,
        data.payments,
        data.forecasts,
        source="small.xlsx",
    )


def page_export(data: ProgrammeData, lang: str = "fr", level: str = "programme", key: str | None = None):
    """What the download route gathers for a page, from the core's figures (the inputs, not the expectations)."""
    th = load_thresholds()
    kpi = th.headline(data.programme_id)
    flt = {"objective": key} if level == "objective" else {"call": key} if level == "call" else {}
    total = figures.totals(data, **({"project": key} if level == "project" else flt))
    if level == "programme":
        h = figures.headline(data, th)
        headline = exports.Headline(kpi, h["status"], h["done"], h["allocation"])
    else:
        st = figures.kpi_figures(data, kpi, total=total)["status"]
        headline = exports.Headline(kpi, st, total["committed"], total["allocation"])
    projects = figures.projects_table(data, **flt)
    if level == "project":
        projects = projects[projects["key"] == key].reset_index(drop=True)
    names = dict(zip(projects["key"], projects["label"], strict=True))
    forecasts = figures.forecast_table(data, bands=th.forecast)
    forecasts = forecasts[forecasts["project_id"].isin(set(projects["key"]))].reset_index(drop=True)
    frames = {
        "objectives": figures.with_rag(figures.level_table(data, "objective", **flt), kpi)
        if level in ("programme", "objective")
        else None,
        "calls": figures.with_rag(figures.level_table(data, "call", **flt), kpi)
        if level in ("programme", "objective", "call")
        else None,
        "decommitment": figures.decommitment_exposure(data) if level == "programme" else None,
    }
    return exports.PageExport(
        lang=lang,
        level=level,
        programme_id=data.programme_id,
        cci=data.info.cci,
        programme_title=data.info.title,
        as_of=data.info.as_of,
        exported_at=EXPORTED_AT,
        headline=headline,
        totals=total,
        sources=(exports.Source("small.xlsx", data.info.as_of),),
        demo=True,
        unit_key=key,
        unit_label={"objective": "Recherche", "call": "Mixed"}.get(level),
        projects=projects,
        payments=exports.money_lines(data.payments, projects["key"], data.info.as_of, names),
        commitments=exports.money_lines(data.commitments, projects["key"], data.info.as_of, names),
        forecasts=forecasts if len(forecasts) else None,
        **frames,
    )


def written(export, stream: bool | None = None, data_only: bool = False) -> openpyxl.Workbook:
    out = io.BytesIO()
    exports.write_page(export, out, stream=stream)
    out.seek(0)
    return openpyxl.load_workbook(out, data_only=data_only)


@pytest.fixture
def small():
    return adversarial_small()
