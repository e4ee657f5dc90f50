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


# The search box in the header (overrides/partials/header.html, docs/javascripts/sok.js): a field
# on wide screens, behind the magnifier on a phone.
WIDE = 960


def open_search(page):
    """The search field, focused, as a reader gets to it at the page's width."""
    if page.viewport_size["width"] < WIDE:
        page.get_by_role("button", name="Sök på webbplatsen").click()
    field = page.get_by_role("searchbox", name=re.compile("^Sök på webbplatsen"))
    field.click()
    return field


def search(page, words: str):
    """Type ``words`` into the search field; the result links (each page's title first)."""
    open_search(page)
    page.keyboard.type(words)
    # The first search loads the index's entry, code and the chunks its words fall in.
    page.locator(".kk-search__item").first.wait_for(timeout=30_000)
    page.wait_for_function("q => (document.querySelector('.kk-search__count').textContent || '').includes(q)", arg=words)
    return page.locator(".kk-search__item")


def result_urls(page) -> list[str]:
    """Each result's page, in order, without the site's address."""
    return page.locator(".kk-search__title").evaluate_all("els => els.map(e => e.href)")


def test_search_in_swedish_finds_a_municipality_and_lists_its_page_first(server, tab):
    tab.page.goto(server.url(""))
    items = search(tab.page, "Åmål")
    urls = result_urls(tab.page)
    assert urls[0] == server.url("kommuner/amal/"), "the municipality's own page is not the first result"
    assert server.url("kommuner/amal/2019/") in urls
    assert items.first.locator(".kk-search__title").inner_text() == "Åmål"
    text = " ".join(items.all_inner_texts())
    assert not re.search(r"(?:Kommun|Län|Utvärderad|Version|Placering|På sidan)(?=[A-ZÅÄÖ0-9])", text), \
        "labels and values run together in the results"
    assert "¶" not in text
    count = tab.page.locator(".kk-search__count").inner_text()
    assert re.fullmatch(r"\d+ träffar för ”Åmål”", count), count
    # A screen reader hears the same, from the live region, once the results are there.
    assert tab.page.get_by_role("status").inner_text() == count


@pytest.mark.parametrize("name, slug", [("Bengtsfors", "bengtsfors"), ("Köping", "koping")])
def test_a_municipalitys_name_lists_its_page_first(server, tab, name, slug):
    tab.page.goto(server.url(""))
    search(tab.page, name)
    assert result_urls(tab.page)[0] == server.url(f"kommuner/{slug}/")


def report_area(page, report: str, area: int):
    """The result for areas of a report's text (a report is searched three areas at a time: the
    result links to the first, ``area`` 1, 4 or 7)."""
    return page.locator(".kk-search__item").filter(
        has=page.locator(f'.kk-search__title[href$="{report}#omrade-{area}"]'))


def test_search_finds_a_strength_by_its_words_and_leads_to_it(server, tab):
    """A report's text is searched three areas at a time: the hit is areas 1–3, with the
    strengths of area 1 as a section that matches."""
    page = tab.page
    page.goto(server.url(""))
    search(page, STRENGTH_WORD)
    hit = report_area(page, REPORTS[0], 1)
    assert hit.count() == 1, result_urls(page)
    assert hit.locator(".kk-search__title").inner_text() == "Åmål 2019: rapportens text – Områdena 1–3"
    strengths = hit.locator(".kk-search__sections li").filter(
        has=page.get_by_role("link", name="Område 1: Styrkor", exact=True))
    assert STRENGTH_WORD in strengths.locator("mark").first.inner_text()
    link = strengths.get_by_role("link", name="Område 1: Styrkor", exact=True)
    assert link.get_attribute("href").endswith(f"{REPORTS[0]}#omrade-1-styrkor")
    link.click()
    page.wait_for_url(re.compile("/" + re.escape(REPORTS[0]) + "#omrade-1-styrkor$"))
    assert STRENGTH_WORD in page.locator("#omrade-1-styrkor + ul").inner_text()


