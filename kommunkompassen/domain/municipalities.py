"""The reference list of Sweden's 290 municipalities and their URL slugs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.language import collation_key


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    county_code: str
    county: str
    skr_group_2017: str
    population: Optional[int]
    population_year: Optional[int]
    slug: str


def transliterate(name: str) -> str:
    """ASCII slug of a name: 'Upplands Väsby' -> 'upplands-vasby'."""
    ascii_name = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def assign_slugs(names_by_code: dict[str, str]) -> dict[str, str]:
    """Slug per municipality code, unique over the whole list.

    Names that transliterate to the same slug (Håbo and Habo both give 'habo') each
    get their code appended ('habo-0305', 'habo-0643'), so neither depends on
    which of the two was listed first.
    """
    plain = {code: transliterate(name) for code, name in names_by_code.items()}
    counts = Counter(plain.values())
    return {code: (s if counts[s] == 1 else f"{s}-{code}") for code, s in plain.items()}


class Municipalities:
    """All municipalities, by code and by slug."""

    def __init__(self, rows: list[Municipality]):
        self.by_code = {m.code: m for m in rows}
        self.by_slug = {m.slug: m for m in rows}

    def __iter__(self):
        return iter(sorted(self.by_code.values(), key=lambda m: collation_key(m.name)))

    def __len__(self) -> int:
        return len(self.by_code)

    def ambiguous_slugs(self) -> dict[str, list[Municipality]]:
        """Plain slugs shared by several municipalities (shown as a choice page)."""
        groups: dict[str, list[Municipality]] = {}
        for m in self:
            groups.setdefault(transliterate(m.name), []).append(m)
        return {s: ms for s, ms in groups.items() if len(ms) > 1}
