"""RAG status: levels at the boundaries (to the cent), labels and the euros still to commit or pay."""

from datetime import date

import numpy as np
import pytest

from monitoring.status import Status, forecast_status, kpi_status, rag_for, status_columns
from monitoring.thresholds import ForecastBands, Kpi

CONSUMPTION = Kpi("consumption", "2014-2020", 0.95, 1.00, 0.97, date(2014, 1, 1), date(2023, 12, 31))
COMMITMENT = Kpi("commitment", "2021-2027", 0.60, 0.90, 0.75, date(2021, 1, 1), date(2023, 12, 31))
A14 = 200_000_000.0
A21 = 288_000_000.0


@pytest.mark.parametrize(
    "done, level, gap",
    [
        (189_999_999.99, "red", 0.01),  # 190 000 000 needed (95 % of 200 M) - 189 999 999.99 = 0.01
        (190_000_000.00, "orange", 10_000_000.0),  # exactly 95 %: orange; 200 M - 190 M = 10 M to green
        (193_999_999.99, "orange", 6_000_000.01),  # a cent below the 97 % mark: still orange
        (194_000_000.00, "orange", 6_000_000.0),  # the 97 % mark is only drawn, not a band
        (199_999_999.99, "orange", 0.01),  # a cent below 100 %
        (200_000_000.00, "green", 0.0),  # exactly 100 %: green
        (210_000_000.00, "green", 0.0),  # above 100 % stays green
    ],
)
def test_consumption_boundaries_2014_2020(done, level, gap):
    s = kpi_status(done, A14, CONSUMPTION)
    assert s.rag == level
    assert s.gap == pytest.approx(gap, abs=1e-9)
    assert s.action == "pay"


@pytest.mark.parametrize(
    "done, level, nxt",
    [
        (172_799_999.99, "red", 0.60),  # 60 % of 288 M = 172 800 000
        (172_800_000.00, "orange", 0.90),  # exactly 60 %
        (215_999_999.99, "orange", 0.90),  # a cent below the 75 % mark (216 000 000)
        (216_000_000.00, "orange", 0.90),  # exactly 75 %: the mark, still orange
        (259_199_999.99, "orange", 0.90),  # a cent below 90 % (259 200 000)
        (259_200_000.00, "green", None),  # exactly 90 %
    ],
)
def test_commitment_boundaries_2021_2027(done, level, nxt):
    s = kpi_status(done, A21, COMMITMENT)
    assert (s.rag, s.next_threshold) == (level, nxt)
    assert s.action == "commit"


def test_float_noise_at_the_boundary_does_not_turn_red():
    # 0.95 * 3 = 2.8499999999999996 in floats; 2.85 € of 3 € is exactly 95 %
    assert kpi_status(2.85, 3.0, CONSUMPTION).rag == "orange"
    assert kpi_status(2.84, 3.0, CONSUMPTION).rag == "red"
    assert rag_for(0.95 * 3 / 3, 0.95, 1.0) == "orange"
    assert rag_for(0.9499999999999999, 0.95, 1.0) == "orange"  # float error, rounded to 12 decimals
    assert rag_for(0.94999999995, 0.95, 1.0) == "red"  # a cent below on 200 M€


@pytest.mark.parametrize(
    "rate, level",
    [
        (0.5999, "red"),
        (0.60, "orange"),
        (0.75, "orange"),
        (0.8999, "orange"),
        (0.90, "green"),
        (None, "na"),
        (float("nan"), "na"),
    ],
)
def test_rag_for(rate, level):
    assert rag_for(rate, 0.60, 0.90) == level


def test_zero_allocation_is_not_applicable():
    s = kpi_status(5.0, 0.0, CONSUMPTION)
    assert (s.rag, s.rate, s.gap, s.next_threshold) == ("na", None, None, None)
    assert s.label("fr") == "Sans objet"
    assert s.describe("en") == "No allocation"


def test_red_status_words_in_three_languages():
    s = kpi_status(185_800_000.0, A14, CONSUMPTION)  # 190 M - 185.8 M = 4.2 M to pay
    assert s.gap == 4_200_000.0
    assert s.rate == pytest.approx(0.929)  # 185.8 / 200
    assert s.label("fr") == "Sous le seuil"
    assert s.label("nl") == "Onder de drempel"
    assert s.label("en") == "Below threshold"
    assert s.describe("fr") == "4,2\xa0M€ à liquider pour atteindre 95\xa0%"
    assert s.describe("nl") == "€\xa04,2\xa0mln nog te vereffenen om 95% te bereiken"  # Belgian Dutch: "€ 4,2 mln"
    assert s.describe("en") == "€4.2M to pay to reach 95%"


def test_orange_and_green_words():
    s = kpi_status(180_000_000.0, A21, COMMITMENT)  # 90 % of 288 M = 259.2 M; 259.2 - 180 = 79.2 M
    assert s.describe("en") == "€79.2M to commit to reach 90%"
    assert s.describe("fr") == "79,2\xa0M€ à engager pour atteindre 90\xa0%"
    g = kpi_status(A14, A14, CONSUMPTION)
    assert g.describe("en") == "100% target reached"  # green from 100 %: the target (cible / streefwaarde)
    assert g.describe("fr") == "Cible de 100\xa0% atteinte"
    assert g.label("nl") == "Streefwaarde bereikt"  # not "Doel bereikt", read as "objective reached"


def test_small_gap_is_written_in_full():
    s = kpi_status(189_999_999.99, A14, CONSUMPTION)
    assert s.describe("en") == "€0.01 to pay to reach 95%"


@pytest.mark.parametrize(
    "paid, level, gap",
    [
        (79_999.99, "red", 0.01),  # 80 % of 100 000 = 80 000
        (80_000.00, "orange", 10_000.0),  # 90 000 - 80 000
        (89_999.99, "orange", 0.01),
        (90_000.00, "green", 0.0),
    ],
)
def test_forecast_bands(paid, level, gap):
    s = forecast_status(paid, 100_000.0, ForecastBands())
    assert (s.rag, s.gap) == (level, pytest.approx(gap))
    assert s.basis == "forecast"


def test_forecast_words():
    s = forecast_status(50_000.0, 100_000.0)  # 80 000 - 50 000 = 30 000 still to pay
    assert s.describe("en") == "€30k to pay to reach 80% of the forecast"
    assert forecast_status(0.0, 0.0).describe("fr") == "Aucune prévision"


def test_status_columns_vectorised_matches_scalar():
    done = np.array([189_999_999.99, 190_000_000.0, 200_000_000.0, 1.0])
    base = np.array([A14, A14, A14, 0.0])
    st = status_columns(done, base, 0.95, 1.0)
    assert list(st["rag"]) == ["red", "orange", "green", "na"]
    assert st["gap"].iloc[0] == pytest.approx(0.01)
    assert st["gap"].iloc[1] == 10_000_000.0
    assert np.isnan(st["gap"].iloc[2]) and np.isnan(st["next_threshold"].iloc[3])


def test_status_is_frozen():
    with pytest.raises(AttributeError):
        Status("red", 0.1, 0.6, 1.0, "commit").rag = "green"
