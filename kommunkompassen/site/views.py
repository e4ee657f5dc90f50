"""Typed rows the templates read: what one line of a page's table or one area's box shows.

Built by the view functions in ``pages.py`` from the archive and the site index; plain
frozen data, so a template can only show them, never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.recorded import Recorded


@dataclass(frozen=True)
class AreaRow:
    """A row of an evaluation's area table."""

    number: int
    name: str
    score: Optional[Recorded]
    comparison: Optional[Recorded]
    difference: Optional[int]


@dataclass(frozen=True)
class WeakQuestion:
    """One of an area's weakest sub-questions and who is a role model on it."""

    id: str
    text: str
    share: object  # rolemodels.Share
    finding: object  # rolemodels.Finding
    url: str


@dataclass(frozen=True)
class AreaSection:
    """An area's box on the evaluation page."""

    number: int
    name: str
    max: int
    score: Optional[Recorded]
    comparison: Optional[Recorded]
    text_url: Optional[str]
    text_counts: str
    has_role_models: bool  # the improvement plan looks for role models in the area (own scores to compare)
    named: list  # municipalities the report names as role models in the area
    self_named: object  # the report's sentence holding this evaluation up as an example, or None
    url: str
    strengths: tuple[str, ...] = ()  # the report's first strengths, each in short
    improvements: tuple[str, ...] = ()
    more_strengths: int = 0  # how many more the report page has
    more_improvements: int = 0
    improvements_title: str = "Förbättringsområden"


@dataclass(frozen=True)
class QuestionRow:
    """A row of an evaluation's sub-question table."""

    id: str
    slug: str
    text: str
    q: object  # the evaluation's QuestionScore
    share: Optional[float]
    url: str


@dataclass(frozen=True)
class ResultRow:
    """A row of a sub-question's table of results: plain values, so that an edit to one
    evaluation re-renders in ``mkdocs serve`` only the sub-question pages whose rows it changes."""

    url: str  # the evaluation's page
    title: str
    uncertain: bool  # its version is inferred, not stated by its source
    points: Recorded  # its points for the sub-question
    share: float  # percent of max
