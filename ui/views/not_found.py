"""The page for a path the app does not know: a heading and a way back."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc

from i18n import t

from .. import ids, urls
from ..components import page_header
from ..context import Request


def not_found_page(r: Request) -> dmc.Stack:
    return dmc.Stack(
        [
            page_header(t("page_not_found", r.lang), None, []),
            dmc.Alert(
                [dcc.Link(t("overview", r.lang), href=r.href(urls.overview_path()))],
                title=t("page_not_found", r.lang),
                color="orange",
                id=ids.NOTICE_404,
            ),
        ]
    )
