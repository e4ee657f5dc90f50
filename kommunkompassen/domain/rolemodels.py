"""Role models (förebilder): who another evaluation can learn from, and on what evidence.

The rule, stated on the site ("Om webbplatsen" and every good-examples page):

- a role model is an evaluation of **another municipality** (never the evaluation itself, nor
  another evaluation of the same municipality);
- it has at least ``BAR`` % of max on the sub-question or area, **and** at least ``MARGIN``
  percentage points more than the evaluation looking for one;
- the share is the **printed percent** where the report prints one (stated), else stated
  points ÷ max; uncertain, derived and unknown values never count.

Levels, best evidence first: the same sub-question in the same version; the same sub-question
in another version through a crosswalk (compared by share of max, with a warning); the same
area (same version, or an area the crosswalk pairs). Within a level, evaluations the report
itself holds up as an example come first, then similar municipalities (same SKR municipality
group, then same county), then by share. Municipalities the report names as role models for
the evaluation (``named_role_models``) are shown apart, in the evaluators' words.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator, Optional

from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.claims import praise_applies, version_certain
from kommunkompassen.domain.crosswalk import CAUTION, Counterpart
from kommunkompassen.domain.language import collation_key
from kommunkompassen.domain.model import NamedRoleModel

BAR = 60  # percent of max
MARGIN = 10  # percentage points above the evaluation that looks
SHOWN = 3  # role models an evaluation page names per line

RULE = (f"En förebild är en utvärdering av en annan kommun som har minst {BAR} % av maxpoängen på "
        f"delfrågan eller området och minst {MARGIN} procentenheter mer än den egna. Andelen är den procent "
        "som rapporten trycker (annars poäng delat med max); osäkra och oläsliga värden räknas inte.")

LEVEL_LABELS = {
    "question": "samma delfråga, samma version",
    "question_probable": "samma delfråga, troligen samma version",
    "crosswalk": f"samma delfråga i {CAUTION}",
    "area": "hela området, samma version",
    "area_probable": "hela området, troligen samma version",
    "area_crosswalk": f"hela området i {CAUTION}",
}
# A version inferred from the year (either side) is its own level below "samma version"
# (claims.version_relation).
LEVEL_ORDER = {"question": 0, "question_probable": 1, "crosswalk": 2, "area": 3, "area_probable": 4,
               "area_crosswalk": 5}
_PROBABLE = {"question": "question_probable", "area": "area_probable"}


@dataclass(frozen=True)
class Share:
    """A share of max in percent, and whether the report printed it."""

    value: float
    printed: bool

    @property
    def shown(self) -> int:
        return round(self.value)


def question_share(ev: Evaluation, qid: str) -> Optional[Share]:
    q = ev.question_score(qid)
    if q is None:
        return None
    if q.percent.known and q.percent.stated:
        return Share(q.percent.value, True)
    if q.score.known and q.score.stated and q.max.known and q.max.stated:
        return Share(q.score.value / q.max.value * 100, False)
    return None


def area_share(ev: Evaluation, number: int) -> Optional[Share]:
    score, area = ev.area_score(number), ev.framework.area(number)
    if score is None or area is None or not score.known or not score.stated:
        return None
    return Share(score.value / area.max * 100, False)


def question_points(ev: Evaluation, qid: str) -> Optional[float]:
    q = ev.question_score(qid)
    return q.score.value if q is not None and q.score.known and q.score.stated else None


def area_points(ev: Evaluation, number: int) -> Optional[float]:
    s = ev.area_score(number)
    return s.value if s is not None and s.known and s.stated else None


@dataclass(frozen=True)
class Candidate:
    evaluation: Evaluation
    share: Share


@dataclass(frozen=True)
class RoleModel:
    """One role model for one evaluation (or for a page with no evaluation looking)."""

    evaluation: Evaluation
    level: str
    framework_id: str
    key: str  # the sub-question id, or the area number, in the role model's own version
    share: Share
    points: Optional[float]
    max: int
    similarity: Optional[str] = None  # "group" or "county"
    counterpart: Optional[Counterpart] = None
    named: Optional[NamedRoleModel] = None  # the report holds this evaluation up as an example here

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def other_version(self) -> bool:
        return self.level in ("crosswalk", "area_crosswalk")

    @property
    def whole_area(self) -> bool:
        return self.level in ("area", "area_probable", "area_crosswalk")

    @property
    def similarity_label(self) -> Optional[str]:
        m = self.evaluation.municipality
        if self.similarity == "group":
            return f"liknande kommun: samma kommungrupp ({m.skr_group_2017})"
        if self.similarity == "county":
            return f"liknande kommun: samma län ({m.county})"
        return None

    @property
    def area_number(self) -> int:
        return int(self.key.split(".")[0])


@dataclass(frozen=True)
class Finding:
    """The role models one evaluation has for one sub-question or area, and what to say if none."""

    models: Sequence[RoleModel]  # in order; an ``OrderedModels`` made only as far as it is read
    scored_others: int  # other municipalities' evaluations with a share here (all levels)
    own: Optional[Share]
    scored_other_version: int = 0  # of them, through a crosswalk
    counterparts: int = 0  # equivalent sub-questions or areas in other versions (the crosswalk)

    @property
    def shown(self) -> list[RoleModel]:
        return self.models[:SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.models) - SHOWN)


def similarity(a: Evaluation, b: Evaluation) -> Optional[str]:
    if a.municipality.skr_group_2017 == b.municipality.skr_group_2017:
        return "group"
    if a.municipality.county_code == b.municipality.county_code:
        return "county"
    return None


_SIMILAR_ORDER = {"group": 0, "county": 1, None: 2}


def _order(m: RoleModel):
    return (LEVEL_ORDER[m.level], m.named is None, _SIMILAR_ORDER[m.similarity], -m.share.value,
            m.evaluation.municipality.name, m.evaluation.year)


def self_named(ev: Evaluation, area: int, qid: Optional[str]) -> Optional[NamedRoleModel]:
    """The report's sentence holding this evaluation up as an example for others, if any."""
    for named in ev.data.named_role_models:
        if named.municipality.code == ev.municipality.code and praise_applies(named, area, qid):
            return named
    return None


