"""The demo workbooks: deterministic, valid, and showing the situation the dashboard is built to tell."""

from __future__ import annotations

from datetime import date

import pytest

from data_loaders import ensure_demo_data, load_programme, write_demo_workbooks
from monitoring.figures import totals


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    paths = write_demo_workbooks(tmp_path_factory.mktemp("demo"))
    return {p.name: load_programme(p) for p in paths}, paths


def test_same_bytes_on_every_run(tmp_path, demo):
    again = write_demo_workbooks(tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in demo[1]]


def test_ensure_writes_only_when_missing(tmp_path):
    first = ensure_demo_data(tmp_path)
    stamp = [p.stat().st_mtime_ns for p in first]
    assert ensure_demo_data(tmp_path) == first
    assert [p.stat().st_mtime_ns for p in first] == stamp
    first[1].unlink()
    assert ensure_demo_data(tmp_path)[1].exists()


def test_2014_2020_is_just_under_the_95_percent_consumption_line(demo):
    data = demo[0]["erdf-2014-2020.xlsx"]
    info = data.info
    assert (info.programme_id, info.cci, info.eu_rate) == ("2014-2020", "2014BE16RFOP001", 0.5)
    assert (info.eligibility_end, info.as_of) == (date(2023, 12, 31), date(2023, 11, 30))
    allocation = totals(data)["allocation"]  # the Budget's versions in force at the extract date
    assert 195e6 < allocation < 205e6  # "about 200 M€"
    assert sorted(set(data.budget["code"])) == ["1", "2", "3", "4", "TA"]
    # axis 2 in two versions: 40 000 000 before REACT-EU, 46 120 206 from 15/06/2021 (budget versions, T2)
    axis2 = data.budget[data.budget["code"] == "2"]
    assert axis2["allocation"].tolist() == [40_000_000.0, 46_120_206.0]
    assert totals(data, date(2020, 12, 31))["allocation"] == allocation - 6_120_206.00
    consumption = data.payments["amount"].sum() / allocation
    assert 0.93 <= consumption < 0.945  # aim 93-94 %: red, just under 95 %
    assert 0.97 < data.commitments["amount"].sum() / allocation <= 1.0  # commitment close to 100 %
    counts = data.projects[data.projects["call_id"] != ""].groupby("objective_code").size().to_dict()
    assert counts["1"] == 11 and counts["3"] == 24  # 12 (2015 call) + 12 (2019 energy-efficiency call)
    fis = data.projects[data.projects["project_id"].str.contains("-IF-")]
    assert len(fis) == 3 and (fis["call_id"] == "").all()
    react = data.commitments[(data.commitments["date"] == "2021-06-15")]["amount"].sum()
    assert react == pytest.approx(6_120_206.00, abs=0.01)  # REACT-EU into the financial instruments
    assert (data.projects["stage"] == "cancelled").sum() == 2
    assert {"BBSM", "L[ag]UM", "TRIAXES", "Usquare", "Véloroute"} <= set(data.projects["name"])
    assert "illustratifs" in info.title


def test_2021_2027_is_just_under_the_60_percent_commitment_line(demo):
    data = demo[0]["erdf-2021-2027.xlsx"]
    assert (data.info.programme_id, data.info.cci, data.info.eu_rate) == ("2021-2027", "2021BE16RFPR001", 0.4)
    allocation = totals(data)["allocation"]
    assert allocation == 288_000_000.0
    codes = ["1.1", "1.2", "1.3", "2.1", "2.6", "2.7", "4.3", "4.4", "5.1"]
    assert data.budget["code"].tolist() == [*codes, "1.2", "4.3"]  # + the 2025 mid-term review's two versions
    review = data.budget[data.budget["valid_from"] == "2025-12-01"]
    assert review["allocation"].tolist() == [10_000_000.0, 24_000_000.0]  # 16 M - 6 M, 18 M + 6 M: total unchanged
    rate = data.commitments["amount"].sum() / allocation
    assert 0.57 <= rate < 0.59  # aim 57-59 %: red, just under 60 %
    assert len(data.calls) == 18
    assert data.payments["amount"].sum() / allocation < 0.12  # few payments yet
    selected_51 = data.projects[
        (data.projects["objective_code"] == "5.1") & (data.projects["selection_date"] == "2023-06-22")
    ]
    grants = (selected_51["eu_amount"] + selected_51["regional_amount"]).sum()
    assert grants == pytest.approx(23_550_000.00, abs=0.05)  # SO 5.1 selection of June 2023
    assert data.warnings == ()


def test_forecasts_give_projects_on_both_sides_of_the_bands(demo):
    for data in demo[0].values():
        f = data.forecasts[data.forecasts["year"] == 2023].set_index("project_id")["amount"]
        p = data.payments[data.payments["date"].dt.year == 2023].groupby("project_id")["amount"].sum()
        ratio = p.reindex(f.index).fillna(0) / f
        assert (ratio < 0.8).sum() >= 3 and (ratio >= 0.9).sum() >= 3


def test_2021_2027_carries_the_programme_s_finances_with_the_commission(demo):
    data = demo[0]["erdf-2021-2027.xlsx"]
    eu_allocation = totals(data)["allocation_eu"]
    assert eu_allocation == 115_200_000.0  # 40 % of 288 000 000
    tranches = data.tranches
    assert tranches["year"].tolist() == list(range(2021, 2028)) and set(tranches["resource"]) == {"ordinary"}
    assert tranches["eu_amount"].sum() == eu_allocation  # the financing plan commits the whole EU allocation
    assert tranches["eu_amount"].is_monotonic_increasing  # 2 % more each year
    pre = data.prefinancing
    assert pre["year"].tolist() == [2021, 2022, 2023]  # the instalments received by the extract
    # 0.5 % of 115 200 000 a year, and 0.5 % more in 2022 and 2023 (Art. 90(2) CPR 2021/1060)
    assert pre["amount"].tolist() == [576_000.0, 1_152_000.0, 1_152_000.0]
    claims = data.claims
    assert claims["claim_id"].tolist() == ["DP 2022-01", "DP 2023-01", "DP 2023-02"]
    assert claims["date"].dt.year.tolist() == [2022, 2023, 2023]
    assert claims["eu_amount"].tolist() == [125_000.0, 740_000.0, 1_360_000.0]  # 40 % of 312 500, 1 850 000, 3 400 000
    assert claims["eu_amount"].sum() < 0.4 * data.payments["amount"].sum()  # below the EU part of what was paid


def test_2014_2020_has_no_financial_sheets(demo):
    data = demo[0]["erdf-2014-2020.xlsx"]
    assert data.tranches.empty and data.prefinancing.empty and data.claims.empty
