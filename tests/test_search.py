"""The site's search index (Pagefind, written after every build into ``pagefind/``): what a
reader can find, and what a first search costs. The searches themselves, typed into the header's
box, are in ``e2e/test_site_in_browser.py``."""

from __future__ import annotations

import re

import pytest
import sourcefacts
from pagekinds import examples
from searchindex import entry, fragments

from kommunkompassen import routes
from kommunkompassen.site.htmlpost import search_marks

# Pages a search never lists: a ready-made comparison repeats its evaluations' pages, an
# improvement plan repeats its evaluation's and its role models' pages (its own words are its
# title and a paragraph the same on every plan), an embed page is a chart alone for another
# site, and the not-found page is no content.
NOT_SEARCHED = {"ready-made comparison", "improvement plan", "embed", "not found"}


@pytest.fixture(scope="module")
def index(built_site) -> dict[str, dict]:
    return fragments(built_site)


def test_every_kind_of_page_is_found_except_those_that_repeat_others(index):
    kinds = examples()
    # A report's text is found area by area (its records are the page and an area's heading).
    found = {kind for kind, address in kinds.items()
             if address in index or any(a.startswith(f"{address}#") for a in index if address)}
    assert found == set(kinds) - NOT_SEARCHED
    assert not [a for a in index if a.startswith(routes.COMPARE_PAGE) and a != routes.COMPARE_PAGE]
    assert not [a for a in index if a.endswith("/inbadda/")]


def test_the_index_is_swedish_and_holds_every_searched_page_once(built_site, index):
    languages = entry(built_site)["languages"]
    assert list(languages) == ["sv"]  # Swedish stemming: "valinformatör" finds "valinformatörer"
    assert languages["sv"]["page_count"] == len(index)
    evaluations = sourcefacts.evaluations()
    assert sum(1 for e in evaluations if routes.evaluation_url(*e.key.rsplit("-", 1)) in index) == len(evaluations)


def test_only_the_article_is_read_not_the_header_navigation_or_footer(index):
    page = index["kommuner/amal/2019/"]
    assert page["meta"]["title"] == "Åmål 2019"
    assert page["content"].startswith("Åmål 2019")
    for site_text in ("Källkoden på GitHub", "Sök på webbplatsen", "Innehållsförteckning", "Kommunregister från SCB (CC0)",
                      "Innehåll på sidan", "¶"):
        assert not [a for a, f in index.items() if site_text in f["content"]], site_text


def test_an_evaluation_page_leaves_its_score_tables_and_sources_to_search_elsewhere(index, archive):
    """The evaluation page's sections marked unsearched (scores, areas, sources) are out, heading
    and text alike; the report's areas have the area texts."""
    page = index["kommuner/amal/2019/"]
    anchors = {a["id"] for a in page["anchors"]}
    assert not {"omraden", "delfragor", "omrade-1", "kallor"} & anchors
    assert "Poäng per delfråga" not in page["content"]
    amal = next(e for e in archive.evaluations if e.key == "amal-2019")
    assert amal.text.areas[1].strengths[0][:50] not in page["content"]
    assert amal.text.areas[1].strengths[0][:50] in index["kommuner/amal/2019/rapport/#omrade-1"]["content"]


def report_records(index, report: str) -> dict[str, dict]:
    return {a.removeprefix(report): f for a, f in index.items() if a.startswith(report)}


def test_search_reads_the_reports_own_text_three_areas_at_a_time(index, archive):
    """A report's text is found chapter by chapter, its areas three at a time (1–3, 4–6, 7–8):
    each a result that links to the first area's heading, with the other areas' headings and the
    sections inside (strengths, improvement areas, every other section, each named by its area)
    as links to their headings. A result fetches three areas' text, not the whole report's."""
    records = report_records(index, "kommuner/amal/2019/rapport/")
    assert "" not in records  # the page's opening: its title and the site's line about it, on other pages too
    assert records["#omrade-1"]["meta"]["title"] == "Åmål 2019: rapportens text – Områdena 1–3"
    assert records["#omrade-7"]["meta"]["title"] == "Åmål 2019: rapportens text – Områdena 7 och 8"
    assert {a for a in records if a.startswith("#omrade")} == {"#omrade-1", "#omrade-4", "#omrade-7"}
    for n in range(1, 9):
        record = records[f"#omrade-{(n - 1) // 3 * 3 + 1}"]
        headings = {a["id"]: a["text"] for a in record["anchors"]}
        assert headings[f"omrade-{n}-styrkor"] == f"Område {n}: Styrkor", n
        assert headings[f"omrade-{n}-forbattringsomraden"] == f"Område {n}: Förbättringsområden", n
        if n % 3 != 1:
            assert headings[f"omrade-{n}"].startswith(f"Område {n}: "), n
    amal = next(e for e in archive.evaluations if e.key == "amal-2019")
    for n in (4, 5):
        chapter = amal.text.areas[n]
        area = records["#omrade-4"]["content"]
        assert chapter.strengths[0][:50] in area and chapter.improvements[0][:50] in area
        other = next(s for s in chapter.sections if s.title != "Styrkor" and not s.title.startswith("Förbättring")
                     and any(b.kind == "p" for b in s.blocks))
        words = next(b for b in other.blocks if b.kind == "p").text[:50]
        assert f"Område {n}: {other.title}" in [a["text"] for a in records["#omrade-4"]["anchors"]]
        assert area.index(words) > area.index(other.title)
    text = " ".join(f["content"] for f in records.values())
    preamble = amal.text.preamble[0].blocks[0].text
    assert preamble[:50] not in text  # "Vad är Kommunkompassen?" is on every report: not indexed
    assert not [a for a in records if a.startswith("#rapport-vad-ar") or a == "#kallor"]
    assert max(f["bytes"] for f in records.values()) < 14_000
    assert sum(f["bytes"] for f in records.values()) > 15_000  # the whole report is there, in pieces


