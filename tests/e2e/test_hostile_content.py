"""The hostile corpus (tests/hostile.py) in a real browser: nothing runs, nothing loads, the text shows.

Every payload tries to set ``window.__pwned``, open a dialog or load something from another
site. The pages are read, scrolled, tabbed through and searched like a reader would.
"""

from __future__ import annotations

import re

import pytest
from hostile import MUNICIPALITY_NAME, PAGE, PAYLOADS, REPORT_PAGE

pytestmark = pytest.mark.browser


def hostile_pages(site) -> list[str]:
    """One page of each kind that shows hostile text (the evaluation, its municipality, lists, a good example)."""
    chosen: dict[str, str] = {}
    for path in sorted(site.rglob("index.html")):
        if "Fientlig" in path.read_text(encoding="utf-8"):
            parts = path.parent.relative_to(site).parts
            # kommuner/amal/2019 -> kommuner/*/*; the named pages below an evaluation are kinds of their own
            kind = "/".join(p if i == 0 or p in ("rapport", "forbattringsplan") else "*" for i, p in enumerate(parts))
            chosen.setdefault(kind, "".join(f"{p}/" for p in parts))
    return sorted(chosen.values())


def assert_nothing_ran(visit, where: str) -> None:
    assert visit.page.evaluate("() => typeof window.__pwned") == "undefined", f"a payload ran on {where}"
    assert visit.dialogs == [], f"a payload opened a dialog on {where}"
    assert visit.errors == [], f"script errors on {where}"
    foreign = list(visit.foreign_requests)
    assert foreign == [], f"{where} asked other sites for {foreign}"


def test_hostile_text_shows_on_several_kinds_of_page(hostile_site):
    urls = hostile_pages(hostile_site)
    assert PAGE in urls and REPORT_PAGE in urls and len(urls) >= 5, urls


def test_nothing_runs_on_any_page_that_shows_hostile_text(hostile_site, hostile_server, tab):
    page = tab.page
    for url in hostile_pages(hostile_site):
        response = page.goto(hostile_server.url(url))
        assert response.status == 200
        page.mouse.wheel(0, 100_000)
        for _ in range(25):
            page.keyboard.press("Tab")
        page.wait_for_timeout(200)
        assert_nothing_ran(tab, url)
        assert page.evaluate("() => location.href") == hostile_server.url(url), "the page navigated away"


def test_reader_sees_each_payload_as_text_on_the_evaluation_and_report_pages(hostile_server, tab):
    page = tab.page
    page.goto(hostile_server.url(PAGE))
    assert page.title().startswith(f"{MUNICIPALITY_NAME} 2019 - "), "the tab's title is not the name as typed"
    evaluators = page.locator("dt", has_text="Utvärderare").locator("xpath=following-sibling::dd[1]")
    assert "<img src=x onerror=\"window.__pwned=2\">" in evaluators.inner_text()
    assert_nothing_ran(tab, PAGE)
    page.goto(hostile_server.url(REPORT_PAGE))
    body = re.sub(r"\s+", " ", page.locator("article").inner_text())
    missing = [p for p in PAYLOADS if f"Stycke {PAYLOADS.index(p)}: {p}" not in body]
    assert missing == []
    heading = page.locator("article h3", has_text="Avsnitt 0:")
    assert heading.inner_text().startswith("Avsnitt 0: <script>window.__pwned=1</script>")
    assert_nothing_ran(tab, REPORT_PAGE)


def test_clicking_hostile_links_and_headings_runs_nothing(hostile_server, tab):
    page = tab.page
    page.goto(hostile_server.url(REPORT_PAGE))
    for text in ("Stycke 2:", "Stycke 3:", "Avsnitt 8:", "Punkt 20:"):
        page.get_by_text(text).first.click()
    page.locator(".kk-sources a").first.hover()
    page.wait_for_timeout(200)
    assert_nothing_ran(tab, REPORT_PAGE)
    assert page.evaluate("() => location.pathname").endswith("/" + REPORT_PAGE)


def test_searching_hostile_text_runs_nothing(hostile_server, tab):
    page = tab.page
    page.goto(hostile_server.url(""))
    page.get_by_role("searchbox", name=re.compile("^Sök på webbplatsen")).click()
    page.keyboard.type("Styrka förbättring")  # the hostile bullets under every area's Styrkor
    page.wait_for_function("() => document.querySelector('.kk-search__results').innerText.includes('__pwned')",
                           timeout=30_000)
    while page.locator(".kk-search__more").is_visible():  # every result, not only the first ten
        page.locator(".kk-search__more").click()
        page.wait_for_timeout(200)
    page.wait_for_timeout(200)
    results = page.locator(".kk-search__results").inner_text()
    assert "<script>window.__pwned=1</script>" in results
    assert "Åmål</title><img src=x onerror=window.__pwned=31>" in results  # a title, as its letters
    assert_nothing_ran(tab, "the search results")


def test_the_checks_notice_a_payload_that_runs(tab):
    tab.page.set_content('<img src="x" onerror="window.__pwned=2"><script>alert(1)</script>')
    tab.page.wait_for_timeout(200)
    assert tab.page.evaluate("() => window.__pwned") == 2
    assert tab.dialogs == ["alert: 1"]
