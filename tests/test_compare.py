"""Comparing evaluations side by side: rows aligned by area and sub-question, across versions
through the crosswalk, and the ready-made comparisons each municipality's page links to."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import make_fixture_project

from kommunkompassen import routes
from kommunkompassen.domain.alignment import align, counterpart_plan
from kommunkompassen.domain.language import genitive
from kommunkompassen.domain.pairs import default_comparisons
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.site.compare_pages import cell_text, compare_data, compare_page, difference_text

# A 2016 evaluation with area 7 (rebuilt in 2016, no counterpart in 2010) and sub-questions of area 1.
HJO_2018 = {
    "municipality": {"code": "1497", "name": "Hjo"},
    "year": 2018,
    "framework": "2016",
    "evaluators_note": "Påhittad utvärdering för tester.",
    "total": 445,
    "areas": {
        "1": {"score": 60, "questions": {"1.1": {"score": 12, "max": 15, "percent": 80},
                                         "1.2": {"score": 16, "max": 20, "percent": 80},
                                         "1.3": {"score": 12, "max": 25, "percent": 48},
                                         "1.4": {"score": 15, "max": 30, "percent": 50},
                                         "1.5": {"score": 5, "max": 10, "percent": 50}}},
        **{str(n): {"score": 55} for n in range(2, 9)},
    },
    "sources": [{"title": "Testkälla", "url": "https://example.org/hjo-2018.pdf", "used_for": "Allt."}],
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    project = make_fixture_project(tmp_path_factory.mktemp("compare") / "project")
    (project / "data" / "evaluations" / "hjo-2018.yaml").write_text(
        yaml.safe_dump(HJO_2018, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_archive(project)


def evaluation(archive, key):
    return next(ev for ev in archive.evaluations if ev.key == key)


def texts(row):
    return [cell_text(c) for c in row.cells]


def test_two_evaluations_of_one_version_line_up_with_their_difference(archive):
    alignment = align([evaluation(archive, "arjeplog-2012"), evaluation(archive, "avesta-2011")], archive)
    total = alignment.rows[0]
    assert (total.label, texts(total), difference_text(total.difference)) == ("Totalpoäng", ["520 av 800", "480 av 800"], "−40")
    labels = [r.label for r in alignment.rows if r.kind == "area"]
    assert labels[0] == "1. Offentlighet och demokrati" and len(labels) == 8
    # Area 7 has sub-questions in both: its rows follow the area's.
    questions = [r for r in alignment.rows if r.kind == "question"]
    assert [r.key for r in questions] == ["7.1", "7.2", "7.3", "7.4", "7.5"]
    unknown = next(r for r in questions if r.key == "7.3")
    assert texts(unknown)[1] == "uppgift saknas" and difference_text(unknown.difference) == "–"
    assert alignment.same_version


def test_another_version_fills_its_cells_from_the_crosswalk_and_says_so(archive):
    alignment = align([evaluation(archive, "arjeplog-2012"), evaluation(archive, "hjo-2018")], archive)
    assert not alignment.same_version and alignment.lead.id == "2010"  # Arjeplog has the most values
    area1 = next(r for r in alignment.rows if r.kind == "area" and r.key == "1")
    assert texts(area1) == ["70 av 100", "60 av 100"]
    assert area1.cells[1].counterpart == "motsvarar område 1 (samma namn på området)"
    assert area1.difference is None  # no difference across versions
    area7 = next(r for r in alignment.rows if r.kind == "area" and r.key == "7" and r.only_in is None)
    assert texts(area7) == ["76 av 100", "ingen motsvarighet i Kommunkompassen 2016"]
    only = next(r for r in alignment.rows if r.only_in)
    assert (only.only_in, only.label, texts(only)) == (
        "Kommunkompassen 2016", "7. Ständiga förbättringar", ["ingen motsvarighet i Kommunkompassen 2010", "55 av 100"])


def test_the_rows_follow_the_version_of_the_evaluation_with_most_values(archive):
    alignment = align([evaluation(archive, "boden-2017"), evaluation(archive, "arjeplog-2012")], archive)
    assert alignment.lead.id == "2010"
    assert texts(alignment.rows[0]) == ["uppgift saknas", "520 av 800"]


def test_each_municipality_is_compared_with_the_most_similar_only_where_something_aligns(archive):
    defaults = default_comparisons(archive)
    # Arvika's evaluations are of 2010 and 2020, totals only, and no crosswalk joins the two
    # versions: neither over time nor with another municipality would anything be compared.
    assert "1784" not in defaults
    arjeplog = defaults["2506"]
    assert [c.kind for c in arjeplog] == ["similar"]
    assert arjeplog[0].keys == ("arjeplog-2012", "arvidsjaur-2013")
    assert arjeplog[0].reason.startswith("Arvidsjaur liknar Arjeplog mest av de utvärderade kommunerna med "
                                         "totalpoäng: samma version (Kommunkompassen 2010) och samma län")
    assert "Folkmängd: Arjeplog 2\u202f785, " in arjeplog[0].reason  # from the reference file, as on the page
    # Bjuv's version is inferred from its year: "troligen samma version", never "samma version".
    assert "troligen samma version (Kommunkompassen 2010; versionen är härledd ur året)" in defaults["1882"][0].reason
    assert genitive("Höganäs") == "Höganäs" and genitive("Arvika") == "Arvikas"
    # Boden's only evaluation has no numbers: nothing to compare.
    assert "2582" not in defaults


def test_a_ready_made_comparison_is_a_page_with_its_table(archive):
    comparison = default_comparisons(archive)["2506"][0]
    page = compare_page(archive, comparison)
    assert page.startswith("# Jämförelse: Arjeplog 2012 och Arvidsjaur 2013\n")
    assert '!!! warning "Olika versioner"' not in page
    assert '<caption>Poäng för Arjeplog 2012, Arvidsjaur 2013</caption>' in page
    assert '<a href="../../kommuner/arjeplog/2012/">Arjeplog 2012</a>' in page
    assert '<a href="../?u=arjeplog-2012,arvidsjaur-2013">Jämför med andra utvärderingar</a>' in page
    assert "&lt;" not in page.split("<table")[1]  # the table is HTML, not escaped text
    assert routes.compare_url(comparison.keys) == "jamfor/arjeplog-2012--arvidsjaur-2013/"


def test_versions_without_a_crosswalk_say_there_is_no_key_not_no_counterpart(archive):
    alignment = align([evaluation(archive, "arvika-2014"), evaluation(archive, "arvika-2021")], archive)
    notes = {c.counterpart for row in alignment.rows if row.kind != "total" for c in row.cells if c.status == "none"}
    assert notes == {"ingen jämförelsenyckel mellan versionerna"}


def test_the_script_gets_every_evaluation_version_and_the_crosswalks_plan(archive):
    data = json.loads(compare_data(archive))
    assert sorted(data["evaluations"]) == sorted(ev.key for ev in archive.evaluations)
    assert data["evaluations"]["hjo-2018"] == {"title": "Hjo 2018", "url": "kommuner/hjo/2018/", "framework": "2016",
                                               "version": "Kommunkompassen 2016",
                                               "data": "data/utvarderingar/hjo-2018.json"}
    assert data["plan"] == counterpart_plan(archive.frameworks, archive.crosswalks)
    assert data["plan"]["2010>2016"]["areas"]["1"] == ["1", "samma namn på området"]
    assert "7" not in data["plan"]["2010>2016"]["areas"]


def test_the_municipality_page_links_its_comparisons(fixture_site):
    page = fixture_site.page("kommuner/arjeplog/")
    assert "## Jämför {#jamfor}" in page
    assert '<a href="../../jamfor/arjeplog-2012--arvidsjaur-2013/">' in page
    boden = fixture_site.page("kommuner/boden/")
    assert "Ingen färdig jämförelse: det finns bara en utvärdering av Boden och ingen känd totalpoäng" in boden


def test_sub_question_rows_appear_only_where_two_evaluations_have_them(archive):
    """Beside an evaluation with a total only, a full one's sub-questions would be rows of
    "uppgift saknas": the comparison shows the total and the areas instead."""
    with_questions = [ev for ev in archive.evaluations if any(a.questions for a in ev.data.areas.values())]
    total_only = next(ev for ev in archive.evaluations if ev.data.total is not None and not ev.data.areas
                      and ev.framework.id == with_questions[0].framework.id)
    lone = align([with_questions[0], total_only], archive)
    assert [r.kind for r in lone.rows if r.kind == "question"] == []
    both = align(with_questions[:2], archive)
    assert any(r.kind == "question" for r in both.rows)
