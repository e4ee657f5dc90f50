"""From a report (PDF or text) to a draft evaluation pair and the list of what to check.

``import_report`` reads facts, the score tables and the text, and returns a ``Draft``: the
YAML data (with every cell it could not read, or that does not add up, unknown or uncertain
with a note), the Markdown text and the findings, one per cell or section. It raises
``ReportImportError`` only when the draft cannot be named: no municipality, year or
framework version can be read and none was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from kommunkompassen.domain.language import fold_in_place
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities, Municipality
from kommunkompassen.importers.drafts import dump_evaluation, evaluation_key
from kommunkompassen.importers.lookup import find_framework
from kommunkompassen.importers.report_facts import (
    Read,
    evaluation_number,
    evaluators,
    framework_from_names,
    interviewed,
    municipality_from_text,
    municipality_from_title,
    summary_table,
    when_performed,
    year_from_title,
)
from kommunkompassen.importers.report_markdown import convert, find_area_starts
from kommunkompassen.importers.report_source import ReportSource
from kommunkompassen.importers.score_check import Finding, judge_area
from kommunkompassen.importers.score_table import find_table, read_tables

NOT_READ = "Hittades inte i rapporten; fyll i ur källan eller lämna okänt med en förklaring."


TEXT_UNCONFIRMED = ("Utkast: importen var osäker på textens struktur (se varningarna). Webbplatsen visar inte "
                    "antalet styrkor och förbättringsområden förrän texten är jämförd med rapporten; ta då bort "
                    "den här raden.")


class ReportImportError(Exception):
    pass


@dataclass
class Draft:
    key: str
    municipality: Municipality
    year: int
    framework: Framework
    data: dict[str, Any]
    markdown: str
    findings: list[Finding] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # what was read, for the progress report
    comments: list[str] = field(default_factory=list)

    def yaml_text(self) -> str:
        return dump_evaluation(self.data, self.comments)


def _recorded(read: Optional[Read], quote: bool = True) -> Any:
    if read is None:
        return {"value": None, "note": NOT_READ}
    return {"value": read.value, "note": f"Rapporten: ”{read.words}”." if quote else read.words}


def import_report(source: ReportSource, frameworks: dict[str, Framework], municipalities: Municipalities, *,
                  municipality: Optional[Municipality] = None, year: Optional[int] = None,
                  framework_id: Optional[str] = None) -> Draft:
    text = source.text
    findings: list[Finding] = []
    facts: list[str] = []
    table_start = find_table(text)
    tables = read_tables(text)

    # Framework version: given, or the one the table's area names and sub-questions match.
    if framework_id:
        try:
            framework = find_framework(frameworks, framework_id)
        except LookupError as exc:
            raise ReportImportError(str(exc)) from None
        framework_value: Any = framework_id
        facts.append(f"Ramverk: {framework_id} (angivet)")
    else:
        read = framework_from_names({n: a.name for n, a in tables.items()},
                                    {n: [r.qid for r in a.rows] for n, a in tables.items()}, frameworks)
        if read is None:
            raise ReportImportError("ramverksversionen kunde inte avgöras ur poängtabellerna; ange den med --ramverk")
        framework = frameworks[read.value]
        framework_value = {"value": read.value, "status": "derived", "note": f"Härledd ur poängtabellerna: {read.words}."}
        facts.append(f"Ramverk: {read.value} ({read.words})")

    # Municipality and year name the files, so they must be known.
    title = municipality_from_title(text, municipalities)
    named = title or municipality_from_text(text, municipalities)
    if municipality is None:
        if named is None:
            raise ReportImportError("kommunen kunde inte läsas ur rapporten; ange den med --kommun")
        municipality = named.value
        facts.append(f"Kommun: {municipality.name} ({municipality.code}), ur {named.words}")
        if title is None:
            findings.append(Finding("municipality", f"titelsidan saknas; {municipality.name} är härledd: "
                                    f"{named.words}; kontrollera"))
    else:
        facts.append(f"Kommun: {municipality.name} ({municipality.code}) (angiven)")
        if named and named.value.code != municipality.code:
            findings.append(Finding("municipality", f"rapporten gäller troligen {named.value.name} "
                                    f"({named.words}), men {municipality.name} angavs; kontrollera"))
    month, performed = when_performed(text)
    title_year = year_from_title(text)
    if year is None:
        read = performed or title_year
        if read is None:
            raise ReportImportError("utvärderingsåret kunde inte läsas ur rapporten; ange det med --ar")
        year = read.value
        facts.append(f"År: {year}, läst ur ”{read.words}”")
    else:
        facts.append(f"År: {year} (angivet)")
    for read in (performed, title_year):
        if read and read.value != year:
            findings.append(Finding("year", f"rapporten säger ”{read.words}”, men året är {year}; kontrollera"))

    area_starts = find_area_starts(text, fold_in_place(text), table_start or len(text),
                                   [a.number for a in framework.areas])
    summary = summary_table(text, min(area_starts.values()) if area_starts else (table_start or len(text)))

    data: dict[str, Any] = {"municipality": {"code": municipality.code, "name": municipality.name}, "year": year}
    data["month"] = _recorded(month)
    if source.report_date:
        data["report_date"] = source.report_date
    data["framework"] = framework_value
    number = evaluation_number(text)
    data["evaluation_number"] = _recorded(number)
    people = evaluators(text)
    data["evaluators"] = [{"name": n, **({"organisation": o} if o else {})} for n, o in (people.value if people else [])]
    if not people:
        data["evaluators_note"] = ("Rapportens text namnger inga utvärderare som kunde läsas (titelsidan saknas "
                                   "eller har en annan form); ange dem eller förklara varför de saknas.")
    data["interviewed"] = _recorded(interviewed(text))
    for name, label in (("month", "månad"), ("evaluation_number", "utvärderingens nummer"),
                        ("interviewed", "antal intervjuade")):
        if data[name]["value"] is None:
            findings.append(Finding(name, f"{label} hittades inte i rapporten"))
    if not people:
        findings.append(Finding("evaluators", "utvärderarna hittades inte i rapporten"))
    else:
        facts.append("Utvärderare: " + ", ".join(f"{n} ({o})" if o else n for n, o in people.value))

    # Scores: the tables, judged cell by cell; the summary's table as a second reading.
    areas: dict[str, Any] = {}
    area_values: list[Optional[int]] = []
    for fw_area in framework.areas:
        area, area_findings = judge_area(fw_area.number, fw_area, tables.get(fw_area.number),
                                         summary.areas.get(fw_area.number))
        areas[str(fw_area.number)] = area
        findings.extend(area_findings)
        score = area["score"]
        area_values.append(score if isinstance(score, int) else score.get("value"))
    data["total"] = _total(summary.total, area_values, findings)
    if summary.comparison_label and summary.comparison_areas:
        comparison: dict[str, Any] = {"label": summary.comparison_label,
                                      "description": "Jämförelsekolumnen i rapportens sammanfattande tabell."}
        if summary.comparison_total is not None:
            comparison["total"] = summary.comparison_total
        comparison["areas"] = {str(n): v for n, v in sorted(summary.comparison_areas.items())}
        data["comparisons"] = [comparison]
    data["areas"] = areas
    questions = sum(len(a.get("questions", {})) for a in areas.values())
    facts.append(f"Poäng: {sum(v is not None for v in area_values)} av {len(framework.areas)} områden och {questions} delfrågor lästa ur "
                 "tabellerna" + (f", totalen {summary.total}" if summary.total is not None else ""))
    data["sources"] = [{
        "title": f"Kommunkompassen – Analys av {municipality.name} {year}",
        "file": Path(source.file).name,
        "used_for": "Allt i utkastet: skapat av scripts/import_report.py ur rapportens text och poängtabeller.",
    }]

    markdown, text_findings = convert(text, framework, source.line_based, table_start or len(text), source.page_of)
    if source.looks_ocr_damaged:
        text_findings.insert(0, Finding("text", "texten ser OCR-skadad ut (å, ä och ö saknas eller är förvrängda); "
                                        "rätta stavningen mot rapporten"))
    if source.ocr:
        text_findings.insert(0, Finding("text", "texten är OCR-läst (Tesseract); jämför stavning, stycken och punkter "
                                        "med rapporten"))
    if source.furniture:
        facts.append("Sidhuvuden och sidfötter borttagna: " + "; ".join(f"”{f}”" for f in source.furniture[:3])
                     + (" …" if len(source.furniture) > 3 else ""))
    if not source.line_based:
        text_findings.insert(0, Finding("text", "texten har en rad per sida, så stycken, underrubriker och "
                                        "punkter kunde inte skiljas åt; dela upp dem mot rapporten"))
    if table_start is None:
        findings.append(Finding("areas", "poängtabellerna (”Översikt av poängfördelning”) hittades inte"))
    findings.extend(text_findings)
    if text_findings:
        # Until a maintainer has compared the text with the report, the site shows no counts from it.
        data["text_unconfirmed"] = TEXT_UNCONFIRMED
    key = evaluation_key(municipality, year)
    comments = [f"{municipality.name} {year}: UTKAST från scripts/import_report.py ur {Path(source.file).name}.",
                "Kontrollera allt mot rapporten; värden som inte kunde läsas är okända (value: null) med en note."]
    return Draft(key, municipality, year, framework, data, markdown, findings, facts, comments)


def _total(printed: Optional[int], area_values: list[Optional[int]], findings: list[Finding]) -> Any:
    known = all(v is not None for v in area_values)
    total = sum(v for v in area_values if v is not None)
    if printed is not None:
        if known and abs(printed - total) > 4.5:
            note = f"Rapporten visar {printed}, men områdena summerar till {total}; kontrollera."
            findings.append(Finding("total", note))
            return {"value": printed, "status": "uncertain", "note": note}
        return printed
    if known:
        note = f"Rapportens totalpoäng kunde inte läsas; {total} är summan av områdenas poäng."
        findings.append(Finding("total", f"härlett ({total}): {note}"))
        return {"value": total, "status": "derived", "note": note}
    note = "Rapportens totalpoäng kunde inte läsas och alla områdens poäng är inte kända."
    findings.append(Finding("total", f"okänt: {note}"))
    return {"value": None, "note": note}
