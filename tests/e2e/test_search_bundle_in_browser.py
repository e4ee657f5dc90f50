"""The search index as one Pagefind run writes it, and as the site publishes it when it indexes in
parts (merged, its fragments renamed: ``kommunkompassen/site/search_bundle.py``), give a reader
the same results with the same scores, in a real browser running Pagefind's own search code. The
parts are far smaller than the site makes them (150 records), so that the merge does real work."""

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
    // Records with equal scores may come in another order (a merged bundle numbers its records
    // part by part): the results of a search are compared as a set.
    shown.sort();
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


def test_searches_find_the_same_in_one_pagefind_run_and_in_a_bundle_merged_from_parts(
        raw_search_bundle, merged_search_bundle, browser, tmp_path):
    one = tmp_path / "one" / "pagefind"
    shutil.copytree(raw_search_bundle, one)
    merged = compacted_copy(merged_search_bundle, tmp_path / "merged" / "pagefind")
    queries = typed_words(raw_search_bundle)
    assert len(queries) > 100
    before, after = results(browser, one, queries), results(browser, merged, queries)
    assert sum(1 for q in queries if before[q]["count"]) > 0.9 * len(queries)
    assert sum(1 for q in queries if before[q]["shown"]) > 30  # results compared one by one
    assert {q: after[q] for q in queries} == {q: before[q] for q in queries}
