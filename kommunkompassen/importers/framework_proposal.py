"""A proposed framework file from a report's score tables, for a version whose sub-questions are
not on file yet (the 2020 version).

The proposal is the version's framework file with each area's sub-questions as the report's
tables print them (id, question text, max points). It is validated exactly like a file in
``data/frameworks/`` and written for review, never into ``data/``: a maintainer compares it with
the report and copies it over the version's file (CONTRIBUTING.md).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

import yaml

from kommunkompassen.domain.model import Framework
from kommunkompassen.importers.score_check import as_int
from kommunkompassen.importers.score_table import TableArea
from kommunkompassen.loading.archive import DataPaths, load_frameworks


def propose(framework: Framework, source_file: Path, tables: dict[int, TableArea],
            report_title: str) -> Optional[tuple[str, list[str]]]:
    """(YAML text, problems) when the version has no sub-questions and the report's tables do."""
    if any(a.questions for a in framework.areas) or not any(t.rows for t in tables.values()):
        return None
    raw = yaml.safe_load(source_file.read_text(encoding="utf-8"))
    unread: list[str] = []
    for area in raw["areas"]:
        table = tables.get(area["number"])
        questions = []
        for row in table.rows if table else []:
            maximum = as_int(row.cells.maximum) if row.cells else None
            if maximum is None or not row.question:
                unread.append(row.qid)
            questions.append({"id": row.qid, "max": maximum, "text": row.question or None})
        if questions:
            area["questions"] = questions
    raw.setdefault("sources", []).append({
        "title": report_title,
        "note": "Delfrågor och maxpoäng ur rapportens poängtabeller (förslag från scripts/import_report.py; "
                "jämför med rapporten).",
    })
    text = ("# FÖRSLAG från scripts/import_report.py: delfrågorna ur rapportens poängtabeller.\n"
            f"# Jämför med rapporten och kopiera sedan filen till data/frameworks/{framework.id}.yaml.\n"
            + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100))
    problems = [f"delfrågan {qid}: frågetext eller maxpoäng kunde inte läsas" for qid in unread]
    problems.extend(validate(framework.id, text))
    return text, problems


def validate(framework_id: str, text: str) -> list[str]:
    """The problems ``./dev check`` would report for ``text`` as data/frameworks/<id>.yaml."""
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "data" / "frameworks"
        folder.mkdir(parents=True)
        (folder / f"{framework_id}.yaml").write_text(text, encoding="utf-8")
        paths = DataPaths(Path(root))
        _, problems = load_frameworks(paths)
    return [str(p) for p in problems]
