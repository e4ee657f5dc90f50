"""The catalogue import: what public pages state about evaluations, as evaluation files.

Pure functions from the parsed source file (``data/reference/published-results.yaml``) and
the current files to the files to write and a report; ``scripts/import_published.py``
reads and writes. The rules, so a reader of an imported page knows what a value means:

- Nothing is added that the source does not state. A value the source marks as derived is
  ``derived``, one it marks as doubtful ``uncertain``; the note quotes the source's words.
- The framework version: a plain version id is taken as the source gives it (its basis goes
  into the note). "X (uncertain…)" is X, marked uncertain. "unknown (A or B)" takes, of the
  versions named, the latest one introduced by the evaluation year (the first year of its
  ``period`` in ``data/frameworks/``), marked uncertain with the source's words in the note.
- The year: a plain year is used. "A/B (…)" uses B, the later year, and says so in a note
  on the month. An entry without a year cannot have a page of its own: it goes to
  ``data/undated.yaml`` and is shown on its municipality's page.
- The month: the one month a source names for the evaluation itself; a date of publication,
  a season or two months give "uppgift saknas" with the source's words.
- A file without an ``imported`` record was written by a maintainer and is never touched.
- Re-import: a field is updated only while its value still equals what the import last
  wrote (``imported.fields``); a value a maintainer changed, and every field the import
  did not write, is kept and reported.
- Two entries for one municipality and year are reported and neither is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from kommunkompassen import routes
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities, Municipality
from kommunkompassen.domain.sources import other_municipality, source_title
from kommunkompassen.importers.lookup import municipality_named
from kommunkompassen.importers.reimport import dump, leading_comments, merge, ordered
from kommunkompassen.loading.published import check_source  # noqa: F401 - the import's check, re-exported

SOURCE_FILE = routes.PUBLISHED_RESULTS.as_posix()
UNDATED_FILE = routes.UNDATED.as_posix()

HEADER = (f"{routes.SCHEMA_COMMENT}\n"
          "# Imported from {source} by scripts/import_published.py.\n"
          "# Edit any value above 'imported:'; a re-import keeps what you change (see data/README.md).\n")

UNDATED_HEADER = ("# Written by scripts/import_published.py from {source}: evaluations a source mentions\n"
                  "# without a year. Do not edit; correct the source file and import again.\n")

# The source file is in English; the Swedish month names are in domain.language.
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
NOT_THE_VISIT = re.compile(r"publish|present|report|press", re.I)


class EntryProblem(ValueError):
    """An entry the import cannot turn into a file; the message says why."""


# --- small helpers ------------------------------------------------------------------------


def recorded(value: Any, status: str = "stated", note: Optional[str] = None) -> Any:
    """A value as written in a data file: a plain scalar when stated without a note."""
    if status == "stated" and not note:
        return value
    out: dict[str, Any] = {}
    if value is not None:
        out["value"] = value
    if status != "stated":
        out["status"] = status
    if note:
        out["note"] = note
    return out


def quote(text: Any) -> str:
    return f"”{str(text).strip()}”"


def match_municipality(name: str, municipalities: Municipalities) -> Optional[Municipality]:
    """The reference municipality a source's name means: as written, then without 'Region',
    'kommun' or 'stad' ('Region Gotland', 'Borås stad', 'Helsingborgs stad'), ignoring case and accents."""
    plain = re.sub(r"^(region|landskapet)\s+", "", name.strip(), flags=re.I)
    bare = re.sub(r"\s+(kommun|stad|municipality)$", "", plain, flags=re.I)
    forms = [name.strip(), plain, bare, bare[:-1] if bare.endswith("s") and bare != plain else bare]
    for form in forms:
        found = municipality_named(municipalities, form)
        if found:
            return found
    return None


def framework_start(fw: Framework) -> int:
    """The first year of a version's period ('2010–2015' -> 2010)."""
    m = re.search(r"\d{4}", fw.period)
    return int(m.group(0)) if m else 0


# --- one entry's fields ---------------------------------------------------------------------


