"""Responses compressed (brotli or gzip, as the browser accepts): the scripts went out as 9.3 MB uncompressed.

flask-compress (the extension Dash itself uses for ``compress=True``) compresses every response of a
compressible type above 500 bytes, after the request, and adds ``Vary: Accept-Encoding``. Brotli first (about
a fifth smaller than gzip on these bundles, and every browser in use sends ``br``), gzip for the others.

The component bundles (``/_dash-component-suites/...``: plotly alone is 4.6 MB) and the assets are the same
bytes for the same URL (Dash puts the package version and the file's time in it), so each is compressed once
per encoding and kept in this worker's memory (:class:`StaticBodies`); callback answers and pages are
compressed each time and never kept. Works the same under ``python app.py`` and gunicorn (it is a Flask
extension on ``app.server``).
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, Request, Response, request
from flask_compress import Compress

#: the URL prefixes whose bodies depend only on the URL (and may be kept compressed)
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")


def _static_key(req: Request) -> str:
    """The cache key of a static bundle (its path and query), or "" for any other request (never kept)."""
    if req.method == "GET" and req.path.startswith(STATIC_PREFIXES):
        return req.full_path
    return ""


class StaticBodies:
    """flask-compress's cache backend: compressed bundles by (encoding, URL); nothing for other requests.

    flask-compress asks the backend for every compressed response, keyed ``"<encoding>;<cache key>"``; the
    key of a dynamic response is empty, so ``"br;"`` or ``"gzip;"``: those are neither read nor kept.
    """

    def __init__(self, limit_bytes: int = 64 * 1024 * 1024):
        self._bodies: dict[str, bytes] = {}
        self._size = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()

    @staticmethod
    def _keeps(key: str) -> bool:
        return not key.endswith(";")

    def get(self, key: str) -> bytes | None:
        if not self._keeps(key):
            return None
        with self._lock:
            return self._bodies.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not self._keeps(key):
            return
        with self._lock:
            if key in self._bodies or self._size + len(value) > self._limit:
                return
            self._bodies[key] = value
            self._size += len(value)


def _buffer_assets(response: Response) -> Response:
    """An asset is sent from its file (a streamed response, which flask-compress would leave alone or compress
    chunk by chunk every time): read it whole, so it is compressed once and kept like the bundles."""
    if response.direct_passthrough and request.path.startswith("/assets/") and response.status_code == 200:
        response.direct_passthrough = False
        data = response.get_data()
        response.close()  # the file it was read from
        response.set_data(data)
    return response


def install(server: Flask) -> Compress:
    """Compress ``server``'s responses (see the module)."""
    config: dict[str, Any] = {
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_STREAMS": False,
        "COMPRESS_BR_LEVEL": 5,
        "COMPRESS_LEVEL": 6,
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_CACHE_KEY": _static_key,
        "COMPRESS_CACHE_BACKEND": StaticBodies,
    }
    for key, value in config.items():
        server.config.setdefault(key, value)
    compress = Compress(server)
    server.after_request(_buffer_assets)  # registered after flask-compress's hook, so it runs before it
    return compress
