"""The promise of issue 11: adding a valid evaluation pair to ``data/`` needs no test edited.

A copy of the project gets two more pairs: one made with the scaffold
(``scripts/new_evaluation.py``, every value unknown) and a renamed copy of Åmål 2019 with all
its scores, which ties with Åmål on every cell. The copy must build strictly, and the checks
that other tests make of the real archive's counts and ranks (read from the data files by
``sourcefacts``) must hold on the copy's site too. (That the whole suite passes with an added
pair is checked by hand; see README, "Tests".)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sourcefacts
import test_catalogue
import test_map
import test_site
import yaml
from sitebuild import ROOT, copy_chart_cache, copy_project, mkdocs_build, shared_once

from kommunkompassen.loading.schema import SCHEMA_COMMENT

# Two municipalities without any evaluation yet (so the new files cannot exist already): one
# gets a scaffolded pair of the 2020 version, the other a copy of Åmål 2019 (version 2016, same year).
FIRST, SECOND = (m for m in sourcefacts.never_evaluated()[:2])
SCAFFOLDED = (FIRST["code"], 2022, "2020")
RENAMED = ("amal-2019", SECOND["code"], SECOND["name"], 2019)


def renamed_slug() -> str:
    from kommunkompassen.loading.municipalities import load_municipalities

    return load_municipalities(ROOT / "data" / "reference" / "municipalities.csv").by_code[RENAMED[1]].slug


@pytest.fixture(scope="module")
def grown(built_site, tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): the checkout plus the two pairs, built with ``mkdocs build --strict``
    once per test run, even when both test workers use it.

    Depends on ``built_site`` so that the checkout's chart cache is complete before it is
    copied: only the new evaluations' charts (and those they change) are drawn again.
    """

    def build(site: Path) -> None:
        project = copy_project(site.parent / "grown-project", include=lambda path: not path.startswith("tests/"))
        copy_chart_cache(project)
        code, year, version = SCAFFOLDED
        run = subprocess.run([sys.executable, str(project / "scripts" / "new_evaluation.py"), code, str(year),
                              version], capture_output=True, text=True, cwd=project)
        assert run.returncode == 0, run.stderr
        source, code, new_name, new_year = RENAMED
        key = f"{renamed_slug()}-{new_year}"
        evaluations = project / "data" / "evaluations"
        shutil.copy(evaluations / f"{source}.md", evaluations / f"{key}.md")
        data = yaml.safe_load((evaluations / f"{source}.yaml").read_text(encoding="utf-8"))
        data.update(municipality={"code": code, "name": new_name}, year=new_year)
        (evaluations / f"{key}.yaml").write_text(SCHEMA_COMMENT + "\n" + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        mkdocs_build(project, site)

    site = shared_once(tmp_path_factory, "grown-site", build)
    return site.parent / "grown-project", site


@pytest.fixture
def grown_facts(grown, monkeypatch):
    """``sourcefacts`` reading the grown copy's data files, as the other tests read the checkout's."""
    monkeypatch.setattr(sourcefacts, "DATA", grown[0] / "data")
    return sourcefacts


@pytest.fixture(scope="module")
def grown_archive(grown):
    from kommunkompassen.loading.archive import load_archive

    return load_archive(grown[0])


def test_the_added_pairs_are_counted_and_have_pages(grown, grown_facts):
    _, site = grown
    real = len(list((ROOT / "data" / "evaluations").glob("*.yaml")))
    assert len(grown_facts.evaluations()) == real + 2
    start = (site / "index.html").read_text(encoding="utf-8")
    known = real + 2 + len(grown_facts.undated())
    assert (f"Webbplatsen känner till <strong>{known} utvärderingar</strong> av {len(grown_facts.evaluated_codes())} "
            f"av Sveriges {len(grown_facts.municipalities())} kommuner, {len(grown_facts.undated())} av dem utan "
            f"känt år. Av de {real + 2} med känt år") in start
    # One more scored evaluation of the 2016 version (a copy of Åmål's) adds no rank and no
    # site-made average to either page: the opening still gives the report's own comparison.
    for url in (f"kommuner/{renamed_slug()}/{RENAMED[3]}", "kommuner/amal/2019"):
        page = (site / url / "index.html").read_text(encoding="utf-8")
        assert "Placering" not in page and "Webbplatsens genomsnitt" not in page, url
        assert "Genomsnitt av 1 " not in page and "Medelvärde av 1 " not in page, url
        assert "20 poäng under rapportens jämförelsevärde: 473 poäng" in page, url
    scaffolded = next(e for e in grown_facts.evaluations() if e.code == SCAFFOLDED[0])
    municipality = (site / "kommuner" / scaffolded.key.rsplit("-", 1)[0] / "index.html").read_text(encoding="utf-8")
    assert f"{scaffolded.name} {SCAFFOLDED[1]}" in municipality


@pytest.mark.parametrize("check", [
    test_site.test_evaluation_page_opens_with_the_reports_comparison_and_the_area_table,
    test_site.test_the_site_averages_only_five_or_more_and_values_that_share_a_remark_share_its_number,
    test_catalogue.test_every_published_evaluation_has_a_page_and_a_csv_row_with_its_numbers,
    test_catalogue.test_published_totals_are_listed_as_what_they_are_with_stated_totals_only,
    test_catalogue.test_the_page_of_municipalities_without_an_evaluation_lists_only_those,
    test_catalogue.test_the_list_of_municipalities_can_be_filtered_and_includes_undated_ones,
    test_catalogue.test_statistics_count_per_year_and_version_and_name_no_records,
    test_map.test_every_municipality_is_a_link_to_its_existing_page,
    test_map.test_colours_follow_the_latest_stated_total_and_grey_means_no_total,
    test_map.test_the_map_has_a_title_a_description_a_legend_and_the_numbers_in_a_table,
], ids=lambda check: check.__name__)
def test_the_real_data_checks_hold_with_one_more_evaluation(grown, grown_facts, check):
    check(grown[1])


def test_the_evaluation_lists_count_what_the_grown_copy_holds(grown, grown_facts, grown_archive):
    test_catalogue.test_lists_say_how_much_of_each_evaluation_is_known(grown[1], grown_archive)
