"""Open-data files written by the build: CSV tables, JSON per evaluation, and a Data Package describing them."""

from __future__ import annotations

import hashlib
import json
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain import tabular
from kommunkompassen.domain.archive import Archive, Evaluation, UndatedView
from kommunkompassen.domain.language import count_word
from kommunkompassen.domain.recorded import STATUS_LABELS
from kommunkompassen.site.formatting import COMPLETENESS, plain_number
from kommunkompassen.site.pages import evaluation_json_url


def area_numbers(archive: Archive) -> list[int]:
    """Area columns: as many as the version with the most areas has (``area_1`` …)."""
    return list(range(1, max(len(fw.areas) for fw in archive.frameworks.values()) + 1))


CONTEXT_COLUMNS = ["municipality_code", "municipality", "county_code", "county", "municipality_group", "year"]


def evaluation_columns(archive: Archive) -> list[str]:
    return [*CONTEXT_COLUMNS, "framework", "framework_status", "total", "total_status",
            *[f"area_{n}" for n in area_numbers(archive)], "completeness", "source_url", "source_kind"]


SCORE_COLUMNS = ["municipality_code", "municipality", "year", "framework", "question", "score", "max", "percent"]
VALUE_COLUMNS = [*CONTEXT_COLUMNS, "framework", "field", "value", "status", "note", "evidence_title", "evidence_url",
                 "evidence_kind", "evidence_quote", "evidence_count"]
BOM = tabular.BOM


def _value(rec) -> str:
    return plain_number(rec.value) if rec is not None and rec.known else ""


def _status(rec) -> str:
    return rec.status if rec is not None else "unknown"


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    return tabular.csv_text(columns, rows)


def _context(ev: Evaluation | UndatedView) -> list[str]:
    mu = ev.municipality
    year = str(ev.year) if isinstance(ev, Evaluation) else ""  # known without a year: an empty cell
    return [mu.code, mu.name, mu.county_code, mu.county, mu.skr_group_2017, year]


def evidence_sources(ev: Evaluation | UndatedView, key: str) -> list:
    """The sources that state a value: those whose quote backs it; in a file without quotes
    (a report typed in by hand) its first source, the report."""
    if isinstance(ev, UndatedView):
        return [s for s in ev.data.sources if key in s.supports]
    found = [ev.data.sources[n - 1] for n in ev.evidence(key)]
    if found or any(s.supports for s in ev.data.sources):
        return found
    return ev.data.sources[:1]


def source_url(ev: Evaluation | UndatedView) -> tuple[str, str]:
    """(address, kind) of the evaluation's main source: the evidence for its total, else its first
    source that is the report or the municipality's page, else its first address."""
    candidates = [*evidence_sources(ev, "total"), *(s for s in ev.data.sources if s.url and not s.kind),
                  *(s for s in ev.data.sources if s.url)]
    best = next((s for s in candidates if s.url), None)
    return (best.url, best.kind or "") if best is not None else ("", "")


def undated_completeness(u: UndatedView) -> str:
    return "total" if u.data.total is not None and u.data.total.known else "catalogue"


def _framework_id(u: UndatedView) -> str:
    return str(u.data.framework.value) if u.data.framework.known else ""


def evaluation_rows(archive: Archive) -> list[list[str]]:
    """One row per known evaluation: the dated ones, then those known without a year."""
    rows = []
    areas = area_numbers(archive)
    for ev in archive.evaluations:
        rows.append([*_context(ev), ev.framework.id, ev.data.framework.status,
                     _value(ev.data.total), _status(ev.data.total),
                     *[_value(ev.area_score(n)) for n in areas], ev.completeness, *source_url(ev)])
    for u in archive.undated:
        rows.append([*_context(u), _framework_id(u), u.data.framework.status, _value(u.data.total),
                     _status(u.data.total), *["" for _ in areas], undated_completeness(u), *source_url(u)])
    return rows


def evaluations_csv(archive: Archive) -> str:
    return _csv(evaluation_columns(archive), evaluation_rows(archive))


