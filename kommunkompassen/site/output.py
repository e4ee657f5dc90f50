"""Writing generated files into a folder: only what changed, on two cores when it pays.

Shared by every way of publishing the site (the MkDocs adapter, the plain tree). A page
written to disk costs memory only while it is rendered.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import re
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional, TypeVar

from kommunkompassen.site.incremental import PageMemo, run_page

T = TypeVar("T")


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


class UnsafePath(ValueError):
    """A generated path that would leave its folder: a bug, since every identifier in a path is
    validated when the data is loaded. Raised before anything is written."""


_PATH_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def inside(folder: Path, path: str) -> Path:
    """``folder / path``, refused unless ``path`` is a plain relative path that stays in ``folder``
    (parts of ASCII letters, digits, ``.``, ``_`` and ``-``; no ``..``, no absolute path)."""
    parts = path.split("/")
    if not path or any(not _PATH_PART.match(p) or p in (".", "..") for p in parts):
        raise UnsafePath(f"vägran att skriva {path!r}: bara enkla relativa sökvägar får skrivas")
    target = folder / path
    # Resolving a path costs a system call per part: the folders' answers are kept (thousands of
    # pages share a few hundred folders); a link at the file itself is resolved every time.
    inside_folder = _resolves_inside(folder, target.parent) and (
        not os.path.islink(target) or target.resolve().is_relative_to(folder.resolve()))
    if not inside_folder:
        raise UnsafePath(f"vägran att skriva {path!r}: sökvägen leder ut ur {folder}")
    return target


@functools.lru_cache(maxsize=4096)
def _resolves_inside(folder: Path, parent: Path) -> bool:
    """Whether ``parent`` is ``folder`` or a folder inside it once links are resolved (``inside``).
    The folders are the build's own (the data may hold no links, ``symbolic_links``)."""
    return parent.resolve().is_relative_to(folder.resolve())


def write_if_changed(folder: Path, path: str, content: str | bytes) -> Path:
    """Write a generated file (text as UTF-8, or bytes), unless the same bytes are already there;
    never outside ``folder``."""
    return written_if_changed(folder, path, content)[0]


def written_if_changed(folder: Path, path: str, content: str | bytes) -> tuple[Path, bool]:
    """``write_if_changed``, and whether it wrote. The file is replaced whole (written beside it,
    then renamed): a reader in another thread never sees half of it."""
    target = inside(folder, path)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return target, False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target, True


PARALLEL_MIN_PAGES = 200


def render_to(folder: Path, jobs: list, meanwhile: Callable[[], T], memo: Optional[PageMemo] = None,
              partial: bool = False, progress: Optional[Callable[[str], None]] = None
              ) -> tuple[list[tuple[str, Path]], T]:
    """Render every page into ``folder``, part of them in a forked process when that is safe.

    MkDocs renders on one core; while the hook renders, the machine's second core is idle.
    A fork shares the loaded archive without copying or pickling it. This process first runs
    ``meanwhile`` (the open data, a few large files) while the child starts on the pages;
    then both take the next page from one shared counter until none is left, so that the
    two finish together whatever each page costs. The child writes its pages to disk and
    exits. The result and its order are those of rendering everything here, one page after
    the other.

    With ``memo`` (``mkdocs serve``), a page whose context is unchanged since the last build is
    not rendered again (``incremental.py``); ``memo.rendered`` counts those that were, and
    ``memo.written`` those whose file changed. ``partial``: ``jobs`` are some of the site's
    pages (the first pass of ``quick.py``); their fingerprints are added to the memo's.
    ``progress(source)``: called as each page is up to date, in order (all in this process).
    """
    fresh: dict[str, bytes] = {}
    rendered = [0, 0]

    def make(i: int) -> Path:
        source, job = jobs[i]
        target = inside(folder, source)
        content = run_page(job, memo, source, target, fresh)
        if content is not None:
            rendered[0] += 1
            target, wrote = written_if_changed(folder, source, content)
            rendered[1] += wrote
        if progress is not None:
            progress(source)
        return target

    report = None  # where the child leaves the fingerprints it took
    if memo is not None:
        handle, report = tempfile.mkstemp(prefix="kommunkompassen-pages-")
        os.close(handle)
    counter = _Counter() if len(jobs) >= PARALLEL_MIN_PAGES and progress is None else None
    pid = _fork() if counter is not None else None
    if pid == 0:  # the child: render pages until none is left, never return into MkDocs
        status = 1
        try:
            for i in counter.claims(len(jobs)):
                make(i)
            if report is not None:  # the fingerprints it took, for the next build
                Path(report).write_bytes(pickle.dumps((fresh, rendered)))
            status = 0
        except BaseException:  # noqa: BLE001 - reported by the parent, which renders again
            traceback.print_exc()
        finally:
            os._exit(status)
    out: dict[int, Path] = {}
    try:
        extra = meanwhile()
        for i in (counter.claims(len(jobs)) if pid else range(len(jobs))):
            out[i] = make(i)
    finally:
        status = os.waitpid(pid, 0)[1] if pid else 0
    if pid:
        child = None
        if status == 0 and report is not None:
            try:
                child = pickle.loads(Path(report).read_bytes())
            except (OSError, EOFError, pickle.UnpicklingError):
                child = None
        theirs = [i for i in range(len(jobs)) if i not in out]
        for i in theirs:
            target = folder / jobs[i][0]
            if status != 0 or not target.exists() or (report is not None and child is None):
                out[i] = make(i)  # the child failed: render here, raising any error
            else:
                out[i] = target
        if child is not None:
            fresh.update(child[0])
            rendered[0] += child[1][0]
            rendered[1] += child[1][1]
    if report is not None:
        Path(report).unlink(missing_ok=True)
    if memo is not None and partial:
        memo.digests.update(fresh)
        memo.rendered, memo.written = rendered
    elif memo is not None:
        memo.digests = fresh
        memo.rendered, memo.written = rendered
        memo.known.prune()
    return [(jobs[i][0], out[i]) for i in range(len(jobs))], extra


