"""Shared fixtures: the repository root, a scratch copy of ``data/`` to break on purpose, the
synthetic fixture archive (``tests/fixtures/archive/``) and built sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ARCHIVE = ROOT / "tests" / "fixtures" / "archive"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs in headless Chromium (tests/e2e); runs in CI like every test")
    config.addinivalue_line("markers", "benchmark: runs the build benchmark end to end (about 75 s); left out of "
                            "./dev test and CI by pyproject's addopts; run it with ./dev test-benchmark")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def archive():
    from kommunkompassen.loading.archive import load_archive

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

    def line(self, name: str, *keys: str | int) -> int:
        """The line where the value at ``keys`` is written (its key's line), read with PyYAML's own
        composer: an oracle independent of the loader's line map."""
        node = yaml.compose(self.path(name).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        line = 0
        for key in keys:
            if isinstance(key, int):  # an item of a list
                node = node.value[key]
                line = node.start_mark.line + 1
                continue
            key_node, node = next((k, v) for k, v in node.value if k.value == key)
            line = key_node.start_mark.line + 1
        return line

    def problems(self) -> list[str]:
        from kommunkompassen.loading.archive import load_archive
        from kommunkompassen.loading.problems import DataError

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


# --- the synthetic fixture archive -------------------------------------------------------------


def make_fixture_project(dest: Path) -> Path:
    """A project root with the real frameworks and reference files and only the fixture's
    evaluations (``tests/fixtures/archive/data/evaluations``): counts and ranks that never grow."""
    (dest / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "frameworks", dest / "data" / "frameworks")
    shutil.copytree(ROOT / "data" / "reference", dest / "data" / "reference")
    shutil.copytree(FIXTURE_ARCHIVE / "data" / "evaluations", dest / "data" / "evaluations")
    return dest


class FixtureSite:
    """The generated pages (Markdown) and data files of the fixture archive, rendered on demand."""

    def __init__(self, archive):
        from kommunkompassen.site.index import build_index
        from kommunkompassen.site.tree import generated_data, page_jobs

        self.archive = archive
        self.index = build_index(archive)
        self._jobs = {route.url: job for route, job in page_jobs(self.index)}
        self._pages: dict[str, str] = {}
        self.data = generated_data(archive)

    def page(self, url: str) -> str:
        """The Markdown of the page at ``url`` ("" is the start page, filled from docs/index.md)."""
        if url not in self._pages:
            if url == "":
                from kommunkompassen.site.startpage import fill_start_page

                self._pages[url] = fill_start_page((ROOT / "docs" / "index.md").read_text(encoding="utf-8"),
                                                   self.index)
            else:
                self._pages[url] = self._jobs[url]()
        return self._pages[url]


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory) -> Path:
    return make_fixture_project(tmp_path_factory.mktemp("fixture") / "project")


@pytest.fixture(scope="session")
def fixture_archive(fixture_project):
    from kommunkompassen.loading.archive import load_archive

    return load_archive(fixture_project)


@pytest.fixture(scope="session")
def fixture_site(fixture_archive) -> FixtureSite:
    return FixtureSite(fixture_archive)


# --- built sites -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with ``mkdocs build --strict`` into a temporary folder."""
    from sitebuild import mkdocs_build, shared_once

    return shared_once(tmp_path_factory, "site", lambda out: mkdocs_build(ROOT, out))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from a project whose only evaluation is full of hostile text (``hostile.py``)."""
    from hostile import make_hostile_project
    from sitebuild import mkdocs_build, shared_once

    def build(out: Path) -> None:
        project = make_hostile_project(out.parent / "hostile-project")
        mkdocs_build(project, out)

    return shared_once(tmp_path_factory, "hostile-site", build)


@pytest.fixture(scope="session")
def grown(built_site, tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): a copy of the checkout plus generated valid pairs of every framework
    version (``grown.py``), built with ``mkdocs build --strict`` once per test run, even when
    both test workers use it.

    Depends on ``built_site`` so that the checkout's chart cache is complete before it is
    copied: only the new evaluations' charts (and those they change) are drawn again.
    """
    from grown import add_pairs
    from sitebuild import copy_chart_cache, copy_project, mkdocs_build, shared_once

    def build(site: Path) -> None:
        project = copy_project(site.parent / "grown-project", include=lambda path: not path.startswith("tests/"))
        copy_chart_cache(project)
        add_pairs(project)
        mkdocs_build(project, site)

    site = shared_once(tmp_path_factory, "grown-site", build)
    return site.parent / "grown-project", site


@pytest.fixture
def grown_facts(grown, monkeypatch):
    """``sourcefacts`` reading the grown copy's data files, as the other tests read the checkout's."""
    import sourcefacts

    monkeypatch.setattr(sourcefacts, "DATA", grown[0] / "data")
    return sourcefacts


@pytest.fixture(scope="session")
def raw_search_bundle(built_site, tmp_path_factory) -> Path:
    """Pagefind's own bundle of the real site, before ``search_bundle.compact``: Pagefind run on
    a copy of the built site (it writes its staging folder into the site it reads)."""
    from kommunkompassen.site.search_index import run_pagefind

    site = tmp_path_factory.mktemp("raw-search") / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(site, site.parent / "pagefind")
    return site.parent / "pagefind"

