"""Reading the ERDF programme workbooks: bounded loading, validation with located FR/NL/EN messages, the
data folder and its snapshots, demo data.

Public API::

    load_programme(path) -> ProgrammeData          # raises WorkbookError if the workbook has errors
    check_workbook(path) -> (ProgrammeData | None, list[Issue])   # never raises for bad input
    check_isolated(path) -> the same, read in a child process with a memory limit
    IntakeLimits                                   # the bounds of a read and the plausible date window
    WorkbookError, Issue
    write_demo_workbooks(folder), ensure_demo_data(folder)

``data_loaders.store.DataStore`` serves the programmes of a folder of workbooks to the dashboard;
``data_loaders.check`` is the command line. The workbook format is documented in docs/data-format.md.
"""

from typing import Any

from .isolation import check_isolated
from .issues import Issue, WorkbookError
from .limits import IntakeLimits
from .loader import check_workbook, load_programme


def __getattr__(name: str) -> Any:
    """The demo writer (and openpyxl under it, 0.2 s) is imported when first asked for, not at every start."""
    if name in ("ensure_demo_data", "write_demo_workbooks"):
        from . import demo

        return getattr(demo, name)
    raise AttributeError(name)


__all__ = [
    "IntakeLimits",
    "Issue",
    "WorkbookError",
    "check_isolated",
    "check_workbook",
    "ensure_demo_data",
    "load_programme",
    "write_demo_workbooks",
]
