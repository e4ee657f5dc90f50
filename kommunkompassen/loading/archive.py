"""Loading everything under ``data/`` into one validated archive.

``load_archive`` either returns a complete archive or raises ``DataError`` listing every
problem found, so a build never publishes half a site.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.language import collation_key
from kommunkompassen.domain.model import EvaluationData, Framework
from kommunkompassen.domain.municipalities import Municipalities
from kommunkompassen.domain.reporttext import parse_report_text
from kommunkompassen.loading.catalogue_files import load_facts, load_undated
from kommunkompassen.loading.crosswalks import crosswalk_files, load_crosswalks
from kommunkompassen.loading.municipalities import check_shapes, read_municipalities
from kommunkompassen.loading.problems import DataError, Problem, with_lines
from kommunkompassen.loading.rules import check_evaluation, check_report_text
from kommunkompassen.loading.validated import read_validated
from kommunkompassen.loading.yamlio import read_text

FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-(\d{4})$")
FRAMEWORK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # it becomes a folder of the site


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def data(self) -> Path:
        return routes.project_path(self.root, routes.DATA)

    @property
    def evaluations(self) -> Path:
        return routes.project_path(self.root, routes.EVALUATIONS)

    @property
    def frameworks(self) -> Path:
        return routes.project_path(self.root, routes.FRAMEWORKS)

    @property
    def crosswalks(self) -> Path:
        return routes.project_path(self.root, routes.CROSSWALKS)

    @property
    def municipalities(self) -> Path:
        return routes.project_path(self.root, routes.MUNICIPALITIES_CSV)

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def load_frameworks(paths: DataPaths) -> tuple[dict[str, Framework], list[Problem]]:
    frameworks: dict[str, Framework] = {}
    problems: list[Problem] = []
    for path in sorted(paths.frameworks.glob("*.yaml")):
        file = paths.relative(path)
        before = len(problems)
        fw, lines, found = read_validated(path, file, Framework)
        if fw is None:
            problems.extend(found)
            continue
        if fw.id != path.stem:
            problems.append(Problem(file, "id", f"{fw.id!r} ska vara samma som filnamnet ({path.stem!r})"))
        if not FRAMEWORK_ID.match(fw.id):
            problems.append(Problem(file, "id", f"{fw.id!r}: bara små ASCII-bokstäver, siffror och bindestreck "
                                    "(id:t blir en del av sidornas adress)"))
        numbers = [a.number for a in fw.areas]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(Problem(file, "areas", f"områdena ska numreras 1–{len(numbers)} i ordning, "
                                    f"inte {numbers}"))
        if sum(a.max for a in fw.areas) != fw.max_total:
            problems.append(Problem(file, "max_total", f"{fw.max_total} är inte summan av områdenas maxpoäng "
                                    f"({sum(a.max for a in fw.areas)})"))
        for area in fw.areas:
            if not area.name and not area.name_note:
                problems.append(Problem(file, f"areas.{area.number}.name",
                                        "namn saknas; ange namnet eller förklara i 'name_note'"))
            ids = [q.id for q in area.questions]
            for qid in ids:
                if qid.split(".")[0] != str(area.number):
                    problems.append(Problem(file, f"areas.{area.number}.questions.{qid}",
                                            f"delfrågan {qid} hör inte till område {area.number}"))
            if len(set(ids)) != len(ids):
                problems.append(Problem(file, f"areas.{area.number}.questions", "en delfråga förekommer två gånger"))
            if area.questions and sum(q.max for q in area.questions) != area.max:
                problems.append(Problem(file, f"areas.{area.number}.questions",
                                        f"maxpoängen summerar till {sum(q.max for q in area.questions)}, "
                                        f"inte områdets {area.max}"))
        # The line of a top-level field (an area's own fields are named by its number, not its place).
        problems[before:] = [with_lines([p], file, lines)[0] if p.field in ("id", "areas", "max_total") else p
                             for p in problems[before:]]
        if len(problems) == before:  # a version with problems is left out (its evaluations wait for it)
            frameworks[fw.id] = fw
    if not frameworks and not problems:
        problems.append(Problem(paths.relative(paths.frameworks), "", "inga ramverksversioner hittades"))
    return frameworks, problems


def load_evaluation(
    yaml_path: Path,
    paths: DataPaths,
    frameworks: dict[str, Framework],
    municipalities: Municipalities,
    broken_frameworks: frozenset[str] = frozenset(),
) -> tuple[Optional[Evaluation], list[Problem]]:
    """One evaluation pair. ``broken_frameworks`` are framework files with problems of their own:
    an evaluation of such a version is not checked against it (its problems are the file's)."""
    file = paths.relative(yaml_path)
    problems: list[Problem] = []
    stem = yaml_path.stem
    if not FILE_NAME.match(stem):
        return None, [Problem(file, "", "filnamnet ska vara '<kommun>-<år>.yaml' med små ASCII-bokstäver, "
                              "siffror och bindestreck")]
    data, lines, found = read_validated(yaml_path, file, EvaluationData)
    if data is None:
        return None, found
    if data.framework.value in broken_frameworks:
        return None, []
    problems.extend(with_lines(check_evaluation(file, data, frameworks, municipalities), file, lines))
    municipality = municipalities.by_code.get(data.municipality.code)
    framework = frameworks.get(data.framework.value or "")
    md_path = yaml_path.with_suffix(".md")
    md_file = paths.relative(md_path) if md_path.exists() else None
    try:
        text = parse_report_text(read_text(md_path) if md_file else "")
    except ValueError as exc:  # not UTF-8, or a folder
        problems.append(Problem(md_file, "", str(exc)))
        text, md_file = parse_report_text(""), None
    if md_file:
        problems.extend(check_report_text(md_file, text, framework))
    if municipality is not None:
        expected = f"{municipality.slug}-{data.year}"
        if stem != expected:
            problems.append(Problem(file, "", f"filnamnet ska vara '{expected}.yaml' (kommunens adress och året)"))
    if municipality is None or framework is None:
        return None, problems
    return Evaluation(data, framework, municipality, text, file, md_file), problems


def symbolic_links(paths: DataPaths) -> list[Problem]:
    """Every symbolic link under ``data/``: a link could publish any file of the machine that builds."""
    found = []
    for folder, dirs, files in os.walk(paths.data):
        for name in sorted(dirs + files):
            if os.path.islink(os.path.join(folder, name)):
                found.append(Problem(paths.relative(Path(folder, name)), "",
                                     "symboliska länkar tillåts inte i data/; lägg in filen som en vanlig fil"))
    return found


def _stat(path: Path) -> Optional[tuple[int, int, int]]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class LoadCache:
    """What ``load_archive`` read in the previous build, reused for files that did not change.

    Only ``mkdocs serve`` keeps one between its rebuilds (``SiteBuild``); a file counts as
    unchanged when its modification time, size and inode are. When a framework or the list
    of municipalities changes, everything is read again.
    """

    def __init__(self) -> None:
        self.base_key: object = None
        self.base: Optional[tuple] = None
        self.evaluations: dict[Path, tuple[object, Optional[Evaluation], list[Problem]]] = {}
        self.placeholders: dict[Path, tuple[object, list[Problem]]] = {}  # ``placeholders``, file by file


def load_archive(root: Path, cache: Optional[LoadCache] = None) -> Archive:
    """Read and check everything; raise ``DataError`` with all problems if any."""
    paths = DataPaths(Path(root))
    links = symbolic_links(paths)
    if links:  # stop before reading anything a link points to
        raise DataError(links)
    problems: list[Problem] = []
    shapes = routes.project_path(paths.root, routes.MUNICIPALITY_SHAPES)
    base_key = tuple((p, _stat(p)) for p in [paths.municipalities, shapes, *sorted(paths.frameworks.glob("*.yaml")),
                                             *crosswalk_files(paths.crosswalks)])
    if cache is not None and cache.base_key == base_key:
        municipalities, frameworks, crosswalks, fw_problems = cache.base
    else:
        municipalities, reference_problems = read_municipalities(paths.municipalities,
                                                                 paths.relative(paths.municipalities))
        if municipalities is None:  # nothing else can be checked without the list
            raise DataError(reference_problems)
        frameworks, fw_problems = load_frameworks(paths)
        framework_folder = paths.relative(paths.frameworks) + "/"
        broken = frozenset(Path(p.file).stem for p in fw_problems if p.file.startswith(framework_folder))
        crosswalks, cw_problems = load_crosswalks(paths.crosswalks, paths.relative, frameworks, broken)
        fw_problems = fw_problems + cw_problems + check_shapes(shapes, paths.relative(shapes), municipalities)
        if cache is not None:
            cache.base_key, cache.base = base_key, (municipalities, frameworks, crosswalks, fw_problems)
            cache.evaluations.clear()
    problems.extend(fw_problems)
    framework_folder = paths.relative(paths.frameworks) + "/"
    broken = frozenset(Path(p.file).stem for p in fw_problems if p.file.startswith(framework_folder)
                       and "/" not in p.file[len(framework_folder):])
    archive = Archive(frameworks=frameworks, municipalities=municipalities, crosswalks=crosswalks)
    yaml_stems = set()
    cached = cache.evaluations if cache is not None else {}
    fresh = {}
    for path in sorted(paths.evaluations.glob("*.yaml")):
        yaml_stems.add(path.stem)
        key = (_stat(path), _stat(path.with_suffix(".md")))
        hit = cached.get(path)
        if hit is not None and hit[0] == key:
            evaluation, ev_problems = hit[1], hit[2]
        else:
            evaluation, ev_problems = load_evaluation(path, paths, frameworks, municipalities, broken)
        fresh[path] = (key, evaluation, ev_problems)
        problems.extend(ev_problems)
        if evaluation is not None:
            archive.evaluations.append(evaluation)
    for path in sorted(paths.evaluations.glob("*.md")):
        if path.stem not in yaml_stems:
            problems.append(Problem(paths.relative(path), "", f"textfilen saknar sin datafil '{path.stem}.yaml'"))
    for path in sorted(paths.evaluations.iterdir()) if paths.evaluations.exists() else []:
        if path.suffix not in (".yaml", ".md") and not path.name.startswith("."):
            problems.append(Problem(paths.relative(path), "", "okänd fil; här hör bara '<kommun>-<år>.yaml' och "
                                    "'.md' hemma (skrev du '.yml'?)"))
    seen: dict[tuple[str, int], str] = {}
    for ev in archive.evaluations:
        key = (ev.municipality.code, ev.year)
        if key in seen:
            problems.append(Problem(ev.yaml_file, "year", f"{ev.municipality.name} {ev.year} finns redan i "
                                    f"{seen[key]}; en kommun har högst en utvärdering per år"))
        seen[key] = ev.yaml_file
    if cache is not None:
        cache.evaluations = fresh
    archive.undated, undated_problems = load_undated(paths.root, municipalities)
    archive.facts, fact_problems = load_facts(paths.root)
    problems.extend(undated_problems + fact_problems)
    if problems:
        raise DataError(problems)
    archive.evaluations.sort(key=lambda e: (collation_key(e.municipality.name), e.year))
    return archive
