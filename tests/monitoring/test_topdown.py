"""The top-down check (monitoring/topdown.py) on a small official file written as the loader reads it
(tests/fixtures/topdown/topdown-peers_2019-01.csv: four ERDF 2014-2020 programmes A-D, cut-offs 31/12/2015 to
31/12/2018, planned 100 000 000 € each; an ESF programme and a 2021-2027 programme that are never peers), and on
the real Belgian extract. Every figure is computed by hand beside its assertion.

Declared (spent) rates, 2015 → 2018 (t = 2, 3, 4, 5: years since 1/1/2014):
A 0, 4, 10, 25 % (two priorities: 60 + 40 M€) · B 0, 20, 40, 60 % · C 5, 30, 60, 80 % · D 0, 15, 35, 45 %.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.official import read
from monitoring import topdown as td

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "topdown" / "topdown-peers_2019-01.csv"
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "official" / "99js-gm52_BE_rows_2022-10.csv"
A, B, C, D = (f"2014BE16RFOP00{i}" for i in range(1, 5))


@pytest.fixture(scope="module")
def source():
    return read(FIXTURE)


def _edited(tmp_path: Path, cci: str, year: int, spent: int) -> Path:
    """A copy of the fixture with one programme's declared amount changed at one cut-off (on its first priority)."""
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    rows = frame.index[(frame["cci"] == cci) & (frame["year"] == str(year))]
    frame.loc[rows[0], "total_eligible_expenditure"] = str(spent)
    path = tmp_path / FIXTURE.name
    frame.to_csv(path, index=False)
    return path


def test_time_on_the_period():
    assert td.time_of(date(2014, 12, 31), 2014) == 1.0  # the end of the period's first year
    assert td.time_of(date(2018, 12, 31), 2014) == 5.0
    # 30/06/2022: 8 years + 181 days of 365 (1/1 to 30/6 inclusive)
    assert td.time_of(date(2022, 6, 30), 2014) == pytest.approx(8 + 181 / 365)


def test_comparable_programmes_are_same_period_same_fund(source):
    # E is ESF, F is 2021-2027: neither is a peer of A
    assert td.comparable(source, A) == [A, B, C, D]
    assert td.comparable(source, A, same_fund=False) == ["2014BE05SFOP009", A, B, C, D]  # sorted by CCI
    assert td.comparable(source, "2021BE16RFPR009") == ["2021BE16RFPR009"]


def test_curves_by_cutoff(source):
    c = td.curves(source, [A, B]).set_index(["cci", "year"])
    # A at 2018: declared 15 000 000 + 10 000 000 = 25 000 000 / planned 60 000 000 + 40 000 000 = 25 %
    assert c.loc[(A, 2018), "spent_rate"] == pytest.approx(0.25)
    # A at 2016: decided 36 000 000 + 24 000 000 = 60 000 000 / 100 000 000 = 60 %
    assert c.loc[(A, 2016), "decided_rate"] == pytest.approx(0.60)
    assert c.loc[(B, 2017), "t"] == 4.0 and c.loc[(B, 2017), "spent_rate"] == pytest.approx(0.40)
    assert c.loc[(A, 2015), "title"] == "Région <b>A</b> & co"  # kept as the file gives it (escaped where shown)


def test_crossing_and_value():
    import numpy as np

    ts, vs = np.array([2.0, 3.0, 4.0, 5.0]), np.array([0.0, 0.20, 0.40, 0.60])
    assert td.crossing(ts, vs, 0.25) == pytest.approx(3.25)  # 3 + (0,25 − 0,20) / (0,40 − 0,20)
    assert td.crossing(ts, vs, 0.0) == 2.0  # starts exactly there
    assert td.crossing(ts, vs, 0.70) is None  # never reached
    assert td.crossing(ts, np.array([0.1, 0.2, 0.3, 0.4]), 0.05) is None  # already above: when is unknown
    assert td.value_at(ts, vs, 4.25) == pytest.approx(0.45)  # 0,40 + 0,25 × 0,20
    assert td.value_at(ts, vs, 5.5) is None


