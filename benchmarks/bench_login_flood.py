"""A login flood against a signed-in viewer (review F2): gunicorn with 2 workers x 2 threads, as deployed.

    python benchmarks/bench_login_flood.py [--seconds 20] [--clients 0 4 16] [--root PATH]

Writes the demo workbooks and a users file (one viewer) into a temporary folder, starts
``gunicorn -c gunicorn.conf.py app:server`` on a free port, signs the viewer in, then for each number of
flooding clients: that many threads post wrong passwords to ``/login`` as fast as they are answered, while the
viewer fetches ``/_dash-layout`` every 0.2 s for ``--seconds``. The name and address locks are turned off for
the run (``ERDF_LOGIN_MAX_FAILURES`` and ``ERDF_LOGIN_ADDRESS_MAX_FAILURES`` very high), so every attempt reaches
the password check: the table shows what the bound on concurrent checks (``ERDF_LOGIN_CONCURRENCY``) does alone.
With the default locks, a flood from one address is answered 429 without a check after 20 failures.

``--root`` runs another checkout (e.g. an older commit unpacked with ``git archive``) for a before/after table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "viewer-zin-een-twee"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _flood(base: str, stop: threading.Event, codes: dict) -> None:
    s = requests.Session()
    token = TOKEN.search(s.get(base + "/login").text).group(1)
    while not stop.is_set():
        try:
            r = s.post(base + "/login", data={"csrf_token": token, "name": "vera", "password": "a wrong guess"},
                       allow_redirects=False, timeout=60)  # fmt: skip
            codes[r.status_code] = codes.get(r.status_code, 0) + 1
        except requests.RequestException:
            codes["error"] = codes.get("error", 0) + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, nargs="+", default=[0, 4, 16])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    from data_loaders.demo import write_demo_workbooks
    from ui import auth

    work = Path(tempfile.mkdtemp(prefix="bench-login-flood-"))
    try:
        write_demo_workbooks(work / "data")
        users = work / "users.toml"
        auth.write_users(users, {"vera": auth.User("vera", "viewer", auth._hasher().hash(PASSWORD))})
        port = _free_port()
        env = {**os.environ, "ERDF_DATA_DIR": str(work / "data"), "ERDF_USERS_FILE": str(users),
               "ERDF_SECRET_KEY": "bench-" + "abcdefgh" * 6, "GUNICORN_BIND": f"127.0.0.1:{port}",
               "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "2", "ERDF_WARM_PAGES": "0",
               "ERDF_LOGIN_MAX_FAILURES": "1000000", "ERDF_LOGIN_ADDRESS_MAX_FAILURES": "1000000"}  # fmt: skip
        with open(work / "gunicorn.log", "w") as log:
            proc = subprocess.Popen(["gunicorn", "-c", "gunicorn.conf.py", "app:server"], cwd=root, env=env,
                                    stdout=log, stderr=log)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    requests.get(base + "/healthz", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.5)
            viewer = requests.Session()
            token = TOKEN.search(viewer.get(base + "/login").text).group(1)
            signed = viewer.post(base + "/login", data={"csrf_token": token, "name": "vera", "password": PASSWORD},
                                 allow_redirects=False)  # fmt: skip
            assert signed.status_code == 302, signed.status_code
            print("| flooding clients | viewer median | p90 | max | viewer requests | login answers (status: count) |")
            print("| --- | --- | --- | --- | --- | --- |")
            for clients in args.clients:
                stop, codes = threading.Event(), {}
                threads = [threading.Thread(target=_flood, args=(base, stop, codes), daemon=True)
                           for _ in range(clients)]  # fmt: skip
                for t in threads:
                    t.start()
                time.sleep(2 if clients else 0)
                times = []
                end = time.monotonic() + args.seconds
                while time.monotonic() < end:
                    started = time.monotonic()
                    assert viewer.get(base + "/_dash-layout", timeout=120).status_code == 200
                    times.append((time.monotonic() - started) * 1000)
                    time.sleep(0.2)
                stop.set()
                for t in threads:
                    t.join(timeout=120)
                times.sort()
                p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
                print(f"| {clients} | {statistics.median(times):.0f} ms | {p90:.0f} ms | {times[-1]:.0f} ms "
                      f"| {len(times)} | {dict(sorted(codes.items(), key=str))} |")  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
