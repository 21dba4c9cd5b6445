"""The normalised copy of an accepted workbook: its frames as parquet, read back in a fraction of a second.

A workbook that passed validation is a :class:`~monitoring.model.ProgrammeData`: a few typed frames
and the Programme sheet. Reading the Excel file again on every start costs seconds at national scale
(the package scan, calamine, every check); reading its frames from parquet costs tenths of a second.
So every accepted workbook is also kept in this form, in a folder of its own named after the
workbook's content hash::

    <folder>/
        budget.parquet calls.parquet projects.parquet commitments.parquet payments.parquet
        forecasts.parquet tranches.parquet prefinancing.parquet claims.parquet
        meta.json       the Programme sheet, the warnings found at intake, each column's dtype

The folder is written under a temporary name, every file synced, then renamed into place in one
step (:func:`write`): a reader finds the whole copy or none. ``meta.json`` is written last and
names the format version; a folder without it, or of another version, is not a copy
(:func:`read` raises :class:`NormalisedError` and the caller reads the workbook instead).

pyarrow is the engine (pandas' own parquet engine). The frames come back with exactly the dtypes
they were written with (text columns as Python ``str`` objects, as the loader builds them).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monitoring.model import FRAME_COLUMNS, ProgrammeData, ProgrammeInfo

from .issues import Issue

FORMAT_VERSION = 1
META = "meta.json"
FRAMES = tuple(FRAME_COLUMNS)


class NormalisedError(Exception):
    """The folder holds no whole normalised copy (missing, half-written, another version, damaged)."""


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system can sync a folder
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _issue_fields(issue: Any) -> dict[str, Any]:
    if isinstance(issue, Issue):
        return {
            "severity": issue.severity,
            "code": issue.code,
            "file": issue.file,
            "sheet": issue.sheet,
            "row": issue.row,
            "column": issue.column,
            "value": issue.value,
            "params": issue.params,
        }
    return {"severity": "warning", "code": "other", "file": "", "value": str(issue), "params": {}}


def issue_from_fields(fields: dict[str, Any]) -> Issue:
    """An :class:`Issue` from the plain fields :func:`write` keeps (the inverse of its serialisation)."""
    return Issue(
        str(fields.get("severity", "warning")),
        str(fields.get("code", "other")),
        str(fields.get("file", "")),
        fields.get("sheet"),
        fields.get("row"),
        fields.get("column"),
        fields.get("value"),
        dict(fields.get("params") or {}),
    )


def issues_as_fields(issues: tuple[Any, ...] | list[Any]) -> list[dict[str, Any]]:
    """Issues as plain JSON-ready fields (language-free: the message is made when it is shown)."""
    return [_issue_fields(i) for i in issues]


def _meta(data: ProgrammeData) -> dict[str, Any]:
    info = data.info
    return {
        "version": FORMAT_VERSION,
        "info": {
            "programme_id": info.programme_id,
            "cci": info.cci,
            "title": info.title,
            "eligibility_end": info.eligibility_end.isoformat(),
            "eu_rate": info.eu_rate,
            "as_of": info.as_of.isoformat(),
            "titles": dict(info.titles),
        },
        "source": data.source,
        "warnings": issues_as_fields(data.warnings),
        "dtypes": {kind: {c: str(t) for c, t in getattr(data, kind).dtypes.items()} for kind in FRAMES},
        "rows": {kind: len(getattr(data, kind)) for kind in FRAMES},
    }


def write(folder: Path, data: ProgrammeData) -> bool:
    """Keep ``data`` as a normalised copy in ``folder`` (created whole, or not at all).

    Returns False when a whole copy is already there (a content is written once). Raises OSError
    when the disk refuses.
    """
    folder = Path(folder)
    if (folder / META).exists():
        return False
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        for kind in FRAMES:
            path = tmp / f"{kind}.parquet"
            getattr(data, kind).to_parquet(path, engine="pyarrow", index=False)
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        meta = json.dumps(_meta(data), ensure_ascii=False, indent=1).encode("utf-8")
        with open(tmp / META, "wb") as fh:
            fh.write(meta)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync(tmp)
        try:
            os.rename(tmp, folder)  # a folder is renamed in one step; an existing target refuses it
        except OSError:
            if (folder / META).exists():  # another process wrote the same content meanwhile
                shutil.rmtree(tmp, ignore_errors=True)
                return False
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync(folder.parent)
    return True


def _restore(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    out: dict[str, pd.Series[Any]] = {}
    for column, dtype in dtypes.items():
        s = frame[column]
        out[column] = s.astype(object) if dtype == "object" else s.astype(np.dtype(dtype))
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def read(folder: Path) -> ProgrammeData:
    """The programme kept in ``folder``; raises :class:`NormalisedError` if no whole copy of this version is there."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NormalisedError(f"no readable {META}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
        raise NormalisedError("another format version")
    try:
        frames = {}
        for kind in FRAMES:
            frame = pd.read_parquet(folder / f"{kind}.parquet", engine="pyarrow")
            frames[kind] = _restore(frame, meta["dtypes"][kind])
            if len(frames[kind]) != meta["rows"][kind]:
                raise NormalisedError(f"{kind}: {len(frames[kind])} rows, {meta['rows'][kind]} written")
        i = meta["info"]
        info = ProgrammeInfo(
            programme_id=str(i["programme_id"]),
            cci=str(i["cci"]),
            title=str(i["title"]),
            eligibility_end=date.fromisoformat(i["eligibility_end"]),
            eu_rate=float(i["eu_rate"]),
            as_of=date.fromisoformat(i["as_of"]),
            titles={str(k): str(v) for k, v in (i.get("titles") or {}).items()},
        )
        warnings = tuple(issue_from_fields(w) for w in meta.get("warnings", []))
        return ProgrammeData(info=info, source=str(meta.get("source", "")), warnings=warnings, **frames)
    except NormalisedError:
        raise
    except Exception as exc:  # a damaged parquet file, a missing column: not a copy to trust
        raise NormalisedError(f"{type(exc).__name__}: {exc}") from exc


__all__ = ["FORMAT_VERSION", "NormalisedError", "issue_from_fields", "issues_as_fields", "read", "write"]
