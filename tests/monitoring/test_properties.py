"""Property tests on random programmes: levels add up to the cent, rates are never negative, inf or spuriously NaN."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring.figures import level_table, monthly_series, totals
from monitoring.model import PROJECT_STAGES, ProgrammeData, ProgrammeInfo, coerce_frame

START = date(2021, 1, 1)
cents = st.integers(min_value=0, max_value=5_000_000_000)  # up to 50 M€
days = st.integers(min_value=0, max_value=4 * 365)


@st.composite
def programmes(draw):
    n_obj = draw(st.integers(1, 4))
    codes = [f"{i + 1}.1" for i in range(n_obj)]
    budget = [
        {"code": c, "priority": c[0], "label_fr": c, "label_nl": c, "label_en": c,
         "allocation": (a := draw(st.one_of(st.just(0), cents))) / 100, "eu_amount": a * 0.4 // 100}
        for c in codes
    ]  # fmt: skip
    calls = []
    for i in range(draw(st.integers(0, 4))):
        objs = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=n_obj, unique=True))
        calls.append(
            {
                "call_id": f"C{i}",
                "title": f"Call {i}",
                "objective_codes": ";".join(objs),
                "opening_date": "2021-01-01",
                "closing_date": "2021-06-30",
                "budget": draw(st.one_of(st.just(0), cents)) / 100,
            }
        )
    projects, commitments, payments = [], [], []
    for i in range(draw(st.integers(0, 12))):
        obj = draw(st.sampled_from(codes))
        open_calls = [c["call_id"] for c in calls if obj in c["objective_codes"].split(";")]
        call = draw(st.sampled_from([*open_calls, ""]))
        pid = f"P{i:02d}"
        eu, reg = draw(cents), draw(cents)
        projects.append(
            {
                "project_id": pid,
                "name": pid,
                "beneficiary": "B",
                "objective_code": obj,
                "call_id": call,
                "stage": draw(st.sampled_from(PROJECT_STAGES)),
                "selection_date": "2021-01-01",
                "agreement_date": None,
                "start_date": None,
                "end_date": None,
                "total_cost": (eu + reg) / 100,
                "eu_amount": eu / 100,
                "regional_amount": reg / 100,
                "postcode": "",
            }
        )
        committed = draw(cents)
        d0 = draw(days)
        commitments.append({"project_id": pid, "date": START + timedelta(d0), "amount": committed / 100})
        if draw(st.booleans()):  # a later decommitment of part of it
            commitments.append(
                {
                    "project_id": pid,
                    "date": START + timedelta(d0 + draw(days)),
                    "amount": -draw(st.integers(0, committed)) / 100,
                }
            )
        for _ in range(draw(st.integers(0, 3))):
            payments.append(
                {
                    "project_id": pid,
                    "date": START + timedelta(draw(days)),
                    "amount": draw(cents) / 100,
                    "kind": "interim",
                }
            )
    as_of = START + timedelta(draw(days))
    info = ProgrammeInfo("2021-2027", "CCI", "Random", date(2029, 12, 31), 0.4, as_of)

    def fr(kind, rows):
        return (
            coerce_frame(kind, pd.DataFrame(rows)) if rows else coerce_frame(kind, pd.DataFrame(columns=["project_id"]))
        )

    return ProgrammeData(
        info,
        fr("budget", budget),
        fr("calls", calls),
        fr("projects", projects),
        fr("commitments", commitments),
        fr("payments", payments),
    )


def c(x) -> int:
    """Euros as whole cents."""
    return int(np.rint(np.asarray(x, dtype="float64") * 100).sum())


def check_rates(table: pd.DataFrame):
    for rate in ("commitment_rate", "liquidation_rate"):
        values = table[rate].to_numpy()
        zero = table["allocation"].to_numpy() == 0
        assert np.isnan(values[zero]).all()  # not applicable where nothing is allocated
        assert not np.isnan(values[~zero]).any()  # and only there
        assert (values[~zero] >= 0).all() and np.isfinite(values[~zero]).all()
    poc = table["paid_of_committed"].to_numpy()
    assert not np.isinf(poc).any()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_levels_add_up_to_the_cent(data):
    total = totals(data)
    objectives = level_table(data, "objective")
    calls = level_table(data, "call")
    projects = level_table(data, "project")
    for money in ("committed", "paid"):
        assert c(objectives[money]) == c(total[money])  # objectives add up to the programme
        assert c(calls[money]) == c(total[money])  # calls (with the "outside calls" row) too
        assert c(projects[money]) == c(total[money])
        for row in calls.itertuples():
            in_call = projects[projects["call_id"] == row.call_id]
            assert c(in_call[money]) == c(getattr(row, money))  # projects add up to their call
            by_objective = [totals(data, call=row.call_id, objective=o)[money]
                            for o in set(in_call["objective_code"])]  # fmt: skip
            assert c(by_objective) == c(getattr(row, money))  # a call split by objective adds up
    assert c(total["allocation"]) == c(objectives["allocation"])
    assert objectives["n_projects"].sum() == total["n_projects"] == len(data.projects)
    for table in (objectives, calls, projects, level_table(data, "programme")):
        check_rates(table)
    series = monthly_series(data)
    assert c(series["committed"].iloc[-1]) == c(total["committed"])  # the series ends on the totals
    assert c(series["paid"].iloc[-1]) == c(total["paid"])
    assert series["month"].is_monotonic_increasing