def test_search_finds_a_word_by_another_form_of_it(server, tab):
    """Swedish stemming: the singular finds the report that has the plural, and marks it."""
    page = tab.page
    page.goto(server.url(""))
    singular = "valinformatör"
    assert STRENGTH_WORD == singular + "er"
    search(page, singular)
    hit = report_area(page, REPORTS[0], 1)
    assert hit.count() == 1, result_urls(page)
    assert STRENGTH_WORD in hit.locator("mark").all_inner_texts()


# Topics the two full reports have sections on, as a reader would type them. (Material's search
# also found both reports for "delegation" among its first results; Pagefind ranks the versions'
# and the good examples' pages on delegation first, and the reports further down.)
REPORT_TOPICS = ["medborgardialog", "synpunktshantering"]
REPORTS = ["kommuner/amal/2019/rapport/", "kommuner/bengtsfors/2015/rapport/"]


@pytest.mark.parametrize("width", [390, 1366])
def test_search_for_a_topic_lands_on_the_reports_sections(server, browser, width):
    from urllib.parse import urlsplit

    from e2e.browsing import open_tab

    visit = open_tab(browser, width=width, height=900)
    page = visit.page
    try:
        page.goto(server.url(""))
        field = open_search(page)
        for word in REPORT_TOPICS:  # one page: the index's code loads once
            field.fill(word)
            page.wait_for_function("q => (document.querySelector('.kk-search__count').textContent || '').includes(q)",
                                   arg=word, timeout=30_000)
            hits = [urlsplit(h) for h in result_urls(page)]
            for report in REPORTS:  # an area of each report and a section in it, in the first ten results
                areas = [h for h in hits if h.path.endswith("/" + report) and h.fragment]
                assert areas, f"searching {word!r} at {width} px finds no part of {report}"
                item = page.locator(".kk-search__item").filter(
                    has=page.locator(f'.kk-search__title[href$="{report}#{areas[0].fragment}"]'))
                sections = [urlsplit(h) for h in item.locator(".kk-search__sections a").evaluate_all(
                    "els => els.map(e => e.href)")]
                assert [h for h in sections if h.path.endswith("/" + report) and h.fragment], \
                    f"searching {word!r} at {width} px lists no section of {report}"
        # The section a hit names is the one the reader lands on.
        hit = page.locator(f'.kk-search__sections a[href*="{REPORTS[1]}#"]').first
        anchor = urlsplit(hit.evaluate("a => a.href")).fragment
        hit.click()
        page.wait_for_url(f"**/{REPORTS[1]}#{anchor}")
        assert page.locator(f'[id="{anchor}"]').is_visible()
        assert visit.errors == []
    finally:
        visit.page.context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_search_by_keyboard_alone(server, browser, width):
    """"/" opens the search, Tab goes from the field through the results, Enter follows one,
    Escape closes the results and gives the focus back."""
    from e2e.browsing import open_tab

    visit = open_tab(browser, width=width, height=900)
    page = visit.page
    try:
        page.goto(server.url("om-webbplatsen/"))
        page.keyboard.press("/")
        field = page.get_by_role("searchbox", name=re.compile("^Sök på webbplatsen"))
        assert field.evaluate("el => el === document.activeElement")
        page.keyboard.type("Bengtsfors")
        page.locator(".kk-search__item").first.wait_for(timeout=30_000)
        page.keyboard.press("Escape")
        assert page.locator(".kk-search__results").is_hidden()
        focused = "kk-search__open" if width < WIDE else "kk-search__input"
        assert page.evaluate("c => document.activeElement.classList.contains(c)", focused), "focus goes back"
        if width < WIDE:
            page.keyboard.press("Enter")  # the magnifier again
        page.keyboard.press("End")
        page.keyboard.type(" 2015")
        page.wait_for_function("() => (document.querySelector('.kk-search__count').textContent || '').includes('2015')")
        page.keyboard.press("Tab")
        if width < WIDE:
            page.keyboard.press("Tab")  # past the button that closes the field
        first = result_urls(page)[0]
        assert page.evaluate("() => document.activeElement.href") == first, "Tab from the field reaches the first result"
        page.keyboard.press("Enter")
        page.wait_for_url(first)
        assert visit.errors == []
    finally:
        visit.page.context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_search_opens_over_the_page_without_moving_the_header(server, browser, width):
    from e2e.browsing import open_tab

    visit = open_tab(browser, width=width, height=844)
    page = visit.page
    try:
        page.goto(server.url("kommuner/amal/2019/"))
        header = page.locator("header.md-header")
        before = header.bounding_box()
        title = page.locator("article h1").bounding_box()
        search(page, "medborgardialog")
        assert header.bounding_box() == before
        assert page.locator("article h1").bounding_box() == title
        panel = page.locator(".kk-search__results").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
        assert panel["y"] + 10 < 844
        width_now = page.evaluate("() => document.documentElement.scrollWidth")
        assert width_now <= width
    finally:
        visit.page.context.close()


