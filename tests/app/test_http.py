"""The HTTP level: security headers on every answer, a cap on callback bodies, 404 for unknown pages."""

from __future__ import annotations

import pytest

from ui.http import CALLBACK_MAX_BYTES


@pytest.mark.parametrize("path", ["/", "/programme/2021-2027", "/_dash-layout", "/assets/style.css"])
def test_every_answer_carries_the_security_headers(client, path):
    resp = client.get(path)
    resp.close()
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'sha256-" in script_src  # Dash's own inline scripts, by hash
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/programme/2021-2027", 200),
        ("/programme/2021-2027/objective/2.1", 200),
        ("/programme/2021-2027/call/2023-08", 200),
        ("/programme/2014-2020/project/1420-1-01", 200),
        ("/programme/2021-2027/projects", 200),
        ("/committee", 200),
        ("/no/such/page", 404),
        ("/programme/../../etc/passwd", 404),
        ("/programme/2021-2027/objective/2.1/extra", 404),
    ],
)
def test_unknown_page_paths_answer_404_with_the_page_drawn(client, demo_dir, path, status):
    resp = client.get(path)
    assert resp.status_code == status
    html = resp.get_data(as_text=True)
    assert '<div id="react-entry-point">' in html  # the app still draws its 404 page, with a way back
    assert str(demo_dir) not in html  # never the server's data folder


def test_a_callback_body_above_the_cap_is_refused_before_it_is_read(client):
    body = b"{" + b" " * (CALLBACK_MAX_BYTES + 1) + b"}"
    assert client.post("/_dash-update-component", data=body, content_type="application/json").status_code == 413
