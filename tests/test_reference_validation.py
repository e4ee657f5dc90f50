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
    ("1492,Åmål,", "1492,Åmål\u202e,", "name", "'Åmål\\u202e': kontrolltecken eller över 200 tecken"),
    (",46786,2019", ",många,2019", "population", "'många' är inte ett heltal 0–100000000"),
])
def test_a_broken_municipality_row_names_its_row_and_column(data_copy, old, new, field, message):
    d = data_copy()
    edit_csv(d, old, new)
    row = line_of(d, new) + (1 if "finns redan" in message else 0)  # a duplicate is the later row
    assert d.problems() == [f"{CSV}: rad {row}: {field}: {message}"]


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
        assert "är inte en kommunkod (fyra siffror)" in run.stderr


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
