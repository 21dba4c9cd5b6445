"""The one place the UI asks for data and figures: the data store, the thresholds, the cached core.

Views, shell builders and callbacks call the functions below; none of them imports
``monitoring`` or ``data_loaders`` to compute anything. Every cached function is keyed on
primitives only: the data snapshot id, the programme id, the ISO as-of date and the filters
(never a DataFrame, whose repr is truncated). The snapshot id changes whenever an accepted
workbook changes, so stale figures are never served. The cache backend (SimpleCache,
FileSystemCache, RedisCache) comes from the settings, so several workers share it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from flask_caching import Cache

from data_loaders.snapshots import AuditEntry, Snapshot
from data_loaders.store import DataStore, LoadedFile, Notice, RefusedFile, StoreEvent
from data_loaders.uploads import Job, UploadJobs
from data_loaders.uploads import UploadError as UploadError  # raised to the upload route
from monitoring import compare, figures
from monitoring.compare import Comparison
from monitoring.model import ProgrammeData
from monitoring.progress import ProjectStatus
from monitoring.status import Status
from monitoring.thresholds import DecommitmentRule, Kpi, Thresholds
from settings import Settings

cache = Cache()


@dataclass
class _Backend:
    store: DataStore | None = None
    thresholds: Thresholds | None = None
    settings: Settings | None = None


_BACKEND = _Backend()


def configure(store: DataStore, thresholds: Thresholds, settings: Settings) -> None:
    """Point the service at the app's data store, thresholds and settings (create_app does it)."""
    _BACKEND.store, _BACKEND.thresholds, _BACKEND.settings = store, thresholds, settings


def backend() -> tuple[DataStore | None, Thresholds | None, Settings | None]:
    """The current configuration, as :func:`configure` takes it (tests swap it and restore it)."""
    return _BACKEND.store, _BACKEND.thresholds, _BACKEND.settings


def _store() -> DataStore:
    if _BACKEND.store is None:
        raise RuntimeError("ui.service.configure() was not called (create_app does it)")
    _BACKEND.store.refresh()
    return _BACKEND.store


def settings() -> Settings:
    if _BACKEND.settings is None:
        raise RuntimeError("ui.service.configure() was not called (create_app does it)")
    return _BACKEND.settings


def thresholds() -> Thresholds:
    if _BACKEND.thresholds is None:
        raise RuntimeError("ui.service.configure() was not called (create_app does it)")
    return _BACKEND.thresholds


# --- the data ------------------------------------------------------------------------------------
def programme_ids() -> list[str]:
    """The programmes loaded, sorted."""
    return _store().programme_ids


def programme(pid: str | None) -> ProgrammeData | None:
    """A loaded programme's data (the snapshot viewed, see :func:`viewing`), or None."""
    if not pid:
        return None
    past = viewed(pid)
    if past is not None:
        data = _historical(past)
        if data is not None:
            return data
    return _store().get(pid)


# --- an earlier snapshot in view (?snapshot=<id> in the URL) ---------------------------------------
#: the snapshot the request being served looks at (its short id), for the programme it belongs to
_VIEWED: ContextVar[str | None] = ContextVar("erdf_viewed_snapshot", default=None)
#: how many earlier snapshots a worker keeps in memory (least recently used first out)
HISTORY_CACHE_SIZE = 4
_history: OrderedDict[str, ProgrammeData] = OrderedDict()
_history_lock = threading.Lock()


@contextmanager
def viewing(short: str | None) -> Iterator[None]:
    """Serve what runs inside from the snapshot ``short`` for its programme (the others stay current)."""
    token = _VIEWED.set(short or None)
    try:
        yield
    finally:
        _VIEWED.reset(token)


def viewed(pid: str) -> Snapshot | None:
    """The earlier snapshot of ``pid`` in view, or None (none asked, unknown, or the current data itself)."""
    short = _VIEWED.get()
    if not short:
        return None
    snapshots = _store().snapshots()
    found = snapshots.find(short, pid) if snapshots is not None else None
    current = _store().files.get(pid)
    if found is None or (current is not None and current.content_hash == found.content_hash):
        return None
    return found


