"""The one place the UI asks for data and figures: the data store, the thresholds, the cached core.

Views, shell builders and callbacks call the functions below; none of them imports
``monitoring`` or ``data_loaders`` to compute anything. Every cached function is keyed on
primitives only: :func:`data_key` (the accepted data's id, the thresholds' digest and the earlier
snapshot in view), the programme id, the ISO as-of date and the filters (never a DataFrame, whose
repr is truncated). The data id changes whenever an accepted workbook changes and the digest
whenever the thresholds do, so a shared cache never serves figures of other data or other bands.
The earlier snapshot in view is an explicit argument (``snapshot=``, the URL's short id or None)
of every function that reads a programme's data: no call can forget it silently. The cache backend (SimpleCache,
FileSystemCache, RedisCache) comes from the settings, so several workers share it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from flask_caching import Cache

from data_loaders import official as _official_files
from data_loaders.snapshots import AuditEntry, Snapshot
from data_loaders.store import DataStore, LoadedFile, Notice, RefusedFile, StoreEvent
from data_loaders.uploads import Job, UploadJobs
from data_loaders.uploads import UploadError as UploadError  # raised to the upload route
from monitoring import commitment_forecast, compare, figures, forecast
from monitoring import official as _official
from monitoring import topdown as _topdown
from monitoring.compare import Comparison
from monitoring.model import ProgrammeData
from monitoring.official import OfficialSource as OfficialSource
from monitoring.official import Quirk as Quirk
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


def programme(pid: str | None, snapshot: str | None) -> ProgrammeData | None:
    """A loaded programme's data, or None: the current data, or the earlier snapshot ``snapshot`` (its short id,
    from the URL's ``?snapshot=``) when it is one of ``pid``'s. The snapshot is always passed explicitly."""
    if not pid:
        return None
    past = viewed(pid, snapshot)
    if past is not None:
        data = _historical(past)
        if data is not None:
            return data
    return _store().get(pid)


# --- an earlier snapshot in view (?snapshot=<id> in the URL) ---------------------------------------
#: how many earlier snapshots a worker keeps in memory (least recently used first out)
HISTORY_CACHE_SIZE = 4
_history: OrderedDict[str, ProgrammeData] = OrderedDict()
_history_lock = threading.Lock()


def viewed(pid: str, short: str | None) -> Snapshot | None:
    """The earlier snapshot ``short`` of ``pid``, or None (none asked, unknown, or the current data itself)."""
    if not short:
        return None
    snapshots = _store().snapshots()
    found = snapshots.find(short, pid) if snapshots is not None else None
    current = _store().files.get(pid)
    if found is None or (current is not None and current.content_hash == found.content_hash):
        return None
    return found


def viewed_unknown(short: str | None) -> bool:
    """True when the URL names a snapshot that no programme has (the page says so and shows the current data)."""
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
        quota = settings().upload_quota_mb
        _UPLOADS[key] = UploadJobs(
            store,
            stale_seconds=max(600.0, 3 * settings().intake_timeout_seconds),
            quota_bytes=quota * 2**20 if quota > 0 else None,
        )
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
    hash of its data, and how many workbooks are refused (a number: the route is anonymous, and a file's name is
    neither for anyone nor safe to echo; the Data page and the overview name them to signed-in users)."""
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
        "refused": len(refused_files()),
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


_DIGESTS: dict[int, tuple[Thresholds, str]] = {}


def thresholds_digest() -> str:
    """A short digest of the thresholds in force (bands, marks, deadlines): part of every figure's cache key, so a
    changed thresholds file never serves the statuses of the old one from a shared cache (Redis, files)."""
    th = thresholds()
    kept = _DIGESTS.get(id(th))
    if kept is None or kept[0] is not th:
        kept = (th, hashlib.sha256(repr(th).encode()).hexdigest()[:12])
        _DIGESTS.clear()
        _DIGESTS[id(th)] = kept
    return kept[1]


