"""The comparison page as a reader uses it: a permalink that keeps the choice, the script's table
the same as the ready-made page's, and the ready-made comparisons readable without a script."""

from __future__ import annotations

import re

import pytest

from e2e.browsing import settle

pytestmark = pytest.mark.browser

PICKER = "jamfor/"


def ready_made(server, tab) -> list[str]:
    """The ready-made comparisons the comparison page lists (their addresses under the site)."""
    tab.page.goto(server.url(PICKER))
    hrefs = tab.page.locator("ul.kk-ready a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs, "the built site lists ready-made comparisons"
    return [h.removeprefix(server.url()) for h in hrefs]


def table_text(page) -> str:
    return page.locator("table.kk-compare").inner_text()


def same_tables(server, tab, addresses: list[str]) -> None:
    for address in addresses:
        keys = address.removeprefix(PICKER).strip("/").split("--")
        tab.page.goto(server.url(address))
        static = table_text(tab.page)
        tab.page.goto(server.url(f"{PICKER}?u={','.join(keys)}"))
        tab.page.locator("#kk-jamforelse table.kk-compare").wait_for()
        assert table_text(tab.page) == static, address
    assert tab.errors == [] and tab.foreign_requests == []


def test_the_script_writes_the_same_table_as_the_ready_made_pages(server, tab):
    """Spread over the list (over time and similar municipalities, one version and two): eight pages."""
    addresses = ready_made(server, tab)
    step = max(1, len(addresses) // 8)
    same_tables(server, tab, addresses[::step][:8])


def test_with_pairs_of_every_version_the_script_and_the_ready_made_pages_agree(grown_server, tab):
    """On the grown copy (``grown``): ready-made comparisons of generated evaluations, one per
    generated evaluation that has one, so each version is compared, the one without
    sub-questions included (about 0.7 s each)."""
    from grown import PAIRS

    addresses = {}
    for address in ready_made(grown_server, tab):
        keys = set(address.removeprefix(PICKER).strip("/").split("--"))
        for pair in PAIRS:
            if pair.key in keys and pair.version not in addresses:
                addresses[pair.version] = address
    assert addresses
    addresses = list(dict.fromkeys(addresses.values()))
    same_tables(grown_server, tab, addresses)


def test_a_choice_is_kept_in_the_address_and_survives_a_reload(server, tab):
    page = tab.page
    page.goto(server.url(PICKER))
    settle(page)
    page.select_option("#kk-u1", "amal-2019")
    page.select_option("#kk-u2", "bengtsfors-2015")
    page.get_by_role("button", name="Jämför").click()
    page.locator("#kk-jamforelse table.kk-compare").wait_for()
    assert page.url.endswith("jamfor/?u=amal-2019,bengtsfors-2015")
    assert page.locator("#jamforelse").inner_text() == "Jämförelse: Åmål 2019 och Bengtsfors 2015"
    first = table_text(page)
    assert re.search(r"^Totalpoäng\t453 av 800\t387 av 800$", first, re.M)  # no difference across versions
    page.reload()
    page.locator("#kk-jamforelse table.kk-compare").wait_for()
    assert table_text(page) == first
    assert page.locator("#kk-u1").input_value() == "amal-2019"
    assert page.title().startswith("Jämförelse: Åmål 2019, Bengtsfors 2015 - ")
    page.select_option("#kk-u3", "amal-2004")
    page.get_by_role("button", name="Jämför").click()
    page.wait_for_url(re.compile(r"u=amal-2019,bengtsfors-2015,amal-2004$"))
    headers = "document.querySelectorAll('table.kk-compare thead th').length"
    page.wait_for_function(f"{headers} === 4")  # a column per evaluation, after the rows' names
    page.go_back()
    page.wait_for_url(re.compile(r"u=amal-2019,bengtsfors-2015$"))
    page.wait_for_function(f"{headers} === 3")
    assert page.locator("#kk-u3").input_value() == ""


def test_a_form_sent_before_the_script_was_ready_lands_on_the_permalink(server, tab):
    tab.page.goto(server.url(f"{PICKER}?u=amal-2019&u=bengtsfors-2015"))
    settle(tab.page)
    assert tab.page.url.endswith("jamfor/?u=amal-2019,bengtsfors-2015")
    assert tab.page.locator("#jamforelse").inner_text() == "Jämförelse: Åmål 2019 och Bengtsfors 2015"


def test_a_wrong_address_says_what_is_wrong(server, tab):
    tab.page.goto(server.url(f"{PICKER}?u=amal-2019,finns-inte-1999"))
    settle(tab.page)
    assert tab.page.locator("#kk-jamforelse").inner_text() == (
        "Okänd utvärdering i adressen: finns-inte-1999. Välj i listorna ovan.")
    tab.page.goto(server.url(f"{PICKER}?u=amal-2019"))
    settle(tab.page)
    assert tab.page.locator("#kk-jamforelse").inner_text() == "Välj minst två olika utvärderingar att jämföra."
    # Names every JavaScript object inherits are not evaluations either.
    tab.page.goto(server.url(f"{PICKER}?u=__proto__,constructor,toString"))
    settle(tab.page)
    assert tab.page.locator("#kk-jamforelse").inner_text() == (
        "Okänd utvärdering i adressen: __proto__, constructor, toString. Välj i listorna ovan.")


def test_without_a_script_the_form_is_hidden_and_the_ready_made_pages_work(browser, server):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(server.url(PICKER))
        assert not page.locator("form.kk-compare-form").is_visible()
        assert "Att välja utvärderingar fritt kräver JavaScript." in page.locator("main").inner_text()
        first = page.locator("ul.kk-ready a").first
        first.click()
        assert re.search(r"^Totalpoäng\t", page.locator("table.kk-compare").inner_text(), re.M)
    finally:
        context.close()


def test_markup_in_the_data_the_script_reads_shows_as_text(server, tab):
    """Titles and labels come from files a pull request can change: the script writes them as text."""
    payload = '<img src=x onerror="window.__pwned=1">'

    def hostile_index(route):
        data = route.fetch().json()
        data["evaluations"]["amal-2019"]["title"] = f"Åmål {payload}"
        first = data["frameworks"]["2016"]["areas"][0]
        first["label"] = f"Öppenhet {payload}"
        data["frameworks"]["2016"]["name"] = f"Version {payload}"
        route.fulfill(json=data)

    tab.page.route("**/jamfor/jamforelse.json", hostile_index)
    tab.page.goto(server.url(f"{PICKER}?u=amal-2019,bengtsfors-2015"))
    tab.page.locator("#kk-jamforelse table.kk-compare").wait_for()
    text = tab.page.locator("#kk-jamforelse").inner_text()
    assert f"Åmål {payload}" in text and f"Version {payload}" in text
    assert tab.page.evaluate("() => typeof window.__pwned") == "undefined"
    assert tab.page.locator("#kk-jamforelse img").count() == 0
