#!/usr/bin/env python3
"""Import the published results into data/evaluations/, keeping what maintainers wrote.

    python scripts/import_published.py [--root ROOT] [--source FILE] [--dry-run | --check]

Reads data/reference/published-results.yaml and writes one data/evaluations/<kommun>-<år>.yaml
per evaluation it lists (and data/undated.yaml for those without a year). A file without an
'imported' record is a maintainer's and is never touched; in an imported file a value is
updated only while it still equals what the import last wrote. Running it twice changes
nothing. The rules are in kommunkompassen/importers/catalogue.py.

--dry-run prints what would change without writing; --check also exits 1 if anything would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kommunkompassen.importers.catalogue import SOURCE_FILE, UNDATED_FILE, plan_import
from kommunkompassen.importers.cli import load_reference, run
from kommunkompassen.loading.archive import DataPaths
from kommunkompassen.loading.problems import DataError, Problem
from kommunkompassen.loading.published import read_published
from kommunkompassen.loading.yamlio import load_yaml, read_text

LABELS = {
    "created": "ny fil",
    "updated": "uppdaterad",
    "unchanged": "oförändrad",
    "handmade": "handskriven fil, rörs inte",
    "undated": "inget år, till " + UNDATED_FILE,
    "unmatched": "kommunen hittades inte",
    "duplicate": "dubblett, importeras inte",
    "problem": "kan inte importeras",
    "orphan": "importerad fil som inte längre finns i källan",
}


def read_existing(paths: DataPaths) -> dict[str, tuple[dict, str]]:
    out, problems = {}, []
    for path in sorted(paths.evaluations.glob("*.yaml")):
        try:
            out[paths.relative(path)] = (load_yaml(path), read_text(path))
        except ValueError as exc:  # the import would merge into it: it must be readable
            problems.append(Problem(paths.relative(path), "", str(exc)))
    if problems:
        raise DataError(problems)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--source", default=SOURCE_FILE, help="source file, relative to the root")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    parser.add_argument("--check", action="store_true", help="like --dry-run; exit 1 if anything would change")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    paths = DataPaths(root)

    source, source_problems = read_published(root / args.source, str(args.source))
    if source_problems:
        print(DataError(source_problems).report(), file=sys.stderr)
        return 1
    reference = load_reference(paths)
    if reference is None:
        return 1
    frameworks, municipalities = reference
    undated_path = root / UNDATED_FILE
    try:
        undated_text = read_text(undated_path) if undated_path.exists() else None
    except ValueError as exc:
        raise DataError([Problem(UNDATED_FILE, "", str(exc))]) from None
    plan = plan_import(source, municipalities, frameworks, read_existing(paths), args.source, undated_text)

    total = len(plan.outcomes)
    for i, outcome in enumerate(plan.outcomes, start=1):
        where = f" -> {outcome.file}" if outcome.file and outcome.kind not in ("undated", "orphan") else ""
        print(f"[{i:>3}/{total}] {outcome.label}{where}: {LABELS[outcome.kind]}")
        for line in outcome.details:
            print(f"          {line}")

    dry = args.dry_run or args.check
    for rel, text in sorted(plan.writes.items()):
        if not dry:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{LABELS[k]}: {plan.count(k)}" for k in LABELS if plan.count(k))
    verb = "skulle skrivas" if dry else "skrivna"
    print(f"\n{len(source.get('evaluations') or [])} poster i {args.source}. {counts}. "
          f"Filer {verb}: {len(plan.writes)}.")
    kept = sum(1 for o in plan.outcomes for d in o.details if d.startswith("behållet"))
    if kept:
        print(f"{kept} värden som ändrats för hand behölls (se 'behållet' ovan).")
    return 1 if args.check and plan.writes else 0


if __name__ == "__main__":
    run(main)
