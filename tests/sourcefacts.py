"""Counts of the real archive, read straight from the data files (not through the package).

Tests on the real data compare the pages with these, so adding a valid evaluation to
``data/`` changes what the tests expect along with the site, and never needs a test edited.
Only plain YAML and CSV reading here: an independent second reading of the same files.
Every function reads ``DATA``: the checkout's ``data/``, or a project copy's while
``test_adding_an_evaluation.py`` points ``DATA`` there to run other tests' checks on it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@dataclass(frozen=True)
class SourceEvaluation:
    key: str
    code: str
    name: str
    year: int
    framework: str
    raw: dict

    def stated(self, *path: str) -> Optional[float]:
        """The value at ``path`` (e.g. "total" or "areas", "1", "score") if the file states it."""
        value: Any = self.raw
        for part in path:
            if not isinstance(value, dict):
                return None
            if part not in value and part.isdigit() and int(part) in value:
                part = int(part)  # type: ignore[assignment]
            if part not in value:
                return None
            value = value[part]
        if isinstance(value, dict):
            if value.get("status", "stated") != "stated":
                return None
            value = value.get("value")
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def evaluations() -> tuple[SourceEvaluation, ...]:
    return _evaluations(DATA)


@lru_cache(maxsize=None)
def _evaluations(data: Path) -> tuple[SourceEvaluation, ...]:
    out = []
    for path in sorted((data / "evaluations").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        fw = raw["framework"]
        out.append(SourceEvaluation(path.stem, raw["municipality"]["code"], raw["municipality"]["name"], raw["year"],
                                    fw["value"] if isinstance(fw, dict) else fw, raw))
    return tuple(out)


def frameworks() -> dict[str, dict]:
    """Framework id -> the framework file as written."""
    return _frameworks(DATA)


@lru_cache(maxsize=None)
def _frameworks(data: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data / "frameworks").glob("*.yaml"))}


def municipalities() -> tuple[dict, ...]:
    return _municipalities(DATA)


@lru_cache(maxsize=None)
def _municipalities(data: Path) -> tuple[dict, ...]:
    with (data / "reference" / "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def undated() -> tuple[dict, ...]:
    return _undated(DATA)


@lru_cache(maxsize=None)
def _undated(data: Path) -> tuple[dict, ...]:
    path = data / "undated.yaml"
    if not path.exists():
        return ()
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")).get("evaluations") or ())


def version_uncertain(e: SourceEvaluation) -> bool:
    fw = e.raw["framework"]
    return isinstance(fw, dict) and fw.get("status", "stated") != "stated"


def kommuner(n: int) -> str:
    return f"{n} kommun" if n == 1 else f"{n} kommuner"


def utvarderingar(n: int) -> str:
    return f"{n} utvärdering" if n == 1 else f"{n} utvärderingar"


def evaluated_codes() -> set[str]:
    """Municipalities with at least one known evaluation, dated or not."""
    return {e.code for e in evaluations()} | {u["municipality"]["code"] for u in undated()}


def never_evaluated() -> list[dict]:
    """Municipalities without any known evaluation, in the reference file's order."""
    seen = evaluated_codes()
    return [m for m in municipalities() if m["code"] not in seen]


def competition_rank(framework: str, key: str, *path: str) -> str:
    """'3 av 9': the evaluation's place among its version's stated values at ``path``."""
    values = {e.key: e.stated(*path) for e in evaluations() if e.framework == framework}
    values = {k: v for k, v in values.items() if v is not None}
    mine = values[key]
    return f"{1 + sum(v > mine for v in values.values())} av {len(values)}"


def latest_stated_totals() -> dict[str, tuple[SourceEvaluation, float]]:
    """Per municipality code: its latest evaluation whose total the source states."""
    out: dict[str, tuple[SourceEvaluation, float]] = {}
    for e in sorted(evaluations(), key=lambda e: e.year):
        total = e.stated("total")
        if total is not None:
            out[e.code] = (e, total)
    return out


def swedish_number(value: float) -> str:
    """A score as the site prints it: 679, 426,5."""
    return f"{value:g}".replace(".", ",")
