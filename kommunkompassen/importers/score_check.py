"""Judging the printed score cells: what is legible, what adds up, what must stay unknown.

Printed numbers are rounded, so each one stands for an interval: 7 points for [6.5, 7.5].
A percentage may be rounded or cut off (Bengtsfors 2015, area 7, only adds up if some are cut
off), so 45 % of 15 stands for [44.5 %, 46 %) of 15 points, [6.675, 6.9]. A row is consistent when its score and percentage
intervals meet; an area when its rows' intervals can sum to the area's printed score. These
are exact checks, stricter than the validator's tolerance, and they never produce a number:
they only decide which printed cells to keep, to keep with a note (``uncertain``), or to
mark unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from kommunkompassen.domain.model import FrameworkArea
from kommunkompassen.importers.score_table import NUMBER, PERCENT, Cells, TableArea

HALF = 0.5


@dataclass(frozen=True)
class Finding:
    """One thing the maintainer must look at, as ``field: message`` of the draft's YAML."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass
class Cell:
    value: Optional[int]
    status: str = "stated"
    note: Optional[str] = None

    @classmethod
    def unknown(cls, note: str) -> "Cell":
        return cls(None, "unknown", note)

    def to_yaml(self) -> Any:
        if self.status == "stated" and not self.note:
            return self.value
        data: dict[str, Any] = {"value": self.value}
        if self.status not in ("stated", "unknown"):
            data["status"] = self.status
        data["note"] = self.note
        return data

    @property
    def flagged(self) -> bool:
        return self.status != "stated" or bool(self.note)


Interval = tuple[float, float]


def _meet(a: Interval, b: Interval) -> Optional[Interval]:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi + 1e-9 else None


def points_interval(points: int, maximum: int) -> Interval:
    return (max(0.0, points - HALF), min(float(maximum), points + HALF))


def percent_interval(percent: int, maximum: int) -> Interval:
    return (max(0.0, (percent - HALF) * maximum / 100), min(float(maximum), (percent + 1) * maximum / 100))


def as_int(token: Optional[str]) -> Optional[int]:
    if token is None:
        return None
    if NUMBER.match(token):
        return int(token)
    match = PERCENT.match(token)
    return int(match.group(1)) if match else None


@dataclass
class RowJudgement:
    qid: str
    maximum: int
    printed: str
    score: Cell
    max: Cell
    percent: Cell
    contradictory: bool = False

    def interval(self, use_score: bool = True, use_percent: bool = True) -> Interval:
        span: Optional[Interval] = (0.0, float(self.maximum))
        if use_score and self.score.value is not None:
            span = _meet(span, points_interval(self.score.value, self.maximum))
        if use_percent and self.percent.value is not None and span is not None:
            span = _meet(span, percent_interval(self.percent.value, self.maximum))
        return span if span is not None else (0.0, float(self.maximum))

    def to_yaml(self) -> dict[str, Any]:
        return {"score": self.score.to_yaml(), "max": self.max.to_yaml(), "percent": self.percent.to_yaml()}


def judge_row(qid: str, fw_max: int, cells: Optional[Cells], row_notes: list[str]) -> RowJudgement:
    """One row on its own: legible cells, the max against the framework, score against percent."""
    derived_max = Cell(fw_max, "derived", "Maxpoängen enligt ramverket; tabellens rad saknar siffror.")
    if cells is None:
        why = "; ".join(row_notes) or "raden saknas i tabellen"
        note = f"Kunde inte läsas: {why}."
        return RowJudgement(qid, fw_max, "", Cell.unknown(note), derived_max, Cell.unknown(note))
    printed = cells.printed
    printed_max = as_int(cells.maximum)
    if printed_max != fw_max:
        note = (f"Tabellen visar {printed!r}, där maxpoängen {cells.maximum!r} inte är ramverkets {fw_max}; "
                "raden kunde inte läsas.")
        return RowJudgement(qid, fw_max, printed, Cell.unknown(note),
                            Cell(fw_max, "derived", "Maxpoängen enligt ramverket; tabellens rad kunde inte läsas."),
                            Cell.unknown(note))
    score = _score_cell(cells, fw_max)
    percent = _percent_cell(cells)
    row = RowJudgement(qid, fw_max, printed, score, Cell(fw_max), percent)
    if score.value is not None and percent.value is not None and _meet(
            points_interval(score.value, fw_max), percent_interval(percent.value, fw_max)) is None:
        row.contradictory = True
    if cells.tolerant and (row.contradictory or score.value is None or percent.value is None):
        # A misread the report's own arithmetic does not confirm is not kept.
        note = (f"Tabellen (OCR) visar {printed!r}; läst som {' '.join(cells.tokens)!r} går poäng och procent "
                "inte ihop, så raden kunde inte läsas.")
        row.score, row.percent, row.contradictory = Cell.unknown(note), Cell.unknown(note), False
    return row


