"""The site's search index: Pagefind run over a built site folder, without MkDocs.

Pagefind (https://pagefind.app; the ``pagefind_bin`` wheel's Rust binary, run once as a child
process) indexes the pages whose content is marked ``data-pagefind-body`` (``overrides/main.html``:
every themed page that is searched; the marks inside the content come from
``htmlpost.search_marks``). It writes ``pagefind/`` into the site: a small entry file, the search
code as WebAssembly, a meta file with an entry per record, the index split into chunks of words,
and one fragment per record: the text a result shows. A browser fetches the entry and the meta
file, then only the chunks its words fall in and the fragments of the results it shows (README,
"Performance").

A report's text page (``data-kk-search-sections`` instead of ``data-pagefind-body``) is long: as
one record, every result for it would fetch the whole report's text (15 to 25 KB compressed).
It is indexed chapter by chapter instead: one record per ``<h2>`` with an id (one of the report's
own chapters such as its summary, or three of its areas together, ``AREAS_PER_RECORD``), linking
to the heading; the sections inside (strengths, improvement areas, every other ``<h3>``; with
several areas, the other areas' headings too) are headings of the record, so a result lists the
sections that match, each a link to its heading. The page's opening (its title
and the site's line about the page) is no record: the evaluation's page has them, and every
record costs each first search its entry in the meta file. (One record per section made 88
records a report, and Pagefind needed 2.8 GB for 1,000 reports.) Sections marked
``data-pagefind-ignore`` (the version's shared introduction, the sources) are left out, as
elsewhere. Each record is written as a small HTML page for the one Pagefind run and removed after
it; its title and its address (the report page and the heading's anchor, meta ``kk_url``, which
the search box links to) are meta data, not indexed words. (Pagefind's Python API adds such
records one by one through its service, which reads one answer per tenth of a second: hours at
1,000 reports.)

Pagefind reads ``_sokavsnitt/`` (``write_stage``), not the whole site: a hard link to each page
marked ``data-pagefind-body`` and the report sections' records. It parses every HTML file under
the folder it is given and holds them all until the last, so the site's other pages (whole
reports, embeds, comparisons: three fifths of its HTML) cost it memory and time for nothing: at
1,000 reports its peak was 1.5 GB reading the site, 1.1 GB reading the folder, for the same files
out. What remains grows with the number of records and their distinct words (each record keeps
its own table of words, and Pagefind copies every record once more while it builds the index):
at 1,000 reports the records of report areas alone need 1.0 GB, half of them 0.55 GB, the same
text as one record a report 0.68 GB.

Pagefind's bundle is then made lighter for a first search
(``search_bundle.compact``: its files renamed in sequence, its meta file and WebAssembly
compressed harder), with the same results.

Words are stemmed in Swedish: every page is ``<html lang="sv">``, and the language is forced, so
a page without the attribute cannot start a second index. What the site does not load is left out
(Pagefind's ready-made interfaces and its highlighting script): the search box is the site's own
(``docs/javascripts/sok.js``). Two runs over the same pages write byte-identical files (records
are added in a sorted order; the entry file is written with sorted keys).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.site import search_bundle

LANGUAGE = "sv"
# Pagefind's ready-made interfaces and its highlighting script: the site uses none of them.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")
# Left out of every page's text besides what the pages mark data-pagefind-ignore: the "¶" link
# beside each heading (Python-Markdown's toc extension writes it; results would read "Åmål¶").
EXCLUDED = (".headerlink",)


@dataclass(frozen=True)
class SearchIndex:
    folder: Path  # site/pagefind/
    pages: int  # pages indexed whole
    sections: int  # records of pages indexed area by area (report chapters)
    seconds: float
    compacted: search_bundle.Compacted

    def summary(self) -> str:
        size = sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())
        return (f"Sökindex (Pagefind): {self.pages} sidor och {self.sections} rapportavsnitt, "
                f"{size / 1e6:.1f} MB, {self.seconds:.1f} s; {self.compacted.summary()}")

    def keep(self, folder: Path) -> Path:
        """A copy of the index in ``folder`` (replaced), for ``restore_index``."""
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(self.folder, folder)
        return folder


# The mark of a page indexed area by area (overrides/main.html).
SECTIONED = "data-kk-search-sections"
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_BLOCKS = frozenset("p li ul ol dl dt dd div table tr td th caption blockquote figure figcaption section h1 h2 h3 h4 h5 "
                    "h6 br".split())
_SKIPPED = frozenset("script style nav template".split())  # not the page's text (nav: lists of links)


@dataclass
class Record:
    url: str  # the report page and the chapter's heading
    title: str
    # The chapter's text: (None, text) for text, (anchor, heading) for a section heading inside
    # it, which Pagefind makes a sub-result that links to the section.
    blocks: list[tuple[Optional[str], str]]

    @property
    def content(self) -> str:
        return " ".join(text for _, text in self.blocks)


class _Sections(HTMLParser):
    """The records of a page marked ``SECTIONED``: its opening, and each ``<h2>`` with an id that
    is not marked ``data-pagefind-ignore`` (a chapter or an area of the report) with its text up
    to the next ``<h2>``; its ``<h3>`` headings with ids are sections inside the record."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.depth = 0  # inside the article: its depth; 0 outside
        self.skip = 0  # depth inside something whose text is left out
        self.heading: Optional[str] = None  # "h1".."h3" while reading a heading's own text
        self.heading_text: list[str] = []
        self.anchor = ""
        self.page_title = ""
        self.records: list[Record] = []
        self.text: list[str] = []  # the text since the last heading
        self.ignoring = False

    def _flush(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if text and self.records and not self.ignoring:
            self.records[-1].blocks.append((None, text))

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if not self.depth:
            if tag == "article" and SECTIONED in names:
                self.depth = 1
            return
        if tag in _VOID:
            if tag == "br":
                self.text.append(" ")
            return
        self.depth += 1
        if self.skip:
            self.skip += 1
            return
        classes = (names.get("class") or "").split()
        top_heading = tag in ("h1", "h2", "h3") and self.depth == 2
        if top_heading:
            self._flush()
        if tag in _SKIPPED or "data-pagefind-ignore" in names or "headerlink" in classes:
            self.skip = 1
            if top_heading and tag != "h3":  # an unsearched chapter starts
                self.ignoring = True
            return
        if top_heading:
            self.heading, self.heading_text, self.anchor = tag, [], names.get("id") or ""
        elif tag in _BLOCKS:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if not self.depth or tag in _VOID:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1
            return
        if not self.depth:
            self._flush()
            return
        if self.heading == tag and self.depth == 1:
            text = " ".join("".join(self.heading_text).split())
            self.heading = None
            if tag == "h1":
                self.page_title = text
                self.records.append(Record(self.url, text, [(None, text)]))
                self.ignoring = False
            elif tag == "h2" and self.anchor:
                self.records.append(Record(f"{self.url}#{self.anchor}", f"{self.page_title} – {text}", [(None, text)]))
                self.ignoring = False
            elif not self.ignoring and self.records:
                self.records[-1].blocks.append((self.anchor or None, text))
            return
        if tag in _BLOCKS:
            self.text.append(" ")

    def handle_data(self, data):
        if not self.depth or self.skip:
            return
        (self.heading_text if self.heading else self.text).append(data)


# A report's areas are indexed three at a time (1–3, 4–6, 7–8): one record an area made Pagefind
# peak at 1.15 GB for 1,000 reports, two 1.03 GB, three 0.92 GB (issue 24: under 1 GB); a first
# search fetches about as many bytes (the meta file lists fewer records, a result's text is longer).
AREAS_PER_RECORD = 3
_AREA = re.compile(r"omrade-(\d+)")


def section_records(html: str, url: str) -> list[Record]:
    """The records of a page marked ``SECTIONED`` (none for any other page)."""
    if SECTIONED not in html:
        return []
    parser = _Sections(url)
    parser.feed(html)
    parser.close()
    # The page's opening (its title and the site's line about the page) is no record: the
    # evaluation's and the municipality's pages carry the name and the year, and every record
    # costs each first search its line in Pagefind's list of records.
    return _areas_together([r for r in parser.records if len(r.blocks) > 1 and r.url != url])


def _areas_together(records: list[Record]) -> list[Record]:
    """Each ``AREAS_PER_RECORD`` areas in a row (1–3, 4–6, ...) as one record; other chapters stay
    alone. The record links to its first area's heading and is titled by the areas' numbers
    ("… – Områdena 1–3"); the other areas' headings and every section inside are its headings
    (results link to them), each section named by its area ("Område 2: Styrkor"), since every
    area has one of that name."""
    out: list[Record] = []
    group_of_last = None
    areas: list[str] = []  # the numbers of the areas in the last record
    for record in records:
        area = _AREA.fullmatch(record.url.rsplit("#", 1)[-1])
        group = (int(area.group(1)) - 1) // AREAS_PER_RECORD if area else None
        if group is None or group != group_of_last:
            out.append(record)
            areas = [area.group(1)] if area else []
            page_title = record.title[: len(record.title) - len(record.blocks[0][1]) - len(" – ")]
        else:
            first = out[-1]
            if len(areas) == 1:  # a second area: the first one's sections named by its area too
                first.blocks = _named_by_area(first)
            areas.append(area.group(1))
            heading = record.blocks[0][1]
            first.title = f"{page_title} – Områdena {_numbers(areas)}"
            first.blocks += [(record.url.rsplit("#", 1)[-1], heading), *_named_by_area(record)[1:]]
        group_of_last = group
    return out


def _numbers(areas: list[str]) -> str:
    """"1–3" for areas in a row, "1 och 3" where the report has no area between."""
    numbers = [int(a) for a in areas]
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 2 else f"{numbers[0]} och {numbers[1]}"
    return ", ".join(map(str, numbers[:-1])) + f" och {numbers[-1]}"


def _named_by_area(record: Record) -> list[tuple[Optional[str], str]]:
    label = record.blocks[0][1].split(":", 1)[0]
    return [record.blocks[0], *((anchor, f"{label}: {text}") if anchor else (anchor, text)
                                for anchor, text in record.blocks[1:])]


def _url(site: Path, page: Path) -> str:
    path = "/" + page.relative_to(site).as_posix()
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def executable() -> Path:
    from pagefind_bin import get_executable

    return get_executable()


# The folder Pagefind reads instead of the whole site (written for the indexing run, removed
# after it): a hard link to (or a copy of) each page it indexes, at the page's own path, and the
# report sections' record pages under ``STUBS``. Pagefind parses every HTML file under the folder
# it is given and keeps them all until it has read the last; the site's other pages (embeds,
# comparisons, whole reports: three fifths of its HTML) cost it memory and time for nothing.
STAGE = "_sokavsnitt"
STUBS = "_sokavsnitt"  # inside STAGE: the addresses records had before the stage (/_sokavsnitt/...)
BODY = "data-pagefind-body"
TIMEOUT_S = 3600


def _stub(record: Record) -> str:
    title, url = html.escape(record.title), html.escape(record.url)
    body = "".join(f'<h2 id="{html.escape(anchor)}">{html.escape(text, quote=False)}</h2>' if anchor
                   else f"<p>{html.escape(text, quote=False)}</p>" for anchor, text in record.blocks)
    return ('<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>' + title + '</title></head><body>'
            '<main data-pagefind-body><p data-pagefind-ignore><span data-pagefind-meta="title">' + title + '</span>'
            '<span data-pagefind-meta="kk_url">' + url + '</span></p>' + body + '</main></body></html>\n')


def _link(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def write_stage(site: Path) -> tuple[Path, int]:
    """The folder Pagefind reads (``site/STAGE``, replaced): every page marked ``BODY``, and each
    report section's record as a page of its own. A site with neither (Zensical's output: its
    templates carry no marks) is staged whole, and Pagefind reads every page as it would the
    site. Returns the folder and the number of records of sections."""
    stage = site / STAGE
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    sections = 0
    sectioned = set(site.glob(routes.SECTION_SEARCHED))
    pages = [p for p in sorted(site.rglob("*.html")) if stage not in p.parents]
    marked = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if page in sectioned and SECTIONED in text:
            folder = stage / STUBS / page.parent.relative_to(site)
            for n, record in enumerate(section_records(text, _url(site, page))):
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{n:03d}.html").write_text(_stub(record), encoding="utf-8")
                sections += 1
        elif BODY in text:
            marked.append(page)
    for page in marked if marked or sections else pages:
        (stage / page.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
        _link(page, stage / page.relative_to(site))
    return stage, sections


def _pagefind(folder: Path, out: Path) -> int:
    """One Pagefind run over ``folder`` into ``out``: the number of records it indexed."""
    done = subprocess.run([str(executable()), "--site", str(folder), "--output-path", str(out),
                           "--force-language", LANGUAGE, *(a for e in EXCLUDED for a in ("--exclude-selectors", e))],
                          capture_output=True, text=True, timeout=TIMEOUT_S, env={**os.environ, "NO_COLOR": "1"})
    if done.returncode != 0:
        raise RuntimeError(f"Sökindexet (Pagefind) kunde inte skrivas:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    indexed = re.search(r"Indexed (\d+) pages", done.stdout)
    return int(indexed.group(1)) if indexed else 0


def run_pagefind(site: Path, out: Path) -> tuple[int, int]:
    """Pagefind's own bundle of the built site in ``site``, written to ``out`` (replaced), before
    ``search_bundle.compact``. Returns the number of pages indexed whole and of report sections.
    Raises RuntimeError with Pagefind's own words when it fails."""
    if out.exists():
        shutil.rmtree(out)
    stage, sections = write_stage(site)
    try:
        records = _pagefind(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    pages = records - sections
    if pages <= 0:
        raise RuntimeError("Sökindexet (Pagefind) blev tomt: ingen sida har data-pagefind-body "
                           "(overrides/main.html)")
    return pages, sections


def index_site(site: Path) -> SearchIndex:
    """Index the built site in ``site`` into ``site/pagefind/`` (replaced): Pagefind's bundle,
    made lighter for a first search (``search_bundle.compact``: the same results, fewer bytes).
    Raises RuntimeError with Pagefind's own words when it fails."""
    site = Path(site).resolve()
    out = site / routes.SEARCH_BUNDLE
    t0 = time.perf_counter()
    pages, sections = run_pagefind(site, out)
    compacted = search_bundle.compact(out)  # writes the entry file with sorted keys
    return SearchIndex(out, pages, sections, time.perf_counter() - t0, compacted)


def restore_index(kept: Path, site: Path) -> None:
    """Put a kept index (``SearchIndex.keep``) back into ``site`` if the folder has none
    (``mkdocs serve`` empties the site folder before each rebuild). Hard links where the file
    system allows: thousands of fragment files in a fraction of a second."""
    out = Path(site) / routes.SEARCH_BUNDLE
    if out.exists():
        return

    shutil.copytree(kept, out, copy_function=_link)
