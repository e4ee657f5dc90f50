"""Finishing touches on a rendered page's HTML that every generated page gets alike.

- Every site table (``<table class="kk-table…">``) sits in a scroll region of its own, so a
  wide table scrolls inside the content column instead of running under the table of contents
  or off a phone's screen; the region is named after the table's caption, and where it
  scrolls, the site's script makes it a Tab stop so the keyboard can scroll it
  (https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable).
- A table marked ``kk-stack`` gets each body cell's column heading as ``data-label``: on a
  phone such a table shows each row as a card, every value beside its heading
  (docs/stylesheets/kommunkompassen.css), instead of hiding columns off the screen. A table
  whose columns are the same on every page (``LABELLED_BY_STYLESHEET``) is labelled by the
  stylesheet's rules for its class instead, once for the site rather than once per cell.
- A space after each term and description (``</dt> <dd>``) and each table cell: the search
  index takes a page's text without its tags, and "Kommun" + "Åmål" read "KommunÅmål" in the
  results.
- A table of contents at the top of the page for widths where the theme shows none beside it
  (generated pages are not in the navigation, whose drawer would hold it).
- What the search index reads (Pagefind, ``site/search_index.py``): a heading marked
  ``data-pagefind-ignore`` keeps its whole section out, up to the next heading, so every element
  of the section gets the mark (Pagefind itself ignores only the marked element); and a page
  whose title weighs more in search gets ``data-pagefind-weight`` on its ``<h1>``.
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Optional

_TABLE = re.compile(r"<table class=\"kk-table[^\"]*\"[^>]*>.*?</table>", re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_TAG = re.compile(r"<[^>]+>")


_ADJACENT = re.compile(r"</(dt|dd|th|td)>(?=<)")


def spaced_cells(content: str) -> str:
    return _ADJACENT.sub(r"</\1> ", content)


_HEAD_ROW = re.compile(r"<thead>\s*<tr[^>]*>(.*?)</tr>", re.S)
_HEAD_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"<(tbody|tfoot)>.*?</\1>", re.S)
_PAREN = re.compile(r"\s*\([^()]*\)$")
_ROW_OR_CELL = re.compile(r"<tr[\s>]|<(?:td|th)(?=[\s>])")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def labelled_cells(table: str) -> str:
    """``table`` with ``data-label="<column heading>"`` on every cell of its body and foot but
    the first (a card's title, shown without a label)."""
    head = _HEAD_ROW.search(table)
    if head is None:
        return table
    # A heading's first line, without a closing remark in brackets, names the column:
    # "Åmål 2019<br>Kommunkompassen 2016" is "Åmål 2019", "Skillnad (B − A)" is "Skillnad".
    labels = [html.escape(_PAREN.sub("", _text(re.split(r"<br\s*/?>", cell, maxsplit=1)[0])), quote=True)
              for cell in _HEAD_CELL.findall(head.group(1))]

    def body(match: re.Match) -> str:
        column = 0

        def label(tag: re.Match) -> str:
            nonlocal column
            if tag.group(0).startswith("<tr"):
                column = 0
                return tag.group(0)
            column += 1
            if column == 1 or column > len(labels) or not labels[column - 1]:  # the first is the card's title
                return tag.group(0)
            return f'{tag.group(0)} data-label="{labels[column - 1]}"'

        return _ROW_OR_CELL.sub(label, match.group(0))

    return _BODY.sub(body, table)


# Stacked tables with fixed columns: the stylesheet names each column for the phone's cards.
LABELLED_BY_STYLESHEET = ("kk-subscores",)  # an evaluation's sub-questions: Poäng, Max, Procent


def wrap_tables(content: str) -> str:
    def wrap(match: re.Match) -> str:
        table = match.group(0)
        classes = re.match(r'<table class="([^"]*)"', table).group(1).split()
        if "kk-stack" in classes and not any(c in classes for c in LABELLED_BY_STYLESHEET):
            table = labelled_cells(table)
        caption = _CAPTION.search(table)
        name = " ".join(html.unescape(_TAG.sub(" ", caption.group(1))).split()) if caption else ""
        label = html.escape(f"Tabell: {name}" if name else "Tabell", quote=True)
        return f'<div class="kk-table-wrap" role="region" aria-label="{label}">{table}</div>'

    return _TABLE.sub(wrap, content)


def inline_toc(content: str, entries: Iterable[tuple[str, str]]) -> str:
    """``content`` with a list of its sections (``(anchor, title HTML)``, titles as MkDocs
    rendered them) after the page's heading, when there are at least three and the page has no
    list of its own."""
    entries = [(anchor, title) for anchor, title in entries if anchor]
    if len(entries) < 3 or 'class="kk-report-areas"' in content:  # the report page lists its areas itself
        return content
    items = "".join(f'<li><a href="#{html.escape(anchor, quote=True)}">{title}</a></li>' for anchor, title in entries)
    # Closed by default: on a phone the page's first lines (its lead) stay above the fold.
    nav = (f'<nav class="kk-inline-toc" aria-label="Innehåll på sidan" {UNSEARCHED}><details>'
           f'<summary>Innehåll på sidan ({len(entries)} avsnitt)</summary><ul>{items}</ul></details></nav>')
    lead = re.search(r'<p class="kk-lead">.*?</p>', content, re.S)
    if lead:
        end = lead.end()
    else:
        end = content.find("</h1>")
        if end < 0:
            return nav + content
        end += len("</h1>")
    return content[:end] + nav + content[end:]


# The mark that keeps an element out of the search index (Pagefind's attribute); on a heading
# it keeps the heading's whole section out (``search_marks``).
UNSEARCHED = "data-pagefind-ignore"
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_HEADINGS = frozenset(f"h{i}" for i in range(1, 7))


# A start or end tag, or a comment, in generated content (attribute values quoted or bare).
_TAG = re.compile(r"""<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(/?)>""",
                  re.S)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def _top_level(content: str) -> list[tuple[int, int, str, dict[str, Optional[str]]]]:
    """The start tags at the top level of a page's content: (start, end, tag, attributes).

    One regular-expression pass: parsing every page's HTML with ``html.parser`` for this alone
    cost 5 ms a page, a fifth of MkDocs' own time (checked equal on every page of the real site
    and of a 300-evaluation archive when it was replaced)."""
    tags = []
    depth = 0
    for m in _TAG.finditer(content):
        closing, name, attributes, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if name is None:  # a comment
            continue
        tag = name.lower()
        if closing:
            if tag not in _VOID:
                depth = max(depth - 1, 0)
            continue
        if depth == 0:
            attrs = {a.lower(): (v1 if v1 is not None else v2 if v2 is not None else v3)
                     for a, v1, v2, v3 in _ATTR.findall(attributes or "")}
            tags.append((m.start(), m.end(), tag, attrs))
        if tag not in _VOID and not selfclosing:
            depth += 1
    return tags


def search_marks(content: str, title_weight: Optional[float] = None) -> str:
    """``content`` as the search index should read it: every top-level element of a section
    whose heading carries ``UNSEARCHED`` marked too (a section runs to the next heading, as in
    the templates' ``attr(..., search=False)``), and the page's opening, its ``<h1>`` and the
    lead paragraph right after it, weighted ``title_weight`` (Pagefind's scale: 0 to 10; a
    ``<h1>`` weighs 7 and text 1 by default). The title alone is not enough: Pagefind ranks a
    short page above a long one for the same words, and a municipality's page is long."""
    if UNSEARCHED not in content and title_weight is None:
        return content
    # (offset of the start tag's closing ">", attribute text): last, so that what reads the tag's
    # first attributes (``<table class="kk-table``, ``wrap_tables``) still finds them.
    inserts: list[tuple[int, str]] = []
    ignoring = False
    previous = None
    weight = f' data-pagefind-weight="{title_weight:g}"' if title_weight is not None else ""
    for start, end, tag, attrs in _top_level(content):
        at = end - 2 if content[end - 2:end] == "/>" else end - 1
        opening = tag == "h1" or (previous == "h1" and tag == "p" and "kk-lead" in (attrs.get("class") or "").split())
        if weight and opening and "data-pagefind-weight" not in attrs:
            inserts.append((at, weight))
        if tag in _HEADINGS:
            ignoring = UNSEARCHED in attrs
        elif ignoring and UNSEARCHED not in attrs:
            inserts.append((at, f" {UNSEARCHED}"))
        previous = tag
    out, last = [], 0
    for at, text in inserts:
        out.append(content[last:at])
        out.append(text)
        last = at
    out.append(content[last:])
    return "".join(out)
