"""No broken internal link or anchor in the built site: every href and src, relative links and #fragments.

Read from the output of ``mkdocs build``, without a browser. Links to the site's own address
(``site_url``, as in the canonical links and the sitemap) count as internal; the "Redigera"
links must open a file that exists in the repository.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from htmlscan import parse, scheme
from sitebuild import ROOT

SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
REPO_URL = re.search(r"^repo_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
EDIT_PREFIX = REPO_URL.rstrip("/") + "/edit/main/"
LOCAL = "http://site.invalid/"  # where a page's relative links are resolved against


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.documents: dict = {}
        self.targets: dict[str, str | None] = {}

    def document(self, rel: str):
        if rel not in self.documents:
            self.documents[rel] = parse((self.root / rel).read_text(encoding="utf-8"))
        return self.documents[rel]

    def page_url(self, rel: str) -> str:
        """The address a file is served at: 'kommuner/amal/index.html' -> '<LOCAL>kommuner/amal/'."""
        return LOCAL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def target(self, url: str) -> str | None:
        """The file an absolute local URL serves, or None."""
        path = unquote(urlsplit(url).path).lstrip("/")
        if path not in self.targets:
            normal = posixpath.normpath(path or ".")
            candidate = self.root / normal
            if path == "" or path.endswith("/") or candidate.is_dir():
                candidate = candidate / "index.html"
            inside = normal != ".." and not normal.startswith("../")
            self.targets[path] = candidate.relative_to(self.root).as_posix() if inside and candidate.is_file() else None
        return self.targets[path]


def localise(url: str, base: str) -> str | None:
    """An absolute local URL for a link on the page at ``base``, or None for another site."""
    if url.startswith(SITE_URL):
        return LOCAL + url[len(SITE_URL):]
    if url.startswith(urlsplit(SITE_URL).path) and not url.startswith("//"):
        return LOCAL + url[len(urlsplit(SITE_URL).path):]  # absolute paths on 404.html
    joined = urljoin(base, url)
    return joined if joined.startswith(LOCAL) else None


def broken_links(site: Site, repository: Path = ROOT) -> list[str]:
    """Every broken link of the site; "Redigera" links must open a file of ``repository``."""
    broken = []
    for path in sorted(site.root.rglob("*.html")):
        rel = path.relative_to(site.root).as_posix()
        base = site.page_url(rel)
        for attr, url, line in site.document(rel).links():
            where = f"{rel}:{line} {attr}={url!r}"
            if scheme(url) in ("mailto", "tel"):
                continue
            if url.startswith(EDIT_PREFIX):
                if not (repository / unquote(url[len(EDIT_PREFIX):])).is_file():
                    broken.append(f"{where}: no such file in the repository")
                continue
            local = localise(url, base)
            if local is None:
                continue
            target = site.target(local)
            if target is None:
                broken.append(f"{where}: no such page or file")
                continue
            fragment = unquote(urlsplit(local).fragment)
            if fragment and target.endswith(".html") and fragment not in site.document(target).ids:
                broken.append(f"{where}: no element with id '{fragment}' in {target}")
    return broken


@pytest.fixture(scope="module")
def site(built_site) -> Site:
    return Site(built_site)


def test_no_internal_link_or_anchor_is_broken(site):
    broken = broken_links(site)
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_the_link_check_sees_a_broken_link_and_a_broken_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">b</a><a href="#top">top</a><a href="#nowhere">x</a>'
        '<img src="../bild.svg"><a href="https://example.org/">ext</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="a/#top">a</a><a href="a/#saknas">a</a>', encoding="utf-8")
    assert broken_links(Site(tmp_path)) == [
        "a/index.html:1 href='../b/': no such page or file",
        "a/index.html:1 href='#nowhere': no element with id 'nowhere' in a/index.html",
        "a/index.html:1 src='../bild.svg': no such page or file",
        "index.html:1 href='a/#saknas': no element with id 'saknas' in a/index.html",
    ]


def test_every_page_in_the_sitemap_exists(site):
    locations = re.findall(r"<loc>([^<]+)</loc>", (site.root / "sitemap.xml").read_text(encoding="utf-8"))
    assert locations and all(loc.startswith(SITE_URL) for loc in locations)
    missing = [loc for loc in locations if site.target(localise(loc, LOCAL)) is None]
    assert missing == []


def test_every_chart_has_a_text_alternative_with_its_numbers(site):
    charts = []
    for path in sorted(site.root.rglob("*.html")):
        doc = site.document(path.relative_to(site.root).as_posix())
        charts += [(path, e.attrs) for e in doc.elements if e.tag == "img" and "grafik/" in e.attrs.get("src", "")]
    assert charts, "no charts found"
    short = [f"{p.relative_to(site.root)}: {a['src']}" for p, a in charts if len(a.get("alt", "").strip()) < 40]
    assert short == [], "charts without a text alternative that gives the numbers"
