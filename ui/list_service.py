"""The service of the mapping step (ui.views.mapping): lists of operations and mapping profiles, in plain values.

Like ``ui.service`` for the rest of the app, this is the one place where the mapping step's pages ask
``data_loaders`` (``operations``, ``profiles``); the view builds components from what it returns.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from data_loaders import operations, profiles
from data_loaders.parsing import parse_date, parse_text
from data_loaders.uploads import JOB_RE

from . import service
from .service import Job

FIELDS = operations.FIELDS
IDENTITY_FIELDS = operations.IDENTITY_FIELDS
NO_PRIORITY = operations.NO_PRIORITY
ALL_PROGRAMMES = "*"
#: the first values shown beside each column
SAMPLES = 2
ALLOCATION_LINE = re.compile(r"^\s*([^=;:\t]+?)\s*[=;:\t]\s*(.*?)\s*$")


def is_list_job(job: Job | None) -> bool:
    """An upload its validation recognised as a list of operations (and nothing else)."""
    return job is not None and job.state == "refused" and [i.get("code") for i in job.issues] == ["operations-list"]


def _raw_path(job_id: str) -> Path | None:
    if not JOB_RE.match(job_id or ""):
        return None
    return Path(service.uploads().root) / f"{job_id}.xlsx"


@functools.lru_cache(maxsize=4)
def _table_of(job_id: str, file: str, size: int) -> operations.Table | None:
    path = _raw_path(job_id)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return operations.recognise(raw, file)


def table_for(job: Job | None) -> operations.Table | None:
    """The list an upload holds (read once per upload and process; None when its file is gone)."""
    return _table_of(job.id, job.file, job.size) if job is not None else None


@dataclass(frozen=True)
class Proposal:
    """What the mapping card shows of a list: where its header is, its columns, and the mapping proposed."""

    sheet: str
    header_row: int
    kind: str
    encoding: str
    delimiter: str
    headers: list[str]
    samples: list[str]
    mapping: dict[int, str]
    programmes: list[str]
    priorities: list[str]
    programme_id: str
    programme: str
    allocation: dict[str, float] = field(default_factory=dict)
    profile: str = ""  # the name of the saved profile applied ("" none)
    as_of: date | None = None  # the date of the data, when the file's name gives one (20160711_…)


def propose(job: Job) -> Proposal | None:
    """The proposed mapping of an upload's list: the saved profile of the same header, else the alias table."""
    table = table_for(job)
    if table is None:
        return None
    saved = _profile_for(table)
    mapping = saved.column_mapping() if saved else operations.propose(table.headers)
    extracted = operations.extract(table, mapping)
    return Proposal(
        sheet=table.sheet,
        header_row=table.header_row,
        kind=table.kind,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=list(table.headers),
        samples=[_samples(table, col) for col in range(len(table.headers))],
        mapping=mapping,
        programmes=[p for p in extracted.programmes() if p],
        priorities=list(dict.fromkeys(op.priority or NO_PRIORITY for op in extracted.operations)),
        programme_id=saved.programme_id if saved else _guess_programme_id(job.file, table),
        programme=(saved.programme or ALL_PROGRAMMES) if saved else ALL_PROGRAMMES,
        allocation=dict(saved.allocation) if saved else {},
        profile=saved.name if saved else "",
        as_of=date_in_name(job.file),
    )


def date_in_name(file: str) -> date | None:
    """A past date written yyyymmdd in a file's name ("20160711_listeoperations.xls"), else None."""
    for m in re.finditer(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)", file):
        try:
            found = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if date(1990, 1, 1) <= found <= date.today():
            return found
    return None


def _profile_for(table: operations.Table) -> profiles.Profile | None:
    try:
        return profiles.matching(service.settings().data_dir, table)
    except OSError:
        return None


def _guess_programme_id(file: str, table: operations.Table) -> str:
    """The dashboard's programme a list most likely feeds: the period its name or titles name, else 2014-2020."""
    return "2021-2027" if re.search(r"2021|2027", " ".join([file, *table.titles])) else "2014-2020"


def _samples(table: operations.Table, col: int) -> str:
    values = []
    for _row, cells in table.rows:
        if sum(1 for c in cells if parse_text(c)) < 2:  # a section or blank row: not an operation's values
            continue
        text = parse_text(cells[col]) if col < len(cells) else ""
        if text:
            values.append(text[:40])
        if len(values) >= SAMPLES:
            break
    return " · ".join(values)


def programmes(job: Job | None, mapping: dict[int, str]) -> list[str] | None:
    """The values of the list's programme column under ``mapping`` (None: the list is gone)."""
    table = table_for(job)
    if table is None:
        return None
    return [p for p in operations.extract(table, mapping).programmes() if p]


def mapping_from(values: list[Any], ids: list[dict[str, Any]]) -> dict[int, str]:
    """Column index -> field from the selects' values ("not used" and unknown values left out)."""
    return {int(i["col"]): str(v) for v, i in zip(values, ids, strict=False) if v in FIELDS}


