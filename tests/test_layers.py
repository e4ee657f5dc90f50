"""The package's folders are layers: each imports only what README's table ("How the code is
laid out", column "Knows about") lets it know, so no layer imports one above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kommunkompassen"
README = PACKAGE.parent / "README.md"
# What each layer may import of the package besides itself and routes.py (README's table).
KNOWS = {
    "domain": set(),
    "loading": {"domain"},
    "charts": {"domain"},
    "site": {"domain", "loading", "charts"},
    "importers": {"domain", "loading"},
    # The adapter knows the site; it hands on the types the site's build takes and raises.
    "adapters": {"site", "domain", "loading"},
}
# Outside libraries a layer may not import.
LIBRARIES = {
    "domain": {"mkdocs", "jinja2", "matplotlib"},
    "loading": {"mkdocs", "jinja2", "matplotlib"},
    "charts": {"mkdocs", "jinja2"},
    "site": {"mkdocs"},
    "importers": {"mkdocs"},
    "adapters": set(),
}


def imports(path: Path, source: str | None = None) -> set[str]:
    """Every module ``path`` imports (its text, or ``source``), relative imports resolved and
    ``from kommunkompassen import site`` read as ``kommunkompassen.site``."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    names = set()
    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return names


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "kommunkompassen" and len(parts) > 1 else None


@pytest.mark.parametrize("layer", sorted(KNOWS))
def test_a_layer_imports_only_the_layers_the_readme_lets_it_know(layer):
    allowed = KNOWS[layer] | {layer, "routes"}
    wrong = sorted(f"{path.relative_to(PACKAGE)} imports {name}"
                   for path in (PACKAGE / layer).rglob("*.py") for name in imports(path)
                   if (layer_of(name) and (PACKAGE / layer_of(name)).is_dir() and layer_of(name) not in allowed)
                   or name.split(".")[0] in LIBRARIES[layer])
    assert wrong == []


def test_routes_knows_nothing_else():
    assert [n for n in imports(PACKAGE / "routes.py") if n.startswith("kommunkompassen")] == []


def test_every_layer_folder_is_in_the_readme_and_in_this_test():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(KNOWS)
    table = README.read_text(encoding="utf-8")
    for layer in folders:
        assert f"| `{layer}/" in table, f"README's layer table has no row for {layer}/"


def test_the_check_sees_an_upward_import_however_it_is_written():
    source = "from kommunkompassen import site\nfrom ..site import wording\nimport kommunkompassen.loading.archive\n"
    found = imports(PACKAGE / "charts" / "specs.py", source)
    assert {"kommunkompassen.site", "kommunkompassen.site.wording", "kommunkompassen.loading.archive"} <= found
    assert {layer_of(n) for n in found} - {None, "routes"} - KNOWS["charts"] - {"charts"} == {"site", "loading"}


def test_only_the_adapter_imports_mkdocs():
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if any(n == "mkdocs" or n.startswith("mkdocs.") for n in imports(p)))
    assert users == ["adapters/mkdocs.py"]
