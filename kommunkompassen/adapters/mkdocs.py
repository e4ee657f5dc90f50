"""Everything specific to MkDocs: the hook's events, serve memory, edit links, dates.

The hook (``hooks/kommunkompassen_hook.py``) only re-exports the event functions below. The
site itself (pages, data files, charts) is made by ``site.build`` without MkDocs; this
module hands it to MkDocs as generated files, and is the only one that imports MkDocs.
When MkDocs 1.x stops being viable, this is the file to replace (``site.build.write_tree``
already writes the same sources as a plain folder).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import re
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

import pathspec
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from kommunkompassen import routes
from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.loading.archive import LoadCache
from kommunkompassen.loading.problems import DataError
from kommunkompassen.site.build import SiteBuild
from kommunkompassen.site.htmlpost import inline_toc, search_marks, spaced_cells, wrap_tables
from kommunkompassen.site.incremental import PageMemo
from kommunkompassen.site.output import PagesBehind, PagesFailed, PagesInThread
from kommunkompassen.site.pagemeta import description_from_html
from kommunkompassen.site.search_index import index_site, restore_index

log = logging.getLogger("mkdocs.hooks.kommunkompassen")

# Evaluation and report pages: their table of contents keeps chapters and areas only.
TRIMMED_TOC = re.compile(r"^kommuner/[^/]+/\d{4}(?:\.md|/rapport\.md)$")
EVALUATION_TOC_DEPTH = 2


# --- the hook's events --------------------------------------------------------------------


def on_startup(command, dirty):
    if command == "serve":  # keep the loaded data for the rebuilds
        keep_between_builds(dirty)


def on_config(config):
    # Reproducible builds: date the pages by the commit, not the clock, unless the caller set it.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(_root(config))
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    config["not_in_nav"] = not_in_nav()
    return config


def on_pre_build(config):
    # `mkdocs serve`: the previous build's data files must be written before this build begins
    # (and before MkDocs empties the site folder).
    global _pending
    if _memory is not None:
        gc.unfreeze()  # in case the last build stopped before on_post_build
        if _pending is not None:  # the last build stopped while its pages were made
            try:
                _pending.finish()
            except PagesFailed:
                _memory.data_ok = False
            _pending = None
        _memory.wait_for_data()


def on_files(files: Files, config) -> Files:
    try:
        return _add_generated(files, config)
    except DataError as exc:  # invalid data: one message per problem, and no site
        raise PluginError(exc.report()) from None


def _add_generated(files: Files, config) -> Files:
    root = _root(config)
    memory = _memory
    build = SiteBuild.load(root, site_url=config.site_url or "", cache=memory.load if memory else None,
                           previous=memory.pages if memory is not None and memory.data_ok else None)
    site_card = build.index.cards.get(routes.SITE_CARD)
    site_card_alt = site_card.alt if site_card is not None else ""
    for file in files:
        if file.is_documentation_page():
            file.edit_uri = f"{routes.DOCS}/{file.src_uri}"
            file.kk_card, file.kk_card_alt = routes.SITE_CARD, site_card_alt
    global _pending
    # `mkdocs build`: the pages are rendered on the second core while MkDocs converts the ones
    # before them (on_page_read_source waits for each). `mkdocs serve` keeps its fingerprints,
    # and after its first build makes the data files once the pages are shown (on_post_build).
    folder = _output_folder()
    later = memory is not None and memory.data_ok and build.data_written(folder)
    for route, (path, content) in build.write(folder, memory.documents if memory else None,
                                              memory.pages if memory else None, behind=memory is None, later=later):
        existing = files.get_file_from_path(path)
        if existing is not None:
            if existing.generated_by is None and route is not None and route.edit == str(routes.START_PAGE):
                files.remove(existing)  # the hand-written start page, filled in from data
            else:
                raise PluginError(f"{routes.DOCS}/{path} krockar med en sida som genereras från data/; ta bort filen")
        generated = File.generated(config, path, abs_src_path=str(content))
        # The pencil where a reader can correct what the page says: the data file behind it. The
        # start page is text around lists from data; its file would only confuse a reader.
        generated.edit_uri = route.edit if route is not None and route.url != routes.start_route().url else None
        generated.kk_search_weight = route.search_weight if route is not None else None
        generated.kk_searched = route.searched if route is not None else True
        generated.kk_search_sections = route.search_sections if route is not None else False
        if route is not None and route.card:
            generated.kk_card, generated.kk_card_alt = route.card, route.card_alt
        else:
            generated.kk_card, generated.kk_card_alt = routes.SITE_CARD, site_card_alt
        files.append(generated)
    _pending = build.pending
    if memory is not None and not later:  # made in the open, without an error
        memory.data_ok = True
    if memory is not None and build.first is None:
        memory.pages.chart_paths = dict(build.chart_paths)
    if later:  # a copy that keeps the archive and the index until the data files are made
        memory.data_later = dataclasses.replace(build)
    if build.first is not None:  # the rest of the site after the edited evaluations' pages (site/quick.py)
        _pending = memory.second_pass(memory.data_later, folder, [file.src_uri for file in files
                                                                  if file.generated_by is not None
                                                                  and file.is_documentation_page()])
    release(build)
    log.info(build.summary())
    return files


def _finish_pending() -> Optional[PagesBehind]:
    if _pending is not None:
        try:
            _pending.finish()
        except PagesFailed as exc:
            raise PluginError(str(exc)) from None
    return _pending


def on_page_read_source(page, config):
    if _pending is not None:
        try:
            _pending.wait_for(page.file.src_uri)
        except PagesFailed as exc:
            raise PluginError(str(exc)) from None
    return None  # MkDocs reads the file


def on_env(env, config, files):
    # MkDocs has read every page and copies the other files next: the open data, which the
    # child writes after the pages, must be there; after a first pass, the charts drawn since.
    _finish_pending()
    if _memory is not None and isinstance(_pending, PagesInThread):
        for name, path in _memory.pages.chart_paths.items():
            file = files.get_file_from_path(name)
            if file is not None and file.abs_src_path != str(path):
                file.abs_src_path = str(path)
    return env


def on_post_build(config):
    global _pending
    if _memory is not None:
        gc.unfreeze()  # set aside by ``release`` while MkDocs rendered
    pending = _finish_pending()
    _pending = None
    if isinstance(pending, PagesInThread):
        log.info(f"Kommunkompassen: resten av webbplatsen bredvid MkDocs: {_memory.pages.rendered} sidor renderade, "
                 f"behind {pending.seconds:.2f} s, wait {pending.waited:.2f} s")
    elif pending is not None:
        log.info(f"Kommunkompassen: {pending.count} sidor och datafiler renderade bredvid MkDocs, "
                 f"behind {pending.seconds:.2f} s, wait {pending.waited:.2f} s")
    _search_index(config)
    if _memory is not None:
        _memory.start_data(Path(config.site_dir))


# What the pencil (overrides/partials/actions.html) says it does.
EDIT_DATA_TITLE = "Rätta en uppgift: ändra datafilen bakom sidan på GitHub"
EDIT_TEXT_TITLE = "Föreslå en ändring av texten på GitHub"


def on_page_markdown(markdown, page, config, files):
    # A page left out of search gets no data-pagefind-body (overrides/main.html).
    page.meta["kk_searched"] = getattr(page.file, "kk_searched", True)
    page.meta["kk_search_sections"] = getattr(page.file, "kk_search_sections", False)  # one record per section
    # The share card a link to the page previews with (overrides/main.html, Open Graph tags).
    page.meta["kk_card"] = getattr(page.file, "kk_card", None) or routes.SITE_CARD
    page.meta["kk_card_alt"] = getattr(page.file, "kk_card_alt", "")
    edit = page.file.edit_uri or ""
    page.meta["kk_edit_title"] = (EDIT_DATA_TITLE if edit.startswith(f"{routes.DATA}/") else EDIT_TEXT_TITLE)
    return markdown


def on_page_content(html, page, config, files):
    # MkDocs converts every page before it renders the first and keeps each one's Markdown to
    # the end: once converted it is not read again (the title is taken from the HTML), so it
    # is emptied here and a build holds each page once, not twice.
    page.markdown = ""
    if page.file.generated_by is None:
        return html
    # The titles in MkDocs' table of contents are the headings' HTML, escaped text from data.
    sections = [(sub.id, sub.title) for item in page.toc for sub in ([item] if item.level >= 2 else item.children)]
    html = search_marks(html, getattr(page.file, "kk_search_weight", None))
    return inline_toc(wrap_tables(spaced_cells(html)), sections)


def on_page_context(context, page, config, nav):
    trim_toc(page.file.src_uri, page.toc)
    if not page.meta.get("description"):  # hand-written pages may set their own in front matter
        # Text, escaped where main.html prints it; the theme would print it as markup.
        page.meta["description"] = description_from_html(page.content or "")
    return context


def on_post_page(output, page, config):
    """Drop what MkDocs keeps of a page once its HTML is made.

    MkDocs keeps each page's HTML to the end of the build; once the page is written nothing
    reads it again (its title is kept), so it is emptied.
    """
    page.content = ""
    return output


def _search_index(config) -> None:
    """The search index of the built site (Pagefind), into ``site_dir/pagefind/``.

    ``mkdocs build`` indexes every time. ``mkdocs serve`` indexes once, on its first build, and
    puts that index back after each rebuild (which empties the site folder first): an edit stays
    quick to see, and search finds what the site said when serving began.
    """
    site = Path(config.site_dir)
    memory = _memory
    if memory is not None and memory.search_index is not None:
        restore_index(memory.search_index, site)
        return
    try:
        result = index_site(site)
    except RuntimeError as exc:
        raise PluginError(str(exc)) from None
    log.info(result.summary())
    if memory is not None:
        memory.search_index = result.keep(memory.spill_folder() / ".sokindex")  # no generated path starts with a dot


def on_serve(server, config, builder):
    root = _root(config)
    for path in routes.WATCHED:
        server.watch(str(routes.project_path(root, path)))
    if _memory is not None:  # `mkdocs serve --dirty`: the rest of an edit, once made, is shown by another build
        server.watch(str(_memory.catch_up_folder()))
    return server


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def not_in_nav() -> pathspec.gitignore.GitIgnoreSpec:
    """Generated pages reached by links only (``routes.NOT_IN_NAV``), as MkDocs' option."""
    return pathspec.gitignore.GitIgnoreSpec.from_lines(routes.NOT_IN_NAV)


