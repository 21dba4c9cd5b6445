import dash

from ui.views.common import render, view_from
from ui.views.overview import overview

dash.register_page(__name__, path="/", name="overview", order=0, title="ERDF / FEDER / EFRO")


def layout(lang=None, as_of=None, language=None, **_):
    return render(overview, view_from(lang, as_of, language))