class _Lazy(Mapping):
    """A mapping whose keys are known and whose values are made when first read, then kept."""

    def __init__(self, keys: list, make: Callable):
        self._keys = dict.fromkeys(keys)
        self._make = make
        self._values: dict = {}

    def __getitem__(self, key):
        if key not in self._values:
            if key not in self._keys:
                raise KeyError(key)
            self._values[key] = self._make(key)
        return self._values[key]

    def __contains__(self, key) -> bool:
        return key in self._keys

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class OrderedModels(Sequence):
    """Role models in their order, made only as far as they are read.

    A page shows the first few and says how many more there are: the count is known from the
    sorted pools without making every role model, so a page's cost does not grow with the
    archive. Reading the whole sequence gives exactly the sorted list of every role model.
    """

    def __init__(self, count: int, models: Iterator[RoleModel]):
        self._count = count
        self._source = models
        self._made: list[RoleModel] = []

    def _make(self, upto: Optional[int]) -> None:
        while upto is None or len(self._made) < upto:
            item = next(self._source, None)
            if item is None:
                break
            self._made.append(item)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            self._make(stop if step > 0 else None)
        else:
            self._make(None if index < 0 else index + 1)
        return self._made[index]

    def __iter__(self) -> Iterator[RoleModel]:
        i = 0
        while True:
            if i == len(self._made):
                self._make(i + 1)
                if i == len(self._made):
                    return
            yield self._made[i]
            i += 1

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, tuple, OrderedModels)) else NotImplemented

    def __repr__(self) -> str:
        return f"OrderedModels({list(self)!r})"


@dataclass(frozen=True)
class _Entry:
    """A candidate of one pool, with what ordering and filtering need precomputed."""

    order: tuple  # (-share, name, year, position in the pool): the order within a level
    candidate: Candidate
    named: Optional[NamedRoleModel]
    code: str
    group: str
    county: str