def data_key(short: str | None = None) -> str:
    """The cache key of the data served: the accepted data's id (changes whenever an accepted workbook changes),
    the thresholds' digest, and the earlier snapshot ``short`` when one is in view (its figures are cached apart)."""
    return f"{_store().snapshot_id}~{thresholds_digest()}" + (f"@{short}" if short else "")


def page_key(short: str | None = None) -> tuple[Any, ...]:
    """What a built page depends on besides its URL: this store and its last change (a workbook accepted,
    refused or removed), the data in view, the thresholds. A kept page is found again only under this key."""
    store = _store()
    return (id(store), store.last_seq, data_key(short))


def headline_kpi(pid: str) -> Kpi:
    """The programme's headline KPI (consumption for 2014-2020, commitment for 2021-2027)."""
    return thresholds().headline(pid)


def started(pid: str, as_of: date) -> bool:  # the thresholds only: no data, no snapshot
    """False when ``as_of`` is before the programme's headline KPI starts (no threshold applies yet)."""
    return figures.started(headline_kpi(pid), as_of)


def _data(pid: str, short: str | None) -> ProgrammeData:
    data = programme(pid, short)
    if data is None:
        raise KeyError(pid)
    return data


# --- cached figures (snapshot id first, so a new snapshot never hits an old entry) -------------
@cache.memoize()
def _level_table(
    snap: str, short: str | None, pid: str, level: str, iso: str, objective: str | None, call: str | None
) -> pd.DataFrame:
    day = date.fromisoformat(iso)
    table = figures.level_table(_data(pid, short), level, day, objective=objective, call=call)
    unrated = figures.unrated_calls(_data(pid, short), objective, day) if level == "call" else ()
    kpi = headline_kpi(pid)
    rated = figures.with_rag(table, kpi, day, unrated=unrated)  # shared calls: rated on their own page
    return figures.with_shown_rates(rated, kpi, day)


def level_table(
    pid: str, level: str, as_of: date, *, snapshot: str | None, objective: str | None = None, call: str | None = None
) -> pd.DataFrame:
    """The level table (objective / call / project rows) with the headline KPI's rag columns."""
    return _level_table(data_key(snapshot), snapshot, pid, level, as_of.isoformat(), objective, call)


@cache.memoize()
def _totals(
    snap: str, short: str | None, pid: str, iso: str, objective: str | None, call: str | None, project: str | None
) -> dict:
    return figures.totals(_data(pid, short), date.fromisoformat(iso), objective=objective, call=call, project=project)


def totals(
    pid: str,
    as_of: date,
    *,
    snapshot: str | None,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
) -> dict[str, Any]:
    """The figures of a selection (programme, objective, call or project) as one dict."""
    return _totals(data_key(snapshot), snapshot, pid, as_of.isoformat(), objective, call, project)


@cache.memoize()
def _monthly(
    snap: str, short: str | None, pid: str, iso: str, objective: str | None, call: str | None, project: str | None
):
    return figures.monthly_series(
        _data(pid, short), date.fromisoformat(iso), objective=objective, call=call, project=project
    )


def monthly_series(
    pid: str,
    as_of: date,
    *,
    snapshot: str | None,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
) -> pd.DataFrame:
    """Cumulative committed and paid amounts at each month end of the selection."""
    return _monthly(data_key(snapshot), snapshot, pid, as_of.isoformat(), objective, call, project)


@cache.memoize()
def _steps(
    snap: str, short: str | None, pid: str, iso: str, objective: str | None, call: str | None, project: str | None
) -> pd.DataFrame:
    return figures.step_series(
        _data(pid, short), date.fromisoformat(iso), objective=objective, call=call, project=project
    )


def step_series(
    pid: str,
    as_of: date,
    *,
    snapshot: str | None,
    objective: str | None = None,
    call: str | None = None,
    project: str | None = None,
) -> pd.DataFrame:
    """Cumulative committed and paid amounts after each day with money lines (for the step charts)."""
    return _steps(data_key(snapshot), snapshot, pid, as_of.isoformat(), objective, call, project)


