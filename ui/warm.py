"""The most opened pages built ahead, before anyone asks: the overview, each programme's page and its projects
explorer (with what its quick search reads), in French and Dutch (the committee's languages), at the extract date.

``create_app`` calls :func:`warm_pages` when ``ERDF_WARM_PAGES`` is on (gunicorn.conf.py turns it on): with
``--preload`` the master builds them once and every worker starts with them (and the figure cache, in Redis,
filled). The pages are built through :func:`ui.views.common.render` with the very request a browser's URL
resolves to, so they are kept under the keys the first visitors will ask for.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from . import service
from .context import resolve
from .rows import search_texts
from .views.common import load, render
from .views.overview import overview
from .views.programme import programme
from .views.projects import explorer

_log = logging.getLogger(__name__)

LANGS = ("fr", "nl")


def warm_pages(server: Any, langs: tuple[str, ...] = LANGS) -> int:
    """Build and keep the pages (within a request context of ``server``, the Flask app); returns how many."""
    t0 = time.perf_counter()
    built = 0
    with server.test_request_context("/"):
        for lang in langs:
            r = resolve(lang, None, None, None)
            render(overview, r, keep=True)
            built += 1
            for pid in service.programme_ids():
                render(programme, r, pid, keep=True)
                render(explorer, r, pid, None, None, None, keep=True)
                v = load(r, pid)
                search_texts(v)  # the explorer's first search reads them
                # the forecast section follows the page in its own callback (ui.views.forecast): its figures
                # (and the backtest's, the longest: 7 to 14 s at 50 000 projects) computed ahead too
                service.payment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
                service.commitment_outlook(v.pid, v.as_of, snapshot=v.snapshot)
                built += 2
    _log.info("built %d pages ahead in %.1f s", built, time.perf_counter() - t0)
    return built
