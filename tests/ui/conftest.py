"""ui tests that need data: ``ui.service`` pointed at the demo workbooks, restored afterwards."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo programmes by id, with ui.service configured on them for the module's tests."""
    from data_loaders.demo import write_demo_workbooks
    from data_loaders.store import DataStore
    from monitoring.thresholds import load_thresholds
    from settings import Settings
    from ui import service

    folder = tmp_path_factory.mktemp("demo")
    write_demo_workbooks(folder)
    store = DataStore(folder, reload_check_seconds=3600)
    store.refresh(force=True)
    saved = service.backend()
    service.configure(store, load_thresholds(), Settings(data_dir=folder))
    yield {pid: store.get(pid) for pid in store.programme_ids}
    service.configure(*saved)
