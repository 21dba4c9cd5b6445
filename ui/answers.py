"""The small page or JSON a download route answers instead of a file: a refused address, a failure.

A translated title and message, and a link back (HTML for a browser, JSON for the page's script); never a
traceback or a server path. Used by the export route (``ui.downloads``) and the official figures' download
(``ui.official_export``).
"""

from __future__ import annotations

import html

from flask import Response, jsonify, request

from i18n import t


def failed_answer(status: int, message: str, lang: str, back_href: str) -> Response:
    """``message`` under the export's failure title, with ``status``; JSON when the page's script asks for it."""
    title = t("export.failed_title", lang)
    if "application/json" in request.headers.get("Accept", ""):
        response = jsonify({"title": title, "message": message})
    else:
        back = html.escape(back_href)
        body = (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
            f'<p><a href="{back}">{html.escape(t("export.back", lang))}</a></p></main></body></html>'
        )
        response = Response(body, mimetype="text/html")
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
