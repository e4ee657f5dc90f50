"""The published JSON Schema: generated from the model, up to date, and true to the data files."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from projectcopy import ROOT

from kommunkompassen.loading.schema import SCHEMA_COMMENT, SCHEMA_PATH, evaluation_schema, schema_text
from kommunkompassen.loading.yamlio import load_yaml

EVALUATIONS = sorted((ROOT / "data" / "evaluations").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    schema = evaluation_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_published_schema_is_up_to_date():
    published = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert published == schema_text(), "kör python scripts/write_schema.py och checka in resultatet"


@pytest.mark.parametrize("path", EVALUATIONS, ids=lambda p: p.name)
def test_every_evaluation_file_names_the_schema_and_follows_it(validator, path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENT
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(load_yaml(path))]
    assert errors == []


def minimal(**changes):
    data = {"municipality": {"code": "1492", "name": "Åmål"}, "year": 2019, "framework": "2016",
            "sources": [{"title": "Rapporten", "file": "rapport.pdf", "used_for": "Allt"}]}
    data.update(changes)
    return data


@pytest.mark.parametrize("value", [55, 54.5, {"value": 55, "note": "ur tabellen"},
                                   {"value": None, "note": "oläslig"},
                                   {"value": 55, "status": "uncertain", "note": "skadad"}])
def test_a_value_is_a_plain_number_or_a_value_with_status_and_note(validator, value):
    assert not list(validator.iter_errors(minimal(areas={"1": {"score": value}})))


@pytest.mark.parametrize("change", [
    {"areas": {"1": {"score": "femtiofem"}}},
    {"areas": {"1": {"score": {"value": 55, "status": "kanske"}}}},
    {"areas": {"0": {"score": 55}}},
    {"areas": {"1": {"score": 7, "questions": {"1.x": {"score": 7, "max": 15, "percent": 45}}}}},
    {"areas": {"1": {"score": 7, "questions": {"0.1": {"score": 7, "max": 15, "percent": 45}}}}},
    {"year": "2019"},
    {"total": {"value": 453, "noot": "stavfel"}},
])
def test_the_schema_rejects_what_the_validator_rejects(validator, change):
    assert list(validator.iter_errors(minimal(**change)))


def test_the_schema_is_published_with_the_site():
    schema = json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))
    assert schema["$id"].startswith("https://kommunkompassen.github.io/kommunkompassen/")
