"""A rate written beside a status is never rounded across a threshold: one rule, checked at every threshold
(95, 100, 60, 90 of the KPIs; 80, 90 of the forecast bands), one cent below, at and one cent above."""

from __future__ import annotations

from datetime import date

import pytest

from monitoring.money import threshold_cents, to_cents
from monitoring.status import displayed_rate, forecast_status, format_rate, kpi_status
from monitoring.thresholds import ForecastBands, Kpi

CONSUMPTION = Kpi("consumption", "2014-2020", 0.95, 1.00, 0.97, date(2014, 1, 1), date(2023, 12, 31))
COMMITMENT = Kpi("commitment", "2021-2027", 0.60, 0.90, 0.75, date(2021, 1, 1), date(2023, 12, 31))
BANDS = ForecastBands(0.80, 0.90)

# (threshold, base, status function, the text one cent below, at and one cent above, in French)
CASES = [
    (0.95, 200_000_000.0, lambda d, b: kpi_status(d, b, CONSUMPTION), ("94,99\xa0%", "95,0\xa0%", "95,0\xa0%")),
    (1.00, 200_000_000.0, lambda d, b: kpi_status(d, b, CONSUMPTION), ("99,99\xa0%", "100,0\xa0%", "100,0\xa0%")),
    (0.60, 288_000_000.0, lambda d, b: kpi_status(d, b, COMMITMENT), ("59,99\xa0%", "60,0\xa0%", "60,0\xa0%")),
    (0.90, 288_000_000.0, lambda d, b: kpi_status(d, b, COMMITMENT), ("89,99\xa0%", "90,0\xa0%", "90,0\xa0%")),
    (0.80, 100_000.0, lambda d, b: forecast_status(d, b, BANDS), ("79,99\xa0%", "80,0\xa0%", "80,0\xa0%")),
    (0.90, 100_000.0, lambda d, b: forecast_status(d, b, BANDS), ("89,99\xa0%", "90,0\xa0%", "90,0\xa0%")),
]


@pytest.mark.parametrize("threshold, base, status_of, texts", CASES)
@pytest.mark.parametrize("offset, which", [(-0.01, 0), (0.0, 1), (0.01, 2)])
def test_one_cent_below_at_and_above_every_threshold(threshold, base, status_of, texts, offset, which):
    done = round(threshold * base + offset, 2)  # e.g. 95 % of 200 M€ - 0.01 = 189 999 999.99
    s = status_of(done, base)
    assert s.rate_text("fr") == texts[which]
    # the rule itself: the rate as written reaches the threshold exactly when the status says it does,
    # the status following the cent rule (done in cents >= threshold x base rounded half up)
    reached = int(to_cents(done)) >= int(threshold_cents(threshold, [to_cents(base)])[0])
    assert reached == (which > 0)
    shown = displayed_rate(s.rate, s.thresholds)
    assert (round(shown.value * 100, 6) >= round(threshold * 100, 6)) == reached
    assert (s.rag == "red") == (threshold == s.thresholds[0] and not reached)


def test_the_same_rule_in_dutch_and_english():
    s = kpi_status(189_999_999.99, 200_000_000.0, CONSUMPTION)  # 94.999999995 %
    assert (s.rag, s.rate_text("nl"), s.rate_text("en")) == ("red", "94,99%", "94.99%")


@pytest.mark.parametrize(
    "rate, text, decimals, adjusted",
    [
        (0.935, "93,5\xa0%", 1, False),  # far from 95 and 100: plain rounding
        (0.94949, "94,9\xa0%", 1, False),  # rounds down anyway: one decimal is safe
        (0.9495, "94,95\xa0%", 2, True),  # 95,0 would cross: one more digit
        (0.94999, "94,99\xa0%", 2, True),  # 95,00 would still cross: truncated
        (0.95, "95,0\xa0%", 1, False),
        (0.9499999999999999, "95,0\xa0%", 1, False),  # float noise of an exact 95 %: reached (12 decimals)
        (0.99996, "99,99\xa0%", 2, True),  # below 100 %
        (1.04, "104,0\xa0%", 1, False),
    ],
)
def test_displayed_rate_near_95_and_100(rate, text, decimals, adjusted):
    shown = displayed_rate(rate, (0.95, 1.00))
    assert (shown.decimals, shown.adjusted) == (decimals, adjusted)
    assert format_rate(rate, (0.95, 1.00), "fr") == text


def test_missing_rate_and_no_threshold():
    assert format_rate(None, (0.95,), "fr") == "–"
    assert format_rate(float("nan"), (0.95,), "en") == "–"
    assert format_rate(0.94999, (), "en") == "95.0%"  # no threshold beside it: plain rounding
    assert displayed_rate(0.94999, (0.95,)).value == 0.9499  # for an export: write 0.9499 with "0.00 %"


def test_the_rate_stands_on_the_side_the_cent_rule_gives_the_status():
    # 190 000 000,10 € paid of 200 000 000,11 €: 95 % of the base is 190 000 000,1045 €, rounded half up to
    # 190 000 000,10 €: the cent rule says 95 % is reached (orange), while the rate is 94,99999999…9 %
    s = kpi_status(190_000_000.10, 200_000_000.11, CONSUMPTION)
    assert s.rag == "orange" and s.rate < 0.95
    assert s.rate_text("fr") == "95,0\xa0%"  # beside "À surveiller", never "94,99 %" (it was, before)
    assert (s.shown().value, s.shown().decimals) == (0.95, 1)
    assert format_rate(s.rate, s.thresholds, "fr") == "94,99\xa0%"  # the rate's own side, when no status is given


@pytest.mark.parametrize(
    "rate, fr, en",
    [
        (0.9405, "94,1\xa0%", "94.1%"),  # 94,05 %: half up (Babel alone gave "94,0 %", the grid and Excel 94,1 %)
        (0.12345, "12,3\xa0%", "12.3%"),  # 12,345 %: the second decimal decides, 4 < 5
        (0.0005, "0,1\xa0%", "0.1%"),  # 0,05 %: up
        (0.99949, "99,9\xa0%", "99.9%"),
    ],
)
def test_a_plain_rate_is_rounded_half_up_everywhere(rate, fr, en):
    from i18n import format_pct
    from monitoring.status import plain_shown, shown_text

    assert format_pct(rate, "fr") == fr and format_pct(rate, "en") == en
    shown = float(plain_shown([rate])[0])
    assert shown_text(shown, 1, "fr") == fr  # the value Excel gets writes the same figure