def test_a_page_that_is_only_read_fetches_nothing_of_the_search(server, tab):
    fetched = []
    tab.page.on("request", lambda r: fetched.append(r.url))
    tab.page.goto(server.url("kommuner/amal/2019/"))
    tab.page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "/pagefind/" in u]
    search(tab.page, "Åmål")
    assert [u for u in fetched if u.endswith("/pagefind/pagefind.js")]


def test_a_word_typed_fast_fetches_the_index_of_that_word_alone(server, browser):
    """The search runs once the reader pauses, not on every keystroke: typing "kommunikation"
    fetches the index chunks that one search for the word fetches, not also those of "k", "ko",
    "kom"… on the way (Pagefind's debouncedSearch preloads each keystroke's word)."""
    from e2e.browsing import open_tab

    word = "kommunikation"
    chunks = {}
    for how in ("typed", "searched", "keystrokes"):
        visit = open_tab(browser, width=1366, height=900)
        page = visit.page
        try:
            page.goto(server.url("om-webbplatsen/"))
            open_search(page)
            page.wait_for_load_state("networkidle")
            fetched = chunks[how] = set()
            page.on("request", lambda r, fetched=fetched: "/pagefind/index/" in r.url and fetched.add(r.url))
            if how == "typed":
                page.keyboard.type(word, delay=80)  # a fast reader: well under the box's pause
                page.wait_for_function("q => (document.querySelector('.kk-search__count').textContent || '')"
                                       ".includes(q)", arg=word, timeout=30_000)
            else:  # the word searched at once; every word on the way to it preloaded
                prefixes = [word] if how == "searched" else [word[:n] for n in range(1, len(word) + 1)]
                page.evaluate("async ([u, words]) => { const pf = await import(u); await pf.init();"
                              " for (const w of words) await pf.preload(w); }",
                              [server.url("pagefind/pagefind.js"), prefixes])
            page.wait_for_load_state("networkidle")
            assert visit.errors == []
        finally:
            page.context.close()
    assert chunks["searched"], "a search fetches the chunk of its word"
    assert chunks["keystrokes"] > chunks["searched"], \
        f"{word!r}: its first letters fall in its own chunk; the test needs a word whose do not"
    assert chunks["typed"] == chunks["searched"], "keystrokes fetched index chunks of their own"


def test_without_javascript_the_header_links_to_the_municipalities(server, browser):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False, viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url("om-webbplatsen/"))
        note = page.locator(".kk-search__nojs")
        assert note.inner_text().strip() == "Sök kräver JavaScript. Alla kommuner"
        assert note.get_by_role("link").get_attribute("href").rstrip("/").endswith("kommuner")
        assert page.get_by_role("searchbox").is_hidden()
    finally:
        context.close()


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
