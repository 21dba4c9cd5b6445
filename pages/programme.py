"""A programme: its objectives, cumulative series and decommitment exposure."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.programme import programme

dash.register_page(
    __name__, path_template="/programme/<programme_id>", name="programme", order=9, title=titles.programme
)


def layout(programme_id=None, lang=None, as_of=None, language=None, snapshot=None, **_):
    return render(programme, resolve(lang, as_of, language, snapshot), unquote(programme_id or ""), keep=True)
