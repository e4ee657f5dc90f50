"""The evaluation page's first lines: how the municipality did and why, in words a citizen reads.

Built only from what the data states: the stated total and the version, the report's own
comparison (its label and number), the strongest and weakest stated areas, and the report's
summary paragraphs in its own words. Nothing is estimated; what is not known is not said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.language import decimal_text, fold, ordinal_number
from kommunkompassen.domain.ranking import Ranked, stated

SUMMARY_TITLES = ("sammanfattande kommentarer", "sammanfattning")
SUMMARY_PARAGRAPHS = 2


@dataclass(frozen=True)
class Verdict:
    lead: str  # one or two sentences, plain text
    summary: list[str]  # the report's own summary paragraphs (may be empty)
    summary_title: Optional[str]


def _points(value: float) -> str:
    return f"{decimal_text(value)} poäng"


def verdict(ev: Evaluation, total_rank: Optional[Ranked]) -> Verdict:
    fw, data = ev.framework, ev.data
    name = ev.municipality.name
    parts = []
    total = stated(data.total)
    if total is not None:
        parts.append(f"{name} fick {decimal_text(total)} av {fw.max_total} poäng i {fw.name} ({ev.year}).")
    elif data.total is not None and data.total.known:
        parts.append(f"{name} fick {decimal_text(data.total.value)} av {fw.max_total} poäng i {fw.name} "
                     f"({ev.year}), ett värde som inte står i källan utan är {'härlett' if data.total.status == 'derived' else 'osäkert'}.")
    else:
        parts.append(f"{name} utvärderades {ev.year} med {fw.name}; totalpoängen finns inte på webbplatsen.")
    for comparison in data.comparisons:
        if comparison.total is not None and stated(comparison.total) is not None:
            source = "Rapporten" if ev.md_file else "Källan"
            parts.append(f"{source} jämför med {comparison.label[:1].lower()}{comparison.label[1:]}: "
                         f"{_points(comparison.total.value)}.")
            break
    areas = [(a.number, a.label, stated(ev.area_score(a.number))) for a in fw.areas]
    known = [(n, label, v) for n, label, v in areas if v is not None]
    if len(known) >= 2:
        best = max(known, key=lambda t: (t[2], -t[0]))
        worst = min(known, key=lambda t: (t[2], t[0]))
        if best[2] != worst[2]:
            parts.append(f"Starkast är område {best[0]}, {best[1]} ({_points(best[2])}), svagast område "
                         f"{worst[0]}, {worst[1]} ({_points(worst[2])}).")
    if total_rank is not None and total_rank.shown:
        parts.append(f"Placering: {rank_text(total_rank, fw.name)}.")
    return Verdict(" ".join(parts), *_summary(ev))


def rank_text(r: Ranked, framework_name: str) -> str:
    """A rank with its pool: "6:e av 6 utvärderingar med Kommunkompassen 2016 som har en totalpoäng
    enligt källan, varav 4 med osäker version" (shared places say so)."""
    text = f"{ordinal_number(r.rank)}{' (delad)' if r.tied else ''} av {r.of} utvärderingar med {framework_name} " \
           "som har en totalpoäng enligt källan"
    if r.uncertain_versions:
        text += f", varav {r.uncertain_versions} med osäker version"
    return text


def _summary(ev: Evaluation) -> tuple[list[str], Optional[str]]:
    for chapter in ev.text.preamble:
        for section in chapter.sections:
            if fold(section.title).strip() in SUMMARY_TITLES:
                paragraphs = [b.text for b in section.blocks if b.kind == "p" and b.text.strip()]
                return paragraphs[:SUMMARY_PARAGRAPHS], section.title
    return [], None
