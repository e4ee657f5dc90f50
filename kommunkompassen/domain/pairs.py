"""The comparisons each municipality's page offers ready-made: its own evaluations over time
(those with a total or an area's score, the latest three), and its latest evaluation beside the
most similar evaluated municipality's.

"Most similar" is derived, and says how: among other municipalities' latest evaluations with a
total, the same version of Kommunkompassen first, then the same SKR municipality group, then the
same county, then the nearest population, the nearest year and the name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.alignment import align
from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.claims import MIN_ALIGNED, version_relation
from kommunkompassen.domain.language import collation_key, genitive, whole_number
from kommunkompassen.domain.ranking import stated
from kommunkompassen.domain.rolemodels import similarity

OVER_TIME_COLUMNS = 3  # the latest three with a value


@dataclass(frozen=True)
class DefaultComparison:
    kind: str  # "over_time" or "similar"
    evaluations: tuple[Evaluation, ...]
    reason: str  # why these, in a sentence

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(ev.key for ev in self.evaluations)


def has_numbers(ev: Evaluation) -> bool:
    """Whether a source gives the evaluation a total or any area's score."""
    return (ev.data.total is not None and ev.data.total.known) or any(a.score.known for a in ev.data.areas.values())


def aligned_values(evaluations: list[Evaluation], archive: Archive) -> int:
    """Areas and sub-questions (not the total) with a value on every side of a comparison."""
    return sum(1 for row in align(evaluations, archive).rows
               if row.kind != "total" and all(c.value is not None for c in row.cells))


def comparable(a: Evaluation, b: Evaluation, archive: Archive) -> bool:
    """Two evaluations compare something: the same version, or ``MIN_ALIGNED`` rows with values on both sides."""
    if a.framework.id == b.framework.id:
        return True
    if not (a.data.areas and b.data.areas):  # a total alone aligns nothing
        return False
    # Kept on ``a`` (``mkdocs serve`` reuses an evaluation while its files are unchanged) with
    # what it was worked out from: another ``b`` or other crosswalks work it out again.
    key = ("comparable", id(b))
    hit = a.derived.get(key)
    if hit is None or hit[0] is not b or hit[1] is not archive.crosswalks or hit[2] is not archive.frameworks:
        hit = a.derived[key] = (b, archive.crosswalks, archive.frameworks, aligned_values([a, b], archive) >= MIN_ALIGNED)
    return hit[3]


def _reason(ev: Evaluation, other: Evaluation) -> str:
    a, b = ev.municipality, other.municipality
    relation = version_relation(ev, other)
    kind = similarity(ev, other)
    criteria = [f"samma version ({ev.framework.name})" if relation == "same"
                else f"troligen samma version ({ev.framework.name}; versionen är härledd ur året)"
                if relation == "probably_same" else
                f"olika versioner ({ev.framework.name} och {other.framework.name}), jämförda genom korstabellen"]
    if kind == "group":
        criteria.append(f"samma kommungrupp ({a.skr_group_2017})")
    elif kind == "county":
        criteria.append(f"samma län ({a.county})")
    sentence = f"{b.name} liknar {a.name} mest av de utvärderade kommunerna med totalpoäng: {' och '.join(criteria)}."
    if a.population and b.population:
        sentence += (f" Folkmängd: {a.name} {whole_number(a.population)}, {b.name} {whole_number(b.population)}"
                     + (f" ({a.population_year})." if a.population_year else "."))
    return sentence + (" Urvalet: samma version först, sedan samma kommungrupp, samma län, närmast i folkmängd "
                       "och närmast i år.")


class _Candidates:
    """Other municipalities' latest evaluations with what ordering them needs, computed once."""

    def __init__(self, latest: dict[str, Evaluation]):
        self.items = [(code, other, math.log(other.municipality.population) if other.municipality.population else None,
                       collation_key(other.municipality.name)) for code, other in latest.items()]

    def ordered(self, ev: Evaluation) -> list[Evaluation]:
        """The candidates for ``ev`` (not its own municipality), most similar first."""
        own = math.log(ev.municipality.population) if ev.municipality.population else None
        keyed = []
        for code, other, log_population, name_key in self.items:
            if code == ev.municipality.code:
                continue
            distance = abs(own - log_population) if own is not None and log_population is not None else math.inf
            kind = similarity(ev, other)
            keyed.append(((other.framework.id != ev.framework.id, {"group": 0, "county": 1}.get(kind, 2), distance,
                           abs(other.year - ev.year), name_key), other))
        keyed.sort(key=lambda t: t[0])
        return [other for _, other in keyed]


def most_similar(ev: Evaluation, latest: dict[str, Evaluation], archive: Optional[Archive] = None,
                 candidates: Optional[_Candidates] = None) -> Optional[Evaluation]:
    """The most similar other municipality's latest evaluation with a stated total; one of another
    version only when the two compare something (``comparable``). ``candidates``: ``latest``
    prepared once for many calls."""
    for other in (candidates or _Candidates(latest)).ordered(ev):
        if archive is None or comparable(ev, other, archive):
            return other
    return None


def default_comparisons(archive: Archive) -> dict[str, list[DefaultComparison]]:
    """Municipality code -> its ready-made comparisons (none where there is nothing to compare)."""
    groups = archive.by_municipality()
    latest = {}
    for code, evs in groups.items():
        with_total = [e for e in evs if stated(e.data.total) is not None]
        if with_total:
            latest[code] = with_total[-1]
    candidates = _Candidates(latest)
    out: dict[str, list[DefaultComparison]] = {}
    for code, evs in groups.items():
        found = []
        with_numbers = [e for e in evs if has_numbers(e)]
        if with_numbers:  # across a version change only what compares something
            newest = with_numbers[-1]
            with_numbers = [e for e in with_numbers if e is newest or comparable(e, newest, archive)]
        over_time = with_numbers[-OVER_TIME_COLUMNS:]
        if len(over_time) >= 2:  # a column without any value compares nothing
            years = [str(e.year) for e in over_time]
            which = (" (de tre senaste med poäng)" if len(with_numbers) > len(over_time)
                     else " (de med poäng)" if len(with_numbers) < len(evs) else "")
            found.append(DefaultComparison("over_time", tuple(over_time),
                                           f"{genitive(evs[0].municipality.name)} utvärderingar {', '.join(years[:-1])} och "
                                           f"{years[-1]}{which}."))
        own = latest.get(code) or next((e for e in reversed(evs) if has_numbers(e)), None)
        other = most_similar(own, latest, archive, candidates) if own is not None else None
        if own is not None and other is not None:
            found.append(DefaultComparison("similar", (own, other), _reason(own, other)))
        if found:
            out[code] = found
    return out
