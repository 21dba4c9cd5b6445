"""The thresholds file: defaults, override by ERDF_THRESHOLDS, errors naming file and key."""

from datetime import date

import pytest

from monitoring.thresholds import DEFAULT_PATH, ForecastBands, ThresholdsError, load_thresholds

GOOD = """
[programmes."2021-2027"]
headline = "commitment"
[programmes."2021-2027".kpis.commitment]
red_below = 0.5
green_from = 0.8
mark = 0.7
start = 2021-01-01
deadline = 2024-12-31
"""


def test_defaults_follow_the_management_plan():
    t = load_thresholds(DEFAULT_PATH)
    c = t.headline("2014-2020")
    assert (c.key, c.red_below, c.green_from, c.mark) == ("consumption", 0.95, 1.00, 0.97)
    assert (c.start, c.deadline) == (date(2014, 1, 1), date(2023, 12, 31))
    e = t.headline("2021-2027")
    assert (e.key, e.red_below, e.green_from, e.mark) == ("commitment", 0.60, 0.90, 0.75)
    assert (e.start, e.deadline) == (date(2021, 1, 1), date(2023, 12, 31))
    # the team's secondary KPIs were dropped (issue 9): 2021-2027 consumption counted advances as claims to
    # the Commission; 2014-2020 "committed 95 % by 31/12/2020" followed no rule
    assert t.secondary("2014-2020") is None and t.secondary("2021-2027") is None
    assert t.forecast == ForecastBands(0.80, 0.90)
    assert e.action == "commit" and c.action == "pay"


def test_settings_name_the_thresholds_file_and_the_core_reads_no_environment(tmp_path, monkeypatch):
    import settings

    f = tmp_path / "plan.toml"
    f.write_text(GOOD)
    s = settings.from_env({"ERDF_THRESHOLDS": str(f)})
    assert s.thresholds_file == f
    t = load_thresholds(s.thresholds_file)
    assert t.headline("2021-2027").red_below == 0.5
    assert t.forecast == ForecastBands()  # no [forecast] table: default bands 0.80 / 0.90
    with pytest.raises(KeyError, match="2014-2020"):
        t.headline("2014-2020")
    # the environment is settings' business: the core alone reads the default file
    monkeypatch.setenv("ERDF_THRESHOLDS", str(f))
    assert load_thresholds().headline("2021-2027").red_below == 0.60


@pytest.mark.parametrize(
    "text, key",
    [
        (GOOD.replace("red_below = 0.5", 'red_below = "half"'), 'programmes."2021-2027".kpis.commitment.red_below'),
        (GOOD.replace("mark = 0.7\n", ""), 'programmes."2021-2027".kpis.commitment.mark'),
        (GOOD.replace("deadline = 2024-12-31", "deadline = 2020-12-31"), "kpis.commitment.deadline"),
        (GOOD.replace("green_from = 0.8", "green_from = 0.4"), "kpis.commitment.green_from"),
        (GOOD.replace('headline = "commitment"', 'headline = "payment"'), 'programmes."2021-2027".headline'),
        (GOOD.replace("start = 2021-01-01", 'start = "2021"'), "kpis.commitment.start"),
        (GOOD.replace("kpis.commitment]", "kpis.speed]"), "kpis.speed"),
        (GOOD + "\n[forecast]\nred_below = true\n", "forecast.red_below"),
        (GOOD + '[programmes."2021-2027".decommitment]\nclosure = "2029"\n', "decommitment.closure"),
        (GOOD + '[programmes."2021-2027".decommitment]\nclosure = 2026-02-15\n', "decommitment.closure"),
        (GOOD + '[programmes."2021-2027".decommitment]\nlast_n3_year = 2030\n', "decommitment.last_n3_year"),
        (GOOD + '[programmes."2021-2027".decommitment]\nfirst_year_spread = 1\n', "decommitment.first_year_spread"),
        (
            GOOD + '[programmes."2021-2027".decommitment]\nestimate_prefinancing = { "2022" = "half" }\n',
            "decommitment.estimate_prefinancing",
        ),
        ("title = 'x'", "programmes"),
    ],
)
def test_malformed_file_names_file_and_key(tmp_path, text, key):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ThresholdsError) as err:
        load_thresholds(f)
    assert str(f) in str(err.value)
    assert key in str(err.value)


def test_invalid_toml_and_missing_file_name_the_file(tmp_path):
    f = tmp_path / "broken.toml"
    f.write_text("[programmes\n")
    with pytest.raises(ThresholdsError, match=r"broken\.toml"):
        load_thresholds(f)
    with pytest.raises(ThresholdsError, match=r"nowhere\.toml"):
        load_thresholds(tmp_path / "nowhere.toml")
