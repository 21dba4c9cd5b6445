"""Every component id the shell, the pages, the callbacks, the tests and the benchmarks share.

An id is written once, here; everything else refers to these names. Ids that belong to one
programme or one grid are functions of it.
"""

from __future__ import annotations

# --- Dash pages' own components ----------------------------------------------------------------
PAGES_LOCATION = "_pages_location"
PAGES_CONTENT = "_pages_content"
PAGES_STORE = "_pages_store"

# --- the shell -----------------------------------------------------------------------------------
NAV_URL = "nav-url"  # a dcc.Location the callbacks write to navigate
LANG_STORE = "lang-store"  # the language remembered in the browser (localStorage)
PAGE_META = "page-meta"  # the page's title and language, applied to <title> and <html lang> in the browser
PAGE_META_SINK = "page-meta-sink"
LOGO_LINK = "logo-link"
SKIP_LINK = "skip-link"
MAIN_CONTENT = "main-content"
MAIN_NAV = "main-nav"
APP_TITLE = "app-title"
DEMO_NOTICE = "demo-notice"
NAV_LINKS = "nav-links"
NAV_OVERVIEW = "nav-overview"
NAV_EXPLORER = "nav-explorer"
NAV_DATA = "nav-data"
PROGRAMME_SWITCH = "programme-switch"
ASOF_SELECT = "asof-select"
LANG_SWITCH = "lang-switch"
FOOTER_SOURCES = "footer-sources"
WARNINGS_BUTTON = "warnings-button"
WARNINGS_MODAL = "warnings-modal"
WARNINGS_LIST = "warnings-list"
DATA_EVENTS = "data-events"  # the changes of the data while the page is open, announced once
EVENTS_SEEN = "events-seen"
EVENTS_TICK = "events-tick"

# --- page parts ----------------------------------------------------------------------------------
PAGE_TITLE = "page-title"
HEADLINE_LINE = "headline-line"
AS_OF_NOTICE = "notice-as-of"
SNAPSHOT_NOTICE = "notice-snapshot"
SNAPSHOT_BACK = "snapshot-back-to-current"
STAT_ALLOCATION = "stat-allocation"
STAT_COMMITTED = "stat-committed"
STAT_PAID = "stat-paid"
STAT_REMAINING = "stat-remaining"
SECTION_OBJECTIVES = "section-objectives"
SECTION_CALLS = "section-calls"
SECTION_PROJECTS = "section-projects"
SECTION_FORECAST = "section-forecast"
CUMULATIVE_GRAPH = "cumulative-graph"
PROJECT_CUMULATIVE = "project-cumulative"
DECOMMITMENT_GRAPH = "decommitment-graph"
DECOMMITMENT_GRID = "decommitment-grid"
DECOMMITMENT_METHOD = "decommitment-method"
SECTION_DECOMMITMENT = "section-decommitment"
MEASURED = "measured"
PROJECT_STATUS_LINE = "project-status-line"
PROJECT_RULE_NOTE = "project-rule-note"
FORECAST_GRAPH = "forecast-graph"
FORECAST_GRID = "forecast-grid"
LINES_GRID = "lines-grid"
STATUS_DONUT = "status-donut"
CALL_TIMELINE = "call-timeline"
LINK_EXPLORER = "link-explorer"
LINK_COMMITTEE = "link-committee"
LINK_HISTORY = "link-history"
SHARED_CALLS_NOTE = "shared-calls-note"
EXPLORER_SEARCH = "explorer-search"
EXPLORER_TOTALS = "explorer-totals"
EXPLORER_LANG = "explorer-lang"
EXPLORER_PRINT = "explorer-print"  # the explorer's printed table: the rows its grid shows

COMMITTEE = "committee"

# --- notices -------------------------------------------------------------------------------------
NOTICE_NO_DATA = "notice-no-data"
NOTICE_NO_PROGRAMME = "notice-no-programme"
NOTICE_NOT_FOUND = "notice-not-found"
NOTICE_PAGE_ERROR = "notice-page-error"
NOTICE_NO_CALLS = "notice-no-calls"
NOTICE_NO_PROJECTS = "notice-no-projects"
NOTICE_NO_FORECAST = "notice-no-forecast"
NOTICE_404 = "notice-404"

