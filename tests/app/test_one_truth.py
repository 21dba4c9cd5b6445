"""One page, one truth (#18): every output of a page writes the same figures: the screen (grid, KPI cards,
headline line, bar hovers), the chart words, the committee slides and the Excel workbook.

The fixture is the demo with lines added so that units sit one cent on either side of every threshold of
the headline KPI (see ``_targets``). By hand, for a unit of allocation A:

* 2014-2020, consumption (paid / allocation), red below 95 %, green from 100 %:
  - axis 1 paid 0,95·A − 0,01 € → 94,999… %: written "94,99 %", below the threshold (never "95,0 %");
  - axis 2 paid 0,95·A + 0,01 € → 95,000… %: "95,0 %", to watch;
  - axis 3 paid A − 0,01 € → 99,999… %: "99,99 %", to watch (never "100,0 %");
  - axis 4 paid A + 0,01 € → 100,000… %: "100,0 %", target reached.
* 2021-2027, commitment (committed / allocation), red below 60 %, green from 90 %:
  - 1.1 at 0,60·A − 0,01 € → "59,99 %"; 2.7 at 0,60·A + 0,01 € → "60,0 %";
  - 1.3 at 0,90·A − 0,01 € → "89,99 %"; 2.1 at 0,90·A + 0,01 € → "90,0 %";
  - and the programme itself at 0,60·A − 0,01 € (5.1 takes up the difference) → "59,99 %", below threshold.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest

from data_loaders.demo import build_2014_2020, build_2021_2027
from data_loaders.store import DataStore
from data_loaders.writer import write_workbook
from i18n import t
from settings import Settings
from tests.app.helpers import by_id, components, route, strings, text_of
from ui import service

AS_OF = date(2023, 11, 30)
#: (programme, unit, threshold, ± one cent) -> the rate as every output must write it, per language
EXPECTED = {
    ("2014-2020", "1"): {"fr": "94,99\xa0%", "nl": "94,99%", "en": "94.99%", "rag": "red"},
    ("2014-2020", "2"): {"fr": "95,0\xa0%", "nl": "95,0%", "en": "95.0%", "rag": "orange"},
    ("2014-2020", "3"): {"fr": "99,99\xa0%", "nl": "99,99%", "en": "99.99%", "rag": "orange"},
    ("2014-2020", "4"): {"fr": "100,0\xa0%", "nl": "100,0%", "en": "100.0%", "rag": "green"},
    ("2021-2027", "1.1"): {"fr": "59,99\xa0%", "nl": "59,99%", "en": "59.99%", "rag": "red"},
    ("2021-2027", "2.7"): {"fr": "60,0\xa0%", "nl": "60,0%", "en": "60.0%", "rag": "orange"},
    ("2021-2027", "1.3"): {"fr": "89,99\xa0%", "nl": "89,99%", "en": "89.99%", "rag": "orange"},
    ("2021-2027", "2.1"): {"fr": "90,0\xa0%", "nl": "90,0%", "en": "90.0%", "rag": "green"},
}
#: the 2021-2027 programme as a whole, pinned one cent below its 60 % threshold
PROGRAMME_2127 = {"fr": "59,99\xa0%", "nl": "59,99%", "en": "59.99%", "rag": "red"}
#: unit -> (threshold, cents from it)
_TARGETS = {
    "2014-2020": {"1": (0.95, -1), "2": (0.95, +1), "3": (1.0, -1), "4": (1.0, +1)},
    "2021-2027": {"1.1": (0.60, -1), "2.7": (0.60, +1), "1.3": (0.90, -1), "2.1": (0.90, +1)},
}
_KPI_SHEET = {"2014-2020": "payments", "2021-2027": "commitments"}
LANGS = ("fr", "nl", "en")


def _cents(x: float) -> int:
    return int(Decimal(str(x)).scaleb(2).to_integral_value())


def _pin(programme: dict, sheets: dict, pid: str) -> None:
    """Add one line per pinned unit (to its first project) so that its KPI amount is the target to the cent."""
    lines = sheets[_KPI_SHEET[pid]]
    alloc = {r["code"]: _cents(r["allocation"]) for r in sheets["budget"]}
    unit_of = {p["project_id"]: p["objective_code"] for p in sheets["projects"]}
    first_project = {}
    for p in sheets["projects"]:
        first_project.setdefault(p["objective_code"], p["project_id"])
    done: dict[str, int] = {}
    for line in lines:
        if line["date"] <= AS_OF:
            code = unit_of[line["project_id"]]
            done[code] = done.get(code, 0) + _cents(line["amount"])
    day = AS_OF - timedelta(days=3)
    targets = {code: round(th * alloc[code]) + cents for code, (th, cents) in _TARGETS[pid].items()}
    if pid == "2021-2027":  # the programme one cent below 60 %: objective 5.1 takes up the difference
        whole = round(0.60 * sum(alloc.values())) - 1
        others = sum(done.get(c, 0) for c in alloc if c not in targets and c != "5.1")
        targets["5.1"] = whole - sum(targets.values()) - others
        assert 0 < targets["5.1"] < alloc["5.1"]
    for code, target in targets.items():
        extra = dict(lines[0], project_id=first_project[code], date=day, amount=(target - done.get(code, 0)) / 100)
        lines.append(extra)


@pytest.fixture(scope="module")
def pinned(app, tmp_path_factory, thresholds):
    folder = tmp_path_factory.mktemp("one-truth")
    for pid, build in (("2014-2020", build_2014_2020), ("2021-2027", build_2021_2027)):
        programme, sheets = build()
        _pin(programme, sheets, pid)
        write_workbook(folder / f"erdf-{pid}.xlsx", programme, sheets)
    saved = service.backend()
    store = DataStore(folder, reload_check_seconds=3600)
    store.refresh(force=True)
    assert not store.failures, store.failures
    service.configure(store, thresholds, Settings(data_dir=folder))
    yield store
    service.configure(*saved)


def _grid_rows(tree, index: str) -> list[dict]:
    grid = next(c for c in components(tree) if c.get("props", {}).get("id") == {"type": "nav-grid", "index": index})
    return grid["props"]["rowData"]


def _excel_text(cell, lang: str) -> str:
    """A rate cell as Excel shows it: its value with the decimals of its number format, in the language's way."""
    decimals = len(re.search(r"0\.(0+)", cell.number_format).group(1))
    pct = (Decimal(repr(cell.value)) * 100).quantize(Decimal(1).scaleb(-decimals))
    text = f"{pct:.{decimals}f}"
    if lang in ("fr", "nl"):
        text = text.replace(".", ",")
    return text + ("\xa0%" if lang == "fr" else "%")