# --- memory between `mkdocs serve` rebuilds ---------------------------------------------


class BuildMemory:
    """What ``mkdocs serve`` keeps from one rebuild to the next: the data files read
    (``LoadCache``: only changed files are read and checked again), each unchanged
    evaluation's JSON, each page's fingerprint (``site.incremental``: a page whose context did
    not change is not rendered again), and one folder of generated files. ``mkdocs build`` keeps nothing:
    it is one build per process.
    """

    def __init__(self, dirty: bool = False) -> None:
        self.dirty = dirty  # `mkdocs serve --dirty`: MkDocs renders only pages whose files are newer
        self.load = LoadCache()
        self.documents: dict[int, tuple[Evaluation, str, str]] = {}
        self.pages = PageMemo()  # each page's context fingerprint: unchanged pages are not rendered again
        self.search_index: Optional[Path] = None  # the first build's search index, put back after each rebuild
        self._spill: Optional[tempfile.TemporaryDirectory] = None
        # The data files (open data, the charts' tables, the feed, the embed pages), made after a
        # rebuild's pages are shown: the build they belong to, and the thread making them.
        self.data_later: Optional[SiteBuild] = None
        self.data_thread: Optional[threading.Thread] = None
        self.data_ok = True  # False after a failure: the next build makes them before its pages
        # After a first pass (site/quick.py) in `mkdocs serve --dirty`: the build whose second pass
        # runs after the pages are shown, and whether it changed what the site shows.
        self.second: Optional[SiteBuild] = None
        self.catch_up = False

    def second_pass(self, build: SiteBuild, folder: Path, sources: list[str]) -> Optional[PagesInThread]:
        """The rest of the site after a first pass. ``mkdocs serve`` renders every page: the second
        pass runs beside it in a thread, and MkDocs waits for each page it reads (the pages it
        returns). ``--dirty`` renders only pages whose files changed, so the edited evaluation's
        pages are shown first; the second pass runs after them (``start_data``) and, if it changed
        a page or a chart, asks for another build (``catch_up_folder``)."""
        if self.dirty:
            self.second = build
            return None

        def work(progress) -> bool:
            changed = build.complete(folder, self.pages, progress)
            self.pages.chart_paths = dict(build.chart_paths)
            return changed

        return PagesInThread(sources, work)

    def catch_up_folder(self) -> Path:
        """Watched by ``mkdocs serve``: a file written here starts another build."""
        folder = self.spill_folder() / ".efterhand"  # no generated path starts with a dot
        folder.mkdir(exist_ok=True)
        return folder

    def start_data(self, site_dir: Path) -> None:
        """Make the data files of the build just shown, in the background: into the folder of
        generated files and into the served site. ``wait_for_data`` waits for them."""
        build, self.data_later = self.data_later, None
        second, self.second = self.second, None
        if build is None:
            return

        def make() -> None:
            t0 = time.perf_counter()
            changed = False
            try:
                if second is not None:
                    changed = second.complete(self.spill_folder(), self.pages)
                    self.pages.chart_paths = dict(second.chart_paths)
                    log.info(f"Kommunkompassen: resten av webbplatsen efter ändringen: {second.pages_rendered} sidor "
                             f"renderade, {time.perf_counter() - t0:.2f} s")
                count = len(build.write_data(self.spill_folder(), site_dir, memo=self.documents))
            except Exception:  # noqa: BLE001 - reported here; the next build makes them again, in the open
                self.data_ok = False
                log.exception("Kommunkompassen: datafilerna kunde inte skapas efter bygget")
                return
            log.info(f"Kommunkompassen: {count} datafiler (öppna data, diagrammens tabeller, flödet) "
                     f"uppdaterade efter sidorna, {time.perf_counter() - t0:.2f} s")
            if changed:  # shown by another build (`mkdocs serve` watches the folder)
                self.catch_up = True
                (self.catch_up_folder() / "andra-passet").write_text(repr(time.time()))
            # What the rebuild replaced, now garbage, among a million objects kept between rebuilds:
            # the collector's own full collections come too seldom (serve grew by 50 MB an edit).
            gc.collect()

        self.data_thread = threading.Thread(target=make, name="kommunkompassen-datafiler", daemon=True)
        self.data_thread.start()

    def wait_for_data(self) -> float:
        """Wait until the data files of the last build are written; the seconds waited."""
        t0 = time.perf_counter()
        if self.data_thread is not None:
            self.data_thread.join()
            self.data_thread = None
        return time.perf_counter() - t0

    def spill_folder(self) -> Path:
        """One folder for the generated files of every rebuild (removed when Python exits)."""
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="kommunkompassen-serve-")
        return Path(self._spill.name)


