"""The search index as Pagefind writes it and as the site publishes it (its files renamed, its
meta file and WebAssembly compressed with Zopfli: ``kommunkompassen/site/search_bundle.py``) give
a reader the same results with the same scores, in a real browser running Pagefind's own search
code."""

from __future__ import annotations

import shutil

import pytest

from e2e.browsing import SiteServer
from test_search_bundle import compacted_copy, words

pytestmark = pytest.mark.browser

SEARCH = """async typed => {
    const found = await window.pagefind.search(typed);
    const shown = [];
    for (const result of found.results.length <= 12 ? found.results : []) {
        const data = await result.data();
        shown.push([data.meta.kk_url || data.url, data.meta.title, data.sub_results.map(s => s.url).join(" ")]);
    }
    return {count: found.results.length, scores: found.results.map(r => r.score.toFixed(6)).join(" "), shown};
}"""


def typed_words(bundle) -> list[str]:
    """What readers type, taken from the index: every 61st word of four letters or more, its
    first three and five letters, and two words together."""
    listed = [w[0] for w in words(bundle) if len(w[0]) >= 4 and w[0].isalpha()][::61]
    return sorted({*listed, *(w[:3] for w in listed), *(w[:5] for w in listed),
                   *(f"{a} {b}" for a, b in zip(listed[::5], listed[1::5]))})


def results(browser, folder, queries: list[str]) -> dict[str, dict]:
    (folder.parent / "index.html").write_text("<!doctype html><html lang='sv'><title>Sök</title></html>\n",
                                              encoding="utf-8")
    server = SiteServer(folder.parent)
    page = browser.new_context().new_page()
    try:
        page.goto(server.url())
        page.evaluate("async () => { window.pagefind = await import('/pagefind/pagefind.js');"
                      " await window.pagefind.options({baseUrl: '/'}); await window.pagefind.init(); }")
        return {typed: page.evaluate(SEARCH, typed) for typed in queries}
    finally:
        page.context.close()
        server.close()


def test_searches_find_the_same_in_pagefinds_bundle_and_in_the_published_one(raw_search_bundle, browser,
                                                                              tmp_path):
    one = tmp_path / "one" / "pagefind"
    shutil.copytree(raw_search_bundle, one)
    published = compacted_copy(raw_search_bundle, tmp_path / "published" / "pagefind")
    queries = typed_words(raw_search_bundle)
    assert len(queries) > 100
    before, after = results(browser, one, queries), results(browser, published, queries)
    assert sum(1 for q in queries if before[q]["count"]) > 0.9 * len(queries)
    assert sum(1 for q in queries if before[q]["shown"]) > 30  # results compared one by one
    assert {q: after[q] for q in queries} == {q: before[q] for q in queries}
