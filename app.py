"""The ERDF programme-monitoring dashboard.

python app.py                 # serves http://127.0.0.1:8050 on the demo data
gunicorn --preload app:server # production (settings from ERDF_* environment variables)
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from dash import Dash, State, html

import settings as settings_mod
from data_loaders.store import DataStore
from monitoring.thresholds import load_thresholds
from ui import service, shell

ROOT = Path(__file__).resolve().parent
# Dash's default page, with a language and without a second <footer> landmark around the scripts
INDEX_STRING = """<!DOCTYPE html>
<html lang="fr">
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
CALLBACK_MODULES = ("callbacks.shell", "callbacks.navigation", "callbacks.explorer")


def _cache_config(s: settings_mod.Settings) -> dict:
    config = {"CACHE_TYPE": s.cache_type, "CACHE_DEFAULT_TIMEOUT": s.cache_timeout, "CACHE_KEY_PREFIX": "erdf:"}
    if s.cache_type == "RedisCache":
        config["CACHE_REDIS_URL"] = s.cache_redis_url
    elif s.cache_type == "FileSystemCache":
        config["CACHE_DIR"] = str(s.cache_dir)
    return config


def _drop_duplicate_callbacks() -> None:
    """Keep one registration per output in Dash's pending global callbacks (the latest one).

    A callbacks module imported before create_app and then reloaded registers its callbacks twice;
    the browser would then fire each of them twice.
    """
    from dash import _callback

    latest = {}
    for entry in _callback.GLOBAL_CALLBACK_LIST:
        latest[entry["output"]] = entry
    _callback.GLOBAL_CALLBACK_LIST[:] = list(latest.values())


def create_app(s: settings_mod.Settings | None = None) -> Dash:
    """Build the Dash app: load the workbooks, the thresholds, the cache, the pages and the callbacks."""
    s = s or settings_mod.from_env()
    if Path(s.data_dir).resolve() == settings_mod.DEFAULT_DATA_DIR.resolve():
        from data_loaders.demo import ensure_demo_data

        ensure_demo_data(s.data_dir)
    store = DataStore(Path(s.data_dir), reload_check_seconds=s.reload_check_seconds)
    store.refresh(force=True)
    service.configure(store, load_thresholds(s.thresholds_file), s)

    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        suppress_callback_exceptions=True,
        routing_callback_inputs={"language": State("lang-store", "data")},
        title="ERDF · FEDER · EFRO",
        index_string=INDEX_STRING,
        update_title=None,
        serve_locally=True,
    )
    service.cache.init_app(app.server, config=_cache_config(s))
    for name in CALLBACK_MODULES:  # register the @callback functions on this app (again, for a second app)
        if name in sys.modules:
            importlib.reload(sys.modules[name])
        else:
            importlib.import_module(name)
    _drop_duplicate_callbacks()
    app.layout = html.Div([shell.layout(), html.Div(id="lang-sink", hidden=True)])
    return app


_built: dict = {}


def __getattr__(name: str):
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
