"""A committee meeting under load: locust against gunicorn (two workers) and Redis, on this machine only.

    pip install -r benchmarks/requirements-load.txt     # locust, best in its own virtualenv (see LOCUST below)
    python benchmarks/committee_meeting.py [--projects 50000] [--users 50] [--seconds 60] [--workers 2]

Starts a private redis-server on a free loopback port, then ``gunicorn -c gunicorn.conf.py app:server`` with the
figure cache in that Redis (ERDF_CACHE_TYPE=RedisCache) on the demo workbooks, or with ``--projects N`` on a
seeded national 2014-2020 programme of N projects (benchmarks/scale.py); waits for /healthz, then runs locust
headless (benchmarks/locustfile.py: ``--users`` people, 1 to 3 s of thinking between clicks, spawned 10 a
second, for ``--seconds``) and prints one table per request kind: requests, failures, requests/s, p50, p95,
p99 and the largest response. Locust, gunicorn and Redis share this machine's cores. Nothing runs in CI.

``LOCUST`` (environment) names the locust command when it is not on the PATH, e.g. a virtualenv's
``/opt/locust/bin/locust``.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base: str, proc: subprocess.Popen, seconds: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                if r.status == 200 and b'"ok"' in r.read():
                    return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not serve /healthz within {seconds:.0f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=0, help="a national programme of this size (0: the demo)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    locust = os.environ.get("LOCUST") or shutil.which("locust")
    if not locust:
        raise SystemExit("locust is not installed: pip install -r benchmarks/requirements-load.txt (or set LOCUST)")
    redis = shutil.which("redis-server")
    if not redis:
        raise SystemExit("redis-server is missing (Debian: apt-get install redis-server)")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        if args.projects:
            from scale import workbook

            shutil.copy(workbook(args.projects), folder / "erdf-2014-2020.xlsx")
        else:
            from data_loaders.demo import write_demo_workbooks

            write_demo_workbooks(folder)
        redis_port, port = _free_port(), _free_port()
        redis_proc = subprocess.Popen(
            [redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "ERDF_DATA_DIR": str(folder),
            "ERDF_CACHE_TYPE": "RedisCache",
            "ERDF_CACHE_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }
        log = open(Path(tmp) / "gunicorn.log", "w")  # noqa: SIM115 (closed in the finally below, after gunicorn)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            started = _wait_healthy(base, server, 600)
            prefix = Path(tmp) / "locust"
            subprocess.run(
                [locust, "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless", "--only-summary",
                 "-u", str(args.users), "-r", "10", "-t", f"{args.seconds}s", "--host", base,
                 "--csv", str(prefix), "--loglevel", "WARNING"],
                check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            with open(f"{prefix}_stats.csv") as fh:
                stats = list(csv.DictReader(fh))
        finally:
            for proc in (server, redis_proc):
                proc.terminate()
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:  # a worker still busy past gunicorn's graceful timeout
                    proc.kill()
                    proc.wait()
            log.close()
            shutil.copy(Path(tmp) / "gunicorn.log", ROOT / "benchmarks" / ".cache" / "committee-meeting-gunicorn.log")

    scale = f"{args.projects:,} projects" if args.projects else "demo data (68 + 57 projects)"
    print(
        f"{args.users} users, {args.seconds} s, gunicorn -w {args.workers} + Redis, {scale}; "
        f"server healthy {started:.1f} s after start; locust on the same {os.cpu_count()} cores"
    )
    print("| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms | avg KB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in stats:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} "
            f"| {float(row['Average Content Size']) / 1024:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