def test_projection_of_a_from_2018(source):
    p = td.project(source, A, "spent_rate", threshold=0.95)
    assert p.status == "ok" and p.peers == (B, C, D)
    assert p.cutoff == date(2018, 12, 31) and p.rate == pytest.approx(0.25)
    # peers' gain in the 12 months after they were at 25 %:
    #   B crossed 25 % at 3 + (0,25 − 0,20) / 0,20 = 3,25; at 4,25: 0,40 + 0,25 × 0,20 = 0,45 → 20 points
    #   C crossed at 2 + (0,25 − 0,05) / 0,25 = 2,8; at 3,8: 0,30 + 0,8 × 0,30 = 0,54 → 29 points
    #   D crossed at 3 + (0,25 − 0,15) / 0,20 = 3,5; at 4,5: 0,35 + 0,5 × 0,10 = 0,40 → 15 points
    assert p.n_gain == 3
    assert p.gain_median == pytest.approx(0.20)
    assert p.gain_low == pytest.approx(0.16)  # 10th percentile of 15, 20, 29: 15 + 0,2 × (20 − 15) = 16
    assert p.gain_high == pytest.approx(0.272)  # 90th: 20 + 0,8 × (29 − 20) = 27,2
    # at 20 points a year from 25 % at t = 5: 95 % at t = 5 + 0,70 / 0,20 = 8,5, in 2014 − 1 + ⌈8,5⌉ = 2022
    assert p.reach_year == 2022
    # 31/12/2019 (h = 1): 25 % + (15, 20, 29) → 41 % to 52,2 %, median 45 %; 2020 (h = 2): only C known → stop
    assert list(p.points["cutoff"]) == [date(2019, 12, 31)]
    row = p.points.iloc[0]
    assert (row["n"], row["low"], row["median"], row["high"]) == pytest.approx((3, 0.41, 0.45, 0.522))


def test_the_projection_in_words(source):
    p = td.project(source, A, "spent_rate", threshold=0.95)
    assert td.words(p, "en") == [
        "At the same stage (declared expenditure rate of 25.0%), 3 comparable programmes gained 16 to 27 points"
        " in a year (median 20).",
        "At that pace (the median), the programme reaches 95% in 2022 (estimate).",
    ]
    fr = td.words(p, "fr")
    assert fr[0].startswith("Au même stade (taux de dépenses déclarées de 25,0\u00a0%), 3 programmes comparables")
    assert fr[1] == "À ce rythme (la médiane), le programme atteint 95\u00a0% en 2022 (estimation)."
    assert td.words(p, "nl")[1] == "Aan dat tempo (de mediaan) bereikt het programma 95% in 2022 (schatting)."


def test_reach_year_edges():
    assert td.reach_year(0.96, 5.0, 0.2, 0.95, 2014) is None  # already reached (said apart)
    assert td.reach_year(0.30, 5.0, 0.0, 0.95, 2014) is None  # no gain: never at that pace
    # t = 5 + 0,65 / 0,13 = 10, which is 31/12/2023 (2023 − 2014 + 1): reached in 2023, not 2024
    assert td.reach_year(0.30, 5.0, 0.13, 0.95, 2014) == 2023


def test_empty_states(source):
    # the 2021-2027 programme has no peer of its period and fund
    p = td.project(source, "2021BE16RFPR009", "spent_rate", 0.6)
    assert p.status == "too_few_peers" and p.peers == ()
    assert td.words(p, "en") == [
        "0 comparable programmes (same period, same fund) in the file; at least 3 are needed:"
        " no comparison and no projection."
    ]
    # A's selection rate is 100 % at 2018: only C went through 100 % a year before its last cut-off (B reached it
    # at its last, D never did): 1 peer, fewer than 3
    q = td.project(source, A, "decided_rate")
    assert q.status == "too_few_peers" and q.n_gain == 1
    assert q.comparable  # three peers to draw beside it, only the projection is missing
    assert td.words(q, "nl") == [
        "Slechts 1 vergelijkbaar programma ging door dit percentage met een jaar erna in de reeks, er zijn er"
        " minstens 3 nodig: geen projectie."
    ]
    assert td.project(source, "2014XX00NOPE000", "spent_rate").status == "no_series"