@cache.memoize()
def _headline(snap: str, short: str | None, pid: str, iso: str) -> dict:
    return figures.headline(_data(pid, short), thresholds(), date.fromisoformat(iso))


def headline(pid: str, as_of: date, *, snapshot: str | None) -> dict[str, Any]:
    """The programme's headline KPI figures (rate, done, allocation, status, days to the deadline)."""
    return _headline(data_key(snapshot), snapshot, pid, as_of.isoformat())


def selection_status(pid: str, as_of: date, total: dict[str, Any], *, snapshot: str | None) -> Status:
    """The headline KPI's status of a selection from its totals (see :func:`totals`)."""
    return figures.kpi_figures(_data(pid, snapshot), headline_kpi(pid), as_of, total=total)["status"]


@cache.memoize()
def _target(snap: str, short: str | None, pid: str, iso: str, kpi_key: str, allocation: float) -> pd.DataFrame:
    return figures.target_path(thresholds().kpi(pid, kpi_key), allocation, date.fromisoformat(iso))


def target_path(pid: str, as_of: date, allocation: float, *, snapshot: str | None) -> pd.DataFrame:
    """The headline KPI's straight target path for ``allocation``."""
    return _target(data_key(snapshot), snapshot, pid, as_of.isoformat(), headline_kpi(pid).key, float(allocation))


def decommitment_rule(pid: str) -> DecommitmentRule:
    """The programme's decommitment rule (N+3 years, closure date) from the thresholds file."""
    return thresholds().decommitment(pid)


@cache.memoize()
def _decommitment(snap: str, short: str | None, pid: str, iso: str) -> pd.DataFrame:
    return figures.decommitment_exposure(_data(pid, short), date.fromisoformat(iso), decommitment_rule(pid))


def decommitment(pid: str, as_of: date, *, snapshot: str | None) -> pd.DataFrame:
    """The decommitment exposure per EU tranche (the regulation's calculation, or the stated estimate)."""
    return _decommitment(data_key(snapshot), snapshot, pid, as_of.isoformat())


def decommitment_sources(pid: str, *, snapshot: str | None) -> dict[str, str]:
    """Where the decommitment figures come from: tranches / claims / prefinancing "sheet" or "estimate", and method."""
    return figures.decommitment_sources(_data(pid, snapshot))


def call_allocation_gap(pid: str, as_of: date, objective: str | None = None, *, snapshot: str | None) -> dict[str, Any]:
    """The allocation the call rows leave out: call budgets, projects outside calls, not allocated to a call."""
    return figures.call_allocation_gap(_data(pid, snapshot), as_of, objective=objective)


@cache.memoize()
def _forecast(snap: str, short: str | None, pid: str, iso: str, project: str | None) -> pd.DataFrame:
    return figures.forecast_table(
        _data(pid, short), date.fromisoformat(iso), project=project, bands=thresholds().forecast
    )


def forecast_table(pid: str, as_of: date, project: str | None = None, *, snapshot: str | None) -> pd.DataFrame:
    """Per project and year: the forecast payments against the payments made, with their rag."""
    return _forecast(data_key(snapshot), snapshot, pid, as_of.isoformat(), project)


@cache.memoize()
def _cutoffs(snap: str, short: str | None, pid: str) -> list[date]:
    return figures.reporting_cutoffs(_data(pid, short))


def cutoffs(pid: str, *, snapshot: str | None) -> list[date]:
    """The reporting cut-offs of a programme up to its extract date, plus the extract date."""
    return _cutoffs(data_key(snapshot), snapshot, pid)


@cache.memoize()
def _projects(
    snap: str, short: str | None, pid: str, iso: str, objective: str | None, call: str | None
) -> pd.DataFrame:
    return figures.projects_table(
        _data(pid, short), date.fromisoformat(iso), objective=objective, call=call, bands=thresholds().forecast
    )


