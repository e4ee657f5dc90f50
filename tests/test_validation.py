"""Every validation rule, each with a broken copy of real data and the message a maintainer reads."""

from __future__ import annotations

import shutil

B = "bengtsfors-2015.yaml"
A = "amal-2019.yaml"
BMD = "bengtsfors-2015.md"


def test_the_real_data_has_no_problems(data_copy):
    assert data_copy().problems() == []


def test_unknown_key_is_named_with_its_path(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["areas"]["5"]["questions"]["5.2"].update(scor=9))
    assert d.problems() == [
        f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '5', 'questions', '5.2', 'scor')}: areas.5.questions.5.2.scor: okänd nyckel "
        "(stavfel? se data/README.md för tillåtna nycklar)"]


def test_missing_key(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y.pop("year"))
    assert d.problems() == ["data/evaluations/bengtsfors-2015.yaml: year: obligatorisk nyckel saknas"]


def test_wrong_type_names_field_and_value(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["areas"]["5"]["questions"]["5.2"].update(score="nio"))
    assert d.problems() == [
        f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '5', 'questions', '5.2', 'score')}: areas.5.questions.5.2.score: värdet 'nio' ska vara ett tal"]


def test_sub_question_the_version_lacks(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["areas"]["8"]["questions"].update({"8.7": {"score": 1, "max": 15, "percent": 7}}))
    problems = d.problems()
    assert (f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '8', 'questions', '8.7')}: areas.8.questions.8.7: delfrågan 8.7 finns inte i område 8 "
            "i ramverksversion 2010 (där finns 8.1, 8.2, 8.3, 8.4, 8.5, 8.6)") in problems


def test_score_above_max(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["areas"]["5"]["questions"]["5.2"].update(score=30, percent=100))
    assert f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '5', 'questions', '5.2', 'score')}: areas.5.questions.5.2.score: värdet 30 ligger utanför 0–20" \
        in d.problems()


def test_max_must_equal_the_framework(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["areas"]["1"]["questions"]["1.1"].update(max=20))
    assert (f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '1', 'questions', '1.1', 'max')}: areas.1.questions.1.1.max: värdet 20 stämmer inte med "
            "ramverkets maxpoäng 15 för delfråga 1.1") in d.problems()


def test_sub_question_points_against_area_score_allow_rounding(data_copy):
    d = data_copy()
    # Åmål area 6 prints 8+15+13+12+11+6 = 65 against 64: rounding, accepted.
    assert d.problems() == []
    d.edit(B, lambda y: y["areas"]["1"].update(score=52))
    assert (f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '1', 'score')}: areas.1.score: områdets poäng 52 stämmer inte med summan av "
            "delfrågorna (46); avvikelsen är större än avrundningen kan förklara") in d.problems()


def test_area_scores_against_printed_total(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y.update(total=400))
    assert d.problems() == [
        f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'total')}: total: totalen 400 stämmer inte med summan av områdena (387); "
        "avvikelsen är större än avrundningen kan förklara"]


def test_percent_against_points(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["areas"]["1"]["questions"]["1.1"].update(percent=80))
    assert d.problems() == [
        f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'areas', '1', 'questions', '1.1', 'percent')}: areas.1.questions.1.1.percent: 80 % stämmer inte med 6 av 15 poäng "
        "(väntat cirka 40 %); markera en oläslig eller motsägelsefull siffra med status och note"]


def test_municipality_name_must_match_code(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["municipality"].update(name="Bengtsfos"))
    assert d.problems() == [
        f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'municipality', 'name')}: municipality.name: 'Bengtsfos' stämmer inte med koden 1460, "
        "som är Bengtsfors"]


def test_unknown_municipality_code(data_copy):
    d = data_copy()
    d.edit(B, lambda y: y["municipality"].update(code="9999"))
    assert (f"data/evaluations/bengtsfors-2015.yaml: rad {d.line(B, 'municipality', 'code')}: municipality.code: koden '9999' finns inte bland Sveriges 290 "
            "kommuner (data/reference/municipalities.csv)") in d.problems()


