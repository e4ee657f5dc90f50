#!/usr/bin/env python3
"""Turn a Kommunkompassen report (PDF or text) into a draft pair in data/evaluations/.

    python scripts/import_report.py RAPPORT [--kommun K] [--ar ÅR] [--ramverk V] [--utmapp MAPP]

Reads municipality, year, evaluators, number interviewed, the score tables and the text, and
prints every value it could not read or that does not add up; those are unknown or uncertain
in the draft, with a note. Never overwrites a file, never guesses a number.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kommunkompassen.importers.cli import add_root_option, load_reference, run
from kommunkompassen.importers.drafts import ExistingFileError, pair_paths, write_new_pair
from kommunkompassen.importers.lookup import find_municipality
from kommunkompassen.importers.report import ReportImportError, import_report
from kommunkompassen.importers.report_source import ReportReadError, read_report
from kommunkompassen.loading.archive import DataPaths

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Gör ett utkast (datafil + textfil) ur en Kommunkompass-rapport.")
    parser.add_argument("rapport", type=Path, help="rapporten som PDF eller text (UTF-8)")
    parser.add_argument("--kommun", help="kommunens namn eller kod, om rapporten inte säger det tydligt")
    parser.add_argument("--ar", type=int, metavar="ÅR", help="utvärderingsåret, om rapporten inte säger det")
    parser.add_argument("--ramverk", help="ramverksversion (t.ex. 2016), om den inte går att avgöra")
    parser.add_argument("--utmapp", type=Path, help="var paret skrivs (standard: data/evaluations/)")
    add_root_option(parser, ROOT)
    args = parser.parse_args(argv[1:])

    paths = DataPaths(args.rot)
    reference = load_reference(paths)
    if reference is None:
        return 1
    frameworks, municipalities = reference
    try:
        municipality = find_municipality(municipalities, args.kommun) if args.kommun else None
        print(f"Läser {args.rapport} …")
        source = read_report(args.rapport)
        lines = "en rad per sida" if not source.line_based else "med radbrytningar"
        print(f"  {'PDF' if source.kind == 'pdf' else 'text'}, {len(source.pages)} sid(or), {lines}"
              + (", ser OCR-skadad ut" if source.looks_ocr_damaged else ""))
        draft = import_report(source, frameworks, municipalities, municipality=municipality, year=args.ar,
                              framework_id=args.ramverk)
    except (LookupError, ReportReadError, ReportImportError) as exc:
        print(f"Fel: {exc}.", file=sys.stderr)
        return 2
    for fact in draft.facts:
        print(f"  {fact}")

    directory = args.utmapp or paths.evaluations
    yaml_path, md_path = pair_paths(directory, draft.key)
    try:
        write_new_pair(directory, draft.key, draft.yaml_text(), draft.markdown)
    except ExistingFileError as exc:
        print(f"Fel: {exc.message(paths.relative)}", file=sys.stderr)
        return 1
    print(f"Skrev {paths.relative(yaml_path)} och {paths.relative(md_path)}.")
    if draft.findings:
        print(f"Att kontrollera mot rapporten ({len(draft.findings)}):")
        for finding in draft.findings:
            file = md_path if finding.field.startswith("text") else yaml_path
            print(f"  {paths.relative(file)}: {finding}")
    else:
        print("Inget flaggat; kontrollera ändå texten mot rapporten.")
    print("Nästa steg: rätta det som flaggats, kör ./dev check och ./dev serve (se CONTRIBUTING.md).")
    return 0


if __name__ == "__main__":
    run(lambda: main(sys.argv))
