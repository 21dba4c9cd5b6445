"""Every view has a URL that reproduces it: path for the level, query for language and as-of date.

/                                         overview
/programme/<pid>                          programme
/programme/<pid>/objective/<code>         priority axis / specific objective
/programme/<pid>/call/<call_id>           call for projects
/programme/<pid>/project/<project_id>     project
/programme/<pid>/projects                 projects explorer
/committee?programme=<pid>&slide=<name>   the monitoring committee's slides
/programme/<pid>/history                  the programme's snapshots, and the comparison of two
/data                                     uploads (editors)
/official                                 the programmes of the Commission's official files
/official/<cci>?year=YYYY&source=<file>   one programme's official figures, peers and reconciliation
query: ?lang=fr|nl|en&as_of=YYYY-MM-DD&snapshot=<12 hex: an earlier snapshot in view>
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, quote, unquote, urlencode


def _q(value: str) -> str:
    return quote(str(value), safe="")


def overview_path() -> str:
    return "/"


def programme_path(pid: str) -> str:
    return f"/programme/{_q(pid)}"


def objective_path(pid: str, code: str) -> str:
    return f"/programme/{_q(pid)}/objective/{_q(code)}"


def call_path(pid: str, call_id: str) -> str:
    return f"/programme/{_q(pid)}/call/{_q(call_id)}"


def project_path(pid: str, project_id: str) -> str:
    return f"/programme/{_q(pid)}/project/{_q(project_id)}"


def explorer_path(pid: str) -> str:
    return f"/programme/{_q(pid)}/projects"


def committee_path() -> str:
    return "/committee"


def history_path(pid: str) -> str:
    return f"/programme/{_q(pid)}/history"


def data_path() -> str:
    return "/data"


#: a snapshot id in a URL: the first 12 hexadecimal characters of its content hash
SNAPSHOT_RE = re.compile(r"^[0-9a-f]{12}$")


def parse_snapshot(value: str | None) -> str | None:
    """A snapshot id from the URL, or None when absent or not of the form (never looked up as written)."""
    value = (value or "").strip().lower()
    return value if SNAPSHOT_RE.match(value) else None


def encode(params: dict[str, str]) -> str:
    """A query string from ``params`` (values escaped)."""
    return urlencode(params)


def with_query(path: str, lang: str | None = None, as_of: date | str | None = None, snapshot: str | None = None) -> str:
    """``path`` with the language, the as-of date and the snapshot in view as query parameters."""
    params = {}
    if lang:
        params["lang"] = lang
    if as_of:
        params["as_of"] = as_of if isinstance(as_of, str) else as_of.isoformat()
    if snapshot:
        params["snapshot"] = snapshot
    return path + ("?" + urlencode(params) if params else "")


def parse_query(search: str | None) -> dict:
    """``?lang=nl&as_of=2023-09-30`` -> {"lang": "nl", "as_of": "2023-09-30"} (unknown keys kept, first value)."""
    if not search:
        return {}
    return {k: v[0] for k, v in parse_qs(search.lstrip("?")).items() if v}


def parse_as_of(value: str | None) -> date | None:
    """An ISO date from the URL, or None if absent or malformed (the page then shows the extract date)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def programme_from_path(pathname: str | None) -> str | None:
    """The programme id in a /programme/<pid>/... path, else None."""
    parts = [p for p in (pathname or "").split("/") if p]
    if len(parts) >= 2 and parts[0] == "programme":
        return unquote(parts[1])
    return None


def replace_programme(pathname: str | None, pid: str) -> str:
    """The same kind of page for another programme (deeper levels fall back to the programme page)."""
    parts = [p for p in (pathname or "").split("/") if p]
    if len(parts) >= 3 and parts[2] == "projects":
        return explorer_path(pid)
    return programme_path(pid)


def users_path() -> str:
    return "/users"


def official_index_path() -> str:
    return "/official"


def official_path(cci: str, lang: str | None = None, year: int | None = None, source: str | None = None) -> str:
    """A programme's official figures (keyed by CCI: Flanders and Wallonia have no internal workbook)."""
    params = {k: str(v) for k, v in (("lang", lang), ("year", year), ("source", source)) if v}
    return f"/official/{_q(cci)}" + ("?" + urlencode(params) if params else "")
