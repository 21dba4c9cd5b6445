"""Excel exports of the dashboard's pages and the names of its chart images.

Pure: this package takes the figures the monitoring core computed (through the UI's figure
service, the same one the pages use) and writes workbooks with XlsxWriter; it imports only
``i18n`` and ``monitoring`` from the project, and no Dash or Flask.

* :func:`write_page` — one page's workbook (Summary, By objective, By call, Projects, Payments,
  Commitments, Forecasts, Decommitment);
* :func:`write_committee_pack` — the Summary and one sheet per objective;
* :func:`write_overview` — one Summary per programme;
* :mod:`exports.grid_state` — the projects explorer's search, filters and sort, read from a URL and
  applied as the grid does;
* :func:`workbook_name`, :func:`image_name` — file names in the page's language.
"""

from exports.content import CommitteePack, Headline, ObjectiveSheet, PageExport, Source, money_lines
from exports.grid_state import GridState, GridStateError
from exports.names import IMAGES, image_name, image_title, workbook_name
from exports.safe import needs_quote_prefix, safe_name
from exports.workbooks import STREAM_LINES, should_stream, write_committee_pack, write_overview, write_page

__all__ = [
    "IMAGES",
    "STREAM_LINES",
    "CommitteePack",
    "GridState",
    "GridStateError",
    "Headline",
    "ObjectiveSheet",
    "PageExport",
    "Source",
    "image_name",
    "image_title",
    "money_lines",
    "needs_quote_prefix",
    "safe_name",
    "should_stream",
    "workbook_name",
    "write_committee_pack",
    "write_overview",
    "write_page",
]
