"""The built site in a real browser: every kind of page, search, sorting, keyboard and phone."""

from __future__ import annotations

import re

import pytest

from e2e.browsing import PAGE_KINDS, settle

pytestmark = pytest.mark.browser

# A strength of Åmål 2019, area 1 (data/evaluations/amal-2019.md, "### Styrkor").
STRENGTH_WORD = "valinformatörer"

MAIN_LINKS = ["Utvärderingar", "Kommuner", "Goda exempel", "Områden", "Öppna data", "Om Kommunkompassen",
              "Om webbplatsen", "Tillgänglighet"]

SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def swedish(text: str) -> str:
    """Sort key in Swedish alphabetical order: å, ä and ö after z."""
    return text.lower().translate(SWEDISH_ORDER)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_renders(server, tab, kind):
    response = tab.page.goto(server.url(PAGE_KINDS[kind]))
    settle(tab.page)
    assert response.status == 200
    heading = tab.page.locator("article h1")
    assert heading.count() == 1 and heading.is_visible()
    assert heading.inner_text().strip(), "the page has an empty main heading"
    assert tab.page.title().endswith("Kommunkompassens utvärderingar")
    assert tab.page.locator("html").get_attribute("lang") == "sv"
    assert tab.errors == [], f"script errors on {kind}: {tab.errors}"
    assert tab.dialogs == []
    unexpected = list(tab.foreign_requests)  # no page asks another host, the theme included
    assert unexpected == [], f"{kind} asks other sites for {unexpected}"
    broken = tab.page.evaluate("() => [...document.images].filter(i => i.complete && i.naturalWidth === 0)"
                               ".map(i => i.getAttribute('src'))")
    assert broken == [], f"images that do not load on {kind}: {broken}"


def test_evaluation_page_shows_scores_strengths_and_links_its_data(server, tab):
    tab.page.goto(server.url("kommuner/amal/2019/"))
    page = tab.page
    assert page.locator("article h1").inner_text().startswith("Åmål 2019")
    assert "453" in page.locator(".kk-total").inner_text()
    chart = page.locator("figure.kk-chart img").first
    assert len(chart.get_attribute("alt")) > 40 and "55" in chart.get_attribute("alt"), "the chart's text alternative"
    for name, target in [("JSON", "data/utvarderingar/amal-2019.json"), ("utvarderingar.csv", "data/utvarderingar.csv"),
                         ("poang.csv", "data/poang.csv")]:
        link = page.get_by_role("link", name=name, exact=True)
        assert link.evaluate("a => a.href") == server.url(target)


def test_area_link_leads_to_the_reports_text_and_strengths(server, tab):
    page = tab.page
    page.goto(server.url("kommuner/amal/2019/"))
    page.locator("#omrade-1 ~ p.kk-area-score").first.get_by_role("link", name="Rapportens text om området").click()
    page.wait_for_url(server.url("kommuner/amal/2019/rapport/#omrade-1"))
    assert page.locator("article h1").inner_text().startswith("Åmål 2019: rapportens text")
    assert STRENGTH_WORD in page.locator("#omrade-1-styrkor + ul").inner_text()


def search(page, words: str):
    page.locator(".md-search__input").click()
    page.keyboard.type(words)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    return page.locator(".md-search-result__item a")


def test_search_in_swedish_finds_a_municipality(server, tab):
    tab.page.goto(server.url(""))
    links = search(tab.page, "Åmål")
    hrefs = [h.split("?")[0] for h in links.evaluate_all("els => els.map(e => e.href)")]
    assert hrefs[0] == server.url("kommuner/amal/"), "the municipality's own page is not the first result"
    assert server.url("kommuner/amal/2019/") in hrefs
    text = " ".join(tab.page.locator(".md-search-result__item").all_inner_texts())
    assert not re.search(r"(?:Kommun|Län|Utvärderad|Version|Placering|På sidan)(?=[A-ZÅÄÖ0-9])", text), \
        "labels and values run together in the results"
    assert "sökresultat" in tab.page.locator(".md-search-result__meta").inner_text()


def test_search_finds_a_strength_by_its_words_and_leads_to_it(server, tab):
    tab.page.goto(server.url(""))
    search(tab.page, STRENGTH_WORD)
    strengths = tab.page.locator("h2", has_text="Styrkor")
    item = tab.page.locator(".md-search-result__item", has=strengths).first
    hit = item.locator("a", has=strengths)
    if not hit.is_visible():  # a second hit on the same page is folded under "1 till på denna sida"
        item.locator("summary").click()
    href = hit.get_attribute("href")
    report = re.search(r"kommuner/[a-z0-9-]+/\d{4}/rapport/", href)  # Åmål 2019's, or another with these words
    assert report and href.endswith("#omrade-1-styrkor"), href
    assert STRENGTH_WORD in hit.locator("mark").first.inner_text()
    hit.click()
    tab.page.wait_for_url(re.compile("/" + re.escape(report.group(0)) + r".*#omrade-1-styrkor$"))
    # Material highlights the searched words after the page has loaded: wait for it, do not poll once.
    tab.page.locator("#omrade-1-styrkor + ul mark", has_text=STRENGTH_WORD).first.wait_for(timeout=10_000)


