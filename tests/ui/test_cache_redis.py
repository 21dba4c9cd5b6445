"""Several workers share figures through a real Redis server, keyed on the data snapshot.

Worker A (this process) computes a figure through ui.service with a RedisCache; worker B (a separate
Python process, whose core function would raise if called) gets the same figure from Redis. A new
snapshot id never hits the old entry.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def configured(tmp_path):
    """ui.service pointed at the demo workbooks; the previous configuration is restored afterwards."""
    from data_loaders.demo import write_demo_workbooks
    from data_loaders.store import DataStore
    from monitoring.thresholds import load_thresholds
    from settings import Settings
    from ui import service

    write_demo_workbooks(tmp_path)
    saved = service.backend()
    store = DataStore(tmp_path)
    store.refresh(force=True)
    service.configure(store, load_thresholds(), Settings(data_dir=tmp_path))
    yield tmp_path, store
    service.configure(*saved)


WORKER_B = textwrap.dedent("""
    import json, sys
    from datetime import date
    sys.path.insert(0, {root!r})
    from flask import Flask
    from data_loaders.store import DataStore
    from monitoring import figures
    from monitoring.thresholds import load_thresholds
    from settings import Settings
    from ui import service

    def must_not_run(*args, **kwargs):
        raise SystemExit("worker B computed the figure instead of reading it from Redis")

    figures.level_table = must_not_run
    store = DataStore({folder!r}); store.refresh(force=True)
    service.configure(store, load_thresholds(), Settings(data_dir={folder!r}))
    app = Flask("worker-b")
    config = {{"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": {url!r}, "CACHE_KEY_PREFIX": "erdf:"}}
    service.cache.init_app(app, config=config)
    with app.app_context():
        table = service.level_table("2014-2020", "objective", date(2023, 11, 30), snapshot=None)
    print(json.dumps({{"snapshot": store.snapshot_id, "committed": round(float(table["committed"].sum()), 2)}}))
""")


@pytest.mark.redis
def test_two_workers_share_figures_through_redis(redis_url, configured, tmp_path_factory):
    import redis
    from flask import Flask

    from data_loaders.store import DataStore
    from monitoring import figures
    from monitoring.thresholds import load_thresholds
    from settings import Settings
    from ui import service

    folder, store = configured
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    app = Flask("worker-a")
    service.cache.init_app(
        app, config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url, "CACHE_KEY_PREFIX": "erdf:"}
    )
    with app.app_context():
        table = service.level_table("2014-2020", "objective", date(2023, 11, 30), snapshot=None)
    keys = client.keys("erdf:*")
    assert keys, "worker A stored nothing in Redis"
    expected = round(float(figures.level_table(store.get("2014-2020"), "objective")["committed"].sum()), 2)
    assert round(float(table["committed"].sum()), 2) == expected

    script = WORKER_B.format(root=str(ROOT), folder=str(folder), url=redis_url)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    assert answer == {"snapshot": store.snapshot_id, "committed": expected}

    # other data (here: the folder without its 2021-2027 workbook) is another snapshot, hence another key:
    # the old entry is never served for it
    other = tmp_path_factory.mktemp("other")
    shutil.copy(folder / "erdf-2014-2020.xlsx", other)
    store2 = DataStore(other)
    store2.refresh(force=True)
    assert store2.snapshot_id != store.snapshot_id
    saved = service.backend()
    service.configure(store2, load_thresholds(), Settings(data_dir=other))
    try:
        with app.app_context():
            before = len(client.keys("erdf:*"))
            service.level_table("2014-2020", "objective", date(2023, 11, 30), snapshot=None)
            assert len(client.keys("erdf:*")) > before
    finally:
        service.configure(*saved)