def viewed_unknown() -> bool:
    """True when the URL names a snapshot that no programme has (the page says so and shows the current data)."""
    short = _VIEWED.get()
    if not short:
        return False
    snapshots = _store().snapshots()
    return snapshots is None or snapshots.find(short) is None


def _historical(snap: Snapshot) -> ProgrammeData | None:
    with _history_lock:
        if snap.content_hash in _history:
            _history.move_to_end(snap.content_hash)
            return _history[snap.content_hash]
    snapshots = _store().snapshots()
    data = snapshots.load(snap.content_hash) if snapshots is not None else None
    if data is None:
        return None
    with _history_lock:
        _history[snap.content_hash] = data
        while len(_history) > HISTORY_CACHE_SIZE:
            _history.popitem(last=False)
    return data


def history_cache_size() -> int:
    """How many earlier snapshots this worker holds in memory now."""
    return len(_history)


def history(pid: str) -> list[Snapshot]:
    """The snapshots of ``pid``, newest first."""
    snapshots = _store().snapshots()
    return snapshots.history(pid) if snapshots is not None else []


def snapshot_data(pid: str, short: str | None) -> ProgrammeData | None:
    """The data of snapshot ``short`` of ``pid`` (the current data for None or the current snapshot's id)."""
    current = _store().files.get(pid)
    if not short or (current is not None and current.content_hash.startswith(short)):
        return current.data if current else None
    snapshots = _store().snapshots()
    found = snapshots.find(short, pid) if snapshots is not None else None
    return _historical(found) if found is not None else None


def comparison(pid: str, before: str, after: str | None = None) -> Comparison | None:
    """What changed from snapshot ``before`` to ``after`` (None: the current data); None if one is unknown."""
    old, new = snapshot_data(pid, before), snapshot_data(pid, after)
    if old is None or new is None:
        return None
    return compare.compare(old, new, thresholds())


def make_current(pid: str, short: str, by: str) -> Snapshot | None:
    """Make the earlier snapshot ``short`` the current data of ``pid`` (logged); None when it cannot be."""
    store = _store()
    snapshots = store.snapshots()
    found = snapshots.find(short, pid) if snapshots is not None else None
    if snapshots is None or found is None:
        return None
    raw, data = snapshots.read(found), _historical(found)
    if raw is None or data is None:
        return None
    return store.place(raw, data, by=by, origin=found.origin, file=found.file, action="switched")


def remove_snapshot(pid: str, short: str, by: str) -> bool:
    """Remove the earlier snapshot ``short`` of ``pid`` (never the current one; logged)."""
    snapshots = _store().snapshots()
    found = snapshots.find(short, pid) if snapshots is not None else None
    if snapshots is None or found is None or found.content_hash == current_hash(pid):
        return False
    with _history_lock:
        _history.pop(found.content_hash, None)
    return snapshots.remove(pid, found.content_hash, by=by)


def audit_log(pid: str, limit: int = 50) -> list[AuditEntry]:
    """The latest lines of the audit log about ``pid``, newest first."""
    snapshots = _store().snapshots()
    if snapshots is None:
        return []
    return [e for e in snapshots.audit_log() if e.programme_id == pid][:limit]


# --- uploads (the Data page) ------------------------------------------------------------------------
_UPLOADS: dict[int, UploadJobs] = {}


def uploads() -> UploadJobs:
    """The uploads of the data folder served (one per store)."""
    store = _store()
    key = id(store)
    if key not in _UPLOADS:
        _UPLOADS.clear()
        _UPLOADS[key] = UploadJobs(store, stale_seconds=max(600.0, 3 * settings().intake_timeout_seconds))
    return _UPLOADS[key]


def start_upload(stream: Any, file: str, by: str, *, background: bool = True) -> Job:
    """Keep an uploaded workbook and validate it in the background (raises UploadError before that)."""
    return uploads().start(stream, file, by, settings().upload_max_mb * 1024 * 1024, background=background)


def upload_job(job_id: str | None) -> Job | None:
    return uploads().get(job_id)


