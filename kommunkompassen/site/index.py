"""The site index: everything a page needs besides its own evaluation, built once per build.

``build_index`` computes the rankings, the chart specs and (optionally) the map; the
resulting ``SiteIndex`` is frozen, so no page can change what another page sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


def build_index(archive: Archive, draw_map: Optional[Callable[[Rankings], str]] = None) -> SiteIndex:
    """The index of ``archive``; ``draw_map`` (rankings -> inline SVG) draws the map."""
    rankings = Rankings(archive)
    charts = MappingProxyType(chart_specs(rankings))
    known = counts(archive)
    cards = MappingProxyType(card_specs(archive, known.known, known.municipalities))
    comparisons = MappingProxyType(default_comparisons(archive))
    return SiteIndex(archive, rankings, charts, draw_map(rankings) if draw_map else None, comparisons, cards)
