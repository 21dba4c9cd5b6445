"""gunicorn settings for a real deployment: `gunicorn -c gunicorn.conf.py app:server` (see docs/deployment.md).

Every value can be overridden by the environment (GUNICORN_* below) or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8050")  # behind a reverse proxy (TLS there)
#: one worker per core, at least two (a slow export never holds the whole server)
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
#: the app (and its workbooks) are loaded once, before the workers fork: they share its memory
preload_app = True
#: and the most opened pages are built then, so every worker starts with them (ui.warm; ERDF_WARM_PAGES=0: not)
os.environ.setdefault("ERDF_WARM_PAGES", "1")
#: the Excel export of a national programme's full ledgers takes about 50 s on 2 cores
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
#: a worker is replaced after this many requests (bounds any slow growth of memory)
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Several workers must share the figure cache: set ERDF_CACHE_TYPE=RedisCache (or FileSystemCache on one host).
if int(workers) > 1 and os.environ.get("ERDF_CACHE_TYPE", "SimpleCache") == "SimpleCache":
    print("gunicorn.conf.py: several workers with ERDF_CACHE_TYPE=SimpleCache: each keeps its own cache")
