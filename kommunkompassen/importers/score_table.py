"""Reading the report's score tables ("Översikt av poängfördelning") cell by cell.

Per area the report prints a header ``N. <namn> Uppnått Max Procent``, one row per
sub-question (``1.1 <fråga> 7 15 45 %``) and a total row (``55 100 55 %``). Two layouts are
read the same way: a PDF or OCR text keeps each row's numbers near its question, while a
transcript may list several questions before their numbers. Numbers are collected as groups
ending in a percentage; question numbers and groups are paired in order when there are as many
of each, and by position otherwise. Nothing here decides what a damaged cell means: a cell is
kept as printed (``"S1%"``, ``"?"``) and judged in ``scorecheck``.
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

    @property
    def printed(self) -> str:
        return " ".join(self.tokens)

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
    """Offset of the score tables' title (the last one followed by a table header)."""
    folded = fold_in_place(text)
    starts = [m.start() for m in TABLE_TITLE.finditer(folded) if "uppn" in folded[m.end():m.end() + 800]]
    return starts[-1] if starts else None


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
    areas: dict[int, TableArea] = {}
    for i, header in enumerate(headers):
        number = int(header.group(1))
        if number in areas:
            continue
        body = region[header.end(): headers[i + 1].start() if i + 1 < len(headers) else len(region)]
        name = " ".join(region[header.start(2):header.end(2)].strip(" |[(").split())
        areas[number] = _read_area(number, name, body)
    return areas


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
        nonlocal run
        run = []

    for raw, line_start in _tokens(body):
        token = raw.strip(_EDGES)
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
        if kind == "text":
            close_run()
            continue
        if token == "%":
            if run and NUMBER.match(run[-1]):
                run[-1] = f"{run[-1]} %"
                items.append(("cells", Cells(tuple(run))))
                close_run()
            continue
        run.append(token)
        if kind == "percent":
            items.append(("cells", Cells(tuple(run))))
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
