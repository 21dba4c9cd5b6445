"""The bounds of what the loader reads: file and part sizes, rows and cells per sheet, text, dates.

A workbook past a bound is refused with a located issue *before* the part that would cost
the memory is parsed (see :mod:`data_loaders.package`). The defaults fit every real programme
workbook by a wide margin (the largest realistic export has about 100 000 payment lines in
four to fifteen columns) and keep the reading process well under 1 GB.

The plausible date window is a check on the data, not on the reader: a date outside it is a
typing error (01/01/2300, 15/03/1023) and is refused where it is written. 31/12/9999 is the
accounting systems' way of writing "no end date" and is read as an empty date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

#: how accounting exports write "no end date"
OPEN_END_DATE = date(9999, 12, 31)
#: Excel's own limit for the text of one cell
EXCEL_MAX_CELL_CHARS = 32_767

MiB = 2**20


@dataclass(frozen=True)
class IntakeLimits:
    """Bounds of one workbook read. ``IntakeLimits()`` holds the defaults; see :meth:`from_settings`."""

    #: the workbook file itself
    max_file_bytes: int = 64 * MiB
    #: one part of the zip package once decompressed (a sheet's XML, the shared strings)
    max_part_bytes: int = 256 * MiB
    #: all the parts together once decompressed
    max_unpacked_bytes: int = 512 * MiB
    #: Excel rows of one sheet (the last row holding a value)
    max_rows: int = 500_000
    #: Excel columns of one sheet (the last column holding a value)
    max_columns: int = 1_000
    #: cells of the rectangle from A1 to the last row and column holding a value
    max_cells: int = 5_000_000
    #: characters of one text (Excel never writes more in a cell)
    max_string_chars: int = EXCEL_MAX_CELL_CHARS
    #: characters of shared text the sheets read may repeat (a long text used in many cells)
    max_text_chars: int = 50_000_000
    #: the plausible window of every date in the workbook (31/12/9999 excepted: "no end date")
    date_min: date = date(2000, 1, 1)
    date_max: date = date(2040, 12, 31)

    def __post_init__(self) -> None:
        if not date(1900, 1, 1) <= self.date_min <= self.date_max <= date(2200, 12, 31):
            # pandas holds dates from 1677 to 2262: a window inside 1900-2200 can never overflow it
            raise ValueError(f"the date window {self.date_min}..{self.date_max} must lie within 1900-2200")

    def with_years(self, first: int, last: int) -> IntakeLimits:
        """The same limits with the date window from 1 January ``first`` to 31 December ``last``."""
        return replace(self, date_min=date(first, 1, 1), date_max=date(last, 12, 31))

    @classmethod
    def from_settings(cls, settings: Any) -> IntakeLimits:
        """The limits a :class:`settings.Settings` asks for (its ``intake_date_*_year`` fields)."""
        first = int(getattr(settings, "intake_date_min_year", DEFAULT_LIMITS.date_min.year))
        last = int(getattr(settings, "intake_date_max_year", DEFAULT_LIMITS.date_max.year))
        return cls().with_years(first, last)


DEFAULT_LIMITS = IntakeLimits()
