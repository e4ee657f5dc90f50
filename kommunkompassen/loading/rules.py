"""Cross-field rules for one evaluation: references, ranges, sums and the report text.

Printed points are rounded: a sub-question printed as 7 lies in [6.5, 7.5], a percentage
printed as 45 in [44.5, 45.5]. A check passes when the printed numbers are consistent
with *some* unrounded values, so a report is never "fixed" by the validator.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from kommunkompassen.domain.model import EvaluationData, Framework
from kommunkompassen.domain.municipalities import Municipalities
from kommunkompassen.domain.reporttext import ReportText
from kommunkompassen.loading.problems import Problem, show

ROUNDING = 0.5


def points_match_percent(score: float, maximum: float, percent: float) -> bool:
    lo = (score - ROUNDING) / maximum * 100
    hi = (score + ROUNDING) / maximum * 100
    return lo - ROUNDING <= percent <= hi + ROUNDING


def sum_tolerance(parts: int) -> float:
    """How far a printed sum of rounded parts may lie from the printed (rounded) whole."""
    return ROUNDING * parts + ROUNDING


def check_evaluation(
    file: str,
    data: EvaluationData,
    frameworks: dict[str, Framework],
    municipalities: Municipalities,
) -> list[Problem]:
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(file, field, message))

    # Municipality: code in the reference list, name equal to the list's.
    ref = municipalities.by_code.get(data.municipality.code)
    if ref is None:
        problem("municipality.code", f"koden {show(data.municipality.code)} finns inte bland Sveriges 290 kommuner "
                "(data/reference/municipalities.csv)")
    elif ref.name != data.municipality.name:
        problem("municipality.name", f"{show(data.municipality.name)} stämmer inte med koden "
                f"{data.municipality.code}, som är {ref.name}")

    if data.report_date:
        try:
            date.fromisoformat(data.report_date)
        except ValueError:
            problem("report_date", f"{show(data.report_date)} är inget datum som finns (ÅÅÅÅ-MM-DD)")

    if not data.evaluators and not data.evaluators_note:
        problem("evaluators", "inga utvärderare angivna; ange dem eller förklara i 'evaluators_note' varför de saknas")

    for i, source in enumerate(data.sources):
        if not source.url and not source.file:
            problem(f"sources.{i}", "en källa behöver 'url' eller 'file' (var den kan läsas)")

    framework = frameworks.get(data.framework.value or "")
    if framework is None:
        problem("framework", f"ramverksversionen {show(data.framework.value)} finns inte; "
                f"väntat en av {sorted(frameworks)}")
        return problems

    # Total within range and consistent with the area scores.
    if data.total and data.total.known and not 0 <= data.total.value <= framework.max_total:
        problem("total", f"värdet {show(data.total.value)} ligger utanför 0–{framework.max_total}")

    for key, area in data.areas.items():
        number = int(key)
        where = f"areas.{key}"
        fw_area = framework.area(number)
        if fw_area is None:
            problem(where, f"område {key} finns inte i ramverksversion {framework.id}")
            continue
        if area.score.known and not 0 <= area.score.value <= fw_area.max:
            problem(f"{where}.score", f"värdet {show(area.score.value)} ligger utanför 0–{fw_area.max}")
        problems.extend(_check_questions(file, where, key, area, fw_area, framework))

    if data.total and data.total.known and len(data.areas) == len(framework.areas):
        scores = [a.score for a in data.areas.values()]
        if all(s.known for s in scores):
            total = sum(s.value for s in scores)
            gap = abs(total - data.total.value)
            if data.total.stated and gap > sum_tolerance(len(scores)):
                problem("total", f"totalen {show(data.total.value)} stämmer inte med summan av områdena "
                        f"({show(total)}); avvikelsen är större än avrundningen kan förklara")
            elif gap > 1e-9 and not (data.total.stated and all(s.stated for s in scores)):
                # Only a source that prints both may disagree with itself (rounded parts); the page
                # then shows both and the difference. A derived or uncertain side must add up.
                unsure = "totalen" if not data.total.stated else "områdenas poäng"
                problem("total", f"totalen {show(data.total.value)} stämmer inte med summan av områdena "
                        f"({show(total)}), och {unsure} står inte i källan (status 'derived' eller "
                        "'uncertain'); en skillnad godtas bara när källan själv anger både totalen och "
                        "områdenas poäng")

    for i, comparison in enumerate(data.comparisons):
        for key, value in comparison.areas.items():
            compared = framework.area(int(key))
            if compared is None:
                problem(f"comparisons.{i}.areas.{key}", f"område {key} finns inte i ramverksversion {framework.id}")
            elif value.known and not 0 <= value.value <= compared.max:
                problem(f"comparisons.{i}.areas.{key}",
                        f"värdet {show(value.value)} ligger utanför 0–{compared.max}")
        if comparison.total and comparison.total.known and comparison.total.stated \
                and len(comparison.areas) == len(framework.areas) \
                and all(v.known for v in comparison.areas.values()):
            total = sum(v.value for v in comparison.areas.values())
            if abs(total - comparison.total.value) > sum_tolerance(len(comparison.areas)):
                problem(f"comparisons.{i}.total", f"totalen {show(comparison.total.value)} stämmer inte med "
                        f"summan av områdena ({show(total)})")
    problems.extend(_check_named_role_models(file, data, framework, municipalities))
    return problems


def _check_named_role_models(file, data, framework, municipalities) -> list[Problem]:
    """Each named role model: an area and sub-questions of this version, a real municipality."""
    problems: list[Problem] = []
    for i, named in enumerate(data.named_role_models):
        where = f"named_role_models.{i}"
        fw_area = framework.area(named.area)
        if fw_area is None:
            problems.append(Problem(file, f"{where}.area", f"område {named.area} finns inte i ramverksversion "
                                    f"{framework.id}"))
        else:
            for j, qid in enumerate(named.questions):
                if fw_area.question(qid) is None:
                    problems.append(Problem(file, f"{where}.questions.{j}", f"delfrågan {qid} finns inte i område "
                                            f"{named.area} i ramverksversion {framework.id}"))
        ref = municipalities.by_code.get(named.municipality.code)
        if ref is None:
            problems.append(Problem(file, f"{where}.municipality.code", f"koden {show(named.municipality.code)} "
                                    "finns inte bland Sveriges 290 kommuner (data/reference/municipalities.csv)"))
        elif ref.name != named.municipality.name:
            problems.append(Problem(file, f"{where}.municipality.name", f"{show(named.municipality.name)} stämmer "
                                    f"inte med koden {named.municipality.code}, som är {ref.name}"))
        if named.municipality.code == data.municipality.code and named.year not in (None, data.year):
            problems.append(Problem(file, f"{where}.year", f"{named.year}: en rapport om {data.year} kan lyfta fram "
                                    "kommunen själv bara för samma utvärdering; ta bort 'year'"))
    return problems


def _check_questions(file, where, key, area, fw_area, framework) -> list[Problem]:
    problems: list[Problem] = []
    if not area.questions:
        return problems
    if not fw_area.questions:
        problems.append(Problem(file, f"{where}.questions",
                                f"ramverksversion {framework.id} har inga kända delfrågor; ange bara områdets poäng"))
        return problems
    for qid, q in area.questions.items():
        field = f"{where}.questions.{qid}"
        fw_q = fw_area.question(qid)
        if fw_q is None:
            problems.append(Problem(file, field, f"delfrågan {qid} finns inte i område {key} i ramverksversion "
                                    f"{framework.id} (där finns {', '.join(x.id for x in fw_area.questions)})"))
            continue
        if q.max.known and q.max.value != fw_q.max:
            problems.append(Problem(file, f"{field}.max", f"värdet {show(q.max.value)} stämmer inte med "
                                    f"ramverkets maxpoäng {fw_q.max} för delfråga {qid}"))
        maximum = q.max.value if q.max.known else fw_q.max
        if q.score.known and not 0 <= q.score.value <= maximum:
            problems.append(Problem(file, f"{field}.score",
                                    f"värdet {show(q.score.value)} ligger utanför 0–{maximum}"))
        if q.percent.known and not 0 <= q.percent.value <= 100:
            problems.append(Problem(file, f"{field}.percent",
                                    f"värdet {show(q.percent.value)} ligger utanför 0–100"))
        elif q.score.stated and q.percent.stated and q.max.known and \
                not points_match_percent(q.score.value, maximum, q.percent.value):
            problems.append(Problem(file, f"{field}.percent",
                                    f"{show(q.percent.value)} % stämmer inte med {show(q.score.value)} av "
                                    f"{maximum} poäng (väntat cirka {q.score.value / maximum * 100:.0f} %); "
                                    "markera en oläslig eller motsägelsefull siffra med status och note"))
    missing = [x.id for x in fw_area.questions if x.id not in area.questions]
    if missing:
        problems.append(Problem(file, f"{where}.questions", f"delfrågorna {', '.join(missing)} saknas; ta med alla "
                                "delfrågor och markera det som inte går att läsa som okänt (value: null, note: …)"))
    scores = [q.score for q in area.questions.values()]
    if area.score.stated and not missing and all(s.known for s in scores):
        total = sum(s.value for s in scores)
        if abs(total - area.score.value) > sum_tolerance(len(scores)):
            problems.append(Problem(file, f"{where}.score", f"områdets poäng {show(area.score.value)} stämmer inte med "
                                    f"summan av delfrågorna ({show(total)}); avvikelsen är större än avrundningen "
                                    "kan förklara"))
    return problems


def check_report_text(file: str, text: ReportText, framework: Optional[Framework]) -> list[Problem]:
    """The Markdown follows the convention and its area headings match the framework."""
    problems = [Problem(file, f"rad {line}", message) for line, message in text.problems]
    if text.is_empty or framework is None:
        return problems
    areas = [c for c in text.chapters if c.area_number is not None]
    seen: set[int] = set()
    for chapter in areas:
        number = chapter.area_number
        fw_area = framework.area(number)
        where = f"rad {chapter.line}"
        if fw_area is None:
            problems.append(Problem(file, where, f"'## {chapter.title}': område {number} finns inte i "
                                    f"ramverksversion {framework.id}"))
            continue
        if number in seen:
            problems.append(Problem(file, where, f"område {number} förekommer två gånger"))
        seen.add(number)
        if fw_area.name and chapter.area_name != fw_area.name:
            problems.append(Problem(file, where, f"rubriken '## {chapter.title}' stämmer inte med ramverket "
                                    f"{framework.id}; väntat '## Område {number}: {fw_area.name}'"))
        for titles in (("Styrkor",), ("Förbättringsområden", "Förbättringsmöjligheter")):
            twice = [s for s in chapter.sections if s.title in titles][1:]
            for extra in twice:
                problems.append(Problem(file, f"rad {extra.line}", f"område {number} har '### {extra.title}' två "
                                        "gånger; samla punkterna under en rubrik (den andra skulle annars inte visas)"))
        for title in ("Styrkor", "Förbättringsområden"):
            section = chapter.section("Styrkor") if title == "Styrkor" else chapter.section(
                "Förbättringsområden", "Förbättringsmöjligheter")
            if section is None:
                problems.append(Problem(file, where, f"område {number} saknar avsnittet '### {title}'"))
            elif any(b.kind != "ul" for b in section.blocks) or not section.bullets:
                problems.append(Problem(file, f"rad {section.line}", f"'### {section.title}' i område {number} ska "
                                        "bara innehålla en punktlista ('- ' per punkt)"))
    first_line: dict[str, int] = {}
    for chapter in text.chapters:
        if chapter.area_number is None:
            if chapter.title.casefold() in first_line:
                problems.append(Problem(file, f"rad {chapter.line}", f"rubriken '## {chapter.title}' finns redan på "
                                        f"rad {first_line[chapter.title.casefold()]}; ge avsnitten olika rubriker "
                                        "(varje rubrik blir en egen adress på sidan)"))
            first_line.setdefault(chapter.title.casefold(), chapter.line)
    numbers = [c.area_number for c in areas]
    expected = [a.number for a in framework.areas]
    if numbers and sorted(set(numbers)) != expected:
        missing = [n for n in expected if n not in numbers]
        if missing:
            problems.append(Problem(file, "områden", f"områdena {', '.join(map(str, missing))} saknas; "
                                    "texten har ett avsnitt per område"))
    elif numbers != sorted(numbers):
        problems.append(Problem(file, "områden", "områdena står inte i ordning 1–8"))
    if numbers:
        first_area = text.chapters.index(areas[0])
        for chapter in text.chapters[first_area:]:
            if chapter.area_number is None:
                problems.append(Problem(file, f"rad {chapter.line}", f"'## {chapter.title}' står efter områdena; "
                                        "fria avsnitt står före det första området"))
    return problems