def test_real_brussels_has_two_erdf_peers_only():
    """The real Belgian extract has three ERDF 2014-2020 programmes: Brussels has two peers, fewer than three."""
    real = read(REAL)
    p = td.project(real, "2014BE16RFOP001", "spent_rate", 0.95)
    assert p.status == "too_few_peers" and p.peers == ("2014BE16RFOP002", "2014BE16RFOP003")
    # 30/06/2022: declared 135 386 723,.. / planned 197 920 030 (SOURCES.md: REACT-EU added in 2022)
    assert p.cutoff == date(2022, 6, 30)
    assert p.rate == pytest.approx(float(real.of("2014BE16RFOP001").query("year == 2022")["spent"].sum()) / 197920030)


def test_backtest_by_hand(source):
    """One forecast can be made on the fixture: A from 31/12/2017 (10 %) to 31/12/2018, with B, C and D cut at 2017."""
    bt = td.backtest(source, "spent_rate", td.comparable(source, A))
    assert bt.n == 1
    row = bt.rows.iloc[0]
    assert (row["cci"], row["cutoff"], row["target"], row["h"]) == (A, date(2017, 12, 31), date(2018, 12, 31), 1.0)
    # peers at 10 %, on their 2015-2017 cut-offs: B crossed at 2 + 0,10 / 0,20 = 2,5, at 3,5: 0,30 → 20 points;
    # C at 2 + 0,05 / 0,25 = 2,2, at 3,2: 0,30 + 0,2 × 0,30 = 0,36 → 26; D at 2 + 0,10 / 0,15 = 2,667, at 3,667:
    # 0,15 + 0,667 × 0,20 = 0,2833 → 18,33. Median 20 → 30 %; 10 %: 18,33 + 0,2 × 1,67 = 18,67 → 28,67 %;
    # 90 %: 20 + 0,8 × 6 = 24,8 → 34,8 %
    assert (row["method"], row["low"], row["high"]) == pytest.approx((0.30, 0.286667, 0.348), abs=1e-6)
    # the baseline: the last 12 months' gain repeated: 10 % − 4 % = 6 points → 16 %
    assert row["baseline"] == pytest.approx(0.16)
    assert row["actual"] == pytest.approx(0.25)
    # APE on the gain: actual gain 15 points; method 20 → |20 − 15| / 15 = 33,3 %; baseline 6 → 9 / 15 = 60 %
    assert bt.mape_method == pytest.approx(1 / 3) and bt.mape_baseline == pytest.approx(0.6)
    assert bt.error_method == pytest.approx(0.05) and bt.error_baseline == pytest.approx(-0.09)
    assert bt.coverage == 0.0  # 25 % is below the band 28,67-34,8 %
    assert bt.verdict == "not_enough_history"  # one forecast, three needed: not shown
    assert td.verdict_words(bt, "en").startswith("Only 1 projection could be checked on the series (3 needed)")


def test_backtest_leaves_the_programme_out_and_uses_only_the_past(source, tmp_path):
    before = td.backtest(source, "spent_rate", [A]).rows.iloc[0]
    # A's own 2018 figure changed (25 % → 90 %): its forecast from 2017 is the same, only what happened differs
    own = read(_edited(tmp_path, A, 2018, 54_000_000))  # 54 M + 10 M (Axe 2) = 64 %
    after = td.backtest(own, "spent_rate", [A]).rows.iloc[0]
    assert (after["method"], after["low"], after["high"]) == (before["method"], before["low"], before["high"])
    assert after["actual"] == pytest.approx(0.64)
    # a peer's 2018 figure changed (B 60 % → 99 %): after A's cut-off, so A's forecast from 2017 does not move
    peer = read(_edited(tmp_path, B, 2018, 99_000_000))
    again = td.backtest(peer, "spent_rate", [A]).rows.iloc[0]
    assert (again["method"], again["low"], again["high"]) == (before["method"], before["low"], before["high"])
    # a peer's 2016 figure changed (B 20 % → 5 %): before the cut-off, so it counts: B now crosses 10 % at
    # 3 + (0,10 − 0,05) / (0,40 − 0,05) = 3,14, and a year later (4,14) is past its cut-off at 4: B drops out,
    # two peers are left, fewer than three: no forecast
    moved = td.backtest(read(_edited(tmp_path, B, 2016, 5_000_000)), "spent_rate", [A])
    assert moved.n == 0


