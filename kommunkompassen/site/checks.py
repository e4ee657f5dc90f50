"""Every check the build relies on, in one place: ``./dev check`` and the build run the same.

A project that passes ``check_project`` builds; one that does not gets every problem at once,
each with file, field and (where it can be known) line, and no site.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Archive
from kommunkompassen.loading.archive import LoadCache, load_archive
from kommunkompassen.loading.placeholders import placeholders
from kommunkompassen.loading.problems import DataError, Problem
from kommunkompassen.loading.published import read_published
from kommunkompassen.loading.yamlio import read_text
from kommunkompassen.site.startpage import unknown_markers


def check_project(root: Path, cache: Optional[LoadCache] = None) -> tuple[Optional[Archive], list[Problem]]:
    """The loaded archive (None if it could not be loaded) and every problem of the project."""
    root = Path(root)
    problems: list[Problem] = []
    archive = None
    try:
        archive = load_archive(root, cache)
    except DataError as exc:
        problems.extend(exc.problems)
    # What the scaffold and the import leave to fill in: the loader reads it (the tools need
    # the draft), the check and the build refuse it (a draft is not a report).
    problems.extend(placeholders(root, cache.placeholders if cache is not None else None))
    published = routes.project_path(root, routes.PUBLISHED_RESULTS)
    if published.exists() and not published.is_symlink():  # a link is reported by load_archive
        problems.extend(read_published(published)[1])
    start = routes.project_path(root, routes.START_PAGE)
    if start.exists():
        try:
            problems.extend(unknown_markers(read_text(start), str(routes.START_PAGE)))
        except ValueError as exc:
            problems.append(Problem(str(routes.START_PAGE), "", str(exc)))
    if archive is not None and not problems:
        problems.extend(card_font_problems(root, archive))
    return (archive if not problems else None), sorted(set(problems))


def card_font_problems(root: Path, archive: Archive) -> list[Problem]:
    """Names that reach a share card must be drawable with its font: a character it lacks (an
    emoji, say) would be an empty box on every card. Each is named in the file that holds it,
    with line and column (the reference list, a framework file)."""
    from kommunkompassen.charts.card_specs import evaluation_card, municipality_card
    from kommunkompassen.charts.cards import card_texts, missing_characters

    specs = [evaluation_card(ev) for ev in archive.evaluations]
    specs += [municipality_card(archive.municipalities.by_code[code].name, archive.municipalities.by_code[code].slug,
                                evs) for code, evs in archive.by_municipality().items()]
    missing = sorted({c for spec in specs for text in card_texts(spec) for c in missing_characters(text)})
    if not missing:
        return []
    sources = [routes.project_path(root, routes.MUNICIPALITIES_CSV),
               *sorted(routes.project_path(root, routes.FRAMEWORKS).glob("*.yaml"))]
    problems = []
    for char in missing:
        for path in sources:
            text = path.read_text(encoding="utf-8-sig")
            at = text.find(char)
            if at < 0:
                continue
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            problems.append(Problem(path.relative_to(root).as_posix(), "", (
                f"rad {line}, kolumn {column}: tecknet U+{ord(char):04X} ({unicodedata.name(char, '?')}) finns inte "
                "i typsnittet som delningsbilderna ritas med (DejaVu Sans) och skulle bli en tom ruta; skriv "
                "namnet utan det")))
            break
        else:
            problems.append(Problem("data", "", f"tecknet U+{ord(char):04X} ({unicodedata.name(char, '?')}) finns "
                                    "inte i typsnittet som delningsbilderna ritas med (DejaVu Sans)"))
    return problems


def checked_archive(root: Path, cache: Optional[LoadCache] = None) -> Archive:
    """The archive of a project that passes every check; raises ``DataError`` otherwise."""
    archive, problems = check_project(root, cache)
    if problems or archive is None:
        raise DataError(problems)
    return archive
