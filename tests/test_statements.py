"""The accessibility statement in the form DIGG asks for (compliance status, known shortcomings,
date of assessment, a contact that needs no GitHub account, the route to DIGG), and a privacy
statement whose claims the site keeps: no cookies, no tracking, nothing fetched from another host."""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urlsplit

import yaml
from projectcopy import ROOT

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
STATUS = re.compile(r"Den här webbplatsen är (helt|delvis|inte) förenlig med lagen "
                    r"\(2018:1937\) om tillgänglighet till digital offentlig service")


def article(site, page: str) -> str:
    text = (site / page / "index.html").read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def section(content: str, anchor: str) -> str:
    start = content.index(f'id="{anchor}"')
    end = content.find("<h2", start)
    return content[start:end if end > 0 else None]


def words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_the_accessibility_statement_has_digg_s_parts(built_site):
    page = article(built_site, "tillganglighet")
    status = STATUS.search(words(page))
    assert status, "the compliance status in DIGG's wording"
    shortcomings = re.findall(r"<li>", section(page, "brister"))
    if status.group(1) != "helt":  # partly or not compliant: the shortcomings are listed
        assert len(shortcomings) >= 3
    day, month, year = re.search(r"Bedömningen gjordes den (\d{1,2}) (\w+) (\d{4})\.", words(page)).groups()
    assessed = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
    assert datetime.date(2026, 12, 1) <= assessed <= datetime.date.today()
    assert "självskattning" in words(section(page, "bedomning"))
    supervision = section(page, "tillsyn")
    assert "Myndigheten för digital förvaltning (DIGG)" in words(supervision)
    assert 'href="https://www.digg.se/tdosanmalan"' in supervision


def test_the_statement_offers_a_contact_without_a_github_account_or_says_there_is_none_yet(built_site):
    contact = section(article(built_site, "tillganglighet"), "kontakt")
    source = (ROOT / "docs" / "tillganglighet.md").read_text(encoding="utf-8")
    if "mailto:" in contact:
        assert "ingen e-postadress" not in words(contact)
    else:  # until the maintainers fill it in: the page says so, and the placeholder is there to find
        assert "Utan GitHub-konto: projektet har ännu ingen e-postadress" in words(contact)
        assert "<!-- KONTAKT-EPOST:" in source
    assert 'href="https://github.com/kommunkompassen/kommunkompassen/issues"' in contact


def test_every_page_links_the_accessibility_and_privacy_statements(built_site):
    for page in [built_site / "index.html", built_site / "kommuner" / "amal" / "2019" / "index.html"]:
        footer = page.read_text(encoding="utf-8").split('class="md-copyright"', 1)[1]
        assert re.search(r'href="[./]*tillganglighet/"', footer) and re.search(r'href="[./]*om-webbplatsen/#integritet"', footer)
    privacy = words(section(article(built_site, "om-webbplatsen"), "integritet"))
    assert "inga kakor (cookies)" in privacy and "ingen annan spårning" in privacy


# Elements that make the browser fetch something as the page loads (links a reader follows do not).
FETCHING = re.compile(r"<(script|img|iframe|source|link|embed|object|video|audio)\b([^>]*)>", re.I)
URL_ATTRIBUTE = re.compile(r'\b(src|href|srcset|data|poster)="([^"]*)"', re.I)
NOT_FETCHED = {"canonical", "prev", "next", "alternate", "search", "edit"}


def fetched_urls(page: str) -> list[str]:
    urls = []
    for tag, attributes in FETCHING.findall(page):
        rel = re.search(r'\brel="([^"]*)"', attributes)
        if tag.lower() == "link" and rel and set(rel.group(1).split()) <= NOT_FETCHED:
            continue
        for name, value in URL_ATTRIBUTE.findall(attributes):
            urls += [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
    return urls


def test_the_fetch_check_sees_a_script_from_another_host():
    page = ('<link rel="canonical" href="https://x.example/"><script src="https://stats.example/t.js"></script>'
            '<img srcset="a.png 1x, https://cdn.example/b.png 2x"><a href="https://github.com/">x</a>')
    assert [u for u in fetched_urls(page) if urlsplit(u).netloc] == ["https://stats.example/t.js",
                                                                      "https://cdn.example/b.png"]


def test_no_page_loads_anything_from_another_host_and_nothing_sets_cookies_or_tracks(built_site):
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    own = urlsplit(site_url).netloc
    foreign = {}
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        hosts = {urlsplit(u).netloc for u in fetched_urls(path.read_text(encoding="utf-8"))} - {"", own}
        if hosts:
            foreign[path.relative_to(built_site).as_posix()] = sorted(hosts)
    assert foreign == {}
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "analytics" not in (config.get("extra") or {}) and "consent" not in (config.get("extra") or {})
    assert config["theme"]["font"] is False  # no fonts from Google
    ours = [*(ROOT / "overrides").rglob("*.html"), *(ROOT / "docs" / "javascripts").glob("*.js"),
            *(ROOT / "kommunkompassen" / "site" / "templates").glob("*.j2")]
    assert len(ours) > 10
    for path in ours:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"document\.cookie|localStorage|sessionStorage|navigator\.sendBeacon", text), path
