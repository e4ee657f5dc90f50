"""Everything the build adds to the site, as a mapping from path to content."""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator, Optional

from . import opendata, overview, pages
from .archive import Archive
from .municipalities import transliterate


def generated_pages(index: pages.SiteIndex) -> dict[str, str]:
    """Markdown source path -> Markdown text for every generated page."""
    return dict(iter_pages(index))


def iter_pages(index: pages.SiteIndex) -> Iterator[tuple[str, str]]:
    """The generated pages one at a time, in the order of ``generated_pages``."""
    for path, job in page_jobs(index):
        yield path, job()


def page_jobs(index: pages.SiteIndex) -> list[tuple[str, Callable[[], str]]]:
    """Every generated page as (path, function that renders it), not yet rendered.

    The build renders them one at a time (writing each out before the next, so a thousand
    pages are never all in memory at once) and can share them between processes.
    """
    archive = index.archive
    jobs: list[tuple[str, Callable[[], str]]] = [
        ("utvarderingar/index.md", partial(pages.evaluations_page, index)),
        ("kommuner/index.md", partial(pages.municipalities_page, index)),
        ("kommuner/utan-utvardering.md", partial(pages.without_evaluation_page, index)),
        ("omraden/index.md", partial(pages.frameworks_page, index)),
        ("goda-exempel/index.md", partial(pages.examples_page, index)),
        ("karta/index.md", lambda: overview.map_page(index, index.sweden_map)),
        ("statistik/index.md", partial(overview.statistics_page, index)),
    ]
    for ev in archive.evaluations:
        jobs.append((f"kommuner/{ev.municipality.slug}/{ev.year}.md", partial(pages.evaluation_page, index, ev)))
        if pages.report_url(ev):
            jobs.append((f"kommuner/{ev.municipality.slug}/{ev.year}/rapport.md", partial(pages.report_page, ev)))
    for mu in archive.municipalities:
        jobs.append((f"kommuner/{mu.slug}/index.md", partial(pages.municipality_page, index, mu)))
    for plain, rows in archive.municipalities.ambiguous_slugs().items():
        jobs.append((f"kommuner/{plain}/index.md", partial(pages.ambiguous_page, plain.capitalize(), rows)))
    for fw in archive.frameworks.values():
        jobs.append((f"omraden/{fw.id}/index.md", partial(pages.framework_page, index, fw)))
        for area in fw.areas:
            jobs.append((f"omraden/{fw.id}/{area.number}.md", partial(pages.area_page, index, fw, area)))
            for q in area.questions:
                jobs.append((f"goda-exempel/{fw.id}/{pages.question_slug(q.id)}.md",
                             partial(pages.question_page, index, fw, area, q)))
    return jobs


def generated_data(archive: Archive, site_url: str = "", memo: Optional[dict] = None) -> dict[str, str]:
    """Open-data files: path -> text.

    ``memo`` (kept by ``mkdocs serve``) holds each evaluation's JSON from the last build;
    an evaluation object is reused only while its files are unchanged.
    """
    fresh = {}
    for ev in archive.evaluations:
        hit = memo.get(id(ev)) if memo is not None else None
        text = hit[2] if hit is not None and hit[0] is ev and hit[1] == site_url else \
            opendata.evaluation_json(ev, site_url)
        fresh[id(ev)] = (ev, site_url, text)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    documents = {pages.evaluation_json_url(ev): text for ev, _, text in fresh.values()}
    out = {
        "data/utvarderingar.csv": opendata.evaluations_csv(archive),
        "data/poang.csv": opendata.scores_csv(archive),
        "data/utvarderingar.json": opendata.all_json(archive, site_url, list(documents.values())),
    }
    out.update(documents)
    out[opendata.DATAPACKAGE] = opendata.datapackage(archive, out, site_url)
    return out


__all__ = ["generated_pages", "generated_data", "transliterate"]