def projects_table(
    pid: str, as_of: date, *, snapshot: str | None, objective: str | None = None, call: str | None = None
) -> pd.DataFrame:
    """One row per project of the selection: amounts, rates, the project's own status (stage, forecast), identity."""
    return _projects(data_key(snapshot), snapshot, pid, as_of.isoformat(), objective, call)


@cache.memoize()
def _project_status(snap: str, short: str | None, pid: str, iso: str, project_id: str) -> ProjectStatus:
    return figures.project_status(_data(pid, short), project_id, date.fromisoformat(iso), bands=thresholds().forecast)


def project_status(pid: str, project_id: str, as_of: date, *, snapshot: str | None) -> ProjectStatus:
    """A project's status from its stage and its forecast (never the programme's threshold)."""
    return _project_status(data_key(snapshot), snapshot, pid, as_of.isoformat(), project_id)


def unforecast_payments(pid: str, as_of: date, project_ids: list[str], *, snapshot: str | None) -> pd.DataFrame:
    """The payments of these projects in years without a forecast row (the Forecasts listing adds them)."""
    return figures.unforecast_payments(_data(pid, snapshot), as_of, project_ids)


def rows_totals(projects: pd.DataFrame) -> dict[str, Any]:
    """The totals of some project rows (the explorer's rows shown), in cents, with their rates."""
    return figures.rows_totals(projects)


# --- details of one unit (cheap lookups, not cached) ---------------------------------------------
def objective_label(pid: str, code: str, lang: str, *, snapshot: str | None) -> str | None:
    return figures.objective_label(_data(pid, snapshot), code, lang)


def call_title(pid: str, call_id: str, lang: str = "en", *, snapshot: str | None) -> str | None:
    """A call's title in ``lang`` (its French / Dutch title when the workbook gives one), None if unknown."""
    return figures.call_title(_data(pid, snapshot), call_id, lang)


def project_name(pid: str, project_id: str, lang: str = "en", *, snapshot: str | None) -> str | None:
    """A project's name in ``lang`` (its French / Dutch name when the workbook gives one), None if unknown."""
    return figures.project_name(_data(pid, snapshot), project_id, lang)


def call_objective_codes(pid: str, call_id: str, *, snapshot: str | None) -> list[str]:
    return figures.call_objective_codes(_data(pid, snapshot), call_id)


def budget_versions(pid: str, as_of: date, *, snapshot: str | None) -> pd.DataFrame:
    """The reprogramming history: the Budget's versions per objective (monitoring.details.budget_versions)."""
    return figures.budget_versions(_data(pid, snapshot), as_of)


def replay_limits(pid: str, as_of: date, *, snapshot: str | None) -> dict[str, int] | None:
    """What an earlier date cannot replay from the projects' dates (monitoring.details.replay_limits)."""
    return figures.replay_limits(_data(pid, snapshot), as_of)


def shared_calls(pid: str, code: str, *, snapshot: str | None) -> list[str]:
    return figures.shared_calls(_data(pid, snapshot), code)


def call_milestones(pid: str, call_id: str, as_of: date, lang: str = "en", *, snapshot: str | None) -> pd.DataFrame:
    return figures.call_milestones(_data(pid, snapshot), call_id, as_of, lang)


def project_lines(pid: str, project_id: str, as_of: date, *, snapshot: str | None) -> pd.DataFrame:
    return figures.project_lines(_data(pid, snapshot), project_id, as_of)


def _row(frame: pd.DataFrame, column: str, key: str) -> dict[str, Any] | None:
    rows = frame[frame[column] == key]
    return None if rows.empty else {str(k): v for k, v in rows.iloc[0].items()}


def project_row(pid: str, project_id: str, *, snapshot: str | None) -> dict[str, Any] | None:
    """The project's row of the Projects sheet as a dict, or None if unknown."""
    return _row(_data(pid, snapshot).projects, "project_id", project_id)


def call_row(pid: str, call_id: str, *, snapshot: str | None) -> dict[str, Any] | None:
    """The call's row of the Calls sheet as a dict, or None if unknown."""
    return _row(_data(pid, snapshot).calls, "call_id", call_id)


