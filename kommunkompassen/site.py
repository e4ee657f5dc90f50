"""Everything the build adds to the site, as a mapping from path to content."""

from __future__ import annotations

from typing import Optional

from . import opendata, overview, pages
from .archive import Archive
from .municipalities import transliterate


def generated_pages(index: pages.SiteIndex) -> dict[str, str]:
    """Markdown source path -> Markdown text for every generated page."""
    archive = index.archive
    out: dict[str, str] = {
        "utvarderingar/index.md": pages.evaluations_page(index),
        "kommuner/index.md": pages.municipalities_page(index),
        "kommuner/utan-utvardering.md": pages.without_evaluation_page(index),
        "omraden/index.md": pages.frameworks_page(index),
        "goda-exempel/index.md": pages.examples_page(index),
        "karta/index.md": overview.map_page(index, index.sweden_map),
        "statistik/index.md": overview.statistics_page(index),
    }
    for ev in archive.evaluations:
        out[f"kommuner/{ev.municipality.slug}/{ev.year}.md"] = pages.evaluation_page(index, ev)
    for mu in archive.municipalities:
        out[f"kommuner/{mu.slug}/index.md"] = pages.municipality_page(index, mu)
    for plain, rows in archive.municipalities.ambiguous_slugs().items():
        out[f"kommuner/{plain}/index.md"] = pages.ambiguous_page(plain.capitalize(), rows)
    for fw in archive.frameworks.values():
        out[f"omraden/{fw.id}/index.md"] = pages.framework_page(index, fw)
        for area in fw.areas:
            out[f"omraden/{fw.id}/{area.number}.md"] = pages.area_page(index, fw, area)
            for q in area.questions:
                out[f"goda-exempel/{fw.id}/{pages.question_slug(q.id)}.md"] = pages.question_page(index, fw, area, q)
    return out


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