def test_two_evaluations_of_one_municipality_in_one_year(data_copy):
    d = data_copy()
    shutil.copy(d.path(B), d.path("bengtsfors-kopia-2015.yaml"))
    problems = d.problems()
    assert ("data/evaluations/bengtsfors-kopia-2015.yaml: filnamnet ska vara 'bengtsfors-2015.yaml' "
            "(kommunens adress och året)") in problems
    assert any(p.endswith("year: Bengtsfors 2015 finns redan i data/evaluations/bengtsfors-2015.yaml; "
                          "en kommun har högst en utvärdering per år") for p in problems)


def test_markdown_area_heading_must_match_the_framework(data_copy):
    d = data_copy()
    d.edit_text(BMD, "## Område 7: Verksamhetsutveckling", "## Område 7: Ständiga förbättringar")
    (problem,) = d.problems()
    assert problem.startswith("data/evaluations/bengtsfors-2015.md: rad ")
    assert problem.endswith("rubriken '## Område 7: Ständiga förbättringar' stämmer inte med ramverket 2010; "
                            "väntat '## Område 7: Verksamhetsutveckling'")


def test_markdown_area_without_strengths(data_copy):
    d = data_copy()
    d.edit_text(BMD, "### Styrkor", "### Styrkorna")
    (problem,) = d.problems()
    assert problem.endswith("område 1 saknar avsnittet '### Styrkor'")


def test_markdown_missing_area(data_copy):
    d = data_copy()
    text = d.path(BMD).read_text(encoding="utf-8")
    d.path(BMD).write_text(text[: text.index("## Område 8:")], encoding="utf-8")
    assert d.problems() == ["data/evaluations/bengtsfors-2015.md: områden: områdena 8 saknas; "
                            "texten har ett avsnitt per område"]


def test_every_problem_is_reported_not_just_the_first(data_copy):
    d = data_copy()
    d.edit(B, lambda y: (y.update(total=400), y["municipality"].update(name="Bengtsfos")))
    d.edit(A, lambda y: y.update(interviewed=-40))
    problems = d.problems()
    assert len(problems) == 3
    assert [p.split(":")[0] for p in problems] == ["data/evaluations/amal-2019.yaml",
                                                    "data/evaluations/bengtsfors-2015.yaml",
                                                    "data/evaluations/bengtsfors-2015.yaml"]


def test_unknown_value_needs_a_note(data_copy):
    d = data_copy()
    d.edit(A, lambda y: y["areas"]["7"]["questions"]["7.3"].update(score={"value": None}))
    assert d.problems() == [f"data/evaluations/amal-2019.yaml: rad {d.line(A, 'areas', '7', 'questions', '7.3', 'score')}: areas.7.questions.7.3.score: "
                            "ett okänt värde behöver en förklaring i 'note'"]


def test_yaml_syntax_error_names_the_line(data_copy):
    d = data_copy()
    d.path(B).write_text("year: 2015\nareas: [\n", encoding="utf-8")
    (problem,) = d.problems()
    assert problem.startswith("data/evaluations/bengtsfors-2015.yaml: ogiltig YAML: rad 3")


def test_duplicate_key_is_an_error(data_copy):
    d = data_copy()
    d.edit_text(B, "year: 2015\n", "year: 2015\nyear: 2016\n")
    assert d.problems() == ["data/evaluations/bengtsfors-2015.yaml: rad 8: nyckeln 'year' förekommer två gånger"]


def test_unsafe_yaml_tag_is_refused(data_copy):
    d = data_copy()
    d.edit_text(B, "year: 2015\n", "year: !!python/object/apply:os.system ['echo hej']\n")
    (problem,) = d.problems()
    assert "ogiltig YAML" in problem


def test_sub_question_keys_stay_text(data_copy):
    # "5.10" must not turn into the float 5.1: keys are read as written.
    from kommunkompassen.loading.yamlio import load_yaml

    d = data_copy()
    d.path("x.yaml").write_text("a:\n  5.10: 1\n  5.1: 2\n", encoding="utf-8")
    assert load_yaml(d.path("x.yaml")) == {"a": {"5.10": 1, "5.1": 2}}