def _sheet_rows(ws, key_header: str) -> tuple[dict[str, int], dict[str, dict]]:
    """The header of the table whose first column is ``key_header`` and its rows by key."""
    rows = list(ws.iter_rows())
    for i, row in enumerate(rows):
        if row[0].value == key_header:
            header = {str(c.value): j for j, c in enumerate(row) if c.value is not None}
            body = {}
            for r in rows[i + 1 :]:
                if r[0].value is None:
                    break
                body[str(r[0].value)] = r
            return header, body
    raise AssertionError(f"no table headed {key_header!r} in {ws.title}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", ["2014-2020", "2021-2027"])
def test_every_output_writes_the_same_rates(client, pinned, pid, lang):
    units = {code: exp for (p, code), exp in EXPECTED.items() if p == pid}
    kpi_col = "liquidation_rate" if pid == "2014-2020" else "commitment_rate"

    # the screen: the programme page's grid, its bar hovers and its chart words
    tree = route(client, f"/programme/{pid}", f"?lang={lang}")
    rows = {r["code"]: r for r in _grid_rows(tree, "objectives")}
    texts = strings(tree)
    for code, exp in units.items():
        assert rows[code][f"{kpi_col}_text"] == exp[lang], (code, rows[code])
        assert rows[code]["rag"] == exp["rag"]
        hovers = [s for s in texts if s.startswith(f"<b>{code} ") and f"({exp[lang]})" in s]
        assert hovers, f"no bar hover of {code} writes {exp[lang]}"
        words = [s for s in texts if s.startswith(f"{code} ") and f" {exp[lang]} " in s]
        assert words, f"the chart words of {code} do not write {exp[lang]}"
        # never the plain rounding across the threshold (94,99 % is not "95,0 %")
        assert not any(s.startswith(f"<b>{code} ") and "100,0" in s for s in texts) or exp["rag"] == "green"

    # each pinned unit's own page: headline line and KPI card
    for code, exp in units.items():
        page = route(client, f"/programme/{pid}/objective/{code}", f"?lang={lang}")
        assert exp[lang] in text_of(by_id(page, "headline-line"))
        assert f"{t(kpi_col, lang)} {exp[lang]}" in strings(page)  # the KPI card's hint

    if pid == "2021-2027":  # the programme's own headline: line, KPI card, gauge's words, overview card
        assert PROGRAMME_2127[lang] in text_of(by_id(tree, "headline-line"))
        assert f"{t(kpi_col, lang)} {PROGRAMME_2127[lang]}" in texts  # the KPI card's hint
        overview = route(client, "/", f"?lang={lang}")
        assert PROGRAMME_2127[lang] in strings(overview)
        assert any(s.startswith(t("kpi.commitment", lang)) and PROGRAMME_2127[lang] in s for s in strings(overview))

    # the committee slides (every slide of the deck)
    deck = route(client, "/committee", f"?programme={pid}&lang={lang}&slide=all")
    deck_texts = strings(deck)
    for code, exp in units.items():
        assert exp[lang] in deck_texts, f"the slides do not write {exp[lang]} for {code}"

    # the Excel workbook of the programme page
    resp = client.get(f"/export/programme/{pid}?lang={lang}")
    assert resp.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(resp.data))
    sheet = next(
        ws
        for ws in wb.worksheets
        if ws.title.startswith(t("export.sheet.by_" + ("axis" if pid == "2014-2020" else "objective"), lang)[:20])
    )
    header, body = _sheet_rows(sheet, t("export.col.code", lang))
    rate_col = header[t(f"export.col.{kpi_col}", lang)]
    for code, exp in units.items():
        assert _excel_text(body[code][rate_col], lang) == exp[lang], (code, body[code][rate_col].value)
    if pid == "2021-2027":
        summary = wb.worksheets[0]
        rate_row = next(r for r in summary.iter_rows() if r[0].value == t("export.rate", lang))
        assert _excel_text(rate_row[1], lang) == PROGRAMME_2127[lang]
