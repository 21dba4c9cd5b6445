"""Settings for the whole suite.

Property tests (hypothesis) are derandomized: the same examples on every run, so a new random draw
cannot turn CI red overnight. ``HYPOTHESIS_PROFILE=explore python -m pytest`` draws new examples
(run it on purpose, and turn what it finds into a named test).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
from hypothesis import settings

settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server (Debian's) on a free loopback port, for the tests of shared caching."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: install it (bash tools/install_test_deps.sh)")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)
