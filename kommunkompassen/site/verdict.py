"""The evaluation page's opening: how the municipality did and why, in words a citizen reads.

Built only from what ``domain/claims.py`` allows: the total and the version (said as "troligen"
when the version is inferred), the source's own comparison with the difference in words, a
placing only in the source's own words, the strongest and weakest areas only when the data
carries them, the report's first strengths and improvement areas, and its summary paragraphs.
The site never ranks an evaluation among the published totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.claims import (AreaExtremes, area_extremes, source_comparison, stated_value,
                                           version_certain)
from kommunkompassen.domain.language import decimal_text, fold
from kommunkompassen.site import wording

SUMMARY_TITLES = ("sammanfattande kommentarer", "sammanfattning")
SUMMARY_PARAGRAPHS = 2


@dataclass(frozen=True)
class Highlight:
    """One strength or improvement area the opening quotes, with the area it belongs to."""

    area: int
    area_name: str
    text: str


@dataclass(frozen=True)
class Verdict:
    lead: str  # a few sentences, plain text
    summary: list[str]  # the report's own summary paragraphs (may be empty)
    summary_title: Optional[str]
    placings: tuple[str, ...] = ()  # the source's own words on a placing, quoted
    strengths: tuple[Highlight, ...] = ()
    improvements: tuple[Highlight, ...] = ()
    highlights_basis: str = ""  # how the highlights were chosen, in a phrase


def _points(value: float) -> str:
    return f"{decimal_text(value)} poäng"


def verdict(ev: Evaluation, in_short: dict[int, dict] | None = None) -> Verdict:
    fw, data = ev.framework, ev.data
    name = ev.municipality.name
    parts = []
    total = stated_value(data.total)
    certain = version_certain(ev)
    where = f"i {fw.name} ({ev.year})" if certain else f"({ev.year}), troligen i {fw.name}; källan anger inte versionen"
    if total is not None:
        parts.append(f"{name} fick {decimal_text(total)} av {fw.max_total} poäng {where}.")
    elif data.total is not None and data.total.known:
        parts.append(f"{name} fick {decimal_text(data.total.value)} av {fw.max_total} poäng {where}. Totalpoängen "
                     f"står inte i källan utan är {'härledd' if data.total.status == 'derived' else 'osäker'}.")
    else:
        when = f"{ev.year} med {fw.name}" if certain else \
            f"{ev.year}, troligen med {fw.name}; källan anger inte versionen"
        parts.append(f"{name} utvärderades {when}. Totalpoängen finns inte på webbplatsen.")
    found = source_comparison(ev)
    placings = tuple(c.quote for c in data.comparisons if c.quote)
    if found is not None and found.value is not None:
        parts.append(wording.comparison_sentence(ev, found))
    extremes = area_extremes(ev)
    if extremes is not None:
        parts.append(_extremes_sentence(extremes))
    elif fw.areas and any(stated_value(ev.area_score(a.number)) is not None for a in fw.areas):
        known = sum(1 for a in fw.areas if stated_value(ev.area_score(a.number)) is not None)
        parts.append(f"Källan ger poäng för {known} av {wording.counted(len(fw.areas), 'område', 'områden')}.")
    strengths, improvements, basis = _highlights(ev, extremes, in_short or {})
    return Verdict(" ".join(parts), *_summary(ev), placings=placings, strengths=strengths,
                   improvements=improvements, highlights_basis=basis)


def _areas_phrase(areas: tuple[tuple[int, str], ...]) -> str:
    if len(areas) == 1:
        n, label = areas[0]
        return f"område {n}, {label}"
    numbers = [str(n) for n, _ in areas]
    return f"områdena {', '.join(numbers[:-1])} och {numbers[-1]}"


def _extremes_sentence(x: AreaExtremes) -> str:
    high, low = _areas_phrase(x.highest), _areas_phrase(x.lowest)
    high_points = _points(x.highest_value) + (" var" if len(x.highest) > 1 else "")
    low_points = _points(x.lowest_value) + (" var" if len(x.lowest) > 1 else "")
    if x.complete:
        return f"Starkast: {high} ({high_points}). Svagast: {low} ({low_points})."
    return (f"Källan ger poäng för {x.known} av {x.of} områden. Högst av dem: {high} ({high_points}). "
            f"Lägst av dem: {low} ({low_points}).")


HIGHLIGHTS = 3


def _highlights(ev: Evaluation, extremes: Optional[AreaExtremes], in_short: dict[int, dict]
                ) -> tuple[tuple[Highlight, ...], tuple[Highlight, ...], str]:
    """The first strength of the best-scored areas and the first improvement of the weakest, when
    every area is scored; otherwise the first of each in the report's order of areas."""
    if not in_short:
        return (), (), ""
    areas = {a.number: a.label for a in ev.framework.areas}
    scored = {n: stated_value(ev.area_score(n)) for n in areas}
    if extremes is not None and extremes.complete:
        by_high = sorted(areas, key=lambda n: (-scored[n], n))
        by_low = sorted(areas, key=lambda n: (scored[n], n))
        basis = ("Den första punkten i rapportens lista för de tre områden som fått högst poäng (styrkor) "
                 "och de tre som fått lägst (förbättringsområden).")
    else:
        by_high = by_low = sorted(areas)
        basis = "Den första punkten i rapportens lista, för de första områdena i rapportens ordning."

    def pick(order, key):
        out = []
        for n in order:
            items = in_short.get(n, {}).get(key) or ()
            if items:
                out.append(Highlight(n, areas[n], items[0]))
            if len(out) == HIGHLIGHTS:
                break
        return tuple(out)

    return pick(by_high, "strengths"), pick(by_low, "improvements"), basis


def _summary(ev: Evaluation) -> tuple[list[str], Optional[str]]:
    for chapter in ev.text.preamble:
        for section in chapter.sections:
            if fold(section.title).strip() in SUMMARY_TITLES:
                paragraphs = [b.text for b in section.blocks if b.kind == "p" and b.text.strip()]
                return paragraphs[:SUMMARY_PARAGRAPHS], section.title
    return [], None
