"""A programme's history: the snapshots kept, and the comparison of two."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.history import history

dash.register_page(
    __name__, path_template="/programme/<programme_id>/history", name="history", order=3, title=titles.history
)


def layout(programme_id=None, lang=None, language=None, before=None, after=None, **_):
    # before, after: the two snapshots compared (after: the current data when absent)
    return render(history, resolve(lang, None, language), unquote(programme_id or ""), before, after)
