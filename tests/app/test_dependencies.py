"""What the app publishes to the browser: the layout's shell ids and the callback graph."""

from __future__ import annotations

from collections import Counter

from tests.app.helpers import ROUTER_OUTPUT, SHELL_OUTPUTS, ids, url_callbacks


def test_layout_has_the_shell_and_the_page_container(client):
    resp = client.get("/_dash-layout")
    assert resp.status_code == 200
    found = ids(resp.get_json())
    assert {
        "_pages_location",
        "_pages_content",
        "_pages_store",
        "nav-url",
        "lang-store",
        "app-title",
        "programme-switch",
        "asof-select",
        "lang-switch",
        "footer-sources",
        "warnings-button",
        "warnings-modal",
        "warnings-list",
    } <= found


def test_dependencies_name_the_outputs_the_tests_use(client):
    deps = client.get("/_dash-dependencies").get_json()
    by_output = {d["output"]: d for d in deps}
    router = by_output[ROUTER_OUTPUT]
    assert [(i["id"], i["property"]) for i in router["inputs"]] == [
        ("_pages_location", "pathname"),
        ("_pages_location", "search"),
    ]
    assert [(s["id"], s["property"]) for s in router["state"]] == [("lang-store", "data")]
    # the shell is several focused callbacks following the URL; together they fill every shell output
    published = {
        tuple(o.split("@")[0].split(".")) for d in url_callbacks(client) for o in d["output"].strip(".").split("...")
    }
    assert published == set(SHELL_OUTPUTS)
    assert len(url_callbacks(client)) == 5
    outputs = {o for d in deps for o in d["output"].strip(".").split("...")}  # a multi-output callback names each
    assert "explorer-totals.children" in outputs


def test_each_callback_is_published_once(client):
    """Each callback of callbacks/*.py is registered once on the app (the browser would fire a doubled one twice)."""
    deps = client.get("/_dash-dependencies").get_json()
    counts = Counter((d["output"], tuple((i["id"], i["property"]) for i in d["inputs"])) for d in deps)
    assert {k: n for k, n in counts.items() if n > 1} == {}
