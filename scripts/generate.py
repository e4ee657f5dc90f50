#!/usr/bin/env python3
"""Write the site's sources as a plain folder, without MkDocs.

    python scripts/generate.py OUT [--root ROOT] [--site-url URL]

OUT gets the hand-written docs/ with every generated page (Markdown), data file (CSV,
JSON) and chart (SVG) added: what the MkDocs hook hands MkDocs, as files. Any static-site
generator that reads a folder of Markdown can build from it; nothing under data/ is changed.
OUT must not exist yet (nothing is overwritten).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kommunkompassen.loading.problems import DataError
from kommunkompassen.site.build import write_tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skriv webbplatsens källfiler som en vanlig mapp, utan MkDocs.")
    parser.add_argument("out", type=Path, help="mappen att skriva (får inte finnas)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="projektets rot (standard: detta förråd)")
    parser.add_argument("--site-url", default="", help="webbplatsens adress, för absoluta länkar i öppna data")
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} finns redan; välj en ny mapp (inget skrivs över)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    print(f">> läser och kontrollerar {args.root / 'data'} …", file=sys.stderr)
    try:
        count = write_tree(args.root, args.out, args.site_url)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"Skrev {count} genererade filer till {args.out} på {time.perf_counter() - t0:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