# Topics the two full reports have sections on, as a reader would type them.
REPORT_TOPICS = ["medborgardialog", "synpunktshantering", "delegation"]
REPORTS = ["kommuner/amal/2019/rapport/", "kommuner/bengtsfors/2015/rapport/"]


@pytest.mark.parametrize("width", [390, 1366])
def test_search_for_a_topic_lands_on_the_reports_sections(server, browser, width):
    from urllib.parse import urlsplit

    from e2e.browsing import open_tab

    visit = open_tab(browser, width=width, height=900)
    page = visit.page
    try:
        page.goto(server.url(""))
        if width < 960:  # on a phone the search field opens from the header's magnifier
            page.locator('label.md-header__button[for="__search"]').click()
        field = page.locator(".md-search__input")
        hits = []
        for word in REPORT_TOPICS:  # one page: the index is built once
            field.fill(word)
            field.press("End")  # Material searches on a key's release, not on the input event alone
            # The first search waits for the index to load and be built (a second or more on a busy machine).
            page.locator(f'.md-search-result__item a[href*="h={word}"]').first.wait_for(state="attached", timeout=30_000)
            hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
            hits = [urlsplit(h) for h in hrefs]
            for report in REPORTS:  # the report page and one of its sections, in the first screenful of results
                sections = [h for h in hits if h.path.endswith("/" + report) and h.fragment]
                assert sections, f"searching {word!r} at {width} px finds no section of {report}"
        # The section a hit names is the one the reader lands on.
        hit = page.locator(f'.md-search-result__item a[href*="{REPORTS[1]}"][href*="#"]').first
        anchor = urlsplit(hit.evaluate("a => a.href")).fragment
        if not hit.is_visible():  # folded under "n till på denna sida"
            hit.locator("xpath=ancestor::details[1]/summary").click()
        hit.click()
        page.wait_for_url(f"**/{REPORTS[1]}**#{anchor}")
        assert page.locator(f'[id="{anchor}"]').is_visible()
        assert visit.errors == []
    finally:
        visit.page.context.close()


def column(table, index: int) -> list[str]:
    return table.locator(f"tbody tr td:nth-child({index}), tbody tr th:nth-child({index})").all_inner_texts()


@pytest.mark.parametrize("width", [390, 1366])
def test_sortable_table_sorts_by_a_clicked_column_both_ways(server, browser, width):
    """On a phone the rows are cards and the column headings a row of sort buttons above them."""
    from e2e.browsing import open_tab

    visit = open_tab(browser, width=width, height=900)
    try:
        _sorts_both_ways(visit.page, server)
    finally:
        visit.page.context.close()


def _sorts_both_ways(page, server):
    page.goto(server.url("utvarderingar/"))
    table = page.locator("table.kk-sortable")
    header = table.locator("thead th", has_text="Totalpoäng")
    button = header.get_by_role("button")
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24 and button.is_visible()

    def totals():  # the score as shown, without its note number or "(härlett)"; "uppgift saknas" is None
        shown = table.locator("tbody tr td:nth-child(4)").evaluate_all(
            "cells => cells.map(c => { const x = c.cloneNode(true); x.querySelectorAll('sup').forEach(s => s.remove());"
            " return x.textContent.replace(/\\s/g, '') })")
        return [int(m.group()) if (m := re.match(r"\d+", t)) else None for t in shown]

    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    known = [t for t in totals() if t is not None]
    assert known == sorted(known) and len(known) >= 2
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    shown = totals()
    known = [t for t in shown if t is not None]
    assert known == sorted(known, reverse=True)
    assert shown[len(known):] == [None] * (len(shown) - len(known)), "missing scores come last either way"
    others = table.locator("thead th[aria-sort]")
    assert others.count() == 1, "only the sorted column says how it is sorted"


def test_municipality_names_sort_in_swedish_alphabetical_order(server, tab):
    page = tab.page
    page.goto(server.url("kommuner/"))
    table = page.locator("table.kk-sortable")
    table.locator("thead th", has_text="Kommun").first.get_by_role("button").click()
    names = column(table, 1)
    assert names == sorted(names, key=swedish)
    assert names.index("Åmål") > names.index("Bengtsfors")


def test_keyboard_alone_reaches_the_main_links_and_sorts_a_table(server, tab):
    page = tab.page
    page.goto(server.url(""))
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.innerText || ''").strip())
    assert reached[0] == "Gå till innehållet", "the first Tab reaches the skip link"
    for name in MAIN_LINKS + ["Hitta din kommun"]:
        assert name in reached, f"Tab never reaches '{name}'"
    # Follow a link with Enter, then sort with the keyboard.
    for _ in range(40):
        if page.evaluate("() => document.activeElement.innerText.trim()") == "Utvärderingar":
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(server.url("utvarderingar/"))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('table.kk-sortable thead') !== null"):
            break
    else:
        pytest.fail("Tab never reaches a sort button")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.closest('th').getAttribute('aria-sort')") == "ascending"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_phone_screen_has_no_sideways_scrolling(server, phone, kind):
    phone.page.goto(server.url(PAGE_KINDS[kind]))
    settle(phone.page)
    width, visible = phone.page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= visible, f"{kind} is {width} px wide on a 375 px phone"
