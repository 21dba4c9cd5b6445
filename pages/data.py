"""The Data page: the workbooks shown now, and an editor's upload of new ones."""

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.data import data_page

dash.register_page(__name__, path="/data", name="data", order=6, title=titles.data)


def layout(lang=None, language=None, **_):
    return render(data_page, resolve(lang, None, language))
