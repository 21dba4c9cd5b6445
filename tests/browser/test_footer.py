"""The footer names the source files and their extract date; a click lists the validation warnings."""

from __future__ import annotations

import pytest

from i18n import format_date, t

from .conftest import wait_ready


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_footer_sources_and_warnings_list(page, server, lang, core_data):
    programmes, _ = core_data
    page.goto(f"{server}/?lang={lang}")
    wait_ready(page)
    footer = page.inner_text("#footer-sources")
    for data in programmes.values():
        assert data.source in footer
        assert t("extract_date", lang, date=format_date(data.info.as_of, lang)) in footer
    warnings = [w for data in programmes.values() for w in data.warnings]
    assert page.inner_text("#warnings-button") == t("warnings_n", lang, n=len(warnings))
    page.click("#warnings-button")
    page.wait_for_selector("#warnings-list li")
    shown = page.locator("#warnings-list li").all_inner_texts()
    assert shown == [w.message(lang) for w in warnings]
    assert page.console_watch.errors == []
