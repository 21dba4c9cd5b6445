"""Signing in over HTTP the way a browser does (the login form's token, then the page that sets the CSRF cookie),
for the tests of issue 20 against a real server (``tests.browser.conftest.serve``)."""

from __future__ import annotations

import re

import requests

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
ALERT = re.compile(r'role="alert">([^<]+)<')


def form_token(s: requests.Session, url: str, **kw) -> str:
    """The CSRF token of the form at ``url``."""
    return TOKEN.search(s.get(url, **kw).text).group(1)


def try_login(base: str, name: str, password: str, headers: dict | None = None, s: requests.Session | None = None):
    """POST the login form (with its token) as ``name``; (the session, the answer). No redirect is followed."""
    s = s or requests.Session()
    token = form_token(s, f"{base}/login?lang=en", headers=headers)
    answer = s.post(
        f"{base}/login?lang=en",
        data={"csrf_token": token, "name": name, "password": password, "next": "/"},
        headers=headers,
        allow_redirects=False,
    )
    return s, answer


def login(base: str, name: str, password: str, headers: dict | None = None) -> requests.Session:
    """A signed-in session, with the CSRF cookie Dash's requests send back."""
    s, answer = try_login(base, name, password, headers)
    assert answer.status_code == 302, (answer.status_code, answer.text[:300])
    s.get(f"{base}/?lang=en", headers={"Accept": "text/html", **(headers or {})})
    return s


def alert(answer: requests.Response) -> str:
    """The page's alert (the error said on the login or password page), unescaped."""
    import html

    found = ALERT.search(answer.text)
    return html.unescape(found.group(1)) if found else ""
