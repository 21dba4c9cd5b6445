"""The band calibrated by the backtest's errors (monitoring.forecast.calibrate, spread, summarise), by hand.

The calibrated draws are every draw of the method times every error ratio actual / median the backtest
measured; the central line stays the method's median (the one the backtest checked); the band is widened to
the calibrated draws' 10th-90th percentiles where they reach farther (never narrowed: the median stays in
it); the chances come from the calibrated draws. Its coverage is measured leave one out: each past cut-off's
band is calibrated by the other cut-offs' errors only.
"""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from monitoring.commitment_forecast import commitment_forecast
from monitoring.commitment_forecast import threshold_outlooks as commitment_outlooks
from monitoring.forecast import BACKTEST_COLUMNS, MIN_CUTOFFS, calibrate, payment_forecast, spread, summarise
from tests.monitoring.test_commitment_forecast import KPI, three  # noqa: F401 (fixture)
from tests.monitoring.test_forecast import four  # noqa: F401 (fixture)


def test_calibrated_draws_are_each_draw_times_each_error():
    assert calibrate(np.array([100.0, 200.0]), np.array([0.5, 1.5])).tolist() == [50.0, 150.0, 100.0, 300.0]
    assert calibrate(np.array([100.0]), None).tolist() == [100.0]  # no errors: unchanged
    assert calibrate(np.array([100.0]), np.zeros(0)).tolist() == [100.0]


def _row(actual, median):
    base = dict.fromkeys(BACKTEST_COLUMNS[:13], 0.0)
    return {
        **base,
        "actual": actual,
        "method": median,
        "method_low": median,  # one draw: the method's band is its median
        "method_high": median,
        "ape_method": abs(median - actual) / actual,
    }


def test_leave_one_out_coverage_by_hand():
    # three cut-offs, one draw each (the method's band is its median): errors 110 / 100 = 1.1, 90 / 100 = 0.9,
    # 100 / 50 = 2.0
    rows = [_row(110.0, 100.0), _row(90.0, 100.0), _row(100.0, 50.0)]
    flows = [np.array([100.0]), np.array([100.0]), np.array([50.0])]
    bt = summarise(rows, flows, 12)
    assert bt.errors.tolist() == pytest.approx([1.1, 0.9, 2.0])
    # cut-off 1 with the others' errors 0.9 and 2.0: draws 90 and 200; 10th percentile 90 + 0.1 × 110 = 101,
    # 90th 90 + 0.9 × 110 = 189; widened from the method's [100, 100]: [100, 189]: the actual 110 is within
    # cut-off 2 with 1.1 and 2.0: 110 and 200 -> 119 and 191; widened: [100, 191]: 90 is not
    # cut-off 3 with 1.1 and 0.9: 55 and 45 -> 46 and 54; widened from [50, 50]: [46, 54]: 100 is not
    assert bt.rows["calibrated_low"].tolist() == pytest.approx([100.0, 100.0, 46.0])
    assert bt.rows["calibrated_high"].tolist() == pytest.approx([189.0, 191.0, 54.0])
    assert bt.rows["covered_calibrated"].tolist() == [True, False, False]
    assert bt.coverage_calibrated == pytest.approx(1 / 3)
    # a cut-off whose median is 0 has no error ratio: it is left out of the errors
    bt = summarise([*rows, _row(10.0, 0.0)], [*flows, np.array([0.0])], 12)
    assert len(bt.errors) == 3


def test_the_band_is_widened_never_narrowed():
    # draws 90..110 (10th 92, 90th 108) and errors 0.99, 1.01: the calibrated band (about 91-109) reaches
    # farther on both sides; errors 1.5, 1.6: the calibrated draws all lie above, so the band keeps the
    # method's low 92 and takes the calibrated high; the median 100 stays the method's
    draws = np.linspace(90.0, 110.0, 11)  # 90, 92, ..., 110
    assert spread(draws, None) == pytest.approx((92.0, 100.0, 108.0))
    low, median, high = spread(draws, np.array([1.5, 1.6]))
    assert (low, median) == pytest.approx((92.0, 100.0)) and high > 108.0 * 1.5
    assert spread(draws, np.array([1.0]))[::2] == pytest.approx((92.0, 108.0))  # errors of 1: the method's band


def test_the_payment_band_and_chances_are_calibrated_the_median_is_not(four):  # noqa: F811
    fc = replace(payment_forecast(four), errors=np.array([0.5, 1.5]))
    at = fc.cumulative(date(2023, 12, 31))
    # paid 345 000, then 136 666.67 by 31/12/2023 in every draw (test_forecast: 481 666.67 − 345 000)
    assert at["median"] == pytest.approx(481_666.67)  # the method's, unchanged
    assert at["low"] == pytest.approx(345_000 + 0.5 * 136_666.67, abs=0.01)  # 413 333.33
    assert at["high"] == pytest.approx(345_000 + 1.5 * 136_666.67, abs=0.01)  # 550 000
    # 480 000 is reached by the draws × 1.5 only: half of them
    assert fc.probability(date(2023, 12, 31), 480_000) == 0.5


def test_the_commitment_band_is_calibrated_too(three):  # noqa: F811
    fc = replace(commitment_forecast(three), errors=np.array([0.5, 1.5]))
    at = fc.cumulative(date(2023, 12, 31))
    # committed 500 000, then C's 150 000 and K2's 100 000 in every draw: 250 000 × 0.5 or × 1.5
    assert at == {"median": 750_000, "low": 625_000, "high": 875_000}
    sixty, seventy_five, ninety = commitment_outlooks(fc, KPI)
    assert sixty.probability == 1.0  # 625 000 and 875 000 both reach 600 000
    assert seventy_five.probability == 0.5  # 750 000 only by the × 1.5 draws
    assert ninety.probability == 0.0  # 875 000 < 900 000


def test_calibration_needs_enough_cut_offs():
    rows = [_row(110.0, 100.0), _row(90.0, 100.0)]
    bt = summarise(rows, [np.array([100.0]), np.array([100.0])], 12)
    assert len(bt.rows) < MIN_CUTOFFS and not bt.calibrates  # not shown, not calibrated
