"""The site's search index: Pagefind run over a built site folder, without MkDocs.

Pagefind (https://pagefind.app, the ``pagefind_bin`` wheel's Rust binary, run as a child
process) reads every HTML page, keeps only the pages whose content is marked
``data-pagefind-body`` (``overrides/main.html``: every themed page that is searched; the marks
inside the content come from ``htmlpost.search_marks``), and writes ``pagefind/`` into the site:
a small entry file, the search code as WebAssembly, and the index split into chunks of words and
one fragment per page. A browser fetches only the chunks its words fall in and the fragments of
the results it shows, so the first search costs about the same at 100 evaluations as at 10,000
(README, "Performance"). Words are stemmed in Swedish: every page is ``<html lang="sv">``, and the
language is also forced, so a page without the attribute cannot start a second index.

What the site does not load is left out (Pagefind's ready-made interfaces and highlighting
script): the search box is the site's own (``docs/javascripts/sok.js``). Two runs over the same
pages write byte-identical files; ``index_site`` checks the one thing that could differ, the
order of the entry file's keys, by writing it sorted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kommunkompassen import routes

LANGUAGE = "sv"
# Pagefind's ready-made interfaces and its highlighting script: the site uses none of them.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")
TIMEOUT_S = 1800
# Left out of every page's text besides what the pages mark data-pagefind-ignore: the "¶" link
# beside each heading (Python-Markdown's toc extension writes it; results would read "Åmål¶").
EXCLUDED = ".headerlink"


@dataclass(frozen=True)
class SearchIndex:
    folder: Path  # site/pagefind/
    pages: int  # pages in the index
    words: int
    seconds: float

    def summary(self) -> str:
        size = sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())
        return (f"Sökindex (Pagefind): {self.pages} sidor, {self.words} ord, {size / 1e6:.1f} MB, "
                f"{self.seconds:.1f} s")

    def keep(self, folder: Path) -> Path:
        """A copy of the index in ``folder`` (replaced), for ``restore_index``."""
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(self.folder, folder)
        return folder


def executable() -> Path:
    from pagefind_bin import get_executable

    return get_executable()


def index_site(site: Path) -> SearchIndex:
    """Index the built site in ``site`` into ``site/pagefind/`` (replaced). Raises RuntimeError
    with Pagefind's own words when it fails."""
    site = Path(site)
    out = site / routes.SEARCH_BUNDLE
    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    done = subprocess.run([str(executable()), "--site", str(site), "--output-subdir", routes.SEARCH_BUNDLE.rstrip("/"),
                           "--force-language", LANGUAGE, "--exclude-selectors", EXCLUDED],
                          capture_output=True, text=True, timeout=TIMEOUT_S,
                          env={**os.environ, "NO_COLOR": "1"})
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"Sökindexet (Pagefind) kunde inte skrivas:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    entry = out / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    pages = sum(lang.get("page_count", 0) for lang in data.get("languages", {}).values())
    if pages == 0:
        raise RuntimeError("Sökindexet (Pagefind) blev tomt: ingen sida har data-pagefind-body "
                           "(overrides/main.html)")
    words = re.search(r"Indexed (\d+) words", done.stdout)
    return SearchIndex(out, pages, int(words.group(1)) if words else 0, seconds)


def restore_index(kept: Path, site: Path) -> None:
    """Put a kept index (``SearchIndex.keep``) back into ``site`` if the folder has none
    (``mkdocs serve`` empties the site folder before each rebuild). Hard links where the file
    system allows: thousands of fragment files in a fraction of a second."""
    out = Path(site) / routes.SEARCH_BUNDLE
    if out.exists():
        return

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(kept, out, copy_function=link)