class _Pool:
    """One pool (version and sub-question, or version and area), sorted once, with its
    candidates split by what decides their place among the role models: the level (the
    version's certainty), whether the report holds them up as an example, and the
    municipality group and county (similarity to the evaluation that looks)."""

    def __init__(self, candidates: list[Candidate], area: int, qid: Optional[str]):
        self.candidates = candidates
        self.negative_shares = [-c.share.value for c in candidates]  # ascending, for bisect
        self.shares_by_code: dict[str, list[float]] = {}
        self.parts: dict[tuple[bool, bool], list[_Entry]] = {}
        for i, c in enumerate(candidates):
            ev, m = c.evaluation, c.evaluation.municipality
            self.shares_by_code.setdefault(m.code, []).append(c.share.value)
            named = self_named(ev, area, qid)
            entry = _Entry((-c.share.value, m.name, ev.year, i), c, named, m.code, m.skr_group_2017, m.county_code)
            self.parts.setdefault((version_certain(ev), named is not None), []).append(entry)
        self.by_group: dict[tuple[bool, bool], dict[str, list[_Entry]]] = {}
        self.by_county: dict[tuple[bool, bool], dict[str, list[_Entry]]] = {}
        for part, entries in self.parts.items():
            entries.sort(key=lambda e: e.order)
            groups, counties = self.by_group.setdefault(part, {}), self.by_county.setdefault(part, {})
            for e in entries:
                groups.setdefault(e.group, []).append(e)
                counties.setdefault(e.county, []).append(e)

    def others(self, code: Optional[str]) -> int:
        """Candidates of other municipalities than ``code``."""
        return len(self.candidates) - len(self.shares_by_code.get(code, ())) if code is not None else \
            len(self.candidates)

    def reaching(self, threshold: float, code: Optional[str]) -> int:
        """Candidates of other municipalities with at least ``threshold``."""
        count = bisect_right(self.negative_shares, -threshold)
        if code is not None:
            count -= sum(1 for v in self.shares_by_code.get(code, ()) if v >= threshold)
        return count

    def stream(self, part: tuple[bool, bool], similar: Optional[str], ev: Optional[Evaluation],
               threshold: float) -> Iterator[_Entry]:
        """The part's candidates reaching ``threshold`` in order, of one similarity to ``ev``."""
        if ev is None:
            entries, keep = self.parts.get(part, []), None
        else:
            group, county = ev.municipality.skr_group_2017, ev.municipality.county_code
            if similar == "group":
                entries, keep = self.by_group[part].get(group, []), None
            elif similar == "county":
                entries, keep = self.by_county[part].get(county, []), lambda e: e.group != group
            else:
                entries, keep = self.parts.get(part, []), lambda e: e.group != group and e.county != county
        code = ev.municipality.code if ev is not None else None
        for e in entries:
            if e.candidate.share.value < threshold:
                return
            if e.code != code and (keep is None or keep(e)):
                yield e


def _tagged(entries: Iterator[_Entry], source: int, what: tuple) -> Iterator[tuple]:
    """(order among every source, entry, what the source makes of it) for each entry."""
    for e in entries:
        yield (e.order[:3] + (source, e.order[3]), e, *what)