def parse_year(raw: Any) -> tuple[Optional[int], Optional[str]]:
    """(year, note) from the source's year; (None, None) when it gives no year."""
    if isinstance(raw, int):
        return raw, None
    if raw is None:
        return None, None
    m = re.match(r"^\s*(\d{4})\s*/\s*(\d{4})\b", str(raw))
    if m:
        return int(m.group(2)), (f"Källan anger året som {m.group(1)}/{m.group(2)}; här används det senare "
                                 f"året, {m.group(2)}.")
    m = re.fullmatch(r"\s*(\d{4})\s*", str(raw))
    if m:
        return int(m.group(1)), None
    raise EntryProblem(f"året {quote(raw)} går inte att läsa")


def month_field(raw: Any, year_note: Optional[str] = None) -> Any:
    """The evaluation month as a recorded value, or None when the source says nothing of it."""
    if raw is None:
        return recorded(None, "unknown", year_note) if year_note else None
    text = str(raw).strip()
    head = re.split(r"[(;]", text, maxsplit=1)[0]
    months = {MONTHS[w] for w in re.findall(r"[a-z]+", head.lower()) if w in MONTHS}
    notes = [n for n in (year_note,) if n]
    if NOT_THE_VISIT.search(head) or len(months) != 1:
        reason = ("bara när resultatet publicerades eller presenterades, inte när utvärderingen gjordes"
                  if NOT_THE_VISIT.search(head) else "ingen enskild månad" if not months else "flera månader")
        return recorded(None, "unknown", " ".join([f"Månaden är okänd: källan anger {reason}.", *notes]))
    (month,) = months
    return recorded(month, "stated", " ".join(notes) or None)


def framework_field(raw: Any, basis: Optional[str], year: Optional[int],
                    frameworks: dict[str, Framework]) -> Any:
    text = str(raw).strip() if raw is not None else "unknown"
    from_year = bool(basis) and str(basis).strip().lower().startswith("inferred")
    basis_note = (" Sammanställningen har slutit sig till den ur utvärderingsåret." if from_year
                  else " Källornas ord om versionen står under Källor." if basis else "")
    if text in frameworks:
        return recorded(text, "stated", None)
    m = re.fullmatch(r"(\S+) \((uncertain[^)]*)\)", text)
    if m and m.group(1) in frameworks:
        return recorded(m.group(1), "uncertain", f"Källan anger inte versionen; sammanställningen anger "
                        f"{_version_label(frameworks[m.group(1)])} som trolig.{basis_note}")
    m = re.fullmatch(r"unknown(?: \((.*)\))?", text)
    if not m:
        raise EntryProblem(f"versionen {quote(text)} är ingen av {sorted(frameworks)}")
    named = [c.strip() for c in re.split(r"\bor\b|,", m.group(1) or "") if c.strip() in frameworks]
    candidates = named or list(frameworks)
    possible = " eller ".join(_version_label(frameworks[c]) for c in candidates)
    if year is None:
        return recorded(None, "unknown", f"Källan anger inte versionen (den kan vara {possible}).")
    started = [c for c in candidates if framework_start(frameworks[c]) <= year]
    choice = (max(started, key=lambda c: framework_start(frameworks[c])) if started
              else min(candidates, key=lambda c: framework_start(frameworks[c])))
    return recorded(choice, "uncertain",
                    f"Källan anger inte versionen (den kan vara {possible}). Regel för importen: den senaste av "
                    f"de möjliga versionerna som hade införts utvärderingsåret {year}, alltså "
                    f"{_version_label(frameworks[choice])}.")


def _version_label(fw: Framework) -> str:
    return f"version {fw.drawing.label}"


_EVALUATOR = re.compile(r"^(?P<name>[^(—]+?)\s*(?:\((?P<org>[^)]*)\))?\s*(?:—\s*(?P<caveat>.+))?$")


def evaluators_fields(raw: Optional[list]) -> tuple[list[dict], Optional[str]]:
    """(evaluators, evaluators_note). A person the source doubts is named in the note, not listed."""
    people, doubts = [], []
    for item in raw or []:
        m = _EVALUATOR.match(str(item).strip())
        if not m or m.group("caveat"):
            doubts.append(re.split(r"\s*[(—]", str(item).strip(), maxsplit=1)[0])
            continue
        person = {"name": m.group("name").strip()}
        if m.group("org"):
            person["organisation"] = m.group("org").strip()
        people.append(person)
    note = None
    if doubts:
        note = (f"Källan nämner {', '.join(doubts)}, men säger inte att {'hen' if len(doubts) == 1 else 'de'} "
                "utvärderade, så ingen utvärderare anges här.")
    elif not people:
        note = "Källorna som sammanställningen bygger på namnger inga utvärderare."
    return people, (note if not people else None)


