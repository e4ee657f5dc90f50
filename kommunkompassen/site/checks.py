"""Every check the build relies on, in one place: ``./dev check`` and the build run the same.

A project that passes ``check_project`` builds; one that does not gets every problem at once,
each with file, field and (where it can be known) line, and no site.
"""

from __future__ import annotations

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
    problems.extend(placeholders(root))
    published = routes.project_path(root, routes.PUBLISHED_RESULTS)
    if published.exists() and not published.is_symlink():  # a link is reported by load_archive
        problems.extend(read_published(published)[1])
    start = routes.project_path(root, routes.START_PAGE)
    if start.exists():
        try:
            problems.extend(unknown_markers(read_text(start), str(routes.START_PAGE)))
        except ValueError as exc:
            problems.append(Problem(str(routes.START_PAGE), "", str(exc)))
    return (archive if not problems else None), sorted(set(problems))


def checked_archive(root: Path, cache: Optional[LoadCache] = None) -> Archive:
    """The archive of a project that passes every check; raises ``DataError`` otherwise."""
    archive, problems = check_project(root, cache)
    if problems or archive is None:
        raise DataError(problems)
    return archive
