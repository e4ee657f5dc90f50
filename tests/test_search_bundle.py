"""Pagefind's bundle made lighter for a first search (``kommunkompassen/site/search_bundle.py``):
the fragments renamed in sequence and the larger index chunks cut into pieces, with the same
records, words and positions, and every typed word sent to a piece that holds what the uncut
chunk held for it. The searches in the browser, on both bundles, are in
``e2e/test_search_bundle_in_browser.py``."""

from __future__ import annotations

import bisect
import json
import shutil
from pathlib import Path

import pytest

from kommunkompassen.site import search_bundle
from kommunkompassen.site.search_bundle import BundleError, compact, read


def cut_small(monkeypatch) -> None:
    """Cut every chunk into pieces of about 300 bytes: the real site's chunks are too small to be cut."""
    monkeypatch.setattr(search_bundle, "CHUNK_GZIP", 0)
    monkeypatch.setattr(search_bundle, "CHUNK_BYTES", 300)


def compacted_copy(raw: Path, folder: Path) -> Path:
    shutil.copytree(raw, folder)
    compact(folder)
    return folder


def meta(bundle: Path) -> list:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return read(bundle / f"pagefind.{entry['languages']['sv']['hash']}.pf_meta")


def words(bundle: Path) -> list:
    """Every word of the index with its pages and positions, in the order of the meta's chunks."""
    return [word for _, _, name in meta(bundle)[2] for word in read(bundle / "index" / f"{name}.pf_index")[0]]


def chunk_for(chunks: list, typed: str):
    """The chunk Pagefind's search code loads for a typed word: the first whose bounds hold it
    (``from <= typed <= to``; the bounds rise from chunk to chunk, so the first whose ``to`` is
    not below the word is the only one that can)."""
    at = bisect.bisect_left([last for _, last, _ in chunks], typed)
    if at < len(chunks) and chunks[at][0] <= typed:
        return chunks[at][2]
    return None


@pytest.fixture
def cut(raw_search_bundle, tmp_path, monkeypatch) -> Path:
    cut_small(monkeypatch)
    return compacted_copy(raw_search_bundle, tmp_path / "pagefind")


def test_cut_bundle_keeps_every_record_its_word_count_and_its_fragment(raw_search_bundle, cut):
    raw_pages, cut_pages = meta(raw_search_bundle)[1], meta(cut)[1]
    assert [count for _, count in cut_pages] == [count for _, count in raw_pages]
    for (raw_name, _), (cut_name, _) in zip(raw_pages, cut_pages):
        assert ((cut / "fragment" / f"{cut_name}.pf_fragment").read_bytes()
                == (raw_search_bundle / "fragment" / f"{raw_name}.pf_fragment").read_bytes())
    assert len(list((cut / "fragment").iterdir())) == len(cut_pages)


def test_cut_bundle_keeps_every_word_with_its_pages_and_positions(raw_search_bundle, cut):
    raw_chunks, cut_chunks = meta(raw_search_bundle)[2], meta(cut)[2]
    assert len(cut_chunks) > 2 * len(raw_chunks)  # the chunks were cut
    assert words(cut) == words(raw_search_bundle)
    assert sorted(p.name for p in (cut / "index").iterdir()) == sorted(f"{name}.pf_index" for _, _, name in cut_chunks)


def test_a_typed_word_is_sent_to_a_piece_holding_every_word_that_begins_like_it(raw_search_bundle, cut):
    """For every word of the index and each of its beginnings of at least ``STEM`` characters
    (what a reader types, and the stems Pagefind looks for): the piece the search code loads
    holds exactly the words beginning with it that the uncut chunk held."""
    raw_chunks, cut_chunks = meta(raw_search_bundle)[2], meta(cut)[2]
    for chunks in (raw_chunks, cut_chunks):
        assert [last for _, last, _ in chunks] == sorted(last for _, last, _ in chunks)
    held = {name: sorted(w[0] for w in read(folder / "index" / f"{name}.pf_index")[0])
            for folder, chunks in ((raw_search_bundle, raw_chunks), (cut, cut_chunks)) for _, _, name in chunks}

    def beginning(name, start: str) -> list[str]:
        if name is None:
            return []
        listed = held[name]
        return [w for w in listed[bisect.bisect_left(listed, start):] if w.startswith(start)][:50]

    checked = 0
    for word in sorted({w for listed in held.values() for w in listed}):
        for typed in {word, *(word[:n] for n in range(search_bundle.STEM, len(word)))}:
            before, after = chunk_for(raw_chunks, typed), chunk_for(cut_chunks, typed)
            assert (before is None) == (after is None), typed
            for n in range(search_bundle.STEM, len(typed) + 1):
                assert beginning(after, typed[:n]) == beginning(before, typed[:n]), (typed, n)
            checked += 1
    assert checked > 10_000


def test_names_in_sequence_make_the_meta_file_smaller(raw_search_bundle, tmp_path):
    raw_meta = next(raw_search_bundle.glob("pagefind.*.pf_meta"))
    compacted = compacted_copy(raw_search_bundle, tmp_path / "pagefind")
    new_meta = next(compacted.glob("pagefind.*.pf_meta"))
    assert new_meta.name != raw_meta.name
    assert new_meta.stat().st_size < 0.8 * raw_meta.stat().st_size
    names = [name for name, _ in meta(compacted)[1]]
    token = names[0][:-1]
    assert names[:3] == [token + "0", token + "1", token + "2"]


def test_the_same_bundle_is_compacted_to_the_same_bytes(raw_search_bundle, tmp_path, monkeypatch):
    cut_small(monkeypatch)
    one, two = (compacted_copy(raw_search_bundle, tmp_path / n / "pagefind") for n in ("one", "two"))
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_a_bundle_of_another_pagefind_version_is_refused_untouched(raw_search_bundle, tmp_path):
    bundle = tmp_path / "pagefind"
    shutil.copytree(raw_search_bundle, bundle)
    entry = bundle / "pagefind-entry.json"
    entry.write_text(json.dumps({**json.loads(entry.read_text(encoding="utf-8")), "version": "1.5.0"}),
                     encoding="utf-8")
    before = sorted(p.name for p in bundle.rglob("*"))
    with pytest.raises(BundleError) as refused:
        compact(bundle)
    assert "pagefind-entry.json" in str(refused.value) and "'1.5.0'" in str(refused.value)
    assert "1.4.0" in str(refused.value)
    assert sorted(p.name for p in bundle.rglob("*")) == before