def interviewed_field(notes: Optional[str]) -> Any:
    if not notes:
        return None
    m = re.search(r"~\s*(\d+) interviewees", notes)
    if m:
        return recorded(int(m.group(1)), "stated", "Ungefärligt antal enligt källan.")
    m = re.search(r"(\"[^\"]+\"|”[^”]+”) interviewees", notes)
    if m:
        return recorded(None, "unknown", f"Källan anger inget antal, bara {quote(m.group(1).strip(chr(34) + '”'))} "
                        "intervjuade.")
    return None


_ARITHMETIC = re.compile(r"\d+(?:[.,]\d+)?(?:\s*(?:[−–+-]|minus|plus)\s*\d+(?:[.,]\d+)?)+")


def arithmetic(status: Optional[str], value: Any) -> Optional[str]:
    """The sum a source's status spells out, checked against the value: 'derived (557 - 137)'
    and 420 give '557 − 137 = 420'; None when the status holds no sum or it does not come out."""
    m = _ARITHMETIC.search(status or "")
    if not m or value is None:
        return None
    terms = re.findall(r"([−–+-]|minus|plus)?\s*(\d+(?:[.,]\d+)?)", m.group(0))
    total, shown = 0.0, []
    for sign, digits in terms:
        n = float(digits.replace(",", "."))
        negative = sign in ("−", "–", "-", "minus")
        total += -n if negative else n
        shown.append(f"{'− ' if negative else '+ ' if sign else ''}{digits}")
    if abs(total - float(value)) > 1e-9:
        return None
    result = str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
    return f"{' '.join(shown)} = {result}"


def derived_note(status: Optional[str], value: Any) -> str:
    sum_ = arithmetic(status, value)
    if sum_:
        return f"Härlett, inte läst i källan: {sum_}."
    return "Härlett, inte läst i källan; hur det räknats står under Om uppgifterna."


def total_field(value: Any, status: Optional[str]) -> Any:
    status = (status or "").strip()
    if value is None:
        return None
    if status.startswith("derived"):
        return recorded(value, "derived", derived_note(status, value))
    if status.startswith("stated"):
        secondary = "secondary" in status
        return recorded(value, "stated", "Enligt en andrahandskälla: en sida som citerar resultatet." if secondary
                        else None)
    return recorded(value, "uncertain", "Sammanställningen är osäker på värdet; se källornas ord.")


def areas_field(raw: Optional[list], status: Optional[str], framework: Optional[Framework]) -> dict:
    out: dict[str, dict] = {}
    status = (status or "").strip()
    for item in raw or []:
        number = int(item["area"])
        fw_area = framework.area(number) if framework else None
        notes = []
        # The compilation adds its own remarks in brackets ("[as printed on page; …]"): not the source's words.
        name = re.sub(r"\s*\[[^\]]*\]", "", item.get("name") or "").strip()
        if fw_area is not None and fw_area.name and name and name != fw_area.name:
            notes.append(f"Källan kallar området {quote(name)}.")
        if status.startswith("derived"):
            out[str(number)] = {"score": recorded(item["score"], "derived", " ".join(
                [derived_note(status, item["score"]), *notes]))}
        else:
            out[str(number)] = {"score": recorded(item["score"], "stated", " ".join(notes) or None)}
    return dict(sorted(out.items()))


def _label(description: str) -> str:
    m = re.search(r"\"([^\"]+)\"|”([^”]+)”", description or "")
    label = (m.group(1) or m.group(2)) if m else "Jämförelsevärde i källan"
    return label[:1].upper() + label[1:]


def comparisons_field(raw: Optional[dict], words: Optional[str] = None) -> list[dict]:
    """The comparison value a source gives; ``words``: the source's own words about it."""
    if not raw or raw.get("value") is None:
        return []
    of = str(raw.get("of") or "").strip()
    out: dict[str, Any] = {"label": _label(of)}
    if words:
        out["description"] = f"Källans ord: {quote(words)}"
    value_status = str(raw.get("value_status") or "")
    if value_status.startswith("derived"):
        out["total"] = recorded(raw["value"], "derived", derived_note(value_status, raw["value"]))
    elif re.search(r"comput|derived", of, re.I):
        out["total"] = recorded(raw["value"], "derived", "Härlett, inte läst i källan: summan av de värden per "
                                "område som källan anger.")
    else:
        out["total"] = raw["value"]
    if raw.get("per_area"):
        out["areas"] = {str(i): v for i, v in enumerate(raw["per_area"], start=1)}
    return [out]


