"""The programmes of the Commission's official files."""

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.official import official_index

dash.register_page(__name__, path="/official", name="official_index", order=5, title=titles.official_index)


def layout(lang=None, language=None, **_):
    return render(official_index, resolve(lang, None, language))
