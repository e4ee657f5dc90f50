"""Pagefind's bundle made lighter for a first search: run on ``site/pagefind/`` after Pagefind.

A browser's first search fetches Pagefind's code, its meta file and the index chunks of the
words typed, then the fragments of the results it shows (README, "Performance"). The meta file names every record's fragment by a hash of its
text (``sv_`` and 7 hex digits): 28 random bits per record that no compression removes, about
half the file (68 KB of compressed meta at 10,431 records), and its index chunks the same way.
The fragments are renamed ``sv<token><n>`` and the chunks ``sv-<token><n>``: ``n`` is the file's
place in the meta file in base 36, ``token`` a hash of the bytes of every file of its kind.
Names in sequence compress to about half. The token keeps a browser from showing a cached file
of another build under a name that now means another record or chunk (GitHub Pages lets a
browser keep a file ten minutes). The meta file and the search code's WebAssembly, which every
first search fetches whole, are compressed with Zopfli (still gzip: 68 + 54 KB became 30 + 51 at
1,000 reports). Nothing else changes: the same records in the same order with the same word
counts and fragments, the same chunks with the same words.

The file formats are Pagefind 1.4.0's: CBOR (read and written with ``cbor2``) after a 12-byte
signature, compressed with gzip. A bundle of another version is refused rather than guessed at:
after an upgrade of Pagefind, check its formats (``pagefind/src/index/mod.rs``) and change
``VERSION``. ``tests/test_search_bundle.py`` compares the bundles record by record and chunk by
chunk; ``tests/e2e/test_search_bundle_in_browser.py`` runs the same searches on them in Chromium.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import cbor2
import zopfli.gzip

VERSION = "1.4.0"  # Pagefind's version whose formats this module knows (requirements.txt pins it)
SIGNATURE = b"pagefind_dcd"  # before the CBOR of every meta, chunk and fragment file, once decompressed
ENTRY = "pagefind-entry.json"
TOKEN_DIGITS = 6  # of the token the renamed files of a kind share
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


class BundleError(RuntimeError):
    """A bundle this module does not know how to read (another Pagefind version, a changed format)."""


@dataclass(frozen=True)
class Compacted:
    records: int
    meta_bytes_before: int
    meta_bytes_after: int

    def summary(self) -> str:
        return (f"Sökindexet packat: {self.records} poster, metafilen "
                f"{self.meta_bytes_before / 1000:.0f} → {self.meta_bytes_after / 1000:.0f} KB")


def read(path: Path):
    """The CBOR value of one of Pagefind's compressed files (meta or index chunk)."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BundleError(f"{path}: saknar Pagefinds signatur {SIGNATURE!r}")
    return cbor2.loads(raw[len(SIGNATURE):])


def _zopfli(data: bytes) -> bytes:
    """``data`` in gzip as small as Zopfli makes it (about 7 % under gzip's best, a second for
    the 200 KB of WebAssembly): for the files every first search fetches whole."""
    return zopfli.gzip.compress(data)


def base36(n: int) -> str:
    digits = ""
    while True:
        n, d = divmod(n, 36)
        digits = _BASE36[d] + digits
        if not n:
            return digits


def _check_meta(path: Path, meta) -> None:
    ok = (isinstance(meta, list) and len(meta) == 5 and meta[0] == VERSION
          and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in meta[1])
          and all(isinstance(c, list) and len(c) == 3 and all(isinstance(x, str) for x in c) for c in meta[2]))
    if not ok:
        found = meta[0] if isinstance(meta, list) and meta else "?"
        raise BundleError(f"{path}: metafilen har inte Pagefind {VERSION}s form (version {found!r}); "
                          f"se kommunkompassen/site/search_bundle.py")


def _renamed(folder: Path, suffix: str, prefix: str, names: list[str]) -> list[str]:
    """The files ``<name><suffix>`` in ``folder`` renamed ``<prefix><token><n>`` in the order of
    ``names``: ``n`` in base 36, ``token`` a hash of all their bytes. A name listed twice (records
    with the same text share Pagefind's file) gets a copy of its own."""
    digest = hashlib.sha256()
    for name in names:
        digest.update((folder / f"{name}{suffix}").read_bytes())
    token = prefix + base36(int(digest.hexdigest()[:12], 16))[-TOKEN_DIGITS:]
    renamed: list[str] = []
    moved: dict[str, str] = {}  # Pagefind's name: the first new name of its file
    for n, name in enumerate(names):
        new = f"{token}{base36(n)}"
        if name in moved:
            shutil.copyfile(folder / f"{moved[name]}{suffix}.tmp", folder / f"{new}{suffix}.tmp")
        else:
            os.replace(folder / f"{name}{suffix}", folder / f"{new}{suffix}.tmp")
            moved[name] = new
        renamed.append(new)
    for new in renamed:
        os.replace(folder / f"{new}{suffix}.tmp", folder / f"{new}{suffix}")
    return renamed


def compact(folder: Path) -> Compacted:
    """Rewrite the bundle in ``folder`` (``site/pagefind/``) in place: fragments and index chunks
    renamed in sequence, a new meta file under a new name in the entry file, the meta file and
    the language's WebAssembly compressed with Zopfli."""
    folder = Path(folder)
    entry_path = folder / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != VERSION:
        raise BundleError(f"{entry_path}: Pagefind {entry.get('version')!r}, men sökindexets packning "
                          f"känner bara version {VERSION} (kommunkompassen/site/search_bundle.py)")
    records = before = after = 0
    for lang, language in sorted(entry["languages"].items()):
        meta_path = folder / f"pagefind.{language['hash']}.pf_meta"
        before += meta_path.stat().st_size
        meta = read(meta_path)
        _check_meta(meta_path, meta)
        version, pages, chunks, filters, sorts = meta
        fragments = _renamed(folder / "fragment", ".pf_fragment", lang, [name for name, _ in pages])
        indexes = _renamed(folder / "index", ".pf_index", lang + "-", [name for _, _, name in chunks])
        packed = _zopfli(SIGNATURE + cbor2.dumps([version, [[new, count] for new, (_, count) in zip(fragments, pages)],
                                                  [[first, last, new] for new, (first, last, _) in zip(indexes, chunks)],
                                                  filters, sorts]))
        wasm = folder / f"wasm.{language['wasm']}.pagefind"
        wasm.write_bytes(_zopfli(gzip.decompress(wasm.read_bytes())))
        name = f"{lang}_{hashlib.sha256(packed).hexdigest()[:10]}"
        meta_path.unlink()
        (folder / f"pagefind.{name}.pf_meta").write_bytes(packed)
        language["hash"] = name
        records += len(pages)
        after += len(packed)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          encoding="utf-8")
    return Compacted(records, before, after)
