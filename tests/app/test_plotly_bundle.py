"""plotly.js's partial bundle (assets/plotly/, vendored by tools/vendor_plotly.sh): every page loads it and never the
full bundle, it is the plotly.js version the python plotly package writes its figures for, it has every trace type
the app draws, and it goes out compressed (issue 22: evaluating the full 4.8 MB bundle was the longest task)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import brotli
import plotly
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "assets" / "plotly" / "plotly-finance.min.js"
FULL = Path(plotly.__path__[0]) / "package_data" / "plotly.min.js"


def _scripts(client) -> list[str]:
    page = client.get("/?lang=nl").get_data(as_text=True)
    return re.findall(r'<script src="([^"]+)"', page)


def test_every_page_loads_the_partial_bundle_and_not_the_full_one(client):
    scripts = _scripts(client)
    assert [s for s in scripts if s.startswith("/assets/plotly/plotly-finance.min.js")], scripts
    # dcc.Graph fetches the full bundle only when no window.Plotly exists: it is never a script of the page
    assert not [s for s in scripts if "plotly.min.js" in s]
    # the locales register on window.Plotly when it appears: their script comes before the bundle
    names = [s.split("?")[0] for s in scripts]
    assert names.index("/assets/vendor_locales.js") < names.index("/assets/plotly/plotly-finance.min.js")


def test_the_bundle_is_the_plotly_js_of_the_python_package_and_a_third_of_the_full_one():
    head = BUNDLE.read_text(encoding="utf-8")[:200]
    # the python package 7.1 writes figures for plotly.js 4.1.1: the bundle is that version
    assert f"plotly.js (finance - minified) v{get_plotlyjs_version()}\n" in head
    assert BUNDLE.stat().st_size < FULL.stat().st_size / 3  # 1 296 457 bytes against 4 815 814


def test_the_bundle_is_the_vendored_file_its_readme_names():
    readme = (ROOT / "assets" / "plotly" / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(BUNDLE.read_bytes()).hexdigest()
    assert f"sha256 `{digest}`" in readme
    assert f"`plotly.js@{get_plotlyjs_version()}`" in readme
    assert "MIT" in (ROOT / "assets" / "plotly" / "LICENSE").read_text(encoding="utf-8")


def test_the_bundle_has_every_trace_type_the_app_draws():
    """The trace types the app's figures use (ui/, exports/: ``go.Scatter(``, ``fig.add_bar(``...) are registered by
    the bundle (each trace module registers its name: ``name:"indicator"``). A new trace type fails here first."""
    sources = [p.read_text(encoding="utf-8") for d in ("ui", "exports") for p in (ROOT / d).rglob("*.py")]
    code = "\n".join(sources)
    used = {m.lower() for m in re.findall(r"\bgo\.([A-Z][a-z]+)\(", code)} - {"figure", "layout"}
    used |= {m for m in re.findall(r"\bfig\.add_([a-z]+)\(", code) if m not in _NOT_TRACES}
    assert used == {"bar", "scatter", "pie", "indicator"}  # what the app draws today
    bundle = BUNDLE.read_text(encoding="utf-8")
    for trace in sorted(used):
        assert f'name:"{trace}"' in bundle, f"the partial bundle has no {trace} trace: vendor another bundle"


#: Figure.add_* methods that add no trace
_NOT_TRACES = {"annotation", "shape", "hline", "vline", "hrect", "vrect", "layout_image", "trace", "traces"}


def test_the_bundle_goes_out_brotli_compressed(client):
    src = next(s for s in _scripts(client) if s.startswith("/assets/plotly/plotly-finance.min.js"))
    r = client.get(src, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == "br"
    body = r.get_data()
    assert brotli.decompress(body) == BUNDLE.read_bytes()
    assert len(body) < BUNDLE.stat().st_size / 3  # 1.3 MB -> about 0.4 MB
