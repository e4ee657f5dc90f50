"""Rankings and averages, always within one framework version (role models: ``rolemodels.py``).

Only stated values count: a derived, uncertain or missing score is never ranked or
averaged. Ties share a rank (competition ranking: 1, 2, 2, 4).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Optional

from kommunkompassen.domain.archive import Archive, Evaluation
# No average or distribution among fewer evaluations (``claims.py`` holds the site's rules).
from kommunkompassen.domain.claims import MIN_POOL, stated_value
from kommunkompassen.domain.language import collation_key



@dataclass(frozen=True)
class Ranked:
    evaluation: Evaluation
    value: float
    rank: int
    of: int
    share: Optional[float] = None  # percent of max, for sub-questions
    tied: bool = False
    uncertain_versions: int = 0  # how many of the ``of`` have a version their source does not state

    @property
    def shown(self) -> bool:
        """Whether the pool is large enough for the rank to mean something (``MIN_POOL``)."""
        return self.of >= MIN_POOL


def competition_rank(items: Iterable[tuple[Evaluation, float, Optional[float]]]) -> list[Ranked]:
    """Rank by value descending, ties sharing a rank; stable by municipality and year."""
    rows = sorted(items, key=lambda t: (-t[1], collation_key(t[0].municipality.name), t[0].year))
    counts = Counter(r[1] for r in rows)
    uncertain = sum(1 for r in rows if r[0].data.framework.status != "stated")
    ranked = []
    rank, previous = 0, None
    for i, (ev, value, share) in enumerate(rows):
        if i == 0 or value != previous:  # equal values are adjacent: they share the first one's rank
            rank, previous = i + 1, value
        ranked.append(Ranked(ev, value, rank, len(rows), share, counts[value] > 1, uncertain))
    return ranked


# A value its source states, else None: the one definition is ``claims.stated_value``.
stated = stated_value


def total_ranking(evaluations: Iterable[Evaluation]) -> list[Ranked]:
    return competition_rank(
        (ev, stated(ev.data.total), None) for ev in evaluations if stated(ev.data.total) is not None
    )


def area_ranking(evaluations: Iterable[Evaluation], number: int) -> list[Ranked]:
    return competition_rank(
        (ev, stated(ev.area_score(number)), None)
        for ev in evaluations
        if stated(ev.area_score(number)) is not None
    )


def question_share(ev: Evaluation, qid: str) -> Optional[float]:
    """The sub-question's share of max in percent: the printed percent where the report prints
    one (stated), else stated points ÷ max (the ranking key; the same number role models use)."""
    from kommunkompassen.domain.rolemodels import question_share as share

    found = share(ev, qid)
    return found.value if found is not None else None


def question_ranking(evaluations: Iterable[Evaluation], qid: str) -> list[Ranked]:
    rows = []
    for ev in evaluations:
        share = question_share(ev, qid)
        if share is not None:
            rows.append((ev, share, share))
    return competition_rank(rows)


def average(values: list[float]) -> Optional[float]:
    return sum(values) / len(values) if values else None


def by_key(ranking: list[Ranked], key: Callable[[Evaluation], str] = lambda e: e.key) -> dict[str, Ranked]:
    return {key(r.evaluation): r for r in ranking}


class Rankings:
    """Every ranking and average of one archive, computed once and then only read.

    Each is computed on first use (a build that needs no area pages never ranks areas) and
    shared by every page, chart and data file of the build.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    @cached_property
    def by_framework(self) -> dict[str, list[Evaluation]]:
        groups: dict[str, list[Evaluation]] = {fid: [] for fid in self.archive.frameworks}
        for ev in self.archive.evaluations:
            groups[ev.framework.id].append(ev)
        return groups

    @cached_property
    def total_ranks(self) -> dict[str, dict[str, Ranked]]:
        return {fid: by_key(total_ranking(evs)) for fid, evs in self.by_framework.items()}

    @cached_property
    def area_rankings(self) -> dict[tuple[str, int], list[Ranked]]:
        return {(fid, a.number): area_ranking(self.by_framework[fid], a.number)
                for fid, fw in self.archive.frameworks.items() for a in fw.areas}

    @cached_property
    def question_rankings(self) -> dict[tuple[str, str], list[Ranked]]:
        return {(fid, q.id): question_ranking(self.by_framework[fid], q.id)
                for fid, fw in self.archive.frameworks.items() for a in fw.areas for q in a.questions}

    # Lookups every evaluation or municipality page needs, computed once instead of once per page
    # (per page they made the build quadratic in the number of evaluations).

    @cached_property
    def area_ranks(self) -> dict[tuple[str, int], dict[str, Ranked]]:
        return {key: by_key(ranking) for key, ranking in self.area_rankings.items()}

    @cached_property
    def area_comparisons(self):
        """Per evaluation key: what its area scores are compared with (``comparison.py``), decided
        once for the page, the chart and the data files."""
        from kommunkompassen.domain.comparison import decide_comparison

        return {ev.key: decide_comparison(ev) for ev in self.archive.evaluations}

    @cached_property
    def role_models(self):
        """Role models by the site's rule (``rolemodels.py``), with their pools built once."""
        from kommunkompassen.domain.rolemodels import RoleModels

        return RoleModels(self.archive, self.by_framework)

    @cached_property
    def by_municipality(self) -> dict[str, list[Evaluation]]:
        return self.archive.by_municipality()
