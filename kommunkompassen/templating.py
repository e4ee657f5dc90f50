"""The Jinja environment shared by every generated page."""

from __future__ import annotations

import posixpath
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from types import FunctionType
from typing import Optional

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pydantic import BaseModel

from . import formatting
from .recorded import STATUS_LABELS


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one directory-style page URL to another ('' is the site root)."""
    to_path, _, fragment = to_url.partition("#")
    base = posixpath.dirname(from_url.rstrip("/")) if not from_url.endswith("/") else from_url.rstrip("/")
    rel = _relpath(to_path or ".", base or ".")
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def _parts(path: str) -> list[str]:
    return [part for part in posixpath.normpath(path).split("/") if part and part != "."]


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths, without its ``os.getcwd()`` per call."""
    to, base = _parts(path), _parts(start)
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def heading_attributes(anchor: str | None = None, search: bool = True) -> Markup:
    """attr_list for a Markdown heading: ``{#anchor}``, plus ``data-search-exclude`` to keep
    the section (up to the next heading) out of the search index."""
    parts = ([f"#{anchor}"] if anchor else []) + ([] if search else ["data-search-exclude"])
    return Markup(f" {{{' '.join(parts)}}}") if parts else Markup("")


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
    env.globals["attr"] = heading_attributes
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["COMPLETENESS"] = formatting.COMPLETENESS
    env.globals["month_year"] = formatting.month_year
    return env


def render(template: str, **context) -> str:
    cache = _render_cache
    if cache is not None:
        try:
            key = (template, _fingerprint(context))
        except _Uncacheable:
            key = None
        if key is not None:
            page = cache.get(key)
            if page is None:
                page = environment().get_template(template).render(**context)
                cache.put(key, page)
            return page
    return environment().get_template(template).render(**context)


# --- keeping rendered pages between the rebuilds of `mkdocs serve` ----------------------------


class RenderCache:
    """Pages rendered by the previous build, by template and context (``mkdocs serve`` only).

    Rendering is a pure function of the templates and the context, so a page whose context
    equals last build's is not rendered again. Contexts are compared by value, except the
    objects loaded from data files (an evaluation and its text, frameworks, municipalities):
    ``LoadCache`` reuses those while their files are unchanged, so they are compared by
    identity. A context holding anything else is rendered every time. A changed template
    file invalidates everything.
    """

    def __init__(self) -> None:
        self.previous: dict = {}
        self.current: dict = {}
        self.stamp: object = None
        self.hits = 0

    def start(self) -> None:
        """Begin a build: pages of the last build are kept for this one, older ones dropped."""
        stamp = _templates_stamp()
        self.previous = self.current if stamp == self.stamp else {}
        self.current, self.stamp, self.hits = {}, stamp, 0

    def get(self, key) -> Optional[str]:
        page = self.current.get(key)
        if page is None:
            page = self.previous.get(key)
            if page is not None:
                self.current[key] = page
                self.hits += 1
        return page

    def put(self, key, page: str) -> None:
        self.current[key] = page


_render_cache: Optional[RenderCache] = None


def use_render_cache(cache: Optional[RenderCache]) -> None:
    global _render_cache
    _render_cache = cache


def _templates_stamp() -> tuple:
    folder = Path(__file__).parent / "templates"
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.j2")))


class _Uncacheable(Exception):
    pass


class _Same:
    """Equal only to the very same object (for objects that are never changed once loaded)."""

    __slots__ = ("obj",)

    def __init__(self, obj) -> None:
        self.obj = obj

    def __eq__(self, other) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj

    def __hash__(self) -> int:
        return id(self.obj)


def _identity_types() -> tuple[type, ...]:
    from .archive import Evaluation
    from .model import Framework, FrameworkArea, FrameworkQuestion
    from .municipalities import Municipality
    from .reporttext import Chapter, Section

    return (Evaluation, Chapter, Section, Framework, FrameworkArea, FrameworkQuestion, Municipality)


_IDENTITY: tuple[type, ...] = ()


def _fingerprint(value):
    """A hashable value equal for two contexts exactly when they render the same."""
    global _IDENTITY
    if value is None or isinstance(value, str) and type(value) is str:
        return value
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, (bool, int, float)):
        return (type(value), value)
    if isinstance(value, dict):
        return ("dict", tuple((_fingerprint(k), _fingerprint(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_fingerprint(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(_fingerprint(v) for v in value))
    if not _IDENTITY:
        _IDENTITY = _identity_types()
    if isinstance(value, _IDENTITY):
        return _Same(value)
    if isinstance(value, Notes):
        if value.items:
            raise _Uncacheable()
        return ("notes",)
    if isinstance(value, BaseModel):
        return (type(value), tuple(_fingerprint(v) for v in value.__dict__.values()))
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value), tuple(_fingerprint(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, FunctionType):
        try:
            cells = tuple(_fingerprint(c.cell_contents) for c in value.__closure__ or ())
        except ValueError:  # an empty cell
            raise _Uncacheable() from None
        return ("function", value.__code__, cells)
    raise _Uncacheable()
