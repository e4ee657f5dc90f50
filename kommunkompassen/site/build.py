"""One build of the site, independent of any site generator: load and validate the data,
build the site index, draw the charts, and list every generated page and data file.

A generator adapter (``adapters/mkdocs.py``) or the plain-tree writer (``write_tree``) hands
the result on. Every address comes from ``routes``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from kommunkompassen import routes
from kommunkompassen.charts.drawing import chart_table, ensure_drawn, prune
from kommunkompassen.domain.archive import Archive
from kommunkompassen.loading.archive import LoadCache
from kommunkompassen.loading.history import data_file_dates, year_start
from kommunkompassen.loading.yamlio import read_text
from kommunkompassen.site.checks import checked_archive
from kommunkompassen.site.compare_pages import compare_data
from kommunkompassen.site.embed import embed_pages
from kommunkompassen.site.feed import atom_feed, newest_date
from kommunkompassen.site.incremental import PageMemo, templates_stamp
from kommunkompassen.site.index import SiteIndex, build_index
from kommunkompassen.site.output import PagesBehind, inside, paused_gc, render_to, write_if_changed
from kommunkompassen.site.overview import draw_sweden_map
from kommunkompassen.site.startpage import fill_start_page
from kommunkompassen.site.tree import generated_data, opendata_paths, page_jobs

def history_of(root: Path, archive: Archive) -> dict:
    """The data files' dates from Git, leaving out commits dated before the first evaluation or
    after this build (a committer's wrong clock)."""
    years = [ev.year for ev in archive.evaluations]
    return data_file_dates(root, year_start(min(years)) if years else None, int(time.time()))


# A generated file: its path under the site's sources, and the file holding its bytes.
Generated = tuple[str, Path]


@dataclass
class SiteBuild:
    root: Path
    archive: Optional[Archive]
    index: Optional[SiteIndex]
    chart_paths: dict[str, Path]
    charts_drawn: int
    site_url: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    evaluation_count: int = 0
    history: dict = field(default_factory=dict)  # data file -> FileDates, for the feed
    page_count: int = 0
    pages_rendered: int = 0  # of them, rendered in this build (``mkdocs serve`` skips unchanged ones)
    pending: Optional[PagesBehind] = None  # pages still being rendered (``write(..., behind=True)``)
    _data_paths: Optional[list[str]] = field(default=None, repr=False)  # ``data_paths``, made once

    @classmethod
    def load(cls, root: Path, site_url: str = "", cache: Optional[LoadCache] = None) -> "SiteBuild":
        """Load and validate ``root``'s data (raises ``DataError``), rank, draw what is not cached."""
        root = Path(root)
        chart_cache = routes.project_path(root, routes.CHART_CACHE)
        t0 = time.perf_counter()
        with paused_gc():
            archive = checked_archive(root, cache)
            t1 = time.perf_counter()
            map_seconds = []

            def draw_map(rankings) -> str:
                t = time.perf_counter()
                svg = draw_sweden_map(rankings.archive, root, chart_cache)
                map_seconds.append(time.perf_counter() - t)
                return svg

            index = build_index(archive, draw_map, site_url)
            paths, drawn = ensure_drawn([*index.charts.values(), *index.cards.values()], chart_cache)
            prune(chart_cache, set(paths.values()))
            t2 = time.perf_counter()
        return cls(root, archive, index, paths, drawn, site_url,
                   {"load": t1 - t0, "charts": t2 - t1 - sum(map_seconds), "map": sum(map_seconds)},
                   len(archive.evaluations), history_of(root, archive))

    def start_page(self) -> Optional[str]:
        """The hand-written start page with its markers filled in, if the project has one."""
        start = routes.project_path(self.root, routes.START_PAGE)
        if not start.exists():
            return None
        return fill_start_page(read_text(start), self.index, str(routes.START_PAGE))

    def page_jobs(self) -> list[tuple[routes.Route, Callable[[], str]]]:
        return page_jobs(self.index)

    def open_data(self, memo: Optional[dict] = None) -> dict[str, str | bytes]:
        """The open data (``tree.generated_data``), dated by the newest change to the data."""
        return generated_data(self.archive, self.site_url, memo, newest_date(self.archive, self.history))

    def data_files(self, memo: Optional[dict] = None) -> dict[str, str | bytes]:
        """The open data, each chart's numbers as CSV beside its SVG, the feed, the embed pages
        and the comparison data, in the order of ``data_paths``."""
        out = self.open_data(memo)
        out.update({spec.table_src: chart_table(spec) for spec in self.index.charts.values()})
        out[routes.FEED] = atom_feed(self.archive, self.history, self.site_url)
        out.update(embed_pages(self.index, self.site_url))
        out[routes.COMPARE_DATA] = compare_data(self.archive)
        return out

    def data_paths(self) -> list[str]:
        """The paths of ``data_files`` without making them (checked against them when made)."""
        if self._data_paths is None:
            charts = self.index.charts.values()
            self._data_paths = [*opendata_paths(self.archive), *(spec.table_src for spec in charts), routes.FEED,
                                *(spec.embed_src for spec in charts), routes.COMPARE_DATA]
        return self._data_paths

    def data_written(self, folder: Path) -> bool:
        """Whether every data file of this build is in ``folder`` already (from an earlier build)."""
        return all((folder / path).is_file() for path in self.data_paths())

    def write_data(self, folder: Path, *also: Path, memo: Optional[dict] = None) -> list[Generated]:
        """Make the data files and write each into ``folder`` and every one of ``also`` (where it
        changed); the files in ``folder``. ``mkdocs serve`` calls it after the build
        (``write(..., later=True)``)."""
        with paused_gc():
            files = self.data_files(memo)
            for other in also:
                for path, content in files.items():
                    write_if_changed(other, path, content)
            return [(path, write_if_changed(folder, path, content)) for path, content in files.items()]

    def write(self, folder: Path, memo: Optional[dict] = None, pages: Optional[PageMemo] = None,
              behind: bool = False, later: bool = False) -> Iterator[tuple[Optional[routes.Route], Generated]]:
        """Write every generated page and data file into ``folder`` (unchanged files are not
        rewritten) and yield each with its route (None for data files and charts), in a
        stable order: start page, pages, data files, charts.

        ``pages`` (``mkdocs serve``): pages whose context is unchanged since the last build
        that used it are not rendered again (``incremental.py``).

        ``behind``: the pages are rendered by a forked child while the caller goes on
        (``output.PagesBehind``, kept in ``self.pending``): a yielded page's file exists only
        once ``self.pending.wait_for(path)`` returned. For a caller that reads the pages in
        this order, after doing other work (MkDocs).

        ``later`` (``mkdocs serve``, when ``data_written(folder)``): the data files are not made
        now; the ones in ``folder`` are yielded as they are, and the caller makes them afresh
        with ``write_data`` once the pages are shown. Open data that concerns the whole archive
        takes seconds at a thousand evaluations; an edited page need not wait for it."""
        t0 = time.perf_counter()
        if pages is not None:
            pages.stamp = templates_stamp()
        with paused_gc():
            start = self.start_page()
            if start is not None:
                route = routes.start_route()
                yield route, (route.source, write_if_changed(folder, route.source, start))
            jobs = self.page_jobs()

            if behind:  # the data files too, after the pages, in the child (MkDocs copies them last)
                announced = self.data_paths()
                self.pending = PagesBehind(folder, [(r.source, job) for r, job in jobs],
                                           then=(announced, self.data_files))
                data_files = [(path, inside(folder, path)) for path in announced]
                rendered = [(r.source, inside(folder, r.source)) for r, _ in jobs]
            elif later:
                rendered, _ = render_to(folder, [(r.source, job) for r, job in jobs], meanwhile=list, memo=pages)
                data_files = [(path, folder / path) for path in self.data_paths()]  # written (inside) before
            else:
                rendered, data_files = render_to(folder, [(r.source, job) for r, job in jobs],
                                                 meanwhile=lambda: self.write_data(folder, memo=memo),
                                                 memo=pages)
            self.pages_rendered = pages.rendered if pages is not None else len(jobs)
            self.page_count = len(jobs)
            if pages is not None:
                pages.alive = self.archive  # its objects' ids stay taken until the next build compares them
            yield from zip((r for r, _ in jobs), rendered)
            for item in data_files:
                yield None, item
            for name, path in sorted(self.chart_paths.items()):
                inside(folder, name)  # the chart's place in the site is checked like every other path
                yield None, (name, path)
        self.timings["pages"] = time.perf_counter() - t0

    def summary(self) -> str:
        return (f"Kommunkompassen: {self.evaluation_count} utvärderingar, "
                f"{len(self.chart_paths)} diagram och delningsbilder ({self.charts_drawn} ritade nu), "
                f"{self.page_count} sidor ({self.pages_rendered} renderade nu), "
                + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()))


def write_tree(root: Path, target: Path, site_url: str = "") -> int:
    """The whole site's sources as a plain folder, no site generator involved: the
    hand-written ``docs/`` with every generated page, data file and chart added.

    Any static-site generator that reads a folder of Markdown can take it from here.
    Returns the number of generated files. ``target`` must not exist yet.
    """
    root, target = Path(root), Path(target)
    build = SiteBuild.load(root, site_url)
    docs = routes.project_path(root, routes.DOCS)
    shutil.copytree(docs, target)
    count = 0
    for _, (path, source) in build.write(target / ".generated"):
        dest = target / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.resolve() != dest.resolve():
            shutil.copyfile(source, dest)
        count += 1
    shutil.rmtree(target / ".generated")
    return count
