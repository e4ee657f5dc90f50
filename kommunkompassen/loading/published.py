"""Reading ``data/reference/published-results.yaml``, the catalogue import's source, checked entry by entry.

The file is a compilation of what public pages say (see its ``meta``): ``evaluations`` is a
list with one entry per evaluation, ``facts`` facts about the whole programme; its other
top-level sections (``meta``, ``frameworks``, ...) are notes for readers. An entry has the
keys of ``SourceEntry`` below: those without a default must be there (``null`` where the
source says nothing), and any other key is an error, so a misspelt key is reported instead of
a value silently not imported. A problem names the entry by its place in the list and its
municipality and year: ``evaluations.12 (Åmål 2019).total_score``. The rules for maintainers
are in ``data/README.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError

from kommunkompassen import routes
from kommunkompassen.loading.problems import Problem, from_validation_error, show
from kommunkompassen.loading.yamlio import load_yaml

SOURCE_FILE = routes.PUBLISHED_RESULTS.as_posix()

_Number = Union[StrictInt, StrictFloat]


def _urls(value: Any) -> Any:
    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and u.strip() for u in urls):
        raise ValueError(f"värdet {show(value)} ska vara en adress eller en lista av adresser (text)")
    return value


_Urls = Annotated[Any, AfterValidator(_urls)]

_SOURCE_KEYS = {"url", "quote", "supports", "note"}


def _one_source(item: Any, where: str) -> Optional[str]:
    """What is wrong with one source (a URL, or {url, quote, supports}), or None."""
    if isinstance(item, str):
        return None if item.strip() else f"{where}: en tom adress"
    if not isinstance(item, dict):
        return f"{where}: värdet {show(item)} ska vara en adress eller en mappning {{url, quote, supports}}"
    extra = sorted(set(map(str, item)) - _SOURCE_KEYS)
    if extra:
        return f"{where}: okänd nyckel {', '.join(extra)} (tillåtna: url, quote, supports, note)"
    if not isinstance(item.get("url"), str) or not item["url"].strip():
        return f"{where}.url: saknas; ange sidans adress (https://…) eller seed:<fil>"
    for key in ("quote", "supports", "note"):
        if item.get(key) is not None and not isinstance(item[key], str):
            return f"{where}.{key}: värdet {show(item[key])} ska vara text"
    return None


def _sources(value: Any) -> Any:
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list) or not items:
        raise ValueError(f"värdet {show(value)} ska vara en adress, en mappning {{url, quote, supports}} "
                         "eller en lista av sådana")
    for i, item in enumerate(items):
        problem = _one_source(item, f"post {i}")
        if problem:
            raise ValueError(problem)
    return value


_Sources = Annotated[Any, AfterValidator(_sources)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class SourceArea(_Strict):
    area: StrictInt = Field(ge=1, le=99)
    score: _Number = Field(ge=0)
    name: Optional[str] = None


class SourceComparison(_Strict):
    value: Optional[_Number] = None
    value_status: Optional[str] = None
    of: Optional[str] = None
    per_area: Optional[list[_Number]] = None


class SourceConflict(_Strict):
    """Two sources that disagree on a value; the stored value is not changed."""

    field: str = Field(min_length=1)
    stored: Any = None
    source_says: str = Field(min_length=1)
    note: Optional[str] = None


class SourceEntry(_Strict):
    """One evaluation as the compilation states it. No default means the key must be there."""

    municipality: str = Field(min_length=1)
    year: Union[Annotated[StrictInt, Field(ge=1990, le=2100)], str, None]
    month: Union[StrictInt, str, None] = None
    framework_version: str = Field(min_length=1)
    framework_version_basis: Optional[str] = None
    total_score: Optional[_Number] = Field(ge=0)
    total_score_status: Optional[str] = None
    area_scores: Optional[list[SourceArea]] = None
    area_scores_status: Optional[str] = None
    subquestion_scores: Optional[list] = None
    comparison_average: Optional[SourceComparison] = None
    evaluators: Optional[list[str]] = None
    evaluation_number: Optional[StrictInt] = Field(default=None, ge=1)
    report_date: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    sources: _Sources
    notes: Optional[str] = None  # the compiler's notes in English: never shown on a page
    notes_sv: Optional[str] = None  # the same for readers, in Swedish
    year_status: Optional[str] = None
    status_flags: Optional[list[str]] = None
    conflicts: Optional[list[SourceConflict]] = None


class SourceFact(_Open):
    fact: str = Field(min_length=1)
    source: Optional[_Sources] = None


class SourceFile(_Open):
    evaluations: list[Any]
    facts: Optional[list[Any]] = None


def label(entry: dict) -> str:
    """'Åmål 2019', 'kommun saknas 2019', 'Åmål (år saknas)': how a maintainer finds the entry."""
    name, year = entry.get("municipality"), entry.get("year")
    name = name.strip() if isinstance(name, str) and name.strip() else "kommun saknas"
    return f"{name} {year if year is not None else '(år saknas)'}"


def check_source(source: Any, file: str = SOURCE_FILE) -> list[Problem]:
    """Every problem of the parsed source file, each named by entry and field."""
    try:
        top = SourceFile.model_validate(source)
    except ValidationError as exc:
        return from_validation_error(file, exc)
    problems: list[Problem] = []
    for i, fact in enumerate(top.facts or []):
        try:
            SourceFact.model_validate(fact)
        except ValidationError as exc:
            problems.extend(from_validation_error(file, exc, prefix=f"facts.{i}"))
    for i, entry in enumerate(top.evaluations):
        if not isinstance(entry, dict):
            problems.append(Problem(file, f"evaluations.{i}", f"ska vara en mappning (nyckel: värde), inte "
                                    f"{show(entry)}"))
            continue
        where = f"evaluations.{i} ({label(entry)})"

        def add(field: str, message: str) -> None:
            problems.append(Problem(file, f"{where}.{field}" if field else where, message))

        try:
            parsed = SourceEntry.model_validate(entry)
        except ValidationError as exc:
            for p in from_validation_error(file, exc):
                add(*_worded(entry, p))
            continue
        if parsed.total_score is not None and not (parsed.total_score_status or "").strip():
            add("total_score_status", "saknas; ange var totalpoängen kommer ifrån (t.ex. stated eller derived (…))")
        if parsed.area_scores and not (parsed.area_scores_status or "").strip():
            add("area_scores_status", "saknas; ange var områdespoängen kommer ifrån (t.ex. stated eller "
                "derived (…))")
        seen: set[int] = set()
        for j, area in enumerate(parsed.area_scores or []):
            if area.area in seen:
                add(f"area_scores.{j}.area", f"område {area.area} förekommer två gånger")
            seen.add(area.area)
    return problems


def _worded(entry: dict, problem: Problem) -> tuple[str, str]:
    """(field, message) of a problem in an entry, for the case the general wording gets wrong.
    (An unquoted date is text: the data files are read with YAML 1.2's rules, ``loading/yamlio.py``.)"""
    if problem.field == "comparison_average" and isinstance(entry.get("comparison_average"), dict):
        # the general wording drops a trailing 'value' (the recorded-value wrapper); here it is a key
        return "comparison_average.value", problem.message
    return problem.field, problem.message


def read_published(path: Path, file: str = SOURCE_FILE) -> tuple[Optional[dict], list[Problem]]:
    """The parsed source file (named ``file`` in messages), or None and every problem."""
    try:
        source = load_yaml(path)
    except ValueError as exc:  # missing, not UTF-8, bad YAML, a key twice
        return None, [Problem(file, "", str(exc))]
    problems = check_source(source, file)
    return (None if problems else source), sorted(problems)
