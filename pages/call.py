"""A call for projects: its budget, its projects, its timeline."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.call import call
from ui.views.common import render

dash.register_page(
    __name__, path_template="/programme/<programme_id>/call/<call_id>", name="call", order=2, title=titles.call
)


def layout(programme_id=None, call_id=None, lang=None, as_of=None, language=None, snapshot=None, **_):
    return render(
        call, resolve(lang, as_of, language, snapshot), unquote(programme_id or ""), unquote(call_id or ""), keep=True
    )
