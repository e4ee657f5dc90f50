"""A new evaluation pair on disk: its paths, never overwriting, the YAML layout, the scaffold.

Three steps of one concern, in this order in this module:

1. **Writing the pair** (``pair_paths``, ``write_new_pair``): only if neither file exists, so
   neither the scaffold nor the report importer can overwrite a maintainer's work. What they
   could not fill in carries ``NOT_FILLED`` in its note or text; ``find_placeholders`` lists
   what is left before a pull request is merged.
2. **The YAML layout** (``dump_evaluation``): the way the hand-made files look, for files a
   maintainer goes on to edit by hand (a scaffold, a report's draft). Short mappings go on
   one line (``"1.1": {score: 7, max: 15, percent: 45}``), longer ones in block style; every
   string is a double-quoted scalar, so no text can change YAML's reading of the file.
   Comment lines (the schema reference first) head the file.
   The project's other YAML writer is ``reimport.dump`` (PyYAML, block style, strings plain
   where YAML allows): the catalogue import's files, which it writes again on every import,
   so the same data must always give the same bytes whatever a maintainer changed around it.
   The two layouts are separate contracts (each pinned byte for byte by its tests); what they
   share is the schema comment, ``routes.SCHEMA_COMMENT``. (The tests and the benchmark write
   their synthetic files with plain ``yaml.safe_dump``: no layout is promised there.)
3. **The scaffold** (``scaffold_data``, ``scaffold_markdown``): valid by construction, every
   sub-question of the version listed, what is not filled in unknown with ``NOT_FILLED``. The
   loader requires a bullet list under ``### Styrkor`` and ``### Förbättringsområden``, so those
   sections carry one placeholder bullet.

Finding the municipality and version a new pair is for: ``lookup``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kommunkompassen import routes
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipality
from kommunkompassen.domain.reporttext import area_heading
from kommunkompassen.loading.placeholders import MARKER as _MARKER
from kommunkompassen.loading.placeholders import NOT_FILLED  # noqa: F401  (the writers' placeholder)


class ExistingFileError(Exception):
    """A file the command would write is already there; nothing was written."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__(self.message())

    def message(self, show=str) -> str:
        names = " och ".join(show(p) for p in self.paths)
        return (f"{names} finns redan; inget skrevs. Ändra i den befintliga filen, "
                "eller flytta undan den om du vill börja om.")


def evaluation_key(municipality: Municipality, year: int) -> str:
    return routes.evaluation_key(municipality.slug, year)


def pair_paths(directory: Path, key: str) -> tuple[Path, Path]:
    """The pair's files in ``directory``, named as in ``data/evaluations/``."""
    yaml_file, md_file = routes.evaluation_files(key)
    return directory / yaml_file.name, directory / md_file.name


def write_new_pair(directory: Path, key: str, yaml_text: str, md_text: str) -> tuple[Path, Path]:
    """Write ``<key>.yaml`` and ``<key>.md``; refuse, writing nothing, if either exists."""
    yaml_path, md_path = pair_paths(directory, key)
    existing = [p for p in (yaml_path, md_path) if p.exists()]
    if existing:
        raise ExistingFileError(existing)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for path, text in ((yaml_path, yaml_text), (md_path, md_text)):
            with path.open("x", encoding="utf-8") as fh:  # "x": fail rather than overwrite
                fh.write(text)
            written.append(path)
    except FileExistsError as exc:  # created by someone else between the check and the write
        for path in written:
            path.unlink()
        raise ExistingFileError([Path(exc.filename)]) from None
    return yaml_path, md_path


@dataclass(frozen=True)
class Placeholder:
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}: rad {self.line}: {self.text}"


def find_placeholders(root: Path) -> list[Placeholder]:
    """Every line under ``data/evaluations`` that still says "Ej ifyllt ännu"."""
    found: list[Placeholder] = []
    for path in sorted(routes.project_path(root, routes.EVALUATIONS).glob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _MARKER.search(line):
                found.append(Placeholder(path.relative_to(root).as_posix(), number, line.strip()))
    return found


# --- the YAML layout ----------------------------------------------------------------------

WIDTH = 110
_PLAIN_KEY = re.compile(r"^[a-z_]+$")


def dump_evaluation(data: dict[str, Any], comments: list[str] = ()) -> str:
    head = [routes.SCHEMA_COMMENT, *(f"# {line}".rstrip() for line in comments)]
    return "\n".join([*head, *_block_mapping(data, 0)]) + "\n"


def _key(key: Any) -> str:
    text = str(key)
    return text if _PLAIN_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _flat(value: Any) -> bool:
    """A value that reads well on one line: a scalar, or a mapping/list of scalars."""
    if isinstance(value, dict):
        return all(not isinstance(v, (dict, list)) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return True


def _block_mapping(data: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        head = f"{pad}{_key(key)}:"
        one_line = f"{head} {_flow(value)}"
        if not isinstance(value, (dict, list)) or not value or (_flat(value) and len(one_line) <= WIDTH):
            lines.append(one_line)
        elif isinstance(value, dict):
            lines.append(head)
            lines.extend(_block_mapping(value, indent + 2))
        else:
            lines.append(head)
            lines.extend(_block_list(value, indent + 2))
    return lines


def _block_list(items: list, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        one_line = f"{pad}- {_flow(item)}"
        if not isinstance(item, (dict, list)) or (_flat(item) and len(one_line) <= WIDTH):
            lines.append(one_line)
        elif isinstance(item, dict):
            body = _block_mapping(item, indent + 2)
            lines.append(f"{pad}- {body[0].lstrip()}")
            lines.extend(body[1:])
        else:
            lines.append(f"{pad}-")
            lines.extend(_block_list(item, indent + 2))
    return lines


# --- the scaffold ------------------------------------------------------------------------

def todo(note: str = NOT_FILLED) -> dict[str, Any]:
    return {"value": None, "note": note}


def scaffold_data(framework: Framework, municipality: Municipality, year: int) -> dict[str, Any]:
    areas = {
        str(area.number): {
            "score": todo(),
            **({"questions": {q.id: {"score": todo(), "max": q.max, "percent": todo()}
                              for q in area.questions}} if area.questions else {}),
        }
        for area in framework.areas
    }
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "year": year,
        "month": todo(),
        "framework": framework.id,
        "evaluation_number": todo(),
        "evaluators": [],
        "evaluators_note": NOT_FILLED,
        "interviewed": todo(),
        "total": todo(),
        "areas": areas,
        "sources": [{"title": NOT_FILLED, "file": NOT_FILLED, "used_for": NOT_FILLED}],
    }


def scaffold_markdown(framework: Framework) -> str:
    parts: list[str] = []
    for area in framework.areas:
        parts.append(f"## {area_heading(area.number, area.name)}")
        for heading in ("Allmänt", *area.headings):
            parts.append(f"### {heading}")
            parts.append(NOT_FILLED)
        for heading in ("Styrkor", "Förbättringsområden"):
            parts.append(f"### {heading}")
            parts.append(f"- {NOT_FILLED}")
    return "\n\n".join(parts) + "\n"


def scaffold_comments(framework: Framework, municipality: Municipality, year: int) -> list[str]:
    return [
        f"{municipality.name} {year}, ramverksversion {framework.id}. Skapad av scripts/new_evaluation.py.",
        f"Allt som står som \"{NOT_FILLED}\" fylls i ur rapporten (se CONTRIBUTING.md).",
    ]
