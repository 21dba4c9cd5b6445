"""The page for any path the app does not know."""

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.not_found import not_found_page

dash.register_page(__name__, path="/404", name="not-found", order=99, title=titles.not_found)


def layout(lang=None, language=None, **_):
    return render(not_found_page, resolve(lang, None, language))
