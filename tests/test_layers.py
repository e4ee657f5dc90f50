"""The package's folders are layers: each imports only the layers below it (README, "How the code is laid out")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kommunkompassen"
# What each layer may not import (package layers and outside libraries).
FORBIDDEN = {
    "domain": {"kommunkompassen.loading", "kommunkompassen.site", "kommunkompassen.charts",
               "kommunkompassen.importers", "kommunkompassen.adapters", "mkdocs", "jinja2", "matplotlib"},
    "loading": {"kommunkompassen.site", "kommunkompassen.charts", "kommunkompassen.importers",
                "kommunkompassen.adapters", "mkdocs", "jinja2", "matplotlib"},
    "charts": {"kommunkompassen.importers", "kommunkompassen.adapters", "mkdocs", "jinja2"},
    "site": {"kommunkompassen.importers", "kommunkompassen.adapters", "mkdocs"},
    "importers": {"kommunkompassen.site", "kommunkompassen.adapters", "mkdocs"},
}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_the_layers_below_it(layer):
    wrong = sorted(f"{path.relative_to(PACKAGE)} imports {name}"
                   for path in (PACKAGE / layer).rglob("*.py") for name in imports(path)
                   if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]))
    assert wrong == []


def test_only_the_adapter_imports_mkdocs():
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if any(n == "mkdocs" or n.startswith("mkdocs.") for n in imports(p)))
    assert users == ["adapters/mkdocs.py"]
