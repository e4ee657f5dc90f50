"""The way off Material for MkDocs: the site built with Zensical (``./dev build-zensical``,
``scripts/build_zensical.py``) from the plain tree ``./dev generate`` writes has the same pages,
data files and charts as the MkDocs build, and the same main text on a page of every kind.

What still differs is listed in README.md ("Migrating off Material for MkDocs"); the
differences a page shows are checked here too, so that the list is told when one goes away.
"""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projectcopy import ROOT

spec = importlib.util.spec_from_file_location("build_zensical", ROOT / "scripts" / "build_zensical.py")
build_zensical = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_zensical)

# What only one build writes, besides each theme's own assets/ and the site's search index
# (pagefind/, written after both builds by the same step; its files are named by their content,
# and the pages' HTML differs): MkDocs' gzipped copy of the sitemap, and Zensical's own search
# index, which nothing loads (the header's box is the site's, from overrides/).
ONLY_MKDOCS = {"sitemap.xml.gz"}
ONLY_ZENSICAL = {"search.json"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _MainText(HTMLParser):
    """The text of the page's <article class="md-content__inner">, without the table of contents
    the MkDocs hook puts at the top of generated pages (a known difference)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.skipped = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
            if self.skipped or (tag == "nav" and "kk-inline-toc" in classes):
                self.skipped += 1
        elif tag == "article" and "md-content__inner" in classes:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            self.skipped = max(self.skipped - 1, 0)

    def handle_data(self, data):
        if self.depth and not self.skipped:
            self.parts.append(data)


def main_text(page: Path) -> str:
    parser = _MainText()
    parser.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def files(site: Path) -> set[str]:
    paths = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {p for p in paths if not p.startswith(("assets/", "pagefind/"))}


@pytest.fixture(scope="module")
def zensical_site(built_site, tmp_path_factory) -> Path:
    """The real site built with Zensical (after the MkDocs build, whose chart cache it reuses)."""
    folder = tmp_path_factory.mktemp("zensical")
    build_zensical.build(ROOT, folder / "site", folder / "staging")
    return folder / "site"


def sample(site: Path) -> list[str]:
    """A page of every kind: each hand-written page, each list, the two full reports' pages."""
    first = lambda pattern: sorted(p.relative_to(site).as_posix() for p in site.glob(pattern))[0]  # noqa: E731
    return [
        "index.html", "404.html", "om-kommunkompassen/index.html", "om-webbplatsen/index.html",
        "tillganglighet/index.html", "data/index.html", "utvarderingar/index.html", "kommuner/index.html",
        "karta/index.html", "statistik/index.html", "jamfor/index.html", "goda-exempel/index.html",
        "omraden/index.html", "utvarderingar/saknade-rapporter/index.html",
        "kommuner/amal/index.html", "kommuner/amal/2019/index.html", "kommuner/amal/2019/rapport/index.html",
        "kommuner/amal/2019/forbattringsplan/index.html", "kommuner/bengtsfors/2015/index.html",
        first("omraden/2016/*/index.html"), first("goda-exempel/2010/*/index.html"), first("jamfor/*--*/index.html"),
    ]


def test_zensical_builds_the_same_pages_data_files_and_charts(built_site, zensical_site):
    mkdocs, zensical = files(built_site), files(zensical_site)
    assert mkdocs - zensical == ONLY_MKDOCS
    assert zensical - mkdocs == ONLY_ZENSICAL
    assert len([f for f in zensical if f.endswith(".html")]) > 500
    for site in (built_site, zensical_site):  # the header's search box has its index in both
        assert (site / "pagefind" / "pagefind.js").is_file()
        assert len(list((site / "pagefind" / "fragment").iterdir())) > 500


def test_a_page_of_every_kind_has_the_same_main_text(built_site, zensical_site):
    pages = sample(built_site)
    assert len(set(pages)) == len(pages) == 22
    for page in pages:
        text = main_text(built_site / page)
        assert len(text) > 100, page  # the article was found
        assert main_text(zensical_site / page) == text, page


def test_the_differences_the_readme_lists_are_still_there(built_site, zensical_site):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    migration = readme[readme.index("## Migrating off Material for MkDocs"):]
    migration = migration[:migration.index("\n## ", 3)].lower()
    page = "kommuner/amal/2019/index.html"
    mkdocs, zensical = ((site / page).read_text(encoding="utf-8") for site in (built_site, zensical_site))
    differences = {
        # The hook's finishing touches on generated pages' HTML (site/htmlpost.py).
        "inline table of contents": ('class="kk-inline-toc"' in mkdocs, 'class="kk-inline-toc"' in zensical),
        "table regions": ('class="kk-table-wrap"' in mkdocs, 'class="kk-table-wrap"' in zensical),
        # What the hook puts in a page's meta: the share card, the edit link to the data file,
        # the description from the page's first paragraph.
        "share card": ('property="og:image"' in mkdocs, 'property="og:image"' in zensical),
        "edit link": ("edit/main/data/evaluations/amal-2019.yaml" in mkdocs,
                      "edit/main/data/evaluations/amal-2019.yaml" in zensical),
        "description": ('<meta name="description" content="Åmål fick' in mkdocs,
                        '<meta name="description" content="Åmål fick' in zensical),
    }
    assert {name: seen for name, seen in differences.items() if seen != (True, False)} == {}, \
        "Zensical's build has this now: update README.md's migration section and this test"
    for name in differences:  # each a row of the README's table, its name in bold
        assert f"| **{name}" in migration, name
