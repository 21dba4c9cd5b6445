from urllib.parse import unquote

import dash

from ui.views.common import render, view_from
from ui.views.projects import explorer

dash.register_page(
    __name__,
    path_template="/programme/<programme_id>/projects",
    name="explorer",
    order=4,
    title="ERDF projects explorer",
)


def layout(programme_id=None, lang=None, as_of=None, language=None, **_):
    return render(explorer, view_from(lang, as_of, language), unquote(programme_id or ""))