def _score_cell(cells: Cells, maximum: int) -> Cell:
    value = as_int(cells.score)
    if cells.score is None:
        return Cell.unknown(f"Tabellen visar bara {cells.printed!r}; poängen saknas.")
    if value is None:
        return Cell.unknown(f"Oläslig i tabellen ({cells.score!r}).")
    if value > maximum:
        return Cell.unknown(f"Tabellen visar {value} av {maximum}, mer än max; kunde inte läsas.")
    if cells.stray:
        stray = " ".join(cells.stray)
        return Cell(value, "uncertain", f"Tabellen visar {cells.printed!r}; {stray!r} före poängen har lästs som "
                                        "skräptecken.")
    return Cell(value)


def _percent_cell(cells: Cells) -> Cell:
    value = as_int(cells.percent)
    if value is None:
        return Cell.unknown(f"Oläslig i tabellen ({cells.percent!r}).")
    if value > 100:
        return Cell.unknown(f"Tabellen visar {value} %, mer än 100; kunde inte läsas.")
    return Cell(value)


def area_total(area: Optional[TableArea], summary: Optional[int]) -> tuple[Cell, list[str]]:
    """The area's score: the table's total row, checked against the summary's table."""
    issues: list[str] = []
    table_value = None
    if area is not None and area.total is not None:
        score, percent = as_int(area.total.score), as_int(area.total.percent)
        if score is not None and score == percent:
            table_value = score
        else:
            issues.append(f"summaraden {area.total.printed!r} kunde inte läsas")
    elif area is not None:
        issues.append("summaraden saknas i tabellen")
    if table_value is not None and summary is not None and summary != table_value:
        note = (f"Tabellen över delfrågor ger {table_value}, sammanfattningens tabell {summary}; "
                "kontrollera mot rapporten.")
        return Cell(table_value, "uncertain", note), issues + [note]
    if table_value is not None:
        return Cell(table_value), issues
    if summary is not None:
        return Cell(summary, "stated", "Ur sammanfattningens tabell; poängtabellens summarad kunde inte läsas."), issues
    return Cell.unknown("Områdets poäng kunde inte läsas i rapporten."), issues


def _feasible(rows: list[RowJudgement], total: int, spans: dict[str, Interval]) -> bool:
    lo = sum(spans.get(r.qid, r.interval())[0] for r in rows)
    hi = sum(spans.get(r.qid, r.interval())[1] for r in rows)
    return lo <= total + HALF + 1e-9 and hi >= total - HALF - 1e-9


