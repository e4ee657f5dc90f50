"""What an evaluation's area scores are compared with: a rule of the domain, decided once.

The report's (or source's) own average, when it gives one per area; otherwise the site's
average of the other evaluations of the same version (``claims.MIN_POOL`` or more, each with
its version stated and every area stated); otherwise nothing. ``Rankings.area_comparisons``
decides it once per evaluation for every page, chart and data file; ``site/wording.py`` says it
in Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.model import Comparison

if TYPE_CHECKING:
    from kommunkompassen.domain.ranking import AreaAverages


@dataclass(frozen=True)
class AreaComparison:
    """The values an evaluation is compared with, and where they come from.

    ``source`` is the report's or source's own comparison (with at least one area value); when
    it is None the values are the site's average of ``pool`` other evaluations, rounded to one
    decimal, derived. ``areas`` maps every area number of the version to its value (or None).
    """

    source: Optional[Comparison]
    total: Optional[float]
    areas: dict[int, Optional[float]]
    pool: int = 0

    @property
    def site_average(self) -> bool:
        return self.source is None

    def value(self, number: int) -> Optional[float]:
        """The known value for area ``number``, or None."""
        if self.source is None:
            return self.areas.get(number)
        rec = self.source.areas.get(str(number))
        return rec.value if rec is not None and rec.known else None


@dataclass(frozen=True)
class ComparisonDecision:
    """The comparison the area table uses (or None) and the source's other comparisons."""

    chosen: Optional[AreaComparison]
    others: tuple[Comparison, ...]


def decide_comparison(ev: Evaluation, averages: "AreaAverages") -> ComparisonDecision:
    """The report's own average if it prints one per area, else the site's average, else none."""
    printed = [c for c in ev.data.comparisons if any(v.known for v in c.areas.values())]
    others = tuple(c for c in ev.data.comparisons if c not in printed)
    if printed:
        c = printed[0]
        return ComparisonDecision(AreaComparison(c, None, {}, 0), others + tuple(printed[1:]))
    values, count = averages.without(ev)
    if not values:  # fewer than claims.MIN_POOL evaluations to average
        return ComparisonDecision(None, others)
    areas = {n: round(v, 1) for n, v in values.items()}
    return ComparisonDecision(AreaComparison(None, round(sum(values.values()), 1), areas, count), others)
