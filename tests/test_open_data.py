"""The open data in /data/: a valid Frictionless Data Package that describes every file in it."""

from __future__ import annotations

import csv
import json

import pytest


@pytest.fixture(scope="module")
def data_dir(built_site):
    return built_site / "data"


@pytest.fixture(scope="module")
def descriptor(data_dir) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def test_the_data_package_passes_the_frictionless_validator(data_dir):
    from frictionless import Package

    assert Package.validate_descriptor(str(data_dir / "datapackage.json")).valid
    report = Package(str(data_dir / "datapackage.json")).validate()
    errors = report.flatten(["taskName", "rowNumber", "fieldName", "type", "message"])
    assert report.valid, "\n".join(map(str, errors[:20]))
    assert {task.name for task in report.tasks} == {r["name"] for r in json.loads(
        (data_dir / "datapackage.json").read_text(encoding="utf-8"))["resources"]}


def test_the_package_describes_every_data_file_and_nothing_else(data_dir, descriptor):
    files = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()
             and p.suffix in (".csv", ".json") and p.name != "datapackage.json"
             and not p.name.endswith(".schema.json")}  # the schema of the YAML files is not data
    assert {r["path"] for r in descriptor["resources"]} == files
    assert "utvarderingar/amal-2019.json" in files


def csv_header(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def test_every_column_has_a_type_a_title_a_description_and_a_unit(data_dir, descriptor):
    tables = [r for r in descriptor["resources"] if r["format"] == "csv"]
    assert [t["path"] for t in tables] == ["utvarderingar.csv", "varden.csv", "poang.csv"]
    for table in tables:
        assert [f["name"] for f in table["schema"]["fields"]] == csv_header(data_dir / table["path"])
        for field in table["schema"]["fields"]:
            assert field["type"] in ("string", "integer", "number", "year"), field
            assert field.get("title") and (field.get("description") or field["name"] == "municipality"), field
            if field["type"] == "number" or field["name"] == "max":
                assert field.get("unit") in ("poäng", "procent"), f"{field['name']} has no unit"
                assert f"Enhet: {field['unit']}" in field["description"]


def test_the_package_names_its_licence_and_sources(descriptor):
    assert descriptor["licenses"] == [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/",
                                       "title": "Creative Commons Zero v1.0 Universal"}]
    assert any("SKR" in s["title"] for s in descriptor["sources"])
    assert any("SCB" in s["title"] for s in descriptor["sources"])
    amal = next(r for r in descriptor["resources"] if r["name"] == "utvardering-amal-2019")
    assert any("amal.se" in s.get("path", "") for s in amal["sources"]), "each evaluation names its own sources"
    assert descriptor["homepage"].endswith("/data/")


def test_the_data_page_explains_licence_citation_and_the_package(built_site):
    text = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    for words in ("datapackage.json", "CC0 1.0", "Så citerar du", "Licens", "Källor"):
        assert words in text
