"""A framework version is data: a fifth version with its own areas and maxima builds the whole site.

The fixture version "2026" has six areas of 50 points (300 in all) and its own symbol; two
evaluations of one municipality use it. Nothing in the code knows these numbers: pages, charts, the map, open
data, statistics, the schema and the scaffold all take them from the framework file.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sourcefacts
import yaml
from jsonschema import Draft202012Validator
from sitebuild import ROOT, copy_chart_cache, copy_project, mkdocs_build, shared_once

from kommunkompassen.domain.municipalities import Municipality
from kommunkompassen.importers.drafts import scaffold_data, scaffold_markdown
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.loading.municipalities import load_municipalities
from kommunkompassen.loading.schema import evaluation_schema

FIFTH = {
    "id": "2026",
    "name": "Kommunkompassen 2026",
    "period": "2026–",
    "description": "En påhittad version för tester: sex områden med högst 50 poäng vardera.",
    "max_total": 300,
    "drawing": {"marker": "v", "colour": "#56B4E9", "label": "2026"},
    "areas": [
        {"number": 1, "max": 50, "name": "Öppenhet",
         "questions": [{"id": "1.1", "max": 30, "text": "Finns en plan för öppenhet?"},
                       {"id": "1.2", "max": 20, "text": "Publiceras protokollen?"}]},
        *({"number": n, "max": 50, "name": f"Testområde {n}"} for n in range(2, 7)),
    ],
}
# A municipality without any other evaluation (today Kiruna, the last in the reference list), so
# that its timeline has this version's scale alone, whatever is added to data/.
NEWCOMER = sourcefacts.never_evaluated()[-1]
SLUG = load_municipalities(ROOT / "data" / "reference" / "municipalities.csv").by_code[NEWCOMER["code"]].slug
AREA_SCORES = {1: 41, 2: 35, 3: 30, 4: 25, 5: 20, 6: 10}
EVALUATION = {
    "municipality": {"code": NEWCOMER["code"], "name": NEWCOMER["name"]},
    "year": 2027,
    "framework": "2026",
    "evaluators_note": "Påhittad utvärdering för tester.",
    "total": sum(AREA_SCORES.values()),
    "areas": {
        "1": {"score": 41, "questions": {"1.1": {"score": 25, "max": 30, "percent": 83},
                                         "1.2": {"score": 16, "max": 20, "percent": 80}}},
        **{str(n): {"score": s} for n, s in AREA_SCORES.items() if n != 1},
    },
    "sources": [{"title": "Testkälla", "url": "https://example.org/test-2027.pdf", "used_for": "Allt."}],
}
# An earlier evaluation of the same municipality: its timeline has two points of the version.
EARLIER = {**EVALUATION, "year": 2026, "total": 120, "areas": {str(n): {"score": 20} for n in range(1, 7)},
           "sources": [{"title": "Testkälla", "url": "https://example.org/test-2026.pdf", "used_for": "Allt."}]}


@pytest.fixture(scope="module")
def fifth(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site), built once per test run even when both test workers use it."""

    def build(site: Path) -> None:
        project = copy_project(site.parent / "fifth-project")
        copy_chart_cache(project)  # only the fifth version's charts and those it changes are drawn
        (project / "data" / "frameworks" / "2026.yaml").write_text(
            yaml.safe_dump(FIFTH, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (project / "data" / "evaluations" / f"{SLUG}-2027.yaml").write_text(
            yaml.safe_dump(EVALUATION, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (project / "data" / "evaluations" / f"{SLUG}-2026.yaml").write_text(
            yaml.safe_dump(EARLIER, allow_unicode=True, sort_keys=False), encoding="utf-8")
        mkdocs_build(project, site)

    site = shared_once(tmp_path_factory, "fifth-site", build)
    return site.parent / "fifth-project", site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_the_evaluation_page_speaks_of_the_versions_own_maxima(fifth):
    html = page(fifth[1], f"kommuner/{SLUG}/2027")
    assert "av 300 poäng" in html
    assert "(max 50 per område)" in html
    assert "Poäng: 41" in html and "av 50" in html
    assert "av 800" not in html


def test_the_versions_pages_and_area_pages_exist(fifth):
    site = fifth[1]
    overview = page(site, "omraden")
    assert "Kommunkompassen 2026" in overview
    assert "Antalet områden och maxpoängen skiljer sig mellan versionerna" in overview
    assert "2010, 2016, 2020 och 2026" in overview
    assert "högst 50 poäng" in page(site, "omraden/2026/6")
    assert "Publiceras protokollen?" in page(site, "goda-exempel/2026/1-2")


def test_charts_use_the_versions_scale_and_symbol(fifth):
    site = fifth[1]
    areas = (site / f"grafik/kommuner/{SLUG}-2027-omraden.svg").read_text(encoding="utf-8")
    assert "Poäng (max 50)" in areas
    timeline = (site / f"grafik/kommuner/{SLUG}-totalpoang.svg").read_text(encoding="utf-8")
    assert "Version 2026" in timeline and "Totalpoäng (max 300)" in timeline
    assert "120" in timeline and "161" in timeline
    # Two totals are too few for a distribution: the version's page says so instead of a chart.
    assert not (site / "grafik/omraden/2026-totalpoang.svg").exists()
    assert "Ett diagram över fördelningen visas när minst 5 utvärderingar har poäng (nu 2)." in page(site, "omraden/2026")


def test_the_map_legend_names_the_fifth_version(fifth):
    html = page(fifth[1], "karta")
    assert "version 2026" in html
    assert f"{NEWCOMER['name']}: 161 poäng 2027 (Kommunkompassen 2026)" in html


def test_open_data_has_the_versions_areas_and_leaves_the_others_empty(fifth):
    site = fifth[1]
    rows = list(csv.DictReader(io.StringIO((site / "data/utvarderingar.csv").read_text(encoding="utf-8-sig"))))
    kiruna = next(r for r in rows if r["municipality"] == NEWCOMER["name"] and r["year"] == "2027")
    assert [kiruna[f"area_{n}"] for n in range(1, 7)] == [str(s) for s in AREA_SCORES.values()]
    assert kiruna["area_7"] == kiruna["area_8"] == ""
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "utvarderingar"
              for f in r["schema"]["fields"]}
    assert "2026" in fields["framework"]["constraints"]["enum"]


def test_statistics_count_the_fifth_version(fifth):
    html = page(fifth[1], "statistik")
    assert "Kommunkompassen 2026" in html


def test_the_schema_accepts_the_evaluation_and_the_scaffold_makes_a_valid_pair(fifth, tmp_path):
    project = fifth[0]
    Draft202012Validator(evaluation_schema()).validate(EVALUATION)
    archive = load_archive(project)
    framework = archive.frameworks["2026"]
    kiruna: Municipality = archive.municipalities.by_code[NEWCOMER["code"]]
    draft = scaffold_data(framework, kiruna, 2028)
    assert sorted(draft["areas"], key=int) == [str(n) for n in range(1, 7)]
    assert list(draft["areas"]["1"]["questions"]) == ["1.1", "1.2"]
    assert "Område 6" in scaffold_markdown(framework)