def _values(ev: Evaluation) -> list[tuple[str, str, object]]:
    """(field in the table, evidence key, recorded value) of every value the long table lists."""
    d = ev.data
    out = [("framework", "framework", d.framework), ("month", "month", d.month),
           ("evaluation_number", "evaluation_number", d.evaluation_number), ("interviewed", "interviewed", d.interviewed),
           ("total", "total", d.total)]
    out += [(f"area_{a.number}", f"areas.{a.number}.score", ev.area_score(a.number)) for a in ev.framework.areas]
    for i, c in enumerate(d.comparisons, start=1):
        if c.total is not None:
            out.append((f"comparison_{i}_total", "comparisons", c.total))
    return out


def _evidence_cells(evidence: list) -> list[str]:
    first = next((s for s in evidence if s.url), evidence[0] if evidence else None)
    if first is None:
        return ["", "", "", "", str(len(evidence))]
    return [first.title, first.url or "", first.kind or "", first.quote or "", str(len(evidence))]


def value_rows(ev: Evaluation | UndatedView) -> list[list[str]]:
    if isinstance(ev, UndatedView):
        return _undated_value_rows(ev)
    rows = []
    year_evidence = evidence_sources(ev, "year")
    for field_name, key, rec in [("year", "year", None), *_values(ev)]:
        if field_name == "year":
            value, status, note, evidence = str(ev.year), "stated", "", year_evidence
        else:
            value, status = _value(rec), _status(rec)
            note = (rec.note or "") if rec is not None else ""
            evidence = evidence_sources(ev, key) if rec is not None and rec.known else []
            if field_name == "framework":
                value = ev.framework.id
        rows.append([*_context(ev), ev.framework.id, field_name, value, status, note, *_evidence_cells(evidence)])
    return rows


def _undated_value_rows(u: UndatedView) -> list[list[str]]:
    """An evaluation known without a year: its year (unknown, with the reason), version and total."""
    d, framework = u.data, _framework_id(u)
    rows = [[*_context(u), framework, "year", "", "unknown", d.year_note, *_evidence_cells([])]]
    for field_name, rec in (("framework", d.framework), ("total", d.total)):
        if rec is None:
            continue
        evidence = evidence_sources(u, field_name) if rec.known else []
        rows.append([*_context(u), framework, field_name, framework if field_name == "framework" else _value(rec),
                     rec.status, rec.note or "", *_evidence_cells(evidence)])
    return rows


def values_csv(archive: Archive) -> str:
    """One row per evaluation and value: its status, note and the source that states it."""
    return _csv(VALUE_COLUMNS, all_value_rows(archive))


def all_value_rows(archive: Archive) -> list[list[str]]:
    return [row for ev in [*archive.evaluations, *archive.undated] for row in value_rows(ev)]


def score_rows(archive: Archive) -> list[list[str]]:
    rows = []
    for ev in archive.evaluations:
        for area in ev.framework.areas:
            for fq in area.questions:
                q = ev.question_score(fq.id)
                if q is None:
                    continue
                rows.append([ev.municipality.code, ev.municipality.name, str(ev.year), ev.framework.id, fq.id,
                             _value(q.score), _value(q.max), _value(q.percent)])
    return rows


def scores_csv(archive: Archive) -> str:
    return _csv(SCORE_COLUMNS, score_rows(archive))


def evaluation_record(ev: Evaluation, site_url: str = "") -> dict:
    """Everything about one evaluation, with the status and note of every value."""
    # ``imported`` is the import's bookkeeping (what it last wrote), not data about the evaluation.
    record = ev.data.model_dump(mode="json", exclude_none=True, exclude={"imported"})
    record["municipality"].update(county=ev.municipality.county, county_code=ev.municipality.county_code,
                                  municipality_group=ev.municipality.skr_group_2017, slug=ev.municipality.slug)
    record["page"] = f"{site_url}{ev.url}" if site_url else ev.url
    record["completeness"] = ev.completeness
    record["strengths"] = {str(n): c.strengths for n, c in sorted(ev.text.areas.items())}
    record["improvements"] = {str(n): c.improvements for n, c in sorted(ev.text.areas.items())}
    return record