class RoleModels:
    """Every pool of candidates (evaluations with a stated share) of one archive, built once.

    A page's role models are read from the sorted pools in order: making them never scans
    the whole pool (the count comes from a binary search), so every evaluation page costs
    the same however large the archive is.
    """

    def __init__(self, archive: Archive, by_framework: dict[str, list[Evaluation]]):
        self.archive = archive
        self.by_framework = by_framework  # the evaluations of each version (``Rankings.by_framework``)
        self._of: dict[tuple, list[RoleModel]] = {}  # of_question/of_area, made once per pool

    def _sorted(self, items: list[Candidate]) -> list[Candidate]:
        return sorted(items, key=lambda c: (-c.share.value, collation_key(c.evaluation.municipality.name),
                                            c.evaluation.year))

    @cached_property
    def question_pools(self) -> Mapping[tuple[str, str], list[Candidate]]:
        """(version, sub-question) -> its candidates, best first; each sorted when first read (an
        edited evaluation's pages in `mkdocs serve` read a few of them, not all)."""
        def pool(key: tuple[str, str]) -> list[Candidate]:
            fid, qid = key
            return self._sorted([Candidate(ev, s) for ev in self.by_framework[fid]
                                 if (s := question_share(ev, qid)) is not None])
        return _Lazy([(fid, q.id) for fid, fw in self.archive.frameworks.items() for a in fw.areas
                      for q in a.questions], pool)

    @cached_property
    def area_pools(self) -> Mapping[tuple[str, int], list[Candidate]]:
        def pool(key: tuple[str, int]) -> list[Candidate]:
            fid, number = key
            return self._sorted([Candidate(ev, s) for ev in self.by_framework[fid]
                                 if (s := area_share(ev, number)) is not None])
        return _Lazy([(fid, a.number) for fid, fw in self.archive.frameworks.items() for a in fw.areas], pool)

    @cached_property
    def _question_index(self) -> Mapping[tuple[str, str], _Pool]:
        return _Lazy(list(self.question_pools), lambda key: _Pool(self.question_pools[key],
                                                                  int(key[1].split(".")[0]), key[1]))

    @cached_property
    def _area_index(self) -> Mapping[tuple[str, int], _Pool]:
        return _Lazy(list(self.area_pools), lambda key: _Pool(self.area_pools[key], key[1], None))

    @cached_property
    def named_by_others(self) -> dict[str, list[tuple[Evaluation, NamedRoleModel]]]:
        """Municipality code -> the evaluations whose report names it as a role model."""
        found: dict[str, list[tuple[Evaluation, NamedRoleModel]]] = {}
        for ev in self.archive.evaluations:
            for named in ev.data.named_role_models:
                if named.municipality.code != ev.municipality.code:
                    found.setdefault(named.municipality.code, []).append((ev, named))
        return found

    # --- what a page shows ---------------------------------------------------------------

    def _models(self, ev: Optional[Evaluation], pool: list[Candidate], threshold: float, level: str, fid: str,
                key: str, maximum_of, points_of, counterpart: Optional[Counterpart]) -> list[RoleModel]:
        models = []
        for c in pool:
            if c.share.value < threshold:
                break  # the pool is sorted by share
            if ev is not None and c.evaluation.municipality.code == ev.municipality.code:
                continue
            area = int(key.split(".")[0])
            certain = version_certain(c.evaluation) and (ev is None or version_certain(ev))
            models.append(RoleModel(
                evaluation=c.evaluation, level=level if certain else _PROBABLE.get(level, level), framework_id=fid, key=key, share=c.share,
                points=points_of(c.evaluation), max=maximum_of(c.evaluation),
                similarity=similarity(ev, c.evaluation) if ev is not None else None, counterpart=counterpart,
                named=self_named(c.evaluation, area, key if "." in key else None)))
        return models

    @staticmethod
    def _threshold(own: Optional[Share]) -> float:
        return max(BAR, own.value + MARGIN) if own is not None else BAR

    def _ordered(self, ev: Evaluation, sources: list[tuple], threshold: float) -> OrderedModels:
        """``ev``'s role models from ``sources`` (pool, level, version, key, max, points, counterpart)
        in the order of ``_order``, as the sorted list of all of them would have them.

        Within one level, one "held up as an example" and one similarity, the order is by share,
        name and year (then the sources' order): each such class is read from a pool's presorted
        part, and the classes follow each other in ``_order``'s order."""
        classes: dict[tuple, list[Iterator[tuple]]] = {}
        count = 0
        for s, (pool, level, fid, key, maximum, points_of, counterpart) in enumerate(sources):
            count += pool.reaching(threshold, ev.municipality.code)
            for part in pool.parts:
                certain, named = part
                own = level if certain and version_certain(ev) else _PROBABLE.get(level, level)
                for similar in ("group", "county", None):
                    made = _tagged(pool.stream(part, similar, ev, threshold), s,
                                   (own, fid, key, maximum, points_of, counterpart))
                    classes.setdefault((LEVEL_ORDER[own], not named, _SIMILAR_ORDER[similar]), []).append(made)

        def models() -> Iterator[RoleModel]:
            for cls in sorted(classes):
                streams = classes[cls]
                for _, e, level, fid, key, maximum, points_of, counterpart in (
                        streams[0] if len(streams) == 1 else heapq.merge(*streams, key=lambda t: t[0])):
                    other = e.candidate.evaluation
                    yield RoleModel(evaluation=other, level=level, framework_id=fid, key=key, share=e.candidate.share,
                                    points=points_of(other), max=maximum, similarity=similarity(ev, other),
                                    counterpart=counterpart, named=e.named)

        return OrderedModels(count, models())

    def for_question(self, ev: Evaluation, qid: str) -> Finding:
        fid = ev.framework.id
        own = question_share(ev, qid)
        threshold = self._threshold(own)
        q_max = ev.framework.area(int(qid.split(".")[0])).question(qid).max
        empty = _Pool([], 0, None)
        pool = self._question_index.get((fid, qid), empty)
        sources = [(pool, "question", fid, qid, q_max, lambda e: question_points(e, qid), None)]
        scored = pool.others(ev.municipality.code)
        crossed = 0
        counterparts = self.archive.crosswalks.questions(fid, qid)
        for cp in counterparts:
            fw = self.archive.frameworks[cp.framework]
            other_max = fw.area(int(cp.key.split(".")[0])).question(cp.key).max
            pool = self._question_index.get((cp.framework, cp.key), empty)
            sources.append((pool, "crosswalk", cp.framework, cp.key, other_max,
                            lambda e, k=cp.key: question_points(e, k), cp))
            crossed += pool.others(ev.municipality.code)
        return Finding(self._ordered(ev, sources, threshold), scored + crossed, own, crossed, len(counterparts))

    def for_area(self, ev: Evaluation, number: int) -> Finding:
        fid = ev.framework.id
        own = area_share(ev, number)
        threshold = self._threshold(own)
        area_max = ev.framework.area(number).max
        empty = _Pool([], 0, None)
        pool = self._area_index.get((fid, number), empty)
        sources = [(pool, "area", fid, str(number), area_max, lambda e: area_points(e, number), None)]
        scored = pool.others(ev.municipality.code)
        crossed = 0
        counterparts = self.archive.crosswalks.areas(fid, number)
        for cp in counterparts:
            n = int(cp.key)
            other_max = self.archive.frameworks[cp.framework].area(n).max
            pool = self._area_index.get((cp.framework, n), empty)
            sources.append((pool, "area_crosswalk", cp.framework, cp.key, other_max,
                            lambda e, n=n: area_points(e, n), cp))
            crossed += pool.others(ev.municipality.code)
        return Finding(self._ordered(ev, sources, threshold), scored + crossed, own, crossed, len(counterparts))

    def of_question(self, fid: str, qid: str) -> list[RoleModel]:
        """Every evaluation that reaches the bar on a sub-question (a page with nobody looking);
        made once per sub-question and shared by every page that shows it (do not change it)."""
        key = ("question", fid, qid)
        if key not in self._of:
            fw = self.archive.frameworks[fid]
            q_max = fw.area(int(qid.split(".")[0])).question(qid).max
            self._of[key] = sorted(self._models(None, self.question_pools.get((fid, qid), []), BAR, "question", fid,
                                                qid, lambda e: q_max, lambda e: question_points(e, qid), None),
                                   key=_order)
        return self._of[key]

    def of_area(self, fid: str, number: int) -> list[RoleModel]:
        key = ("area", fid, number)
        if key not in self._of:
            area_max = self.archive.frameworks[fid].area(number).max
            self._of[key] = sorted(self._models(None, self.area_pools.get((fid, number), []), BAR, "area", fid,
                                                str(number), lambda e: area_max, lambda e: area_points(e, number),
                                                None), key=_order)
        return self._of[key]

    @staticmethod
    def named_for(ev: Evaluation, area: int) -> list[NamedRoleModel]:
        """Municipalities this evaluation's report names as role models in an area (not itself)."""
        return [n for n in ev.data.named_role_models if n.area == area and n.municipality.code != ev.municipality.code]

    @staticmethod
    def weakest_questions(ev: Evaluation, number: int, limit: int = 2) -> list[tuple[str, Share]]:
        area = ev.framework.area(number)
        known = [(q.id, s) for q in (area.questions if area else []) if (s := question_share(ev, q.id)) is not None]
        return sorted(known, key=lambda t: (t[1].value, t[0]))[:limit]