def evaluation_number_field(value: Any, notes: Optional[str], flags: Optional[list] = None) -> Any:
    """The evaluation's number; one the sources do not state (the compilation infers or assumes
    it, in its notes or status flags) is derived, or uncertain when it says so."""
    if value is None:
        return None
    said = [str(f) for f in flags or [] if str(f).startswith("evaluation_number")]
    m = re.search(r"[^.]*Evaluation number[^.]*(?:inferred|assum)[^.]*(?:\.|$)", notes or "")
    if m:
        said.append(m.group(0))
    if not said:
        return value
    doubt = any(re.search(r"uncertain|likely|assum|unknown", s) for s in said)
    return recorded(value, "uncertain" if doubt else "derived",
                    "Ordningsnumret står inte i källan; sammanställningen har slutit sig till det ur de år som "
                    "är kända" + (" och är osäker." if doubt else "."))


# The compilation's field names in a source's ``supports`` -> the evaluation file's.
SUPPORTS = {
    "year": "year", "month": "month", "total_score": "total", "area_scores": "areas",
    "evaluation_number": "evaluation_number", "evaluators": "evaluators", "report_date": "report_date",
    "framework_version": "framework", "framework_version_basis": "framework", "framework": "framework",
    "comparison_average": "comparisons", "comparison_placing": "comparisons", "existence": "existence",
    "report": "existence",
}
USED_FOR = {
    "year": "år", "month": "tidpunkt", "framework": "version", "total": "totalpoäng", "areas": "poäng per område",
    "evaluation_number": "vilken utvärdering i ordningen", "evaluators": "utvärderare", "interviewed": "intervjuade",
    "report_date": "rapportens datum", "comparisons": "jämförelsevärde", "notes": "anteckningar",
    "existence": "att utvärderingen gjordes",
}


