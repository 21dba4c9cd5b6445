"""settings.from_env: the sign-in settings of issue 20, with their defaults (documented in the README's table)."""

from __future__ import annotations

import settings


def test_the_sign_in_defaults():
    s = settings.from_env({})
    assert (s.login_max_failures, s.login_address_max_failures, s.login_lock_minutes) == (5, 20, 15.0)
    assert (s.login_concurrency, s.session_hours, s.proxy_hops, s.secure_cookies) == (1, 12.0, 0, False)


def test_the_sign_in_variables_are_read():
    s = settings.from_env({"ERDF_LOGIN_MAX_FAILURES": "3", "ERDF_LOGIN_ADDRESS_MAX_FAILURES": "50",
                           "ERDF_LOGIN_LOCK_MINUTES": "30", "ERDF_LOGIN_CONCURRENCY": "2",
                           "ERDF_SESSION_HOURS": "8", "ERDF_PROXY_HOPS": "1", "ERDF_SECURE_COOKIES": "1"})  # fmt: skip
    assert (s.login_max_failures, s.login_address_max_failures, s.login_lock_minutes) == (3, 50, 30.0)
    assert (s.login_concurrency, s.session_hours, s.proxy_hops, s.secure_cookies) == (2, 8.0, 1, True)


def test_every_sign_in_variable_is_in_the_readme():
    readme = (settings.ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("ERDF_LOGIN_MAX_FAILURES", "ERDF_LOGIN_ADDRESS_MAX_FAILURES", "ERDF_LOGIN_LOCK_MINUTES",
                 "ERDF_LOGIN_CONCURRENCY", "ERDF_SESSION_HOURS", "ERDF_PROXY_HOPS"):  # fmt: skip
        assert f"| `{name}` |" in readme, name
