from urllib.parse import unquote

import dash

from ui.views.common import render, view_from
from ui.views.programme import programme

dash.register_page(
    __name__, path_template="/programme/<programme_id>", name="programme", order=9, title="ERDF programme"
)


def layout(programme_id=None, lang=None, as_of=None, language=None, **_):
    return render(programme, view_from(lang, as_of, language), unquote(programme_id or ""))
