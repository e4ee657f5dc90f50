"""A new evaluation pair on disk: written only if neither file exists, placeholders findable.

Both the scaffold and the report importer write through ``write_new_pair``, so neither can
overwrite a maintainer's work. What they could not fill in carries ``NOT_FILLED`` in its note
or text; ``find_placeholders`` lists what is left before a pull request is merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NOT_FILLED = "Ej ifyllt ännu."
_MARKER = re.compile(re.escape(NOT_FILLED.rstrip(".")), re.IGNORECASE)


class ExistingFileError(Exception):
    """A file the command would write is already there; nothing was written."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__(self.message())

    def message(self, show=str) -> str:
        names = " och ".join(show(p) for p in self.paths)
        return (f"{names} finns redan; inget skrevs. Ändra i den befintliga filen, "
                "eller flytta undan den om du vill börja om.")


def pair_paths(directory: Path, key: str) -> tuple[Path, Path]:
    return directory / f"{key}.yaml", directory / f"{key}.md"


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
    for path in sorted((root / "data" / "evaluations").glob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _MARKER.search(line):
                found.append(Placeholder(path.relative_to(root).as_posix(), number, line.strip()))
    return found