def upload_preview(job: Job) -> tuple[ProgrammeData | None, Comparison | None]:
    """A ready upload's data, and what would change against the data shown now (None: a programme not shown yet)."""
    data = uploads().candidate(job)
    if data is None:
        return None, None
    current = _store().get(data.programme_id)
    return data, (compare.compare(current, data, thresholds()) if current is not None else None)


def confirm_upload(job_id: str, by: str) -> Snapshot | None:
    """Make a ready upload the current data (raises UploadError: unknown, not-ready, changed)."""
    return uploads().confirm(job_id, by)


def rebase_upload(job_id: str) -> Job | None:
    """Make a ready upload's preview again against the data shown now."""
    return uploads().rebase(job_id)


def current_hash(pid: str) -> str | None:
    """The content hash of the data shown now for ``pid``."""
    f = _store().files.get(pid)
    return f.content_hash if f else None


def loaded_files() -> list[LoadedFile]:
    """The accepted workbooks, by programme id."""
    st = _store()
    return [st.files[pid] for pid in st.programme_ids]


def health() -> dict[str, Any]:
    """What a load balancer or a supervisor asks: the programmes served, each with its extract date and the
    hash of its data, and the workbooks refused (names only: never a server path)."""
    files = loaded_files()
    return {
        "status": "ok" if files else "no-data",
        "programmes": {
            f.data.programme_id: {
                "extract_date": f.data.info.as_of.isoformat(),
                "content_hash": f.content_hash[:12],
                "origin": f.origin,
            }
            for f in files
        },
        "refused": [name for name, _ in refused_files()],
    }


def refused_files() -> list[tuple[str, RefusedFile]]:
    """The refused workbooks (file name, refusal), by file name."""
    return sorted(_store().failures.items())


def notices() -> list[Notice]:
    """The folder's standing conditions: workbooks refused (with or without earlier data shown), being written."""
    return _store().notices


def events_since(seq: int) -> list[StoreEvent]:
    """The changes of the data (accepted, updated, refused, removed, ...) after ``seq``, each once."""
    return _store().events_since(seq)


def last_event() -> int:
    """The number of the latest change of the data."""
    return _store().last_seq


def snapshot() -> str:
    """The id of the data served: the accepted data's (changes whenever an accepted workbook changes),
    with the earlier snapshot in view when there is one (its figures are cached apart)."""
    short = _VIEWED.get()
    return _store().snapshot_id + (f"@{short}" if short else "")


def page_key() -> tuple[Any, ...]:
    """What a built page depends on besides its URL: this store and its last change (a workbook accepted,
    refused or removed), the data in view, the thresholds. A kept page is found again only under this key."""
    store = _store()
    return (id(store), store.last_seq, snapshot(), id(thresholds()))


def headline_kpi(pid: str) -> Kpi:
    """The programme's headline KPI (consumption for 2014-2020, commitment for 2021-2027)."""
    return thresholds().headline(pid)


def started(pid: str, as_of: date) -> bool:
    """False when ``as_of`` is before the programme's headline KPI starts (no threshold applies yet)."""
    return figures.started(headline_kpi(pid), as_of)


def _data(pid: str) -> ProgrammeData:
    data = programme(pid)
    if data is None:
        raise KeyError(pid)
    return data


# --- cached figures (snapshot id first, so a new snapshot never hits an old entry) -------------
@cache.memoize()
def _level_table(snap: str, pid: str, level: str, iso: str, objective: str | None, call: str | None) -> pd.DataFrame:
    day = date.fromisoformat(iso)
    table = figures.level_table(_data(pid), level, day, objective=objective, call=call)
    unrated = figures.unrated_calls(_data(pid), objective, day) if level == "call" else ()
    return figures.with_rag(table, headline_kpi(pid), day, unrated=unrated)  # shared calls: rated on their page


def level_table(
    pid: str, level: str, as_of: date, *, objective: str | None = None, call: str | None = None
) -> pd.DataFrame:
    """The level table (objective / call / project rows) with the headline KPI's rag columns."""
    return _level_table(snapshot(), pid, level, as_of.isoformat(), objective, call)


