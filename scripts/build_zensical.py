#!/usr/bin/env python3
"""Build the site with Zensical (classic variant) instead of MkDocs and Material for MkDocs.

    python scripts/build_zensical.py [OUT]        (./dev build-zensical; OUT: site-zensical/)

Zensical reads mkdocs.yml and Material's template overrides but runs no ``hooks:``, and the
site's generated pages come from the hook. So this writes the site's sources as a plain tree
first (``write_tree``, as ``./dev generate`` does), with a copy of mkdocs.yml that points at
it, and builds that with ``zensical build --strict``. What still differs from the MkDocs build,
and what each difference would take: README.md, "Migrating off Material for MkDocs".
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from kommunkompassen import routes
from kommunkompassen.loading.problems import DataError
from kommunkompassen.site.build import write_tree
from kommunkompassen.site.search_index import index_site

ROOT = Path(__file__).resolve().parent.parent
# Overrides Zensical cannot use, and why they are not needed there:
# - sitemap.xml: iterates MkDocs' File objects (``file.page``), which Zensical's template
#   context does not have; Zensical's own sitemap already leaves out <lastmod>, as ours does.
SKIPPED_OVERRIDES = ("sitemap.xml",)
# Where the plain tree is staged: outside the chart cache's folder, which CI keeps between runs.
STAGING = ROOT / ".cache" / "zensical"


def zensical_config(root: Path) -> dict:
    """mkdocs.yml as Zensical builds the plain tree: no hook, the classic look, the tree's
    folders, ``not_in_nav`` written out (the hook sets it from ``routes.NOT_IN_NAV``), and edit
    links into docs/ (the tree is the folder Zensical reads, but the repository's is docs/)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config["theme"] = {**config["theme"], "variant": "classic", "custom_dir": "overrides"}
    config.update(docs_dir="docs", site_dir="site", not_in_nav="\n".join(routes.NOT_IN_NAV),
                  # hand-written pages' pencil opens docs/ in the repository, as the hook's does
                  edit_uri=f"{config.get('edit_uri', 'edit/main/').rstrip('/')}/{routes.DOCS}/")
    return config


def build(root: Path, out: Path, staging: Path) -> dict[str, float]:
    """Build ``root``'s site with Zensical into ``out`` (replaced), staging the sources in
    ``staging`` (replaced). Returns the seconds each step took."""
    root, out, staging = Path(root), Path(out), Path(staging)
    config = zensical_config(root)
    times = {}
    t0 = time.perf_counter()
    if staging.exists():
        shutil.rmtree(staging)
    write_tree(root, staging / "docs", config.get("site_url") or "")
    shutil.copytree(root / "overrides", staging / "overrides",
                    ignore=lambda folder, names: [n for n in names if n in SKIPPED_OVERRIDES])
    (staging / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    times["sources"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    zensical = Path(sys.executable).with_name("zensical")
    done = subprocess.run([str(zensical), "build", "--clean", "--strict", "--config-file", "mkdocs.yml"],
                          cwd=staging, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if done.returncode != 0:
        raise RuntimeError(f"zensical build failed:\n{done.stdout}\n{done.stderr}")
    times["zensical"] = time.perf_counter() - t1
    if out.exists():
        shutil.rmtree(out)
    shutil.move(staging / "site", out)
    # The site's search, as after the MkDocs build: the header's box (overrides/) reads pagefind/.
    t2 = time.perf_counter()
    index_site(out)
    times["search"] = time.perf_counter() - t2
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bygg webbplatsen med Zensical (classic) i stället för MkDocs.")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "site-zensical",
                        help="mappen att bygga till (ersätts; standard: site-zensical/)")
    args = parser.parse_args(argv)
    try:
        times = build(ROOT, args.out, STAGING)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Byggde {args.out} med Zensical: källfilerna på {times['sources']:.1f} s, "
          f"Zensical på {times['zensical']:.1f} s, sökindexet på {times['search']:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
