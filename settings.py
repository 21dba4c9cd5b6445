"""Configuration from environment variables, with safe defaults (documented in the README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = ROOT / "data" / "demo"
#: the Commission's official files, when the team's shared folder sits beside the project (see SOURCES.md there)
SHARED_REALDATA = ROOT.parent / "shared" / "realdata"


def default_official_dir() -> Path | None:
    """The shared real-data folder beside the project when it exists, else None (no official figures)."""
    return SHARED_REALDATA if SHARED_REALDATA.is_dir() else None


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    #: folder holding one workbook per programme (*.xlsx); the demo workbooks are generated there if it is the default
    data_dir: Path = DEFAULT_DATA_DIR
    #: thresholds TOML ($ERDF_THRESHOLDS; None: config/thresholds.toml)
    thresholds_file: Path | None = None
    #: flask-caching backend: SimpleCache (one process), FileSystemCache (several workers, one host), RedisCache
    cache_type: str = "SimpleCache"
    cache_redis_url: str = "redis://127.0.0.1:6379/0"
    cache_dir: Path = ROOT / ".cache" / "flask"
    cache_timeout: int = 3600
    #: seconds between two checks of the data folder for changed workbooks
    reload_check_seconds: float = 5.0
    debug: bool = False
    host: str = "127.0.0.1"
    port: int = 8050
    #: say on every page that the data is illustrative (default: when the data folder is the demo folder)
    demo: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: plausible window of the dates in a workbook, in years (31/12/9999 is read as "no end date")
    intake_date_min_year: int = 2000
    intake_date_max_year: int = 2040
    #: memory (MiB) the child process that reads a workbook may use beyond its own start-up size
    intake_memory_mb: int = 1536
    #: seconds a workbook read may take before the reading process is stopped and the file refused
    intake_timeout_seconds: float = 120.0
    #: seconds a workbook must stay unchanged before it is read (a file being copied is waited for)
    intake_settle_seconds: float = 2.0
    #: users file (TOML: name, role, argon2 hash); None: no login (the local demo). See ``python -m ui.auth``
    users_file: Path | None = None
    #: key that signs the session cookie (required when users_file is set; several workers share it)
    secret_key: str = ""
    #: trust this request header as the user's name (set by a reverse proxy that authenticated them); off if empty
    trusted_user_header: str = ""
    #: the role given to a user named by the trusted header (viewer, editor or admin)
    trusted_role_header: str = ""
    #: send the session cookie over HTTPS only (on behind an HTTPS proxy)
    secure_cookies: bool = False
    #: the largest workbook an upload may send, in MiB
    upload_max_mb: int = 64
    #: built pages a worker keeps (the page as sent, keyed on the data, page, language, date); 0: none
    page_cache_size: int = 64
    #: build the overview, programme and explorer pages at start (gunicorn.conf.py turns it on)
    warm_pages: bool = False
    #: folder of the Commission's official CSV files (implementation series, planned); None: no official figures
    official_dir: Path | None = None

    @property
    def is_demo(self) -> bool:
        if self.demo is not None:
            return self.demo
        return Path(self.data_dir).resolve() == DEFAULT_DATA_DIR.resolve()


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from ERDF_* environment variables."""
    env = os.environ if env is None else env
    thresholds = env.get("ERDF_THRESHOLDS")
    return Settings(
        data_dir=Path(env.get("ERDF_DATA_DIR") or DEFAULT_DATA_DIR),
        thresholds_file=Path(thresholds) if thresholds else None,
        cache_type=env.get("ERDF_CACHE_TYPE", "SimpleCache"),
        cache_redis_url=env.get("ERDF_CACHE_REDIS_URL", "redis://127.0.0.1:6379/0"),
        cache_dir=Path(env.get("ERDF_CACHE_DIR") or ROOT / ".cache" / "flask"),
        cache_timeout=int(env.get("ERDF_CACHE_TIMEOUT", "3600")),
        reload_check_seconds=float(env.get("ERDF_RELOAD_CHECK_SECONDS", "5")),
        debug=_bool(env.get("ERDF_DEBUG"), False),
        host=env.get("ERDF_HOST", "127.0.0.1"),
        port=int(env.get("ERDF_PORT", "8050")),
        demo=_bool(env.get("ERDF_DEMO"), False) if env.get("ERDF_DEMO") else None,
        intake_date_min_year=int(env.get("ERDF_INTAKE_DATE_MIN_YEAR", "2000")),
        intake_date_max_year=int(env.get("ERDF_INTAKE_DATE_MAX_YEAR", "2040")),
        intake_memory_mb=int(env.get("ERDF_INTAKE_MEMORY_MB", "1536")),
        intake_timeout_seconds=float(env.get("ERDF_INTAKE_TIMEOUT_SECONDS", "120")),
        intake_settle_seconds=float(env.get("ERDF_INTAKE_SETTLE_SECONDS", "2")),
        users_file=Path(env["ERDF_USERS_FILE"]) if env.get("ERDF_USERS_FILE") else None,
        secret_key=env.get("ERDF_SECRET_KEY", ""),
        trusted_user_header=env.get("ERDF_TRUSTED_USER_HEADER", ""),
        trusted_role_header=env.get("ERDF_TRUSTED_ROLE_HEADER", ""),
        upload_max_mb=int(env.get("ERDF_UPLOAD_MAX_MB", "64")),
        secure_cookies=_bool(env.get("ERDF_SECURE_COOKIES"), False),
        page_cache_size=int(env.get("ERDF_PAGE_CACHE_SIZE", "64")),
        warm_pages=_bool(env.get("ERDF_WARM_PAGES"), False),
        official_dir=Path(env["ERDF_OFFICIAL_DIR"]) if env.get("ERDF_OFFICIAL_DIR") else default_official_dir(),
    )
