"""What the app says at the HTTP level: security headers, a cap on callback bodies, 404 for unknown pages.

* Content-Security-Policy: scripts from the app itself and Dash's own inline scripts (by hash, computed
  from the app's inline scripts, which Dash lists); no other origin, no framing, no plugins. Styles allow
  inline ones (plotly and Mantine write style elements at run time).
* X-Content-Type-Options, X-Frame-Options, Referrer-Policy, Permissions-Policy.
* A callback request body above ``CALLBACK_MAX_BYTES`` is refused (413): the figures' callbacks carry a
  few kilobytes; a 200 MB body or a 50 MB quick search is not a user's. Uploads have their own route.
* A GET of a page path the app does not know answers 404 (Dash would answer 200 and draw its 404 page:
  the page is still drawn, with the right status for browsers, crawlers and monitoring).
"""

from __future__ import annotations

import re
from functools import cache

import dash
from flask import Flask, Response, abort, jsonify, request

from . import service

#: the largest callback body accepted (the largest the app sends is the explorer's rows: a few hundred kB)
CALLBACK_MAX_BYTES = 2 * 1024 * 1024
_DASH_PREFIXES = ("/_dash-", "/assets/", "/_favicon", "/_reload-hash")
#: the health endpoint (JSON): for a load balancer, a supervisor or a container's health check
HEALTH_PATH = "/healthz"


def content_security_policy(script_hashes: list[str]) -> str:
    """The policy: nothing but the app's own origin, and Dash's inline scripts by their hash."""
    scripts = " ".join(["'self'", *script_hashes])  # Dash gives them quoted: 'sha256-...'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


@cache
def _page_patterns() -> tuple[re.Pattern[str], ...]:
    out = []
    for page in dash.page_registry.values():
        template = page.get("path_template") or page.get("path") or ""
        if page.get("module", "").endswith("not_found_404"):
            continue
        regex = re.sub(r"<[^>]+>", "[^/]+", re.escape(template).replace(r"\<", "<").replace(r"\>", ">"))
        out.append(re.compile(f"^{regex}/?$"))
    return tuple(out)


def known_page(path: str) -> bool:
    """True if ``path`` is one of the app's pages (a path template of the page registry)."""
    return any(p.match(path) for p in _page_patterns())


def install(app: dash.Dash) -> None:
    """Add the headers, the callback cap and the 404 status to ``app``'s server."""
    server: Flask = app.server

    @server.get(HEALTH_PATH)
    def _health() -> tuple[Response, int]:
        """200 with the programmes served; 503 while no programme is loaded (the app serves nothing useful)."""
        body = service.health()
        return jsonify(body), 200 if body["status"] == "ok" else 503

    @server.before_request
    def _cap_callback_bodies() -> None:
        if request.path.startswith("/_dash-update-component"):
            request.max_content_length = CALLBACK_MAX_BYTES  # also for a body sent without a length
            if (request.content_length or 0) > CALLBACK_MAX_BYTES:
                abort(413)

    @server.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", content_security_policy(list(app.csp_hashes())))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.mimetype == "text/html"
            and not request.path.startswith(_DASH_PREFIXES)
            and (request.url_rule is None or request.url_rule.rule in ("/", "/<path:path>"))  # Dash's page routes
            and not known_page(request.path)
        ):
            response.status_code = 404
        return response
