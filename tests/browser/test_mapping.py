"""Lists of operations in a real browser (#21): the real Brussels 2007-2013 list (.xls) in French and the real
Czech export (.xlsx) in Dutch go through the Data page's mapping step by keyboard: a column's field chosen with
the arrow keys, the allocation typed, the preview's totals read, the mapping saved as a profile, the mapped
list checked and confirmed; the programme page then says what a list cannot show.

Figures by hand (calamine over the files, tests/data_loaders/test_operations.py): Brussels axis 1 total eligible
cost 104 174 215,34 € (86,8 % of an allocation of 120 000 000 €), axis 2 65 170 485,74 € (108,6 % of
60 000 000 €), 34 operations; column D ("Financement public sans FEDER") mapped by keyboard as the national
co-financing. Czech programme "03": 986 operations, 30 402 809 901,92 total eligible cost (amounts in CZK as the
export gives them). Screenshots in artifacts/screenshots/ (ops-*.png), looked at.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, screenshot, serve, wait_ready

REAL = ROOT / "tests" / "realdata" / "lists_of_operations"
BE1 = REAL / "BE1_Brussels_ERDF_2007-2013__ERDF_Brussels_2007-2013.xls"
CZ = REAL / "CZ_2014-2020__ERDF_Czech Republic_2014-2020.xlsx"
PID = "2014-2020"


@pytest.fixture
def own_server(demo_dir, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(demo_dir / "erdf-2021-2027.xlsx", folder / "erdf-2021-2027.xlsx")  # 2014-2020 comes from a list
    with serve(folder, "server-mapping.log", extra_env={"ERDF_DEMO": "0"}) as base:
        yield base, folder


def choose(page, wanted: str) -> None:
    """In the focused Mantine select, by keyboard: open its list, move down to ``wanted``, take it with Enter."""
    page.keyboard.press("ArrowDown")
    options = page.locator("[role=listbox]:visible")
    options.wait_for()
    names = options.get_by_role("option").all_inner_texts()
    assert any(n.strip() == wanted for n in names), names
    for _ in range(len(names) + 1):
        highlighted = options.locator("[data-combobox-selected]")
        if highlighted.count() and highlighted.first.inner_text().strip() == wanted:
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(80)
    page.keyboard.press("Enter")
    page.wait_for_function("w => (document.activeElement.value || '') === w", arg=wanted, timeout=5000)
    page.locator("[role=listbox]:visible").wait_for(state="hidden")


def field_select(page, col: int):
    return page.locator(f'[id*=\'"type":"ops-field"\'][id*=\'"col":{col},\']')


def upload(page, base: str, lang: str, path: Path) -> None:
    page.goto(f"{base}/data?lang={lang}")
    wait_ready(page)
    page.set_input_files("#data-upload input[type=file]", [str(path)])
    page.locator("table.ops-mapping").wait_for(timeout=60000)
    page.locator("table.ops-preview").wait_for(timeout=30000)
    wait_ready(page)


def test_brussels_list_mapped_by_keyboard_in_french(page, own_server):
    base, folder = own_server
    upload(page, base, "fr", BE1)
    card = page.locator("[id^=ops-card-]")
    assert "Liste d'opérations\u00a0: correspondance des colonnes" in card.inner_text()
    assert "Feuille «\u00a0FR\u00a0», en-tête à la ligne 5, 10\u00a0colonnes" in card.inner_text()
    # the proposal: "Bénéficiaire / Begunstigde" is the beneficiary, "Financement public sans FEDER" is not used
    assert field_select(page, 1).input_value() == "Bénéficiaire"
    assert field_select(page, 3).input_value() == "— non utilisée —"
    # by keyboard: from the select of column C (FEDER), Tab to column D, choose the national (regional) part
    field_select(page, 2).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").endswith(
        "«\u00a0Financement public sans FEDER\u00a0»"
    )
    choose(page, "Cofinancement régional ou national")
    # the allocation, typed in its form (the lines "1 = " and "2 = " are proposed from the axis rows)
    area = page.locator('textarea[id*=\'"type":"ops-allocation"\']')
    assert area.input_value() == "1 = \n2 = "
    area.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("1 = 120.000.000\n2 = 60.000.000")
    totals = page.locator("table.ops-preview")
    page.wait_for_function("() => document.querySelector('table.ops-preview').innerText.includes('108,6')")
    text = totals.inner_text()
    assert "104\u202f174\u202f215,34\u00a0€" in text and "86,8\u00a0%" in text  # axis 1, of 120 000 000
    assert "65\u202f170\u202f485,74\u00a0€" in text and "108,6\u00a0%" in text  # axis 2, of 60 000 000
    assert "SOUTENIR LA COMPETITIVITE TERRITORIALE" in text
    counts = page.locator("[id^=ops-counts-]").inner_text()
    assert counts.startswith("Opérations retenues\u00a0: 34.") and "lignes de total écartées\u00a0: 4" in counts
    date_field = page.locator('input[id*=\'"type":"ops-as-of"\']')
    date_field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("30/11/2014")
    name = page.locator('input[id*=\'"type":"ops-profile"\']')
    name.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Bruxelles 2007-2013")
    screenshot(page, "ops-mapping-fr")
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert [(v["id"], v["nodes"][0]["target"]) for v in result.response["violations"]] == []
    name.focus()
    page.keyboard.press("Tab")  # the button
    assert "Enregistrer la correspondance" in page.evaluate("() => document.activeElement.innerText")
    page.keyboard.press("Enter")
    page.get_by_text("Correspondance «\u00a0Bruxelles 2007-2013\u00a0» enregistrée").wait_for(timeout=30000)
    page.get_by_text(f"{BE1.name}.xlsx est valide", exact=False).wait_for(timeout=60000)
    profile = json.loads((folder / ".profiles" / "bruxelles-2007-2013.json").read_text())
    assert profile["mapping"]["3"] == "national_amount" and profile["allocation"] == {"1": 120e6, "2": 60e6}
    screenshot(page, "ops-checked-fr")
    confirm = page.locator("button:has-text('Confirmer')")
    confirm.focus()
    page.keyboard.press("Enter")
    page.get_by_text("est maintenant utilisé", exact=False).wait_for(timeout=30000)
    page.goto(f"{base}/programme/{PID}?lang=fr")
    wait_ready(page)
    notice = page.locator("#list-of-operations-notice")
    assert "ni engagements ni liquidations" in notice.inner_text()
    # the grants selected: column J (EU, 35 301 753,47 + 19 077 259,36) + column D (national, 19 615 121,00 +
    # 27 767 283,25: axis 2 is the file's own "Total AXE 2" in column D) = 101 761 417,08
    assert "101\u202f761\u202f417,08\u00a0€" in page.locator("#_pages_content").inner_text()
    screenshot(page, "ops-programme-fr")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{base}/programme/{PID}?lang=nl")
    wait_ready(page)
    assert "geen vastleggingen en geen vereffeningen" in page.locator("#list-of-operations-notice").inner_text()
    screenshot(page, "ops-programme-nl-1920")
    assert page.console_watch.errors == []


def test_czech_list_mapped_by_keyboard_in_dutch(page, own_server):
    base, folder = own_server
    upload(page, base, "nl", CZ)
    card = page.locator("[id^=ops-card-]")
    assert "Lijst van concrete acties: koppeling van de kolommen" in card.inner_text()
    assert field_select(page, 7).input_value() == "Programma"  # "Operační program"
    assert field_select(page, 5).input_value() == "Projectoproep (nummer)"  # "Číslo výzvy"
    # the whole export: 1 772 operations (rows 2-1773; the key of OP codes under it left out)
    page.wait_for_function("() => document.querySelector('[id^=ops-counts-]').innerText.includes('1.772')")
    # by keyboard: the programme "03" of the list
    page.locator('input[id*=\'"type":"ops-programme"\']').focus()
    choose(page, "03")
    page.wait_for_function(
        "() => document.querySelector('[id^=ops-counts-]').innerText.startsWith('Concrete acties opgenomen: 986.')"
    )
    text = page.locator("table.ops-preview").inner_text()
    assert "30.402.809.901,92" in text  # 986 operations of programme 03, total eligible cost (CZK, as exported)
    # "Kód stavu" (status code) is not used; "Název stavu" (status text) is the status
    assert field_select(page, 3).input_value() == "— niet gebruikt —"
    name = page.locator('input[id*=\'"type":"ops-profile"\']')
    name.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Tsjechië OP 03")
    screenshot(page, "ops-mapping-nl")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Koppeling “Tsjechië OP 03” bewaard").wait_for(timeout=30000)
    page.get_by_text(f"{CZ.name}.xlsx is geldig", exact=False).wait_for(timeout=90000)
    screenshot(page, "ops-checked-nl")
    profile = json.loads((folder / ".profiles" / "tsjechië-op-03.json").read_text())
    assert profile["programme"] == "03" and profile["programme_id"] == PID
    assert page.console_watch.errors == []


def test_the_mapping_card_fits_a_phone(browser, own_server):
    base, _folder = own_server
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    page = context.new_page()
    try:
        upload(page, base, "nl", BE1)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        screenshot(page, "ops-mapping-phone-nl")
        # on a phone the first values give way to the selects (assets/operations.css)
        assert page.locator("th.ops-col-samples").is_hidden() and page.locator("th.ops-col-field").is_visible()
        assert page.locator("th.ops-col-field").inner_text() == "Veld van het formaat"
        assert width <= 390 + 1, width  # no page-wide horizontal scroll (the tables scroll inside)
    finally:
        context.close()


FLANDERS = REAL / "BE2_Flanders_ERDF_2014-2020__ERDF_Data_Flandern_2014-2020.original.xls"
FRANCE = REAL / "FR_2014-2020__20160711_listeoperations_FEDER_FSE_14-20.xls"


def test_the_flemish_and_french_lists_go_through_too(page, own_server):
    """The two other real lists, by keyboard: Flanders (NL) taken as proposed, France (FR) one programme of 25."""
    base, folder = own_server
    upload(page, base, "nl", FLANDERS)
    # rows 5-27: 23 projects; the unlabelled total on row 29 left out; the axis from the line above the header
    counts = page.locator("[id^=ops-counts-]").inner_text()
    assert counts.startswith("Concrete acties opgenomen: 23.") and "totaalrijen weggelaten: 1" in counts
    text = page.locator("table.ops-preview").inner_text()
    assert "Ondernemerschap" in text and "€\u00a08.759.246,02" in text  # = the file's own total row
    page.locator('input[id*=\'"type":"ops-profile"\']').focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text(f"{FLANDERS.name}.xlsx is geldig", exact=False).wait_for(timeout=60000)
    screenshot(page, "ops-checked-flanders-nl")
    upload(page, base, "fr", FRANCE)
    page.wait_for_function("() => document.querySelector('[id^=ops-counts-]').innerText.includes('1\u202f834')")
    page.locator('input[id*=\'"type":"ops-programme"\']').focus()
    choose(page, "P.O Auvergne")
    page.wait_for_function(
        "() => document.querySelector('[id^=ops-counts-]').innerText.startsWith('Opérations retenues\u00a0: 328.')"
    )
    # by hand (calamine, rows of column A = "P.O Auvergne"): 328 operations, 35 426 314,64 € total eligible cost
    assert "35\u202f426\u202f314,64\u00a0€" in page.locator("table.ops-preview").inner_text()
    # the date of the data, from the file's name (20160711_…)
    assert page.locator('input[id*=\'"type":"ops-as-of"\']').input_value() == "11/07/2016"
    page.locator('input[id*=\'"type":"ops-profile"\']').focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text(f"{FRANCE.name}.xlsx est valide", exact=False).wait_for(timeout=90000)
    assert "données au 11 juil. 2016, 328\u00a0projets" in page.locator("[id^=upload-card-]").last.inner_text()
    screenshot(page, "ops-checked-france-fr")
    assert sorted(p.name for p in (folder / ".profiles").glob("*.json")) == [
        "be2_flanders_erdf_2014-2020__erdf_data_flandern_2014-2020.or.json",  # the name: the first 60 characters
        "fr_2014-2020__20160711_listeoperations_feder_fse_14-20.json",
    ]
    assert page.console_watch.errors == []