# --- pattern-matching ids: charts whose bars and grids whose rows open a page ---------------------
DRILL_GRAPH = "drill-graph"
NAV_GRID = "nav-grid"


def drill_graph(name: str) -> dict[str, str]:
    """A chart whose bars carry the URL of the page they stand for."""
    return {"type": DRILL_GRAPH, "index": name}


def nav_grid(name: str) -> dict[str, str]:
    """A grid whose rows carry the URL of the page they stand for (as row id)."""
    return {"type": NAV_GRID, "index": name}


EXPLORER_GRID = nav_grid("explorer")
PROJECTS_GRID = nav_grid("projects")  # the projects of an objective or a call


def programme_card(pid: str) -> str:
    return f"card-{pid}"


def gauge(pid: str) -> str:
    return f"gauge-{pid}"


def describe(pid: str) -> str:
    return f"describe-{pid}"


def done(pid: str) -> str:
    return f"done-{pid}"


def allocation(pid: str) -> str:
    return f"allocation-{pid}"


def rate(pid: str) -> str:
    return f"rate-{pid}"


def deadline(pid: str) -> str:
    return f"deadline-{pid}"


def sparkline(pid: str) -> str:
    return f"spark-{pid}"


def open_programme(pid: str) -> str:
    return f"open-{pid}"


def refused_notice(file_name: str) -> str:
    return f"notice-refused-{file_name}"


def pending_notice(file_name: str) -> str:
    return f"notice-pending-{file_name}"


def crumb(i: int) -> str:
    return f"crumb-{i}"


# --- exports (the download route's buttons; see ui.downloads) ------------------------------------
EXPORT_BAR = "export-bar"
EXPORT_BUTTON = "export-button"
EXPORT_PACK_BUTTON = "export-pack-button"
EXPLORER_PAGE = "explorer-page"  # the explorer's programme, language and as-of date, for its links
EXPLORER_URL = "explorer-url"  # the explorer's URL with its search, filters and sort (kept in the address bar)
EXPLORER_URL_SINK = "explorer-url-sink"
EXPLORER_SEARCH_SINK = "explorer-search-sink"
PROJECTS_PAGE = "projects-page"  # an objective's or call's projects grid: what its requests for rows are answered on
PROJECTS_SHOWN = "projects-shown"  # the state of its rows shown (its printed table follows it)
PROJECTS_PRINT = "projects-print"
TIMELINE_NOTE = "section-timeline-note"  # a call's timeline says when its project dates are counted per month
EXPLORER_SHOWN = "explorer-shown"  # the grid state of the explorer's rows shown (its printed table follows it)

# --- history: the snapshots of a programme and the comparison of two (ui.views.history) -------------
HISTORY_LIST = "history-list"
HISTORY_TABLE = "history-table"
HISTORY_EMPTY = "history-empty"
HISTORY_STATUS = "history-status"  # what a make-current or a removal did (role=status)
HISTORY_RESULT = "history-result"
HISTORY_CONFIRM = "history-confirm"  # the browser's confirmation before either
HISTORY_PENDING = "history-pending"  # the act waiting for that confirmation
HISTORY_MAKE_CURRENT = "history-make-current"  # pattern-matching: {"type": ..., "index": <snapshot id>}
HISTORY_REMOVE = "history-remove"
HISTORY_AUDIT = "history-audit"
COMPARE_SECTION = "compare-section"
COMPARE_UNKNOWN = "compare-unknown"
COMPARE_RATE_BEFORE = "compare-rate-before"
COMPARE_RATE_AFTER = "compare-rate-after"
COMPARE_ADDED = "compare-added"
COMPARE_REMOVED = "compare-removed"
COMPARE_CHANGED = "compare-changed"
COMPARE_UNCHANGED = "compare-unchanged"
COMPARE_OBJECTIVES = "compare-objectives"
COMPARE_PROJECTS = "compare-projects"
COMPARE_NO_CHANGE = "compare-no-change"


def history_row(short: str) -> str:
    return f"history-row-{short}"


def history_open(short: str) -> str:
    return f"history-open-{short}"


def history_compare(short: str) -> str:
    return f"history-compare-{short}"


