"""What a page says about itself to search engines and link previews: its description.

A generated page's description is the text of its lead (``<p class="kk-lead">``, written from
its data by the page's template) or else of its first real paragraph, without footnote marks,
cut at a word near 160 characters: true, Swedish, and different from page to page.
"""

from __future__ import annotations

import html
import re

DESCRIPTION_LENGTH = 160
_LEAD = re.compile(r"<p\b[^>]*\bclass=\"[^\"]*\bkk-lead\b[^\"]*\"[^>]*>(.*?)</p>", re.S)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_FOOTNOTE = re.compile(r"<sup\b.*?</sup>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    text = " ".join(html.unescape(_TAG.sub(" ", _FOOTNOTE.sub("", fragment))).split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


def description_from_html(content: str) -> str:
    """Plain text of the lead, or of the first paragraph of at least 40 characters ("" if none)."""
    lead = _LEAD.search(content)
    if lead and _plain(lead.group(1)):
        return shorten(_plain(lead.group(1)))
    for match in _PARAGRAPH.finditer(content):
        text = _plain(match.group(1))
        if len(text) >= 40:
            return shorten(text)
    return ""


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"
