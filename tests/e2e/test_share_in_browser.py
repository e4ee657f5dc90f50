"""What a link preview and a feed reader fetch, fetched as a browser does: the share card an
evaluation page names, and the feed the start page links to."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from test_sharing import SITE_URL

pytestmark = pytest.mark.browser


def test_the_card_an_evaluation_page_names_is_a_1200_by_630_picture(server, tab):
    tab.page.goto(server.url("kommuner/amal/2019/"))
    card = tab.page.locator('meta[property="og:image"]').get_attribute("content")
    assert card.startswith(SITE_URL)
    tab.page.goto(server.url(card.removeprefix(SITE_URL)))
    size = tab.page.locator("img").evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [1200, 630]
    tab.page.goto(server.url("kommuner/amal/2019/"))
    alt = tab.page.locator('meta[property="og:image:alt"]').get_attribute("content")
    assert alt.startswith("Åmål 2019: 453 av 800 poäng.")


def test_the_start_pages_feed_link_gives_an_atom_feed(server, tab):
    tab.page.goto(server.url(""))
    link = tab.page.get_by_role("link", name="Följ nya och ändrade utvärderingar (Atom-flöde)")
    response = tab.page.request.get(server.url("") + link.get_attribute("href"))
    assert response.ok and "atom+xml" in response.headers["content-type"]
    feed = ET.fromstring(response.body())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findall("{http://www.w3.org/2005/Atom}entry")


@pytest.mark.parametrize("width", [390, 1366])
def test_a_feed_reader_finds_the_feed_in_the_head_and_the_page_asks_for_nothing_missing(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        missing = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(server.url("kommuner/amal/2019/"), wait_until="networkidle")
        # Autodiscovery as feed readers do it: a <link> whose rel has the token "alternate", Atom's type.
        links = page.locator('head link[type="application/atom+xml"]')
        assert links.count() == 1
        assert "alternate" in links.get_attribute("rel").split()
        href = links.evaluate("l => l.href")
        assert href == server.url("data/utvarderingar.atom")
        response = page.request.get(href)
        assert response.ok and ET.fromstring(response.body()).tag == "{http://www.w3.org/2005/Atom}feed"
        # Material fetches sitemap.xml beside every link[rel=alternate] (data/sitemap.xml: a 404).
        assert missing == [], f"requests that failed: {missing}"
    finally:
        context.close()
