"""Pagefind's bundle made lighter for a first search (``kommunkompassen/site/search_bundle.py``):
the same records, word counts, fragments and chunks as Pagefind wrote them, renamed in sequence.
The searches in the browser, on both bundles, are in ``e2e/test_search_bundle_in_browser.py``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kommunkompassen.site.search_bundle import BundleError, compact, read


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


def test_compacting_keeps_every_record_its_word_count_and_its_fragment(raw_search_bundle, tmp_path):
    compacted = compacted_copy(raw_search_bundle, tmp_path / "pagefind")
    raw_pages, new_pages = meta(raw_search_bundle)[1], meta(compacted)[1]
    assert [count for _, count in new_pages] == [count for _, count in raw_pages]
    for (raw_name, _), (new_name, _) in zip(raw_pages, new_pages):
        assert ((compacted / "fragment" / f"{new_name}.pf_fragment").read_bytes()
                == (raw_search_bundle / "fragment" / f"{raw_name}.pf_fragment").read_bytes())
    assert len(list((compacted / "fragment").iterdir())) == len(new_pages)


def test_compacting_keeps_every_index_chunk_its_bounds_and_its_words(raw_search_bundle, tmp_path):
    compacted = compacted_copy(raw_search_bundle, tmp_path / "pagefind")
    raw_chunks, new_chunks = meta(raw_search_bundle)[2], meta(compacted)[2]
    assert [chunk[:2] for chunk in new_chunks] == [chunk[:2] for chunk in raw_chunks]
    for (_, _, raw_name), (_, _, new_name) in zip(raw_chunks, new_chunks):
        assert ((compacted / "index" / f"{new_name}.pf_index").read_bytes()
                == (raw_search_bundle / "index" / f"{raw_name}.pf_index").read_bytes())
    assert len(list((compacted / "index").iterdir())) == len(new_chunks)


def test_names_in_sequence_make_the_meta_file_smaller(raw_search_bundle, tmp_path):
    raw_meta = next(raw_search_bundle.glob("pagefind.*.pf_meta"))
    compacted = compacted_copy(raw_search_bundle, tmp_path / "pagefind")
    new_meta = next(compacted.glob("pagefind.*.pf_meta"))
    assert new_meta.name != raw_meta.name
    assert new_meta.stat().st_size < 0.8 * raw_meta.stat().st_size
    for names in ([name for name, _ in meta(compacted)[1]], [name for _, _, name in meta(compacted)[2]]):
        token = names[0][:-1]
        assert names[:3] == [token + "0", token + "1", token + "2"]
    entry = json.loads((compacted / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert new_meta.name == f"pagefind.{entry['languages']['sv']['hash']}.pf_meta"


def test_the_same_bundle_is_compacted_to_the_same_bytes(raw_search_bundle, tmp_path):
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
