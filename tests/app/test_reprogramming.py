"""The programme page's reprogramming history (ui/views/reprogramming.py) and an earlier date's projects,
on the demo (docs/data-format.md "Demo data": axis 2 of 2014-2020 in two versions, REACT-EU's 6 120 206 €
from 15/06/2021; the 2021-2027 mid-term review of 01/12/2025 moving 6 000 000 € from SO 1.2 to SO 4.3)."""

from __future__ import annotations

import pytest

from i18n import t
from tests.app.helpers import by_id, route, strings


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_the_2014_2020_history_shows_react_eu(client, lang):
    tree = route(client, "/programme/2014-2020", f"?lang={lang}")
    section = by_id(tree, "section-reprogramming")
    assert section is not None and t("reprogramming.title", lang) in strings(section)
    rows = by_id(tree, "reprogramming-grid")["props"]["rowData"]
    assert [(r["code"], r["allocation"], r["change"]) for r in rows] == [
        ("2", 40_000_000.0, None),
        ("2", 46_120_206.0, 6_120_206.0),  # 46 120 206 - 40 000 000
    ]
    assert rows[0]["valid_from"] == t("reprogramming.from_start", lang)
    assert [r["state"] for r in rows] == [t("reprogramming.state.past", lang), t("reprogramming.state.in_force", lang)]
    signed = {"fr": "+6\u202f120\u202f206,00\u00a0€", "nl": "+€\u00a06.120.206,00", "en": "+€6,120,206.00"}
    assert rows[1]["change_text"] == signed[lang]


def test_the_2021_2027_mid_term_review_is_listed_not_yet_in_force(client):
    rows = by_id(route(client, "/programme/2021-2027", "?lang=fr"), "reprogramming-grid")["props"]["rowData"]
    assert [(r["code"], r["allocation"], r["state"]) for r in rows] == [
        ("1.2", 16_000_000.0, "En vigueur"),
        ("1.2", 10_000_000.0, "Pas encore en vigueur"),  # 01/12/2025, after the extract (30/11/2023)
        ("4.3", 18_000_000.0, "En vigueur"),
        ("4.3", 24_000_000.0, "Pas encore en vigueur"),
    ]
    six = "6\u202f000\u202f000,00\u00a0€"
    assert [r["change_text"] for r in rows[1::2]] == [f"−{six}", f"+{six}"]


def test_before_react_eu_the_allocation_then_in_force(client):
    tree = route(client, "/programme/2014-2020", "?lang=en&as_of=2020-12-31")
    rows = by_id(tree, "reprogramming-grid")["props"]["rowData"]
    assert [r["state"] for r in rows] == ["In force", "Not yet in force"]
    objectives = {r["code"]: r for r in by_id(tree, {"type": "nav-grid", "index": "objectives"})["props"]["rowData"]}
    assert objectives["2"]["allocation"] == 40_000_000.0  # not yet the 46 120 206 of 15/06/2021


def test_nothing_selected_before_the_programme_started(client):
    tree = route(client, "/programme/2014-2020", "?lang=fr&as_of=2013-12-31")
    words = " ".join(strings(tree))
    assert "202,3" not in words  # the audit's "Sélectionné 202,3 M€" on 31/12/2013
    objectives = by_id(tree, {"type": "nav-grid", "index": "objectives"})["props"]["rowData"]
    assert {r["n_projects"] for r in objectives} == {0}
    assert by_id(tree, "notice-replay") is None  # every demo project has its dates: nothing to say
