"""Problems found in data files, worded for the maintainer who has to fix them."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any, Iterable

from pydantic import ValidationError

from kommunkompassen.loading.yamlio import line_of


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    field: str
    message: str
    line: int = 0  # where the field is written, when known

    def __str__(self) -> str:
        where = f"{self.file}: rad {self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def with_lines(problems: Iterable[Problem], file: str, lines) -> list[Problem]:
    """Each problem of ``file`` that names a field gets the line the field (or what holds it) is on."""
    out = []
    for p in problems:
        if p.file == file and p.field and not p.line:
            found = line_of(p.field, lines)
            if found:
                p = Problem(p.file, p.field, p.message, found)
        out.append(p)
    return out


class DataError(Exception):
    """Raised with every problem of a run, never just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} fel i datafilerna:" if n != 1 else "1 fel i datafilerna:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 80
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4


def show(value: Any) -> str:
    """A value as the maintainer wrote it, short (never expanding a huge or shared structure)."""
    if isinstance(value, str):
        text = repr(value[:100])
    elif isinstance(value, (dict, list, tuple, set)):
        text = _SHORT.repr(value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        text = "ett mycket stort tal"
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


_UNION_TAGS = {"int", "float", "str", "bool", "none"}


def _field(loc: tuple) -> str:
    parts = []
    for part in loc:
        text = str(part)
        if text in _UNION_TAGS or text.startswith(("function-", "constrained-", "tagged-union", "lax-")):
            continue
        if text.startswith("Recorded["):
            continue
        parts.append(text)
    # A plain scalar is wrapped as {value: ...}; name the field the maintainer wrote.
    if parts and parts[-1] == "value":
        parts.pop()
    return ".".join(parts)


def _message(err: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return "obligatorisk nyckel saknas"
    if kind == "extra_forbidden":
        return "okänd nyckel (stavfel? se data/README.md för tillåtna nycklar)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"värdet {show(value)} ska vara ett heltal"
    if kind in ("float_type", "float_parsing"):
        return f"värdet {show(value)} ska vara ett tal"
    if kind in ("string_type",):
        return f"värdet {show(value)} ska vara text"
    if kind == "string_too_short":
        return "får inte vara tom"
    if kind == "string_too_long":
        return f"texten är {len(value) if isinstance(value, str) else '?'} tecken; högst {ctx.get('max_length')} tillåts"
    if kind == "finite_number":
        return f"värdet {show(value)} ska vara ett ändligt tal (inte NaN eller oändligt)"
    if kind == "string_pattern_mismatch":
        return f"värdet {show(value)} har fel form (väntat mönster {ctx.get('pattern')})"
    if kind == "greater_than_equal":
        return f"värdet {show(value)} är för litet (minst {ctx.get('ge')})"
    if kind == "less_than_equal":
        return f"värdet {show(value)} är för stort (högst {ctx.get('le')})"
    if kind in ("list_type",):
        return f"ska vara en lista, inte {show(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"ska vara en mappning (nyckel: värde), inte {show(value)}"
    if kind == "too_short":
        return "får inte vara tom (minst en post)"
    if kind == "literal_error":
        return f"värdet {show(value)} är inte tillåtet; väntat ett av {ctx.get('expected')}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg']} (värde {show(value)})"


def from_validation_error(file: str, error: ValidationError, prefix: str = "") -> list[Problem]:
    """Translate pydantic's errors into one Swedish problem per field."""
    seen: dict[str, Problem] = {}
    numeric_union: set[str] = set()
    for err in error.errors(include_url=False):
        field = _field(tuple(err["loc"]))
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        if err["type"] in ("int_type", "float_type") and field in seen:
            numeric_union.add(field)
            seen[field] = Problem(file, field, f"värdet {show(err.get('input'))} ska vara ett tal")
            continue
        if err["type"] == "finite_number" or field not in seen:
            seen[field] = Problem(file, field, _message(err))
    return list(seen.values())
