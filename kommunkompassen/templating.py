"""The Jinja environment shared by every generated page."""

from __future__ import annotations

import posixpath
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import formatting
from .recorded import STATUS_LABELS


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one directory-style page URL to another ('' is the site root)."""
    to_path, _, fragment = to_url.partition("#")
    base = posixpath.dirname(from_url.rstrip("/")) if not from_url.endswith("/") else from_url.rstrip("/")
    rel = posixpath.relpath(to_path or ".", base or ".")
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


class Notes:
    """Numbered remarks on a page: every derived, uncertain or missing value explains itself."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, label: str, status: str, text: str) -> int:
        entry = (label, status, text)
        if entry in self.items:
            return self.items.index(entry) + 1
        self.items.append(entry)
        return len(self.items)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kommunkompassen", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = formatting.number
    env.filters["md"] = lambda s: Markup(formatting.md_text(s))
    env.filters["ordinal"] = formatting.ordinal
    env.globals["attr"] = lambda anchor: Markup(f" {{#{anchor}}}")
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["COMPLETENESS"] = formatting.COMPLETENESS
    env.globals["month_year"] = formatting.month_year
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