def judge_area(number: int, fw_area: FrameworkArea, table: Optional[TableArea],
               summary: Optional[int]) -> tuple[dict[str, Any], list[Finding]]:
    """The area's YAML (score and questions) and what the maintainer must check."""
    where = f"areas.{number}"
    findings: list[Finding] = []
    total, issues = area_total(table, summary)
    findings.extend(Finding(f"{where}.score", issue) for issue in issues if issue != total.note)
    if not fw_area.questions:
        if table is not None and table.rows:
            findings.append(Finding(f"{where}.questions", "rapporten har delfrågor som ramverksversionen inte "
                                    "har; de lästes inte in"))
        if total.flagged:
            findings.append(Finding(f"{where}.score", total.note or total.status))
        return {"score": total.to_yaml()}, findings
    if table is None:
        findings.append(Finding(f"{where}.questions", "områdets tabell hittades inte i rapporten"))
    for note in table.notes if table else []:
        findings.append(Finding(f"{where}.questions", note))
    rows = []
    for q in fw_area.questions:
        row = table.row(q.id) if table else None
        rows.append(judge_row(q.id, q.max, row.cells if row else None, row.notes if row else []))
    extra = [r.qid for r in (table.rows if table else []) if fw_area.question(r.qid) is None]
    if extra:
        findings.append(Finding(f"{where}.questions", f"tabellen har delfrågor som ramverket inte har: "
                                f"{', '.join(extra)}; de lästes inte in"))

    known_total = total.value
    # A row whose score and percentage contradict each other: the area sum may tell which holds.
    for row in rows:
        if not row.contradictory:
            continue
        loose = {r.qid: (0.0, float(r.maximum)) for r in rows if r.contradictory and r is not row}
        keep_score = known_total is not None and _feasible(rows, known_total, {**loose, row.qid: row.interval(True, False)})
        keep_percent = known_total is not None and _feasible(rows, known_total, {**loose, row.qid: row.interval(False, True)})
        s, m, p = row.score.value, row.maximum, row.percent.value
        clash = f"Tabellen visar {s} av {m} poäng men {p} %, vilket inte stämmer ihop"
        if keep_score and not keep_percent:
            row.score = Cell(s, "uncertain", f"{clash}; poängen går ihop med områdets {known_total}, procenten inte.")
            row.percent = Cell.unknown(f"{clash} (väntat cirka {s / m * 100:.0f} %); procenten går inte ihop med "
                                       f"områdets {known_total}.")
        elif keep_percent and not keep_score:
            row.percent = Cell(p, "uncertain", f"{clash}; procenten går ihop med områdets {known_total}, poängen inte.")
            row.score = Cell.unknown(f"{clash}; poängen går inte ihop med områdets {known_total}.")
        else:
            note = f"{clash}; vilken siffra som är fel går inte att avgöra."
            row.score, row.percent = Cell.unknown(note), Cell.unknown(note)
        row.contradictory = False

    if known_total is not None and not _feasible(rows, known_total, {}):
        suspects = [r for r in rows if (r.score.value is not None or r.percent.value is not None)
                    and _feasible(rows, known_total, {r.qid: (0.0, float(r.maximum))})]
        lo = sum(r.interval()[0] for r in rows)
        hi = sum(r.interval()[1] for r in rows)
        if len(suspects) == 1:
            row = suspects[0]
            note = (f"Tabellen visar {row.printed!r}, men då kan delfrågorna inte summera till områdets "
                    f"{known_total}; raden går inte ihop med de andra.")
            row.score, row.percent = Cell.unknown(note), Cell.unknown(note)
        elif suspects:
            names = ", ".join(r.qid for r in suspects)
            for row in suspects:
                note = (f"Delfrågorna kan inte summera till områdets {known_total} som tabellen står; någon av "
                        f"raderna {names} är fel, men vilken går inte att avgöra.")
                if row.score.value is not None:
                    row.score = Cell(row.score.value, "uncertain", _joined(row.score.note, note))
                if row.percent.value is not None:
                    row.percent = Cell(row.percent.value, "uncertain", _joined(row.percent.note, note))
        else:
            total = Cell(known_total, "uncertain", f"Delfrågornas poäng summerar till {lo:.1f}–{hi:.1f}, vilket inte "
                         f"går ihop med {known_total}; vilken siffra som är fel går inte att avgöra.")

    if total.flagged:
        findings.append(Finding(f"{where}.score", total.note or total.status))
    for row in rows:
        for name in ("score", "max", "percent"):
            cell = getattr(row, name)
            if cell.flagged and not (name == "max" and cell.status == "stated"):
                findings.append(Finding(f"{where}.questions.{row.qid}.{name}", _finding_text(cell)))
    area = {"score": total.to_yaml(), "questions": {r.qid: r.to_yaml() for r in rows}}
    return area, findings


def _joined(*notes: Optional[str]) -> str:
    return " ".join(n for n in notes if n)


def _finding_text(cell: Cell) -> str:
    labels = {"unknown": "okänt", "uncertain": f"osäkert ({cell.value})", "derived": f"härlett ({cell.value})",
              "stated": str(cell.value)}
    return f"{labels[cell.status]}: {cell.note}"
