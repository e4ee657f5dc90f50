"""The start page is hand-written (docs/index.md); markers in it are filled from data."""

from __future__ import annotations

import re

from kommunkompassen.domain.language import collation_key
from kommunkompassen.domain.ranking import stated
from kommunkompassen.loading.problems import DataError, Problem
from kommunkompassen.site.index import SiteIndex
from kommunkompassen.site.statistics import counts
from kommunkompassen.site.templating import relative_url, render

LATEST = 6
HIGHEST = 5

MARKERS = {
    "<!-- kk:senaste -->": "start_latest.md.j2",
    "<!-- kk:hogsta -->": "start_highest.md.j2",
    "<!-- kk:antal -->": "start_counts.md.j2",
}


MARKER = re.compile(r"<!--\s*kk:[^>]*?-->")


def unknown_markers(markdown: str, file: str) -> list[Problem]:
    """A ``<!-- kk:… -->`` marker the site does not know, with its line: a typo would
    otherwise leave the start page silently without its list."""
    problems = []
    for m in MARKER.finditer(markdown):
        if m.group(0) not in MARKERS:
            line = markdown.count("\n", 0, m.start()) + 1
            known = ", ".join(MARKERS)
            problems.append(Problem(file, f"rad {line}",
                                    f"okänd markör {m.group(0)!r}; kända markörer: {known}"))
    return problems


def fill_start_page(markdown: str, index: SiteIndex, file: str = "docs/index.md") -> str:
    problems = unknown_markers(markdown, file)
    if problems:
        raise DataError(problems)
    archive = index.archive
    latest = sorted(archive.evaluations, key=lambda e: (-e.year, collation_key(e.municipality.name)))[:LATEST]
    highest = []
    for fid, fw in sorted(archive.frameworks.items(), key=lambda t: t[1].period, reverse=True):
        ranked = sorted(index.rankings.total_ranks[fid].values(), key=lambda r: r.rank)[:HIGHEST]
        if ranked and ranked[0].shown:  # no "highest" among fewer than MIN_POOL
            highest.append(dict(fw=fw, ranked=ranked))
    context = dict(latest=latest, highest=highest, archive=archive, stated=stated,
                   counts=counts(archive),
                   link=lambda url: relative_url("", url))
    for marker, template in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(template, **context))
    return markdown