def _top_level_parts(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [p.strip() for p in [*parts, current] if p.strip()]


def supported_fields(supports: Optional[str], area_numbers: set[int] = frozenset()) -> list[str]:
    """The values of an evaluation file a source's quote states, from the compilation's
    ``supports`` ('year, total_score (derived: …)', 'area 4, area 8', 'notes (interviewees)')."""
    out: list[str] = []
    for part in _top_level_parts(str(supports or "")):
        lower = part.lower()
        areas = [int(n) for n in re.findall(r"\barea (\d+)", lower)]
        if areas:
            keys = [f"areas.{n}.score" if n in area_numbers else "notes" for n in areas]
        else:
            word = re.match(r"[a-z_]+", lower)
            keys = [SUPPORTS.get(word.group(0), "notes") if word else "notes"]
            if "interviewees" in lower:
                keys.append("interviewed")
        out.extend(k for k in keys if k not in out)
    return out


def _used_for(keys: list[str], kind: Optional[str]) -> str:
    if kind == "mention":
        return "Rapportens titel finns i en lista över dokument på sidan; sidan är inte själva rapporten."
    labels = []
    for k in keys:
        label = USED_FOR.get(k) or f"område {k.split('.')[1]}"
        if label not in labels:
            labels.append(label)
    what = ", ".join(labels) if labels else "uppgifterna om utvärderingen"
    return (what[:1].upper() + what[1:]) + (" (andrahandskälla)" if kind == "secondary" else "") + "."


def _as_sources(raw: Any) -> list[dict]:
    items = [raw] if isinstance(raw, (str, dict)) else list(raw or [])
    return [{"url": i} if isinstance(i, str) else dict(i) for i in items]


TITLE_QUOTE = re.compile(r"analys\.?\s+av\b", re.I)


def sources_field(raw: Any, source_file: str, municipality: Optional[Municipality] = None,
                  municipalities: Optional[Municipalities] = None, area_numbers: set[int] = frozenset(),
                  seeds: Optional[dict[str, dict]] = None) -> list[dict]:
    """One source per quote: its page, the exact words, the values they state, and whether the
    page only lists the report's title (``mention``) or is another municipality's (``secondary``).

    ``seeds``: the project's report texts (``seed:<file>`` in the compilation) -> the source
    entry of the evaluation file that cites that file, so a seed is cited as that report."""
    out = []
    for item in _as_sources(raw):
        url = str(item["url"]).strip()
        quote_text = " ".join(str(item["quote"]).split()) if item.get("quote") else None
        keys = supported_fields(item.get("supports"), area_numbers) if quote_text else []
        source: dict[str, Any]
        if url.startswith("seed:"):
            owner = (seeds or {}).get(url.removeprefix("seed:"))
            if owner is None:
                raise EntryProblem(f"källan {quote(url)} är ingen rapporttext som en datafil citerar (file:)")
            source = {"title": owner["title"]}
            for k in ("publisher", "url", "file"):
                if owner.get(k):
                    source[k] = owner[k]
            own = municipality is not None and owner["code"] == municipality.code
            other_name = None if own else owner["name"]
        else:
            source = {"title": source_title(url), "url": url}
            other = (other_municipality(url, municipality.code, municipalities)
                     if municipality is not None and municipalities is not None else None)
            other_name = other.name if other is not None else None
        kind = None
        if other_name:
            kind = "mention" if (quote_text and TITLE_QUOTE.search(quote_text)) or "existence" in keys else "secondary"
            if kind == "mention":
                keys = [k for k in keys if k in ("existence", "year", "month", "evaluators", "report_date", "notes")]
            if not url.startswith("seed:"):
                source["title"] = f"{source['title']} (sidan om {other_name})"
        source["used_for"] = _used_for(keys, kind)
        if quote_text:
            source["quote"] = quote_text
        if keys:
            source["supports"] = keys
        if kind:
            source["kind"] = kind
        out.append(source)
    out.append({"title": "Sammanställning av publicerade resultat om Kommunkompassen", "file": source_file,
                "used_for": "Vad sidorna ovan anger, med status och anmärkningar för varje värde."})
    return out


def notes_field(entry: dict) -> Optional[str]:
    """The compilation's notes for readers, in Swedish (``notes_sv``; its English ``notes`` are not shown)."""
    text = str(entry.get("notes_sv") or "").strip()
    return text or None


def conflicts_field(entry: dict) -> Optional[list[dict]]:
    out = []
    for c in entry.get("conflicts") or []:
        key = SUPPORTS.get(str(c.get("field")), "notes")
        out.append({"field": key, "note": f"Källorna säger emot varandra: {str(c['source_says']).strip()} "
                                          f"Värdet här är det som sammanställningen har ({c.get('stored')}); "
                                          "det har inte ändrats."})
    return out or None


def comparison_words(raw: Any) -> Optional[str]:
    for item in _as_sources(raw):
        if item.get("quote") and "comparison_average" in str(item.get("supports") or ""):
            return " ".join(str(item["quote"]).split())
    return None


def placing_fields(raw: Any, municipality: Municipality) -> list[dict]:
    """A source's own placing of the result ("tionde plats", "22 kommuner har nått bättre resultat"),
    marked ``comparison_placing`` in the compilation: the sentences of its words that name the
    municipality (all of them if none does)."""
    out = []
    for item in _as_sources(raw):
        if item.get("quote") and "comparison_placing" in str(item.get("supports") or ""):
            words = " ".join(str(item["quote"]).split())
            sentences = re.split(r"(?<=[.!?])\s+", words)
            own = [s for s in sentences if municipality.name in s]
            out.append({"label": "Källans placering", "quote": " ".join(own or sentences)})
    return out


def evaluation_fields(entry: dict, municipality: Municipality, frameworks: dict[str, Framework],
                      source_file: str = SOURCE_FILE, municipalities: Optional[Municipalities] = None,
                      seeds: Optional[dict[str, dict]] = None) -> dict:
    """Everything the import writes for one dated entry, in the project's format."""
    year, year_note = parse_year(entry.get("year"))
    if year is None:
        raise EntryProblem("inget år")
    framework = framework_field(entry.get("framework_version"), entry.get("framework_version_basis"), year,
                                frameworks)
    fw_id = framework if isinstance(framework, str) else framework.get("value")
    people, evaluators_note = evaluators_fields(entry.get("evaluators"))
    fields: dict[str, Any] = {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "year": year,
        "month": month_field(entry.get("month"), year_note),
        "report_date": entry.get("report_date"),
        "framework": framework,
        "evaluation_number": evaluation_number_field(entry.get("evaluation_number"), entry.get("notes"),
                                                     entry.get("status_flags")),
        "evaluators": people or None,
        "evaluators_note": evaluators_note,
        "interviewed": interviewed_field(entry.get("notes")),
        "total": total_field(entry.get("total_score"), entry.get("total_score_status")),
        "comparisons": (comparisons_field(entry.get("comparison_average"), comparison_words(entry.get("sources")))
                        + placing_fields(entry.get("sources"), municipality)) or None,
        "areas": areas_field(entry.get("area_scores"), entry.get("area_scores_status"),
                             frameworks.get(fw_id)) or None,
        "sources": sources_field(entry.get("sources"), source_file, municipality, municipalities,
                                 {int(a["area"]) for a in entry.get("area_scores") or []}, seeds),
        "conflicts": conflicts_field(entry),
        "notes": notes_field(entry),
    }
    return {k: v for k, v in fields.items() if v is not None}


def undated_fields(entry: dict, municipality: Municipality, frameworks: dict[str, Framework],
                   source_file: str = SOURCE_FILE, municipalities: Optional[Municipalities] = None,
                   seeds: Optional[dict[str, dict]] = None) -> dict:
    people, _ = evaluators_fields(entry.get("evaluators"))
    fields = {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "framework": framework_field(entry.get("framework_version"), entry.get("framework_version_basis"), None,
                                     frameworks),
        "total": total_field(entry.get("total_score"), entry.get("total_score_status")),
        "evaluators": people or None,
        "year_note": "Källan anger inte när utvärderingen gjordes, så den har ingen egen sida.",
        "sources": sources_field(entry.get("sources"), source_file, municipality, municipalities, set(), seeds),
        "notes": notes_field(entry),
    }
    return {k: v for k, v in fields.items() if v is not None}


# --- the whole import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What happened to one source entry (or one existing file)."""

    kind: str  # created, updated, unchanged, handmade, undated, unmatched, duplicate, problem, orphan
    label: str
    file: Optional[str] = None
    details: tuple[str, ...] = ()


@dataclass
class Plan:
    writes: dict[str, str] = field(default_factory=dict)  # repository path -> new text
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)


