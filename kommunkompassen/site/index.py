"""The site index: everything a page needs besides its own evaluation, built once per build.

``build_index`` computes the rankings, the chart specs and (optionally) the map; the
resulting ``SiteIndex`` is frozen, so no page can change what another page sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Callable, Mapping, Optional

from kommunkompassen.charts.card_specs import card_specs
from kommunkompassen.charts.cards import CardSpec
from kommunkompassen.charts.drawing import ChartSpec
from kommunkompassen.charts.specs import chart_specs
from kommunkompassen.domain.archive import Archive
from kommunkompassen.domain.pairs import default_comparisons
from kommunkompassen.domain.ranking import Rankings
from kommunkompassen.site.statistics import counts


@dataclass(frozen=True)
class SiteIndex:
    archive: Archive
    rankings: Rankings
    charts: Mapping[tuple, ChartSpec]
    sweden_map: Optional[str] = None  # the map's inline SVG, drawn by the build
    comparisons: Mapping[str, list] = field(default_factory=lambda: MappingProxyType({}))  # ready-made, by municipality
    cards: Mapping[str, CardSpec] = field(default_factory=lambda: MappingProxyType({}))  # share cards by their path under the site


def build_index(archive: Archive, draw_map: Optional[Callable[[Rankings], str]] = None,
                site_url: str = "") -> SiteIndex:
    """The index of ``archive``; ``draw_map`` (rankings -> inline SVG) draws the map. With
    ``site_url``, every chart and share card carries the published address (the page's for a
    chart, the site's for a card)."""
    rankings = Rankings(archive)
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    charts = MappingProxyType({key: replace(spec, address=base + spec.page) if base else spec
                               for key, spec in chart_specs(rankings).items()})
    known = counts(archive)
    host = base.split("://", 1)[-1].rstrip("/")
    cards = MappingProxyType({name: replace(card, address=host) if host else card
                              for name, card in card_specs(archive, known.known, known.municipalities).items()})
    comparisons = MappingProxyType(default_comparisons(archive))
    return SiteIndex(archive, rankings, charts, draw_map(rankings) if draw_map else None, comparisons, cards)
