"""Pagefind's bundle made lighter for a first search: run on ``site/pagefind/`` after Pagefind.

A browser's first search fetches Pagefind's code, its meta file and the index chunks of the
words typed, then the fragments of the results it shows (README, "Performance"). Two of those
grow with the site, and both are rewritten here without changing what a search finds:

- **The meta file names every record's fragment** by a hash of its text (``sv_`` and 7 hex
  digits): 28 random bits per record that no compression removes, about half the file (68 KB of
  compressed meta at 10,431 records). The fragments are renamed ``<token><n>``: ``n`` is the
  record's place in the meta file in base 36, ``token`` a hash of every fragment's text. Names in
  sequence compress to about a third. The token keeps a browser from showing a cached fragment
  of another build under a name that now means another record (GitHub Pages lets a browser keep
  a file ten minutes).
- **An index chunk holds Pagefind's choice of words**, in alphabetical order, cut after about
  20,000 page positions: a word's chunk can hold a few neighbours with long lists of pages (at
  1,000 reports a first search fetched 18–41 KB of chunks for two words). A chunk larger than
  ``CHUNK_GZIP`` is cut into pieces of about ``CHUNK_BYTES``, in the same order, each named after
  the chunk (``<its name>-<n>``; its name is a hash of its content). A cut falls only between
  two words that begin differently within their first ``STEM`` characters, and each piece's
  bounds in the meta file send a typed word to the piece holding every word that begins as it
  does (``_chunks`` says how). Pagefind's search code loads one chunk per typed word and looks
  in it for the words that begin with the typed word's stem, so it finds the same words as in
  the uncut chunk.

Nothing else changes: the same records in the same order with the same word counts and
fragments, the same words with the same lists of pages and positions. ``tests/test_search.py``
reads both bundles back and compares them, and sends every word the index holds, and its
beginnings, to a chunk as the search code does; ``tests/e2e`` compares the results of searches
in the browser. The file formats are Pagefind 1.4.0's: CBOR (read and written with ``cbor2``)
after a 12-byte signature, compressed with gzip. A bundle of another version is refused rather
than guessed at: after an upgrade of Pagefind, check its formats and change ``VERSION``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import cbor2

VERSION = "1.4.0"  # Pagefind's version whose formats this module knows (requirements.txt pins it)
SIGNATURE = b"pagefind_dcd"  # before the CBOR of every meta, chunk and fragment file, once decompressed
ENTRY = "pagefind-entry.json"
CHUNK_BYTES = 12_000  # a piece of an index chunk: about this much CBOR at most (before gzip), unless one word is longer
CHUNK_GZIP = 4_000  # an index chunk (compressed) larger than this is cut into pieces
TOKEN_DIGITS = 4  # of the fragments' common token
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_LAST_CHARACTER = "\U0010ffff"
STEM = 3  # words that share this many first characters are never cut apart


class BundleError(RuntimeError):
    """A bundle this module does not know how to read (another Pagefind version, a changed format)."""


@dataclass(frozen=True)
class Compacted:
    records: int
    chunks_before: int
    chunks_after: int
    meta_bytes_before: int
    meta_bytes_after: int

    def summary(self) -> str:
        return (f"Sökindexet packat: {self.records} poster, {self.chunks_before} → {self.chunks_after} "
                f"indexdelar, metafilen {self.meta_bytes_before / 1000:.0f} → {self.meta_bytes_after / 1000:.0f} KB")


def read(path: Path):
    """The CBOR value of one of Pagefind's compressed files (meta or index chunk)."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BundleError(f"{path}: saknar Pagefinds signatur {SIGNATURE!r}")
    return cbor2.loads(raw[len(SIGNATURE):])


def _packed(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), 6, mtime=0)


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


def _shared(a: str, b: str) -> int:
    """How many first characters ``a`` and ``b`` share."""
    return len(os.path.commonprefix((a, b)))


def _pieces(words: list) -> list[list]:
    """``words`` (a chunk's, in order) cut into pieces of about ``CHUNK_BYTES`` of CBOR at most.
    A cut falls only between two words that share fewer than ``STEM`` first characters, so every
    word that begins with the same ``STEM`` characters stays in one piece (a word's size is
    reckoned from its numbers, without encoding it: the limit is a target, and each piece is
    encoded once)."""
    pieces: list[list] = [[]]
    size = 0
    for word in words:
        length = len(word[0]) + 4 + sum(4 + len(positions) * 2 for _, positions in word[1])
        if pieces[-1] and size + length > CHUNK_BYTES and _shared(pieces[-1][-1][0], word[0]) < STEM:
            pieces.append([])
            size = 0
        pieces[-1].append(word)
        size += length
    return pieces


