"""Accessibility: axe-core's WCAG 2.1 A and AA rules find nothing on any kind of page.

axe-core runs inside the page (tests/e2e/node_modules/axe-core, installed from npm by
scripts/install-test-deps.sh with the versions in tests/e2e/package-lock.json).
"""

from __future__ import annotations

import re

import pytest
import sourcefacts
from grown import PAIRS

from e2e.browsing import ALL_PAGE_KINDS as PAGE_KINDS, settle

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
             const where = n => n.target.join(' ') + ' – ' + n.failureSummary.replace(/\\n/g, ' ');
             return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n    ` +
                                               v.nodes.slice(0, 5).map(where).join('\\n    '));
           }""", WCAG_21_AA)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_wcag_violation_on_a_computer_screen(server, tab, axe_source, kind):
    tab.page.goto(server.url(PAGE_KINDS[kind]))
    settle(tab.page)
    found = violations(tab.page, axe_source)
    assert found == [], f"{kind}:\n" + "\n".join(found)


# On a phone also the map (its legend, the name search, its table as cards).
PHONE_PAGES = {**PAGE_KINDS, "map": "karta/"}


@pytest.mark.parametrize("kind", PHONE_PAGES)
def test_no_wcag_violation_on_a_phone(server, phone, axe_source, kind):
    phone.page.goto(server.url(PHONE_PAGES[kind]))
    settle(phone.page)
    found = violations(phone.page, axe_source)
    assert found == [], f"{kind} on a phone:\n" + "\n".join(found)


# The pages valid pairs of every version add (``grown.py``) are built from the same templates
# as the kinds above, and the HTML checker reads them all; axe (about 2 s a page) reads the
# shapes the real archive lacks: the evaluation page and the plan of a full report of a version
# without sub-questions, and a second evaluation's page with its comparisons over time.
_NO_QUESTIONS = {v for v, fw in sourcefacts.frameworks().items() if not any(a.get("questions") for a in fw["areas"])}
_FIRST = next((p for p in PAIRS if p.kind == "text" and p.version in _NO_QUESTIONS), None)
GROWN_PAGES = ([_FIRST.url, _FIRST.url + "forbattringsplan/"] if _FIRST else []) + \
    [p.url for p in PAIRS if p.kind == "second"]


@pytest.mark.parametrize("path", GROWN_PAGES)
def test_no_wcag_violation_on_the_pages_valid_pairs_of_every_version_add(grown_server, tab, axe_source, path):
    tab.page.goto(grown_server.url(path))
    settle(tab.page)
    found = violations(tab.page, axe_source)
    assert found == [], f"{path}:\n" + "\n".join(found)


def test_no_wcag_violation_with_search_results_open(server, tab, axe_source):
    page = tab.page
    page.goto(server.url(""))
    page.get_by_role("searchbox", name=re.compile("^Sök på webbplatsen")).click()
    page.keyboard.type("Åmål")
    page.locator(".kk-search__item").first.wait_for(timeout=30_000)
    found = violations(page, axe_source)
    assert found == [], "search results:\n" + "\n".join(found)


def test_the_check_reports_an_image_without_a_text_alternative(server, tab, axe_source):
    tab.page.goto(server.url("tillganglighet/"))
    tab.page.evaluate("() => { const img = document.createElement('img'); img.src = '../assets/images/favicon.png';"
                      " document.querySelector('article').append(img); }")
    assert [v.split(" ")[0] for v in violations(tab.page, axe_source)] == ["image-alt"]
