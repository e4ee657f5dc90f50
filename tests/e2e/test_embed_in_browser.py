"""An embedded chart as a reader of another site sees it: the snippet on a page of its own, the
embed page on a phone and by keyboard, and nothing fetched from another host."""

from __future__ import annotations

import re

import pytest
from test_embed import SITE_URL

from e2e.test_accessibility import violations

pytestmark = pytest.mark.browser

EMBED = "kommuner/amal/2019/inbadda/"


def snippet_for(server, tab) -> str:
    tab.page.goto(server.url(EMBED))
    snippet = tab.page.locator("#kod").input_value()
    return snippet.replace(SITE_URL, server.url())  # the published address, here the test server


def test_the_snippet_shows_the_chart_inside_another_page(server, tab):
    snippet = snippet_for(server, tab)
    tab.page.set_content(f'<!doctype html><html lang="sv"><body><h1>En artikel</h1>{snippet}</body></html>')
    frame = tab.page.frame_locator("iframe")
    assert frame.locator("h1").inner_text() == "Poäng per område, Åmål 2019"
    frame.locator("img").wait_for()
    assert frame.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    box = tab.page.locator("iframe").bounding_box()
    inner = frame.locator("main").evaluate("m => m.getBoundingClientRect().height")
    assert inner <= box["height"], "the snippet's height leaves room for the chart and its text"
    assert tab.foreign_requests == [] and tab.errors == []


def test_on_a_phone_the_embed_page_uses_the_narrow_chart_and_fits_the_screen(server, phone):
    phone.page.goto(server.url(EMBED))
    src = phone.page.locator("img").evaluate("img => img.currentSrc")
    assert src.endswith("amal-2019-omraden-smal.svg")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_numbers_open_by_keyboard(server, tab):
    tab.page.goto(server.url(EMBED))
    table = tab.page.locator("table")
    assert not table.is_visible()
    summary = tab.page.locator("summary", has_text="Siffrorna i diagrammet som tabell")
    summary.focus()
    tab.page.keyboard.press("Enter")
    assert table.is_visible()
    first = tab.page.locator("tbody tr").first.inner_text()
    assert re.match(r"^1\. .+\t\d+$", first)


def test_no_wcag_violation_on_the_embed_page(server, tab, axe_source):
    tab.page.goto(server.url(EMBED))
    tab.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    found = violations(tab.page, axe_source)
    assert found == [], "\n".join(found)
