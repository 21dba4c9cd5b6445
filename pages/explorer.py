"""The projects explorer of a programme."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.projects import explorer

dash.register_page(
    __name__, path_template="/programme/<programme_id>/projects", name="explorer", order=4, title=titles.explorer
)


def layout(programme_id=None, lang=None, as_of=None, language=None, snapshot=None, q=None, filter=None, sort=None, **_):
    # q, filter, sort: the grid's search, filters and sort kept in the URL (see callbacks.explorer)
    return render(
        explorer, resolve(lang, as_of, language, snapshot), unquote(programme_id or ""), q, filter, sort, keep=True
    )
