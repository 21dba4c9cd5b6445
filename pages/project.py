"""A project: identity, amounts, lines and forecast."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.project import project

dash.register_page(
    __name__,
    path_template="/programme/<programme_id>/project/<project_id>",
    name="project",
    order=1,
    title=titles.project,
)


def layout(programme_id=None, project_id=None, lang=None, as_of=None, language=None, snapshot=None, **_):
    r = resolve(lang, as_of, language, snapshot)
    return render(project, r, unquote(programme_id or ""), unquote(project_id or ""), keep=True)
