"""A report's text as the importer sees it: pages of lines, page furniture removed.

A PDF is read with pypdf, page by page; a page without a text layer (a scan) is read by
``ocr.py`` when asked to (``--ocr``), and otherwise the whole file is refused with what to do.
Running headers and footers (a line at a page's top or bottom that recurs, numbers aside, on
many pages) are dropped like the SKL/SKR page header and lone page numbers. A text file is
taken as it is; a transcript that starts with a list of related documents and a line
``Transkript:`` is read from that line on.
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


_BULLETED = re.compile(r"^\s*[^\w\s(\[„”\"']\s")  # a list point, never a running header


class ReportReadError(Exception):
    """The file cannot be read as a report."""


@dataclass
class ReportSource:
    file: str
    kind: str  # "pdf" or "text"
    pages: list[str]
    report_date: str | None = None
    furniture: tuple[str, ...] = ()  # running headers and footers that were dropped
    ocr: bool = False  # the text was made by Tesseract from page images

    def page_of(self, offset: int) -> int:
        """The page number (from 1) of an offset in ``text``."""
        position = 0
        for number, page in enumerate(self.pages, 1):
            position += len(page) + 2
            if offset < position:
                return number
        return len(self.pages)

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


NO_TEXT_LAYER = ("PDF:en har inget textlager (en skannad rapport: sidorna är bilder), så inget kan läsas "
                 "ur den; kör om med --ocr, som läser sidorna med Tesseract (svenska)")


def read_report(path: Path, ocr: bool = False, progress=None) -> ReportSource:
    if not path.exists():
        raise ReportReadError(f"{path}: filen finns inte")
    if path.suffix.lower() == ".pdf":
        pages = _pdf_pages(path)
        kind = "pdf"
        if sum(len(p.strip()) for p in pages) < 20 * max(1, len(pages)):
            if not ocr:
                raise ReportReadError(f"{path}: {NO_TEXT_LAYER}")
            from kommunkompassen.importers.ocr import OcrError, ocr_pages

            try:
                pages = ocr_pages(path, progress=progress)
            except OcrError as exc:
                raise ReportReadError(f"{path}: {exc}") from None
            source = clean_pages(str(path), kind, pages)
            source.ocr = True
            return source
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


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines that open or close many pages: running headers and footers."""
    counts: dict[str, int] = {}
    for lines in pages:
        filled = [line for line in lines if line.strip()]
        edges = [line for line in filled[:2] + filled[-2:] if not PAGE_HEADER.match(line) and not _BULLETED.match(line)]
        for shape in {_shape(line) for line in edges}:
            counts[shape] = counts.get(shape, 0) + 1
    least = max(3, int(0.6 * len(pages) + 0.5))
    return {shape for shape, n in counts.items() if n >= least and len(shape) > 3}


def _drop_edges(lines: list[str], running: set[str]) -> list[str]:
    for _ in range(2):
        filled = [i for i, line in enumerate(lines) if line.strip()]
        drop = {i for i in (filled[:1] + filled[-1:]) if _shape(lines[i]) in running}
        if not drop:
            break
        lines = [line for i, line in enumerate(lines) if i not in drop]
    return lines


def clean_pages(file: str, kind: str, pages: list[str]) -> ReportSource:
    """Drop page headers, running headers and footers and lone page numbers; remember the
    report date the headers give."""
    dates: list[str] = []
    cleaned: list[str] = []
    split = [page.replace("\r", "").splitlines() for page in pages]
    running = _running_lines(split) if kind == "pdf" else set()
    for page_lines in split:
        page_lines = _drop_edges(page_lines, running) if running else page_lines
        lines = []
        for line in page_lines:
            header = PAGE_HEADER.match(line)
            if header:
                dates.append(header.group(1))
                line = line[header.end():]
                if not line.strip():
                    continue
            lines.append(line.rstrip())
        cleaned.append("\n".join(_without_page_numbers(lines)).strip("\n"))
    report_date = max(sorted(set(dates)), key=dates.count) if dates else None
    shapes: dict[str, str] = {}  # one example per running line, the first page's
    for lines in split:
        for line in lines:
            if _shape(line) in running:
                shapes.setdefault(_shape(line), " ".join(line.split()))
    return ReportSource(file=file, kind=kind, pages=[p for p in cleaned if p.strip()], report_date=report_date,
                        furniture=tuple(shapes.values()))


def _without_page_numbers(lines: list[str]) -> list[str]:
    """Drop a lone number that opens or closes the page or stands between blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = {filled[0], filled[-1]} if filled else set()

    def blank(i: int) -> bool:
        return i < 0 or i >= len(lines) or not lines[i].strip()

    return [line for i, line in enumerate(lines)
            if not (PAGE_NUMBER.match(line) and (i in edges or (blank(i - 1) and blank(i + 1))))]
