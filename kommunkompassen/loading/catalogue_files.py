"""The catalogue's data files besides the evaluations: undated evaluations and programme facts.

``data/undated.yaml`` (written by the import) lists evaluations a source mentions without a
year; ``data/facts.yaml`` holds facts about the whole programme with their sources. Both are
optional; a file that is there must be valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, TypeVar

from pydantic import BaseModel, ValidationError

from kommunkompassen import routes
from kommunkompassen.domain.archive import UndatedView
from kommunkompassen.domain.model import FactsFile, ProgrammeFact, UndatedFile
from kommunkompassen.domain.municipalities import Municipalities
from kommunkompassen.loading.problems import Problem, from_validation_error, show, with_lines
from kommunkompassen.loading.yamlio import Lines, load_yaml_lines

UNDATED = Path(str(routes.UNDATED))
FACTS = Path(str(routes.FACTS))

M = TypeVar("M", bound=BaseModel)


def _read(root: Path, relative: Path, model: type[M]) -> tuple[Optional[M], list[Problem]]:
    path = root / relative
    if not path.exists():
        return None, []
    lines = Lines()
    try:
        raw, lines = load_yaml_lines(path)
        if raw is None:
            return None, [Problem(relative.as_posix(), "", "filen är tom; ta bort den eller skriv in 'file:' och "
                                  "listan (se data/README.md)")]
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, with_lines(from_validation_error(relative.as_posix(), exc), relative.as_posix(), lines)
    except ValueError as exc:
        return None, [Problem(relative.as_posix(), "", str(exc))]


def load_undated(root: Path, municipalities: Municipalities) -> tuple[list[UndatedView], list[Problem]]:
    doc, problems = _read(root, UNDATED, UndatedFile)
    views = []
    for i, item in enumerate(doc.evaluations if doc else []):
        mu = municipalities.by_code.get(item.municipality.code)
        if mu is None or mu.name != item.municipality.name:
            problems.append(Problem(UNDATED.as_posix(), f"evaluations.{i}.municipality",
                                    f"{show(item.municipality.code)} {show(item.municipality.name)} finns inte "
                                    "bland Sveriges 290 kommuner"))
            continue
        views.append(UndatedView(item, mu))
    return views, problems


def load_facts(root: Path) -> tuple[list[ProgrammeFact], list[Problem]]:
    doc, problems = _read(root, FACTS, FactsFile)
    return (list(doc.facts) if doc else []), problems
