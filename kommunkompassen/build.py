"""One build of the site: load, validate, draw charts, and list every generated file."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

from . import pages
from .archive import Archive, load_archive
from .charts import ensure_drawn
from .chartspecs import chart_specs
from .site import generated_data, generated_pages
from .startpage import fill_start_page

CACHE_DIR = Path(".cache") / "kommunkompassen" / "charts"


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
        archive = load_archive(root)
        t1 = time.perf_counter()
        index = pages.SiteIndex(archive)
        specs = chart_specs(index)
        index.charts = specs
        paths, drawn = ensure_drawn(list(specs.values()), root / CACHE_DIR)
        t2 = time.perf_counter()
        return cls(root, archive, index, paths, drawn, site_url,
                   {"load": t1 - t0, "charts": t2 - t1})

    def files(self) -> Iterator[tuple[str, Union[str, Path]]]:
        """(site path, content or cached file) for everything the build adds or fills in."""
        t0 = time.perf_counter()
        start = self.root / "docs" / "index.md"
        if start.exists():
            yield "index.md", fill_start_page(start.read_text(encoding="utf-8"), self.index)
        yield from generated_pages(self.index).items()
        yield from generated_data(self.archive, self.site_url).items()
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
        return (f"Kommunkompassen: {len(self.archive.evaluations)} utvärderingar, "
                f"{len(self.chart_paths)} diagram ({self.charts_drawn} ritade nu), "
                + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()))
