#!/usr/bin/env python3
"""Check every data file; print one line per problem. Exit 1 if there is any.

    python scripts/validate.py [ROOT]

Runs exactly the checks the build runs (``kommunkompassen.site.checks.check_project``): the
data files, the reference and framework files, the catalogue import's source
``data/reference/published-results.yaml`` and the start page's markers. A project it passes builds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kommunkompassen.loading.problems import DataError
from kommunkompassen.site.checks import check_project


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    archive, problems = check_project(root)
    if problems or archive is None:
        print(DataError(problems).report(), file=sys.stderr)
        return 1
    print(f"OK: {len(archive.evaluations)} utvärderingar, {len(archive.frameworks)} ramverksversioner, "
          f"{len(archive.municipalities)} kommuner.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