# --- the Data page: the data shown now and an editor's uploads (ui.views.data) ---------------------
DATA_CURRENT = "data-current"
DATA_CURRENT_NONE = "data-current-none"
DATA_VIEWER = "data-viewer"  # a viewer is told who may upload
DATA_UPLOAD_SECTION = "data-upload-section"
DATA_UPLOAD = "data-upload"  # the dcc.Upload drop zone (assets/upload.js sends its files)
DATA_UPLOAD_TEXTS = "data-upload-texts"  # the progress texts for assets/upload.js, in the page's language
DATA_UPLOAD_BAR = "data-upload-bar"
DATA_UPLOAD_SENT = "data-upload-sent"
DATA_UPLOAD_JOBS = "data-upload-jobs"  # the uploads of the page (set by assets/upload.js)
DATA_UPLOAD_POLL = "data-upload-poll"
DATA_UPLOAD_SHOWN = "data-upload-shown"
DATA_UPLOAD_RESULTS = "data-upload-results"
DATA_CONFIRM_STATUS = "data-confirm-status"
DATA_CONFIRM_RESULT = "data-confirm-result"
UPLOAD_CONFIRM = "upload-confirm"  # pattern-matching: {"type": ..., "index": <job id>}


def data_history(pid: str) -> str:
    return f"data-history-{pid}"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)[:80]


def upload_card(key: str) -> str:
    return f"upload-card-{_slug(key)}"


def upload_issues(job_id: str) -> str:
    return f"upload-issues-{_slug(job_id)}"


def upload_preview(job_id: str) -> str:
    return f"upload-preview-{_slug(job_id)}"


# the Users page (admins): the users file's users, a form to add or change one, one to remove one
NAV_USERS = "nav-users"
USERS_TABLE = "users-table"
USERS_NAME = "users-name"
USERS_ROLE = "users-role"
USERS_PASSWORD = "users-password"
USERS_SAVE = "users-save"
USERS_STATUS = "users-status"
USERS_REMOVE_NAME = "users-remove-name"
USERS_REMOVE = "users-remove"
USERS_CONFIRM = "users-confirm"
USERS_NOTICE = "users-notice"

# --- official figures: the Commission's open data per programme, peers, reconciliation (ui.views.official) ---
NAV_OFFICIAL = "nav-official"
OFFICIAL_SOURCES = "official-sources"  # the files to choose from (links)
OFFICIAL_CUTOFFS = "official-cutoffs"  # the cut-offs to choose from (links)
OFFICIAL_ABOUT = "official-about"
OFFICIAL_INTERNAL_LINK = "official-internal-link"
OFFICIAL_STAT_PLANNED = "official-stat-planned"
OFFICIAL_STAT_DECIDED = "official-stat-decided"
OFFICIAL_STAT_SPENT = "official-stat-spent"
OFFICIAL_STAT_SPENT_OF_DECIDED = "official-stat-spent-of-decided"
OFFICIAL_PRIORITIES = "official-priorities"
OFFICIAL_SERIES = "official-series"
OFFICIAL_SERIES_CHART = "official-series-chart"
OFFICIAL_QUIRKS = "official-quirks"
OFFICIAL_VINTAGES = "official-vintages"
OFFICIAL_PLANNED = "official-planned"
OFFICIAL_PEERS = "official-peers"
OFFICIAL_RECONCILIATION = "official-reconciliation"
OFFICIAL_RECONCILIATION_PRIORITIES = "official-reconciliation-priorities"
OFFICIAL_REFUSED = "official-refused"
OFFICIAL_NONE = "official-none"
OFFICIAL_INDEX = "official-index"
OFFICIAL_EXPORT = "official-export"
# the top-down check (ui.views.topdown): on the official page, and the block for the programme page's forecast
TOPDOWN_SECTION = "topdown-section"
TOPDOWN_CHART = "topdown-chart"
TOPDOWN_WORDS = "topdown-words"
TOPDOWN_BACKTEST = "topdown-backtest"
TOPDOWN_VERDICT = "topdown-verdict"
TOPDOWN_EMPTY = "topdown-empty"
TOPDOWN_CHECK = "topdown-check"
TOPDOWN_CHECK_LINK = "topdown-check-link"
