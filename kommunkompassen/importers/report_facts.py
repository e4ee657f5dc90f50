"""Facts a report states in words: who, when, how many interviewed, which version, the summary.

Each reader returns what the text says and the words it was read from (for the note), or
nothing; none of them fills a gap with a likely value.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from kommunkompassen.domain.language import MONTHS, fold
from kommunkompassen.domain.language import ORDINALS as SWEDISH_ORDINALS
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities, Municipality
from kommunkompassen.importers.lookup import municipality_named

# Ordinals as reports print them, folded (å/ä/ö lost in OCR): "fjärde" -> "fjarde".
ORDINALS = {fold(word): n for n, word in SWEDISH_ORDINALS.items() if n <= 5}
_ORG_WORDS = re.compile(r"\b(?:SKL|SKR|kommun|stad|region|landsting|konsult|AB)\b|\(", re.I)


@dataclass(frozen=True)
class Read:
    """A value and the report's words it was read from."""

    value: object
    words: str


def _flat(text: str) -> str:
    """Whitespace collapsed and end-of-line hyphens joined: "ett 40-\\ntal" -> "ett 40-tal"."""
    return " ".join(re.sub(r"-\s*\n\s*", "-", text).split())


def municipality_from_title(text: str, municipalities: Municipalities) -> Optional[Read]:
    head = text[:3000]
    for pattern in (r"ANALYS\s+AV\s+(.{2,40}?)\s+(?:KOMMUN|STAD)\b",
                    r"KommunKompassen\s+(.{2,40}?)\s+(?:KOMMUN|STAD)\s+(?:[A-ZÅÄÖ]+\s+)?\d{4}\s+(?:RAPPORT\s+)?ANALYS"):
        m = re.search(pattern, head, re.I)
        if m:
            found = _by_name(m.group(1), municipalities)
            if found:
                return Read(found, f"titeln ”{_flat(m.group(0))}”")
    return None


def _by_name(name: str, municipalities: Municipalities) -> Optional[Municipality]:
    """The municipality a title names, also in the genitive ("Bengtsfors", "Åmåls")."""
    name = name.strip()
    for candidate in (name, name[:-1] if fold(name).endswith("s") else None):
        found = municipality_named(municipalities, candidate) if candidate else None
        if found:
            return found
    return None


def municipality_from_text(text: str, municipalities: Municipalities) -> Optional[Read]:
    """The municipality the text calls "<namn>s kommun" most often, if clearly most often."""
    by_fold: dict[str, list[Municipality]] = {}
    for m in municipalities:
        by_fold.setdefault(fold(m.name), []).append(m)
    counts: Counter = Counter()
    for m in re.finditer(r"([A-Za-zÀ-ÿ&\-]+(?:\s[A-Za-zÀ-ÿ]+)?)\s+(?:kommun|stad)\b", text):
        words = fold(m.group(1))
        for candidate in (words, words.split()[-1]):
            for name in (candidate, candidate[:-1] if candidate.endswith("s") else ""):
                if name in by_fold and len(by_fold[name]) == 1:
                    counts[name] += 1
                    break
            else:
                continue
            break
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    name, count = ranked[0]
    return Read(by_fold[name][0], f"texten nämner {by_fold[name][0].name}s kommun {count} gånger, ingen annan "
                                  "kommun lika ofta")


def year_from_title(text: str) -> Optional[Read]:
    m = re.search(r"\b(?:KOMMUN|STAD)\s+(?:[A-ZÅÄÖ]+\s+)?((?:19|20)\d{2})\b", text[:3000])
    return Read(int(m.group(1)), _flat(m.group(0))) if m else None


def when_performed(text: str) -> tuple[Optional[Read], Optional[Read]]:
    """(month, year) from "genomfördes i november år 2019"."""
    flat = _flat(text)
    folded = fold(flat)
    m = re.search(r"genomf\w+\s+i\s+(\w+)\s+(?:\w{2}\s+)?((?:19|20)\d{2})", folded)
    if not m:
        return None, None
    words = flat[m.start():m.end()]
    month = MONTHS.index(m.group(1)) + 1 if m.group(1) in MONTHS else None
    return (Read(month, words) if month else None), Read(int(m.group(2)), words)


def evaluation_number(text: str) -> Optional[Read]:
    flat = _flat(text)
    m = re.search(r"var\s+kommunens\s+(\w+)\s+utv\w+", fold(flat))
    if m and m.group(1) in ORDINALS:
        return Read(ORDINALS[m.group(1)], flat[m.start():m.end()])
    return None


