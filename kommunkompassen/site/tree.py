"""Everything the build adds to the site, as a mapping from path to content."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Callable, Iterator, Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Archive
from kommunkompassen.domain.municipalities import transliterate
from kommunkompassen.domain import tabular
from kommunkompassen.site import compare_pages, opendata, overview, pages, workbook
from kommunkompassen.site.incremental import Keyed


def generated_pages(index: pages.SiteIndex) -> dict[str, str]:
    """Markdown source path -> Markdown text for every generated page."""
    return dict(iter_pages(index))


def iter_pages(index: pages.SiteIndex) -> Iterator[tuple[str, str]]:
    """The generated pages one at a time, in the order of ``generated_pages``."""
    for route, job in page_jobs(index):
        yield route.source, job()


def page_jobs(index: pages.SiteIndex) -> list[tuple[routes.Route, Callable[[], str]]]:
    """Every generated page as (route, function that renders it), not yet rendered: the pages
    of evaluations, municipalities, comparisons and versions, then the lists.

    The build renders them one at a time (writing each out before the next, so a thousand
    pages are never all in memory at once) and can share them between processes. The pages of
    one evaluation, a sub-question and a ready-made comparison are ``Keyed``: in ``mkdocs
    serve`` their inputs alone decide whether they are rendered again.
    """
    archive = index.archive

    def with_card(route: routes.Route, card: str) -> routes.Route:
        spec = index.cards.get(card)
        return replace(route, card=card, card_alt=spec.alt) if spec is not None else route

    lists = [
        (routes.EVALUATIONS_PAGE, partial(pages.evaluations_page, index)),
        (routes.MUNICIPALITIES_PAGE, partial(pages.municipalities_page, index)),
        (routes.WITHOUT_EVALUATION_PAGE, partial(pages.without_evaluation_page, index)),
        (routes.MISSING_REPORTS_PAGE, partial(pages.missing_reports_page, index)),
        (routes.FRAMEWORKS_PAGE, partial(pages.frameworks_page, index)),
        (routes.EXAMPLES_PAGE, partial(pages.examples_page, index)),
        (routes.MAP_PAGE, partial(overview.map_page, index)),
        (routes.STATISTICS_PAGE, partial(overview.statistics_page, index)),
        (routes.COMPARE_PAGE, partial(compare_pages.compare_index_page, archive, index.comparisons)),
    ]
    jobs: list[tuple[routes.Route, Callable[[], str]]] = []
    for ev in archive.evaluations:
        slug, card = ev.municipality.slug, routes.evaluation_card(ev.key)
        jobs.append((with_card(routes.evaluation_route(slug, ev.year), card),
                     Keyed(partial(pages.evaluation_inputs, index, ev), pages.evaluation_from)))
        if pages.report_url(ev):
            jobs.append((with_card(routes.report_route(slug, ev.year), card), Keyed.of(ev, pages.report_page)))
        if pages.has_plan(ev):
            jobs.append((with_card(routes.plan_route(slug, ev.year), card),
                         Keyed(partial(pages.plan_inputs, index, ev), pages.plan_from)))
    for mu in archive.municipalities:
        jobs.append((with_card(routes.municipality_route(mu.slug), routes.municipality_card(mu.slug)),
                     partial(pages.municipality_page, index, mu)))
    for plain, rows in archive.municipalities.ambiguous_slugs().items():
        jobs.append((routes.municipality_route(plain), partial(pages.ambiguous_page, plain.capitalize(), rows)))
    for code in sorted(index.comparisons):
        for comparison in index.comparisons[code]:
            jobs.append((routes.compare_route(comparison.keys),
                         Keyed(partial(compare_pages.compare_inputs, archive, comparison), compare_pages.compare_from)))
    for fw in archive.frameworks.values():
        jobs.append((routes.framework_route(fw.id), partial(pages.framework_page, index, fw)))
        for area in fw.areas:
            jobs.append((routes.area_route(fw.id, area.number), partial(pages.area_page, index, fw, area)))
            for q in area.questions:
                jobs.append((routes.question_route(fw.id, q.id),
                             Keyed(partial(pages.question_inputs, index, fw, area, q), pages.question_from)))
    # The lists of the whole archive last: each takes longest to make and changes with any edit.
    # MkDocs reads the pages in this order, and in `mkdocs serve` waits for each one that an
    # edit's second pass (site/quick.py) has not made yet; the others before them it only checks.
    return jobs + [(routes.list_route(url), job) for url, job in lists]


def generated_data(archive: Archive, site_url: str = "", memo: Optional[dict] = None,
                   data_date: str = "") -> dict[str, str | bytes]:
    """Open-data files: path -> text (the workbook: bytes).

    ``memo`` (kept by ``mkdocs serve``) holds each evaluation's JSON from the last build;
    an evaluation object is reused only while its files are unchanged. ``data_date`` (the
    newest change to the data, ``YYYY-MM-DD``) dates the workbook.
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
    rows = {routes.EVALUATIONS_CSV: opendata.evaluation_rows(archive), routes.SCORES_CSV: opendata.score_rows(archive),
            routes.VALUES_CSV: opendata.all_value_rows(archive)}
    out: dict[str, str | bytes] = {
        routes.EVALUATIONS_CSV: tabular.csv_text(opendata.evaluation_columns(archive), rows[routes.EVALUATIONS_CSV]),
        routes.SCORES_CSV: tabular.csv_text(opendata.SCORE_COLUMNS, rows[routes.SCORES_CSV]),
        routes.VALUES_CSV: tabular.csv_text(opendata.VALUE_COLUMNS, rows[routes.VALUES_CSV]),
        routes.ALL_JSON: opendata.all_json(archive, site_url, list(documents.values())),
    }
    out.update(documents)
    out[routes.WORKBOOK] = workbook.workbook(opendata.workbook_sheets(archive, rows, data_date, site_url))
    out[routes.DATAPACKAGE] = opendata.datapackage(archive, out, site_url)
    out[routes.DCAT] = opendata.dcat_description(archive, site_url, data_date)
    return out


def opendata_paths(archive: Archive) -> list[str]:
    """The paths ``generated_data`` writes, in its order, without making the files: a build that
    makes them later (``output.PagesBehind``) announces them first. The writer checks that the two agree."""
    return [routes.EVALUATIONS_CSV, routes.SCORES_CSV, routes.VALUES_CSV, routes.ALL_JSON,
            *(pages.evaluation_json_url(ev) for ev in archive.evaluations),
            routes.WORKBOOK, routes.DATAPACKAGE, routes.DCAT]


__all__ = ["generated_pages", "generated_data", "opendata_paths", "transliterate"]
