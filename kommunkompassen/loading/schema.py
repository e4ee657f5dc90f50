"""The published JSON Schema of an evaluation file, generated from ``model.EvaluationData``.

Editors (VS Code with the YAML extension, JetBrains) read the first line of every data file,
``# yaml-language-server: $schema=../../docs/data/utvardering.schema.json``, and validate as
you type. Cross-field rules (sums, framework references) are the validator's job, not the
schema's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kommunkompassen import routes
from kommunkompassen.domain.model import EvaluationData

SCHEMA_PATH = Path(str(routes.SCHEMA_FILE))
SCHEMA_URL = "https://kommunkompassen.github.io/kommunkompassen/" + routes.SCHEMA_URL_PATH
SCHEMA_COMMENT = routes.SCHEMA_COMMENT


def evaluation_schema() -> dict[str, Any]:
    schema = EvaluationData.model_json_schema(mode="validation")
    _close_pattern_maps(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "Kommunkompassen: en utvärdering (data/evaluations/<kommun>-<år>.yaml)",
        "description": (
            "Fakta och poäng för en utvärdering. Ett värde skrivs som det står i källan (t.ex. 45) "
            "eller som {value, status, note} när det är härlett, osäkert eller saknas. "
            "Se data/README.md och CONTRIBUTING.md."
        ),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    return json.dumps(evaluation_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _close_pattern_maps(node: Any) -> None:
    """Maps keyed by a pattern ("1.1", "2") accept no other keys, as the validator does."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_pattern_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_pattern_maps(value)
