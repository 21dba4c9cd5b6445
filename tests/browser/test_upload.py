"""Keeping the data in a real browser (#13): an editor loads a workbook on the Data page by keyboard, in Dutch,
sees its check and preview, confirms, finds the new figure on the programme page and the change in the history.

The server runs on its own copy of the demo workbooks (the test changes the data). The workbook uploaded is
the demo 2014-2020 one with its first payment (1420-TA-01, 13/05/2015) raised from 945 000,00 € to
955 000,00 €: the programme's paid amount grows by exactly 10 000,00 €. A second file, the demo without its
Projects sheet, is refused and changes nothing. Screenshots in artifacts/screenshots/.

Auth is on for this server (a users file made by the app's own command, a secret key): the editor logs in by
keyboard first, so the upload's request and every Dash callback carry the session and the CSRF token as a
real user's would; a viewer sees the data but no drop zone.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import openpyxl
import pytest
from playwright.sync_api import expect

from i18n import format_eur
from monitoring import figures

from .conftest import ROOT, serve, wait_ready

SHOTS = ROOT / "artifacts" / "screenshots"
PID = "2014-2020"
PASSWORDS = {
    "redactie": "een lang wachtwoord 1",
    "lezer": "un long mot de passe 2",
    "beheer": "een beheerderswachtwoord 3",
}


@pytest.fixture(scope="module")
def own_server(demo_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload-data")
    for name in ("erdf-2014-2020.xlsx", "erdf-2021-2027.xlsx"):
        shutil.copy(demo_dir / name, folder / name)
    users = tmp_path_factory.mktemp("users") / "users.toml"
    for name, role in (("redactie", "editor"), ("lezer", "viewer"), ("beheer", "admin")):
        subprocess.run(
            [sys.executable, "-m", "ui.auth", "add-user", name, "--role", role, "--users-file", str(users),
             "--password-stdin"],
            input=PASSWORDS[name] + "\n", text=True, cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
    env = {"ERDF_USERS_FILE": str(users), "ERDF_SECRET_KEY": "browser-test-" + "k" * 32}
    with serve(folder, "server-upload.log", extra_env=env) as base:
        yield base


def log_in(page, base: str, path: str, name: str, lang: str) -> None:
    """Open ``path``, be sent to the login page, log in there by keyboard only, land back on ``path``."""
    page.goto(base + path)
    assert "/login" in page.url, page.url  # anonymous: sent to the login page, the target kept in next=
    page.locator("#login-name").wait_for()
    page.keyboard.type(name)  # the name field has the focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORDS[name])
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url, timeout=15000)
    assert page.url.endswith(path), page.url
    wait_ready(page)


@pytest.fixture(scope="module")
def files(demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("uploads")
    wb = openpyxl.load_workbook(demo_dir / "erdf-2014-2020.xlsx")
    assert wb["Payments"]["C2"].value == 945000
    wb["Payments"]["C2"] = 955000
    wb.save(out / "export-2014-2020.xlsx")
    wb = openpyxl.load_workbook(demo_dir / "erdf-2014-2020.xlsx")
    del wb["Projects"]
    wb.save(out / "broken.xlsx")
    return out / "export-2014-2020.xlsx", out / "broken.xlsx"


def test_an_editor_loads_checks_previews_and_confirms_a_workbook_by_keyboard(
    page, own_server, files, core_data, demo_dir
):
    good, broken = files
    programmes, _ = core_data
    paid = figures.totals(programmes[PID])["paid"]
    page.goto(f"{own_server}/login?lang=nl")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "login-nl.png"), full_page=True)
    log_in(page, own_server, "/data?lang=nl", "redactie", "nl")
    assert page.locator("h1").inner_text() == "Gegevens"
    # by keyboard: Tab until the drop zone has the focus, Enter opens the file chooser
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('#data-upload')"):
            break
    else:
        pytest.fail("the drop zone never takes the keyboard focus")
    # Enter opens the file chooser: it clicks the zone's file field (headless Chromium does not always hand the
    # dialog of a keyboard click to the test, so the click itself is what is checked, then the files are set)
    page.evaluate(
        "() => { window.__fieldClicks = 0; document.querySelector('#data-upload input[type=file]')"
        ".addEventListener('click', () => { window.__fieldClicks += 1; }); }"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__fieldClicks") == 1
    page.set_input_files("#data-upload input[type=file]", [str(good), str(broken)])
    ready = page.locator("text=export-2014-2020.xlsx is geldig")
    ready.wait_for(timeout=60000)
    page.locator("text=broken.xlsx is geweigerd").wait_for(timeout=60000)
    # the missing sheet, named in the refused file's grid of issues
    page.locator("[id^=upload-issues-] .ag-cell:has-text('Projects')").first.wait_for(timeout=10000)
    preview = page.locator("[id^=upload-preview-]")
    # the grid of changes may still be drawing its rows when its first cell appears: the assertions wait
    expect(preview.locator(".ag-cell:has-text('1420-TA-01')").first).to_be_visible(timeout=10000)
    expect(preview).to_contain_text(format_eur(10_000, "nl"), timeout=10000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "data-upload-preview-nl.png"), full_page=True)
    # nothing changed before the confirmation: the current data are still the demo's workbook
    old, new = (hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in (demo_dir / "erdf-2014-2020.xlsx", good))
    assert old in page.locator("#data-current").inner_text()
    confirm = page.locator("button:has-text('Bevestigen')")
    confirm.focus()
    page.keyboard.press("Enter")
    page.locator("text=export-2014-2020.xlsx wordt nu gebruikt").wait_for(timeout=30000)
    wait_ready(page)
    assert new in page.locator("#data-current").inner_text() and old not in page.locator("#data-current").inner_text()
    page.screenshot(path=str(SHOTS / "data-upload-confirmed-nl.png"), full_page=True)
    # the programme page shows the new figure
    page.goto(f"{own_server}/programme/{PID}?lang=nl")
    wait_ready(page)
    assert page.locator("#stat-paid").inner_text().startswith(format_eur(paid + 10_000, "nl"))
    # the history lists both snapshots and compares them
    page.goto(f"{own_server}/programme/{PID}/history?lang=nl")
    wait_ready(page)
    rows = page.locator("#history-table tbody tr")
    assert rows.count() == 2 and "HUIDIGE" in rows.first.inner_text().upper()
    page.locator("[id^=history-compare-]").first.click()
    page.locator("#compare-changed").wait_for()
    wait_ready(page)
    assert page.locator("#compare-changed").inner_text().strip().endswith("1")
    page.screenshot(path=str(SHOTS / "history-compare-nl.png"), full_page=True)
    assert page.console_watch.errors == []


def test_a_viewer_reads_the_data_page_but_gets_no_drop_zone(page, own_server):
    log_in(page, own_server, "/data?lang=fr", "lezer", "fr")
    assert page.locator("#data-current").is_visible()
    assert page.locator("#data-upload").count() == 0 and page.locator("#data-viewer").is_visible()
    page.locator("#logout-button").click()
    page.wait_for_url(lambda url: "/login" in url, timeout=15000)
    page.goto(own_server + "/data?lang=fr")
    assert "/login" in page.url  # logged out: the pages are closed again


def test_the_data_and_history_pages_fit_a_phone(browser, own_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    page = context.new_page()
    try:
        log_in(page, own_server, "/data?lang=fr", "redactie", "fr")  # an editor's page, with its drop zone
        for path in ("/data?lang=fr", f"/programme/{PID}/history?lang=fr"):
            page.goto(own_server + path)
            wait_ready(page)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390 + 1, (path, width)  # no page-wide horizontal scroll (tables scroll inside)
        page.screenshot(path=str(SHOTS / "history-phone-fr.png"), full_page=True)
    finally:
        context.close()


def choose(page, listbox: str, wanted: str) -> list[str]:
    """In the focused Mantine select, by keyboard: open its list, move down until ``wanted`` is the highlighted
    option, take it with Enter. Returns the options it offered."""
    page.keyboard.press("ArrowDown")
    options = page.get_by_role("listbox", name=listbox)
    options.wait_for()
    names = options.get_by_role("option").all_inner_texts()
    assert any(n.startswith(wanted) for n in names), names
    for _ in range(len(names) + 1):
        highlighted = options.locator("[data-combobox-selected]")
        if highlighted.count() and highlighted.first.inner_text().startswith(wanted):
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(100)
    page.keyboard.press("Enter")
    # the field shows the option once the select has taken it (a moment after the key)
    page.wait_for_function("w => (document.activeElement.value || '').startsWith(w)", arg=wanted, timeout=5000)
    options.wait_for(state="hidden")  # the list closed: the next key goes to the page again
    return names


def test_an_admin_adds_and_removes_a_user_by_keyboard_in_dutch(page, own_server):
    """The Users page in Dutch, keyboard only: a new editor is added (the role chosen with the arrow keys), then
    removed after the confirmation; axe finds no violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    log_in(page, own_server, "/users?lang=nl", "beheer", "nl")
    assert page.locator("h1").inner_text() == "Gebruikers"
    assert page.locator("#nav-users").is_visible()  # an admin's navigation has the page
    page.locator("#users-name").focus()
    page.keyboard.type("nieuwe.redacteur")
    page.keyboard.press("Tab")  # the role
    choose(page, "Rol", "Redacteur")
    assert page.input_value("#users-role").startswith("Redacteur")
    page.keyboard.press("Tab")  # the password
    assert page.evaluate("() => document.activeElement.id") == "users-password"
    page.keyboard.type("een nieuw lang wachtwoord")
    page.locator("#users-save").focus()
    page.keyboard.press("Enter")
    said = page.locator("#users-status .mantine-Alert-root")
    said.wait_for(timeout=15000)
    assert "nieuwe.redacteur is toegevoegd" in said.inner_text()
    assert "nieuwe.redacteur" in page.locator("#users-table").inner_text()
    assert page.input_value("#users-password") == ""  # never left in the field
    result = Axe().run(page)
    assert [(v["id"], v["nodes"][0]["target"]) for v in result.response["violations"]] == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "users-nl.png"), full_page=True)
    # removal: the user chosen in the list by keyboard, the button, the browser's confirmation accepted
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#users-remove-name").focus()
    names = choose(page, "Gebruikersnaam", "nieuwe.redacteur")
    assert "beheer" not in names  # no one removes oneself: not in the list
    assert page.input_value("#users-remove-name") == "nieuwe.redacteur"
    page.locator("#users-remove").focus()
    page.keyboard.press("Enter")
    page.locator("#users-status").get_by_text("nieuwe.redacteur is verwijderd").wait_for(timeout=15000)
    assert "nieuwe.redacteur" not in page.locator("#users-table").inner_text()
    assert page.console_watch.errors == []
