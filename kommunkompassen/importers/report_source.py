"""A report's text as the importer sees it: pages of lines, page furniture removed.

A PDF is read with pypdf, page by page. A text file is taken as it is; a transcript that
starts with a list of related documents and a line ``Transkript:`` is read from that line on.
(Words are compared with ``domain.language.fold``.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PAGE_HEADER = re.compile(
    r"^\s*Sveriges\s+Kommuner\s+och\s+(?:Landsting|Regioner)\s+(\d{4}-\d{2}-\d{2})\s+\d+\s*\(\s*\d+\s*\)\s*")
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
TRANSCRIPT_MARK = re.compile(r"^\s*Transkript\s*:\s*$", re.MULTILINE)
# Letters OCR puts where å, ä and ö were; used only to tell that a text is damaged.
_OCR_WORDS = re.compile(r"\b(?:omrade|omraden|forbattring\w*|utvardering\w*|poang|ar|pa|for|fran|mal)\b")
_SWEDISH_WORDS = re.compile(r"\b(?:område|områden|förbättring\w*|utvärdering\w*|poäng|är|på|för|från|mål)\b")


class ReportReadError(Exception):
    """The file cannot be read as a report."""


@dataclass
class ReportSource:
    file: str
    kind: str  # "pdf" or "text"
    pages: list[str]
    report_date: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)

    @property
    def line_based(self) -> bool:
        """True when lines are lines of the page; False for a transcript with one line per page."""
        lines = [line for line in self.text.splitlines() if line.strip()]
        return bool(lines) and sorted(len(line) for line in lines)[len(lines) // 2] < 200

    @property
    def looks_ocr_damaged(self) -> bool:
        folded = self.text.lower()
        damaged = len(_OCR_WORDS.findall(folded))
        intact = len(_SWEDISH_WORDS.findall(folded))
        return damaged > 20 and damaged > intact


def read_report(path: Path) -> ReportSource:
    if not path.exists():
        raise ReportReadError(f"{path}: filen finns inte")
    if path.suffix.lower() == ".pdf":
        pages = _pdf_pages(path)
        kind = "pdf"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ReportReadError(f"{path}: ingen PDF och ingen UTF-8-text; spara texten som UTF-8") from None
        mark = TRANSCRIPT_MARK.search(text)
        if mark:
            text = text[mark.end():]
        pages = text.split("\f")  # a form feed, where the text has one, ends a page
        kind = "text"
    return clean_pages(str(path), kind, pages)


def _pdf_pages(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        raise ReportReadError("pypdf saknas; kör ./dev test eller pip install -r requirements.txt") from None
    try:
        reader = PdfReader(str(path))
        return [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise ReportReadError(f"{path}: PDF:en kan inte läsas ({exc})") from None


def clean_pages(file: str, kind: str, pages: list[str]) -> ReportSource:
    """Drop page headers and lone page numbers; remember the report date the headers give."""
    dates: list[str] = []
    cleaned: list[str] = []
    for page in pages:
        lines = []
        for line in page.replace("\r", "").splitlines():
            header = PAGE_HEADER.match(line)
            if header:
                dates.append(header.group(1))
                line = line[header.end():]
                if not line.strip():
                    continue
            lines.append(line.rstrip())
        cleaned.append("\n".join(_without_page_numbers(lines)).strip("\n"))
    report_date = max(sorted(set(dates)), key=dates.count) if dates else None
    return ReportSource(file=file, kind=kind, pages=[p for p in cleaned if p.strip()], report_date=report_date)


def _without_page_numbers(lines: list[str]) -> list[str]:
    """Drop a lone number that opens or closes the page or stands between blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = {filled[0], filled[-1]} if filled else set()

    def blank(i: int) -> bool:
        return i < 0 or i >= len(lines) or not lines[i].strip()

    return [line for i, line in enumerate(lines)
            if not (PAGE_NUMBER.match(line) and (i in edges or (blank(i - 1) and blank(i + 1))))]
