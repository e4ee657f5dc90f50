"""The site's Swedish phrases for claims: versions, differences, counts.

``domain/claims.py`` decides what may be said; this module says it, once, for every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.claims import SourceComparison, version_certain, version_label
from kommunkompassen.domain.language import counted, decimal_text
from kommunkompassen.domain.ranking import Rankings
from kommunkompassen.domain.recorded import Recorded

__all__ = ["counted", "version_phrase", "version_name", "comparison_sentence", "difference_phrase",
           "RELATION_LABELS", "ComparisonView", "comparison_for"]

# How two evaluations' versions relate (``claims.version_relation``), as a role model or a
# comparison says it.
RELATION_LABELS = {
    "same": "samma version",
    "probably_same": "troligen samma version",
    "different": "olika versioner",
}


def version_name(ev: Evaluation) -> str:
    """The version's name, with "troligen" when the source does not state it: for tables and cards."""
    return version_label(ev)


def version_phrase(ev: Evaluation) -> str:
    """"i Kommunkompassen 2016", or ", troligen i Kommunkompassen 2016; källan anger inte versionen"
    (the caller ends the sentence)."""
    if version_certain(ev):
        return f"i {ev.framework.name}"
    return f"troligen i {ev.framework.name}; källan anger inte versionen"


def difference_phrase(difference: float) -> str:
    """+44 -> "44 poäng över", -20 -> "20 poäng under", 0 -> "lika med"."""
    if difference == 0:
        return "lika med"
    return f"{decimal_text(abs(difference))} poäng {'över' if difference > 0 else 'under'}"


def comparison_sentence(ev: Evaluation, c: SourceComparison) -> str:
    """The source's own comparison and the difference: "Det är 20 poäng under rapportens
    jämförelsevärde: 473 poäng, alla kommuner som gjort en eller flera Kompasser." """
    source = "rapportens" if c.from_report else "källans"
    label = c.label[:1].lower() + c.label[1:]
    value = f"{decimal_text(c.value)} poäng"
    if c.value_status == "derived":
        value += " (härlett ur källans ord)"
    elif c.value_status == "uncertain":
        value += " (osäkert)"
    if c.difference is None:
        return f"{source.capitalize()} jämförelsevärde: {value}, {label}."
    if c.difference == 0:
        return f"Det är lika med {source} jämförelsevärde: {value}, {label}."
    return f"Det är {difference_phrase(c.difference)} {source} jämförelsevärde: {value}, {label}."


# --- what the area table compares with (decided by domain/comparison.py) ------------------

@dataclass(frozen=True)
class ComparisonView:
    label: str
    short: str
    description: Optional[str]
    total: Optional[Recorded]
    areas: dict[int, Optional[Recorded]]


def comparison_for(rankings: Rankings, ev: Evaluation) -> tuple[Optional[ComparisonView], list]:
    """The decision of ``Rankings.area_comparisons`` for ``ev``, worded: the report's (or
    source's) own average per area, and the source's other comparisons."""
    decision = rankings.area_comparisons[ev.key]
    chosen, others = decision.chosen, list(decision.others)
    if chosen is None:
        return None, others
    numbers = [a.number for a in ev.framework.areas]
    c = chosen.source
    short = "rapportens genomsnitt" if ev.md_file else "källans genomsnitt"
    return ComparisonView(c.label, short, c.description, c.total, {n: c.areas.get(str(n)) for n in numbers}), others