class _Counter:
    """The next page to render, shared by this process and its forked child."""

    def __init__(self) -> None:
        import multiprocessing

        self._value = multiprocessing.get_context("fork").Value("q", 0)

    def claims(self, count: int) -> Iterator[int]:
        while True:
            with self._value.get_lock():
                i = self._value.value
                self._value.value = i + 1
            if i >= count:
                return
            yield i


class PagesBehind:
    """Pages rendered one after the other by a forked child while this process goes on.

    ``mkdocs build`` hands every generated page to MkDocs at once and MkDocs reads them one at
    a time, in the same order, converting each from Markdown far more slowly than the hook
    renders it: the child renders on the second core, just ahead of MkDocs, and the hook's page
    work no longer adds to the build's time. ``wait_for`` blocks until the child has written a
    page (it reports each page on a pipe, in order); ``finish`` waits for the child and raises
    ``PagesFailed`` if it did not write them all (its error is printed above). Without a
    second core, or where this process may not fork, the pages are rendered here at once.

    ``then`` = (paths, make): after the pages, the child writes the files ``make()`` returns,
    announced in advance by their paths (MkDocs copies such files only after reading every page).
    """

    def __init__(self, folder: Path, jobs: list,
                 then: Optional[tuple[list[str], Callable[[], dict]]] = None) -> None:
        later, make_later = then if then is not None else ([], None)
        self.position = {source: i for i, source in enumerate([*(s for s, _ in jobs), *later])}
        self.count = len(self.position)
        self.done = 0  # pages the child has reported written
        self.seconds = 0.0  # the child's time from the fork to its last page
        self.waited = 0.0  # time this process spent waiting for pages
        self._pid: Optional[int] = None
        self._read: Optional[int] = None
        t0 = time.perf_counter()
        read, write = os.pipe()
        handle, self._timing = tempfile.mkstemp(prefix="kommunkompassen-behind-")
        os.close(handle)
        pid = _fork() if jobs else None
        if pid == 0:  # the child: every page in order, one byte on the pipe for each
            status = 1
            try:
                os.close(read)
                gc.disable()
                for source, job in jobs:
                    write_if_changed(folder, source, job())
                    os.write(write, b"\x01")
                for path, content in _files_later(later, make_later):
                    write_if_changed(folder, path, content)
                    os.write(write, b"\x01")
                Path(self._timing).write_text(repr(time.perf_counter() - t0))
                status = 0
            except BaseException:  # noqa: BLE001 - the parent reports the failure
                traceback.print_exc()
            finally:
                os._exit(status)
        os.close(write)
        if pid is None:  # no fork: render here, now
            os.close(read)
            Path(self._timing).unlink()
            for source, job in jobs:
                write_if_changed(folder, source, job())
            for path, content in _files_later(later, make_later):
                write_if_changed(folder, path, content)
            self.done = self.count
            self.seconds = time.perf_counter() - t0
            return
        self._pid, self._read = pid, read

    def wait_for(self, source: str) -> None:
        """Return once the page ``source`` is written (at once for a file that is not one of them)."""
        i = self.position.get(source)
        if i is None or i < self.done:
            return
        t0 = time.perf_counter()
        while self.done <= i and self._read is not None:
            chunk = os.read(self._read, 65536)
            if not chunk:  # the child is gone
                self.finish()
            self.done += len(chunk)
        self.waited += time.perf_counter() - t0

    def finish(self) -> None:
        """Wait for the child; raise ``PagesFailed`` unless it wrote every page."""
        if self._read is None:
            return
        t0 = time.perf_counter()
        while True:
            chunk = os.read(self._read, 65536)
            if not chunk:
                break
            self.done += len(chunk)
        os.close(self._read)
        self._read = None
        status = os.waitpid(self._pid, 0)[1]
        try:
            self.seconds = float(Path(self._timing).read_text() or 0)
        except (OSError, ValueError):
            self.seconds = 0.0
        Path(self._timing).unlink(missing_ok=True)
        self.waited += time.perf_counter() - t0
        if status != 0 or self.done < self.count:
            raise PagesFailed(f"{self.count - self.done} av {self.count} genererade sidor och filer kunde inte skapas "
                              "(felet står ovan)")


