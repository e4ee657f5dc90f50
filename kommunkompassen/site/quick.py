"""A `mkdocs serve` rebuild in two passes: the edited evaluations' own pages first, the rest after.

A maintainer who corrects one number wants to see it on the evaluation's page. At a thousand
evaluations the whole site index, all four thousand pages' inputs and the map cost seconds,
although an edit changes about a hundred pages. So when the only change since the last
build is the content of some evaluations' files (the same evaluations, municipalities,
frameworks and reference data), the rebuild first renders the pages that show those evaluations'
own numbers and text (the evaluation, its report text, its municipality) and draws their
charts; every other page and chart keeps its file from the last build. The
second pass (``SiteBuild.complete``) then goes over everything as a full rebuild does:
the map, every chart, every page whose inputs changed (``incremental.py``), the data files.

Anything else (a new or removed evaluation, an edited framework or reference list, a page or
chart that came or went with the edit, the first build) is rebuilt whole at once: then pages
and links may change anywhere.

`mkdocs serve` renders every page in each build: the second pass runs beside it in a thread and
MkDocs waits for each page, so the build shows the whole site. `mkdocs serve --dirty` renders
only pages whose files changed: the build shows the first pass at once, the second pass runs
after it, and another build shows what it changed (``adapters/mkdocs.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.charts.cards import CardSpec
from kommunkompassen.domain.archive import Archive, Evaluation


def edited_evaluations(archive: Archive, previous: Optional[Archive]) -> Optional[list[Evaluation]]:
    """The evaluations whose files changed since ``previous`` (the last build's archive), when
    nothing else changed; None when the rebuild must be whole.

    The loader reuses an object exactly while its files are unchanged (``LoadCache``), and the
    previous archive is still alive, so a new object is an edited file."""
    if previous is None or not isinstance(previous, Archive):
        return None
    if (archive.frameworks is not previous.frameworks or archive.municipalities is not previous.municipalities
            or archive.crosswalks is not previous.crosswalks or archive.undated != previous.undated
            or archive.facts != previous.facts):
        return None
    if [ev.key for ev in archive.evaluations] != [ev.key for ev in previous.evaluations]:
        return None
    before = {id(ev) for ev in previous.evaluations}
    return [ev for ev in archive.evaluations if id(ev) not in before]


@dataclass(frozen=True)
class FirstPass:
    """What the first pass makes: each edited evaluation's page and report text and its
    municipality's page (their Markdown sources and addresses), and the charts on those pages.
    Not its improvement plan: its role models read a sorted list of every evaluation per weak
    sub-question (a third of a second at a thousand evaluations). Not the share cards, which
    only a link's preview shows. The second pass makes both."""

    sources: frozenset[str]
    urls: frozenset[str]

    @classmethod
    def of(cls, edited: list[Evaluation]) -> "FirstPass":
        pages = []
        for ev in edited:
            slug = ev.municipality.slug
            pages += [routes.evaluation_route(slug, ev.year), routes.report_route(slug, ev.year),
                      routes.municipality_route(slug)]
        return cls(frozenset(r.source for r in pages), frozenset(r.url for r in pages))

    def draws(self, spec) -> bool:
        """Whether a chart is shown on a page of the first pass (drawn at once)."""
        return not isinstance(spec, CardSpec) and spec.page in self.urls
