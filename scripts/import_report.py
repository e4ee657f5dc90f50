#!/usr/bin/env python3
"""Turn Kommunkompassen reports (PDF or text) into draft pairs in data/evaluations/.

    python scripts/import_report.py RAPPORT [RAPPORT ...] [--kommun K] [--ar ÅR] [--ramverk V]
                                    [--ocr] [--utmapp MAPP] [--granskning MAPP]

Reads municipality, year, evaluators, number interviewed, the score tables and the text, and
prints every value it could not read or that does not add up; those are unknown or uncertain
in the draft, with a note. Never overwrites a file, never guesses a number. With several
reports it drafts each one (a report that fails does not stop the others), shows progress and
ends with a summary table. For each draft it writes a local review page (``--granskning``,
by default ``granskning/`` in the project, ignored by Git): every flagged cell and text warning
beside an image of the part of the report page it came from. A scan without a text layer
is read with Tesseract when ``--ocr`` is given.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from kommunkompassen.importers.cli import add_root_option, load_reference, run
from kommunkompassen.importers.drafts import ExistingFileError, evaluation_key, pair_paths, write_new_pair
from kommunkompassen.importers.framework_proposal import propose
from kommunkompassen.importers.lookup import find_municipality
from kommunkompassen.importers.report import ReportImportError, import_report
from kommunkompassen.importers.report_source import ReportReadError, read_report
from kommunkompassen.importers.review import write_review
from kommunkompassen.importers.score_table import read_tables
from kommunkompassen.loading.archive import DataPaths

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Gör utkast (datafil + textfil) ur Kommunkompass-rapporter.")
    parser.add_argument("rapport", type=Path, nargs="+", help="rapporter som PDF eller text (UTF-8)")
    parser.add_argument("--kommun", help="kommunens namn eller kod, om rapporten inte säger det tydligt")
    parser.add_argument("--ar", type=int, metavar="ÅR", help="utvärderingsåret, om rapporten inte säger det")
    parser.add_argument("--ramverk", help="ramverksversion (t.ex. 2016), om den inte går att avgöra")
    parser.add_argument("--ocr", action="store_true", help="läs skannade sidor (utan textlager) med Tesseract")
    parser.add_argument("--utmapp", type=Path, help="var paren skrivs (standard: data/evaluations/)")
    parser.add_argument("--granskning", type=Path, metavar="MAPP",
                        help="var granskningssidorna skrivs (standard: granskning/ i projektet, ignoreras av Git)")
    add_root_option(parser, ROOT)
    args = parser.parse_args(argv[1:])
    if len(args.rapport) > 1 and (args.kommun or args.ar):
        print("Fel: --kommun och --ar gäller en rapport; ange dem bara med en rapport.", file=sys.stderr)
        return 2

    paths = DataPaths(args.rot)
    reference = load_reference(paths)
    if reference is None:
        return 1
    directory = args.utmapp or paths.evaluations
    review_dir = args.granskning or (args.rot / "granskning")
    rows: list[tuple[str, str, str, str, str]] = []
    worst = 0
    for n, report in enumerate(args.rapport, 1):
        if len(args.rapport) > 1:
            print(f"[{n}/{len(args.rapport)}] ", end="")
        started = time.monotonic()
        code, row = _one(report, args, paths, reference, directory, review_dir)
        worst = max(worst, code)
        rows.append((report.name, *row, f"{time.monotonic() - started:.1f} s"))
    if len(args.rapport) > 1:
        _summary(rows)
    return worst


def existing_draft(directory: Path, report: Path, municipality, year) -> list[Path]:
    """The pair this report would become, if it is there already: by municipality and year when
    given, else a data file whose source is this very file (``file: <name>``, as a draft records it)."""
    if municipality is not None and year:
        return [p for p in pair_paths(directory, evaluation_key(municipality, year)) if p.exists()]
    name = re.escape(report.name)
    recorded = re.compile(rf"^\s*(?:-\s+)?file:\s*['\"]?{name}['\"]?\s*$", re.MULTILINE)
    for yaml_path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        try:
            text = yaml_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if recorded.search(text):
            return [p for p in pair_paths(directory, yaml_path.stem) if p.exists()]
    return []


def _one(report: Path, args, paths: DataPaths, reference, directory: Path, review_dir: Path):
    frameworks, municipalities = reference
    try:
        municipality = find_municipality(municipalities, args.kommun) if args.kommun else None
        # Before anything is read (OCR of a scan takes minutes): is the draft there already?
        existing = existing_draft(directory, report, municipality, args.ar)
        if existing:
            names = " och ".join(paths.relative(p) for p in existing)
            print(f"Fel: {names} finns redan; inget skrevs, och rapporten lästes inte. Ändra i den befintliga filen, "
                  "eller flytta undan den om du vill börja om.", file=sys.stderr)
            return 1, ("–", "–", "–", "finns redan, inget skrevs")
        print(f"Läser {report} …", flush=True)

        def progress(done: int, total: int) -> None:
            print(f"\r  OCR: sida {done} av {total}", end="" if done < total else "\n", flush=True)

        source = read_report(report, ocr=args.ocr, progress=progress)
        lines = "en rad per sida" if not source.line_based else "med radbrytningar"
        print(f"  {'PDF' if source.kind == 'pdf' else 'text'}, {len(source.pages)} sid(or), {lines}"
              + (", OCR-läst med Tesseract" if source.ocr else "")
              + (", ser OCR-skadad ut" if source.looks_ocr_damaged else ""))
        draft = import_report(source, frameworks, municipalities, municipality=municipality, year=args.ar,
                              framework_id=args.ramverk)
    except (LookupError, ReportReadError, ReportImportError) as exc:
        print(f"Fel: {exc}.", file=sys.stderr)
        return 2, ("–", "–", "–", "inte importerad")
    for fact in draft.facts:
        print(f"  {fact}")

    yaml_path, md_path = pair_paths(directory, draft.key)
    try:
        write_new_pair(directory, draft.key, draft.yaml_text(), draft.markdown)
    except ExistingFileError as exc:
        print(f"Fel: {exc.message(paths.relative)}", file=sys.stderr)
        return 1, ("–", "–", "–", "finns redan, inget skrevs")
    print(f"Skrev {paths.relative(yaml_path)} och {paths.relative(md_path)}.")
    cells = [f for f in draft.findings if f.field.startswith(("areas", "total"))]
    texts = [f for f in draft.findings if f.field.startswith("text")]
    if draft.findings:
        print(f"Att kontrollera mot rapporten ({len(draft.findings)}):")
        for finding in draft.findings:
            file = md_path if finding.field.startswith("text") else yaml_path
            print(f"  {paths.relative(file)}: {finding}")
    else:
        print("Inget flaggat; kontrollera ändå texten mot rapporten.")
    page = write_review(draft, source, review_dir, paths.relative(yaml_path), paths.relative(md_path))
    if page is not None:
        print(f"Granskningssida: {page}")
    _propose_framework(draft, source, paths, review_dir)
    print("Nästa steg: rätta det som flaggats, kör ./dev check och ./dev serve (se CONTRIBUTING.md).")
    read = sum(1 for a in draft.data["areas"].values() for q in a.get("questions", {}).values()
               for c in q.values() if (c.get("value") if isinstance(c, dict) else c) is not None)
    return 0, (draft.key, str(read), str(len(cells)), str(len(texts)))


def _propose_framework(draft, source, paths: DataPaths, review_dir: Path) -> None:
    """A version without sub-questions on file: its list as the report's tables print it, for review."""
    fw = draft.framework
    proposal = propose(fw, paths.frameworks / f"{fw.id}.yaml", read_tables(source.text),
                       draft.data["sources"][0]["title"])
    if proposal is None:
        return
    text, problems = proposal
    review_dir.mkdir(parents=True, exist_ok=True)
    target, n = review_dir / f"ramverk-{fw.id}-ur-{draft.key}.yaml", 2
    while target.exists():
        target, n = review_dir / f"ramverk-{fw.id}-ur-{draft.key}-{n}.yaml", n + 1
    target.write_text(text, encoding="utf-8")
    questions = sum(1 for line in text.splitlines() if line.lstrip().startswith("- id:"))
    print(f"Version {fw.id} har inga delfrågor i data/frameworks/; förslag med {questions} delfrågor ur "
          f"rapportens tabeller: {target}")
    if problems:
        print("  Förslaget har fel att rätta innan det kan användas:")
        for problem in problems:
            print(f"    {problem}")
    else:
        print(f"  Förslaget validerar; jämför med rapporten och kopiera det till data/frameworks/{fw.id}.yaml "
              "(se CONTRIBUTING.md).")


def _summary(rows: list[tuple[str, ...]]) -> None:
    head = ("Rapport", "Utkast", "Celler lästa", "Celler flaggade", "Textvarningar", "Tid")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print("\nSammanfattning:")
    for row in [head, tuple("-" * w for w in widths), *rows]:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    run(lambda: main(sys.argv))
