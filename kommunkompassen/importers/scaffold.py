"""An empty evaluation pair for a municipality, year and framework version.

Valid by construction: every value the loader needs is there, every sub-question of the
version is listed, and what is not filled in yet is unknown with the note ``NOT_FILLED``.
The loader requires a bullet list under ``### Styrkor`` and ``### Förbättringsområden``, so
those sections carry one placeholder bullet; ``drafts.find_placeholders`` (and the test
that runs it on ``data/``) keeps a placeholder from being published.
"""

from __future__ import annotations

from typing import Any

from kommunkompassen import routes
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities, Municipality, transliterate
from kommunkompassen.importers.drafts import NOT_FILLED


def todo(note: str = NOT_FILLED) -> dict[str, Any]:
    return {"value": None, "note": note}


def find_municipality(municipalities: Municipalities, query: str) -> Municipality:
    """A municipality by code ("1492"), name ("Åmål", any case) or address slug ("amal")."""
    text = query.strip()
    if text in municipalities.by_code:
        return municipalities.by_code[text]
    by_name = [m for m in municipalities if m.name.casefold() == text.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    if text in municipalities.by_slug:
        return municipalities.by_slug[text]
    similar = [m for m in municipalities if transliterate(m.name) == transliterate(text)]
    if len(similar) > 1:
        choices = ", ".join(f"{m.name} ({m.code})" for m in similar)
        raise LookupError(f"{query!r} kan vara flera kommuner: {choices}; ange koden")
    if similar:
        return similar[0]
    raise LookupError(f"ingen kommun heter {query!r}; ange namnet eller den fyrsiffriga koden "
                      "(se data/reference/municipalities.csv)")


def find_framework(frameworks: dict[str, Framework], version: str) -> Framework:
    if version not in frameworks:
        raise LookupError(f"ramverksversionen {version!r} finns inte; välj en av {', '.join(sorted(frameworks))}")
    return frameworks[version]


def evaluation_key(municipality: Municipality, year: int) -> str:
    return routes.evaluation_key(municipality.slug, year)


def scaffold_data(framework: Framework, municipality: Municipality, year: int) -> dict[str, Any]:
    areas = {
        str(area.number): {
            "score": todo(),
            **({"questions": {q.id: {"score": todo(), "max": q.max, "percent": todo()}
                              for q in area.questions}} if area.questions else {}),
        }
        for area in framework.areas
    }
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "year": year,
        "month": todo(),
        "framework": framework.id,
        "evaluation_number": todo(),
        "evaluators": [],
        "evaluators_note": NOT_FILLED,
        "interviewed": todo(),
        "total": todo(),
        "areas": areas,
        "sources": [{"title": NOT_FILLED, "file": NOT_FILLED, "used_for": NOT_FILLED}],
    }


def scaffold_markdown(framework: Framework) -> str:
    parts: list[str] = []
    for area in framework.areas:
        parts.append(f"## Område {area.number}: {area.name or NOT_FILLED.rstrip('.')}")
        for heading in ("Allmänt", *area.headings):
            parts.append(f"### {heading}")
            parts.append(NOT_FILLED)
        for heading in ("Styrkor", "Förbättringsområden"):
            parts.append(f"### {heading}")
            parts.append(f"- {NOT_FILLED}")
    return "\n\n".join(parts) + "\n"


def scaffold_comments(framework: Framework, municipality: Municipality, year: int) -> list[str]:
    return [
        f"{municipality.name} {year}, ramverksversion {framework.id}. Skapad av scripts/new_evaluation.py.",
        f"Allt som står som \"{NOT_FILLED}\" fylls i ur rapporten (se CONTRIBUTING.md).",
    ]
