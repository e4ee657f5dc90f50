"""Rebuilds in ``mkdocs serve``: a page is rendered again only when what it shows changed.

Every page is a view function that computes what the page shows (from the archive and the
site index) and hands it to one template (``templating.render``). In ``mkdocs serve``,
``render`` first takes a fingerprint of that context: values by value, and the objects
loaded from data files (evaluations, municipalities, versions) by identity, because the
loader reuses an object only while its files are unchanged (``LoadCache``). When the
fingerprint equals the previous build's and the page's file is still there, the template is
not rendered and the file is not written: its modification time stays, so
``mkdocs serve --dirty`` does not render it either.

A page made by a ``Keyed`` job is decided earlier, before any of its page work: the job
gathers first what the page reads beyond its own evaluation (the role models and
comparisons the site index chose for it, the addresses of other pages), and its page
function renders from those inputs alone. Their fingerprint stands for the page's. At a
thousand evaluations an edit changes about a hundred of four thousand pages; the rest cost
only their inputs (improvement plans, evaluation pages, report pages, comparisons).

A context holding anything this module cannot fingerprint (the whole site index, say) is
simply rendered every time. ``mkdocs build`` and ``write_tree`` never use this.

The templates may read of a finding's ``models`` only ``len``, truthiness and the first
``rolemodels.SHOWN`` (``Finding.shown``): that is all the fingerprint holds of them.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import hashlib
import sys
import types
from pathlib import Path
from typing import Callable, Optional

from pydantic import BaseModel

from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.crosswalk import Counterpart, Crosswalks
from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities, Municipality
from kommunkompassen.domain.ranking import Rankings
from kommunkompassen.domain.reporttext import Block, Chapter, ReportText, Section
from kommunkompassen.domain.rolemodels import SHOWN, OrderedModels, RoleModel, RoleModels, Share

# Loaded objects, compared by identity: one object per unchanged file (the report's text too:
# only loading makes its parts; a crosswalk's pairs too: only its file makes them).
IDENTITY = (Evaluation, Municipality, Municipalities, Framework, Crosswalks, Counterpart, ReportText, Chapter, Section,
            Block)
# The whole archive or index: a page that holds it may read anything, so it is always rendered.
WHOLE = (Archive, Rankings, RoleModels)


@dataclasses.dataclass(frozen=True)
class Keyed:
    """A page job in two steps: ``inputs()`` gathers everything the page reads, and
    ``page(inputs)``, a function of the module that defines it (no bound values, no closure),
    renders from those inputs alone: it reads no site index and no archive. In ``mkdocs
    serve`` equal inputs therefore make an equal page, and ``run_page`` compares their
    fingerprint before rendering anything."""

    inputs: Callable[[], object]
    page: Callable[[object], str]

    def __post_init__(self) -> None:
        if not isinstance(self.page, types.FunctionType) or self.page.__closure__ or "<" in self.page.__qualname__:
            raise TypeError(f"a keyed page must be a plain module function, not {self.page!r}")

    def __call__(self) -> str:
        return self.page(self.inputs())

    @classmethod
    def of(cls, value: object, page: Callable[[object], str]) -> "Keyed":
        """A page of one value (an evaluation whose report the page shows, say)."""
        return cls(functools.partial(_given, value), page)


def _given(value: object) -> object:
    return value


class Unchanged(Exception):
    """Raised by ``render`` when the page it would render is already written, unchanged."""


class Opaque(Exception):
    """A context value without a fingerprint: the page is rendered."""


_PLAIN = (type(None), bool, int, float, str, bytes)
# Exactly these types (not subclasses such as Markup) are their own fingerprint, taken inline.
_PLAIN_TYPES = frozenset(_PLAIN)


class Fingerprints:
    """Fingerprints of frozen pydantic models (the data files' values), kept between builds by
    the model's identity: an unchanged evaluation's values are walked once, not on every
    page. Each entry holds its model, so no other object can take its id while it is here."""

    def __init__(self) -> None:
        self.models: dict[int, tuple[object, object]] = {}

    def prune(self) -> None:
        """Forget models nothing else holds any more (a page's own values, replaced files)."""
        self.models = {k: v for k, v in self.models.items() if sys.getrefcount(v[0]) > _ONLY_HERE}


_ONLY_HERE = 2  # references to a model held only here: its entry and getrefcount's argument


def fingerprint(value, known: Optional[Fingerprints] = None) -> object:
    """A value made of plain values and identities that is equal for equal contexts."""
    kind = type(value)
    handler = _HANDLERS.get(kind)
    if handler is None:
        handler = _HANDLERS[kind] = _handler(kind)
    return handler(value, known)


def _handler(kind: type):
    if issubclass(kind, _PLAIN):
        return lambda v, k: v  # repr() tells str from Markup and 1 from 1.0 and True
    if issubclass(kind, IDENTITY):
        return lambda v, k: ("id", id(v))
    if issubclass(kind, WHOLE) or kind.__name__ == "SiteIndex":
        return _opaque
    if issubclass(kind, (list, tuple)):
        name = kind.__name__
        return lambda v, k: (name, tuple([x if type(x) in _PLAIN_TYPES else fingerprint(x, k) for x in v]))
    if issubclass(kind, (dict, types.MappingProxyType)):
        return lambda v, k: ("dict", tuple([(a if type(a) in _PLAIN_TYPES else fingerprint(a, k),
                                             b if type(b) in _PLAIN_TYPES else fingerprint(b, k)) for a, b in v.items()]))
    if issubclass(kind, (set, frozenset)):
        return lambda v, k: ("set", tuple([fingerprint(x, k) for x in v]))
    if issubclass(kind, RoleModel):  # thousands on the plans: flat, without the walk of a dataclass
        if ({f.name for f in dataclasses.fields(kind)} != _ROLE_MODEL_FIELDS
                or {f.name for f in dataclasses.fields(Share)} != {"value", "printed"}):
            raise TypeError("RoleModel's or Share's fields changed: update _role_model")
        return _role_model
    if issubclass(kind, OrderedModels):
        return lambda v, k: ("models", len(v), fingerprint(list(v[:SHOWN]), k))
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))

        def fields(v, k):
            values = [getattr(v, n) for n in names]
            return (kind, tuple([x if type(x) in _PLAIN_TYPES else fingerprint(x, k) for x in values]))
        return fields
    if issubclass(kind, BaseModel):
        return _frozen_model if kind.model_config.get("frozen") else _model
    if issubclass(kind, types.FunctionType):
        return lambda v, k: ("fn", id(v.__code__), fingerprint(v.__defaults__, k), fingerprint(v.__kwdefaults__, k),
                             tuple([fingerprint(c.cell_contents, k) for c in v.__closure__ or ()]))
    if issubclass(kind, functools.partial):
        return lambda v, k: ("partial", fingerprint(v.func, k), fingerprint(v.args, k), fingerprint(v.keywords, k))
    if issubclass(kind, types.MethodType):
        return lambda v, k: ("method", fingerprint(v.__self__, k), fingerprint(v.__func__, k))
    if issubclass(kind, types.BuiltinFunctionType):  # also a bound method of a dict: its dict counts
        return lambda v, k: ("builtin", v.__qualname__, None if v.__self__ is None or isinstance(v.__self__, types.ModuleType)
                             else fingerprint(v.__self__, k))
    if issubclass(kind, type):
        return lambda v, k: ("type", v.__module__, v.__qualname__)
    if kind.__name__ == "Notes":  # a page's empty list of remarks, filled while it renders
        return lambda v, k: ("notes", fingerprint(vars(v), k))
    return _opaque


