"""The overview: one card per programme."""

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.overview import overview

dash.register_page(__name__, path="/", name="overview", order=0, title=titles.overview)


def layout(lang=None, as_of=None, language=None, snapshot=None, **_):
    return render(overview, resolve(lang, as_of, language, snapshot), keep=True)
