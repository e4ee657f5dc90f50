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
- A space after each term and description (``</dt> <dd>``): the search index takes a
  page's text without its tags, and "Kommun" + "Åmål" read "KommunÅmål" in the results.
- A table of contents at the top of the page for widths where the theme shows none beside it
  (generated pages are not in the navigation, whose drawer would hold it).
"""

from __future__ import annotations

import html
import re
from typing import Iterable

_TABLE = re.compile(r"<table class=\"kk-table[^\"]*\"[^>]*>.*?</table>", re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_TAG = re.compile(r"<[^>]+>")


_ADJACENT = re.compile(r"</(dt|dd)>(?=<)")


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
    nav = (f'<nav class="kk-inline-toc" aria-label="Innehåll på sidan" data-search-exclude><details>'
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
