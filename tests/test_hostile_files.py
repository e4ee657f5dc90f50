"""Every file a pull request can change is untrusted: the hostile corpus (``hostile_files.py``).

For each case the project is checked exactly as ``./dev check`` and the build check it
(``check_project``). A refused file gives one Swedish problem that names the file (and the
line where the case pins it), never a traceback, and within seconds; an accepted one loads.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from hostile_files import CASES, EVALUATION, ROOT, Case, make_corpus_project

from kommunkompassen.loading.problems import DataError
from kommunkompassen.site.build import SiteBuild
from kommunkompassen.site.checks import check_project

SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(?:ska|inte|är|får|finns|saknas|filen|rad|värdet|nyckel)\b")


# Refusals of a whole file (its size, a folder in its place) have no line to name; the boundaries
# are one line of JSON, so their problems name the place in the JSON (``features.26.properties.code``).
WITHOUT_A_LINE = {"three-megabyte-file", "directory-named-like-a-file", "geojson-code-path", "geojson-nan"}


@pytest.fixture(scope="module")
def clean_project(tmp_path_factory):
    return make_corpus_project(tmp_path_factory.mktemp("corpus") / "clean")


def test_the_corpus_project_is_valid(clean_project):
    archive, problems = check_project(clean_project)
    assert problems == [] and archive is not None
    assert "amal-2019" in {e.key for e in archive.evaluations}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_hostile_file_is_refused_with_one_swedish_line_naming_it(tmp_path, case: Case):
    project = make_corpus_project(tmp_path / "p")
    case.edit(project / case.file)
    started = time.perf_counter()
    archive, problems = check_project(project)
    seconds = time.perf_counter() - started
    assert seconds < 30, f"{case.name}: checking took {seconds:.0f} s"  # a bound against bombs, not a benchmark
    lines = [str(p) for p in problems]
    if case.expect is None:
        assert lines == [] and archive is not None, lines
        return
    assert archive is None
    # One line per fact: a second only where the case breaks two rules (an id that is neither the
    # file's name nor a plain slug; a boundary whose code is not a code leaves that code without one).
    assert 1 <= len(lines) <= 2, lines
    assert all(line.startswith(f"{case.file}: ") for line in lines), lines
    assert all(SWEDISH.search(line) and "Traceback" not in line and len(line) < 400 for line in lines), lines
    (line,) = [line for line in lines if case.expect in line]
    if case.name not in WITHOUT_A_LINE:
        assert all(re.search(r": rad \d+(, kolumn \d+)?: ", line) for line in lines), lines
    if case.line is not None:
        assert f"{case.file}: rad {case.line}: " in line or f": rad {case.line}," in line, line


def test_a_merge_key_reads_like_the_mapping_written_out(tmp_path):
    merge = next(c for c in CASES if c.name == "merge-key")
    project = make_corpus_project(tmp_path / "p")
    merge.edit(project / merge.file)
    archive, _ = check_project(project)
    evaluation = next(e for e in archive.evaluations if e.key == "amal-2019")
    assert (evaluation.municipality.code, evaluation.municipality.name) == ("1492", "Åmål")


def test_a_leading_zero_is_text_not_octal(tmp_path):
    """``010`` is not August (YAML 1.1 octal) nor silently October: the month is refused as text,
    and an unquoted municipality code keeps its zero."""
    project = make_corpus_project(tmp_path / "p")
    path = project / EVALUATION
    text = path.read_text(encoding="utf-8").replace("month:\n  value: 11\n", "month:\n  value: 010\n")
    path.write_text(text, encoding="utf-8")
    _, problems = check_project(project)
    assert [str(p) for p in problems] == [f"{EVALUATION}: rad 8: month: värdet '010' ska vara ett heltal"]
    path.write_text(text.replace("value: 010", "value: 11").replace('code: "1492"', "code: 01492", 1), encoding="utf-8")
    _, problems = check_project(project)
    assert [str(p) for p in problems] == [
        f"{EVALUATION}: rad 5: municipality.code: värdet '01492' har fel form (väntat mönster ^[0-9]{{4}}$)"]


def test_the_build_refuses_what_the_check_refuses_with_the_same_lines(tmp_path):
    project = make_corpus_project(tmp_path / "p")
    next(c for c in CASES if c.name == "start-unknown-marker").edit(project / "docs" / "index.md")
    next(c for c in CASES if c.name == "total-nan").edit(project / EVALUATION)
    _, problems = check_project(project)
    with pytest.raises(DataError) as refused:
        SiteBuild.load(project)
    assert refused.value.problems == problems and len(problems) == 2


def test_dev_check_prints_the_problem_and_fails_without_a_traceback(tmp_path):
    project = make_corpus_project(tmp_path / "p")
    next(c for c in CASES if c.name == "alias-bomb").edit(project / EVALUATION)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(project)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "1 fel i datafilerna:"
    assert re.search(f"  {re.escape(EVALUATION)}: rad \\d+: YAML-filen blir mer än 200 000 värden när alias", result.stderr)
    assert "Traceback" not in result.stderr


def test_a_total_the_source_prints_beside_areas_that_do_not_add_up_shows_both(tmp_path):
    """Rounded area scores need not add up to the printed total: with both from the source, the
    page shows the sum, the total and the difference; nothing is changed."""
    from kommunkompassen.site.index import build_index
    from kommunkompassen.site.tree import page_jobs

    project = make_corpus_project(tmp_path / "p")
    next(c for c in CASES if c.name == "total-disagrees-both-stated").edit(project / EVALUATION)
    archive, problems = check_project(project)
    assert problems == []
    jobs = {route.url: job for route, job in page_jobs(build_index(archive))}
    page = jobs["kommuner/amal/2019/"]()
    assert "Summan av områdenas poäng är 453, 3 mer än totalpoängen 450" in page
    assert "Källan anger båda talen" in page
    assert "Summan av områdenas poäng är" not in jobs["kommuner/arvika/2014/"]()


def test_a_generated_file_is_never_written_outside_its_folder(tmp_path):
    """The last guard behind the data checks (``output.inside``): a generated path that would leave
    the folder, by its parts or through a link, is refused before anything is written."""
    from kommunkompassen.site.output import UnsafePath, write_if_changed

    folder, outside = tmp_path / "generated", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    assert write_if_changed(folder, "kommuner/amal/2019.md", "# Åmål").read_text(encoding="utf-8") == "# Åmål"
    (folder / "lank").symlink_to(outside, target_is_directory=True)
    (folder / "kommuner" / "fil.md").symlink_to(outside / "fil.md")
    for path in ("../utanfor.md", "/etc/passwd", "kommuner/../../utanfor.md", "lank/sida.md", "kommuner/fil.md", ""):
        with pytest.raises(UnsafePath, match="vägran att skriva"):
            write_if_changed(folder, path, "x")
    assert list(outside.iterdir()) == []