@cache.memoize()
def _totals(snap: str, pid: str, iso: str, objective: str | None, call: str | None, project: str | None) -> dict:
    return figures.totals(_data(pid), date.fromisoformat(iso), objective=objective, call=call, project=project)


def totals(
    pid: str, as_of: date, *, objective: str | None = None, call: str | None = None, project: str | None = None
) -> dict[str, Any]:
    """The figures of a selection (programme, objective, call or project) as one dict."""
    return _totals(snapshot(), pid, as_of.isoformat(), objective, call, project)


@cache.memoize()
def _monthly(snap: str, pid: str, iso: str, objective: str | None, call: str | None, project: str | None):
    return figures.monthly_series(_data(pid), date.fromisoformat(iso), objective=objective, call=call, project=project)


def monthly_series(
    pid: str, as_of: date, *, objective: str | None = None, call: str | None = None, project: str | None = None
) -> pd.DataFrame:
    """Cumulative committed and paid amounts at each month end of the selection."""
    return _monthly(snapshot(), pid, as_of.isoformat(), objective, call, project)


@cache.memoize()
def _steps(snap: str, pid: str, iso: str, objective: str | None, call: str | None, project: str | None) -> pd.DataFrame:
    return figures.step_series(_data(pid), date.fromisoformat(iso), objective=objective, call=call, project=project)


def step_series(
    pid: str, as_of: date, *, objective: str | None = None, call: str | None = None, project: str | None = None
) -> pd.DataFrame:
    """Cumulative committed and paid amounts after each day with money lines (for the step charts)."""
    return _steps(snapshot(), pid, as_of.isoformat(), objective, call, project)


@cache.memoize()
def _headline(snap: str, pid: str, iso: str) -> dict:
    return figures.headline(_data(pid), thresholds(), date.fromisoformat(iso))


def headline(pid: str, as_of: date) -> dict[str, Any]:
    """The programme's headline KPI figures (rate, done, allocation, status, days to the deadline)."""
    return _headline(snapshot(), pid, as_of.isoformat())


def selection_status(pid: str, as_of: date, total: dict[str, Any]) -> Status:
    """The headline KPI's status of a selection from its totals (see :func:`totals`)."""
    return figures.kpi_figures(_data(pid), headline_kpi(pid), as_of, total=total)["status"]


@cache.memoize()
def _target(snap: str, pid: str, iso: str, kpi_key: str, allocation: float) -> pd.DataFrame:
    return figures.target_path(thresholds().kpi(pid, kpi_key), allocation, date.fromisoformat(iso))


def target_path(pid: str, as_of: date, allocation: float) -> pd.DataFrame:
    """The headline KPI's straight target path for ``allocation``."""
    return _target(snapshot(), pid, as_of.isoformat(), headline_kpi(pid).key, float(allocation))


def decommitment_rule(pid: str) -> DecommitmentRule:
    """The programme's decommitment rule (N+3 years, closure date) from the thresholds file."""
    return thresholds().decommitment(pid)


@cache.memoize()
def _decommitment(snap: str, pid: str, iso: str) -> pd.DataFrame:
    return figures.decommitment_exposure(_data(pid), date.fromisoformat(iso), decommitment_rule(pid))


def decommitment(pid: str, as_of: date) -> pd.DataFrame:
    """The decommitment exposure per EU tranche (the regulation's calculation, or the stated estimate)."""
    return _decommitment(snapshot(), pid, as_of.isoformat())


def decommitment_sources(pid: str) -> dict[str, str]:
    """Where the decommitment figures come from: tranches / claims / prefinancing "sheet" or "estimate", and method."""
    return figures.decommitment_sources(_data(pid))


def call_allocation_gap(pid: str, as_of: date, objective: str | None = None) -> dict[str, Any]:
    """The allocation the call rows leave out: call budgets, projects outside calls, not allocated to a call."""
    return figures.call_allocation_gap(_data(pid), as_of, objective=objective)


@cache.memoize()
def _forecast(snap: str, pid: str, iso: str, project: str | None) -> pd.DataFrame:
    return figures.forecast_table(_data(pid), date.fromisoformat(iso), project=project, bands=thresholds().forecast)