def entry_label(entry: dict) -> str:
    year = entry.get("year")
    return f"{entry.get('municipality')} {year if year is not None else '(år saknas)'}"


def _summary_of_source(entry: dict) -> str:
    parts = []
    if entry.get("total_score") is not None:
        parts.append(f"totalpoäng {entry['total_score']} ({entry.get('total_score_status')})")
    for a in entry.get("area_scores") or []:
        parts.append(f"område {a['area']} {a['score']}")
    return ", ".join(parts) or "inga poäng"


def _summary_of_file(data: dict) -> str:
    parts = []
    total = data.get("total")
    if total is not None:
        parts.append(f"totalpoäng {total.get('value') if isinstance(total, dict) else total}")
    for key, area in sorted((data.get("areas") or {}).items()):
        score = area.get("score")
        parts.append(f"område {key} {score.get('value') if isinstance(score, dict) else score}")
    return ", ".join(parts) or "inga poäng"


def plan_import(source: dict, municipalities: Municipalities, frameworks: dict[str, Framework],
                existing: dict[str, tuple[dict, str]], source_file: str = SOURCE_FILE,
                undated_text: Optional[str] = None) -> Plan:
    """Every file to write and what happened to each source entry, in the source's order.

    ``existing``: repository path of each evaluation file -> (parsed data, text).
    """
    entries = list(source.get("evaluations") or [])
    seeds = seed_sources(existing, municipalities)
    outcomes: dict[int, Outcome] = {}
    dated: dict[tuple[str, int], list[tuple[int, dict, Municipality]]] = {}
    undated: list[dict] = []
    writes: dict[str, str] = {}
    for i, entry in enumerate(entries):
        label = entry_label(entry)
        municipality = match_municipality(str(entry.get("municipality") or ""), municipalities)
        try:
            if municipality is None:
                outcomes[i] = Outcome("unmatched", label, details=(
                    f"namnet {quote(entry.get('municipality'))} finns inte i {routes.MUNICIPALITIES_CSV}",))
            elif parse_year(entry.get("year"))[0] is None:
                undated.append(undated_fields(entry, municipality, frameworks, source_file, municipalities, seeds))
                outcomes[i] = Outcome("undated", label, UNDATED_FILE)
            else:
                key = (municipality.code, parse_year(entry.get("year"))[0])
                dated.setdefault(key, []).append((i, entry, municipality))
        except EntryProblem as exc:
            outcomes[i] = Outcome("problem", label, details=(str(exc),))
    for (_, year), group in dated.items():
        path = routes.evaluation_files(routes.evaluation_key(group[0][2].slug, year))[0].as_posix()
        label = f"{group[0][2].name} {year}"
        if len(group) > 1:
            for i, _, _ in group:
                outcomes[i] = Outcome("duplicate", label, path, (
                    f"{len(group)} poster i källan för samma kommun och år; ingen importeras, rätta källan",))
            continue
        ((i, entry, municipality),) = group
        try:
            fields = evaluation_fields(entry, municipality, frameworks, source_file, municipalities, seeds)
        except EntryProblem as exc:
            outcomes[i] = Outcome("problem", label, path, (str(exc),))
            continue
        outcomes[i], text = _one_file(path, label, entry, fields, existing.get(path), source_file)
        if text is not None:
            writes[path] = text
    plan = Plan(writes, [outcomes[i] for i in sorted(outcomes)])
    in_source = {o.file for o in plan.outcomes}
    for path, (current, _) in sorted(existing.items()):
        if path not in in_source and isinstance(current, dict) and "imported" in current:
            plan.outcomes.append(Outcome("orphan", path, path, ("finns inte längre i källan; filen lämnas kvar",)))
    text = dump({"file": source_file, "evaluations": undated}, UNDATED_HEADER.format(source=source_file))
    if text != undated_text:
        plan.writes[UNDATED_FILE] = text
    return plan


