"""The rules for comparative statements (``domain/claims.py``), on small hand-made evaluations:
pools of 1, 2, 4, 5 and 6, complete and partial area sets, certain and inferred versions, ties."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from kommunkompassen.domain.claims import (MIN_ALIGNED, MIN_KNOWN_AREAS, MIN_POOL, area_average, area_extremes,
                                           praise_applies, source_comparison, version_relation, weakest)
from kommunkompassen.domain.language import counted
from kommunkompassen.domain.model import Comparison, NamedRoleModel
from kommunkompassen.domain.recorded import Recorded

ROOT = Path(__file__).resolve().parents[1]


def evaluation(scores: dict[int, float | None], *, version="2010", certain=True, number=None, total=None,
               comparisons=(), areas=8, md=False):
    def rec(v):
        return Recorded(value=v) if v is not None else None

    framework = NS(id=version, areas=[NS(number=n, label=f"Område {n}") for n in range(1, areas + 1)])
    data = NS(framework=Recorded(value=version, status="stated" if certain else "uncertain", note=None if certain else "år"),
              evaluation_number=Recorded(value=number) if number else None, total=rec(total),
              comparisons=list(comparisons))
    return NS(framework=framework, data=data, md_file="x.md" if md else None, area_score=lambda n: rec(scores.get(n)))


def test_strongest_and_weakest_only_when_every_area_is_known_ties_named_together():
    full = area_extremes(evaluation({1: 70, 2: 50, 3: 70, 4: 60, 5: 60, 6: 60, 7: 40, 8: 60}))
    assert full.complete and [n for n, _ in full.highest] == [1, 3] and [n for n, _ in full.lowest] == [7]
    partial = area_extremes(evaluation({1: 71, 2: 62, 4: 67, 8: 71}))
    assert not partial.complete and partial.known == 4 and [n for n, _ in partial.highest] == [1, 8]
    assert area_extremes(evaluation({7: 68, 4: 50})) is None  # 2 of 8: fewer than MIN_KNOWN_AREAS
    assert MIN_KNOWN_AREAS == 3
    assert area_extremes(evaluation({n: 60 for n in range(1, 9)})) is None  # all equal: nothing to say


@pytest.mark.parametrize("size,allowed", [(1, False), (2, False), (4, False), (5, True), (6, True)])
def test_an_area_average_needs_five_stated_scores_of_evaluations_with_a_stated_version(size, allowed):
    pool = [evaluation({2: 50, 3: 40}) for _ in range(size)]
    inferred = [evaluation({2: 90, 3: 90}, certain=False) for _ in range(3)]
    other_areas = [evaluation({3: 90}) for _ in range(3)]
    average = area_average(pool + inferred + other_areas, 2)
    assert (average == (50, size)) if allowed else average is None
    assert MIN_POOL == 5


def test_the_source_comparison_that_matches_the_evaluation_is_chosen():
    first = Comparison(label="Kommuner i sin första", scope="first", total=375)
    every = Comparison(label="Alla kommuner", scope="all", total=473)
    second = source_comparison(evaluation({}, number=2, total=453, comparisons=[first, every], md=True))
    assert (second.label, second.value, second.difference, second.from_report) == ("Alla kommuner", 473, -20, True)
    assert source_comparison(evaluation({}, number=1, total=400, comparisons=[first, every])).value == 375
    placing = Comparison(label="Källans placering", quote="Tionde plats.")
    assert source_comparison(evaluation({}, comparisons=[placing])).quote == "Tionde plats."
    assert source_comparison(evaluation({}, comparisons=[])) is None


def test_an_inferred_version_is_at_most_probably_the_same():
    a, b, c = evaluation({}), evaluation({}, certain=False), evaluation({}, version="2016")
    assert version_relation(a, evaluation({})) == "same"
    assert version_relation(a, b) == version_relation(b, a) == "probably_same"
    assert version_relation(a, c) == "different"


def test_praise_for_a_sub_question_is_not_praise_for_its_area():
    named = NamedRoleModel(area=4, questions=["4.2"], municipality={"code": "1460", "name": "Bengtsfors"}, quote="x")
    assert praise_applies(named, 4, "4.2") and not praise_applies(named, 4, None)
    assert not praise_applies(named, 4, "4.1")
    whole = NamedRoleModel(area=4, municipality={"code": "1460", "name": "Bengtsfors"}, quote="x")
    assert praise_applies(whole, 4, None) and praise_applies(whole, 4, "4.1")


def test_a_tie_at_the_cut_off_is_shown_whole():
    items = [("1.5", 15), ("5.1", 15), ("2.1", 30), ("3.2", 30), ("4.1", 30), ("6.1", 50)]
    assert [k for k, _ in weakest(items, 3)] == ["1.5", "5.1", "2.1", "3.2", "4.1"]
    assert [k for k, _ in weakest(items, 2)] == ["1.5", "5.1"]


def test_counts_agree_with_their_noun():
    assert counted(0, "styrka", "styrkor") == "inga styrkor"
    assert counted(1, "styrka", "styrkor") == "1 styrka"
    assert counted(2, "utvärdering", "utvärderingar") == "2 utvärderingar"


def test_the_rules_on_om_webbplatsen_name_the_numbers_the_code_uses():
    page = (ROOT / "docs" / "om-webbplatsen.md").read_text(encoding="utf-8")
    section = page.split("## Hur vi jämför")[1].split("\n## ")[0]
    assert f"minst {MIN_POOL}" in section and f"Genomsnitt av minst {MIN_POOL}" in section
    assert f"minst\n  {MIN_ALIGNED} områden" in section or f"minst {MIN_ALIGNED} områden" in section
    assert f"(när minst {MIN_KNOWN_AREAS} är kända)" in section
    assert "ingen jämförelsenyckel mellan versionerna" in section and "troligen" in section