def undated_record(u: UndatedView, site_url: str = "") -> dict:
    """An evaluation known without a year, in the same form: ``year`` is null; the page is its
    municipality's, which lists it under "Utvärderingar utan känt år"."""
    record = u.data.model_dump(mode="json", exclude_none=True)
    record["municipality"].update(county=u.municipality.county, county_code=u.municipality.county_code,
                                  municipality_group=u.municipality.skr_group_2017, slug=u.municipality.slug)
    record["year"] = None
    url = routes.municipality_url(u.municipality.slug)
    record["page"] = f"{site_url}{url}" if site_url else url
    record["completeness"] = undated_completeness(u)
    return record


def evaluation_json(ev: Evaluation, site_url: str = "") -> str:
    return json.dumps(evaluation_record(ev, site_url), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def undated_json(u: UndatedView, site_url: str = "") -> str:
    return json.dumps(undated_record(u, site_url), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def all_json(archive: Archive, site_url: str = "", documents: Optional[list[str]] = None) -> str:
    """All records as one JSON array: the same bytes as ``json.dumps(records, indent=1, ...)``;
    the evaluations known without a year last (``year`` null).

    Built from each evaluation's own document (``evaluation_json``, passed in when the caller
    has them) indented one level, instead of encoding every record a second time.
    """
    if documents is None:
        documents = [evaluation_json(ev, site_url) for ev in archive.evaluations]
    documents = [*documents, *(undated_json(u, site_url) for u in archive.undated)]
    if not documents:
        return "[]\n"
    return "[\n" + ",\n".join(" " + doc.rstrip("\n").replace("\n", "\n ") for doc in documents) + "\n]\n"


def numeric_columns(archive: Archive) -> set[str]:
    """The CSV columns whose values are numbers (as the Data Package types them)."""
    return {f["name"] for schema in (evaluations_schema(archive), scores_schema(archive), values_schema(archive))
            for f in schema["fields"] if f["type"] in ("number", "integer", "year")}


# --- the workbook: the same tables for a spreadsheet user, in Swedish -------------------------

KIND_LABELS = {"": "", "mention": "rapporten nämns", "secondary": "andrahandskälla"}
FIELD_LABELS = {"year": "år", "month": "månad", "framework": "version", "evaluation_number": "utvärdering nr",
                "interviewed": "antal intervjuade", "total": "totalpoäng"}
_LABELS = {"framework_status": STATUS_LABELS, "total_status": STATUS_LABELS, "status": STATUS_LABELS,
           "completeness": COMPLETENESS, "source_kind": KIND_LABELS, "evidence_kind": KIND_LABELS}


def field_label(name: str) -> str:
    """``area_3`` -> "område 3", ``comparison_1_total`` -> "jämförelsevärde 1 (totalpoäng)"."""
    if name.startswith("area_"):
        return f"område {name.removeprefix('area_')}"
    if name.startswith("comparison_"):
        return f"jämförelsevärde {name.split('_')[1]} (totalpoäng)"
    return FIELD_LABELS.get(name, name)


def _number(text: str):
    if text == "":
        return None
    return float(text) if any(c in text for c in ".eE") else int(text)


def _typed(columns: list[str], numeric: set[str], row: list[str]) -> list:
    """A CSV row as the workbook's cells: numbers as numbers, codes in Swedish, text as text."""
    out = []
    field_name = row[columns.index("field")] if "field" in columns else None
    for column, text in zip(columns, row):
        if column in numeric or (column == "value" and field_name != "framework"):
            out.append(_number(text))
        elif column in _LABELS:
            out.append(_LABELS[column].get(text, text))
        elif column == "field":
            out.append(field_label(text))
        else:
            out.append(text)
    return out


def _titles(schema: dict) -> list[str]:
    return [f["title"] for f in schema["fields"]]


def data_sheets(archive: Archive, rows: dict[str, list[list[str]]]) -> list[tuple[str, dict, list[str], list]]:
    """(sheet name, schema, CSV columns, typed rows) of the three tables."""
    numeric = numeric_columns(archive)
    out = []
    for name, schema, columns, key in (("Utvärderingar", evaluations_schema(archive), evaluation_columns(archive),
                                        routes.EVALUATIONS_CSV),
                                       ("Värden", values_schema(archive), VALUE_COLUMNS, routes.VALUES_CSV),
                                       ("Poäng per delfråga", scores_schema(archive), SCORE_COLUMNS, routes.SCORES_CSV)):
        out.append((name, schema, columns, [_typed(columns, numeric, r) for r in rows[key]]))
    return out


README_SHEET = "Läs mig"


def readme_rows(archive: Archive, sheets: list, data_date: str, site_url: str = "") -> list[list[str]]:
    """The first sheet: what the workbook is, its date, source and licence, and every column."""
    undated = len(archive.undated)
    rows = [
        ["Innehåll", "Poäng, fakta och källor för alla kända utvärderingar av Sveriges kommuner med SKR:s "
                     "Kommunkompassen: " + f"{len(archive.evaluations)} med känt år och {undated} som källorna "
                     "nämner utan år."],
        ["Uppgifterna daterade", data_date],
        ["Källa", "; ".join(s["title"] for s in PACKAGE_SOURCES)],
        ["Licens", f"CC0 1.0 ({LICENSE['title']}, {LICENSE['path']}): poängen, fakta och strukturen får "
                   "användas fritt, även kommersiellt, utan att fråga. "
                   + _TEXT_NOTE],
    ]
    if site_url:
        rows.append(["Webbplats", f"{site_url}data/"])
    rows += [
        ["Blad", "; ".join(f"{name}: {schema_note}" for name, schema_note in (
            ("Utvärderingar", "en rad per utvärdering, totalpoäng och poäng per område"),
            ("Värden", "en rad per utvärdering och värde, med status, anmärkning och källans ord"),
            ("Poäng per delfråga", "en rad per utvärdering och delfråga")))],
        ["Utan år", "Utvärderingar som källorna nämner utan år står sist i bladen Utvärderingar och Värden, "
                    "med tom cell under År. De har ingen egen sida; kommunens sida listar dem."],
        ["Tom cell", "Uppgiften saknas i källan."],
        ["Status", "; ".join(f"{label}: {what}" for label, what in (
            (STATUS_LABELS["stated"], "värdet står i källan"),
            (STATUS_LABELS["derived"], "räknat ur källans tal (anmärkningen visar uträkningen)"),
            (STATUS_LABELS["uncertain"], "källan är osäker"),
            (STATUS_LABELS["unknown"], "källan anger inte värdet")))],
        ["Underlag", "; ".join(COMPLETENESS.values())],
        ["Källans slag", "tomt: rapporten eller en sida om utvärderingen; rapporten nämns: sidan listar bara "
                         "rapportens titel; andrahandskälla: en annan kommuns sida citerar värdet."],
        ["Tal", "Poäng och procent är tal som går att summera; kommun- och länskoder är text med inledande nolla."],
        ["Formler", "Arbetsboken har inga formler. Text som börjar med = + - @ är text."],
        ["CSV-filerna", "Samma tabeller finns som CSV (utvarderingar.csv, varden.csv, poang.csv) för program, "
                        "med engelska kolumnnamn och koder (stated, derived …); beskrivna i datapackage.json."],
    ]
    for name, schema, _, _ in sheets:
        for f in schema["fields"]:
            text = f.get("description", "")
            rows.append([f"{name}: {f['title']}", text])
    return rows


def workbook_sheets(archive: Archive, rows: dict[str, list[list[str]]], data_date: str, site_url: str = "") -> list:
    from kommunkompassen.site.workbook import Sheet

    sheets = data_sheets(archive, rows)
    readme = Sheet(README_SHEET, ["Rubrik", "Förklaring"], readme_rows(archive, sheets, data_date, site_url),
                   wrap=True, widths=[34, 100])
    return [readme, *(Sheet(name, _titles(schema), typed) for name, schema, _, typed in sheets)]


# --- Frictionless Data Package (https://specs.frictionlessdata.io/data-package/) -------------

DATAPACKAGE = "data/datapackage.json"

# The licence of what this project compiles (scores, codes, structure). The report text quoted in
# the JSON files is not ours to license; the JSON resources say so in their description.
LICENSE = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero v1.0 Universal",
}

PACKAGE_SOURCES = [
    {"title": "SKR (Sveriges Kommuner och Regioner, tidigare SKL): Kommunkompassen – analys av respektive "
              "kommun; rapporterna och kommunernas egna sidor anges per utvärdering",
     "path": "https://skr.se/"},
    {"title": "SCB: Län och kommuner (kommunkoder och namn), CC0",
     "path": "https://www.scb.se/hitta-statistik/regional-statistik-och-kartor/regionala-indelningar/"},
]

_CODE = {"name": "municipality_code", "type": "string", "title": "Kommunkod",
         "description": "SCB:s fyrsiffriga kommunkod; text med inledande nolla (0114).",
         "constraints": {"required": True, "pattern": "[0-9]{4}"}}
_NAME = {"name": "municipality", "type": "string", "title": "Kommun", "constraints": {"required": True}}
_YEAR = {"name": "year", "type": "year", "title": "År",
         "description": ("Året då utvärderingen gjordes. Tom cell: källorna nämner utvärderingen utan år "
                         "(den har ingen egen sida).")}
_CONTEXT = [_CODE, _NAME,
            {"name": "county_code", "type": "string", "title": "Länskod", "description": "SCB:s tvåsiffriga länskod.",
             "constraints": {"required": True, "pattern": "[0-9]{2}"}},
            {"name": "county", "type": "string", "title": "Län", "description": "Länet (SCB).",
             "constraints": {"required": True}},
            {"name": "municipality_group", "type": "string", "title": "Kommungrupp",
             "description": "SKR:s kommungruppsindelning 2017, t.ex. A1 Storstäder.", "constraints": {"required": True}},
            _YEAR]


def _framework_field(archive: Archive) -> dict:
    required = not any(not u.data.framework.known for u in archive.undated)
    return {"name": "framework", "type": "string", "title": "Version",
            "description": ("Kommunkompassens version (ramverk). Poäng jämförs bara inom samma version."
                            + ("" if required else " Tom cell: källorna anger inte versionen.")),
            "constraints": {"required": required, "enum": sorted(archive.frameworks)}}


def _points(name: str, title: str, maximum: int, description: str) -> dict:
    return {"name": name, "type": "number", "title": title, "unit": "poäng",
            "description": f"{description} Enhet: poäng, 0–{maximum}. Tom cell: uppgift saknas i källan.",
            "constraints": {"minimum": 0, "maximum": maximum}}


def evaluations_schema(archive: Archive) -> dict:
    frameworks = archive.frameworks.values()
    counts = {len(fw.areas) for fw in frameworks}
    areas = f"de {count_word(counts.pop())} områdena" if len(counts) == 1 else "versionens områden"
    fields = [*_CONTEXT, _framework_field(archive),
              _status_field("framework_status", "Versionens säkerhet", "versionen: stated = källan anger den, "
                            "uncertain = sammanställningen har slutit sig till den, unknown = källan anger den inte"),
              _points("total", "Totalpoäng", max(fw.max_total for fw in frameworks), f"Totalpoäng, summan av {areas}."),
              _status_field("total_status", "Totalpoängens status", "totalpoängen")]
    fields += [_points(f"area_{n}", f"Område {n}", max(a.max for fw in frameworks for a in fw.areas if a.number == n),
                       f"Poäng för område {n} i versionens ordning; status och källa per värde i varden.csv.")
               for n in area_numbers(archive)]
    fields += [{"name": "completeness", "type": "string", "title": "Underlag",
                "description": "Hur mycket av rapporten som finns här: " + "; ".join(
                    f"{k} = {v}" for k, v in COMPLETENESS.items()) + ".",
                "constraints": {"required": True, "enum": list(COMPLETENESS)}},
               {"name": "source_url", "type": "string", "format": "uri", "title": "Källa",
                "description": ("Adress till källan för totalpoängen, annars till rapporten eller kommunens sida; "
                                "alla källor med citat finns i JSON-filen och i varden.csv.")},
               _KIND]
    return {"fields": fields, "primaryKey": ["municipality_code", "year"], "missingValues": [""]}


def values_schema(archive: Archive) -> dict:
    most = max(fw.max_total for fw in archive.frameworks.values())
    fields = [*_CONTEXT, _framework_field(archive),
              {"name": "field", "type": "string", "title": "Uppgift",
               "description": ("Vilket värde raden gäller: year (år), month (månad 1–12), framework (version), "
                               "evaluation_number (kommunens utvärdering nummer), interviewed (antal intervjuade), "
                               "total (totalpoäng), area_N (område N), comparison_N_total (jämförelsevärde N som "
                               "källan anger)."),
               "constraints": {"required": True, "pattern": "year|month|framework|evaluation_number|interviewed|"
                                                            "total|area_[0-9]+|comparison_[0-9]+_total"}},
              {"name": "value", "type": "string", "title": "Värde",
               "description": (f"Värdet som text (tal med punkt som decimaltecken; poäng 0–{most}, versionens id för "
                               "framework). Tom cell: uppgift saknas (status unknown).")},
              _status_field("status", "Status", "värdet"),
              {"name": "note", "type": "string", "title": "Anmärkning",
               "description": "Varför värdet är härlett, osäkert eller saknas (med uträkningen för ett härlett värde)."},
              {"name": "evidence_title", "type": "string", "title": "Belägg, källa",
               "description": "Namnet på den (första) källa som anger värdet, t.ex. rapporten eller sidans webbplats."},
              {"name": "evidence_url", "type": "string", "title": "Belägg, adress",
               "description": "Adressen till den (första) källa vars ord anger värdet; tom när ingen källa anger det."},
              {**_KIND, "name": "evidence_kind", "title": "Beläggets slag"},
              {"name": "evidence_quote", "type": "string", "title": "Källans ord",
               "description": "Källans exakta ord om värdet (för en rapport som skrivits av: tomt, se rapporten)."},
              {"name": "evidence_count", "type": "integer", "title": "Antal belägg",
               "description": "Hur många källor som anger värdet (alla står i JSON-filen under sources).",
               "constraints": {"required": True, "minimum": 0}}]
    return {"fields": fields, "primaryKey": ["municipality_code", "year", "field"], "missingValues": [""],
            "foreignKeys": [{"fields": ["municipality_code", "year"],
                             "reference": {"resource": "utvarderingar", "fields": ["municipality_code", "year"]}}]}


def _status_field(name: str, title: str, what: str) -> dict:
    return {"name": name, "type": "string", "title": title,
            "description": (f"Hur vi vet {what}: stated = enligt källan, derived = härlett (räknat ur källans tal), "
                            "uncertain = osäkert, unknown = uppgift saknas."),
            "constraints": {"required": True, "enum": list(STATUS_LABELS)}}


_KIND = {"name": "source_kind", "type": "string", "title": "Källans slag",
         "description": ("Tom: rapporten eller en sida om utvärderingen; mention: sidan listar bara rapportens titel "
                         "(rapporten nämns där); secondary: en annan kommuns sida som citerar värdet."),
         "constraints": {"enum": ["", "mention", "secondary"]}}


def _question_pattern(archive: Archive) -> str:
    """Sub-question numbers ``område.fråga``; one digit for the area while no version has more than 9."""
    many = max(len(fw.areas) for fw in archive.frameworks.values())
    area = f"[1-{many}]" if many <= 9 else "[1-9][0-9]?"
    return area + "\\.[1-9][0-9]?"


def scores_schema(archive: Archive) -> dict:
    most = max(a.max for fw in archive.frameworks.values() for a in fw.areas)  # no question has more than its area
    fields = [_CODE, _NAME, _YEAR, _framework_field(archive),
              {"name": "question", "type": "string", "title": "Delfråga",
               "description": "Delfrågans nummer, område.fråga (till exempel 5.10).",
               "constraints": {"required": True, "pattern": _question_pattern(archive)}},
              {"name": "score", "type": "number", "title": "Poäng", "unit": "poäng",
               "description": "Poäng för delfrågan som rapporten trycker den. Enhet: poäng. Tom cell: uppgift saknas.",
               "constraints": {"minimum": 0, "maximum": most}},
              {"name": "max", "type": "integer", "title": "Max", "unit": "poäng",
               "description": "Högsta möjliga poäng för delfrågan. Enhet: poäng.",
               "constraints": {"minimum": 1, "maximum": most}},
              {"name": "percent", "type": "number", "title": "Procent", "unit": "procent",
               "description": ("Andel av max som rapporten trycker den (räknad på oavrundade poäng). "
                               "Enhet: procent, 0–100."),
               "constraints": {"minimum": 0, "maximum": 100}}]
    return {"fields": fields, "primaryKey": ["municipality_code", "year", "question"], "missingValues": [""],
            "foreignKeys": [{"fields": ["municipality_code", "year"],
                             "reference": {"resource": "utvarderingar", "fields": ["municipality_code", "year"]}}]}


_CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}
_TEXT_NOTE = ("Rapportens text (styrkor och förbättringsområden) är citat ur rapporterna; upphovsrätten till "
              "texten ligger kvar hos SKR och utvärderarna.")


