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
    #: seconds between two looks at the data folder and its incoming/ by a background timer, requests or not (and no
    #: more often than reload_check_seconds); 0: off
    watch_seconds: float = 10.0
    #: users file (TOML: name, role, argon2 hash); None: no login (the local demo). See ``python -m ui.auth``
    users_file: Path | None = None
    #: key that signs the session cookie (required when users_file is set; several workers share it)
    secret_key: str = ""
    #: trust this request header as the user's name (set by a reverse proxy that authenticated them); off if empty
    trusted_user_header: str = ""
    #: the role given to a user named by the trusted header (viewer, editor or admin)
    trusted_role_header: str = ""
    #: send the session cookie over HTTPS only (on behind an HTTPS proxy): then also HSTS and ``__Host-`` cookies
    secure_cookies: bool = False
    #: failed sign-ins for one user name, within login_lock_minutes, that lock the name for login_lock_minutes
    login_max_failures: int = 5
    #: failed sign-ins from one client address (any names) that lock the address the same way
    login_address_max_failures: int = 20
    #: how long failures are counted and how long a lock lasts, in minutes
    login_lock_minutes: float = 15.0
    #: password checks (argon2id, ~190 ms and 64 MiB each) that may run at once on the host; more: "try again"
    login_concurrency: int = 1
    #: hours a sign-in lasts (the session cookie is refused after it, whatever the browser keeps)
    session_hours: float = 12.0
    #: reverse proxies in front of the app that add X-Forwarded-For / X-Forwarded-Proto (0: none trusted)
    proxy_hops: int = 0
    #: the largest workbook an upload may send, in MiB
    upload_max_mb: int = 64
    #: the most the uploads waiting on the server (DATA_DIR/.uploads) may hold together, in MiB; 0: no quota
    upload_quota_mb: int = 2048
    #: worker threads that check uploads and reload the data folder (the watch folder too), shared
    intake_workers: int = 2
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
        watch_seconds=float(env.get("ERDF_WATCH_SECONDS", "10")),
        users_file=Path(env["ERDF_USERS_FILE"]) if env.get("ERDF_USERS_FILE") else None,
        secret_key=env.get("ERDF_SECRET_KEY", ""),
        trusted_user_header=env.get("ERDF_TRUSTED_USER_HEADER", ""),
        trusted_role_header=env.get("ERDF_TRUSTED_ROLE_HEADER", ""),
        upload_max_mb=int(env.get("ERDF_UPLOAD_MAX_MB", "64")),
        upload_quota_mb=int(env.get("ERDF_UPLOAD_QUOTA_MB", "2048")),
        intake_workers=int(env.get("ERDF_INTAKE_WORKERS", "2")),
        secure_cookies=_bool(env.get("ERDF_SECURE_COOKIES"), False),
        login_max_failures=int(env.get("ERDF_LOGIN_MAX_FAILURES", "5")),
        login_address_max_failures=int(env.get("ERDF_LOGIN_ADDRESS_MAX_FAILURES", "20")),
        login_lock_minutes=float(env.get("ERDF_LOGIN_LOCK_MINUTES", "15")),
        login_concurrency=int(env.get("ERDF_LOGIN_CONCURRENCY", "1")),
        session_hours=float(env.get("ERDF_SESSION_HOURS", "12")),
        proxy_hops=int(env.get("ERDF_PROXY_HOPS", "0")),
        page_cache_size=int(env.get("ERDF_PAGE_CACHE_SIZE", "64")),
        warm_pages=_bool(env.get("ERDF_WARM_PAGES"), False),
        official_dir=Path(env["ERDF_OFFICIAL_DIR"]) if env.get("ERDF_OFFICIAL_DIR") else default_official_dir(),
    )
