"""settings.from_env: every ERDF_* variable, with safe defaults."""

from __future__ import annotations

from pathlib import Path

import settings


def test_defaults_without_environment():
    s = settings.from_env({})
    assert s.data_dir == settings.DEFAULT_DATA_DIR and s.is_demo
    assert s.thresholds_file is None  # the core's default file, config/thresholds.toml
    assert (s.cache_type, s.host, s.port, s.debug) == ("SimpleCache", "127.0.0.1", 8050, False)


def test_every_variable_is_read(tmp_path):
    s = settings.from_env(
        {
            "ERDF_DATA_DIR": str(tmp_path),
            "ERDF_THRESHOLDS": str(tmp_path / "plan.toml"),
            "ERDF_CACHE_TYPE": "RedisCache",
            "ERDF_CACHE_REDIS_URL": "redis://cache:6379/1",
            "ERDF_CACHE_TIMEOUT": "60",
            "ERDF_RELOAD_CHECK_SECONDS": "0.5",
            "ERDF_DEBUG": "yes",
            "ERDF_HOST": "0.0.0.0",
            "ERDF_PORT": "9000",
        }
    )
    assert s.data_dir == tmp_path and not s.is_demo  # another folder is not the demo
    assert s.thresholds_file == Path(tmp_path / "plan.toml")
    assert (s.cache_type, s.cache_redis_url, s.cache_timeout) == ("RedisCache", "redis://cache:6379/1", 60)
    assert (s.reload_check_seconds, s.debug, s.host, s.port) == (0.5, True, "0.0.0.0", 9000)
    assert settings.from_env({"ERDF_DATA_DIR": str(tmp_path), "ERDF_DEMO": "1"}).is_demo  # forced on


def test_the_official_folder(tmp_path):
    assert settings.from_env({"ERDF_OFFICIAL_DIR": str(tmp_path)}).official_dir == tmp_path
    # by default the team's shared real-data folder beside the project, when it is there
    assert settings.from_env({}).official_dir == settings.default_official_dir()
    assert settings.default_official_dir() in (None, settings.ROOT.parent / "shared" / "realdata")