def _resource(path: str, content, **descriptor) -> dict:
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return {**descriptor, "path": path, "encoding": "utf-8", "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}


PACKAGE_DESCRIPTION = ("Poäng, fakta och källor för alla kända utvärderingar av Sveriges kommuner med SKR:s "
                       "Kommunkompassen. Ett värde som källan inte anger är en tom cell (CSV) eller null med "
                       "status och anmärkning (JSON).")
KEYWORDS = ["Kommunkompassen", "kommuner", "SKR", "utvärdering", "Sverige"]


def dcat_description(archive: Archive, site_url: str = "", data_date: str = "") -> str:
    """``dcat.rdf``: the open data described by DCAT-AP-SE for Sweden's data portal."""
    from kommunkompassen.site.dcat import dcat_rdf

    return dcat_rdf(archive, PACKAGE_DESCRIPTION, KEYWORDS, _TEXT_NOTE, site_url, data_date)


def datapackage(archive: Archive, files: dict[str, str], site_url: str = "") -> str:
    """``datapackage.json`` describing the data files in ``files`` (site path -> text)."""
    def local(path: str) -> str:
        return path.removeprefix("data/")

    resources = [
        _resource(local("data/utvarderingar.csv"), files["data/utvarderingar.csv"],
                  name="utvarderingar", title="Utvärderingar", profile="tabular-data-resource",
                  description=("En rad per utvärdering: totalpoäng och poäng per område. De som källorna nämner "
                               "utan år står sist, med tomt år."),
                  format="csv", mediatype="text/csv", dialect=_CSV_DIALECT, schema=evaluations_schema(archive)),
        _resource(local(routes.VALUES_CSV), files[routes.VALUES_CSV],
                  name="varden", title="Alla värden med status och belägg", profile="tabular-data-resource",
                  description=("En rad per utvärdering och värde (år, version, totalpoäng, område …): värdet, dess "
                               "status, anmärkning och källan vars ord anger det. De som källorna nämner utan år "
                               "står sist, med tomt år."),
                  format="csv", mediatype="text/csv", dialect=_CSV_DIALECT, schema=values_schema(archive)),
        _resource(local("data/poang.csv"), files["data/poang.csv"],
                  name="poang", title="Poäng per delfråga", profile="tabular-data-resource",
                  description="En rad per utvärdering och delfråga: poäng, max och procent.",
                  format="csv", mediatype="text/csv", dialect=_CSV_DIALECT, schema=scores_schema(archive)),
        _resource(local("data/utvarderingar.json"), files["data/utvarderingar.json"],
                  name="utvarderingar-json", title="Alla utvärderingar (JSON)", profile="data-resource",
                  description="Allt om alla utvärderingar: fakta, poäng med status (stated, derived, uncertain, "
                              "unknown) och anmärkning, källor, styrkor och förbättringsområden. " + _TEXT_NOTE,
                  format="json", mediatype="application/json"),
    ]
    for ev in archive.evaluations:
        path = evaluation_json_url(ev)
        sources = [{"title": s.title, **({"path": s.url} if s.url else {})} for s in ev.data.sources]
        resources.append(_resource(
            local(path), files[path], name=f"utvardering-{ev.key}", title=f"{ev.title} (JSON)",
            profile="data-resource", format="json", mediatype="application/json",
            description=f"Allt om utvärderingen av {ev.title}, i samma form som i utvarderingar.json. " + _TEXT_NOTE,
            sources=sources))
    package = {
        "profile": "data-package",
        "name": "kommunkompassen",
        "title": "Kommunkompassens utvärderingar",
        "description": PACKAGE_DESCRIPTION,
        "keywords": KEYWORDS,
        "licenses": [LICENSE],
        "sources": PACKAGE_SOURCES,
        "resources": resources,
    }
    if site_url:
        package["homepage"] = f"{site_url}data/"
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"
