#!/usr/bin/env python3
"""A report sent in with the issue form "Skicka in en rapport", to a draft pair, a review page
and the comment for the issue; everything the import workflow does except the GitHub calls.

    python scripts/import_from_issue.py EVENT.json [--ut MAPP]

EVENT.json is a GitHub ``issues`` event (the workflow passes ``$GITHUB_EVENT_PATH``; locally,
save an issue's event or write one by hand, see CONTRIBUTING.md). The issue's text is read
from the file, never from the command line. Writes into MAPP (default ``granskning/arende-N``):
the pair under ``utkast/data/evaluations/``, the review page under ``granskning/``, the fetched
report under ``rapport/``, ``kommentar.md`` and ``resultat.json``
(``kommunkompassen/importers/from_issue.py`` describes them). Then
``scripts/open_import_pr.py MAPP --dry-run`` shows what the workflow would do on GitHub.

Exit code 0 when the issue was handled (a draft, or a comment that says why there is none);
1 when something in the project itself is wrong. Inside GitHub Actions it also writes
``status``, ``key`` and ``valid`` (the pair passes ``./dev check``) to ``$GITHUB_OUTPUT``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kommunkompassen.importers.cli import add_root_option, run
from kommunkompassen.importers.from_issue import Caps, download, import_issue

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str], fetch=download) -> int:
    parser = argparse.ArgumentParser(description="Gör ett utkast ur en rapport som skickats in i ett GitHub-ärende.")
    parser.add_argument("handelse", type=Path, metavar="EVENT.json", help="GitHub-händelsen (issues) som JSON")
    parser.add_argument("--ut", type=Path, metavar="MAPP", help="var allt skrivs (standard: granskning/arende-N)")
    parser.add_argument("--max-mb", type=int, default=Caps.max_bytes >> 20, help="största PDF som hämtas")
    parser.add_argument("--max-sidor", type=int, default=Caps.max_pages, help="flest sidor som läses")
    parser.add_argument("--max-minuter", type=int, default=int(Caps.import_seconds // 60),
                        help="längsta tid importen (med OCR) får ta")
    add_root_option(parser, ROOT)
    args = parser.parse_args(argv[1:])
    try:
        event = json.loads(args.handelse.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"Fel: {args.handelse} går inte att läsa som JSON ({exc}).", file=sys.stderr)
        return 1
    number = (event.get("issue") or {}).get("number")
    out = args.ut or args.rot / "granskning" / f"arende-{number if isinstance(number, int) else 'okänt'}"
    if out.exists() and any(out.iterdir()):
        print(f"Fel: {out} finns redan och är inte tom; välj en ny mapp med --ut (inget skrivs över).", file=sys.stderr)
        return 2
    caps = Caps(max_bytes=args.max_mb << 20, max_pages=args.max_sidor, import_seconds=args.max_minuter * 60)
    outcome = import_issue(event, args.rot, out, fetch=fetch, caps=caps)
    print(outcome.comment)
    print(f"Skrev {out}: kommentar.md, resultat.json" + (", utkast/, granskning/, rapport/" if outcome.key else ""))
    github_output = os.environ.get("GITHUB_OUTPUT")
    if github_output:
        with open(github_output, "a", encoding="utf-8") as fh:
            fh.write(f"status={outcome.status}\nkey={outcome.key or ''}\nvalid={str(outcome.valid).lower()}\n")
    return 0


if __name__ == "__main__":
    run(lambda: main(sys.argv))