def forecast_table(pid: str, as_of: date, project: str | None = None) -> pd.DataFrame:
    """Per project and year: the forecast payments against the payments made, with their rag."""
    return _forecast(snapshot(), pid, as_of.isoformat(), project)


@cache.memoize()
def _cutoffs(snap: str, pid: str) -> list[date]:
    return figures.reporting_cutoffs(_data(pid))


def cutoffs(pid: str) -> list[date]:
    """The reporting cut-offs of a programme up to its extract date, plus the extract date."""
    return _cutoffs(snapshot(), pid)


@cache.memoize()
def _projects(snap: str, pid: str, iso: str, objective: str | None, call: str | None) -> pd.DataFrame:
    return figures.projects_table(
        _data(pid), date.fromisoformat(iso), objective=objective, call=call, bands=thresholds().forecast
    )


def projects_table(pid: str, as_of: date, *, objective: str | None = None, call: str | None = None) -> pd.DataFrame:
    """One row per project of the selection: amounts, rates, the project's own status (stage, forecast), identity."""
    return _projects(snapshot(), pid, as_of.isoformat(), objective, call)


@cache.memoize()
def _project_status(snap: str, pid: str, iso: str, project_id: str) -> ProjectStatus:
    return figures.project_status(_data(pid), project_id, date.fromisoformat(iso), bands=thresholds().forecast)


def project_status(pid: str, project_id: str, as_of: date) -> ProjectStatus:
    """A project's status from its stage and its forecast (never the programme's threshold)."""
    return _project_status(snapshot(), pid, as_of.isoformat(), project_id)


# --- details of one unit (cheap lookups, not cached) ---------------------------------------------
def objective_label(pid: str, code: str, lang: str) -> str | None:
    return figures.objective_label(_data(pid), code, lang)


def call_title(pid: str, call_id: str, lang: str = "en") -> str | None:
    """A call's title in ``lang`` (its French / Dutch title when the workbook gives one), None if unknown."""
    return figures.call_title(_data(pid), call_id, lang)


def project_name(pid: str, project_id: str, lang: str = "en") -> str | None:
    """A project's name in ``lang`` (its French / Dutch name when the workbook gives one), None if unknown."""
    return figures.project_name(_data(pid), project_id, lang)


def call_objective_codes(pid: str, call_id: str) -> list[str]:
    return figures.call_objective_codes(_data(pid), call_id)


def budget_versions(pid: str, as_of: date) -> pd.DataFrame:
    """The reprogramming history: the Budget's versions per objective (monitoring.details.budget_versions)."""
    return figures.budget_versions(_data(pid), as_of)


def replay_limits(pid: str, as_of: date) -> dict[str, int] | None:
    """What an earlier date cannot replay from the projects' dates (monitoring.details.replay_limits)."""
    return figures.replay_limits(_data(pid), as_of)


def shared_calls(pid: str, code: str) -> list[str]:
    return figures.shared_calls(_data(pid), code)


def call_milestones(pid: str, call_id: str, as_of: date, lang: str = "en") -> pd.DataFrame:
    return figures.call_milestones(_data(pid), call_id, as_of, lang)


def project_lines(pid: str, project_id: str, as_of: date) -> pd.DataFrame:
    return figures.project_lines(_data(pid), project_id, as_of)


def _row(frame: pd.DataFrame, column: str, key: str) -> dict[str, Any] | None:
    rows = frame[frame[column] == key]
    return None if rows.empty else {str(k): v for k, v in rows.iloc[0].items()}


def project_row(pid: str, project_id: str) -> dict[str, Any] | None:
    """The project's row of the Projects sheet as a dict, or None if unknown."""
    return _row(_data(pid).projects, "project_id", project_id)


def call_row(pid: str, call_id: str) -> dict[str, Any] | None:
    """The call's row of the Calls sheet as a dict, or None if unknown."""
    return _row(_data(pid).calls, "call_id", call_id)


def has_objective(pid: str, code: str) -> bool:
    return bool((_data(pid).budget["code"] == code).any())


def has_call(pid: str, call_id: str) -> bool:
    return bool((_data(pid).calls["call_id"] == call_id).any())
