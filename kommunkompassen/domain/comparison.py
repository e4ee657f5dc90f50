"""What an evaluation's area scores are compared with: a rule of the domain, decided once.

The report's (or source's) own average, when it gives one per area; otherwise nothing. The
site's own average per area (``claims.MIN_POOL`` or more evaluations of the version whose
source states it) is on the version's page, not on each evaluation's: it moves with every
evaluation of the version, and an evaluation's page shows what its own files say, so that an
edit to one evaluation changes few pages. ``Rankings.area_comparisons`` decides it once per
evaluation for every page, chart and data file; ``site/wording.py`` says it in Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.model import Comparison


@dataclass(frozen=True)
class AreaComparison:
    """The report's or source's own comparison (with at least one area value)."""

    source: Comparison

    @property
    def site_average(self) -> bool:
        """Never: the site's average is on the version's page (see the top of this module)."""
        return False

    def value(self, number: int) -> Optional[float]:
        """The known value for area ``number``, or None."""
        rec = self.source.areas.get(str(number))
        return rec.value if rec is not None and rec.known else None


@dataclass(frozen=True)
class ComparisonDecision:
    """The comparison the area table uses (or None) and the source's other comparisons."""

    chosen: Optional[AreaComparison]
    others: tuple[Comparison, ...]


def decide_comparison(ev: Evaluation) -> ComparisonDecision:
    """The report's own average if it prints one per area, else none."""
    printed = [c for c in ev.data.comparisons if any(v.known for v in c.areas.values())]
    others = tuple(c for c in ev.data.comparisons if c not in printed)
    if not printed:
        return ComparisonDecision(None, others)
    return ComparisonDecision(AreaComparison(printed[0]), others + tuple(printed[1:]))
