"""Finding a municipality or a framework version from what a person or a source calls it.

``municipality_named`` is the one comparison of names: the name exactly, else ignoring case
and å/ä/ö (``domain.language.fold``), and only a single match counts (Håbo and Habo fold
alike). ``catalogue.match_municipality`` (the names in the published results) and
``report_facts`` (a report's title) build on it. ``find_municipality`` reads what a
maintainer types on the command line: a code, a name in any case, an address slug, or a
name that gives the same slug; it names the candidates when there are several.
"""

from __future__ import annotations

from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.language import fold
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities, Municipality, transliterate


def municipality_named(municipalities: Municipalities, name: str) -> Optional[Municipality]:
    """The one municipality called ``name``: exactly, else ignoring case and diacritics."""
    exact = [m for m in municipalities if m.name == name]
    matches = exact or [m for m in municipalities if fold(m.name) == fold(name)]
    return matches[0] if len(matches) == 1 else None


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
                      f"(se {routes.MUNICIPALITIES_CSV})")


def find_framework(frameworks: dict[str, Framework], version: str) -> Framework:
    if version not in frameworks:
        raise LookupError(f"ramverksversionen {version!r} finns inte; välj en av {', '.join(sorted(frameworks))}")
    return frameworks[version]