def _end(word: str, after: str, last: str) -> str:
    """The upper bound of a piece whose last word is ``word`` and whose next piece begins with
    ``after``: ``word`` up to its first character that ``after`` does not share, followed by the
    last character there is, so that every word beginning as far is sent to this piece; ``word``
    itself when ``after`` begins with all of it; never beyond the chunk's own bound ``last``."""
    shared = _shared(word, after)
    return min(last, word if shared == len(word) else word[:shared + 1] + _LAST_CHARACTER)


def _chunks(folder: Path, chunks: list) -> list[list]:
    """The index chunks, each larger than ``CHUNK_GZIP`` cut into pieces named ``<its name>-<n>``
    (its name is a hash of its content, so a piece's name is too): the meta's chunk entries
    ``[from, to, name]``. The files cut are removed.

    Pagefind's search code loads, for each word typed, the first chunk whose bounds hold it
    (``from <= word <= to``), then looks in what it loaded for the words that begin with the
    typed word's stem. A piece's bounds send a typed word to the piece that holds every word
    beginning with its first ``STEM`` characters: a cut between words ``a`` and ``b`` that share
    ``n`` first characters ends the first piece at ``a[:n+1]`` followed by the last character
    there is (so everything that begins with ``a[:n+1]`` is sent to it; at ``a`` if ``b`` begins
    with all of ``a``) and starts the next at ``b[:n+1]``. The first and last pieces keep the
    chunk's own bounds, and no piece reaches beyond them, so a word is sent to a piece of the
    chunk Pagefind would have loaded."""
    index = folder / "index"
    new: list[list] = []
    for first, last, name in chunks:
        path = index / f"{name}.pf_index"
        if path.stat().st_size <= CHUNK_GZIP:
            new.append([first, last, name])
            continue
        value = read(path)
        if not (isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and value[0]
                and value[0][0][0].startswith(first) and value[0][-1][0].startswith(last)):
            raise BundleError(f"{path}: ordlistan har inte Pagefind {VERSION}s form")
        pieces = _pieces(value[0])
        if len(pieces) == 1:
            new.append([first, last, name])
            continue
        for n, words in enumerate(pieces):
            piece = f"{name}-{base36(n)}"
            (index / f"{piece}.pf_index").write_bytes(_packed([words]))
            if n == 0:
                start = first
            else:
                before = pieces[n - 1][-1][0]
                start = max(first, words[0][0][:_shared(before, words[0][0]) + 1])
            if n == len(pieces) - 1:
                end = last
            else:
                end = _end(words[-1][0], pieces[n + 1][0][0], last)
            new.append([start, end, piece])
        path.unlink()
    return new


def _fragments(folder: Path, lang: str, pages: list) -> list[list]:
    """The records' fragments renamed ``<token><n>``: the meta's pages with their new names."""
    fragments = folder / "fragment"
    digest = hashlib.sha256()
    for name, _ in pages:
        digest.update((fragments / f"{name}.pf_fragment").read_bytes())
    token = lang + base36(int(digest.hexdigest()[:8], 16))[-TOKEN_DIGITS:]
    renamed = []
    seen = set()
    for n, (name, words) in enumerate(pages):
        if name in seen:
            raise BundleError(f"{fragments}: posten {name} står två gånger i metafilen")
        seen.add(name)
        new = f"{token}{base36(n)}"
        os.replace(fragments / f"{name}.pf_fragment", fragments / f"{new}.pf_fragment.tmp")
        renamed.append([new, words])
    for new, _ in renamed:
        os.replace(fragments / f"{new}.pf_fragment.tmp", fragments / f"{new}.pf_fragment")
    return renamed


def compact(folder: Path) -> Compacted:
    """Rewrite the bundle in ``folder`` (``site/pagefind/``) in place: fragments renamed in
    sequence, index chunks cut again, a new meta file under a new name in the entry file."""
    folder = Path(folder)
    entry_path = folder / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != VERSION:
        raise BundleError(f"{entry_path}: Pagefind {entry.get('version')!r}, men sökindexets packning "
                          f"känner bara version {VERSION} (kommunkompassen/site/search_bundle.py)")
    records = chunks_before = chunks_after = before = after = 0
    for lang, language in sorted(entry["languages"].items()):
        meta_path = folder / f"pagefind.{language['hash']}.pf_meta"
        before += meta_path.stat().st_size
        meta = read(meta_path)
        _check_meta(meta_path, meta)
        version, pages, chunks, filters, sorts = meta
        new_chunks = _chunks(folder, chunks)
        new_pages = _fragments(folder, lang, pages)
        packed = _packed([version, new_pages, new_chunks, filters, sorts])
        name = f"{lang}_{hashlib.sha256(packed).hexdigest()[:10]}"
        meta_path.unlink()
        (folder / f"pagefind.{name}.pf_meta").write_bytes(packed)
        language["hash"] = name
        records += len(pages)
        chunks_before += len(chunks)
        chunks_after += len(new_chunks)
        after += len(packed)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          encoding="utf-8")
    return Compacted(records, chunks_before, chunks_after, before, after)