# --- the payment forecast (issue 23): an estimate, backtested (monitoring.forecast) ----------------
@cache.memoize()
def _payment_outlook(
    snap: str, short: str | None, pid: str, iso: str, objective: str | None
) -> forecast.PaymentOutlook:
    day = date.fromisoformat(iso)
    kpis = thresholds().kpis.get(pid, {})
    exposure = None if objective is not None else decommitment(pid, day, snapshot=short)
    checked = payment_backtest(pid, day, snapshot=short)
    return forecast.payment_outlook(
        _data(pid, short), kpis.get("consumption"), exposure, day, objective=objective, checked=checked
    )


@cache.memoize()
def _payment_backtest(snap: str, short: str | None, pid: str, iso: str) -> forecast.Backtest:
    return forecast.backtest(_data(pid, short), until=date.fromisoformat(iso))


def payment_backtest(pid: str, as_of: date, *, snapshot: str | None) -> forecast.Backtest:
    """The payment forecast's backtest at the cut-offs up to ``as_of``, cached on its own key (data, programme,
    date): the programme's and each objective's outlooks share it, and it outlives a change of their draws."""
    return _payment_backtest(data_key(snapshot), snapshot, pid, as_of.isoformat())


def payment_outlook(
    pid: str, as_of: date, objective: str | None = None, *, snapshot: str | None
) -> forecast.PaymentOutlook:
    """Where the programme's (or one objective's) payments will land: the fan, the chances of reaching each
    threshold and N+3 target, the Art. 69(10) table, and the backtest that decides whether it is shown."""
    return _payment_outlook(data_key(snapshot), snapshot, pid, as_of.isoformat(), objective)


# --- the commitment forecast (issue 23): the headline KPI of 2021-2027, an estimate, backtested ----------------
@cache.memoize()
def _commitment_backtest(snap: str, short: str | None, pid: str, iso: str) -> forecast.Backtest:
    return commitment_forecast.backtest(_data(pid, short), until=date.fromisoformat(iso))


def commitment_backtest(pid: str, as_of: date, *, snapshot: str | None) -> forecast.Backtest:
    """The commitment forecast's backtest at the month ends up to ``as_of``, cached on its own key."""
    return _commitment_backtest(data_key(snapshot), snapshot, pid, as_of.isoformat())


@cache.memoize()
def _commitment_outlook(snap: str, short: str | None, pid: str, iso: str) -> commitment_forecast.CommitmentOutlook:
    day = date.fromisoformat(iso)
    kpi = thresholds().kpis.get(pid, {}).get("commitment")
    checked = commitment_backtest(pid, day, snapshot=short)
    return commitment_forecast.commitment_outlook(_data(pid, short), kpi, day, checked=checked)


def commitment_outlook(pid: str, as_of: date, *, snapshot: str | None) -> commitment_forecast.CommitmentOutlook:
    """Where the programme's commitments will land: the fan, the chances of reaching each threshold of the
    commitment KPI by its deadline, and the backtest that decides whether it is shown."""
    return _commitment_outlook(data_key(snapshot), snapshot, pid, as_of.isoformat())


# --- the Commission's official figures (ERDF_OFFICIAL_DIR; see monitoring.official) --------------------
_official_lock = threading.Lock()
_official_read: dict[str, Any] = {"key": None, "folder": _official_files.Folder()}


