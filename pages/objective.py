from urllib.parse import unquote

import dash

from ui.views.common import render, view_from
from ui.views.objective import objective

dash.register_page(
    __name__,
    path_template="/programme/<programme_id>/objective/<code>",
    name="objective",
    order=3,
    title="ERDF objective",
)


def layout(programme_id=None, code=None, lang=None, as_of=None, language=None, **_):
    return render(objective, view_from(lang, as_of, language), unquote(programme_id or ""), unquote(code or ""))
