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

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

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

    models: list[RoleModel]
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


class RoleModels:
    """Every pool of candidates (evaluations with a stated share) of one archive, built once."""

    def __init__(self, archive: Archive, by_framework: dict[str, list[Evaluation]]):
        self.archive = archive
        self.by_framework = by_framework  # the evaluations of each version (``Rankings.by_framework``)

    def _sorted(self, items: list[Candidate]) -> list[Candidate]:
        return sorted(items, key=lambda c: (-c.share.value, collation_key(c.evaluation.municipality.name),
                                            c.evaluation.year))

    @cached_property
    def question_pools(self) -> dict[tuple[str, str], list[Candidate]]:
        pools = {}
        for fid, fw in self.archive.frameworks.items():
            for a in fw.areas:
                for q in a.questions:
                    items = [Candidate(ev, s) for ev in self.by_framework[fid]
                             if (s := question_share(ev, q.id)) is not None]
                    pools[(fid, q.id)] = self._sorted(items)
        return pools

    @cached_property
    def area_pools(self) -> dict[tuple[str, int], list[Candidate]]:
        pools = {}
        for fid, fw in self.archive.frameworks.items():
            for a in fw.areas:
                items = [Candidate(ev, s) for ev in self.by_framework[fid] if (s := area_share(ev, a.number)) is not None]
                pools[(fid, a.number)] = self._sorted(items)
        return pools

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

    def for_question(self, ev: Evaluation, qid: str) -> Finding:
        fid = ev.framework.id
        own = question_share(ev, qid)
        threshold = self._threshold(own)
        q_max = ev.framework.area(int(qid.split(".")[0])).question(qid).max
        models = self._models(ev, self.question_pools.get((fid, qid), []), threshold, "question", fid, qid,
                              lambda e, m=q_max: m, lambda e: question_points(e, qid), None)
        scored = sum(1 for c in self.question_pools.get((fid, qid), [])
                     if c.evaluation.municipality.code != ev.municipality.code)
        crossed = 0
        for cp in self.archive.crosswalks.questions(fid, qid):
            fw = self.archive.frameworks[cp.framework]
            other_max = fw.area(int(cp.key.split(".")[0])).question(cp.key).max
            pool = self.question_pools.get((cp.framework, cp.key), [])
            models += self._models(ev, pool, threshold, "crosswalk", cp.framework, cp.key,
                                   lambda e, m=other_max: m, lambda e, k=cp.key: question_points(e, k), cp)
            crossed += sum(1 for c in pool if c.evaluation.municipality.code != ev.municipality.code)
        return Finding(sorted(models, key=_order), scored + crossed, own, crossed,
                       len(self.archive.crosswalks.questions(fid, qid)))

    def for_area(self, ev: Evaluation, number: int) -> Finding:
        fid = ev.framework.id
        own = area_share(ev, number)
        threshold = self._threshold(own)
        area_max = ev.framework.area(number).max
        pool = self.area_pools.get((fid, number), [])
        models = self._models(ev, pool, threshold, "area", fid, str(number), lambda e, m=area_max: m,
                              lambda e: area_points(e, number), None)
        scored = sum(1 for c in pool if c.evaluation.municipality.code != ev.municipality.code)
        crossed = 0
        for cp in self.archive.crosswalks.areas(fid, number):
            n = int(cp.key)
            other_max = self.archive.frameworks[cp.framework].area(n).max
            pool = self.area_pools.get((cp.framework, n), [])
            models += self._models(ev, pool, threshold, "area_crosswalk", cp.framework, cp.key,
                                   lambda e, m=other_max: m, lambda e, n=n: area_points(e, n), cp)
            crossed += sum(1 for c in pool if c.evaluation.municipality.code != ev.municipality.code)
        return Finding(sorted(models, key=_order), scored + crossed, own, crossed,
                       len(self.archive.crosswalks.areas(fid, number)))

    def of_question(self, fid: str, qid: str) -> list[RoleModel]:
        """Every evaluation that reaches the bar on a sub-question (a page with nobody looking)."""
        fw = self.archive.frameworks[fid]
        q_max = fw.area(int(qid.split(".")[0])).question(qid).max
        return sorted(self._models(None, self.question_pools.get((fid, qid), []), BAR, "question", fid, qid,
                                   lambda e: q_max, lambda e: question_points(e, qid), None), key=_order)

    def of_area(self, fid: str, number: int) -> list[RoleModel]:
        area_max = self.archive.frameworks[fid].area(number).max
        return sorted(self._models(None, self.area_pools.get((fid, number), []), BAR, "area", fid, str(number),
                                   lambda e: area_max, lambda e: area_points(e, number), None), key=_order)

    def named_for(self, ev: Evaluation, area: int) -> list[NamedRoleModel]:
        """Municipalities this evaluation's report names as role models in an area (not itself)."""
        return [n for n in ev.data.named_role_models if n.area == area and n.municipality.code != ev.municipality.code]

    def weakest_questions(self, ev: Evaluation, number: int, limit: int = 2) -> list[tuple[str, Share]]:
        area = ev.framework.area(number)
        known = [(q.id, s) for q in (area.questions if area else []) if (s := question_share(ev, q.id)) is not None]
        return sorted(known, key=lambda t: (t[1].value, t[0]))[:limit]
