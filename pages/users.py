"""The Users page: who may read, load data, and manage users (admins only)."""

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.users import users_page

dash.register_page(__name__, path="/users", name="users", order=7, title=titles.users)


def layout(lang=None, language=None, **_):
    return render(users_page, resolve(lang, None, language))