def test_backtest_on_the_real_series_is_honest():
    """On the real extract, ERDF only: leave-one-out leaves two peers, so nothing is forecast at three."""
    real = read(REAL)
    erdf = ["2014BE16RFOP001", "2014BE16RFOP002", "2014BE16RFOP003"]
    bt = td.backtest(real, "spent_rate", erdf)
    assert bt.n == 0 and bt.verdict == "not_enough_history"
    # at two peers some forecasts are made; each uses the other two programmes only
    two = td.backtest(real, "spent_rate", erdf, min_peers=2)
    assert two.n > 0 and set(two.rows["n_peers"]) == {2}
    # every forecast starts at a cut-off with 12 months behind it and aims at a later one of the same programme
    assert (two.rows["target"] > two.rows["cutoff"]).all()
    assert (two.rows["cutoff"] >= date(2015, 12, 31)).all()
    assert bt.shown is False and (two.verdict in ("shown", "worse_than_baseline"))


def test_peers_band_at_each_cutoff(source):
    band = td.project(source, A, "spent_rate", 0.95).band.set_index("cutoff")
    assert list(band.index) == [date(y, 12, 31) for y in range(2015, 2019)]
    # 2018: B 60 %, C 80 %, D 45 % → 10th percentile 45 + 0,2 × 15 = 48 %, median 60 %, 90th 60 + 0,8 × 20 = 76 %
    assert tuple(band.loc[date(2018, 12, 31), ["n", "low", "median", "high"]]) == pytest.approx((3, 0.48, 0.60, 0.76))
    # 2015: B 0 %, C 5 %, D 0 % → 0 %, 0 %, 0 + 0,8 × 5 = 4 %
    assert tuple(band.loc[date(2015, 12, 31), ["low", "median", "high"]]) == pytest.approx((0.0, 0.0, 0.04))


def test_a_repeated_cutoff_is_kept_once():
    """In the real extract the EAFRD Wallonia rows of 2021 and 2022 carry the reference date 31/12/2020 (the 2020
    situation reported again, with a later planned total): the curve keeps 31/12/2020 once, from the 2020 rows."""
    real = read(REAL)
    c = td.curves(real, ["2014BE06RDRP002"])
    assert list(c["year"]) == list(range(2014, 2021))
    assert list(c["cutoff"])[-1] == date(2020, 12, 31) and list(c["t"])[-1] == 7.0
    rows = real.of("2014BE06RDRP002").query("year == 2020")
    assert c["spent_rate"].iloc[-1] == pytest.approx(rows["spent"].sum() / rows["planned_total"].sum())


def test_all_peers_at_once_match_one_at_a_time():
    """The peers' matrix (every peer at once) gives what crossing and value_at give one peer at a time, on every
    programme of the real extract, every cut-off, several horizons, with and without the cut at that cut-off."""
    import numpy as np

    real = read(REAL)
    frame = td.curves(real, td.comparable(real, "2014BE16RFOP001", same_fund=False))
    compared = 0
    for measure in td.MEASURES:
        by = td.arrays(frame, measure)
        matrix = td.PeerMatrix.of(by)
        for ts, vs in by.values():
            for i in range(len(ts)):
                for h in (0.25, 0.5, 1.0, 2.0):
                    for until in (float(ts[i]), None):
                        one = td._slow_peer_gains(by, float(vs[i]), h, until)
                        gains = matrix.gains(float(vs[i]), h, until)
                        every = {c: g for c, g in zip(matrix.ccis, gains, strict=True) if not np.isnan(g)}
                        assert every.keys() == one.keys()
                        assert list(every.values()) == pytest.approx([one[c] for c in every])
                        compared += len(one)
    assert compared > 1000  # not vacuous


def test_the_threshold_in_words_reached_or_not_at_that_pace(source):
    import dataclasses

    p = td.project(source, A, "spent_rate", threshold=0.95)
    # already at 96 %: said so, no year
    done = dataclasses.replace(p, rate=0.96, reach_year=None)
    assert td.words(done, "fr")[1] == "Le programme a déjà atteint 95\u00a0%."
    # peers that gained nothing: the threshold is not reached at that pace (estimate)
    flat = dataclasses.replace(p, gain_median=0.0, reach_year=None)
    assert td.words(flat, "nl")[1] == "Aan dat tempo bereikt het programma 95% niet (schatting)."
    # no threshold (no KPI for the period): the gains only
    assert len(td.words(dataclasses.replace(p, threshold=None), "en")) == 1
