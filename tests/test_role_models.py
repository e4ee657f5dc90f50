"""Role models: who scores highest on a sub-question, within one framework version only."""

from __future__ import annotations

import shutil

from kommunkompassen.domain.ranking import question_ranking, role_models
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.site.index import build_index
from kommunkompassen.site.pages import evaluation_page, question_page


def synthetic_twin(d, key: str, code: str, name: str, scores: dict[str, int]):
    """A test-only copy of Bengtsfors 2015 under another municipality, with some sub-question scores changed."""
    yaml_name = f"{key}.yaml"
    shutil.copy(d.path("bengtsfors-2015.md"), d.path(f"{key}.md"))

    def change(y):
        y["municipality"] = {"code": code, "name": name}
        for qid, score in scores.items():
            area = y["areas"][qid.split(".")[0]]
            q = area["questions"][qid]
            delta = score - q["score"]
            q["score"] = score
            q["percent"] = round(score / q["max"] * 100)
            area["score"] += delta
            y["total"] += delta

    shutil.copy(d.path("bengtsfors-2015.yaml"), d.path(yaml_name))
    d.edit(yaml_name, change)


def test_role_models_rank_by_share_of_max_and_share_ties(data_copy):
    d = data_copy()
    synthetic_twin(d, "ale-2015", "1440", "Ale", {"7.4": 18})          # 90 % on 7.4
    synthetic_twin(d, "alingsas-2015", "1489", "Alingsås", {"7.4": 18})  # tied 90 %
    archive = load_archive(d.root)
    ranking = question_ranking([e for e in archive.evaluations if e.framework.id == "2010"], "7.4")
    assert [(r.evaluation.title, r.rank, round(r.share)) for r in ranking] == [
        ("Ale 2015", 1, 90), ("Alingsås 2015", 1, 90), ("Bengtsfors 2015", 3, 5)]
    assert [r.evaluation.title for r in role_models(ranking, limit=1)] == ["Ale 2015", "Alingsås 2015"]


def test_a_2016_evaluation_is_never_ranked_against_2010(data_copy):
    d = data_copy()
    archive = load_archive(d.root)
    index = build_index(archive)
    assert [r.evaluation.title for r in index.rankings.question_rankings[("2016", "7.4")]] == ["Åmål 2019"]
    assert [r.evaluation.title for r in index.rankings.question_rankings[("2010", "7.4")]] == ["Bengtsfors 2015"]


def test_weak_questions_link_to_role_models_strengths(data_copy):
    d = data_copy()
    synthetic_twin(d, "ale-2015", "1440", "Ale", {"7.4": 18})
    archive = load_archive(d.root)
    index = build_index(archive)
    bengtsfors = next(e for e in archive.evaluations if e.key == "bengtsfors-2015")
    page = evaluation_page(index, bengtsfors)
    # Bengtsfors' weakest in area 7 is 7.4 (1 of 20); Ale scores 18 of 20 there.
    assert '<li>7.4 Hur arbetar kommunen med kreativitet och innovationer? (5 %): ' \
           '<a href="../../ale/2015/rapport/#omrade-7-styrkor">Ale 2015</a> (90 %)' in page
    fw = bengtsfors.framework
    area = fw.area(7)
    example = question_page(index, fw, area, area.question("7.4"))
    assert "### Ale 2015: 90 %" in example
    assert archive.evaluations[0].text.areas[7].strengths[0] in example
