"""A programme's official figures (the Commission's open data), its peers and the reconciliation."""

from urllib.parse import unquote

import dash

from ui import titles
from ui.context import resolve
from ui.views.common import render
from ui.views.official import official

dash.register_page(__name__, path_template="/official/<cci>", name="official", order=4, title=titles.official)


def layout(cci=None, lang=None, language=None, year=None, source=None, **_):
    # year: the cut-off shown (the latest when absent); source: the file shown (the newest vintage when absent)
    return render(official, resolve(lang, None, language), unquote(cci or ""), year, source)
