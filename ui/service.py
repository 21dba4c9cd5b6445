"""The cached figure service: the one place the dashboard asks the monitoring core for figures.

Every cached function is keyed on primitives only: the data snapshot id, the
programme id, the ISO as-of date and the filters (never a DataFrame, whose repr
is truncated). The snapshot id changes whenever an accepted workbook changes, so
stale figures are never served. The cache backend (SimpleCache, FileSystemCache,
RedisCache) comes from settings, so several workers can share it.
"""

from __future__ import annotations

from datetime import date

from flask_caching import Cache

from data_loaders.store import DataStore
from monitoring import figures
from monitoring.model import ProgrammeData
from monitoring.thresholds import Thresholds

cache = Cache()


class _State:
    store: DataStore | None = None
    thresholds: Thresholds | None = None
    settings = None


STATE = _State()


def configure(store: DataStore, thresholds: Thresholds, settings) -> None:
    STATE.store = store
    STATE.thresholds = thresholds
    STATE.settings = settings


def store() -> DataStore:
    assert STATE.store is not None, "ui.service.configure() was not called (create_app does it)"
    STATE.store.refresh()
    return STATE.store


def thresholds() -> Thresholds:
    return STATE.thresholds


def programme(pid: str | None) -> ProgrammeData | None:
    return store().get(pid) if pid else None


def snapshot() -> str:
    return store().snapshot_id


def resolve_as_of(data: ProgrammeData, as_of: date | None) -> date:
    """The as-of date to show: the requested one, capped to the extract date; default the extract date."""
    if as_of is None or as_of > data.info.as_of:
        return data.info.as_of
    return as_of


def _data(pid: str) -> ProgrammeData:
    data = store().get(pid)
    if data is None:
        raise KeyError(pid)
    return data


# --- cached figures (snapshot id first, so a new snapshot never hits an old entry) -------------
@cache.memoize()
def level_table(snap: str, pid: str, level: str, as_of: str, objective: str | None = None, call: str | None = None):
    return figures.level_table(_data(pid), level, date.fromisoformat(as_of), objective=objective, call=call)


@cache.memoize()
def totals(snap: str, pid: str, as_of: str, objective=None, call=None, project=None) -> dict:
    return figures.totals(_data(pid), date.fromisoformat(as_of), objective=objective, call=call, project=project)


@cache.memoize()
def monthly_series(snap: str, pid: str, as_of: str, objective=None, call=None, project=None):
    return figures.monthly_series(
        _data(pid), date.fromisoformat(as_of), objective=objective, call=call, project=project
    )


@cache.memoize()
def headline(snap: str, pid: str, as_of: str) -> dict:
    return figures.headline(_data(pid), thresholds(), date.fromisoformat(as_of))


@cache.memoize()
def target_path(snap: str, pid: str, as_of: str, kpi_key: str, allocation: float):
    kpi = thresholds().kpi(pid, kpi_key)
    return figures.target_path(kpi, allocation, date.fromisoformat(as_of))


@cache.memoize()
def decommitment(snap: str, pid: str, as_of: str):
    return figures.decommitment_exposure(_data(pid), date.fromisoformat(as_of))


@cache.memoize()
def forecast_table(snap: str, pid: str, as_of: str, project: str | None = None):
    return figures.forecast_table(_data(pid), date.fromisoformat(as_of), project=project, bands=thresholds().forecast)


@cache.memoize()
def cutoffs(snap: str, pid: str) -> list:
    return figures.reporting_cutoffs(_data(pid))
