"""Shared fixtures: the repository root and a scratch copy of ``data/`` to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def archive():
    from kommunkompassen.archive import load_archive

    return load_archive(ROOT)


class DataCopy:
    """A temporary project root with the real frameworks, reference list and chosen evaluations."""

    def __init__(self, path: Path, evaluations: tuple[str, ...]):
        self.root = path
        (path / "data" / "evaluations").mkdir(parents=True)
        shutil.copytree(ROOT / "data" / "frameworks", path / "data" / "frameworks")
        shutil.copytree(ROOT / "data" / "reference", path / "data" / "reference")
        for key in evaluations:
            for suffix in (".yaml", ".md"):
                src = ROOT / "data" / "evaluations" / f"{key}{suffix}"
                if src.exists():
                    shutil.copy(src, path / "data" / "evaluations" / src.name)

    def path(self, name: str) -> Path:
        return self.root / "data" / "evaluations" / name

    def read(self, name: str) -> dict:
        return yaml.safe_load(self.path(name).read_text(encoding="utf-8"))

    def write(self, name: str, data: dict) -> None:
        self.path(name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def edit(self, name: str, change) -> None:
        data = self.read(name)
        change(data)
        self.write(name, data)

    def edit_text(self, name: str, old: str, new: str) -> None:
        p = self.path(name)
        text = p.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    def problems(self) -> list[str]:
        from kommunkompassen.archive import load_archive
        from kommunkompassen.problems import DataError

        try:
            load_archive(self.root)
        except DataError as exc:
            return [str(p) for p in exc.problems]
        return []


@pytest.fixture
def data_copy(tmp_path):
    def make(*evaluations: str) -> DataCopy:
        return DataCopy(tmp_path, evaluations or ("bengtsfors-2015", "amal-2019"))

    return make


def build_site(project: Path, site_dir: Path, *extra: str) -> "subprocess.CompletedProcess[str]":
    """Run ``mkdocs build --strict`` for a project root, like a maintainer would."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir), *extra],
        capture_output=True, text=True, env=env, cwd=project,
    )


def copy_project(target: Path) -> Path:
    """A full project copy (config, docs, hook, data) to build with changed data."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, target / name)
    for name in ("docs", "hooks", "data"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session (strict)."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def page_text(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8") if not url.endswith(
        (".csv", ".json", ".svg")) else (site / url).read_text(encoding="utf-8")
