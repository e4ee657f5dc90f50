#!/usr/bin/env python3
"""Check every data file; print one line per problem. Exit 1 if there is any.

    python scripts/validate.py [ROOT]

Checks what the build reads (``load_archive``) and, besides, the catalogue import's source
``data/reference/published-results.yaml``, which only ``scripts/import_published.py`` reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kommunkompassen import routes
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.loading.problems import DataError
from kommunkompassen.loading.published import read_published


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems, archive = [], None
    try:
        archive = load_archive(root)
    except DataError as exc:
        problems.extend(exc.problems)
    published = routes.project_path(root, routes.PUBLISHED_RESULTS)
    if published.exists() and not published.is_symlink():  # a link is reported by load_archive
        problems.extend(read_published(published)[1])
    if problems or archive is None:
        print(DataError(problems).report(), file=sys.stderr)
        return 1
    print(f"OK: {len(archive.evaluations)} utvärderingar, {len(archive.frameworks)} ramverksversioner, "
          f"{len(archive.municipalities)} kommuner.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
