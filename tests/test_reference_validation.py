"""Reference files are untrusted too: a broken municipalities.csv or GeoJSON is refused with
file, row or field, and what is expected; never a traceback, never a half site."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from projectcopy import ROOT

CSV = "data/reference/municipalities.csv"
GEO = "data/reference/municipalities.geojson"


def edit_csv(d, old: str, new: str) -> None:
    path = d.root / CSV
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(d, needle: str) -> int:
    return next(i for i, line in enumerate((d.root / CSV).read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


@pytest.mark.parametrize("old, new, field, message", [
    ("0305,Håbo,", "0305/../../../x,Håbo,", "code", "'0305/../../../x' är inte en kommunkod (fyra siffror)"),
    ("0114,Upplands Väsby,", "0115,Upplands Väsby,", "code", "koden 0115 finns redan på rad 2"),
    ("1492,Åmål,", "1492,,", "name", "värdet saknas"),
    ("1492,Åmål,", "1492,Åmål\u202e,", "name", "'Åmål\\u202e' innehåller en radbrytning eller ett annat "
     "kontrolltecken"),
    ("1492,Åmål,", "1492,Habo 0305,", "name", "namnet 'Habo 0305' ger adressen 'habo-0305', som kommunen på rad "
     "28 redan har"),
    ("1492,Åmål,", "1492,–,", "name", "namnet '–' ger ingen adress; det behöver minst en bokstav a–z (å, ä, ö "
     "räknas som a, a, o)"),
    (",46786,2019", ",46786,20x9", "population_year", "'20x9' är inte ett heltal 1900–2100"),
    (",46786,2019", ",46786,2019,extra", "", "raden har inte 7 fält"),
    (",46786,2019", ",många,2019", "population", "'många' är inte ett heltal 0–100000000"),
])
def test_a_broken_municipality_row_names_its_row_and_column(data_copy, old, new, field, message):
    d = data_copy()
    edit_csv(d, old, new)
    row = line_of(d, new) + (1 if "finns redan" in message else 0)  # a duplicate is the later row
    assert d.problems() == [f"{CSV}: rad {row}: {field}: {message}" if field else f"{CSV}: rad {row}: {message}"]


def test_missing_columns_and_a_file_that_is_not_utf8_are_named(data_copy):
    d = data_copy()
    path = d.root / CSV
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("skr_group_2017,", "grupp,", 1), encoding="utf-8")
    assert d.problems() == [f"{CSV}: rad 1: kolumnerna skr_group_2017 saknas; väntat code, name, county_code, "
                            "county, skr_group_2017, population, population_year"]
    path.write_bytes(text.encode("utf-8").replace("Åmål".encode(), "Åmål".encode("latin-1")))
    [problem] = d.problems()
    assert problem.startswith(f"{CSV}: rad ") and problem.endswith("filen är inte UTF-8; spara den som UTF-8")


def test_the_boundaries_must_match_the_municipalities(data_copy):
    d = data_copy()
    path = d.root / GEO
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["code"] = "../x"
    doc["features"][1]["geometry"]["coordinates"] = [[["öst", 59.0]]]
    first = json.loads((ROOT / GEO).read_text(encoding="utf-8"))["features"][0]["properties"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert d.problems() == [
        f"{GEO}: features: kommunen {first['code']} ({first['name']}) saknar gräns",
        f"{GEO}: features.0.properties.code: '../x' är inte en kommunkod (fyra siffror)",
        f"{GEO}: features.1.geometry.coordinates: koordinaterna ska vara listor av [longitud, latitud] med "
        "ändliga tal",
    ]
    path.write_text("{not json", encoding="utf-8")
    assert d.problems() == [f"{GEO}: rad 1: filen är inte giltig JSON"]


def test_check_and_the_scripts_report_a_broken_reference_file_without_a_traceback(data_copy):
    d = data_copy()
    edit_csv(d, "0305,Håbo,", "0305/../x,Håbo,")
    for script in ("validate.py", "new_evaluation.py"):
        args = [str(d.root)] if script == "validate.py" else ["Åmål", "2031", "2016", "--rot", str(d.root)]
        run = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True)
        assert run.returncode == 1, (script, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
        assert f"  {CSV}: rad 28: code: '0305/../x' är inte en kommunkod (fyra siffror)" in run.stderr.splitlines()


def test_a_broken_entry_of_the_published_results_names_the_entry_and_field(data_copy):
    import yaml

    d = data_copy()
    path = d.root / "data/reference/published-results.yaml"
    source = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = source["evaluations"][0]
    first["total_score"] = "många"
    del source["evaluations"][1]["municipality"]
    source["evaluations"][2]["area_scores"] = [{"area": 1}]
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    second_year, third = source["evaluations"][1]["year"], source["evaluations"][2]
    run = subprocess.run([sys.executable, str(ROOT / "scripts/import_published.py"), "--root", str(d.root)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    file = "data/reference/published-results.yaml"
    assert run.stderr.splitlines()[1:] == [
        f"  {file}: evaluations.0 ({first['municipality']} {first['year']}).total_score: värdet 'många' ska vara ett tal",
        f"  {file}: evaluations.1 (kommun saknas {second_year}).municipality: obligatorisk nyckel saknas",
        f"  {file}: evaluations.2 ({third['municipality']} {third['year']}).area_scores.0.score: "
        "obligatorisk nyckel saknas",
    ]


# --- municipalities.csv: the whole file ---------------------------------------------------------


def test_every_broken_row_is_reported_together_and_a_quoted_newline_names_the_rows_first_line(data_copy):
    d = data_copy()
    edit_csv(d, "0114,Upplands Väsby,", '0114,"Upplands\nVäsby",')
    edit_csv(d, "1492,Åmål,14,", "1492,Åmål,X4,")
    assert d.problems() == [  # Åmål's row is one line further down now
        f"{CSV}: rad {line_of(d, '1492,Åmål,X4')}: county_code: 'X4' är inte en länskod (två siffror)",
        f"{CSV}: rad 2: name: 'Upplands\\nVäsby' innehåller en radbrytning eller ett annat kontrolltecken",
    ]


def test_an_empty_municipality_file_or_one_without_rows_is_refused(data_copy):
    d = data_copy()
    path = d.root / CSV
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("", encoding="utf-8")
    assert d.problems() == [f"{CSV}: filen är tom; väntat rubrikraden code,name,county_code,county,"
                            "skr_group_2017,population,population_year och en rad per kommun"]
    path.write_text(header + "\n", encoding="utf-8")
    assert d.problems() == [f"{CSV}: filen har inga kommuner"]


# --- municipalities.geojson ---------------------------------------------------------------------


def test_each_broken_boundary_feature_is_named_by_its_place_and_field(data_copy):
    d = data_copy()
    path = d.root / GEO
    doc = json.loads(path.read_text(encoding="utf-8"))
    features = doc["features"]
    codes = [f["properties"]["code"] for f in features[:4]]
    names = [f["properties"]["name"] for f in features[:4]]
    del features[0]["properties"]["code"]
    features[1]["geometry"] = None
    features[2]["properties"]["code"] = "9999"
    features[3]["geometry"]["type"] = "Point"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert d.problems() == [
        f"{GEO}: features: kommunen {codes[0]} ({names[0]}) saknar gräns",
        f"{GEO}: features: kommunen {codes[2]} ({names[2]}) saknar gräns",
        f"{GEO}: features.0.properties.code: kommunkoden saknas",
        f"{GEO}: features.1.geometry: kommunen {codes[1]} saknar geometri (gränsen)",
        f"{GEO}: features.2.properties.code: koden 9999 finns inte i municipalities.csv",
        f"{GEO}: features.3.geometry: väntat en Polygon eller MultiPolygon",
    ]


def test_boundaries_that_are_not_a_feature_collection_are_refused(data_copy):
    d = data_copy()
    path = d.root / GEO
    path.write_text('{"type": "Feature", "features": []}', encoding="utf-8")
    assert d.problems() == [f"{GEO}: väntat en GeoJSON FeatureCollection med 'features'"]


# --- published-results.yaml (the catalogue import's source) -------------------------------------

PUBLISHED = "data/reference/published-results.yaml"


def break_published(d, change) -> dict:
    import yaml

    path = d.root / PUBLISHED
    source = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(source["evaluations"])
    path.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return source


def test_published_results_name_unknown_keys_and_missing_statuses_and_read_unquoted_dates_as_text(data_copy):
    import datetime

    from kommunkompassen.loading.published import read_published

    def change(entries):
        entries[0]["total_scor"] = entries[0].pop("total_score")
        entries[1]["total_score"], entries[1]["total_score_status"] = 500, None
        entries[2]["report_date"] = datetime.date(2015, 3, 24)
        entries[3]["sources"] = [{"url": "https://example.org", "quot": "ord"}, {"quote": "utan adress"}]
        entries[4] = "Åmål 2019"

    d = data_copy()
    e = break_published(d, change)["evaluations"]
    label = [f"{x['municipality']} {x['year'] if x['year'] is not None else '(år saknas)'}" for x in e[:4]]
    source, problems = read_published(d.root / PUBLISHED)
    assert source is None
    assert [str(p) for p in problems] == sorted([
        f"{PUBLISHED}: evaluations.0 ({label[0]}).total_score: obligatorisk nyckel saknas",
        f"{PUBLISHED}: evaluations.0 ({label[0]}).total_scor: okänd nyckel (stavfel? se data/README.md för "
        "tillåtna nycklar)",
        f"{PUBLISHED}: evaluations.1 ({label[1]}).total_score_status: saknas; ange var totalpoängen kommer "
        "ifrån (t.ex. stated eller derived (…))",
        f"{PUBLISHED}: evaluations.3 ({label[3]}).sources: post 0: okänd nyckel quot (tillåtna: url, quote, "
        "supports, note)",
        f"{PUBLISHED}: evaluations.4: ska vara en mappning (nyckel: värde), inte 'Åmål 2019'",
    ])


def test_check_and_the_import_report_a_published_file_that_is_not_yaml_without_a_traceback(data_copy):
    d = data_copy()
    (d.root / PUBLISHED).write_text("evaluations:\n  - municipality: [Åmål\n", encoding="utf-8")
    check = subprocess.run([sys.executable, str(ROOT / "scripts/validate.py"), str(d.root)],
                           capture_output=True, text=True)
    run = subprocess.run([sys.executable, str(ROOT / "scripts/import_published.py"), "--root", str(d.root)],
                         capture_output=True, text=True)
    for result in (check, run):
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"  {PUBLISHED}: ogiltig YAML: rad 3, kolumn 1: " in result.stderr, result.stderr


# --- undated.yaml, facts.yaml and a report text that is not UTF-8 -------------------------------


def test_catalogue_files_and_report_texts_that_cannot_be_read_are_named(data_copy):
    d = data_copy()
    (d.root / "data/undated.yaml").write_text("", encoding="utf-8")
    (d.root / "data/facts.yaml").write_bytes("file: x\nfacts: [{label: Åmål}]\n".encode("latin-1"))
    d.path("amal-2019.md").write_bytes(d.path("amal-2019.md").read_bytes() + "\nÅ".encode("latin-1"))
    lines = d.path("amal-2019.md").read_bytes().count(b"\n") + 1
    assert d.problems() == [
        "data/evaluations/amal-2019.md: rad %d: filen är inte UTF-8; spara den som UTF-8" % lines,
        "data/facts.yaml: rad 2: filen är inte UTF-8; spara den som UTF-8",
        "data/undated.yaml: filen är tom; ta bort den eller skriv in 'file:' och listan (se data/README.md)",
    ]


def test_undated_and_facts_name_file_and_field(data_copy):
    d = data_copy()
    (d.root / "data/undated.yaml").write_text(
        "file: x\nevaluations:\n- municipality: {code: '1492', name: Åmåll}\n  framework: '2016'\n"
        "  year_note: okänt\n  sources: [{title: t, url: 'https://example.org', used_for: u}]\n", encoding="utf-8")
    (d.root / "data/facts.yaml").write_text("file: x\nfacts:\n- label: l\n  source_text: s\n  sources: []\n",
                                            encoding="utf-8")
    assert d.problems() == [
        "data/facts.yaml: rad 5: facts.0.sources: får inte vara tom (minst en post)",
        "data/undated.yaml: evaluations.0.municipality: '1492' 'Åmåll' finns inte bland Sveriges 290 kommuner",
    ]


# --- the build -----------------------------------------------------------------------------------


def test_the_strict_build_prints_a_broken_reference_file_and_writes_no_site(tmp_path):
    from sitebuild import copy_project

    project = copy_project(tmp_path / "p", lambda rel: not rel.startswith("data/evaluations/"))
    (project / "data/evaluations").mkdir(parents=True, exist_ok=True)
    text = (project / CSV).read_text(encoding="utf-8")
    (project / CSV).write_text(text.replace("0305,Håbo,", "0305/../../../x,Håbo,", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert f"{CSV}: rad 28: code: '0305/../../../x' är inte en kommunkod (fyra siffror)" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()