def _official_folder() -> _official_files.Folder:
    """The official files, read again only when a CSV of the folder is added, changed or removed."""
    folder = settings().official_dir
    if folder is None or not folder.is_dir():
        return _official_files.Folder()
    key = (str(folder), tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*.csv"))))
    with _official_lock:
        if _official_read["key"] != key:
            _official_read["folder"] = _official_files.read_folder(folder)
            _official_read["key"] = key
        return _official_read["folder"]


#: the official figures computed lately: (folder state, data snapshot, function, arguments) -> result
_official_memo: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
OFFICIAL_MEMO_SIZE = 256


def _memo(name: str, args: tuple[Any, ...], compute: Any, internal: bool = False) -> Any:
    """``compute()`` kept per state of the official folder (and of the workbooks, for ``internal`` figures)."""
    _official_folder()
    key = (_official_read["key"], data_key(None) if internal else None, name, args)
    with _official_lock:
        if key in _official_memo:
            _official_memo.move_to_end(key)
            return _official_memo[key]
    value = compute()
    with _official_lock:
        _official_memo[key] = value
        while len(_official_memo) > OFFICIAL_MEMO_SIZE:
            _official_memo.popitem(last=False)
    return value


def official_sources(cci: str | None = None) -> list[OfficialSource]:
    """The official files read (newest implementation vintage first), or those that hold programme ``cci``."""
    sources = list(_official_folder().sources)
    return sources if cci is None else [s for s in sources if len(s.of(cci))]


def official_refused() -> list[_official_files.OfficialFileError]:
    """The CSV files of the official folder that could not be read, with their located problems."""
    return list(_official_folder().refused)


def official_programmes() -> pd.DataFrame:
    """Every programme of the official files: cci, title, ms, fund, sources."""
    return _official.programmes(official_sources())


def official_source(cci: str, name: str | None) -> OfficialSource | None:
    """The source a page shows for ``cci``: the file named, else the newest file that has cut-offs, else the first."""
    sources = official_sources(cci)
    for s in sources:
        if s.name == name:
            return s
    with_cutoffs = [s for s in sources if s.has_cutoffs]
    chosen = with_cutoffs or sources
    return chosen[0] if chosen else None


def official_cutoffs(source: OfficialSource, cci: str) -> list[tuple[int, date]]:
    return _memo("cutoffs", (source.name, cci), lambda: _official.cutoffs(source, cci))


def official_priorities(source: OfficialSource, cci: str, year: int | None) -> pd.DataFrame:
    return _memo("priorities", (source.name, cci, year), lambda: _official.priority_table(source, cci, year))


def official_total(source: OfficialSource, cci: str, year: int | None) -> dict[str, Any]:
    return _memo("total", (source.name, cci, year), lambda: _official.programme_total(source, cci, year))


def official_series(source: OfficialSource, cci: str) -> pd.DataFrame:
    return _memo("series", (source.name, cci), lambda: _official.series(source, cci))


def official_quirks(source: OfficialSource, cci: str) -> list[Quirk]:
    return _memo("quirks", (source.name, cci), lambda: _official.quirks(official_sources(cci), cci, source))


def official_vintages(a: OfficialSource, b: OfficialSource, cci: str) -> pd.DataFrame:
    return _memo("vintages", (a.name, b.name, cci), lambda: _official.vintage_table(a, b, cci))


def official_peers(source: OfficialSource, cci: str, year: int | None) -> pd.DataFrame:
    return _memo("peers", (source.name, cci, year), lambda: _official.peers(source, cci, year))


def official_priority_key(code: str) -> str:
    return _official.priority_key(code)


def internal_programme_of(cci: str) -> str | None:
    """The loaded programme whose workbook names this CCI (the internal side of a reconciliation: the current
    data, never an earlier snapshot), or None."""
    for pid in programme_ids():
        data = programme(pid, None)
        if data is not None and data.info.cci == cci:
            return pid
    return None


def _internal_at(pid: str, days: list[date]) -> pd.DataFrame:
    data = _data(pid, None)
    rows = []
    for day in days:
        if day > data.info.as_of:
            continue
        total = totals(pid, day, snapshot=None)
        row = {c: float(total.get(c) or 0.0) for c in _official.INTERNAL if c != "cutoff"}
        row["selected_cost"] = _official.selected_cost_at(data.projects, day)  # the selection as it stood then
        rows.append({"cutoff": day, **row})
    return pd.DataFrame(rows, columns=_official.INTERNAL)


def official_reconciliation(source: OfficialSource, cci: str) -> tuple[str, pd.DataFrame] | None:
    """The internal programme with this CCI and its figures beside the official series at each common cut-off."""
    pid = internal_programme_of(cci)
    if pid is None or not source.has_cutoffs:
        return None
    days = [d for _, d in official_cutoffs(source, cci)]
    table = _memo(
        "reconciliation",
        (source.name, cci, pid),
        lambda: _official.reconciliation(official_series(source, cci), _internal_at(pid, days)),
        internal=True,
    )
    return pid, table


def official_priority_reconciliation(source: OfficialSource, cci: str, year: int, day: date) -> pd.DataFrame | None:
    """Per priority at one cut-off: the official figures beside the internal objectives (None: no internal side)."""
    pid = internal_programme_of(cci)
    if pid is None or not source.has_cutoffs or day > _data(pid, None).info.as_of:
        return None
    internal = level_table(pid, "objective", day, snapshot=None).copy()
    projects = _data(pid, None).projects
    internal["selected_cost"] = [_official.selected_cost_at(projects, day, str(k)) for k in internal["key"]]
    return _memo(
        "priority_reconciliation",
        (source.name, cci, year, pid),
        lambda: _official.priority_reconciliation(official_priorities(source, cci, year), internal),
        internal=True,
    )


def official_planned_reconciliation(source: OfficialSource, cci: str) -> tuple[str, date, pd.DataFrame] | None:
    """A planned file beside the internal allocation at the workbook's extract date (None: no internal side)."""
    pid = internal_programme_of(cci)
    if pid is None or source.has_cutoffs:
        return None
    day = _data(pid, None).info.as_of
    internal = level_table(pid, "objective", day, snapshot=None)
    table = _memo(
        "planned_reconciliation",
        (source.name, cci, pid),
        lambda: _official.planned_reconciliation(source, cci, internal),
        internal=True,
    )
    return pid, day, table


def official_thresholds(cci: str) -> Kpi | None:
    """The management plan's headline KPI of the programming period the CCI belongs to (drawn for reference)."""
    period = {"2014": "2014-2020", "2021": "2021-2027"}.get(cci[:4])
    try:
        return thresholds().headline(period) if period else None
    except KeyError:
        return None


# --- the top-down check on the official series (monitoring.topdown; docs/metrics.md "Top-down check") ----------
def official_topdown(source: OfficialSource, cci: str) -> tuple[_topdown.TopDown, _topdown.TopDownBacktest] | None:
    """The programme's curve against its comparable programmes' (same period, same fund) and the projection by rate
    level, with the backtest of that projection over the same programmes (None: the file has no cut-offs). The
    curve is the headline KPI's nearest official figure: selection rate for a commitment KPI (2021-2027), else
    the declared rate; the KPI's threshold is drawn for comparison."""
    if not source.has_cutoffs:
        return None
    kpi = official_thresholds(cci)
    measure = "decided_rate" if kpi is not None and kpi.key == "commitment" else "spent_rate"
    threshold = kpi.red_below if kpi is not None else None

    group = tuple(_topdown.comparable(source, cci))
    projection = _memo("topdown", (source.name, cci), lambda: _topdown.project(source, cci, measure, threshold))
    # the backtest is the group's (every page of the group shares it: computed once per file and group)
    tested = _memo(
        "topdown-backtest", (source.name, group, measure), lambda: _topdown.backtest(source, measure, list(group))
    )
    return projection, tested


def programme_topdown(
    pid: str,
) -> tuple[str, OfficialSource, _topdown.TopDown, _topdown.TopDownBacktest] | None:
    """The top-down check of a loaded programme, when an official series holds its CCI (the Programme sheet's):
    (cci, the series, the projection, its backtest); None otherwise."""
    data = programme(pid, None)
    cci = data.info.cci if data is not None else ""
    if not cci:
        return None
    source = official_source(cci, None)
    found = official_topdown(source, cci) if source is not None else None
    if source is None or found is None:
        return None
    return cci, source, found[0], found[1]
