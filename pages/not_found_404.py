import dash
import dash_mantine_components as dmc
from dash import dcc

from i18n import t
from ui.views.common import view_from

dash.register_page(__name__, path="/404", name="not-found", order=99, title="404")


def layout(lang=None, language=None, **_):
    v = view_from(lang, None, language)
    return dmc.Alert(
        [dcc.Link(t("overview", v.lang), href=v.href("/"))],
        title=t("page_not_found", v.lang),
        color="orange",
        id="notice-404",
    )
