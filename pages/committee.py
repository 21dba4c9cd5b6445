"""The monitoring committee's slides, one at a time (or all of them, to print)."""

import dash

from ui import titles
from ui.context import resolve
from ui.views.committee import committee
from ui.views.common import render

dash.register_page(__name__, path="/committee", name="committee", order=5, title=titles.committee)


def layout(
    programme=None,
    lang=None,
    as_of=None,
    slide=None,
    bilingual=None,
    since=None,
    meeting=None,
    language=None,
    snapshot=None,
    **_,
):
    return render(
        committee, resolve(lang, as_of, language, snapshot), programme, slide, bilingual, since, meeting, keep=True
    )
