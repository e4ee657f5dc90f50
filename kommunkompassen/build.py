"""One build of the site: load, validate, draw charts, and list every generated file."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional, TypeVar, Union

from . import pages
from .archive import Archive, Evaluation, LoadCache, load_archive
from .charts import ensure_drawn
from .chartspecs import chart_specs
from .overview import draw_sweden_map
from .site import generated_data, page_jobs
from .startpage import fill_start_page

CACHE_DIR = Path(".cache") / "kommunkompassen" / "charts"
T = TypeVar("T")
EVALUATION_PAGE = re.compile(r"^kommuner/[^/]+/\d{4}(?:\.md|/rapport\.md)$")
EVALUATION_TOC_DEPTH = 2


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the hook works.

    Loading creates about a million objects that live for the whole build, and the
    collector walked them again and again: it was more than half of the loading time. The
    pages' few reference cycles (Jinja contexts) are collected afterwards (``release``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_spill: Optional[tempfile.TemporaryDirectory] = None


def _spill_folder() -> Path:
    """The temporary folder for this build's generated files.

    Written to disk, a page costs memory only while it is rendered; MkDocs reads it back
    like a page in docs/. ``mkdocs build`` gets a fresh folder, removed when Python exits.
    ``mkdocs serve`` keeps one folder for all its rebuilds, and a file whose content did not
    change is not written again: its unchanged modification time is what lets
    ``mkdocs serve --dirty`` skip the page.
    """
    global _spill
    if _memory is not None:
        return _memory.spill_folder()
    if _spill is not None:
        _spill.cleanup()
    _spill = tempfile.TemporaryDirectory(prefix="kommunkompassen-")
    return Path(_spill.name)


def _spilled(folder: Path, path: str, content: str) -> Path:
    """Write a generated file, unless the same bytes are already there."""
    target = folder / path
    data = content.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return target
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


PARALLEL_MIN_PAGES = 200


def _render_to(folder: Path, jobs: list, meanwhile: Callable[[], T]) -> tuple[list[tuple[str, Path]], T]:
    """Render every page into ``folder``, part of them in a forked process when that is safe.

    MkDocs renders on one core; while the hook renders, the machine's second core is idle.
    A fork shares the loaded archive without copying or pickling it; the child writes its
    pages (three in five) to disk and exits, while this process renders the others and then
    runs ``meanwhile`` (the open data). The result and its order are those of rendering
    everything here, one page after the other.
    """
    share = [i for i in range(len(jobs)) if i % 5 in (1, 2, 4)]
    pid = _fork() if len(jobs) >= PARALLEL_MIN_PAGES else None
    if pid == 0:  # the child: render its share, never return into MkDocs
        status = 1
        try:
            for i in share:
                _spilled(folder, jobs[i][0], jobs[i][1]())
            status = 0
        except BaseException:  # noqa: BLE001 - reported by the parent, which renders again
            traceback.print_exc()
        finally:
            os._exit(status)
    theirs = set(share) if pid else set()
    try:
        out = {i: _spilled(folder, jobs[i][0], jobs[i][1]()) for i in range(len(jobs)) if i not in theirs}
        extra = meanwhile()
    finally:
        status = os.waitpid(pid, 0)[1] if pid else 0
    if pid:
        for i in share:
            target = folder / jobs[i][0]
            if status != 0 or not target.exists():  # the child failed: render here, raising any error
                _spilled(folder, jobs[i][0], jobs[i][1]())
            out[i] = target
    return [(jobs[i][0], out[i]) for i in range(len(jobs))], extra


def _fork() -> Optional[int]:
    """``os.fork()`` if this process may fork (POSIX, one thread, at least two CPUs), else None."""
    if not hasattr(os, "fork") or threading.active_count() != 1 or (os.cpu_count() or 1) < 2:
        return None
    gc.freeze()  # the child's collector leaves the shared objects alone (fewer copied pages)
    try:
        return os.fork()
    finally:
        gc.unfreeze()


def release(build: "SiteBuild") -> None:
    """Free what the build loaded before MkDocs renders the pages.

    Rendering leaves reference cycles (Jinja contexts) that hold on to the archive until
    Python's next full collection, which can be late in the build: collecting now returns
    the archive's memory for MkDocs to reuse and saves the collector from walking it again.
    """
    t0 = time.perf_counter()
    build.evaluation_count = len(build.archive.evaluations) if build.archive else build.evaluation_count
    build.archive = build.index = None  # type: ignore[assignment]
    if _memory is None:  # `mkdocs serve` keeps the archive: walking it again would be wasted
        gc.collect()
        _trim_heap()
    build.timings["release"] = time.perf_counter() - t0


def _trim_heap() -> None:
    """Give freed memory back to the system (glibc keeps it otherwise, as fragments too
    small for the big page strings MkDocs allocates next)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def trim_toc(src_uri: str, toc) -> None:
    """The table of contents of an evaluation page and its report page: chapters and areas only.

    The report's every sub-heading (about a hundred) made the sidebar a sixth of the page's
    HTML; the areas are what a reader navigates by, and every heading keeps its anchor.
    """
    if not EVALUATION_PAGE.match(src_uri):
        return

    def trim(items, depth: int) -> None:
        for item in items:
            if depth >= EVALUATION_TOC_DEPTH:
                item.children = []
            else:
                trim(item.children, depth + 1)

    trim(toc, 1)


