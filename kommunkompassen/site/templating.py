"""The Jinja environment shared by every generated page."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from kommunkompassen.domain.ranking import MIN_POOL
from kommunkompassen.domain.recorded import MISSING, QUALIFIERS, STATUS_LABELS
from kommunkompassen.site import formatting, wording
from kommunkompassen.site.incremental import before_render


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
    """attr_list for a Markdown heading: ``{#anchor}``, plus ``data-pagefind-ignore`` to keep
    the section (up to the next heading, ``htmlpost.search_marks``) out of the search index."""
    parts = ([f"#{anchor}"] if anchor else []) + ([] if search else ["data-pagefind-ignore"])
    return Markup(f" {{{' '.join(parts)}}}") if parts else Markup("")


def report_blocks(items, search: bool = True) -> Markup:
    """A report's text blocks as page Markdown: ``<p>`` and ``<ul>`` with every text escaped,
    ``####`` sub-headings as Markdown-safe text (``search=False`` keeps them out of the index).

    In Python rather than a Jinja macro: a report has hundreds of blocks per page, and a
    macro's loop over them was a fifth of an evaluation page's rendering time.
    """
    out = []
    for b in items:
        if b.kind == "p":
            out.append(f"<p>{escape(b.text)}</p>\n\n")
        elif b.kind == "ul":
            out.append("<ul>\n" + "".join(f"<li>{escape(item)}</li>\n" for item in b.items) + "</ul>\n\n")
        elif b.kind == "h4":
            out.append(f"#### {formatting.md_text(b.text)}{heading_attributes(search=search)}\n\n")
    return Markup("".join(out))


def noteref(notes: "Notes", label: str, rec) -> Markup:
    """A numbered reference to the page's remark on a value, if the value carries a note."""
    if rec is None or not rec.note:
        return Markup("")
    n = notes.add(label, rec.status, rec.note)
    return Markup(f'<sup class="kk-noteref"><a href="#anm-{n}" aria-label="Anmärkning {n}">[{n}]</a></sup>')


_DERIVED = Markup(' <span class="kk-derived">({})</span>').format(QUALIFIERS["derived"])
_UNCERTAIN = Markup(' <span class="kk-uncertain">({})</span>').format(QUALIFIERS["uncertain"])
_MISSING = Markup('<span class="kk-missing">{}</span>').format(MISSING)


def recorded_value(notes: "Notes", label: str, rec, unit: str = "") -> Markup:
    """A value as a reader sees it: the number, "uppgift saknas" when unknown, "(härlett)" or
    "(osäkert)" after a derived or uncertain one, and a reference to its remark.

    In Python rather than a Jinja macro for the same reason as ``report_blocks``: an evaluation
    page shows some 150 values, and the macro calls were half of its rendering time.
    """
    if rec is None or rec.value is None:
        return _MISSING + noteref(notes, label, rec)
    out = escape(formatting.number(rec.value)) + escape(unit)
    if rec.status == "derived":
        out += _DERIVED
    elif rec.status == "uncertain":
        out += _UNCERTAIN
    return out + noteref(notes, label, rec)


def evidence(ev, *keys: str, base: str = "") -> Markup:
    """Beside a value: links to the sources whose words state it, '(källa 2)', or '(nämns i källa 3)'
    for a page that only lists the report's title. ``base``: the link to the evaluation page when
    the value is shown on another page ('' on the evaluation page itself)."""
    numbers = sorted({n for key in keys for n in ev.evidence(key)})
    if not numbers:
        return Markup("")
    links = []
    for n in numbers:
        source = ev.data.sources[n - 1]
        words = f"nämns i källa {n}" if source.kind == "mention" else f"källa {n}"
        if source.kind == "secondary":
            words += ", andrahandskälla"
        links.append(f'<a href="{escape(base)}#kalla-{n}" title="{escape(source.title)}">{words}</a>')
    return Markup(f' <span class="kk-ev">({", ".join(links)})</span>')


def conflict_refs(notes: "Notes", ev, key: str, label: str) -> Markup:
    """A mark on a value that sources contradict, with the remark saying how."""
    out = ""
    for c in ev.conflicts(key):
        n = notes.add(label, "conflict", c.note)
        out += (f' <span class="kk-conflict">(källorna säger emot varandra)</span><sup class="kk-noteref">'
                f'<a href="#anm-{n}" aria-label="Anmärkning {n}">[{n}]</a></sup>')
    return Markup(out)


def bar_style(share) -> Markup:
    """The attribute that draws a bar of a share of the maximum on a percent cell
    (``--andel``; the stylesheet draws it after the number, decorative: the number is beside it)."""
    if share is None:
        return Markup("")
    return Markup(f' style="--andel:{"%.0f" % share}%"')


class Notes:
    """Numbered remarks on a page: every derived, uncertain or missing value explains itself.

    Values that share a remark (the same status and text, e.g. every area of the site's
    average) share its number; the remark names them all once.
    """

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}
        self._labels: list[list[str]] = []
        self._remarks: list[tuple[str, str]] = []

    def add(self, label: str, status: str, text: str) -> int:
        key = (status, text)
        n = self._numbers.get(key)
        if n is None:
            self._remarks.append(key)
            self._labels.append([])
            n = self._numbers[key] = len(self._remarks)
        if label not in self._labels[n - 1]:
            self._labels[n - 1].append(label)
        return n

    @property
    def items(self) -> list[tuple[str, str, str]]:
        """(labels, status, text) per remark, in the order of their numbers."""
        return [(join_labels(labels), status, text) for labels, (status, text) in zip(self._labels, self._remarks)]


_AREA = re.compile(r"område (\d+)")


def join_labels(labels: list[str]) -> str:
    """'X, område 1' … 'X, område 8', 'X, totalt' -> 'X, område 1–8 och totalt'."""
    groups: dict[str, list[str]] = {}
    for label in labels:
        prefix, sep, suffix = label.rpartition(", ")
        groups.setdefault(prefix if sep else label, []).append(suffix if sep else "")
    parts = []
    for prefix, suffixes in groups.items():
        named = [s for s in suffixes if s]
        areas = [int(m.group(1)) for m in map(_AREA.fullmatch, named) if m]
        others = [s for s in named if not _AREA.fullmatch(s)]
        if len(areas) > 2 and areas == list(range(areas[0], areas[0] + len(areas))):
            words = [f"område {areas[0]}–{areas[-1]}"] + others
        else:
            words = named
        if not words:
            parts.append(prefix)
        else:
            listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]
            parts.append(f"{prefix}, {listed}")
    return "; ".join(parts)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kommunkompassen.site", "templates"),
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
    env.globals["report_blocks"] = report_blocks
    env.globals["rv"] = recorded_value
    env.globals["noteref"] = noteref
    env.globals["bar_style"] = bar_style
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["min_pool"] = MIN_POOL
    env.globals["counted"] = wording.counted
    env.globals["missing"] = _MISSING  # "uppgift saknas", as every page shows it
    env.globals["version_name"] = wording.version_name
    env.globals["RELATION_LABELS"] = wording.RELATION_LABELS
    env.globals["NOTE_LABELS"] = {**STATUS_LABELS, "conflict": "motstridiga källor"}
    env.globals["evidence"] = evidence
    env.globals["conflicts"] = conflict_refs
    env.globals["COMPLETENESS"] = formatting.COMPLETENESS
    env.globals["month_year"] = formatting.month_year
    return env


def render(template: str, **context) -> str:
    before_render(template, context)  # in `mkdocs serve`: stops here when the page is unchanged (incremental.py)
    return environment().get_template(template).render(**context)
