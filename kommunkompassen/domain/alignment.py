"""Two or three evaluations side by side: their totals, areas and sub-questions aligned.

Rows follow the first evaluation's version. An evaluation of another version fills a row with
its counterpart from the crosswalk (``data/frameworks/crosswalks/``), labelled with that
version's own number and name and the crosswalk's basis; a row without a counterpart says so.
Areas of a later column's version that no row reaches come last, "bara i …". The same plan
(``counterpart_plan``) is published for the comparison page's script, so both align alike.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.crosswalk import BASIS_LABELS, Crosswalks
from kommunkompassen.domain.model import Framework

MAX_COLUMNS = 3


@dataclass(frozen=True)
class Cell:
    """One evaluation's value in a row. ``key`` is the area number or sub-question id in the
    evaluation's own version (None: the version has no counterpart)."""

    key: Optional[str]
    value: Optional[float]
    max: Optional[int]
    status: str  # stated, derived, uncertain, unknown; "none" without a counterpart
    counterpart: Optional[str] = None  # "motsvarar område 2 (samma namn på området)"; the column names the version


@dataclass(frozen=True)
class Row:
    kind: str  # total, area, question
    key: str  # in the first evaluation's version ("only" rows: in the column's version)
    label: str
    cells: tuple[Cell, ...]
    only_in: Optional[str] = None  # a version's name, for an area only that version has

    @property
    def difference(self) -> Optional[float]:
        """The second value minus the first, for two values on the same scale."""
        if len(self.cells) != 2:
            return None
        a, b = self.cells
        if a.value is None or b.value is None or a.max != b.max or a.counterpart or b.counterpart:
            return None
        return b.value - a.value


@dataclass(frozen=True)
class Alignment:
    evaluations: tuple[Evaluation, ...]
    rows: tuple[Row, ...]
    lead: Framework  # the version the rows follow

    @property
    def same_version(self) -> bool:
        return len({ev.framework.id for ev in self.evaluations}) == 1

    @property
    def versions(self) -> list[str]:
        seen: list[str] = []
        for ev in self.evaluations:
            if ev.framework.name not in seen:
                seen.append(ev.framework.name)
        return seen


def counterpart_plan(frameworks: dict[str, Framework], crosswalks: Crosswalks) -> dict[str, dict]:
    """For each ordered pair "a>b" of versions with a crosswalk: area number and sub-question id in
    ``a`` -> [the counterpart in ``b``, the basis in words]. Only the first counterpart counts."""
    plan: dict[str, dict] = {}
    for a in frameworks.values():
        for b in frameworks.values():
            if a.id == b.id:
                continue
            areas, questions = {}, {}
            for area in a.areas:
                found = [c for c in crosswalks.areas(a.id, area.number) if c.framework == b.id]
                if found:
                    areas[str(area.number)] = [found[0].key, BASIS_LABELS[found[0].basis]]
                for q in area.questions:
                    match = [c for c in crosswalks.questions(a.id, q.id) if c.framework == b.id]
                    if match:
                        questions[q.id] = [match[0].key, BASIS_LABELS[match[0].basis]]
            if areas or questions:
                plan[f"{a.id}>{b.id}"] = {"areas": areas, "questions": questions}
    return plan


# The plan of each archive's crosswalks, made once: ``align`` is called for many pairs of one archive.
_PLANS: "weakref.WeakKeyDictionary[Crosswalks, tuple[dict, dict]]" = weakref.WeakKeyDictionary()


def archive_plan(archive: Archive) -> dict[str, dict]:
    """``counterpart_plan`` of the archive's versions and crosswalks, made once per archive (read it,
    never change it). Of ``archive`` only ``frameworks`` and ``crosswalks`` are read."""
    hit = _PLANS.get(archive.crosswalks)
    if hit is None or hit[0] is not archive.frameworks:
        hit = (archive.frameworks, counterpart_plan(archive.frameworks, archive.crosswalks))
        _PLANS[archive.crosswalks] = hit
    return hit[1]


def _recorded(rec) -> tuple[Optional[float], str]:
    if rec is None:
        return None, "unknown"
    return (rec.value if rec.known else None), rec.status


# Said where two versions have no crosswalk at all: not "no counterpart", but no key to tell.
NO_KEY = "ingen jämförelsenyckel mellan versionerna"


