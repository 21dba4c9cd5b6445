"""The application shell: header (programme switch, as-of picker, language switch), main, footer.

The shell is a skeleton of fixed ids; ``callbacks.shell`` fills its texts from the URL, so the
language and the data snapshot change without a restart.
"""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import dcc, html

from i18n import LANGS

THEME = {
    "fontFamily": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
    "primaryColor": "blue",
    "defaultRadius": "md",
    "headings": {"fontFamily": "Inter, Segoe UI, Helvetica, Arial, sans-serif"},
}


def header():
    return dmc.Group(
        [
            dmc.Group(
                [
                    dcc.Link(
                        html.Img(src=dash.get_asset_url("logo.svg"), alt="ERDF / FEDER / EFRO", height=34),
                        href="/",
                        id="logo-link",
                    ),
                    dmc.Stack(
                        [
                            dmc.Text(id="app-title", fw=700, size="lg", className="app-title"),
                            dmc.Text(id="demo-notice", size="xs", c="#B54708", fw=600),
                        ],
                        gap=0,
                    ),
                ],
                gap="sm",
                wrap="nowrap",
            ),
            dmc.Group(id="nav-links", gap="xs", className="nav-links"),
            dmc.Group(
                [
                    dmc.SegmentedControl(
                        id="programme-switch", data=[], value=None, size="sm", className="programme-switch"
                    ),
                    dmc.Select(
                        id="asof-select",
                        data=[],
                        value=None,
                        size="sm",
                        w=190,
                        allowDeselect=False,
                        comboboxProps={"withinPortal": True},
                        **{"aria-label": "as-of date"},
                    ),
                    dmc.SegmentedControl(
                        id="lang-switch",
                        data=[{"value": lang, "label": lang.upper()} for lang in LANGS],
                        value="fr",
                        size="sm",
                        className="lang-switch",
                    ),
                ],
                gap="sm",
                wrap="nowrap",
            ),
        ],
        justify="space-between",
        h="100%",
        px="md",
        wrap="nowrap",
    )


def footer():
    return dmc.Group(
        [
            dmc.Text(id="footer-sources", size="xs", c="dimmed", className="footer-sources"),
            dmc.Button(id="warnings-button", variant="subtle", size="compact-xs", color="#B54708"),
        ],
        h="100%",
        px="md",
        justify="space-between",
        wrap="nowrap",
    )


def layout():
    return dmc.MantineProvider(
        theme=THEME,
        children=[
            dcc.Location(id="nav-url", refresh="callback-nav"),
            dcc.Store(id="lang-store", storage_type="local"),
            dmc.AppShell(
                [
                    dmc.AppShellHeader(header()),
                    dmc.AppShellMain(
                        dmc.Container(
                            dcc.Loading(
                                dash.page_container,
                                type="circle",
                                delay_show=250,
                                color="#1C4E9C",
                                overlay_style={"visibility": "visible", "opacity": 0.55},
                            ),
                            fluid=True,
                            px="md",
                            py="md",
                            maw=1600,
                        )
                    ),
                    dmc.AppShellFooter(footer()),
                ],
                header={"height": 64},
                footer={"height": 36},
                padding=0,
            ),
            dmc.Modal(id="warnings-modal", size="xl", children=html.Div(id="warnings-list")),
        ],
    )
