"""A scratch project root with the real frameworks and reference data and no evaluations."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def empty_project(path: Path) -> Path:
    (path / "data" / "evaluations").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "frameworks", path / "data" / "frameworks")
    shutil.copytree(ROOT / "data" / "reference", path / "data" / "reference")
    return path
