"""One YAML data file read and validated against its model, with every problem named by line."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, TypeVar

from pydantic import BaseModel, ValidationError

from kommunkompassen.loading.problems import Problem, from_validation_error, with_lines
from kommunkompassen.loading.yamlio import Lines, load_yaml_lines

M = TypeVar("M", bound=BaseModel)


def read_validated(path: Path, file: str, model: type[M]) -> tuple[Optional[M], Lines, list[Problem]]:
    """(the file as ``model``, the line of every field, problems): the value is None when there
    are problems. ``file`` is the name messages give."""
    lines = Lines()
    try:
        raw, lines = load_yaml_lines(path)
        return model.model_validate(raw), lines, []
    except ValidationError as exc:
        return None, lines, with_lines(from_validation_error(file, exc), file, lines)
    except ValueError as exc:  # unreadable, unsafe or invalid YAML: the message names the line
        return None, lines, [Problem(file, "", str(exc))]
