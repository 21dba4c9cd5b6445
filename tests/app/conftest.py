"""One Dash app for the whole session, on the demo workbooks (helpers to call it: ``helpers.py``).

The app is built once: ``create_app`` reloads the callbacks modules and Dash consumes the global
callback list when an app serves its first request, so a second app in the same process would
not get them. The demo workbooks are written into a temporary folder, so the settings are not
"demo" settings (no demo notice) and nothing is written into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from data_loaders import load_programme
from data_loaders.demo import write_demo_workbooks


# --- the app ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-data")
    write_demo_workbooks(folder)
    return folder


@pytest.fixture(scope="session")
def programmes(demo_dir) -> dict:
    """The demo programmes as the core sees them (loaded independently of the app), by programme id."""
    out = {}
    for path in sorted(demo_dir.glob("*.xlsx")):
        data = load_programme(path)
        out[data.programme_id] = data
    return out


@pytest.fixture(scope="session")
def thresholds():
    from monitoring.thresholds import load_thresholds

    return load_thresholds()


@pytest.fixture(scope="session")
def app(demo_dir):
    from app import create_app
    from settings import Settings

    return create_app(Settings(data_dir=demo_dir, reload_check_seconds=3600))


@pytest.fixture(scope="session")
def client(app):
    c = app.server.test_client()
    assert c.get("/").status_code == 200  # first request: Dash sets up the server and the pages router
    return c
