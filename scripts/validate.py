#!/usr/bin/env python3
"""Check every data file; print one line per problem. Exit 1 if there is any.

    python scripts/validate.py [ROOT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from kommunkompassen.loading.archive import load_archive
from kommunkompassen.loading.problems import DataError


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    try:
        archive = load_archive(root)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"OK: {len(archive.evaluations)} utvärderingar, {len(archive.frameworks)} ramverksversioner, "
          f"{len(archive.municipalities)} kommuner.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
