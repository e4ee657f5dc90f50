"""scripts/new_evaluation.py: an empty pair that validates, lists every sub-question, never overwrites."""

from __future__ import annotations

import pytest
import yaml
from projectcopy import ROOT, empty_project
from scripts_inproc import run_script

from kommunkompassen.importers.drafts import NOT_FILLED, find_placeholders
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.loading.schema import SCHEMA_COMMENT


def new_evaluation(root, *args):
    return run_script("new_evaluation", *args, "--rot", root)


@pytest.fixture
def project(tmp_path):
    return empty_project(tmp_path)


@pytest.mark.parametrize("version", ["pre-2010", "2010", "2016", "2020"])
def test_the_empty_pair_passes_the_loader_for_every_framework_version(project, version):
    result = new_evaluation(project, "Åmål", "2021", version)
    assert result.returncode == 0, result.stderr
    archive = load_archive(project)
    [ev] = archive.evaluations
    assert (ev.key, ev.framework.id) == ("amal-2021", version)
    questions = [q for a in ev.framework.areas for q in a.questions]
    got = {qid: q for area in ev.data.areas.values() for qid, q in area.questions.items()}
    assert sorted(got) == sorted(q.id for q in questions)
    for q in questions:
        assert got[q.id].max.value == q.max
        assert got[q.id].score.status == got[q.id].percent.status == "unknown"
        assert got[q.id].score.note == NOT_FILLED
    assert [ev.area_score(n).status for n in range(1, 9)] == ["unknown"] * 8


def test_the_text_has_all_eight_area_headings_with_strengths_and_improvements(project):
    new_evaluation(project, "1460", "2019", "2016")
    [ev] = load_archive(project).evaluations
    assert [c.title for c in ev.text.chapters] == [
        f"Område {a.number}: {a.name}" for a in ev.framework.areas]
    for chapter in ev.text.areas.values():
        assert chapter.strengths == chapter.improvements == [NOT_FILLED]


def test_the_yaml_references_the_schema_and_says_what_to_fill_in(project):
    new_evaluation(project, "Bengtsfors", "2019", "2010")
    text = (project / "data" / "evaluations" / "bengtsfors-2019.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    data = yaml.safe_load(text)
    assert data["municipality"] == {"code": "1460", "name": "Bengtsfors"}
    assert data["total"] == {"value": None, "note": NOT_FILLED}


def test_every_placeholder_is_listed_until_filled_in(project):
    new_evaluation(project, "Åmål", "2021", "2020")
    found = find_placeholders(project)
    assert {p.file for p in found} == {"data/evaluations/amal-2021.yaml", "data/evaluations/amal-2021.md"}
    assert all(NOT_FILLED.rstrip(".") in p.text for p in found)


def test_it_never_overwrites_and_says_which_file_exists(project):
    md = project / "data" / "evaluations" / "amal-2021.md"
    md.write_text("## Min text\n", encoding="utf-8")
    result = new_evaluation(project, "Åmål", "2021", "2020")
    assert result.returncode != 0
    assert "data/evaluations/amal-2021.md finns redan; inget skrevs" in result.stderr
    assert md.read_text(encoding="utf-8") == "## Min text\n"
    assert not (project / "data" / "evaluations" / "amal-2021.yaml").exists()


@pytest.mark.parametrize("args, message", [
    (("Atlantis", "2021", "2016"), "ingen kommun heter 'Atlantis'"),
    (("Åmål", "2021", "2030"), "ramverksversionen '2030' finns inte"),
])
def test_unknown_municipality_or_version_is_a_clear_error(project, args, message):
    result = new_evaluation(project, *args)
    assert result.returncode == 2 and message in result.stderr
    assert not list((project / "data" / "evaluations").iterdir())


@pytest.mark.parametrize("query, code", [("Håbo", "0305"), ("habo", "0643"), ("0643", "0643"), ("upplands-vasby", "0114")])
def test_a_municipality_is_found_by_name_slug_or_code(query, code):
    from kommunkompassen.importers.lookup import find_municipality
    from kommunkompassen.loading.municipalities import load_municipalities

    municipalities = load_municipalities(ROOT / "data" / "reference" / "municipalities.csv")
    assert find_municipality(municipalities, query).code == code


def test_the_published_data_has_no_placeholders_left():
    leftovers = find_placeholders(ROOT)
    assert not leftovers, "fyll i eller förklara innan sammanslagning:\n" + "\n".join(map(str, leftovers))
