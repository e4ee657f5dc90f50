"""The site's words for a value have one home: ``domain/recorded.py`` (what a missing value reads
as, the status words) and ``site/wording.py`` (claims, versions, counts). A second copy of a
word drifts: this test finds one written again as a string in the code or as markup in a template."""

from __future__ import annotations

import ast

from conftest import ROOT

from kommunkompassen.domain.recorded import MISSING, QUALIFIERS, STATUS_LABELS

PACKAGE = ROOT / "kommunkompassen"
HOME = PACKAGE / "domain" / "recorded.py"


def test_status_words_are_written_once_as_strings_in_the_code():
    words = set(STATUS_LABELS.values())
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == HOME:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in words:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert found == []
    assert MISSING == "uppgift saknas" and QUALIFIERS == {"derived": "härlett", "uncertain": "osäkert"}


def test_templates_show_a_missing_value_through_the_one_helper():
    written = [p.name for p in sorted((PACKAGE / "site" / "templates").glob("*.j2"))
               if '<span class="kk-missing">uppgift saknas</span>' in p.read_text(encoding="utf-8")]
    assert written == []
