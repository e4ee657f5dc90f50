"""What the pair writers leave for a maintainer to fill in, and finding what is left.

The scaffold (``scripts/new_evaluation.py``) and the report import write ``NOT_FILLED`` where
they could not fill in a value, a note or a section of text. Such a pair loads (the tools and
the maintainer's editor read it), but ``./dev check`` and the build refuse it, one problem per
line, until every placeholder is filled in or replaced by a real explanation: a pair is a full
report only when its text is the report's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.reporttext import NOT_FILLED
from kommunkompassen.loading.problems import Problem
MARKER = re.compile(re.escape(NOT_FILLED.rstrip(".")), re.IGNORECASE)
MESSAGE = (f"\"{NOT_FILLED.rstrip('.')}\" står kvar: fyll i det ur rapporten, eller skriv en riktig förklaring "
           "av varför det saknas (se CONTRIBUTING.md)")


def placeholders(root: Path, seen: Optional[dict] = None) -> list[Problem]:
    """Every line of the evaluation files (``.yaml`` and ``.md``) that still says "Ej ifyllt ännu".

    ``seen`` (``mkdocs serve`` keeps one, ``LoadCache.placeholders``): each file's problems by its
    modification time, size and inode; a file that did not change is not read again."""
    found: list[Problem] = []
    fresh: dict = {}
    folder = routes.project_path(Path(root), routes.EVALUATIONS)
    for path in sorted(folder.glob("*")):
        if path.suffix not in (".yaml", ".md") or not path.is_file() or path.is_symlink():
            continue
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        hit = seen.get(path) if seen is not None else None
        problems = hit[1] if hit is not None and hit[0] == key else _in_file(path, root)
        fresh[path] = (key, problems)
        found.extend(problems)
    if seen is not None:
        seen.clear()
        seen.update(fresh)
    return found


def _in_file(path: Path, root: Path) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []  # reported by the loader with the file
    if not MARKER.search(text):  # nearly every file: one search of the whole text
        return []
    file = path.relative_to(root).as_posix()
    return [Problem(file, "", MESSAGE, number) for number, line in enumerate(text.splitlines(), start=1)
            if MARKER.search(line)]
