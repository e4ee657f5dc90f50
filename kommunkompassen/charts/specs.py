"""Which charts the site shows, computed from the archive (no drawing here)."""

from __future__ import annotations

from kommunkompassen.charts.drawing import ChartSpec, areas_spec, distribution_spec, timeline_spec
from kommunkompassen.domain.ranking import Rankings
from kommunkompassen.site.comparison import comparison_for


def chart_specs(rankings: Rankings) -> dict[tuple, ChartSpec]:
    archive = rankings.archive
    specs: dict[tuple, ChartSpec] = {}
    for ev in archive.evaluations:
        scores = [ev.area_score(a.number) for a in ev.framework.areas]
        if not any(s is not None and s.known for s in scores):
            continue
        comparison, _ = comparison_for(rankings, ev)
        if comparison is not None and comparison.site_average:
            # The site's average moves whenever any evaluation of the version changes; drawn
            # into every chart it would redraw hundreds of charts per edit. The table under
            # the chart shows it, with the difference per area.
            comparison = None
        comp_values = None
        if comparison:
            comp_values = [comparison.areas.get(a.number).value if comparison.areas.get(a.number) else None
                           for a in ev.framework.areas]
        specs[("areas", ev.key)] = areas_spec(
            f"grafik/kommuner/{ev.key}-omraden.svg", ev.title,
            [f"{a.number}. {a.label}" for a in ev.framework.areas],
            [s.value if s is not None and s.known else None for s in scores],
            comparison.label if comparison else None, comp_values)
    for code, evs in archive.by_municipality().items():
        mu = archive.municipalities.by_code[code]
        points = [(ev.year, ev.data.total.value if ev.data.total and ev.data.total.known else None, ev.framework.id,
                   ev.data.total.status if ev.data.total else "unknown") for ev in evs]
        if any(p[1] is not None for p in points):
            specs[("municipality", mu.slug)] = timeline_spec(f"grafik/kommuner/{mu.slug}-totalpoang.svg",
                                                             mu.name, points)
    for fid, fw in archive.frameworks.items():
        totals = [r.value for r in rankings.total_ranks[fid].values()]
        if totals:
            specs[("totals", fid)] = distribution_spec(f"grafik/omraden/{fid}-totalpoang.svg", fw.name,
                                                       totals, 800, 50, "totalpoäng")
        for area in fw.areas:
            values = [r.value for r in rankings.area_rankings[(fid, area.number)]]
            if values:
                specs[("area", fid, area.number)] = distribution_spec(
                    f"grafik/omraden/{fid}-{area.number}.svg", f"område {area.number} i {fw.name}",
                    values, 100, 10, "poäng")
    return specs
