"""Every comparative statement the site makes, decided in one place.

The record is sparse and self-selected: most evaluations have a total and nothing else, a few
have some areas, two have every sub-question, and many versions are only inferred from the year.
A sentence that compares ("20 poäng under snittet", "starkast är område 4", "samma version",
an average) is said only when the data carries it. Each function here returns a claim with its
basis, or ``None``; the templates only word what it returns (``site/wording.py``).

The rules, written for readers on "Om webbplatsen" (section "Hur vi jämför"; a test ties the
page to these constants):

1. The source's own comparison comes first: the average or placing a report or source states.
   When a source gives more than one average, the one that matches the evaluation is used
   (a municipality's first evaluation against first evaluations, any later one against all).
2. The site never ranks an evaluation among the published totals: they are a self-selected few.
   Published totals may be listed in order on a version's page, titled as what they are.
3. An average computed by the site (a version's mean score per area, on the version's page)
   needs at least ``MIN_POOL`` stated scores of that area from evaluations whose source states
   the version; otherwise none. An evaluation's page compares only with its source's own average
   and links to the version's means (``comparison.py``).
4. Strongest and weakest areas are named only when every area is known; with some areas known
   the sentence says "av de N kända områdena"; ties are named as ties.
5. A version inferred from the year is said as "troligen" wherever the version is said, and a
   role model of an inferred version forms its own level below "samma version".
6. Praise stays at the level it was given: a sub-question's praise is not praise for the area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.model import Comparison, NamedRoleModel

# An average or a distribution needs at least this many values.
MIN_POOL = 5
# A comparison between two versions needs at least this many rows with values on both sides.
MIN_ALIGNED = 3
# With some areas unknown, "highest of the known areas" is said only among at least this many.
MIN_KNOWN_AREAS = 3


def stated_value(rec) -> Optional[float]:
    """A value its source states (not derived, not uncertain, not unknown)."""
    return rec.value if rec is not None and rec.known and rec.stated else None


def version_certain(ev: Evaluation) -> bool:
    """Whether the evaluation's source states its framework version (not inferred from the year)."""
    return ev.data.framework.status == "stated"


# --- 1. the source's own comparison -------------------------------------------------------

@dataclass(frozen=True)
class SourceComparison:
    """A comparison the report or source itself makes, with the difference when both are known."""

    comparison: Comparison
    value: Optional[float]  # the comparison's total, if known
    value_status: Optional[str]  # stated, derived, uncertain
    difference: Optional[float]  # the evaluation's stated total minus ``value``
    from_report: bool  # the site has the report itself (else a public page)
    quote: Optional[str]  # the source's words, when it states a placing instead of a number

    @property
    def label(self) -> str:
        return self.comparison.label


def _matches(ev: Evaluation, c: Comparison) -> int:
    """How well a comparison's scope matches the evaluation: 0 best."""
    number = ev.data.evaluation_number
    first = number.value == 1 if number is not None and number.known else None
    if c.scope is None:
        return 1
    if c.scope == "first":
        return 0 if first else 2  # a second evaluation is not compared with first-timers
    return 0 if first is False else 1


def source_comparison(ev: Evaluation) -> Optional[SourceComparison]:
    """The comparison the opening gives: the source's own, preferring one that matches the evaluation."""
    candidates = [c for c in ev.data.comparisons
                  if (c.total is not None and c.total.known) or c.quote]
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (_matches(ev, c), not (c.total is not None and c.total.known),
                                          ev.data.comparisons.index(c)))
    total = stated_value(ev.data.total)
    value = best.total.value if best.total is not None and best.total.known else None
    difference = total - value if total is not None and value is not None else None
    return SourceComparison(best, value, best.total.status if value is not None else None, difference,
                            bool(ev.md_file), best.quote)


# --- 3. averages the site computes ----------------------------------------------------------

def area_average(evaluations: Iterable[Evaluation], number: int) -> Optional[tuple[float, int]]:
    """A version's mean score in area ``number`` and how many scores it averages: only stated
    scores of evaluations whose source states the version, and at least ``MIN_POOL`` of them."""
    values = [v for ev in evaluations if version_certain(ev)
              if (v := stated_value(ev.area_score(number))) is not None]
    return (sum(values) / len(values), len(values)) if average_allowed(len(values)) else None


def average_allowed(count: int) -> bool:
    return count >= MIN_POOL


# --- 4. strongest and weakest areas --------------------------------------------------------

@dataclass(frozen=True)
class AreaExtremes:
    """The highest and lowest of an evaluation's areas, among all or among the known ones."""

    highest: tuple[tuple[int, str], ...]  # (number, name), ties included
    highest_value: float
    lowest: tuple[tuple[int, str], ...]
    lowest_value: float
    known: int
    of: int

    @property
    def complete(self) -> bool:
        return self.known == self.of


def area_extremes(ev: Evaluation) -> Optional[AreaExtremes]:
    """Strongest and weakest area by stated score; ``None`` when the data cannot carry the claim."""
    areas = ev.framework.areas
    known = [(a.number, a.label, v) for a in areas if (v := stated_value(ev.area_score(a.number))) is not None]
    if len(known) < 2 or (len(known) < len(areas) and len(known) < MIN_KNOWN_AREAS):
        return None
    top, bottom = max(v for _, _, v in known), min(v for _, _, v in known)
    if top == bottom:
        return None
    return AreaExtremes(tuple((n, label) for n, label, v in known if v == top), top,
                        tuple((n, label) for n, label, v in known if v == bottom), bottom, len(known), len(areas))


def weakest(items: list, limit: int, value=lambda t: t[1], order=lambda t: t[0]) -> list:
    """The ``limit`` lowest items by ``value`` (then ``order``); a tie at the cut-off is kept
    whole, not cut."""
    ordered = sorted(items, key=lambda t: (value(t), order(t)))
    if len(ordered) <= limit:
        return ordered
    cut = value(ordered[limit - 1])
    return [t for t in ordered if value(t) <= cut]


# --- 5. versions ----------------------------------------------------------------------------

def version_label(ev: Evaluation) -> str:
    """The version's name as every table, card and feed says it: "troligen …" when inferred."""
    return ev.framework.name if version_certain(ev) else f"troligen {ev.framework.name}"


def version_relation(a: Evaluation, b: Evaluation) -> str:
    """"same" (both stated), "probably_same" (one is inferred) or "different"."""
    if a.framework.id != b.framework.id:
        return "different"
    return "same" if version_certain(a) and version_certain(b) else "probably_same"


# --- 6. praise at the level it was given ----------------------------------------------------

def praise_applies(named: NamedRoleModel, area: int, qid: Optional[str]) -> bool:
    """Whether the evaluators' praise ``named`` is praise for this area (``qid`` None) or sub-question.

    Praise for some sub-questions of an area is not praise for the whole area."""
    if named.area != area:
        return False
    if qid is None:
        return not named.questions
    return not named.questions or qid in named.questions