def interviewed(text: str) -> Optional[Read]:
    flat = _flat(text)
    m = re.search(r"(?:ett\s+)?(\d{1,3})\s*-\s*tal\s+personer|intervju\w*\s+med\s+(\d{1,3})\s+personer", flat)
    if not m:
        return None
    return Read(int(m.group(1) or m.group(2)), flat[m.start():m.end()])


def evaluators(text: str) -> Optional[Read]:
    """[(name, organisation)] from the title page's "Utvärderare: …" line."""
    for line in text[:3000].splitlines():
        m = re.search(r"utv\w{1,2}rderare\s*:\s*(.+)$", fold(line))
        if not m:
            continue
        words = line[m.start(1):].strip()
        people: list[tuple[str, Optional[str]]] = []
        for group in re.split(r"\s+(?:samt|och)\s+", words):
            parts = [p.strip() for p in group.split(",") if p.strip()]
            organisation = parts.pop() if len(parts) > 1 and _ORG_WORDS.search(parts[-1]) else None
            if not parts or any(not re.fullmatch(r"[A-ZÅÄÖ][\w\-]+(?:\s[A-ZÅÄÖ][\w\-]+){1,3}", p) for p in parts):
                return None
            people.extend((p, organisation) for p in parts)
        return Read(people, words) if people else None
    return None


@dataclass
class Summary:
    """The summary chapter's table: own area scores, a comparison column and the totals."""

    areas: dict[int, int] = field(default_factory=dict)
    comparison_areas: dict[int, int] = field(default_factory=dict)
    total: Optional[int] = None
    comparison_total: Optional[int] = None
    comparison_label: Optional[str] = None


def summary_table(text: str, end: int) -> Summary:
    folded = fold(text[:end])
    start = folded.rfind("sammanfattning av resultat")
    summary = Summary()
    if start < 0:
        return summary
    region = text[start:min(end, start + 3000)]
    total = re.search(r"Totalt\s+(\d{1,3})(?:\s+(\d{1,3}))?", region)
    if not total:
        return summary
    table = region[:total.end()]
    for m in re.finditer(r"(?<![\d.,])([1-8])\.\s+[^\d]+?\s(\d{1,3})(?:\s+(\d{1,3}))?(?=\s+(?:[1-8]\.\s|Totalt))", table):
        summary.areas[int(m.group(1))] = int(m.group(2))
        if m.group(3):
            summary.comparison_areas[int(m.group(1))] = int(m.group(3))
    summary.total = int(total.group(1))
    if total.group(2):
        summary.comparison_total = int(total.group(2))
    label = re.search(r"(Genomsnitt[^\d]*?\d*[^\d]*?)\s+1\.\s", table)
    if label:
        summary.comparison_label = " ".join(label.group(1).split())
    return summary


def framework_from_names(names: dict[int, str], question_ids: dict[int, list[str]],
                         frameworks: dict[str, Framework]) -> Optional[Read]:
    """The version whose area names the report's resemble most, if its sub-questions agree."""
    scored = []
    for fw in frameworks.values():
        if not all(a.name for a in fw.areas) or not names:
            continue
        ratio = sum(max(difflib.SequenceMatcher(None, fold(names[n]), fold(name)).ratio() for name in fw.area(n).names)
                    for n in names if fw.area(n)) / len(names)
        # a version with no sub-questions on file (2020) cannot disagree with the report's
        ids_agree = all(sorted(question_ids.get(a.number, [])) == sorted(q.id for q in a.questions)
                        for a in fw.areas if a.number in question_ids and a.questions) if question_ids else True
        scored.append((ids_agree, ratio, fw))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    if not scored or not scored[0][0] or scored[0][1] < 0.7:
        return None
    if len(scored) > 1 and scored[1][0] and scored[0][1] - scored[1][1] < 0.02:
        return None
    best = scored[0][2]
    differing = [n for n in names if best.area(n) and fold(names[n]) not in {fold(x) for x in best.area(n).names}]
    example = f"område 7 heter ”{names[7]}”" if 7 in names else "områdenas namn"
    words = f"{example}; delfrågorna och områdesnamnen stämmer med version {best.id}"
    return Read(best.id, words + (f" (namnen skiljer sig något i område {', '.join(map(str, differing))})"
                                  if differing else ""))
