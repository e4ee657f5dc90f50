"""Reading a report's Markdown text into chapters, sections and blocks.

The convention (``data/README.md``): free ``##`` chapters before the areas, then
``## Område N: <namn>`` per area with ``###`` sections, among them ``Styrkor`` and
``Förbättringsområden`` as bullet lists. Only paragraphs, bullet lists and headings
are read; anything else is kept as plain text, so report text can never carry markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional

AREA_HEADING = re.compile(r"^Område\s+(\d+)\s*:\s*(.+?)\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^[-*+]\s+(.*)$")
STRENGTHS = "Styrkor"
IMPROVEMENTS = ("Förbättringsområden", "Förbättringsmöjligheter")
# What the pair writers (the scaffold, the report import, the "Lägg till texten" link) write
# where the report's words are still to come; ``./dev check`` refuses it until filled in.
NOT_FILLED = "Ej ifyllt ännu."


def area_heading(number: int, name: Optional[str]) -> str:
    """An area's chapter heading: "Område 1: Offentlighet och demokrati"."""
    return f"Område {number}: {name or NOT_FILLED.rstrip('.')}"


def required_headings(framework) -> str:
    """A text with every heading the convention requires for ``framework``: each area's
    chapter with its ``Styrkor`` and ``Förbättringsområden``, one placeholder bullet in each."""
    parts: list[str] = []
    for area in framework.areas:
        parts += [f"## {area_heading(area.number, area.name)}", f"### {STRENGTHS}", f"- {NOT_FILLED}",
                  f"### {IMPROVEMENTS[0]}", f"- {NOT_FILLED}"]
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class Block:
    """A paragraph (``p``), a bullet list (``ul``) or a sub-heading (``h4``)."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass
class Section:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def bullets(self) -> list[str]:
        return [item for b in self.blocks if b.kind == "ul" for item in b.items]


@dataclass
class Chapter:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    area_number: Optional[int] = None
    area_name: Optional[str] = None

    def section(self, *titles: str) -> Optional[Section]:
        return next((s for s in self.sections if s.title in titles), None)

    @property
    def strengths(self) -> list[str]:
        s = self.section(STRENGTHS)
        return s.bullets if s else []

    @property
    def improvements(self) -> list[str]:
        s = self.section(*IMPROVEMENTS)
        return s.bullets if s else []

    @property
    def improvements_title(self) -> str:
        s = self.section(*IMPROVEMENTS)
        return s.title if s else IMPROVEMENTS[0]


@dataclass
class ReportText:
    chapters: list[Chapter]
    problems: list[tuple[int, str]]

    # Cached: pages ask for them many times; a parsed text is not changed afterwards.
    @cached_property
    def preamble(self) -> list[Chapter]:
        return [c for c in self.chapters if c.area_number is None]

    @cached_property
    def areas(self) -> dict[int, Chapter]:
        return {c.area_number: c for c in self.chapters if c.area_number is not None}

    @property
    def is_empty(self) -> bool:
        return not self.chapters


def parse_report_text(text: str) -> ReportText:
    chapters: list[Chapter] = []
    problems: list[tuple[int, str]] = []
    section: Optional[Section] = None
    paragraph: list[str] = []
    items: list[str] = []

    def target_blocks() -> Optional[list[Block]]:
        if section is not None:
            return section.blocks
        if chapters:
            return chapters[-1].blocks
        return None

    def flush(lineno: int) -> None:
        nonlocal paragraph, items
        blocks = target_blocks()
        if paragraph:
            if blocks is None:
                problems.append((lineno, "text före första '##'-rubriken; börja med en '## '-rubrik"))
            else:
                blocks.append(Block("p", text=" ".join(paragraph)))
        if items:
            if blocks is None:
                problems.append((lineno, "punktlista före första '##'-rubriken"))
            else:
                blocks.append(Block("ul", items=tuple(items)))
        paragraph, items = [], []

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        heading = HEADING.match(line) if line.startswith("#") else None
        if heading:
            flush(lineno)
            level, title = len(heading.group(1)), heading.group(2).strip()
            if level == 1:
                problems.append((lineno, f"'# {title}': rubriknivå 1 används inte (sidan sätter titeln); använd '##'"))
                continue
            if level == 2:
                chapter = Chapter(title=title, line=lineno)
                match = AREA_HEADING.match(title)
                if match:
                    chapter.area_number = int(match.group(1))
                    chapter.area_name = match.group(2)
                elif title.startswith("Område"):
                    problems.append((lineno, f"'## {title}': en områdesrubrik skrivs '## Område N: <namn>'"))
                chapters.append(chapter)
                section = None
                continue
            if level == 3:
                if not chapters:
                    problems.append((lineno, f"'### {title}' står före första '##'-rubriken"))
                    continue
                section = Section(title=title, line=lineno)
                chapters[-1].sections.append(section)
                continue
            blocks = target_blocks()
            if blocks is None:
                problems.append((lineno, f"'{line}' står före första '##'-rubriken"))
            else:
                blocks.append(Block("h4", text=title))
            continue
        if not stripped:
            flush(lineno)
            continue
        bullet = BULLET.match(stripped) if stripped[0] in "-*+" else None
        if bullet:
            if paragraph:
                flush(lineno)
            items.append(bullet.group(1).strip())
            continue
        if items:
            # Markdown's lazy continuation: a list item runs until a blank line.
            items[-1] = f"{items[-1]} {stripped}"
            continue
        paragraph.append(stripped)
    flush(len(text.splitlines()) + 1)
    return ReportText(chapters=chapters, problems=problems)


def read_report_text(path: Path) -> ReportText:
    return parse_report_text(path.read_text(encoding="utf-8"))
