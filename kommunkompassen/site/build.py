"""One build of the site, independent of any site generator: load and validate the data,
build the site index, draw the charts, and list every generated page and data file.

A generator adapter (``adapters/mkdocs.py``) or the plain-tree writer (``write_tree``) hands
the result on. Every address comes from ``routes``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Optional

from kommunkompassen import routes
from kommunkompassen.charts.drawing import chart_table, ensure_drawn, prune, site_names
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
from kommunkompassen.site.output import PagesBehind, inside, paused_gc, render_to, write_if_changed, written_if_changed
from kommunkompassen.site.overview import draw_sweden_map, map_page
from kommunkompassen.site.quick import FirstPass, edited_evaluations
from kommunkompassen.site.startpage import fill_start_page
from kommunkompassen.site.tree import generated_data, opendata_paths, page_jobs

def history_of(root: Path, archive: Archive) -> dict:
    """The data files' dates from Git, leaving out commits dated before the first evaluation or
    after this build (a committer's wrong clock)."""
    years = [ev.year for ev in archive.evaluations]
    return data_file_dates(root, year_start(min(years)) if years else None, int(time.time()))


def _first_charts(index: SiteIndex, first: FirstPass, cache: Path, before: dict[str, Path]
                  ) -> tuple[Optional[dict[str, Path]], int]:
    """A first pass's charts: those of its pages drawn now, every other one as the last build's
    file of that name (``complete`` draws it again if its numbers changed). (None, 0) when the
    charts are not the last build's (one appeared or went): then the build is whole."""
    specs = [*index.charts.values(), *index.cards.values()]
    if {name for spec in specs for name in site_names(spec)} != before.keys():
        return None, 0
    paths, drawn = ensure_drawn([spec for spec in specs if first.draws(spec)], cache)
    return {**before, **paths}, drawn


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
    # A first pass (``quick.py``): the edited evaluations' pages; ``complete`` makes the rest.
    first: Optional[FirstPass] = None

    @classmethod
    def load(cls, root: Path, site_url: str = "", cache: Optional[LoadCache] = None,
             previous: Optional[PageMemo] = None) -> "SiteBuild":
        """Load and validate ``root``'s data (raises ``DataError``), rank, draw what is not cached.

        ``previous`` (``mkdocs serve``: what the last build made): when only evaluations' files
        changed since, the build is a first pass (``quick.py``, ``first``): the map and the
        charts of other pages are left for ``complete``."""
        root = Path(root)
        chart_cache = routes.project_path(root, routes.CHART_CACHE)
        t0 = time.perf_counter()
        with paused_gc():
            archive = checked_archive(root, cache)
            t1 = time.perf_counter()
            edited = edited_evaluations(archive, previous.alive) if previous is not None and previous.chart_paths \
                else None
            index = None
            if edited is not None:
                index = build_index(archive, None, site_url)
                first = FirstPass.of(edited)
                paths, drawn = _first_charts(index, first, chart_cache, previous.chart_paths)
                if paths is not None:
                    t2 = time.perf_counter()
                    return cls(root, archive, index, paths, drawn, site_url,
                               {"load": t1 - t0, "charts": t2 - t1, "map": 0.0},
                               len(archive.evaluations), history_of(root, archive), first=first)
            build = cls(root, archive, None, {}, 0, site_url, {"load": t1 - t0},
                        len(archive.evaluations), history_of(root, archive))
            build.draw_all(index)
        return build

    def draw_all(self, index: Optional[SiteIndex] = None) -> None:
        """The site index with the map (``index`` without it, if given), every chart and share card
        drawn (the cache pruned). A first pass becomes a whole build."""
        t1 = time.perf_counter()
        map_seconds = []

        def draw_map(rankings) -> str:
            t = time.perf_counter()
            svg = self._sweden_map()
            map_seconds.append(time.perf_counter() - t)
            return svg

        if index is None:
            index = build_index(self.archive, draw_map, self.site_url)
        else:
            index = replace(index, sweden_map=draw_map(index.rankings))
        self.index = index
        self._draw_charts()
        self.timings.update({"charts": time.perf_counter() - t1 - sum(map_seconds), "map": sum(map_seconds)})

    def _draw_charts(self) -> None:
        chart_cache = routes.project_path(self.root, routes.CHART_CACHE)
        paths, drawn = ensure_drawn([*self.index.charts.values(), *self.index.cards.values()], chart_cache)
        prune(chart_cache, set(paths.values()))
        self.chart_paths, self.charts_drawn = paths, self.charts_drawn + drawn
        self.first = None

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
        stable order: pages (``tree.page_jobs``), start page, data files, charts.

        ``pages`` (``mkdocs serve``): pages whose context is unchanged since the last build
        that used it are not rendered again (``incremental.py``).

        ``behind``: the pages are rendered by a forked child while the caller goes on
        (``output.PagesBehind``, kept in ``self.pending``): a yielded page's file exists only
        once ``self.pending.wait_for(path)`` returned. For a caller that reads the pages in
        this order, after doing other work (MkDocs).

        ``later`` (``mkdocs serve``, when ``data_written(folder)``): the data files are not made
        now; the ones in ``folder`` are yielded as they are, and the caller makes them afresh
        with ``write_data`` once the pages are shown. Open data that concerns the whole archive
        takes seconds at a thousand evaluations; an edited page need not wait for it.

        A first pass (``first``, ``mkdocs serve`` after an edit of evaluations only) renders the
        edited evaluations' pages; every other file is yielded as the last build left it, and
        ``complete`` brings them up to date."""
        t0 = time.perf_counter()
        if pages is not None:
            pages.stamp = templates_stamp()
        with paused_gc():
            jobs = self.page_jobs()
            if self.first is not None and (pages is None or not later
                                           or [r.source for r, _ in jobs] != pages.sources):
                # Pages came or went (a ready-made comparison, say): links may change anywhere.
                self.draw_all(self.index)
                jobs = self.page_jobs()
            sources = [r.source for r, _ in jobs]
            route = routes.start_route()
            start = None
            if self.first is None:
                start = self.start_page()
                if start is not None:
                    start = (route, (route.source, write_if_changed(folder, route.source, start)))
            elif (folder / route.source).exists():  # made again by ``complete``
                start = (route, (route.source, folder / route.source))

            if self.first is not None:  # the edited evaluations' pages now, ``complete`` the rest
                render_to(folder, [(r.source, job) for r, job in jobs if r.source in self.first.sources],
                          meanwhile=list, memo=pages, partial=True)
                rendered = [(r.source, folder / r.source) for r, _ in jobs]  # written (inside) before
                data_files = [(path, folder / path) for path in self.data_paths()]
            elif behind:  # the data files too, after the pages, in the child (MkDocs copies them last)
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
                pages.sources = sources
            yield from zip((r for r, _ in jobs), rendered)
            if start is not None:  # last of the pages, as the lists it links to (``tree.page_jobs``)
                yield start
            for item in data_files:
                yield None, item
            for name, path in sorted(self.chart_paths.items()):
                if self.first is None:  # (a first pass has the last build's names, checked then)
                    inside(folder, name)  # the chart's place in the site is checked like every other path
                yield None, (name, path)
        self.timings["pages"] = time.perf_counter() - t0

    def complete(self, folder: Path, pages: PageMemo, progress: Optional[Callable[[str], None]] = None) -> bool:
        """The second pass after a first (``first``): the map, every chart (the cache pruned), the
        start page and every page whose inputs changed, into ``folder``. ``progress(source)`` is
        called as each page, in the order ``write`` yielded them, is up to date. Returns whether a
        file the first pass handed on changed (a page or a chart's file): then the served site
        needs another build to show it."""
        before = dict(self.chart_paths)
        with paused_gc():
            # The map is drawn by its page's job, when it comes (MkDocs, waiting for pages in this
            # order, converts the ones before it meanwhile); the charts last: no page reads their files.
            jobs = [(r.source, self._map_page if r.url == routes.MAP_PAGE else job) for r, job in self.page_jobs()]
            render_to(folder, jobs, meanwhile=list, memo=pages, progress=progress)
            if self.index.sweden_map is None:
                self._map_page()
            route = routes.start_route()
            start = self.start_page()
            changed = False
            if start is not None:
                _, changed = written_if_changed(folder, route.source, start)
                if progress is not None:
                    progress(route.source)
            self._draw_charts()
        self.pages_rendered = pages.rendered
        return changed or pages.written > 0 or self.chart_paths != before

    def _map_page(self) -> str:
        """The map page, the map drawn first if this build has none yet (a second pass)."""
        if self.index.sweden_map is None:
            self.index = replace(self.index, sweden_map=self._sweden_map())
        return map_page(self.index)

    def _sweden_map(self) -> str:
        return draw_sweden_map(self.archive, self.root, routes.project_path(self.root, routes.CHART_CACHE))

    def summary(self) -> str:
        return (f"Kommunkompassen: {self.evaluation_count} utvärderingar, "
                f"{len(self.chart_paths)} diagram och delningsbilder ({self.charts_drawn} ritade nu), "
                f"{self.page_count} sidor ({self.pages_rendered} renderade nu), "
                + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items())
                + (" (först den ändrade utvärderingens sidor, resten efter)" if self.first is not None else ""))


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
