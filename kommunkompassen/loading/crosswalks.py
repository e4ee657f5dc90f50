"""Reading and checking the crosswalks between framework versions (``data/frameworks/crosswalks/``).

A crosswalk can be changed in a pull request like any data file, so every pair is checked
against both framework files: the versions, areas and sub-questions exist, each appears once
on its side, and the stated basis fits the texts and maxima (``identical`` means the same
wording and max). Problems name the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path

from kommunkompassen.domain.crosswalk import CrosswalkData, Crosswalks
from kommunkompassen.domain.model import Framework
from kommunkompassen.loading.problems import Problem, show
from kommunkompassen.loading.validated import read_validated
from kommunkompassen.loading.yamlio import line_of


def check_crosswalk(file: str, cw: CrosswalkData, frameworks: dict[str, Framework], stem: str) -> list[tuple[str, str]]:
    """(field, message) for every problem of one crosswalk."""
    found: list[tuple[str, str]] = []
    a, b = cw.versions.from_, cw.versions.to
    for side, fid in (("from", a), ("to", b)):
        if fid not in frameworks:
            found.append((f"versions.{side}", f"ramverksversionen {show(fid)} finns inte; väntat en av "
                          f"{sorted(frameworks)}"))
    if a == b:
        found.append(("versions.to", "en korstabell går mellan två olika versioner"))
    if stem != f"{a}-{b}":
        found.append(("versions", f"filen ska heta '{a}-{b}.yaml' efter versionerna, inte '{stem}.yaml'"))
    if found:
        return found
    fa, fb = frameworks[a], frameworks[b]
    seen: dict[str, dict] = {"from": {}, "to": {}}
    for i, p in enumerate(cw.areas):
        where = f"areas.{i}"
        area_a, area_b = fa.area(p.from_), fb.area(p.to)
        if area_a is None:
            found.append((f"{where}.from", f"område {p.from_} finns inte i {fa.name}"))
        if area_b is None:
            found.append((f"{where}.to", f"område {p.to} finns inte i {fb.name}"))
        found += _once(seen, "areas", p, i, where, "område {key} finns redan i par {previous}; ett område får "
                       "ett par per korstabell")
        if area_a is not None and area_b is not None and p.basis == "same_name" \
                and not set(area_a.names) & set(area_b.names):
            found.append((f"{where}.basis", f"'same_name', men områdena heter {show(area_a.label)} och "
                          f"{show(area_b.label)}"))
    for i, p in enumerate(cw.questions):
        where = f"questions.{i}"
        qa = _question(fa, p.from_)
        qb = _question(fb, p.to)
        if qa is None:
            found.append((f"{where}.from", f"delfrågan {p.from_} finns inte i {fa.name}"))
        if qb is None:
            found.append((f"{where}.to", f"delfrågan {p.to} finns inte i {fb.name}"))
        found += _once(seen, "questions", p, i, where, "delfrågan {key} finns redan i par {previous}; en delfråga "
                       "får ett par per korstabell")
        if qa is None or qb is None:
            continue
        if p.basis == "identical" and (qa.text != qb.text or qa.max != qb.max):
            found.append((f"{where}.basis", f"'identical' kräver samma lydelse och maxpoäng, men {p.from_} är "
                          f"{show(qa.text)} ({qa.max} p) och {p.to} {show(qb.text)} ({qb.max} p); "
                          "välj 'reworded' eller 'other_max'"))
        elif p.basis == "reworded" and (qa.max != qb.max or qa.text == qb.text):
            found.append((f"{where}.basis", f"'reworded' kräver samma maxpoäng och ändrad lydelse ({p.from_}: "
                          f"{qa.max} p, {p.to}: {qb.max} p)"))
        elif p.basis == "other_max" and qa.max == qb.max:
            found.append((f"{where}.basis", f"'other_max', men båda har maxpoängen {qa.max}"))
    return found


def _once(seen: dict, kind: str, pair, i: int, where: str, message: str) -> list[tuple[str, str]]:
    """Each side of a pair appears in one pair only: the repeats, as (field, message)."""
    found = []
    for side, key in (("from", pair.from_), ("to", pair.to)):
        previous = seen[side].setdefault(kind, {}).get(key)
        if previous is not None:
            found.append((f"{where}.{side}", message.format(key=key, previous=previous)))
        seen[side][kind][key] = i
    return found


def _question(fw: Framework, qid: str):
    area = fw.area(int(qid.split(".")[0]))
    return area.question(qid) if area is not None else None


def load_crosswalks(folder: Path, relative, frameworks: dict[str, Framework],
                    broken: frozenset[str] = frozenset()) -> tuple[Crosswalks, list[Problem]]:
    """Every crosswalk file under ``folder``; ``relative`` turns a path into the name shown.
    A crosswalk of a version whose file has problems (``broken``) waits for that file."""
    files: list[CrosswalkData] = []
    problems: list[Problem] = []
    pairs: dict[frozenset, tuple[str, int]] = {}  # versions -> (file, line) of the first crosswalk between them
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        file = relative(path)
        if path.suffix != ".yaml" or path.is_dir():
            if not path.name.startswith("."):
                problems.append(Problem(file, "", "okänd fil; här hör bara korstabeller '<version>-<version>.yaml' hemma"))
            continue
        cw, lines, found = read_validated(path, file, CrosswalkData)
        if cw is None:
            problems.extend(found)
            continue
        if {cw.versions.from_, cw.versions.to} & broken:
            continue
        found = check_crosswalk(file, cw, frameworks, path.stem)
        problems.extend(Problem(file, field, message, line_of(field, lines)) for field, message in found)
        if found:
            continue
        # One crosswalk per pair of versions, whichever way it is written: a second could pair
        # the same question differently and silently change which role models are found.
        pair = frozenset((cw.versions.from_, cw.versions.to))
        line = line_of("versions", lines)
        if pair in pairs:
            first, first_line = pairs[pair]
            problems.append(Problem(file, "versions", (
                f"det finns redan en korstabell mellan version {cw.versions.from_} och {cw.versions.to}: "
                f"{first}" + (f" (rad {first_line})" if first_line else "") + "; en korstabell per par av "
                "versioner, i vilken riktning som helst. Lägg paren i den filen och ta bort den här"), line))
            continue
        pairs[pair] = (file, line)
        files.append(cw)
    return Crosswalks(files), problems


def crosswalk_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


