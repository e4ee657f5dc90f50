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


@pytest.mark.parametrize("width", [390, 1366])
def test_the_snippet_shows_the_chart_and_its_credit_inside_another_page(server, browser, width):
    """On a phone the frame gets the narrow chart and more lines of text; the snippet's height
    holds the whole page at both widths, and source and licence come first in any case."""
    from e2e.browsing import open_tab

    visit = open_tab(browser, width=width, height=900)
    try:
        snippet = snippet_for(server, visit)
        visit.page.set_content(f'<!doctype html><html lang="sv"><body><h1>En artikel</h1>{snippet}</body></html>')
        frame = visit.page.frame_locator("iframe")
        assert frame.locator("h1").inner_text() == "Poäng per område, Åmål 2019"
        frame.locator("img").wait_for()
        frame.locator("img").scroll_into_view_if_needed()  # the chart may load lazily
        # Loaded, however long the server takes: decode() settles once the picture is there.
        assert frame.locator("img").evaluate(
            "img => img.decode().then(() => img.naturalWidth > 0, () => false)")
        box = visit.page.locator("iframe").bounding_box()
        inner = frame.locator("main").evaluate("m => m.getBoundingClientRect().bottom")
        assert inner <= box["height"], f"the page needs {inner} px in a frame {box['height']} px high at {width} px"
        credit = frame.locator("p", has_text="Licens:")
        assert "Källa:" in credit.inner_text() and "CC0 1.0" in credit.inner_text()
        shown = credit.evaluate("p => p.getBoundingClientRect().bottom")
        image = frame.locator("img").evaluate("img => img.getBoundingClientRect().top")
        assert shown <= image, "source and licence come before the chart"
        assert visit.foreign_requests == [] and visit.errors == []
    finally:
        visit.page.context.close()


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
