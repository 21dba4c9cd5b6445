"""``POST /data/upload``: an editor's workbook, streamed to disk and validated in the background.

The Data page's drop zone (``dcc.Upload``) hands the file to ``assets/upload.js``, which sends it here as
multipart form data (not through a callback: a 60 MB workbook does not belong in a JSON body) with the
upload's progress shown. The answer is JSON: ``{"job": <id>}`` (202) or ``{"error": <message>}`` in the
page's language (400 no file, 413 too large, 415 not a workbook). Only editors may upload
(:func:`ui.auth.requires`); nothing of the file reaches the current data before an editor confirms.
"""

from __future__ import annotations

import logging

import dash
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from i18n import t

from . import auth, service
from .context import choose_lang

UPLOAD_PATH = "/data/upload"
#: room for the multipart envelope around the file
_ENVELOPE = 64 * 1024
_STATUS = {"too-large": 413, "not-xlsx": 415, "empty": 400, "quota-full": 507}
_log = logging.getLogger(__name__)


def _error(code: str, lang: str, status: int, **params: object) -> tuple[Response, int]:
    return jsonify({"error": t(f"upload.error.{code}", lang, **params)}), status


def install(app: dash.Dash) -> None:
    server: Flask = app.server

    @server.before_request
    def _cap_uploads() -> None:
        if request.path == UPLOAD_PATH:
            request.max_content_length = service.settings().upload_max_mb * 1024 * 1024 + _ENVELOPE

    @server.post(UPLOAD_PATH)
    @auth.requires("editor")
    def _upload() -> tuple[Response, int]:
        lang = choose_lang(request.args.get("lang"))
        limit = service.settings().upload_max_mb
        if (request.content_length or 0) > limit * 1024 * 1024 + _ENVELOPE:
            return _error("too-large", lang, 413, file="", limit=limit)  # said before a byte of it is read
        try:
            sent = request.files.get("file")
        except RequestEntityTooLarge:
            return _error("too-large", lang, 413, file="", limit=limit)
        if sent is None:
            return _error("no-file", lang, 400)
        try:
            job = service.start_upload(sent.stream, sent.filename or "", auth.user_name())
        except service.UploadError as exc:
            params = {**exc.params, "file": exc.params.get("file", ""), "limit": limit}
            return _error(exc.code, lang, _STATUS.get(exc.code, 400), **params)
        except OSError:
            _log.exception("an upload could not be kept")
            return _error("disk", lang, 507)
        return jsonify({"job": job.id, "file": job.file}), 202
