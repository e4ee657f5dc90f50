"""Crosswalks between framework versions: sub-questions and areas judged to ask the same thing.

A crosswalk is data (``data/frameworks/crosswalks/<from>-<to>.yaml``); each pair states its basis.
Role models found through a crosswalk are compared by share of max and always carry a warning.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, StrictInt

from kommunkompassen.domain.model import QuestionKey, Text, _Strict

QuestionBasis = Literal["identical", "reworded", "other_max"]
AreaBasis = Literal["same_name"]

BASIS_LABELS = {
    "identical": "samma lydelse och maxpoäng",
    "reworded": "samma ämne, ändrad lydelse, samma maxpoäng",
    "other_max": "samma ämne, annan maxpoäng",
    "same_name": "samma namn på området",
}
CAUTION = "annan version av Kommunkompassen, jämför med försiktighet"


class VersionPair(_Strict):
    from_: Text = Field(alias="from")
    to: Text


class QuestionPair(_Strict):
    from_: QuestionKey = Field(alias="from")
    to: QuestionKey
    basis: QuestionBasis
    note: Text


class AreaPair(_Strict):
    from_: StrictInt = Field(alias="from", ge=1, le=99)
    to: StrictInt = Field(ge=1, le=99)
    basis: AreaBasis
    note: Text


class CrosswalkData(_Strict):
    """One ``data/frameworks/crosswalks/*.yaml`` file."""

    versions: VersionPair
    description: Optional[Text] = None
    areas: list[AreaPair] = []
    questions: list[QuestionPair] = []


class Counterpart(_Strict):
    """The same sub-question (or area) in another version, and why the crosswalk says so."""

    framework: str
    key: str  # a sub-question id, or an area number as text
    basis: str
    note: str

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]


class Crosswalks:
    """Every crosswalk, looked up from either side."""

    def __init__(self, files: list[CrosswalkData] = ()):
        self.files = list(files)
        self._questions: dict[tuple[str, str], list[Counterpart]] = {}
        self._areas: dict[tuple[str, int], list[Counterpart]] = {}
        for cw in self.files:
            a, b = cw.versions.from_, cw.versions.to
            for p in cw.questions:
                self._questions.setdefault((a, p.from_), []).append(Counterpart(framework=b, key=p.to, basis=p.basis,
                                                                                note=p.note))
                self._questions.setdefault((b, p.to), []).append(Counterpart(framework=a, key=p.from_, basis=p.basis,
                                                                             note=p.note))
            for p in cw.areas:
                self._areas.setdefault((a, p.from_), []).append(Counterpart(framework=b, key=str(p.to), basis=p.basis,
                                                                            note=p.note))
                self._areas.setdefault((b, p.to), []).append(Counterpart(framework=a, key=str(p.from_), basis=p.basis,
                                                                         note=p.note))

    def questions(self, framework_id: str, qid: str) -> list[Counterpart]:
        return self._questions.get((framework_id, qid), [])

    def areas(self, framework_id: str, number: int) -> list[Counterpart]:
        return self._areas.get((framework_id, number), [])
