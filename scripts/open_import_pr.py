#!/usr/bin/env python3
"""The import workflow's second job: the draft pull request and the comment for a sent-in report.

    python3 scripts/open_import_pr.py MAPP --handelse EVENT.json [--granskning URL] [--dry-run]

MAPP is what ``scripts/import_from_issue.py`` wrote (its ``resultat.json``, ``kommentar.md``
and ``utkast/``); the issue number, the repository and its default branch come from EVENT.json,
the event GitHub wrote. Puts the pair on the branch ``import/rapport-<N>`` of the checkout in the
current folder (never over a pair a maintainer has edited there), opens or updates the draft pull
request, and comments on the issue (with ``--misslyckades URL`` instead of MAPP: only a comment
that the import stopped, with the run's address); ``kommunkompassen/importers/github_api.py`` describes each
step. The token is read from ``GH_TOKEN`` or ``GITHUB_TOKEN``. ``--dry-run`` prints every Git
command and API call instead, and needs no token.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs without the project's venv

from kommunkompassen.importers.github_api import (  # noqa: E402
    ArtifactError, Git, GitHub, failure_comment, publish, read_artifact)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Öppna eller uppdatera utkastets pull request och kommentera ärendet.")
    parser.add_argument("mapp", type=Path, nargs="?", help="vad scripts/import_from_issue.py skrev")
    parser.add_argument("--misslyckades", metavar="URL",
                        help="importen avbröts (körningens adress): säg bara det i ärendet")
    parser.add_argument("--handelse", type=Path, required=True, metavar="EVENT.json", help="GitHub-händelsen")
    parser.add_argument("--granskning", metavar="URL", help="adressen till granskningsartefakten")
    parser.add_argument("--repo-mapp", type=Path, default=Path.cwd(), help="utcheckningen att skriva grenen i")
    parser.add_argument("--dry-run", action="store_true", help="skriv bara ut vad som skulle göras")
    args = parser.parse_args(argv[1:])
    event = json.loads(args.handelse.read_text(encoding="utf-8"))
    issue, repository = event["issue"]["number"], event["repository"]["full_name"]
    base = event["repository"].get("default_branch") or "main"
    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    if not token and not args.dry_run:
        print("Fel: ingen token (GH_TOKEN); kör med --dry-run för att se vad som skulle göras.", file=sys.stderr)
        return 2
    github = GitHub(repository, token, args.dry_run)
    if args.misslyckades or args.mapp is None:
        github.comment(issue, failure_comment(args.misslyckades))
        return 0
    try:
        draft = read_artifact(args.mapp, issue)
    except ArtifactError as exc:
        print(f"Fel: artefakten från första jobbet går inte att använda: {exc}", file=sys.stderr)
        return 1
    comment = publish(draft, Git(args.repo_mapp, args.dry_run), github, base, args.granskning)
    if args.dry_run:
        print(f"\nKommentaren på #{issue}:\n\n{comment}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