def source_date_epoch(root: Path) -> str | None:
    """Commit time of the checkout at ``root`` (seconds), or None outside a Git checkout.

    MkDocs dates every page (sitemap ``lastmod``, the gzip header of ``sitemap.xml.gz``)
    from ``SOURCE_DATE_EPOCH`` or else the clock; the commit time makes two builds of one
    commit byte-identical (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return value if out.returncode == 0 and value.isdigit() else None


class BuildMemory:
    """What ``mkdocs serve`` keeps from one rebuild to the next: the data files read
    (``LoadCache``: only changed files are read and checked again) and each unchanged
    evaluation's JSON. ``mkdocs build`` keeps nothing: it is one build per process.
    """

    def __init__(self) -> None:
        self.load = LoadCache()
        self.documents: dict[int, tuple[Evaluation, str, str]] = {}
        self._spill: Optional[tempfile.TemporaryDirectory] = None

    def spill_folder(self) -> Path:
        """One folder for the generated files of every rebuild (removed when Python exits)."""
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="kommunkompassen-serve-")
        return Path(self._spill.name)


_memory: Optional[BuildMemory] = None


def keep_between_builds() -> None:
    """Called by the hook when MkDocs serves (the package outlives the reloaded hook)."""
    global _memory
    if _memory is None:
        _memory = BuildMemory()


@dataclass
class SiteBuild:
    root: Path
    archive: Archive
    index: pages.SiteIndex
    chart_paths: dict[str, Path]
    charts_drawn: int
    site_url: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    evaluation_count: int = 0

    @classmethod
    def load(cls, root: Path, site_url: str = "") -> "SiteBuild":
        t0 = time.perf_counter()
        memory = _memory
        with paused_gc():
            archive = load_archive(root, memory.load if memory else None)
            t1 = time.perf_counter()
            index = pages.SiteIndex(archive)
            specs = chart_specs(index)
            index.charts = specs
            paths, drawn = ensure_drawn(list(specs.values()), root / CACHE_DIR)
            t2 = time.perf_counter()
            index.sweden_map = draw_sweden_map(index, root, root / CACHE_DIR)
            t3 = time.perf_counter()
        return cls(root, archive, index, paths, drawn, site_url,
                   {"load": t1 - t0, "charts": t2 - t1, "map": t3 - t2})

    def files(self) -> Iterator[tuple[str, Union[str, Path]]]:
        """(site path, content or cached file) for everything the build adds or fills in."""
        t0 = time.perf_counter()
        with paused_gc():
            spill = _spill_folder()
            start = self.root / "docs" / "index.md"
            if start.exists():
                yield "index.md", fill_start_page(start.read_text(encoding="utf-8"), self.index)
            def data() -> list[tuple[str, Path]]:
                memo = _memory.documents if _memory else None
                return [(path, _spilled(spill, path, content))
                        for path, content in generated_data(self.archive, self.site_url, memo).items()]

            rendered, data_files = _render_to(spill, page_jobs(self.index), meanwhile=data)
            yield from rendered
            yield from data_files
            for name, path in sorted(self.chart_paths.items()):
                yield name, path
        self.timings["pages"] = time.perf_counter() - t0

    def edit_path(self, site_path: str) -> str | None:
        """Repository path that "Redigera" opens for a generated page."""
        parts = site_path.split("/")
        if len(parts) == 3 and parts[0] == "kommuner" and parts[2][:4].isdigit():
            return f"data/evaluations/{parts[1]}-{parts[2][:4]}.yaml"
        if len(parts) == 4 and parts[0] == "kommuner" and parts[2].isdigit() and parts[3] == "rapport.md":
            return f"data/evaluations/{parts[1]}-{parts[2]}.md"
        return None

    def summary(self) -> str:
        count = len(self.archive.evaluations) if self.archive else self.evaluation_count
        return (f"Kommunkompassen: {count} utvärderingar, "
                f"{len(self.chart_paths)} diagram ({self.charts_drawn} ritade nu), "
                + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()))
