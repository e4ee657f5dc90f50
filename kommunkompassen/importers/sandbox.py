"""The report import of a sent-in PDF, in a child process that may not reach the network.

``from_issue`` runs ``python -m kommunkompassen.importers.sandbox`` with a wall-clock limit
and reads what it wrote. Before anything reads the PDF, the child

- refuses every socket (an audit hook: ``socket.connect``, ``getaddrinfo`` … raise), so
  nothing in the report can make the import fetch or send anything; the OCR's processes are
  forked from it and inherit the hook (Tesseract itself is a local program);
- caps its memory (``RLIMIT_AS``), CPU time (``RLIMIT_CPU``) and the size of any file it
  writes (``RLIMIT_FSIZE``);
- counts the pages and stops above the page cap.

Then it reads the text layer (or the pages with Tesseract when the PDF has none), imports the
report with the municipality and year from the form (and, when its tables do not tell the
framework version, the catalogue file's version, marked derived), writes the pair under
``<out>/utkast/data/evaluations/``, the review page under ``<out>/granskning/`` and what it
found as ``<out>/import.json`` (``{"error": "…"}`` when it could not import, exit code 2).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
from pathlib import Path

_BLOCKED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "socket.bind", "socket.sendto", "socket.sendmsg", "urllib.Request")


class NetworkRefused(RuntimeError):
    pass


def _no_network(event: str, args) -> None:
    if event in _BLOCKED:
        raise NetworkRefused(f"ingen nätverksåtkomst under importen ({event})")


def refuse_network() -> None:
    """From now on no code in this process (or its forks) can open a connection."""
    sys.addaudithook(_no_network)


def limit_resources(memory_bytes: int, cpu_seconds: int, file_bytes: int) -> None:
    for kind, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu_seconds),
                        (resource.RLIMIT_FSIZE, file_bytes)):
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, hard))


def count_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def cells(data: dict) -> tuple[int, list[tuple[str, str]]]:
    """(cells read, [(field, why) for each unknown cell]) of a draft's scores and total."""
    read, unknown = 0, []

    def look(field: str, cell) -> None:
        nonlocal read
        value = cell.get("value") if isinstance(cell, dict) else cell
        if value is None:
            unknown.append((field, (cell.get("note") if isinstance(cell, dict) else None) or "okänt"))
        else:
            read += 1

    look("total", data.get("total"))
    for number, area in data.get("areas", {}).items():
        look(f"areas.{number}.score", area.get("score"))
        for qid, row in area.get("questions", {}).items():
            for name in ("score", "max", "percent"):
                look(f"areas.{number}.questions.{qid}.{name}", row.get(name))
    return read, unknown


def run(args) -> dict:
    from kommunkompassen.importers.cli import load_reference
    from kommunkompassen.importers.drafts import pair_paths, write_new_pair
    from kommunkompassen.importers.report import ReportImportError, import_report
    from kommunkompassen.importers.report_source import NO_TEXT_LAYER, ReportReadError, read_report
    from kommunkompassen.importers.review import write_review
    from kommunkompassen.importers.score_check import Finding
    from kommunkompassen.loading.archive import DataPaths

    paths = DataPaths(args.rot)
    reference = load_reference(paths)
    if reference is None:
        return {"error": "projektets ramverksfiler har fel"}
    frameworks, municipalities = reference
    try:
        pages = count_pages(args.pdf)
    except Exception:  # noqa: BLE001 - any failure to parse the untrusted file means: not a readable PDF
        return {"error": "filen går inte att läsa som PDF"}
    if pages > args.max_sidor:
        return {"error": f"rapporten har {pages} sidor; importen läser högst {args.max_sidor}"}
    try:
        try:
            source = read_report(args.pdf)
        except ReportReadError as exc:
            if NO_TEXT_LAYER not in str(exc):
                raise
            source = read_report(args.pdf, ocr=True)
        municipality = municipalities.by_code[args.kommun]
        try:
            draft = import_report(source, frameworks, municipalities, municipality=municipality, year=args.ar)
        except ReportImportError:
            if not args.ramverk_reserv or args.ramverk_reserv not in frameworks:
                raise
            # The tables do not tell the version; the catalogue file's version, marked as such.
            draft = import_report(source, frameworks, municipalities, municipality=municipality, year=args.ar,
                                  framework_id=args.ramverk_reserv)
            note = (f"Rapportens poängtabeller räckte inte för att avgöra versionen; {args.ramverk_reserv} är "
                    "katalogpostens version (det allmänna sidor säger om utvärderingen).")
            draft.data["framework"] = {"value": args.ramverk_reserv, "status": "derived", "note": note}
            draft.findings.insert(0, Finding("framework", f"härledd: {note} Kontrollera mot rapporten."))
    except (ReportReadError, ReportImportError) as exc:
        why = re.sub(r"; ange (?:den|det) med --\w+$", "", str(exc).replace(str(args.pdf), args.pdf.name))
        return {"error": why}
    draft.data["sources"] = json.loads(args.kallor.read_text(encoding="utf-8"))
    directory = args.ut / "utkast" / "data" / "evaluations"
    write_new_pair(directory, draft.key, draft.yaml_text(), draft.markdown)
    yaml_file, md_file = (f"data/evaluations/{p.name}" for p in pair_paths(directory, draft.key))
    review = write_review(draft, source, args.ut / "granskning", yaml_file, md_file)
    read, unknown = cells(draft.data)
    return {
        "key": draft.key,
        "framework": draft.framework.id,
        "pages": len(source.pages),
        "ocr": source.ocr,
        "facts": draft.facts,
        "findings": [{"field": f.field, "message": f.message} for f in draft.findings],
        "cells_read": read,
        "cells_unknown": [{"field": f, "why": w} for f, w in unknown],
        "review": review.relative_to(args.ut).as_posix() if review else None,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--ut", type=Path, required=True)
    parser.add_argument("--rot", type=Path, required=True)
    parser.add_argument("--kommun", required=True, help="kommunkoden")
    parser.add_argument("--ar", type=int, required=True)
    parser.add_argument("--kallor", type=Path, required=True, help="JSON: the draft's sources")
    parser.add_argument("--max-sidor", type=int, required=True)
    parser.add_argument("--ramverk-reserv", help="the version to use when the report's tables do not tell")
    parser.add_argument("--max-minne", type=int, default=4 << 30)
    parser.add_argument("--max-cpu", type=int, default=1800)
    args = parser.parse_args(argv)
    limit_resources(args.max_minne, args.max_cpu, 256 << 20)
    refuse_network()
    try:
        result = run(args)
    except MemoryError:
        result = {"error": "importen behövde mer minne än den får använda"}
    (args.ut / "import.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 2 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
