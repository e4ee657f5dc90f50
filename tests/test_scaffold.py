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


def test_dev_check_refuses_a_raw_scaffold_with_every_placeholder_by_file_and_line(project):
    """The loader reads the draft (the tools need it); ``./dev check`` and the build refuse it
    until every "Ej ifyllt ännu" is filled in, and say nothing else is wrong with it."""
    new_evaluation(project, "Åmål", "2021", "2016")
    result = run_script("validate", project)
    assert result.returncode == 1
    lines = [line.strip() for line in result.stderr.splitlines()[1:] if line.strip()]
    expected = [f"{p.file}: rad {p.line}" for p in find_placeholders(project)]
    assert len(expected) > 100 and {"data/evaluations/amal-2021.yaml", "data/evaluations/amal-2021.md"} == \
        {e.split(":")[0] for e in expected}
    assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in lines] == expected
    assert all("Ej ifyllt ännu\" står kvar" in line for line in lines)


def test_a_filled_in_scaffold_passes_dev_check(project):
    new_evaluation(project, "Åmål", "2021", "2020")
    yaml_path, md_path = (project / "data" / "evaluations" / f"amal-2021{s}" for s in (".yaml", ".md"))
    data = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    for number, area in data["areas"].items():
        area["score"] = 50
    data.update(total=400, month=5, evaluation_number=1, interviewed=20, evaluators=[{"name": "Anna Andersson"}],
                sources=[{"title": "Rapporten", "url": "https://example.org/rapport.pdf", "used_for": "Allt."}])
    del data["evaluators_note"]
    yaml_path.write_text(SCHEMA_COMMENT + "\n" + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    md_path.write_text(md_path.read_text(encoding="utf-8").replace(NOT_FILLED, "Rapportens text."), encoding="utf-8")
    result = run_script("validate", project)
    assert result.returncode == 0, result.stderr
    [ev] = load_archive(project).evaluations
    assert ev.completeness == "full_text"


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
