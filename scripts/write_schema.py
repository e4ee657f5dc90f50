#!/usr/bin/env python3
"""Write the JSON Schema of the evaluation files to docs/data/utvardering.schema.json.

    python scripts/write_schema.py [--check]

Run it after changing kommunkompassen/model.py; a test fails while the file is out of date.
With --check it only reports whether the file is up to date (exit 1 if not).
"""

from __future__ import annotations

import sys
from pathlib import Path

from kommunkompassen.loading.schema import SCHEMA_PATH, schema_text

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    path = ROOT / SCHEMA_PATH
    text = schema_text()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv[1:]:
        if current == text:
            print(f"OK: {SCHEMA_PATH.as_posix()} är aktuell.")
            return 0
        print(f"{SCHEMA_PATH.as_posix()}: inaktuell; kör python scripts/write_schema.py", file=sys.stderr)
        return 1
    if current == text:
        print(f"{SCHEMA_PATH.as_posix()}: oförändrad.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Skrev {SCHEMA_PATH.as_posix()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