_ROLE_MODEL_FIELDS = frozenset(("evaluation", "level", "framework_id", "key", "share", "points", "max", "similarity",
                                "counterpart", "named"))


def _role_model(v, known):
    share = v.share
    return ("rm", id(v.evaluation), v.level, v.framework_id, v.key, share.value, share.printed, v.points,
            v.max, v.similarity, None if v.counterpart is None else id(v.counterpart),
            None if v.named is None else fingerprint(v.named, known))


def _opaque(value, known):
    raise Opaque(type(value).__qualname__)


def _model(value, known):
    return (type(value), tuple([(n, v if type(v) in _PLAIN_TYPES else fingerprint(v, known))
                                for n, v in value.__dict__.items()]))


def _frozen_model(value, known):
    if known is None:
        return _model(value, known)
    key = id(value)
    hit = known.models.get(key)
    if hit is None or hit[0] is not value:
        hit = known.models[key] = (value, _model(value, known))
    return hit[1]


_HANDLERS: dict[type, object] = {}


def _digest(template: str, stamp: str, context: dict, known: Optional[Fingerprints] = None) -> Optional[bytes]:
    try:
        fp = fingerprint(context, known)
    except Opaque:
        return None
    return hashlib.blake2b(repr((template, stamp, fp)).encode("utf-8"), digest_size=20).digest()


def templates_stamp(folder: Path = Path(__file__).resolve().parent / "templates") -> str:
    """Names, sizes and modification times of the templates: an edited template renders every page."""
    return repr(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()))


class PageMemo:
    """Each page's fingerprint in the last build (``mkdocs serve`` keeps one)."""

    def __init__(self) -> None:
        self.digests: dict[str, bytes] = {}
        self.alive: object = None  # the previous build's archive: no new object reuses an old one's id
        self.rendered = 0  # pages rendered in the last build
        self.written = 0  # of them, pages whose file changed
        self.stamp = ""
        self.known = Fingerprints()
        self.chart_paths: dict[str, Path] = {}  # every chart's file in the last whole build (``quick.py``)
        self.sources: list[str] = []  # every page's source, in order, in the last build


class _Page:
    """The page being made, while its view function runs."""

    def __init__(self, memo: PageMemo, source: str, target: Path, fresh: dict[str, bytes]):
        self.memo, self.source, self.target, self.fresh = memo, source, target, fresh
        self.checked = False

    def check(self, template: str, context: dict) -> None:
        if self.checked:  # one page template per page; later renders are parts of it
            return
        self.checked = True
        digest = _digest(template, self.memo.stamp, context, self.memo.known)
        if digest is None:
            return
        self.fresh[self.source] = digest
        if self.memo.digests.get(self.source) == digest and self.target.exists():
            raise Unchanged(self.source)


_PAGE: contextvars.ContextVar[Optional[_Page]] = contextvars.ContextVar("kommunkompassen_page", default=None)


def before_render(template: str, context: dict) -> None:
    """Called by ``templating.render``: raises ``Unchanged`` when the page need not be rendered."""
    page = _PAGE.get()
    if page is not None and not template.startswith("_") and template.endswith(".md.j2"):
        page.check(template, context)


def run_page(job: Callable[[], str], memo: Optional[PageMemo], source: str, target: Path,
             fresh: dict[str, bytes]) -> Optional[str]:
    """The page's Markdown, or None when ``memo`` shows its file is already up to date."""
    if memo is None:
        return job()
    if isinstance(job, Keyed):
        inputs = job.inputs()
        digest = _digest(f"{job.page.__module__}.{job.page.__qualname__}", memo.stamp, inputs, memo.known)
        if digest is not None:
            fresh[source] = digest
            if memo.digests.get(source) == digest and target.exists():
                return None
        return job.page(inputs)
    token = _PAGE.set(_Page(memo, source, target, fresh))
    try:
        return job()
    except Unchanged:
        return None
    finally:
        _PAGE.reset(token)
