"""Everything the build adds to the site, as a mapping from path to content."""

from __future__ import annotations

from . import opendata, pages
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


def generated_data(archive: Archive, site_url: str = "") -> dict[str, str]:
    """Open-data files: path -> text."""
    out = {
        "data/utvarderingar.csv": opendata.evaluations_csv(archive),
        "data/poang.csv": opendata.scores_csv(archive),
        "data/utvarderingar.json": opendata.all_json(archive, site_url),
    }
    for ev in archive.evaluations:
        out[pages.evaluation_json_url(ev)] = opendata.evaluation_json(ev, site_url)
    return out


__all__ = ["generated_pages", "generated_data", "transliterate"]
