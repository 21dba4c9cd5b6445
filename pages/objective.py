"""A priority axis or specific objective: its calls and its projects."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.objective import objective

dash.register_page(
    __name__,
    path_template="/programme/<programme_id>/objective/<code>",
    name="objective",
    order=3,
    title=titles.objective,
)


def layout(programme_id=None, code=None, lang=None, as_of=None, language=None, snapshot=None, **_):
    return render(
        objective, resolve(lang, as_of, language, snapshot), unquote(programme_id or ""), unquote(code or ""), keep=True
    )
