"""Two builds of the same commit are byte-identical, charts included.

MkDocs dates the pages (the sitemap's ``lastmod`` and the gzip header of ``sitemap.xml.gz``)
by ``SOURCE_DATE_EPOCH`` or else the clock. The hook sets it to the commit's time in a Git
checkout; a build from a copy without ``.git`` gets it from the environment, as the
reproducible-builds convention says.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import datetime, timezone

from sitebuild import ROOT, copy_project

from kommunkompassen.adapters.mkdocs import source_date_epoch


def commit_epoch() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch(ROOT)
    assert epoch, f"{ROOT} is not a Git checkout and SOURCE_DATE_EPOCH is not set"
    return epoch


def files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_fresh_builds_of_one_commit_are_byte_identical(tmp_path):
    """Two copies of the checkout in different folders, each with an empty chart cache, built at once
    with different hash seeds."""
    source = copy_project(tmp_path / "a", include=lambda path: not path.startswith("tests/"))
    copy = tmp_path / "second" / "checkout"
    copy.parent.mkdir()
    subprocess.run(["cp", "-a", str(source), str(copy)], check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": commit_epoch()}
    builds = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                                "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(out)],
                               cwd=project, env={**env, "PYTHONHASHSEED": seed},  # so set order differs
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for project, out, seed in ((source, tmp_path / "site-1", "1"), (copy, tmp_path / "site-2", "2"))]
    for build in builds:
        output, _ = build.communicate(timeout=600)
        assert build.returncode == 0, output
    first, second = files(tmp_path / "site-1"), files(tmp_path / "site-2")
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"{len(differ)} files differ: {differ[:20]}"
    assert any(name.endswith(".svg") for name in first), "the charts are part of the comparison"
    assert any(name.startswith("pagefind/fragment/") for name in first), "the search index is part of it too"


def test_a_build_in_the_checkout_is_dated_by_its_commit_and_the_sitemap_by_nothing(built_site):
    """The shared build ran in the checkout without SOURCE_DATE_EPOCH; the hook dated it by the
    commit (the gzip header of sitemap.xml.gz). The sitemap itself gives no page a date: the
    build's date says nothing about when a page's content changed."""
    day = datetime.fromtimestamp(int(commit_epoch()), timezone.utc).strftime("%Y-%m-%d")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" not in sitemap and sitemap.count("<loc>") > 100
    packed = (built_site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == sitemap
    header_time = int.from_bytes(packed[4:8], "little")
    assert datetime.fromtimestamp(header_time, timezone.utc).strftime("%Y-%m-%d") == day
