"""Seeded fuzzing: randomly damaged workbooks, each read in the memory-limited child as the dashboard reads it.

Every mutant is the small valid fixture with one to four faults among: any value in any cell (Excel errors,
formulas without saved value, dates such as 31/12/9999 or 01/01/2300, huge or negative amounts, units in
headers), a value or only formatting in a far-away cell (up to XFD1048576), rows deleted, duplicated or
hidden, headers renamed, columns swapped, sheets renamed (to "Info", "Operations", ...), removed, hidden or
added first; and, for some, damage to the file's bytes (cut short, bytes flipped, texts moved to a shared
strings part). A read may only end in data or a refusal made of located issues of the loader: an abort, a
timeout or any other exception fails the test, and so does an issue without its place or its message.

The default suite runs 200 mutants; ``INTAKE_FUZZ_MUTANTS=2000 python -m pytest tests/data_loaders/test_fuzz.py``
runs 2 000 (``INTAKE_FUZZ_SEED`` picks another series). A failure names the mutant's number and faults.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from datetime import date, datetime, time
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font

from data_loaders.isolation import IsolatedReader
from data_loaders.writer import write_workbook
from i18n import has

from .conftest import fixture_rows
from .corpus import shared_strings
from .test_corpus import FILE_LEVEL

MUTANTS = int(os.environ.get("INTAKE_FUZZ_MUTANTS", "200"))
SEED = int(os.environ.get("INTAKE_FUZZ_SEED", "20261202"))
SHEETS = ["Programme", "Budget", "Calls", "Projects", "Commitments", "Payments", "Forecasts"]
LOOK_ALIKES = ["Info", "Operations", "Betalingen", "Program", "Dotations", "Projets", "Prognoses", "Notes"]
HEADERS = ["Montant (k€)", "Amount (USD)", "Bedrag in k€", "Dotation (M€)", "Amount (%)", "Montant (€)", "Amount", "Id"]
VALUES: list[Any] = [
    None,
    "",
    " ",
    "\u00a0",
    "P1",
    "P2",
    "P9",
    "C1",
    "1.1",
    "2.1",
    "Total",
    "TOTAAL",
    "#N/A",
    "#REF!",
    "#DIV/0!",
    "#VALUE!",
    "=A1*2",
    "=SUM(C2:C4)",
    "1.234,56",
    "12,3,4",
    "1,234",
    "0,5 %",
    "50 %",
    "150 %",
    "31/12/9999",
    "01/01/2300",
    "30/02/2023",
    "2021-2027",
    "signé",
    "solde",
    "refund",
    "<a href='https://evil.example'>x</a>",
    9_999_999_999_999,
    -9_999_999_999_999,
    1e300,
    -1e300,
    -9e15,
    -0.0,
    0,
    2099,
    True,
    date(9999, 12, 31),
    date(2300, 1, 1),
    date(1900, 1, 1),
    date(2023, 6, 30),
    datetime(2023, 6, 30, 12, 30),
    time(12, 30),
]


def _value(rng: random.Random) -> Any:
    pick = rng.random()
    if pick < 0.6:
        return rng.choice(VALUES)
    if pick < 0.75:
        return rng.uniform(-1e7, 1e7)
    if pick < 0.9:
        return "".join(rng.choice("abcXYZ019 ,.-/%€") for _ in range(rng.randint(1, 12)))
    return "x" * rng.choice([100, 5_000, 40_000])


KINDS = ["cell"] * 6 + ["far", "far", "far-format", "header", "delete-row", "duplicate-row", "hide-row"]
KINDS += ["rename-sheet", "delete-sheet", "add-sheet-first", "swap-columns", "hide-sheet"]


def _mutate(wb: openpyxl.Workbook, rng: random.Random, kind: str) -> str:
    """Apply one fault of ``kind``; return its description."""
    names = wb.sheetnames
    ws = wb[rng.choice(names)]
    if kind == "cell":
        r, c, v = rng.randint(1, 8), rng.randint(1, 15), _value(rng)
        ws.cell(row=r, column=c).value = v
        return f"{ws.title}!R{r}C{c}={v!r:.40}"
    if kind == "far":
        r = rng.choice([1048576, 65536, 500_001, rng.randint(1, 1048576)])
        c = rng.choice([16384, 1001, 27, rng.randint(1, 16384)])
        ws.cell(row=r, column=c).value = rng.choice([1, "note", "P1", 3.5])
        return f"far {ws.title}!R{r}C{c}"
    if kind == "far-format":
        ws.cell(row=1048576, column=16384).font = Font(bold=True)
        return f"far format {ws.title}"
    if kind == "header":
        c, h = rng.randint(1, 8), rng.choice(HEADERS)
        ws.cell(row=1, column=c).value = h
        return f"header {ws.title}!C{c}={h}"
    if kind == "delete-row":
        r = rng.randint(1, 6)
        ws.delete_rows(r)
        return f"delete {ws.title}!R{r}"
    if kind == "duplicate-row":
        r = rng.randint(1, 6)
        ws.append([c.value for c in ws[r]])
        return f"duplicate {ws.title}!R{r}"
    if kind == "hide-row":
        r = rng.randint(1, 6)
        ws.row_dimensions[r].hidden = True
        return f"hide {ws.title}!R{r}"
    if kind == "rename-sheet":
        title = rng.choice([*LOOK_ALIKES, "X", "Budget 2"])
        if title not in names:
            ws.title = title
        return f"rename {ws.title}"
    if kind == "delete-sheet" and len(names) > 1:
        wb.remove(ws)
        return f"remove {ws.title}"
    if kind == "add-sheet-first":
        title = rng.choice(LOOK_ALIKES)
        if title not in names:
            extra = wb.create_sheet(title, 0)
            extra.append(["Operation", "Status", "Amount", "Date"])
            extra.append(["OP1", "ongoing", 12.0, date(2023, 1, 1)])
        return f"add first {title}"
    if kind == "swap-columns":
        a, b = rng.randint(1, 14), rng.randint(1, 14)
        for r in range(1, min(ws.max_row, 20) + 1):
            ca, cb = ws.cell(row=r, column=a), ws.cell(row=r, column=b)
            ca.value, cb.value = cb.value, ca.value
        return f"swap {ws.title}!C{a}/C{b}"
    if kind == "hide-sheet" and len(names) > 1:
        ws.sheet_state = "hidden"
        return f"hide sheet {ws.title}"
    return "nothing"


#: cells no spreadsheet program writes, put straight into a sheet's XML
ODD_CELLS = [
    b'<c r="E2" t="n"><v>abc</v></c>',
    b'<c r="E2" t="b"><v>7</v></c>',
    b'<c r="E2" t="s"><v>99999</v></c>',
    b'<c r="E2" t="e"><v>#WHAT</v></c>',
    b'<c r="E2" t="d"><v>garbage</v></c>',
    b'<c r="E2" s="1"><v>-9e15</v></c>',
    b'<c r="E2" s="1"><v>NaN</v></c>',
    b'<c r="E2"><v>1e400</v></c>',
    b'<c t="n"><v>1</v></c>',
    b'<c r="XFD2"><v>1</v></c>',
]


def _bytes_damage(raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    pick = rng.random()
    if pick < 0.25:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        sheet = rng.choice([n for n in parts if n.startswith("xl/worksheets/sheet")])
        odd = rng.choice(ODD_CELLS)
        parts[sheet] = parts[sheet].replace(b"</row>", odd + b"</row>", 1)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return out.getvalue(), f"odd cell {odd.decode()} in {sheet}"
    if pick < 0.45:
        cut = rng.randint(0, len(raw))
        return raw[:cut], f"cut at {cut}"
    if pick < 0.65:
        data = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data), "bytes flipped"
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    extra = {}
    if rng.random() < 0.5:
        big = "B" * rng.choice([40_000, 2_000_000])
        extra = dict.fromkeys((f"sheet6.xml!E{r}" for r in range(1, rng.randint(2, 60))), big)
    shared_strings(parts, extra)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue(), f"shared strings ({len(extra)} long)"


def mutants(seed: int, count: int, base: bytes):
    """(number, file name, bytes, faults) of ``count`` mutants of ``base``, the same for the same seed."""
    for n in range(count):
        rng = random.Random(seed * 1_000_003 + n)
        wb = openpyxl.load_workbook(io.BytesIO(base))
        kinds = [rng.choice(KINDS) for _ in range(rng.randint(1, 4))]
        kinds.sort(key=lambda k: k.startswith("far"))  # far cells last: openpyxl then moves no million rows
        faults = [_mutate(wb, rng, kind) for kind in kinds]
        buf = io.BytesIO()
        wb.save(buf)
        raw = buf.getvalue()
        if rng.random() < 0.15:
            raw, what = _bytes_damage(raw, rng)
            faults.append(what)
        name = rng.choice(["m.xlsx", "m.XLSX", "m.xlsm"])
        yield n, name, raw, faults


def _problems(result, name: str) -> list[str]:
    out = []
    if result.failure is not None:
        return [f"the read failed ({result.failure}): {result.detail[-300:]}"]
    errors = [i for i in result.issues if i.severity == "error"]
    if (result.data is None) != bool(errors):
        out.append("data and errors disagree")
    for issue in result.issues:
        if issue.severity not in ("error", "warning") or not has(f"issue.{issue.code}"):
            out.append(f"unknown issue {issue.severity} {issue.code}")
        if issue.severity == "error" and issue.sheet is None and issue.code not in FILE_LEVEL:
            out.append(f"{issue.code} without its place")
        for lang in ("fr", "nl", "en"):
            text = issue.message(lang)
            if not text or "Traceback" in text or "{" in text or issue.file != name:
                out.append(f"{issue.code}: bad message {text!r:.80}")
    data = result.data
    if data is not None:
        for frame, cols in ((data.payments, ("date",)), (data.commitments, ("date",)), (data.projects, ("end_date",))):
            for col in cols:
                dates = frame[col].dropna()
                if len(dates) and (dates.min().year < 2000 or dates.max().year > 2040):
                    out.append(f"a date outside the window in {col}")
        if len(data.payments) and data.payments["amount"].abs().max() >= 1e13:
            out.append("an implausible amount was accepted")
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> bytes:
    programme, sheets = fixture_rows()
    return write_workbook(tmp_path_factory.mktemp("fuzz") / "base.xlsx", programme, sheets).read_bytes()


def test_mutants_end_in_data_or_located_refusals(base):
    reader = IsolatedReader(memory_mb=1024, timeout=60)
    failures: list[str] = []
    outcomes = {"accepted": 0, "refused": 0}
    try:
        for n, name, raw, faults in mutants(SEED, MUTANTS, base):
            result = reader.check(raw, name, today=date(2024, 1, 15))
            problems = _problems(result, name)
            if problems:
                failures.append(f"mutant {n} ({'; '.join(faults)}): {'; '.join(problems[:3])}")
            outcomes["accepted" if result.data is not None else "refused"] += 1
    finally:
        reader.close()
    assert failures == [], f"{len(failures)} of {MUTANTS} mutants (seed {SEED}):\n" + "\n".join(failures[:20])
    assert outcomes["accepted"] + outcomes["refused"] == MUTANTS
    assert outcomes["accepted"] > 0 and outcomes["refused"] > 0  # the faults are neither all harmless nor all fatal