_memory: Optional[BuildMemory] = None
_spill: Optional[tempfile.TemporaryDirectory] = None
_pending: Optional[PagesBehind | PagesInThread] = None  # pages still being made beside MkDocs


def keep_between_builds(dirty: bool = False) -> None:
    """Called when MkDocs serves (the package outlives the reloaded hook)."""
    global _memory
    if _memory is None:
        _memory = BuildMemory(dirty)
    _memory.dirty = dirty


def take_catch_up() -> bool:
    """``mkdocs serve --dirty``: whether the last build's second pass changed what the site shows
    (and asked for another build); cleared. For the benchmark, which builds without a server."""
    if _memory is None or not _memory.catch_up:
        return False
    _memory.catch_up = False
    return True


def wait_for_data() -> float:
    """``mkdocs serve``: wait for the data files the last build makes after its pages; the
    seconds waited (for the benchmark, and tests that read those files)."""
    return _memory.wait_for_data() if _memory is not None else 0.0


def _output_folder() -> Path:
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


# --- garbage collection -------------------------------------------------------------------


def release(build: SiteBuild) -> None:
    """Free what the build loaded before MkDocs renders the pages.

    Rendering leaves reference cycles (Jinja contexts) that hold on to the archive until
    Python's next full collection, which can be late in the build: collecting now returns
    the archive's memory for MkDocs to reuse and saves the collector from walking it again.
    """
    t0 = time.perf_counter()
    build.archive = build.index = None
    if _memory is None:  # `mkdocs serve` keeps the archive: walking it again would be wasted
        gc.collect()
        _trim_heap()
    else:
        # `mkdocs serve` keeps a million loaded objects between rebuilds: the collector would walk
        # them all whenever MkDocs' own objects trigger a full collection (about a second each, at
        # random moments of a rebuild). They are set aside until the build is done (``on_post_build``
        # gives them back, so what a rebuild replaced can be freed).
        gc.freeze()
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
    if not TRIMMED_TOC.match(src_uri):
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
    if out.returncode != 0 or not value.isdigit():
        return None
    # A commit dated in the future (a committer's wrong clock) would date every page after the
    # build, and past 2106 cannot be written into the gzip header of sitemap.xml.gz at all.
    if int(value) > time.time() or len(value) > 12:
        logging.getLogger("kommunkompassen.history").warning(
            "Git-historiken: den senaste incheckningen är daterad efter bygget (%s s efter 1970); sidorna "
            "dateras efter klockan", value[:20])
        return None
    return value


