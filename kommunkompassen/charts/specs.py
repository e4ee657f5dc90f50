"""Which charts the site shows, computed from the archive (no drawing here).

Scales, symbols and colours come from the framework files (``max_total``, each area's
``max``, ``drawing``); chart file names from ``routes``.
"""

from __future__ import annotations

from dataclasses import replace

from kommunkompassen import routes
from kommunkompassen.charts.drawing import (
    ChartSpec,
    Series,
    all_totals_spec,
    areas_spec,
    distribution_spec,
    timeline_spec,
)
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.ranking import MIN_POOL, Rankings

# Histogram bins: this many per scale (50 points of 800, 10 of 100).
TOTAL_BINS = 16
AREA_BINS = 10


def series(framework: Framework) -> Series:
    return Series(framework.drawing.label, framework.drawing.marker, framework.drawing.colour)


def shows_distribution(values: list[float], maximum: int, bins: int) -> bool:
    """A distribution is drawn among as many values as a rank needs, and never as one bar."""
    width = _bin_width(maximum, bins)
    last = -(-maximum // width) - 1
    return len(values) >= MIN_POOL and len({min(int(v // width), last) for v in values}) >= 2


def chart_specs(rankings: Rankings) -> dict[tuple, ChartSpec]:
    archive = rankings.archive
    specs: dict[tuple, ChartSpec] = {}
    for ev in archive.evaluations:
        scores = [ev.area_score(a.number) for a in ev.framework.areas]
        if not any(s is not None and s.known for s in scores):
            continue
        comparison = rankings.area_comparisons[ev.key].chosen
        if comparison is not None and comparison.site_average:
            # The site's average moves whenever any evaluation of the version changes; drawn
            # into every chart it would redraw hundreds of charts per edit. The table under
            # the chart shows it, with the difference per area.
            comparison = None
        comp_values = None
        if comparison:
            comp_values = [comparison.value(a.number) for a in ev.framework.areas]
        specs[("areas", ev.key)] = areas_spec(
            routes.evaluation_areas_chart(ev.key), ev.title,
            [f"{a.number}. {a.label}" for a in ev.framework.areas],
            [s.value if s is not None and s.known else None for s in scores],
            comparison.source.label if comparison else None, comp_values, max(a.max for a in ev.framework.areas),
            f"version {ev.framework.drawing.label}")
    for code, evs in archive.by_municipality().items():
        mu = archive.municipalities.by_code[code]
        points = [(ev.year, ev.data.total.value if ev.data.total and ev.data.total.known else None,
                   series(ev.framework), ev.data.total.status if ev.data.total else "unknown") for ev in evs]
        if sum(p[1] is not None for p in points) >= 2:  # a line needs two points; one is a sentence
            specs[("municipality", mu.slug)] = timeline_spec(routes.municipality_totals_chart(mu.slug), mu.name,
                                                             points, max(ev.framework.max_total for ev in evs))
    for fid, fw in archive.frameworks.items():
        totals = [r.value for r in rankings.total_ranks[fid].values()]
        if shows_distribution(totals, fw.max_total, TOTAL_BINS):
            specs[("totals", fid)] = distribution_spec(routes.framework_totals_chart(fid), fw.name,
                                                       totals, fw.max_total, _bin_width(fw.max_total, TOTAL_BINS),
                                                       "totalpoäng", f"version {fw.drawing.label}")
        for area in fw.areas:
            values = [r.value for r in rankings.area_rankings[(fid, area.number)]]
            if shows_distribution(values, area.max, AREA_BINS):
                specs[("area", fid, area.number)] = distribution_spec(
                    routes.area_distribution_chart(fid, area.number), f"område {area.number} i {fw.name}",
                    values, area.max, _bin_width(area.max, AREA_BINS), "poäng", f"version {fw.drawing.label}")
    points = sorted(((ev.year, ev.data.total.value, series(ev.framework), ev.data.total.status, ev.title)
                     for ev in archive.evaluations if ev.data.total is not None and ev.data.total.known),
                    key=lambda p: (p[0], p[4]))
    if len(points) > 1:  # no chart for one point
        specs[("all-totals",)] = all_totals_spec(routes.ALL_TOTALS_CHART, points,
                                                 max(fw.max_total for fw in archive.frameworks.values()))
    evaluation_pages = {ev.key: ev.url for ev in archive.evaluations}
    return {key: replace(spec, page=chart_page(key, evaluation_pages)) for key, spec in specs.items()}


def chart_page(key: tuple, evaluation_pages: dict[str, str]) -> str:
    """The address of the page that shows the chart ``key`` (its embed page lies below it)."""
    kind = key[0]
    if kind == "areas":
        return evaluation_pages[key[1]]
    if kind == "municipality":
        return routes.municipality_url(key[1])
    if kind == "totals":
        return routes.framework_url(key[1])
    if kind == "area":
        return routes.area_url(key[1], key[2])
    return routes.STATISTICS_PAGE


def _bin_width(maximum: int, bins: int) -> int:
    return max(1, -(-maximum // bins))