def test_a_record_of_areas_names_the_areas_the_report_has():
    """A report without area 2 gets a record of areas 1 and 3, titled so, not "1–3"."""
    from kommunkompassen.site.search_index import section_records

    page = ('<article data-kk-search-sections><h1 id="t">Ö 2019: rapportens text</h1>'
            '<h2 id="omrade-1">Område 1: Ett</h2><p>ett</p><h3 id="omrade-1-styrkor">Styrkor</h3><p>a</p>'
            '<h2 id="omrade-3">Område 3: Tre</h2><p>tre</p><h3 id="omrade-3-styrkor">Styrkor</h3><p>b</p></article>')
    records = section_records(page, "/kommuner/o/2019/rapport/")
    assert [(r.url, r.title) for r in records] == [
        ("/kommuner/o/2019/rapport/#omrade-1", "Ö 2019: rapportens text – Områdena 1 och 3")]
    assert [text for anchor, text in records[0].blocks if anchor] == [
        "Område 1: Styrkor", "Område 3: Tre", "Område 3: Styrkor"]


def test_a_municipalitys_page_opens_with_the_heaviest_words(built_site):
    """A search for a municipality's name lists its page first: the title and the lead under it
    weigh the most Pagefind allows; an evaluation's page has the theme's weights."""
    page = (built_site / "kommuner" / "amal" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h1 id="amal" data-pagefind-weight="10">Åmål', page)
    assert '<p class="kk-lead" data-pagefind-weight="10">Åmål (' in page
    evaluation = (built_site / "kommuner" / "amal" / "2019" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-weight" not in evaluation


def test_an_unsearched_heading_leaves_out_its_section_up_to_the_next_heading():
    html = ('<h1 id="t">T</h1>\n<p class="kk-lead">Lead</p>\n<h2 data-pagefind-ignore id="a">A</h2>\n<p>a</p>\n'
            '<div class="x"><h3>inside</h3><p>b</p></div>\n<h2 id="b">B</h2>\n<p>c</p>\n')
    assert search_marks(html) == (
        '<h1 id="t">T</h1>\n<p class="kk-lead">Lead</p>\n<h2 data-pagefind-ignore id="a">A</h2>\n'
        '<p data-pagefind-ignore>a</p>\n<div class="x" data-pagefind-ignore><h3>inside</h3><p>b</p></div>\n'
        '<h2 id="b">B</h2>\n<p>c</p>\n')
    assert search_marks(html, 10.0).startswith(
        '<h1 id="t" data-pagefind-weight="10">T</h1>\n<p class="kk-lead" data-pagefind-weight="10">Lead</p>')
    # A table keeps its class first, where the table regions look for it (wrap_tables).
    assert search_marks('<h2 data-pagefind-ignore>S</h2><table class="kk-table">') == \
        '<h2 data-pagefind-ignore>S</h2><table class="kk-table" data-pagefind-ignore>'
    assert search_marks("<h1>T</h1><p>plain</p>") == "<h1>T</h1><p>plain</p>"
    # Only top-level elements are marked, whatever the HTML holds: comments, void and
    # self-closing elements, a ">" inside a quoted attribute, upper-case tags.
    tricky = ('<h2 data-pagefind-ignore>S</h2><!-- <p>not a tag</p> --><img alt="a > b" src=x>'
              '<BR/><div title=\'<p>\'><p>in</p><hr></div><svg><path d="M0 0"/></svg>')
    assert search_marks(tricky) == (
        '<h2 data-pagefind-ignore>S</h2><!-- <p>not a tag</p> --><img alt="a > b" src=x data-pagefind-ignore>'
        '<BR data-pagefind-ignore/><div title=\'<p>\' data-pagefind-ignore><p>in</p><hr></div>'
        '<svg data-pagefind-ignore><path d="M0 0"/></svg>')


def test_the_site_loads_no_search_code_it_does_not_use(built_site):
    bundle = sorted(p.name for p in (built_site / "pagefind").iterdir() if p.is_file())
    assert "pagefind.js" in bundle and "pagefind-entry.json" in bundle
    assert not [name for name in bundle if "-ui." in name or "highlight" in name]
    assert not (built_site / "search").exists()  # Material's search plugin and its one-file index are gone
    assert not (built_site / "_sokavsnitt").exists()  # the report sections' record pages, for indexing only
