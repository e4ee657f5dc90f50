"""Reading built HTML pages without a browser: elements, attributes, ids, links and visible text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "cite", "background", "xlink:href"}
# Text inside these is not shown to a reader.
_HIDDEN = {"script", "style", "template", "noscript"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int


@dataclass
class Document:
    elements: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible text with runs of whitespace as one space, like a reader sees it."""
        return re.sub(r"\s+", " ", "".join(self.text_parts))

    @property
    def ids(self) -> set[str]:
        found = {e.attrs["id"] for e in self.elements if e.attrs.get("id")}
        return found | {e.attrs["name"] for e in self.elements if e.tag == "a" and e.attrs.get("name")}

    def links(self) -> list[tuple[str, str, int]]:
        """(attribute, URL, line) for every URL-valued attribute, plus each ``srcset`` candidate."""
        out = []
        for e in self.elements:
            for name, value in e.attrs.items():
                if name in URL_ATTRIBUTES:
                    out.append((name, value, e.line))
                elif name == "srcset":
                    out += [("srcset", part.strip().split()[0], e.line) for part in value.split(",") if part.strip()]
        return out

    def count(self, tag: str) -> int:
        return sum(1 for e in self.elements if e.tag == tag)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = Document()
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.doc.elements.append(Element(tag, {k: (v or "") for k, v in attrs}, self.getpos()[0]))
        if tag in _HIDDEN:
            self.hidden += 1

    def handle_startendtag(self, tag, attrs):
        self.doc.elements.append(Element(tag, {k: (v or "") for k, v in attrs}, self.getpos()[0]))

    def handle_endtag(self, tag):
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.doc.text_parts.append(data)


def parse(html: str) -> Document:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.doc


def scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it (it ignores whitespace and control characters)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""