def allocation_from_text(text: str | None) -> tuple[dict[str, float], list[str]]:
    """The form's lines "code = amount" as {code: amount}, and the lines that could not be read."""
    out: dict[str, float] = {}
    bad = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        m = ALLOCATION_LINE.match(line)
        if not m:
            bad.append(line.strip()[:60])
            continue
        try:
            out.update(operations.allocation_from({m.group(1): m.group(2)}))
        except ValueError:
            bad.append(line.strip()[:60])
    return out, bad


def as_of_from(text: str | None) -> date | None:
    """A past date written dd/mm/yyyy (or ISO), else None."""
    try:
        value = parse_date((text or "").strip())
    except ValueError:
        return None
    return value if value is not None and value <= date.today() else None


@dataclass
class PreviewLine:
    code: str
    label: str
    operations: int
    beneficiaries: int
    decided: float
    eu_amount: float
    allocation: float | None


@dataclass
class Preview:
    """The mapped list's totals per priority (and all together), and what was left out."""

    missing: list[str] = field(default_factory=list)  # fields to map before anything can be shown
    lines: list[PreviewLine] = field(default_factory=list)
    total: PreviewLine | None = None
    operations: int = 0
    sections: int = 0
    totals: int = 0
    ignored: int = 0
    unread: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, value)
    bad_allocation: list[str] = field(default_factory=list)


def preview(
    job: Job | None, mapping: dict[int, str], programme: str | None, allocation_text: str | None
) -> Preview | None:
    """What the mapped list gives (None: its file is gone)."""
    table = table_for(job)
    if table is None:
        return None
    missing = [] if "total_cost" in mapping.values() else ["total_cost"]
    if not any(f in mapping.values() for f in IDENTITY_FIELDS):
        missing.append("name")
    if missing:
        return Preview(missing=missing)
    extracted = operations.extract(table, mapping)
    chosen = None if programme in (None, "", ALL_PROGRAMMES) else programme
    ops = [op for op in extracted.operations if chosen is None or op.text("programme") == chosen]
    allocation, bad = allocation_from_text(allocation_text)
    labels = dict(extracted.sections)
    for op in ops:
        labels.setdefault(op.priority, op.priority_label)
    out = Preview(
        operations=len(ops),
        sections=extracted.count("section"),
        totals=extracted.count("total"),
        ignored=extracted.count("ignored"),
        unread=[(n.row, n.column, n.value) for n in extracted.notes if n.kind in ("bad-amount", "bad-date")],
        bad_allocation=bad,
    )
    for (code,), tot in operations.totals(ops, ("priority",)).items():
        out.lines.append(
            PreviewLine(
                code,
                labels.get(code, ""),
                tot.operations,
                len(tot.beneficiaries),
                tot.total_cost,
                tot.eu_amount,
                allocation.get(code or NO_PRIORITY),
            )
        )
    everything = operations.Totals()
    for op in ops:
        everything.add(op)
    out.total = PreviewLine(
        "",
        "",
        everything.operations,
        len(everything.beneficiaries),
        everything.total_cost,
        everything.eu_amount,
        sum(allocation.values()) or None,
    )
    return out


@dataclass(frozen=True)
class Saved:
    """The outcome of saving: a problem (its catalogue key and parameters), or the profile and the new upload."""

    problem: str = ""  # "gone" | "incomplete" | "allocation" | "as-of" | "bad-name" | "bad-programme" | "too-many"
    params: dict[str, Any] = field(default_factory=dict)
    profile: str = ""
    job: Job | None = None


def save(
    job: Job | None,
    mapping: dict[int, str],
    programme: str | None,
    slot: str | None,
    allocation_text: str | None,
    as_of_text: str | None,
    name: str | None,
    by: str,
) -> Saved:
    """Keep the mapping as a profile and send the mapped list, as a workbook of the format, to be checked."""
    table = table_for(job)
    if job is None or table is None:
        return Saved("gone")
    if "total_cost" not in mapping.values():
        return Saved("incomplete", {"fields": ["total_cost"]})
    allocation, bad = allocation_from_text(allocation_text)
    if bad:
        return Saved("allocation", {"lines": bad})
    as_of = as_of_from(as_of_text)
    if as_of is None:
        return Saved("as-of", {"value": (as_of_text or "")[:20]})
    profile = profiles.Profile(
        name=(name or "").strip(),
        signature=operations.header_signature(table.headers),
        headers=list(table.headers),
        mapping={str(k): v for k, v in mapping.items()},
        programme_id=slot or "",
        programme=None if programme in (None, "", ALL_PROGRAMMES) else programme,
        allocation=allocation,
        by=by,
    )
    try:
        profiles.save(service.settings().data_dir, profile)
    except profiles.ProfileError as exc:
        return Saved(exc.code)
    raw = profiles.convert(table, profile, as_of=as_of)
    new = service.start_upload(io.BytesIO(raw), profiles.converted_name(job.file), by)
    return Saved(profile=profile.name.strip(), job=new)
