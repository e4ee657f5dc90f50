"""The start page is hand-written (docs/index.md); markers in it are filled from data."""

from __future__ import annotations

import re

from kommunkompassen.domain.language import collation_key
from kommunkompassen.domain.ranking import stated
from kommunkompassen.routes import framework_url
from kommunkompassen.loading.problems import DataError, Problem
from kommunkompassen.site.index import SiteIndex
from kommunkompassen.site.statistics import counts
from kommunkompassen.site.templating import relative_url, render

LATEST = 6

MARKERS = {
    "<!-- kk:senaste -->": "start_latest.md.j2",
    "<!-- kk:versioner -->": "start_versions.md.j2",
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
    # No "highest" list: the published totals are a self-selected few (domain/claims.py).
    versions = []
    for fid, fw in sorted(archive.frameworks.items(), key=lambda t: t[1].period, reverse=True):
        evaluations = index.rankings.by_framework[fid]
        totals = [ev for ev in evaluations if stated(ev.data.total) is not None]
        versions.append(dict(fw=fw, url=framework_url(fid), count=len(evaluations), totals=len(totals),
                             uncertain=sum(1 for ev in totals if ev.data.framework.status != "stated")))
    context = dict(latest=latest, versions=versions, archive=archive, stated=stated,
                   counts=counts(archive),
                   link=lambda url: relative_url("", url))
    for marker, template in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(template, **context))
    return markdown
