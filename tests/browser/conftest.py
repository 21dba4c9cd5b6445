"""Browser tests: the real app served on 127.0.0.1, driven by Playwright in Debian's headless Chromium.

No browser is ever downloaded and no browser test is skipped: if /usr/bin/chromium is missing the
fixture fails and says how to install it. Screenshots of every page land in artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ERDF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = ROOT / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    from data_loaders.demo import write_demo_workbooks

    folder = tmp_path_factory.mktemp("demo")
    write_demo_workbooks(folder)
    return folder


@contextmanager
def serve(folder: Path, log_name: str = "server.log", extra_env: dict[str, str] | None = None):
    """The dashboard, served by `python app.py` on a free loopback port, on the workbooks of ``folder``."""
    port = _free_port()
    env = {
        **os.environ,
        "ERDF_PORT": str(port),
        "ERDF_HOST": "127.0.0.1",
        "ERDF_DATA_DIR": str(folder),
        "ERDF_DEMO": "1",
        **(extra_env or {}),
    }
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with open(ROOT / "artifacts" / log_name, "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"the app exited with code {proc.returncode}; see artifacts/{log_name}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError("the app did not start listening within 60 s")
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def with_login(demo_dir: Path, tmp_path_factory, label: str, users: dict[str, tuple[str, str]]):
    """A copy of the demo workbooks and a users file (name -> (role, password), real argon2 hashes) beside it:
    (data folder, users file, the environment that turns the login on)."""
    import shutil

    from ui import auth

    folder = tmp_path_factory.mktemp(label)
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        shutil.copy(demo_dir / name, folder / name)
    path = folder.parent / f"{label}-users.toml"
    hasher = auth._hasher()
    auth.write_users(path, {n: auth.User(n, role, hasher.hash(pw)) for n, (role, pw) in users.items()})
    env = {"ERDF_USERS_FILE": str(path), "ERDF_SECRET_KEY": f"{label}-secret-" + "k" * 32}
    return folder, path, env


@pytest.fixture(scope="session")
def server(demo_dir):
    """The dashboard on the demo workbooks, for the whole session."""
    with serve(demo_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium and chromium-driver "
            "(bash tools/install_test_deps.sh); browser tests are never skipped"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class ConsoleWatch:
    """Collects browser console errors and uncaught page errors."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-BE")
    pg = context.new_page()
    pg.console_watch = ConsoleWatch(pg)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def core_data(demo_dir):
    """The same workbooks loaded straight through the loader, for the core's own figures."""
    from data_loaders import load_programme
    from monitoring.thresholds import load_thresholds

    programmes = {}
    for path in sorted(demo_dir.glob("*.xlsx")):
        data = load_programme(path)
        programmes[data.programme_id] = data
    return programmes, load_thresholds()


def wait_ready(page, timeout: int = 15000):
    """Wait until Dash has no callback in flight and the page content is drawn."""
    page.wait_for_selector("#_pages_content > *", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    page.wait_for_timeout(200)


def settled(page, read, done, tries: int = 40, pause: int = 250):
    """``read()`` again every ``pause`` ms until ``done(value)`` (at most ``tries`` times), then its last value:
    for what the page draws from an answer that comes after the URL or the first rows (a grid's block, its
    printed copy)."""
    value = read()
    for _ in range(tries - 1):
        if done(value):
            break
        page.wait_for_timeout(pause)
        value = read()
    return value


def screenshot(page, name: str) -> Path:
    """A full-page screenshot, after scrolling so that lazily drawn grids render."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(60)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pytest_collection_modifyitems(config, items):
    """Every test of this folder drives the browser: ``-m "not browser"`` leaves them all out."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