def _files_later(paths: list[str], make: Optional[Callable[[], dict]]) -> list[tuple[str, object]]:
    """The files ``make`` returns, in the order announced; an error if it made other files."""
    if make is None:
        return []
    made = make()
    if set(made) != set(paths):
        raise ValueError(f"announced and made files differ: {sorted(set(made) ^ set(paths))[:5]}")
    return [(path, made[path]) for path in paths]


class PagesInThread:
    """Pages made by ``work(progress)`` in a thread while the caller goes on (``mkdocs serve``,
    which may not fork): the interface of ``PagesBehind``. ``work`` calls ``progress(source)`` as
    each page is up to date, in the order of ``sources``; ``wait_for`` returns once the page is
    (or the work ended), ``finish`` waits for the end and raises ``PagesFailed`` if it failed."""

    def __init__(self, sources: list[str], work: Callable[[Callable[[str], None]], object]) -> None:
        self.position = {source: i for i, source in enumerate(sources)}
        self.count = len(self.position)
        self.done = 0  # pages reported up to date, counted from the first
        self.seconds = 0.0  # the work's time
        self.waited = 0.0  # time the caller spent waiting for pages
        self.result: object = None
        self._failed = False
        self._ended = False
        self._ready = threading.Condition()
        self._work = work
        self._thread = threading.Thread(target=self._run, name="kommunkompassen-sidor", daemon=True)
        self._thread.start()

    def _progress(self, source: str) -> None:
        i = self.position.get(source)
        if i is not None and i >= self.done:
            with self._ready:
                self.done = i + 1
                self._ready.notify_all()

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            self.result = self._work(self._progress)
        except BaseException:  # noqa: BLE001 - reported by ``finish`` (and here, with its traceback)
            traceback.print_exc()
            self._failed = True
        finally:
            self.seconds = time.perf_counter() - t0
            with self._ready:
                self._ended = True
                self._ready.notify_all()

    def wait_for(self, source: str) -> None:
        i = self.position.get(source)
        if i is None or i < self.done:
            return
        t0 = time.perf_counter()
        with self._ready:
            self._ready.wait_for(lambda: self.done > i or self._ended)
        self.waited += time.perf_counter() - t0
        if self._failed:
            self.finish()

    def finish(self) -> None:
        t0 = time.perf_counter()
        self._thread.join()
        self.waited += time.perf_counter() - t0
        if self._failed:
            raise PagesFailed("sidorna kunde inte göras om efter ändringen (felet står ovan)")


class PagesFailed(RuntimeError):
    """The child rendering the pages stopped before the last one."""


def _fork() -> Optional[int]:
    """``os.fork()`` if this process may fork (POSIX, one thread, at least two CPUs), else None."""
    if not hasattr(os, "fork") or threading.active_count() != 1 or (os.cpu_count() or 1) < 2:
        return None
    gc.freeze()  # the child's collector leaves the shared objects alone (fewer copied pages)
    try:
        return os.fork()
    finally:
        gc.unfreeze()


