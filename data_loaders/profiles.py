"""Mapping profiles: how a source's list of operations maps onto the format, kept to apply to its next export.

A profile is a JSON file in ``<data folder>/.profiles/`` named after the profile (``brussels-erdf.json``). It
holds the header signature of the list it was made from (:func:`data_loaders.operations.header_signature`),
the mapping (column index, header as written, field), which programme of the list and which of the
dashboard's programmes it feeds, and the allocation per priority when the list has none. The watch folder
(``incoming/``) applies the profile whose signature matches a file's header: the file becomes a workbook of
the format (:func:`convert`) and is taken like any other; a file no profile matches is refused as before, with
the message saying it looks like a list of operations.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from monitoring.model import PROGRAMME_IDS

from . import operations
from .snapshots import atomic_write

_log = logging.getLogger(__name__)
PROFILES_DIR = ".profiles"
#: a profile's name: letters, digits, spaces, dots, dashes and underscores (it names a file)
NAME_RE = re.compile(r"^[\w .-]{1,60}$")
MAX_PROFILES = 200


class ProfileError(Exception):
    """A profile that cannot be saved ("bad-name", "bad-programme", "too-many")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Profile:
    name: str
    signature: str
    headers: list[str]
    mapping: dict[str, str]  # column index (as text: JSON keys) -> field
    programme_id: str  # the dashboard's programme the list feeds ("2014-2020" | "2021-2027")
    programme: str | None = None  # the value of the list's programme column to keep (None: every row)
    allocation: dict[str, float] = field(default_factory=dict)  # priority code -> allocation, euros
    by: str = ""
    saved_at: float = 0.0

    def column_mapping(self) -> dict[int, str]:
        return {int(k): v for k, v in self.mapping.items()}


def folder_of(data_dir: Path | str) -> Path:
    return Path(data_dir) / PROFILES_DIR


def file_name(name: str) -> str:
    """The profile's file: its name in lower case, spaces as dashes."""
    return re.sub(r"\s+", "-", name.strip().lower()) + ".json"


def save(data_dir: Path | str, profile: Profile) -> Path:
    """Keep ``profile`` (replacing a profile of the same name)."""
    name = profile.name.strip()
    if not NAME_RE.match(name) or name.startswith("."):
        raise ProfileError("bad-name")
    if profile.programme_id not in PROGRAMME_IDS:
        raise ProfileError("bad-programme")
    folder = folder_of(data_dir)
    path = folder / file_name(name)
    if not path.exists() and len(list(folder.glob("*.json"))) >= MAX_PROFILES:
        raise ProfileError("too-many")
    folder.mkdir(parents=True, exist_ok=True)
    body = asdict(profile) | {"name": name, "saved_at": profile.saved_at or time.time()}
    atomic_write(path, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


def load_all(data_dir: Path | str) -> list[Profile]:
    """Every readable profile of the folder, newest first (an unreadable file is left out)."""
    out = []
    for path in folder_of(data_dir).glob("*.json"):
        try:
            out.append(Profile(**json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return sorted(out, key=lambda p: -p.saved_at)


def matching(data_dir: Path | str, table: operations.Table) -> Profile | None:
    """The newest profile made from a list with the same header as ``table`` (None: none)."""
    signature = operations.header_signature(table.headers)
    return next((p for p in load_all(data_dir) if p.signature == signature), None)


def workbook_bytes(data: Any) -> bytes:
    """A ProgrammeData written as a workbook of the format (what the upload and the watch folder take)."""
    from . import writer  # openpyxl: imported when a list is converted, not at every start

    programme, sheets = operations.workbook_sheets(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = writer.write_workbook(Path(tmp) / "list.xlsx", programme, sheets)
        return path.read_bytes()


def convert(table: operations.Table, profile: Profile, as_of: date | None = None) -> bytes:
    """The workbook of the format a list becomes under ``profile``."""
    extracted = operations.extract(table, profile.column_mapping())
    data = operations.build_programme(
        extracted,
        programme_id=profile.programme_id,
        allocation=profile.allocation,
        programme=profile.programme,
        as_of=as_of,
        title=profile.programme or "",
    )
    return workbook_bytes(data)


def converted_name(name: str) -> str:
    """The name a converted list is taken under: its own, with ".xlsx" added ("export.csv.xlsx")."""
    return f"{name}.xlsx"


def apply_to_incoming(data_dir: Path | str, raw: bytes, name: str) -> tuple[bytes, str]:
    """A file of the watch folder: converted when it is a list of operations a profile matches, else as it is
    (a failure to convert is logged and the file is taken as it is: refused with its own message)."""
    try:
        return _apply(data_dir, raw, name)
    except Exception:
        _log.exception("applying a mapping profile to %s failed", name)
        return raw, name


def _apply(data_dir: Path | str, raw: bytes, name: str) -> tuple[bytes, str]:
    if not folder_of(data_dir).is_dir():
        return raw, name
    try:
        listfile = operations.read_list(raw, name)
    except operations.ListError:
        return raw, name
    table = None if operations.is_format_workbook(listfile) else operations.list_table(listfile)
    if table is None:
        return raw, name
    profile = matching(data_dir, table)
    if profile is None:
        return raw, name
    return convert(table, profile), converted_name(name)


__all__ = [
    "Profile",
    "ProfileError",
    "apply_to_incoming",
    "convert",
    "converted_name",
    "load_all",
    "matching",
    "save",
    "workbook_bytes",
]
