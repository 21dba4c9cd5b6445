from urllib.parse import unquote

import dash

from ui.views.common import render, view_from
from ui.views.project import project

dash.register_page(
    __name__,
    path_template="/programme/<programme_id>/project/<project_id>",
    name="project",
    order=1,
    title="ERDF project",
)


def layout(programme_id=None, project_id=None, lang=None, as_of=None, language=None, **_):
    return render(project, view_from(lang, as_of, language), unquote(programme_id or ""), unquote(project_id or ""))
