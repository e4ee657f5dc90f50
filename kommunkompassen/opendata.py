"""Open-data files written by the build: CSV tables and JSON per evaluation."""

from __future__ import annotations

import csv
import io
import json

from .archive import Archive, Evaluation
from .formatting import plain_number

EVALUATION_COLUMNS = ["municipality_code", "municipality", "year", "framework", "total",
                      *[f"area_{n}" for n in range(1, 9)], "source_url"]
SCORE_COLUMNS = ["municipality_code", "municipality", "year", "framework", "question", "score", "max", "percent"]


def _value(rec) -> str:
    return plain_number(rec.value) if rec is not None and rec.known else ""


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def source_url(ev: Evaluation) -> str:
    return next((s.url for s in ev.data.sources if s.url), "")


def evaluations_csv(archive: Archive) -> str:
    rows = []
    for ev in archive.evaluations:
        rows.append([ev.municipality.code, ev.municipality.name, str(ev.year), ev.framework.id,
                     _value(ev.data.total), *[_value(ev.area_score(n)) for n in range(1, 9)], source_url(ev)])
    return _csv(EVALUATION_COLUMNS, rows)


def scores_csv(archive: Archive) -> str:
    rows = []
    for ev in archive.evaluations:
        for area in ev.framework.areas:
            for fq in area.questions:
                q = ev.question_score(fq.id)
                if q is None:
                    continue
                rows.append([ev.municipality.code, ev.municipality.name, str(ev.year), ev.framework.id, fq.id,
                             _value(q.score), _value(q.max), _value(q.percent)])
    return _csv(SCORE_COLUMNS, rows)


def evaluation_record(ev: Evaluation, site_url: str = "") -> dict:
    """Everything about one evaluation, with the status and note of every value."""
    record = ev.data.model_dump(mode="json", exclude_none=True)
    record["municipality"].update(county=ev.municipality.county, slug=ev.municipality.slug)
    record["page"] = f"{site_url}{ev.url}" if site_url else ev.url
    record["completeness"] = ev.completeness
    record["strengths"] = {str(n): c.strengths for n, c in sorted(ev.text.areas.items())}
    record["improvements"] = {str(n): c.improvements for n, c in sorted(ev.text.areas.items())}
    return record


def evaluation_json(ev: Evaluation, site_url: str = "") -> str:
    return json.dumps(evaluation_record(ev, site_url), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def all_json(archive: Archive, site_url: str = "") -> str:
    records = [evaluation_record(ev, site_url) for ev in archive.evaluations]
    return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
