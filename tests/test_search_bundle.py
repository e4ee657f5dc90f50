"""Pagefind's bundle written in parts and merged, and made lighter for a first search
(``kommunkompassen/site/search_bundle.py``): the same records, words, positions and chunks as one
Pagefind run, the fragments renamed in sequence. The searches in the browser, on these bundles,
are in ``e2e/test_search_bundle_in_browser.py``."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kommunkompassen.site import search_index
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


def words_by_fragment(bundle: Path) -> dict[str, set]:
    """Every word with the fragments (by their text) of the records it is in and its positions
    there: what a search finds, whatever the records' numbers."""
    fragment = [(bundle / "fragment" / f"{name}.pf_fragment").read_bytes() for name, _ in meta(bundle)[1]]
    return {word: {(fragment[page], tuple(positions)) for page, positions in pages} for word, pages in words(bundle)}


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


def test_a_bundle_merged_from_parts_is_what_one_run_writes(raw_search_bundle, merged_search_bundle):
    one, merged = meta(raw_search_bundle), meta(merged_search_bundle)
    assert len(one[1]) > 3 * 150  # the site's records were indexed in four parts or more
    assert Counter(map(tuple, merged[1])) == Counter(map(tuple, one[1]))  # each record, its text's name and word count
    assert [chunk[:2] for chunk in merged[2]] == [chunk[:2] for chunk in one[2]]  # chunks cut and bounded alike
    assert words_by_fragment(merged_search_bundle) == words_by_fragment(raw_search_bundle)
    entry = json.loads((merged_search_bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["sv"]["page_count"] == len(one[1])


def test_the_staged_pages_are_split_into_parts_at_their_own_paths(tmp_path):
    stage = tmp_path / "stage"
    pages = [f"kommuner/k{n:02d}/index.html" for n in range(7)]
    for page in pages:
        (stage / page).parent.mkdir(parents=True, exist_ok=True)
        (stage / page).write_text(page, encoding="utf-8")
    assert search_index._parts(stage, 10) == [stage]
    parts = search_index._parts(stage, 3)
    held = [sorted(p.relative_to(part).as_posix() for p in part.rglob("*.html")) for part in parts]
    assert [len(h) for h in held] == [3, 3, 1]
    assert sum(held, []) == pages
    assert all((part / page).read_text(encoding="utf-8") == page for part, h in zip(parts, held) for page in h)
