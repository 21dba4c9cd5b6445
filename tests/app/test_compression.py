"""Responses compressed (ui.compression): the big script bundles go out brotli or gzip, as the browser accepts, with
``Vary: Accept-Encoding``, and the decompressed body is the file itself; callback answers are compressed too."""

from __future__ import annotations

import gzip
import json

import brotli
import plotly
import pytest

from tests.app.helpers import route_request

#: plotly's bundle, the biggest script the pages load (about 4.6 MB)
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
PLOTLY_FILE = plotly.__path__[0] + "/package_data/plotly.min.js"


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_the_plotly_bundle_goes_out_compressed_and_decompresses_to_the_file(client, accept, encoding, decode):
    with open(PLOTLY_FILE, "rb") as f:
        original = f.read()
    for _ in range(2):  # the second answer comes from the compressed copy kept in memory: the same bytes
        r = client.get(PLOTLY, headers={"Accept-Encoding": accept})
        assert r.status_code == 200
        assert r.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in r.headers["Vary"]
        body = r.get_data()
        assert int(r.headers["Content-Length"]) == len(body)
        assert len(body) < len(original) / 3  # 4.8 MB -> about 1.3 MB (br) or 1.5 MB (gzip)
        assert decode(body) == original


def test_a_client_that_accepts_no_compression_gets_the_file_as_it_is(client):
    with open(PLOTLY_FILE, "rb") as f:
        original = f.read()
    r = client.get(PLOTLY, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in r.headers
    assert r.get_data() == original


def test_an_asset_goes_out_compressed(client):
    """assets/ files are sent from disk (streamed); they are read whole and compressed like the bundles."""
    page = client.get("/").get_data(as_text=True)
    src = next(s.split('"')[0] for s in page.split('src="')[1:] if s.startswith("/assets/vendor_locales.js"))
    plain = client.get(src, headers={"Accept-Encoding": "identity"}).get_data()
    r = client.get(src, headers={"Accept-Encoding": "br"})
    assert r.headers["Content-Encoding"] == "br" and "Accept-Encoding" in r.headers["Vary"]
    assert brotli.decompress(r.get_data()) == plain


def test_a_callback_answer_is_compressed_and_never_kept(client):
    """A page's routing callback: gzip, and two different pages answer their own content (not a kept body)."""
    answers = []
    for path in ("/programme/2014-2020", "/programme/2021-2027"):
        r = client.post(
            "/_dash-update-component",
            json=route_request(path, "?lang=fr"),
            headers={"Accept-Encoding": "gzip"},
        )
        assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip"
        answers.append(json.loads(gzip.decompress(r.get_data())))
    assert answers[0] != answers[1]
    assert "2014BE16RFOP001" in json.dumps(answers[0]) and "2021BE16RFPR001" in json.dumps(answers[1])
