"""Over-programming is said in words with a positive amount, never written as a negative call budget (#19, UI walk
§2: objective 2.1's calls grid showed "-2 000 000,00 €" in the "Budget de l'appel" column)."""

from __future__ import annotations

from monitoring import figures
from tests.app.helpers import by_id, route


def test_an_over_programmed_objective_says_so_in_words(client, programmes):
    data = programmes["2021-2027"]
    gap = figures.call_allocation_gap(data, objective="2.1")
    # 2.1's calls and grants outside calls go beyond its allocation: allocation - calls - outside calls < 0
    assert gap["not_allocated"] < 0 and gap["over_programmed"] == -gap["not_allocated"]
    tree = route(client, "/programme/2021-2027/objective/2.1", "?lang=fr")
    rows = by_id(tree, {"type": "nav-grid", "index": "calls"})["props"]["rowData"]
    last = rows[-1]
    amount = f"{gap['over_programmed']:,.2f}".replace(",", "\u202f").replace(".", ",") + "\xa0€"
    assert last["label"] == f"Au-delà de la dotation (appels et projets hors appels)\xa0: {amount}"
    assert last["allocation"] is None  # no negative budget in the call budget column
    assert all(r["allocation"] is None or r["allocation"] >= 0 for r in rows)
