"""What an evaluation's scores are compared with: the report's own average, or the site's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.language import count_word
from kommunkompassen.domain.ranking import Rankings
from kommunkompassen.domain.recorded import Recorded


@dataclass(frozen=True)
class ComparisonView:
    label: str
    short: str
    description: Optional[str]
    total: Optional[Recorded]
    areas: dict[int, Optional[Recorded]]
    site_average: bool = False  # computed from the other evaluations on the site, not from the source


def comparison_for(rankings: Rankings, ev: Evaluation) -> tuple[Optional[ComparisonView], list]:
    """The report's own average if it prints one per area, else the site's average."""
    numbers = [a.number for a in ev.framework.areas]
    printed = [c for c in ev.data.comparisons if any(v.known for v in c.areas.values())]
    others = [c for c in ev.data.comparisons if c not in printed]
    if printed:
        c = printed[0]
        short = "rapportens genomsnitt" if ev.md_file else "källans genomsnitt"
        return ComparisonView(c.label, short, c.description, c.total,
                              {n: c.areas.get(str(n)) for n in numbers}), others + printed[1:]
    averages, count = rankings.area_averages[ev.framework.id].without(ev)
    if not averages:  # fewer than claims.MIN_POOL evaluations to average
        return None, others
    note = (f"Medelvärde av {count} andra utvärderingar med {ev.framework.name} på webbplatsen "
            f"vars källa anger versionen och som har poäng för alla {count_word(len(ev.framework.areas))} områden; "
            "rapportens eget genomsnitt finns inte här.")
    areas = {n: Recorded(value=round(v, 1), status="derived", note=note) for n, v in averages.items()}
    total = Recorded(value=round(sum(averages.values()), 1), status="derived", note=note)
    label = f"Genomsnitt av {count} utvärderingar på webbplatsen"
    return ComparisonView(label, "webbplatsens genomsnitt", note, total, areas, site_average=True), others


