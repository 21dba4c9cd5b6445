"""The ERDF programme-monitoring dashboard.

python app.py                 # serves http://127.0.0.1:8050 on the demo data
gunicorn --preload app:server # production (settings from ERDF_* environment variables)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from dash import Dash, State, html
from flask import request

import callbacks
import settings as settings_mod
from data_loaders.store import DataStore
from monitoring.thresholds import load_thresholds
from ui import auth, compression, downloads, http, ids, official_export, service, shell, uploads
from ui.context import choose_lang

ROOT = Path(__file__).resolve().parent
# Dash's default page, with the request's language and without a second <footer> landmark around the scripts
INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


class DashboardApp(Dash):
    """Dash with ``<html lang>`` set from the URL on the first load (the browser keeps it up to date after)."""

    def interpolate_index(self, **kwargs: Any) -> str:  # type: ignore[override]
        lang = choose_lang(request.args.get("lang"))
        return super().interpolate_index(**kwargs).replace("{%lang%}", lang, 1)


def _cache_config(s: settings_mod.Settings) -> dict[str, Any]:
    config: dict[str, Any] = {
        "CACHE_TYPE": s.cache_type,
        "CACHE_DEFAULT_TIMEOUT": s.cache_timeout,
        "CACHE_KEY_PREFIX": "erdf:",
    }
    if s.cache_type == "RedisCache":
        config["CACHE_REDIS_URL"] = s.cache_redis_url
    elif s.cache_type == "FileSystemCache":
        config["CACHE_DIR"] = str(s.cache_dir)
    return config


def create_app(s: settings_mod.Settings | None = None) -> Dash:
    """Build the Dash app: load the workbooks, the thresholds, the cache, the pages and the callbacks."""
    s = s or settings_mod.from_env()
    if Path(s.data_dir).resolve() == settings_mod.DEFAULT_DATA_DIR.resolve():
        from data_loaders.demo import ensure_demo_data

        ensure_demo_data(s.data_dir)
    store = DataStore.from_settings(s)
    store.refresh(force=True)
    store.start_watching(s.watch_seconds)  # incoming/ is taken on a timer, not only when a request comes
    service.configure(store, load_thresholds(s.thresholds_file), s)

    app = DashboardApp(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        suppress_callback_exceptions=True,
        routing_callback_inputs={"language": State(ids.LANG_STORE, "data")},
        title="ERDF · FEDER · EFRO",
        index_string=INDEX_STRING,
        update_title="",
        serve_locally=True,
        csrf_token_name=auth.csrf_cookie_name(s),  # the cookie the renderer sends back (__Host- behind HTTPS)
    )
    service.cache.init_app(app.server, config=_cache_config(s))
    callbacks.register_all(app)
    http.install(app)
    compression.install(app.server)  # scripts, pages and callback answers sent brotli/gzip (see ui.compression)
    auth.install(app, s)  # login and roles when a users file is configured (see ui.auth)
    downloads.register(app)  # GET /export/<page path>: the page's workbook (see ui.downloads)
    uploads.install(app)  # POST /data/upload: an editor's workbook, validated in the background (see ui.uploads)
    official_export.register(app)  # GET /export-official/<cci>: the official figures' workbook (ui.official_export)
    app.layout = html.Div([shell.layout()])
    if s.warm_pages:
        from ui.warm import warm_pages

        warm_pages(app.server)  # the most opened pages, built before the workers fork (see ui.warm)
    return app


_built: dict[str, Dash] = {}


def __getattr__(name: str) -> Any:
    """``app`` and ``server`` are built on first access (``gunicorn app:server``), not at import,
    so tests can import create_app without loading the default data."""
    if name in ("app", "server"):
        if "app" not in _built:
            _built["app"] = create_app()
        return _built["app"] if name == "app" else _built["app"].server
    raise AttributeError(name)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    _s = settings_mod.from_env()
    create_app(_s).run(host=_s.host, port=_s.port, debug=_s.debug)
