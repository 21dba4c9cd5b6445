"""Reading the ERDF programme workbooks: loaders, validation with located FR/NL/EN messages, demo data.

Public API (imported by the dashboard, the store and the export)::

    load_programme(path) -> ProgrammeData          # raises WorkbookError if the workbook has errors
    check_workbook(path) -> (ProgrammeData | None, list[Issue])   # never raises for bad input
    WorkbookError, Issue
    write_demo_workbooks(folder), ensure_demo_data(folder)

The workbook format is documented in docs/data-format.md.
"""

from .demo import ensure_demo_data, write_demo_workbooks
from .issues import Issue, WorkbookError
from .loader import check_workbook, load_programme

__all__ = ["Issue", "WorkbookError", "check_workbook", "ensure_demo_data", "load_programme", "write_demo_workbooks"]
