"""An archive of evaluations, each with its framework, municipality and report text resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.crosswalk import Crosswalks
from kommunkompassen.domain.model import EvaluationData, Framework, ProgrammeFact, UndatedEvaluation
from kommunkompassen.domain.municipalities import Municipalities, Municipality
from kommunkompassen.domain.reporttext import ReportText


@dataclass(frozen=True)
class UndatedView:
    """An evaluation a source mentions without a year."""

    data: UndatedEvaluation
    municipality: Municipality


@dataclass
class Evaluation:
    """One evaluation with its framework, municipality and report text resolved."""

    data: EvaluationData
    framework: Framework
    municipality: Municipality
    text: ReportText
    yaml_file: str
    md_file: Optional[str]
    # What the pages derive from this evaluation (its quotes per area and sub-question, its share
    # card; with another evaluation: whether the two compare anything, kept with that evaluation and
    # the crosswalks it was worked out from): made once, and kept as long as the object, which
    # ``mkdocs serve`` reuses while its files are unchanged.
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def year(self) -> int:
        return self.data.year

    @property
    def key(self) -> str:
        return routes.evaluation_key(self.municipality.slug, self.year)

    @property
    def url(self) -> str:
        """Site-relative address, e.g. ``kommuner/amal/2019/``."""
        return routes.evaluation_url(self.municipality.slug, self.year)

    @property
    def title(self) -> str:
        return f"{self.municipality.name} {self.year}"

    def area_score(self, number: int):
        area = self.data.areas.get(str(number))
        return area.score if area else None

    @cached_property
    def area_sum_gap(self) -> Optional[tuple[float, float]]:
        """(sum of the area scores, sum minus total) when the source prints a total that its own
        area scores do not add up to (rounded parts); None when they agree or one is unknown."""
        d = self.data
        scores = [a.score for a in d.areas.values()]
        if not (d.total and d.total.known) or len(scores) != len(self.framework.areas) \
                or not all(s.known for s in scores):
            return None
        total = sum(s.value for s in scores)
        return (total, total - d.total.value) if abs(total - d.total.value) > 1e-9 else None

    def question_score(self, qid: str):
        area = self.data.areas.get(qid.split(".")[0])
        return area.questions.get(qid) if area else None

    def evidence(self, key: str) -> list[int]:
        """The numbers (1-based, as in the page's list of sources) of the sources whose quote
        states the value ``key`` (``total``, ``areas.3.score``, ``year`` …); a source that
        backs ``areas`` backs every area."""
        keys = {key, "areas"} if key.startswith("areas.") else {key}
        return [i for i, s in enumerate(self.data.sources, start=1) if keys & set(s.supports)]

    def conflicts(self, key: str) -> list:
        return [c for c in self.data.conflicts if c.field == key]

    @cached_property
    def completeness(self) -> str:
        """catalogue, total, areas, questions or full_text: how much of the report is here."""
        if not self.text.is_empty:
            return "full_text"
        if any(a.questions for a in self.data.areas.values()):
            return "questions"
        if any(a.score.known for a in self.data.areas.values()):
            return "areas"
        if self.data.total and self.data.total.known:
            return "total"
        return "catalogue"


@dataclass
class Archive:
    frameworks: dict[str, Framework]
    municipalities: Municipalities
    evaluations: list[Evaluation] = field(default_factory=list)
    undated: list[UndatedView] = field(default_factory=list)  # known evaluations without a year
    facts: list[ProgrammeFact] = field(default_factory=list)  # about the whole programme
    crosswalks: Crosswalks = field(default_factory=Crosswalks)  # equivalent questions across versions

    def by_municipality(self) -> dict[str, list[Evaluation]]:
        groups: dict[str, list[Evaluation]] = {}
        for ev in self.evaluations:
            groups.setdefault(ev.municipality.code, []).append(ev)
        return {code: sorted(evs, key=lambda e: e.year) for code, evs in groups.items()}

    def in_framework(self, framework_id: str) -> list[Evaluation]:
        return [e for e in self.evaluations if e.framework.id == framework_id]


