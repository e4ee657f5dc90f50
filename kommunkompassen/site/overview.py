"""Pages about the whole archive: the map of Sweden (/karta/) and the statistics (/statistik/)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from markupsafe import Markup

from kommunkompassen import routes
from kommunkompassen.charts.swedenmap import (BINS, EVALUATED_NO_TOTAL, NOT_EVALUATED, MapEntry, fill_of, map_legend,
                                              sweden_map)
from kommunkompassen.domain.archive import Archive
from kommunkompassen.domain.sources import source_title
from kommunkompassen.site import statistics as st
from kommunkompassen.site.index import SiteIndex
from kommunkompassen.site.pages import framework_url, municipality_url
from kommunkompassen.site.templating import relative_url, render

MAP_TITLE = "Karta över Sveriges kommuner efter senaste totalpoäng i Kommunkompassen"


def map_entries(archive: Archive) -> list[MapEntry]:
    latest = st.latest_stated_totals(archive)
    groups = archive.by_municipality()
    undated = {u.municipality.code for u in archive.undated}
    order = {fw.id: i for i, fw in enumerate(sorted(archive.frameworks.values(), key=lambda f: f.period))}
    entries = []
    for mu in sorted(archive.municipalities, key=lambda m: m.code):
        last = latest.get(mu.code)
        count = len(groups.get(mu.code, []))
        entries.append(MapEntry(
            code=mu.code, url=relative_url(routes.MAP_PAGE, municipality_url(mu.slug)),
            label=st.latest_label(mu.name, last, count, int(mu.code in undated)),
            total=last.value if last else None, framework=last.evaluation.framework.id if last else None,
            evaluated=bool(count) or mu.code in undated,
            version=last.evaluation.framework.drawing.label if last else None,
            marker=last.evaluation.framework.drawing.marker if last else None,
            version_order=order[last.evaluation.framework.id] if last else 0))
    return entries


def map_description(entries: list[MapEntry], municipality_count: int) -> str:
    counts: dict[str, int] = {}
    for e in entries:
        label = fill_of(e)[0]
        counts[label] = counts.get(label, 0) + 1
    order = [label for _, _, label, _ in BINS] + [EVALUATED_NO_TOTAL[0], NOT_EVALUATED[0]]
    parts = [f"{label}: {counts[label]} {'kommun' if counts[label] == 1 else 'kommuner'}"
             for label in order if counts.get(label)]
    return (f"Sveriges {municipality_count} kommuner färgade efter senaste totalpoäng enligt källan, i klasser; "
            "en symbol visar versionen av Kommunkompassen. Varje kommun är en länk till kommunens sida. "
            + "; ".join(parts) + ". Samma siffror finns i tabellen under kartan.")


def draw_sweden_map(archive: Archive, root: Path, cache_dir: Optional[Path]) -> str:
    entries = map_entries(archive)
    geojson = routes.project_path(root, routes.MUNICIPALITY_SHAPES).read_text(encoding="utf-8")
    most = max(fw.max_total for fw in archive.frameworks.values())
    return sweden_map(geojson, entries, MAP_TITLE, map_description(entries, len(archive.municipalities)),
                      cache_dir, most)


def map_page(index: SiteIndex) -> str:
    svg = index.sweden_map
    archive = index.archive
    latest = st.latest_stated_totals(archive)
    groups = archive.by_municipality()
    undated: dict[str, int] = {}
    for u in archive.undated:
        undated[u.municipality.code] = undated.get(u.municipality.code, 0) + 1
    entries = {e.code: e for e in map_entries(index.archive)}
    rows = []
    for mu in archive.municipalities:
        if mu.code not in groups and mu.code not in undated:
            continue
        last = latest.get(mu.code)
        rows.append(dict(m=mu, url=municipality_url(mu.slug), count=len(groups.get(mu.code, [])),
                         undated=undated.get(mu.code, 0), latest=last,
                         uncertain=bool(last and st.version_uncertain(last.evaluation)),
                         fill=fill_of(entries[mu.code])[0]))
    most = max(fw.max_total for fw in archive.frameworks.values())
    return render("karta.md.j2", svg=Markup(svg) if svg else None, rows=rows, total=len(archive.municipalities),
                  with_total=len(latest), bins=BINS, legend=map_legend(list(entries.values())), most=most,
                  link=lambda url: relative_url(routes.MAP_PAGE, url))


def statistics_page(index: SiteIndex) -> str:
    archive = index.archive
    distribution, versions = st.distribution(archive, index.rankings.by_framework)
    return render(
        "statistik.md.j2",
        count=len(archive.evaluations), undated=len(archive.undated),
        municipalities=len(st.evaluated_codes(archive)), total_municipalities=len(archive.municipalities),
        with_total=len(st.with_stated_total(archive.evaluations)),
        years=st.per_year(archive), versions=st.per_version(archive, index.rankings.by_framework),
        completeness=st.per_completeness(archive), distribution=distribution,
        distribution_versions=versions,
        version_label={fid: fw.drawing.label for fid, fw in archive.frameworks.items()}.get,
        facts=[dict(label=f.label, value=f.value, sources=[(u, source_title(u)) for u in f.sources])
               for f in archive.facts], framework_url=framework_url, uncertain=st.version_uncertain,
        all_totals=index.charts.get(("all-totals",)),
        link=lambda url: relative_url(routes.STATISTICS_PAGE, url))
