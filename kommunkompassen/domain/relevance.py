"""Which parts of a report concern one sub-question: its strengths and its section.

A role model's strengths are quoted for a sub-question only when they concern it, not because
they come first in the area. Concern is read from words: a strength concerns a sub-question when
it shares a content word (its first six letters, so "internationella" meets "internationellt")
with the sub-question's text or its heading in the framework. The section is the one under the
framework's heading for the sub-question, as reports print it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from kommunkompassen.domain.language import fold
from kommunkompassen.domain.reporttext import Chapter, Section

STEM = 6
MIN_WORD = 5
# Words every sub-question or strength uses; they tell nothing about the topic.
GENERIC = {"kommun", "arbeta", "arbete", "finns", "utveck", "verksa", "strate", "organi", "samtli",
           "mellan", "genom", "andra", "under", "inom", "vilke", "vilka", "tydlig", "inrikt", "beskri",
           "ansvar", "omrade", "politi", "helhet"}


@lru_cache(maxsize=1 << 16)  # one role model's strengths are read by many pages
def stems(text: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", fold(text))
    return frozenset(w[:STEM] for w in words if len(w) >= MIN_WORD and w[:STEM] not in GENERIC)


def concerning(strengths: list[str], topic: str) -> list[str]:
    """The strengths that share a content word with ``topic``, most shared words first."""
    wanted = stems(topic)
    scored = [(len(stems(s) & wanted), i, s) for i, s in enumerate(strengths)]
    return [s for n, i, s in sorted(scored, key=lambda t: (-t[0], t[1])) if n > 0]


def section_for(chapter: Chapter, heading: Optional[str], topic: str) -> Optional[Section]:
    """The chapter's section under ``heading`` (the framework's), else the one whose title shares
    most content words with the topic."""
    if heading:
        for section in chapter.sections:
            if fold(section.title).strip() == fold(heading).strip():
                return section
    wanted = stems(f"{heading or ''} {topic}")
    best = max(((len(stems(s.title) & wanted), -i, s) for i, s in enumerate(chapter.sections)),
               default=(0, 0, None), key=lambda t: (t[0], t[1]))
    return best[2] if best[0] > 0 else None