def _cell(ev: Evaluation, kind: str, key: Optional[str], counterpart_basis: Optional[str],
          missing: Optional[str] = None) -> Cell:
    fw = ev.framework
    if kind == "total":
        value, status = _recorded(ev.data.total)
        return Cell("total", value, fw.max_total, status)
    if key is None:
        return Cell(None, None, None, "none", missing or f"ingen motsvarighet i {fw.name}")
    if kind == "area":
        area = fw.area(int(key))
        value, status = _recorded(ev.area_score(int(key)))
        note = f"motsvarar område {key} ({counterpart_basis})" if counterpart_basis else None
        return Cell(key, value, area.max, status, note)
    area = fw.area(int(key.split(".")[0]))
    question = area.question(key)
    score = ev.question_score(key)
    value, status = _recorded(score.score if score is not None else None)
    note = f"motsvarar delfråga {key} ({counterpart_basis})" if counterpart_basis else None
    return Cell(key, value, question.max, status, note)


def known_values(ev: Evaluation) -> int:
    """How many values the sources give: the total, areas and sub-questions with a score."""
    count = int(ev.data.total is not None and ev.data.total.known)
    for area in ev.data.areas.values():
        count += int(area.score.known) + sum(int(q.score.known) for q in area.questions.values())
    return count


def align(evaluations: list[Evaluation], archive: Archive) -> Alignment:
    """The rows of a comparison of ``evaluations`` (two or three, in the reader's order). Of
    ``archive`` only ``frameworks`` and ``crosswalks`` are read (``archive_plan``).

    The rows follow the version of the evaluation with the most values (the first of equals);
    an area that only another version has comes last, when any evaluation has a value for it."""
    plan = archive_plan(archive)
    counts = [known_values(ev) for ev in evaluations]
    first = evaluations[counts.index(max(counts))].framework

    def key_in(ev: Evaluation, kind: str, key: str) -> tuple[Optional[str], Optional[str]]:
        if ev.framework.id == first.id:
            return key, None
        pair = plan.get(f"{first.id}>{ev.framework.id}", {}).get("areas" if kind == "area" else "questions", {})
        found = pair.get(key)
        return (found[0], found[1]) if found else (None, None)

    def missing(ev: Evaluation) -> Optional[str]:
        return None if f"{first.id}>{ev.framework.id}" in plan else NO_KEY

    def row(kind: str, key: str, label: str) -> Row:
        cells = []
        for ev in evaluations:
            own_key, basis = ("total", None) if kind == "total" else key_in(ev, kind, key)
            cells.append(_cell(ev, kind, own_key, basis, missing(ev)))
        return Row(kind, key, label, tuple(cells))

    def has_questions(area_number: int) -> bool:
        """Sub-question rows compare something only where two or more evaluations have them."""
        having = 0
        for ev in evaluations:
            own, _ = key_in(ev, "area", str(area_number))
            if own is not None and ev.data.areas.get(own) and ev.data.areas[own].questions:
                having += 1
        return having >= 2

    rows = [row("total", "total", "Totalpoäng")]
    reached: dict[str, set[str]] = {}
    for area in first.areas:
        rows.append(row("area", str(area.number), f"{area.number}. {area.label}"))
        for ev in evaluations:
            own, _ = key_in(ev, "area", str(area.number))
            if own is not None:
                reached.setdefault(ev.framework.id, set()).add(own)
        if has_questions(area.number):
            rows += [row("question", q.id, f"{q.id} {q.text}") for q in area.questions]
    done = {first.id}
    for ev in evaluations:  # areas of another version that no row reaches, with a value
        fw = ev.framework
        if fw.id in done:
            continue
        done.add(fw.id)
        for area in fw.areas:
            if str(area.number) in reached.get(fw.id, set()):
                continue
            cells = []
            for other in evaluations:
                if other.framework.id == fw.id:
                    value, status = _recorded(other.area_score(area.number))
                    cells.append(Cell(str(area.number), value, area.max, status))
                elif f"{fw.id}>{other.framework.id}" in plan or f"{other.framework.id}>{fw.id}" in plan:
                    cells.append(Cell(None, None, None, "none", f"ingen motsvarighet i {other.framework.name}"))
                else:
                    cells.append(Cell(None, None, None, "none", NO_KEY))
            if any(c.value is not None for c in cells):
                rows.append(Row("area", str(area.number), f"{area.number}. {area.label}", tuple(cells), fw.name))
    return Alignment(tuple(evaluations), tuple(rows), first)
