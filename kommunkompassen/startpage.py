"""The start page is hand-written (docs/index.md); markers in it are filled from data."""

from __future__ import annotations

from .pages import SiteIndex
from .ranking import stated
from .templating import relative_url, render

LATEST = 6
HIGHEST = 5

MARKERS = {
    "<!-- kk:senaste -->": "start_latest.md.j2",
    "<!-- kk:hogsta -->": "start_highest.md.j2",
    "<!-- kk:antal -->": "start_counts.md.j2",
}


def fill_start_page(markdown: str, index: SiteIndex) -> str:
    archive = index.archive
    latest = sorted(archive.evaluations, key=lambda e: (-e.year, e.municipality.name))[:LATEST]
    highest = []
    for fid, fw in sorted(archive.frameworks.items(), key=lambda t: t[1].period, reverse=True):
        ranked = sorted(index.total_ranks[fid].values(), key=lambda r: r.rank)[:HIGHEST]
        if ranked:
            highest.append(dict(fw=fw, ranked=ranked))
    context = dict(latest=latest, highest=highest, archive=archive, stated=stated,
                   municipality_count=len(archive.by_municipality()),
                   link=lambda url: relative_url("", url))
    for marker, template in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(template, **context))
    return markdown