def seed_sources(existing: dict[str, tuple[dict, str]], municipalities: Municipalities) -> dict[str, dict]:
    """The report texts that maintainers' evaluation files cite (``file:`` without a folder) -> that source,
    with the evaluation's municipality code and name."""
    out: dict[str, dict] = {}
    for _, (data, _) in sorted(existing.items()):
        if not isinstance(data, dict) or "imported" in data:  # a maintainer's file cites the report itself
            continue
        code = str((data.get("municipality") or {}).get("code") or "")
        name = municipalities.by_code[code].name if code in municipalities.by_code else code
        for s in data.get("sources") or []:
            if isinstance(s, dict) and s.get("file") and "/" not in str(s["file"]):
                out.setdefault(str(s["file"]), {**s, "code": code, "name": name})
    return out


def _one_file(path: str, label: str, entry: dict, fields: dict, existing: Optional[tuple[dict, str]],
              source_file: str) -> tuple[Outcome, Optional[str]]:
    """(outcome, new text or None) for one evaluation file."""
    header = HEADER.format(source=source_file)
    if existing is None:
        return Outcome("created", label, path), dump(
            ordered({**fields, "imported": {"file": source_file, "fields": fields}}), header)
    current, text = existing
    if not isinstance(current, dict) or "imported" not in current:
        return Outcome("handmade", label, path, (
            f"källan: {_summary_of_source(entry)}; filen: {_summary_of_file(current or {})}",)), None
    result = merge(current, fields, source_file)
    details = tuple([f"uppdaterat: {p}" for p in result.updated] +
                    [f"behållet (ändrat för hand): {p}" for p in result.kept])
    if result.data == current:
        return Outcome("unchanged", label, path, details), None
    return Outcome("updated", label, path, details), dump(result.data, leading_comments(text) or header)


def source_facts(source: dict) -> list[dict]:
    """The programme facts in the source with at least one source URL: (text, value, URLs)."""
    out = []
    for item in source.get("facts") or []:
        urls = [s["url"] for s in _as_sources(item.get("source")) if str(s["url"]).startswith("http")]
        if urls:
            out.append({"text": str(item.get("fact")), "value": item.get("value"), "sources": urls})
    return out
