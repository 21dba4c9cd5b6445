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

from .demo import ensure_demo_data, write_demo_workbooks
from .isolation import check_isolated
from .issues import Issue, WorkbookError
from .limits import IntakeLimits
from .loader import check_workbook, load_programme

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
