"""Decommitment by the regulation's rules: N+3 per tranche, the last tranche and REACT-EU at closure,
pre-financing, claims to the Commission; the regulation's calculation (optional sheets) and the estimate.

Every figure is computed by hand in the comments. Rules: 2014-2020, Art. 136 CPR 1303/2013 (N+3 for the
2014-2019 tranches, 2020 (Art. 86(2)) and REACT-EU (Art. 92b) at closure, 15/02/2026 since the STEP regulation
(EU) 2024/795 for every programme); 2021-2027, Art. 105 CPR
2021/1060 (N+3 for 2021-2026, 2027 at closure 31/12/2029; the 2021 tranche added in sixths to 2022-2027).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from monitoring.figures import EXPOSURE_COLUMNS, decommitment_exposure, decommitment_sources, tranche_deadline
from monitoring.model import coerce_frame
from monitoring.thresholds import DEFAULT_DECOMMITMENT, load_thresholds

RULE_1420 = DEFAULT_DECOMMITMENT["2014-2020"]
RULE_2127 = DEFAULT_DECOMMITMENT["2021-2027"]


def rows_by_year(t, resource="ordinary"):
    return {int(r.tranche_year): r for r in t.itertuples() if r.resource == resource}


def test_deadlines_n_plus_3_and_closure():
    assert tranche_deadline("2014-2020", 2014) == date(2017, 12, 31)  # N+3
    assert tranche_deadline("2014-2020", 2019) == date(2022, 12, 31)  # N+3, the last one
    assert tranche_deadline("2014-2020", 2020) == date(2026, 2, 15)  # at closure (STEP), not 31/12/2023
    assert tranche_deadline("2021-2027", 2025) == date(2028, 12, 31)  # N+3
    assert tranche_deadline("2021-2027", 2026) == date(2029, 12, 31)  # N+3, not N+2 (31/12/2028)
    assert tranche_deadline("2021-2027", 2027) == date(2029, 12, 31)  # at closure
    before_step = dataclasses.replace(RULE_1420, closure=date(2025, 2, 15))  # the date before STEP (configurable)
    assert tranche_deadline("2014-2020", 2020, before_step) == date(2025, 2, 15)
    assert RULE_1420.deadline(2021, "react-eu") == date(2026, 2, 15)  # REACT-EU: closure rules (Art. 92b)
    assert RULE_1420.rule(2019) == "n+3" and RULE_1420.rule(2020) == "closure"


def test_the_thresholds_file_carries_the_rules_and_the_step_closure(tmp_path):
    t = load_thresholds()
    assert t.decommitment("2014-2020") == RULE_1420
    assert t.decommitment("2021-2027") == RULE_2127
    f = tmp_path / "step.toml"
    f.write_text(
        '[programmes."2014-2020"]\nheadline = "consumption"\n'
        '[programmes."2014-2020".kpis.consumption]\nred_below = 0.95\ngreen_from = 1.0\nmark = 0.97\n'
        "start = 2014-01-01\ndeadline = 2023-12-31\n"
        '[programmes."2014-2020".decommitment]\nclosure = 2025-02-15\n'
    )
    rule = load_thresholds(f).decommitment("2014-2020")
    assert rule.closure == date(2025, 2, 15) and rule.last_n3_year == 2019  # the rest: the regulation's
    assert rule.estimate_annual_prefinancing == RULE_1420.estimate_annual_prefinancing and rule.react_eu_from_budget


# --- 2021-2027 without the optional sheets: the estimate --------------------------------------------
def test_2021_2027_estimate_equal_tranches_spread_prefinancing_and_claims(small):
    """small: EU allocation 1 200 000, EU share 40 % for every project, as_of 30/06/2023."""
    t = decommitment_exposure(small)
    assert list(t.columns) == EXPOSURE_COLUMNS
    assert set(t["method"]) == {"estimate"} and set(t["tranches_from"]) == {"estimate"}
    # equal tranches: 120 000 000 cents / 7 = 17 142 857 r 1 -> 2021: 17 142 858, the others 17 142 857;
    # the 2021 tranche goes in sixths to 2022-2027: 17 142 858 / 6 = 2 857 143 each (no remainder), so
    # every tranche 2022..2027 is 17 142 857 + 2 857 143 = 20 000 000 cents = 200 000,00 €, and there is
    # no 2021 row: the first target is 31/12/2025
    assert list(t["tranche_year"]) == [2022, 2023, 2024, 2025, 2026, 2027]
    assert list(t["eu_tranche"]) == [200_000.0] * 6
    assert t["deadline"].iloc[0] == pd.Timestamp("2025-12-31")
    assert list(t["rule"]) == ["n+3"] * 5 + ["closure"]
    assert t["deadline"].iloc[4] == t["deadline"].iloc[5] == pd.Timestamp("2029-12-31")
    y = rows_by_year(t)
    # claims: interim and balance payments up to 30/06/2023 x 40 %, advances left out:
    # P1 100 000 + 50 000, P3 300 000 + 105 000 = 555 000 x 0.4 = 222 000
    assert {r.claimed for r in y.values()} == {222_000.0}
    # pre-financing at Art. 90(2) rates, 0.5 % a year 2021-2026 and 0.5 % more in 2022 and 2023:
    # by 2025 0.5 + 1 + 1 + 0.5 + 0.5 = 3.5 % of 1 200 000 = 42 000; by 2026 4 % = 48 000
    assert y[2022].prefinancing == 42_000 and y[2023].prefinancing == 48_000
    assert y[2022].gap == 0 and y[2022].status == "covered"  # 200 000 - 42 000 - 222 000 < 0
    assert y[2023].due_cumulative == 400_000  # 2022 + 2023
    assert y[2023].gap == 130_000  # 400 000 - 48 000 - 222 000
    assert (y[2023].rag, y[2023].status) == ("orange", "to_watch")  # deadline 31/12/2026, over a year away
    assert y[2026].gap == 730_000  # 1 000 000 - 48 000 - 222 000
    assert y[2027].prefinancing == 0  # at closure pre-financing is cleared: only expenditure counts
    assert y[2027].gap == 978_000  # 1 200 000 - 222 000
    assert not t["deadline_passed"].any() and t["lost"].sum() == 0


def test_2021_2027_estimate_never_turns_a_passed_deadline_into_money_lost(make_small):
    t = decommitment_exposure(make_small(as_of=date(2027, 1, 2)))
    y = rows_by_year(t)
    # claims now also count P1's 10 000 of 01/07/2023: 565 000 x 0.4 = 226 000
    assert y[2023].claimed == 226_000
    # 2023 (31/12/2026, passed): 400 000 - 48 000 - 226 000 = 126 000 short, on an estimate: not checked
    assert y[2023].deadline_passed and y[2023].gap == 126_000
    assert (y[2023].lost, y[2023].unverified, y[2023].rag, y[2023].status) == (0, True, "na", "not_checked")
    # 2024 (31/12/2027, 363 days left): 600 000 - 48 000 - 226 000 = 326 000 -> urgent
    assert (y[2024].gap, y[2024].rag, y[2024].status) == (326_000, "red", "urgent")
    assert t["lost"].sum() == 0


def test_without_the_first_year_spread_the_2021_tranche_has_its_own_n_plus_3(small):
    t = decommitment_exposure(small, rule=dataclasses.replace(RULE_2127, first_year_spread=False))
    assert t["tranche_year"].iloc[0] == 2021 and t["deadline"].iloc[0] == pd.Timestamp("2024-12-31")
    assert t["eu_tranche"].iloc[0] == 171_428.58  # 17 142 858 cents


# --- 2021-2027 with the sheets: the regulation's calculation ------------------------------------------
TRANCHES_2127 = [
    {"year": 2021, "eu_amount": 100_000},
    {"year": 2022, "eu_amount": 150_000},
    {"year": 2023, "eu_amount": 160_000},
    {"year": 2024, "eu_amount": 170_000},
    {"year": 2025, "eu_amount": 180_000},
    {"year": 2026, "eu_amount": 190_000},
    {"year": 2027, "eu_amount": 200_000},
]  # 1 150 000
PREFINANCING_2127 = [
    {"year": 2022, "amount": 11_500},  # the 2021 and 2022 instalments, paid at adoption (2 x 0.5 % of 1 150 000)
    {"year": 2023, "amount": 5_750},
    {"year": 2024, "amount": 5_750},
    {"year": 2025, "amount": 5_750},
]  # 28 750
CLAIMS_2127 = [
    {"claim_id": "DP1", "date": "2024-07-15", "declared_total": 125_000, "eu_amount": 50_000},
    {"claim_id": "DP2", "date": "2025-06-30", "declared_total": 150_000, "eu_amount": 60_000},
    {"claim_id": "DP3", "date": "2025-12-20", "declared_total": 50_000, "eu_amount": 20_000},
    {"claim_id": "DP4", "date": "2026-02-01", "declared_total": 100_000, "eu_amount": 40_000},  # after 31/12/2025
]


def test_2021_2027_regulation_first_target_prefinancing_and_a_real_shortfall(make_small, sheets):
    data = sheets(
        make_small(as_of=date(2026, 3, 31)), tranches=TRANCHES_2127, prefinancing=PREFINANCING_2127, claims=CLAIMS_2127
    )
    assert decommitment_sources(data) == {
        "tranches": "sheet",
        "claims": "sheet",
        "prefinancing": "sheet",
        "method": "regulation",
    }
    t = decommitment_exposure(data)
    y = rows_by_year(t)
    # 2021 in sixths: 10 000 000 cents / 6 = 1 666 666 r 4 -> 2022-2025 + 1 666 667, 2026-2027 + 1 666 666
    assert [y[k].eu_tranche for k in range(2022, 2028)] == [
        166_666.67,  # 150 000 + 16 666.67
        176_666.67,
        186_666.67,
        196_666.67,
        206_666.66,  # 190 000 + 16 666.66
        216_666.66,
    ]
    assert t["eu_tranche"].sum() == pytest.approx(1_150_000)
    # first target, 31/12/2025: 166 666.67 due; pre-financing 28 750; claims dated by then 50+60+20 = 130 000
    # (DP4 of 01/02/2026 is too late for it): 166 666.67 - 28 750 - 130 000 = 7 916.67 decommitted
    r = y[2022]
    assert (r.prefinancing, r.claimed, r.gap) == (28_750, 130_000, pytest.approx(7_916.67))
    assert (r.deadline_passed, r.lost, r.rag, r.status) == (True, pytest.approx(7_916.67), "red", "decommitted")
    # 31/12/2026: 166 666.67 + 176 666.67 = 343 333.34, less the 7 916.67 already decommitted, the
    # pre-financing 28 750 and all the claims so far 170 000 = 136 666.67; 275 days left -> urgent
    r = y[2023]
    assert r.due_cumulative == pytest.approx(343_333.34) and r.decommitted_before == pytest.approx(7_916.67)
    assert r.claimed == 170_000 and r.gap == pytest.approx(136_666.67)
    assert (r.at_risk, r.rag, r.status, r.lost) == (True, "red", "urgent", 0)
    # 31/12/2027: + 186 666.67 = 530 000.01 - 7 916.67 - 28 750 - 170 000 = 323 333.34, 640 days -> orange
    assert y[2024].gap == pytest.approx(323_333.34) and y[2024].rag == "orange"
    # 2027 at closure: 1 150 000 - 7 916.67 - 170 000 (no pre-financing at closure) = 972 083.33
    assert y[2027].rule == "closure" and y[2027].gap == pytest.approx(972_083.33)


# --- 2014-2020 with the sheets: N+3, CRII+, REACT-EU, closure ------------------------------------------
TRANCHES_1420 = [
    *(
        {"year": y, "eu_amount": a}
        for y, a in zip(range(2014, 2021), (13.0, 13.5, 14.0, 14.5, 15.0, 15.0, 15.0), strict=True)
    ),
    {"year": 2021, "eu_amount": 5_000_000, "resource": "react-eu"},
    {"year": 2022, "eu_amount": 1_120_206, "resource": "react-eu"},
]
for _row in TRANCHES_1420[:7]:
    _row["eu_amount"] *= 1_000_000  # M€: 100 M€ ordinary in all
PREFINANCING_1420 = [
    {"year": 2014, "amount": 1_000_000},
    {"year": 2015, "amount": 1_000_000},
    {"year": 2016, "amount": 1_000_000},
    {"year": 2021, "amount": 673_222.66, "resource": "react-eu"},  # 11 % initial REACT-EU pre-financing
]


def _claim(day, declared, eu, resource=""):
    return {"date": day, "declared_total": declared, "eu_amount": eu, "resource": resource}


CLAIMS_1420 = [
    _claim("2016-12-15", 8e6, 4e6),
    _claim("2017-12-20", 12e6, 6e6),
    _claim("2018-11-30", 28e6, 14e6),
    _claim("2019-12-10", 28e6, 14e6),
    _claim("2020-12-01", 16e6, 16e6),  # accounting year 2020-2021 at 100 % (CRII+)
    _claim("2021-06-30", 12e6, 12e6),  # idem
    _claim("2022-06-30", 3e6, 3e6, "react-eu"),
    _claim("2022-12-15", 30e6, 15e6),
    _claim("2024-07-31", 36e6, 18e6),  # the final application
    _claim("2024-07-31", 3e6, 3e6, "react-eu"),
]


@pytest.fixture
def closing(make_single, sheets):
    def build(as_of):
        data = make_single("2014-2020", 200_000_000.0, committed=200_000_000.0, paid=190_000_000.0, as_of=as_of)
        return sheets(data, tranches=TRANCHES_1420, prefinancing=PREFINANCING_1420, claims=CLAIMS_1420)

    return build


def test_2014_2020_regulation_after_closure(closing):
    t = decommitment_exposure(closing(date(2026, 3, 1)))
    y = rows_by_year(t)
    # ordinary EU claimed, cumulative: 2017: 4+6 = 10 M; 2018: 24 M; 2019: 38 M; 2020: 54 M (16 M at 100 %,
    # CRII+, counted as the sheet gives it); 2021: 66 M; 2022: 81 M; closure: 99 M
    assert [y[k].claimed for k in range(2014, 2020)] == [10e6, 24e6, 38e6, 54e6, 66e6, 81e6]
    # initial pre-financing 3 M counts at every N+3 deadline; REACT-EU's 11 % does not (closure rules)
    assert {y[k].prefinancing for k in range(2014, 2020)} == {3e6}
    assert [y[k].gap for k in range(2014, 2018)] == [0, 0, 0, 0]  # 13 / 26.5 / 40.5 / 55 M covered
    # 2018 (31/12/2021): 70 M due - 3 M - 66 M = 1 M decommitted
    assert (y[2018].gap, y[2018].lost, y[2018].status) == (1e6, 1e6, "decommitted")
    # 2019 (31/12/2022): 85 M - 1 M already decommitted - 3 M - 81 M = 0
    assert y[2019].decommitted_before == 1e6 and y[2019].gap == 0
    # 2020 at closure (15/02/2026): 100 M - 1 M - 99 M (no pre-financing at closure) = 0
    r = y[2020]
    assert (r.rule, r.deadline, r.prefinancing, r.claimed, r.gap) == (
        "closure",
        pd.Timestamp("2026-02-15"),
        0,
        99e6,
        0,
    )
    # REACT-EU at closure: 6 120 206 due - 6 M claimed on REACT-EU = 120 206 decommitted, on both its rows
    react = rows_by_year(t, "react-eu")
    assert sorted(react) == [2021, 2022]
    assert {(r.due_cumulative, r.claimed, r.gap, r.lost) for r in react.values()} == {
        (6_120_206, 6e6, 120_206, 120_206)
    }
    assert list(t["resource"][-2:]) == ["react-eu", "react-eu"]  # ordered by deadline, ordinary first


def test_2014_2020_regulation_before_closure(closing):
    t = decommitment_exposure(closing(date(2023, 11, 30)))
    y = rows_by_year(t)
    assert y[2018].lost == 1e6  # 31/12/2021 has passed
    # 2020: not at 31/12/2023 but at closure, 808 days away: 100 M - 1 M - 81 M claimed so far = 18 M to watch
    assert (y[2020].gap, y[2020].rag, y[2020].status, y[2020].lost) == (18e6, "orange", "to_watch", 0)
    react = rows_by_year(t, "react-eu")[2021]
    assert (react.gap, react.rag) == (3_120_206, "orange")  # 6 120 206 - 3 M


def test_2014_2020_the_step_closure_applies_to_every_programme(closing):
    t = decommitment_exposure(closing(date(2025, 3, 1)))  # the default rule, no opt-in
    y, react = rows_by_year(t), rows_by_year(t, "react-eu")[2021]
    assert y[2020].deadline == pd.Timestamp("2026-02-15") and not y[2020].deadline_passed
    # REACT-EU: 120 206 still to declare, 351 days before 15/02/2026: urgent, not lost
    assert (react.gap, react.rag, react.lost) == (120_206, "red", 0)
    # with the date before STEP (a thresholds file may still set it), the same gap was lost on 15/02/2025
    before_step = dataclasses.replace(RULE_1420, closure=date(2025, 2, 15))
    old = decommitment_exposure(closing(date(2025, 3, 1)), rule=before_step)
    assert rows_by_year(old, "react-eu")[2021].lost == 120_206


# --- 2014-2020 without the sheets: the estimate --------------------------------------------------------
def test_2014_2020_estimate(make_single):
    data = make_single("2014-2020", 200_000_000.0, committed=200_000_000.0, paid=150_000_000.0)  # as_of 31/12/2023
    advance = coerce_frame(
        "payments", pd.DataFrame([{"project_id": "X", "date": "2015-11-01", "amount": 30_000_000, "kind": "advance"}])
    )
    data = dataclasses.replace(data, payments=pd.concat([data.payments, advance], ignore_index=True))
    t = decommitment_exposure(data)
    y = rows_by_year(t)
    # EU allocation 100 M in 7: 10 000 000 000 cents / 7 = 1 428 571 428 r 4 -> 2014-2017 14 285 714.29,
    # 2018-2020 14 285 714.28
    assert [y[k].eu_tranche for k in range(2014, 2021)] == [14_285_714.29] * 4 + [14_285_714.28] * 3
    # claims: the 150 M interim payment x 50 % = 75 M; the 30 M advance is not a claim
    assert {r.claimed for r in y.values()} == {75e6}
    # pre-financing of 100 M: initial 1 % in 2014, 2015, 2016 (Art. 134(1)(a)-(c)) = 3 M, cumulative; plus the
    # annual pre-financing of the deadline's own year (Art. 134(2)): 2017 2,625 % -> 3 M + 2 625 000
    assert y[2014].prefinancing == 5_625_000
    assert y[2015].prefinancing == 5_750_000  # 31/12/2018: 3 M + 2,75 %
    assert y[2016].prefinancing == 5_875_000  # 31/12/2019: 3 M + 2,875 %
    assert y[2017].prefinancing == 6_000_000  # 31/12/2020: 3 M + 3 %
    assert y[2018].prefinancing == 4_000_000  # 31/12/2021: 3 M + 1 % (Reg. 2020/1542)
    assert y[2018].gap == 0  # 71 428 571.44 - 4 M - 75 M < 0
    # 2019 (31/12/2022): 85 714 285.72 - 4 M - 75 M = 6 714 285.72 short, an estimate: not checked, not lost
    r = y[2019]
    assert r.prefinancing == 4_000_000 and r.gap == pytest.approx(6_714_285.72)
    assert (r.deadline_passed, r.lost, r.unverified, r.rag, r.status) == (True, 0, True, "na", "not_checked")
    # 2020 at closure (15/02/2026, 777 days after 31/12/2023): 100 M - 75 M = 25 M to watch
    assert (y[2020].gap, y[2020].rag, y[2020].status) == (25e6, "orange", "to_watch")
    assert t["lost"].sum() == 0


def test_estimated_claims_take_each_projects_eu_share(make_single):
    """A REACT-EU-like project, 100 % EU, counts its interim payment in full (not at the programme's 50 %)."""
    data = make_single("2014-2020", 200_000_000.0, committed=200_000_000.0, paid=150_000_000.0)
    react = data.projects.assign(project_id="R", eu_amount=6_120_206.0, regional_amount=0.0, total_cost=6_120_206.0)
    line = {"project_id": "R", "date": "2022-05-01", "amount": 6_000_000, "kind": "interim"}
    data = dataclasses.replace(
        data,
        projects=pd.concat([data.projects, react], ignore_index=True),
        payments=pd.concat([data.payments, coerce_frame("payments", pd.DataFrame([line]))], ignore_index=True),
    )
    t = decommitment_exposure(data)
    assert t["claimed"].iloc[-1] == 81e6  # 150 M x 50 % + 6 M x 100 %


def test_claims_sheet_alone_is_still_an_estimate(small, sheets):
    data = sheets(small, claims=CLAIMS_2127)
    src = decommitment_sources(data)
    assert (src["tranches"], src["claims"], src["method"]) == ("estimate", "sheet", "estimate")
    t = decommitment_exposure(data)
    assert set(t["claimed"]) == {0.0}  # as_of 30/06/2023: the first application is of 15/07/2024


# --- 2014-2020 estimate with REACT-EU in the Budget's versions (D2) ----------------------------------------
def _react_budget(data):
    """Axis 1: 200 M (EU 100 M) from the start; from 01/06/2021, 206 120 206 (EU 106 120 206): REACT-EU's
    6 120 206 € at 100 % EU added by a programme version."""
    rows = [
        {**data.budget.iloc[0].to_dict(), "valid_from": None},
        {
            **data.budget.iloc[0].to_dict(),
            "allocation": 206_120_206.0,
            "eu_amount": 106_120_206.0,
            "valid_from": "2021-06-01",
        },
    ]
    return dataclasses.replace(data, budget=coerce_frame("budget", pd.DataFrame(rows)))


def test_2014_2020_estimate_settles_react_eu_at_closure_not_in_the_n_plus_3_tranches(make_single):
    data = _react_budget(make_single("2014-2020", 200_000_000.0, committed=200_000_000.0, paid=150_000_000.0))
    t = decommitment_exposure(data)  # as_of 31/12/2023
    y = rows_by_year(t)
    # the ordinary tranches are the EU allocation in force on 31/12/2020, 100 M, in 7 (as without REACT-EU):
    # 2014-2017 14 285 714.29, 2018-2020 14 285 714.28; none of REACT-EU's 6 120 206 is under N+3
    assert [y[k].eu_tranche for k in range(2014, 2021)] == [14_285_714.29] * 4 + [14_285_714.28] * 3
    react = rows_by_year(t, "react-eu")
    assert sorted(react) == [2021]  # the year its version came into force
    r = react[2021]
    assert (r.eu_tranche, r.rule, r.deadline) == (6_120_206, "closure", pd.Timestamp("2026-02-15"))
    # 2019 (31/12/2022): 85 714 285.72 - 4 M pre-financing - 75 M claimed = 6 714 285.72, as without REACT-EU
    # (spread over the 7 tranches it would have been 106 120 206 / 7 = 15 160 029.43 a year, 6 x 15 160 029.43
    # = 90 960 176.57 due, 874 315.14 € a year more)
    assert y[2019].gap == pytest.approx(6_714_285.72)
    # at closure the estimated claims cannot tell the resources apart: one pool, 106 120 206 - 75 M = 31 120 206
    assert (r.due_cumulative, r.claimed, r.gap) == (106_120_206, 75e6, 31_120_206)
    # pre-financing counts on the ordinary allocation only: 3 M + 1 % of 100 M at the 2019 deadline
    assert y[2019].prefinancing == 4e6


def test_2014_2020_estimate_before_react_eu_existed(make_single):
    data = _react_budget(
        make_single("2014-2020", 200_000_000.0, committed=200_000_000.0, paid=0.0, as_of=date(2020, 12, 31))
    )
    t = decommitment_exposure(data)
    assert set(t["resource"]) == {"ordinary"}  # the version of 01/06/2021 is not in force yet
    assert t["eu_tranche"].sum() == pytest.approx(100e6)


def test_without_budget_versions_react_eu_cannot_be_told_apart(make_single):
    """A Budget with REACT-EU in a single undated row: everything is ordinary (the Tranches sheet tells them apart)."""
    data = make_single("2014-2020", 206_120_206.0, committed=0.0, paid=0.0)  # EU 103 060 103
    t = decommitment_exposure(data)
    assert set(t["resource"]) == {"ordinary"} and t["eu_tranche"].sum() == pytest.approx(103_060_103)


def test_the_new_decommitment_keys_are_checked(tmp_path):
    from monitoring.thresholds import ThresholdsError

    head = (
        '[programmes."2014-2020"]\nheadline = "consumption"\n'
        '[programmes."2014-2020".kpis.consumption]\nred_below = 0.95\ngreen_from = 1.0\nmark = 0.97\n'
        "start = 2014-01-01\ndeadline = 2023-12-31\n"
        '[programmes."2014-2020".decommitment]\n'
    )
    f = tmp_path / "t.toml"
    f.write_text(head + 'react_eu_from_budget = "yes"\n')
    with pytest.raises(ThresholdsError, match="react_eu_from_budget"):
        load_thresholds(f)
    f.write_text(head + 'estimate_annual_prefinancing = { "2016" = 0.5, "x" = 0.1 }\n')
    with pytest.raises(ThresholdsError, match=r"estimate_annual_prefinancing\.x"):
        load_thresholds(f)
    f.write_text(head + 'estimate_annual_prefinancing = { "2017" = 0.02 }\nreact_eu_from_budget = false\n')
    rule = load_thresholds(f).decommitment("2014-2020")
    assert rule.estimate_annual_prefinancing == ((2017, 0.02),) and not rule.react_eu_from_budget
