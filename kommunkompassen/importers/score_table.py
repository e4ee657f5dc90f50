"""Reading the report's score tables ("Översikt av poängfördelning") cell by cell.

Per area the report prints a header ``N. <namn> Uppnått Max Procent``, one row per
sub-question (``1.1 <fråga> 7 15 45 %``) and a total row (``55 100 55 %``). Two layouts are
read the same way: a PDF or OCR text keeps each row's numbers near its question, while a
transcript may list several questions before their numbers. Numbers are collected as groups
ending in a percentage; question numbers and groups are paired in order when there are as many
of each, and by position otherwise. A header row repeated after a page break (Word's "repeat
header row") continues its area. OCR's usual misreadings are read tolerantly (``l`` or ``I`` for
``1``, ``O`` for ``0``, ``47%`` read as ``470``); such a group remembers what was printed
(``Cells.original``), and ``score_check`` keeps it only when the report's arithmetic confirms it.
Nothing else here decides what a damaged cell means: a cell is kept as printed (``"S1%"``,
``"?"``) and judged in ``score_check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from kommunkompassen.domain.language import fold_in_place

TABLE_TITLE = re.compile(r"oversikt\s+av\s+poang")
AREA_HEADER = re.compile(
    r"(?<![\d.])([1-8])\s*\.\s*[|\[(]?\s*([^\d]{3,}?)\s*[|(\[]?\s*uppn\S*\s*[|(\[]?\s*max\s*[|(\[]?\s*procent",
    re.S)
_EDGES = "|[](){}"
QID = re.compile(r"^([1-8])\.([1-9]\d?)$")
QID_NO_AREA = re.compile(r"^\.([1-9])$")
NUMBER = re.compile(r"^\d{1,3}$")
PERCENT = re.compile(r"^(\d{1,3})\s?%$")
DAMAGED_PERCENT = re.compile(r"^\S{1,4}%$")


@dataclass(frozen=True)
class Cells:
    """One group of printed numbers: the last three are Uppnått, Max, Procent."""

    tokens: tuple[str, ...]
    original: tuple[str, ...] = ()  # what OCR printed, when a token was read tolerantly

    @property
    def printed(self) -> str:
        return " ".join(self.original or self.tokens)

    @property
    def tolerant(self) -> bool:
        return bool(self.original)

    @property
    def percent(self) -> str:
        return self.tokens[-1]

    @property
    def maximum(self) -> Optional[str]:
        return self.tokens[-2] if len(self.tokens) >= 2 else None

    @property
    def score(self) -> Optional[str]:
        return self.tokens[-3] if len(self.tokens) >= 3 else None

    @property
    def stray(self) -> tuple[str, ...]:
        return self.tokens[:-3]


@dataclass
class TableRow:
    qid: str
    cells: Optional[Cells] = None
    notes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the question's text, as printed

    @property
    def question(self) -> str:
        # a word the table's narrow column hyphenated is joined; "kompetens- och" stays
        joined = " ".join(self.words)
        return re.sub(r"(\w)- (?!(?:och|eller|samt)\b)([a-zåäö])", r"\1\2", joined).strip()


@dataclass
class TableArea:
    number: int
    name: str
    rows: list[TableRow] = field(default_factory=list)
    total: Optional[Cells] = None
    notes: list[str] = field(default_factory=list)

    def row(self, qid: str) -> Optional[TableRow]:
        return next((r for r in self.rows if r.qid == qid), None)


def find_table(text: str) -> Optional[int]:
    """Offset of the score tables' title (the last one followed by a table header); without a
    title (a scan of some pages), the first table header."""
    folded = fold_in_place(text)
    starts = [m.start() for m in TABLE_TITLE.finditer(folded) if "uppn" in folded[m.end():m.end() + 800]]
    if not starts:
        header = AREA_HEADER.search(folded)
        return header.start() if header else None
    return starts[-1]


def read_tables(text: str) -> dict[int, TableArea]:
    start = find_table(text)
    if start is None:
        return {}
    region = text[start:]
    folded = fold_in_place(region)
    end = folded.find("kortfakta")
    if end > 0:
        region, folded = region[:end], folded[:end]
    headers = [m for m in AREA_HEADER.finditer(folded)]
    bodies: dict[int, tuple[str, list[str]]] = {}
    for i, header in enumerate(headers):
        number = int(header.group(1))
        body = region[header.end(): headers[i + 1].start() if i + 1 < len(headers) else len(region)]
        if number in bodies:  # the header row repeated on the next page: the same table goes on
            bodies[number][1].append(body)
            continue
        name = " ".join(region[header.start(2):header.end(2)].strip(" |[(").split())
        bodies[number] = (name, [body])
    return {number: _read_area(number, name, "\n".join(parts)) for number, (name, parts) in bodies.items()}


_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_OCR_NUMBER = re.compile(r"^[\dlIO|o]{1,3}$")
# What OCR makes of a "%" standing after a row's three numbers: "20", "90", "Ho", "HN", "°/o" ...
_PERCENT_MISREAD = re.compile(r"^[\dHNhnoO%°/]{1,3}$")
_OCR_PERCENT = re.compile(r"^(\d{1,3})\s?(?:[%°]|o/o|°/o|0/0|9%|96|%o)$")


def _tolerant(token: str) -> Optional[str]:
    """The number OCR most likely misread (``l5`` → ``15``), or None."""
    if _OCR_NUMBER.match(token) and any(c.isdigit() for c in token) and not token.isdigit():
        return token.translate(_OCR_DIGITS)
    return None


def _tokens(body: str) -> list[tuple[str, bool]]:
    """Tokens with a flag: does the token open its line?"""
    out = []
    for m in re.finditer(r"\S+", body):
        line_start = body.rfind("\n", 0, m.start()) + 1
        out.append((m.group(), not body[line_start:m.start()].strip()))
    return out


def _kind(token: str) -> str:
    if NUMBER.match(token):
        return "number"
    if PERCENT.match(token) or token == "%":
        return "percent"
    if token == "?":
        return "unreadable"
    if DAMAGED_PERCENT.match(token) and any(c.isdigit() for c in token):
        return "percent"
    return "text"


def _read_area(number: int, name: str, body: str) -> TableArea:
    area = TableArea(number=number, name=name)
    items: list[tuple[str, object]] = []  # ("id", TableRow) or ("cells", Cells)
    run: list[str] = []
    last_minor = 0

    def close_run() -> None:
        nonlocal run, original, tolerant
        run, original, tolerant = [], [], False

    tolerant = False

    def add_cells(tokens: list[str], original: list[str]) -> None:
        nonlocal tolerant
        tokens = [t for t in tokens if t != "?"] if len(tokens) > 3 and "?" in tokens[:-3] else tokens
        items.append(("cells", Cells(tuple(tokens), tuple(original) if tolerant else ())))
        tolerant = False

    original: list[str] = []
    tokens = _tokens(body)
    for position, (raw, line_start) in enumerate(tokens):
        token = raw.strip(_EDGES)
        following = tokens[position + 1][0].strip(_EDGES) if position + 1 < len(tokens) else ""
        qid = QID.match(token)
        short = QID_NO_AREA.match(token) if line_start else None
        if qid and int(qid.group(1)) == number and int(qid.group(2)) > last_minor:
            last_minor = int(qid.group(2))
            items.append(("id", TableRow(qid=token)))
            close_run()
            continue
        if short and int(short.group(1)) > last_minor:
            last_minor = int(short.group(1))
            qid_text = f"{number}.{short.group(1)}"
            items.append(("id", TableRow(qid=qid_text, notes=[f"raden börjar med {raw!r}; områdets siffra saknas"])))
            close_run()
            continue
        kind = _kind(token) if token else "text"
        if len(run) >= 3 and kind in ("number", "text") and _PERCENT_MISREAD.match(token) and not line_start \
                and not (kind == "number" and _kind(following) == "percent") \
                and all(NUMBER.match(t) for t in run[-3:]) and int(run[-1]) <= 100:
            # three numbers and then the "%" misread: the report's arithmetic must confirm the row
            tolerant = True
            add_cells([*run[:-1], f"{run[-1]} %"], [*original, token])
            close_run()
            continue
        fixed = _tolerant(token) if kind == "text" else None
        ocr_percent = _OCR_PERCENT.match(token) if kind == "text" else None
        if ocr_percent and len(run) >= 2:
            kind, fixed = "percent", f"{ocr_percent.group(1)} %"
        elif fixed is not None:
            kind = "number"
        elif kind == "number" and len(run) == 2 and int(token) > 100 and token.endswith(("0", "6")):
            # "47%" read as "470" (or "476"): the third number of a row is its percentage
            kind, fixed = "percent", f"{token[:-1]} %"
        if kind == "text":
            aborted = list(original)  # numbers a word follows belong to the question's text
            close_run()
            if raw and items and not re.fullmatch(r"[|\[\](){}]+", raw):
                owner = next((r for k, r in reversed(items) if k == "id"), None)
                if owner is not None and raw.casefold() not in ("uppnått", "max", "procent"):
                    owner.words.extend([*aborted, raw])
            continue
        if token == "%":
            if run and NUMBER.match(run[-1]):
                run[-1] = f"{run[-1]} %"
                original[-1] = f"{original[-1]} %"
                add_cells(run, original)
                close_run()
            continue
        if fixed is not None:
            tolerant = True
        run.append(fixed if fixed is not None else token)
        original.append(token)
        if kind == "percent":
            add_cells(run, original)
            close_run()

    groups = [(i, c) for i, (kind, c) in enumerate(items) if kind == "cells"]
    if groups and groups[-1][1].maximum == "100":
        area.total = groups[-1][1]
        groups = groups[:-1]
    ids = [(i, r) for i, (kind, r) in enumerate(items) if kind == "id"]
    for _, row in ids:
        area.rows.append(row)
    if len(groups) == len(ids):
        for (_, row), (_, cells) in zip(ids, groups):
            row.cells = cells
        return area
    # Unequal counts: a row lost its numbers or gained some; pair by position instead.
    for position, cells in groups:
        owner = next((row for i, row in reversed(ids) if i < position), None)
        if owner is None:
            area.notes.append(f"siffrorna {cells.printed!r} står före första delfrågan och hör inte till någon rad")
        elif owner.cells is not None:
            owner.notes.append(f"raden har flera sifferserier ({owner.cells.printed!r} och {cells.printed!r})")
            owner.cells = None
        else:
            owner.cells = cells
    return area
