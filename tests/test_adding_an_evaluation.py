"""The promise of issue 11 and 25: adding a valid evaluation pair to ``data/`` needs no test edited.

A copy of the project gets generated valid pairs of every framework version in
``data/frameworks/`` (``grown.py``: scores only; a full report with text, so also a version
without sub-questions with text; a second evaluation of a municipality with a full report; a
renamed copy of Åmål 2019 that ties with Åmål on every cell). The copy must build strictly
(the session fixture ``grown``, one build per test run), and the checks that other tests make
of the real archive (read from the data files by ``sourcefacts``) must hold on the copy's site
too. The print and accessibility tests (``tests/e2e``) and the HTML checker also read the
copy's new pages.
"""

from __future__ import annotations

import re

import pytest
import sourcefacts
import test_catalogue
import test_evidence
import test_feed
import test_links
import test_map
import test_sharing
import test_site
import test_swedish_only
from grown import PAIRS
from sitebuild import ROOT

COPY = next(p for p in PAIRS if p.kind == "copy")


@pytest.fixture(scope="module")
def grown_archive(grown):
    from kommunkompassen.loading.archive import load_archive

    return load_archive(grown[0])


def test_the_added_pairs_are_counted_and_have_pages(grown, grown_facts):
    _, site = grown
    real = len(list((ROOT / "data" / "evaluations").glob("*.yaml")))
    added = len(PAIRS)
    assert len(grown_facts.evaluations()) == real + added
    start = (site / "index.html").read_text(encoding="utf-8")
    known = real + added + len(grown_facts.undated())
    assert (f"Webbplatsen känner till <strong>{known} utvärderingar</strong> av {len(grown_facts.evaluated_codes())} "
            f"av Sveriges {len(grown_facts.municipalities())} kommuner, {len(grown_facts.undated())} av dem utan "
            f"känt år. Av de {real + added} med känt år") in start
    # More scored evaluations of the 2016 version (a tie with Åmål's among them) add no rank to
    # either page and no average: the opening still gives the report's own comparison, and the
    # site's average per area is on the version's page once it has MIN_POOL scores (grown.py
    # adds them), so that an evaluation's page does not move with the others' scores.
    from kommunkompassen.domain.claims import MIN_POOL

    for url in (COPY.url, "kommuner/amal/2019/"):
        page = test_swedish_only.visible_text((site / url / "index.html").read_text(encoding="utf-8"))
        assert "Placering" not in page, url
        assert not re.search(r"(?:Genomsnitt|Medelvärde) av \d+", page), url
        assert "står på versionens sida" in page, url
        assert "20 poäng under rapportens jämförelsevärde: 473 poäng" in page, url
    version = test_swedish_only.visible_text((site / "omraden" / "2016" / "index.html").read_text(encoding="utf-8"))
    certain = [e for e in grown_facts.evaluations() if e.framework == "2016" and not grown_facts.version_uncertain(e)
               and e.stated("areas", "1", "score") is not None]
    assert len(certain) >= MIN_POOL and "Medelpoäng" in version
    for pair in PAIRS:
        municipality = (site / "kommuner" / pair.slug / "index.html").read_text(encoding="utf-8")
        assert f"{pair.name} {pair.year}" in municipality, pair.key


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
    test_swedish_only.test_no_public_page_holds_english_file_names_or_awkward_wording,
    test_swedish_only.test_every_page_has_its_own_title_and_description,
    test_evidence.test_every_total_and_area_score_of_the_source_is_on_its_page_with_its_status_and_quote,
    test_evidence.test_derived_values_are_never_presented_as_stated,
    test_evidence.test_every_value_of_the_source_is_in_the_open_data_with_status_and_evidence,
    test_evidence.test_the_statistics_page_charts_every_known_total,
    test_evidence.test_the_missing_reports_page_lists_every_known_evaluation_without_data,
    test_evidence.test_add_the_text_opens_a_new_file_with_every_heading_the_text_needs,
    test_sharing.test_every_page_has_a_title_description_and_an_existing_card,
    test_feed.test_the_published_feed_has_every_evaluation_and_links_to_its_page,
], ids=lambda check: check.__name__)
def test_the_real_data_checks_hold_with_one_more_evaluation(grown, grown_facts, check):
    check(grown[1])


def test_the_evaluation_lists_count_what_the_grown_copy_holds(grown, grown_facts, grown_archive):
    test_catalogue.test_lists_say_how_much_of_each_evaluation_is_known(grown[1], grown_archive)


def test_every_added_pair_has_its_pages_with_its_total_and_its_text(grown, grown_facts):
    _, site = grown
    frameworks = grown_facts.frameworks()
    for pair in PAIRS:
        e = next(e for e in grown_facts.evaluations() if e.key == pair.key)
        fw = frameworks[pair.version]
        page = test_swedish_only.visible_text((site / pair.url / "index.html").read_text(encoding="utf-8"))
        total = sourcefacts.swedish_number(e.stated("total"))
        assert f"{pair.name} fick {total} av {fw['max_total']} poäng" in page, pair.key
        assert (site / pair.url / "forbattringsplan" / "index.html").is_file(), pair.key
        report = site / pair.url / "rapport" / "index.html"
        assert report.is_file() == pair.has_text, pair.key
        if pair.has_text:
            text = test_swedish_only.visible_text(report.read_text(encoding="utf-8"))
            for area in fw["areas"]:
                assert re.search(rf"Område {area['number']}: ", text), f"{pair.key}: area {area['number']}"


def test_no_link_on_the_grown_site_is_broken(grown):
    project, site = grown
    links = test_links.Site(site)
    broken = test_links.broken_links(links, project)
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken[:40])
    test_links.test_every_page_in_the_sitemap_exists(links)
    test_links.test_every_chart_has_a_text_alternative_with_its_numbers(links)


def test_a_page_named_by_many_reports_lists_them_all_and_prints_two_and_how_many_more(grown):
    from grown import NAMED

    page = (grown[1] / "kommuner" / NAMED.key.removesuffix(f"-{NAMED.year}") / str(NAMED.year) / "index.html")
    text = test_swedish_only.visible_text(page.read_text(encoding="utf-8"))
    named = text.count(f"pekar på {NAMED.name} som förebild")
    assert named > 2  # every generated full report names it
    assert f"och {named - 2} till på sidan på webbplatsen" in text


def test_no_role_model_is_oneself_or_below_the_rule_on_the_grown_copy(grown_archive):
    import test_role_models

    test_role_models.test_on_real_data_no_role_model_is_oneself_or_below_the_rule(grown_archive)
