"""One build of the site: load, validate, draw charts, and list every generated file."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Union

from . import pages
from .archive import Archive, Evaluation, LoadCache, load_archive
from .charts import ensure_drawn
from .chartspecs import chart_specs
from .overview import draw_sweden_map
from .site import generated_data, generated_pages
from .startpage import fill_start_page
from .templating import RenderCache, use_render_cache

CACHE_DIR = Path(".cache") / "kommunkompassen" / "charts"
EVALUATION_PAGE = re.compile(r"^kommuner/[^/]+/\d{4}\.md$")
EVALUATION_TOC_DEPTH = 2


def trim_toc(src_uri: str, toc) -> None:
    """An evaluation page's table of contents: its chapters and areas (levels 1–2) only.

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
    """What ``mkdocs serve`` keeps from one rebuild to the next, so an edit costs its own work.

    The data files read (``LoadCache``), the pages rendered (``RenderCache``) and each
    evaluation's JSON. ``mkdocs build`` keeps nothing: it is one build per process.
    """

    def __init__(self) -> None:
        self.load = LoadCache()
        self.render = RenderCache()
        self.documents: dict[int, tuple[Evaluation, str, str]] = {}


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

    @classmethod
    def load(cls, root: Path, site_url: str = "") -> "SiteBuild":
        t0 = time.perf_counter()
        memory = _memory
        archive = load_archive(root, memory.load if memory else None)
        use_render_cache(memory.render if memory else None)
        if memory:
            memory.render.start()
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
        start = self.root / "docs" / "index.md"
        if start.exists():
            yield "index.md", fill_start_page(start.read_text(encoding="utf-8"), self.index)
        yield from generated_pages(self.index).items()
        yield from generated_data(self.archive, self.site_url, _memory.documents if _memory else None).items()
        for name, path in sorted(self.chart_paths.items()):
            yield name, path
        self.timings["pages"] = time.perf_counter() - t0

    def edit_path(self, site_path: str) -> str | None:
        """Repository path that "Redigera" opens for a generated page."""
        parts = site_path.split("/")
        if len(parts) == 3 and parts[0] == "kommuner" and parts[2][:4].isdigit():
            return f"data/evaluations/{parts[1]}-{parts[2][:4]}.yaml"
        return None

    def summary(self) -> str:
        reused = f" ({_memory.render.hits} sidor oförändrade sedan förra bygget)" if _memory else ""
        return (f"Kommunkompassen: {len(self.archive.evaluations)} utvärderingar, "
                f"{len(self.chart_paths)} diagram ({self.charts_drawn} ritade nu), "
                + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()) + reused)
