"""The guidance agrees with the tools: every command CONTRIBUTING.md, data/README.md, README.md
and the missing-reports page show names a script or ``./dev`` command that exists, with options the
script accepts (read from its ``--help``); the scaffold command runs as CONTRIBUTING shows it."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from functools import lru_cache

import pytest
from projectcopy import ROOT, empty_project
from scripts_inproc import run_script

DOCS = ["CONTRIBUTING.md", "data/README.md", "README.md"]
SCRIPT = re.compile(r"(?:\.venv/bin/python\s+)?scripts/([\w-]+)\.py([^`\n#<]*)")
DEV = re.compile(r"\./dev ([a-z-]+)([^`\n#<]*)")
OPTION = re.compile(r"(?<![\w-])(--[a-zåäö][a-zåäö-]*)")
# What ./dev passes its options on to (the dev script itself for serve's --dirty).
DEV_TARGETS = {"check": "validate", "generate": "generate", "bench": "benchmark"}


def commands(text: str) -> list[tuple[str, str, str]]:
    """(kind, name, arguments) of every command written in ``text``."""
    return [("script", m.group(1), m.group(2)) for m in SCRIPT.finditer(text)] + \
        [("dev", m.group(1), m.group(2)) for m in DEV.finditer(text)]


@lru_cache(maxsize=None)
def script_help(name: str) -> str:
    try:
        result = run_script(name, "--help")
    except TypeError:  # a main() that reads sys.argv itself: run it as a reader would
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / f"{name}.py"), "--help"],
                                capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, f"scripts/{name}.py --help: {result.stderr}"
    return result.stdout


def dev_commands() -> set[str]:
    return set(re.findall(r"^  ([a-z-]+)\)", (ROOT / "dev").read_text(encoding="utf-8"), re.M))


def problems_of(kind: str, name: str, arguments: str) -> list[str]:
    options = OPTION.findall(arguments)
    if kind == "script":
        if not (ROOT / "scripts" / f"{name}.py").is_file():
            return [f"scripts/{name}.py does not exist"]
        known = script_help(name) if options else ""
        return [f"scripts/{name}.py has no option {o}" for o in options if o not in known]
    if name not in dev_commands():
        return [f"./dev has no command {name!r}"]
    if not options:
        return []
    known = script_help(DEV_TARGETS[name]) if name in DEV_TARGETS else (ROOT / "dev").read_text(encoding="utf-8")
    return [f"./dev {name} has no option {o}" for o in options if o not in known]


@pytest.mark.parametrize("doc", DOCS)
def test_every_command_the_guidance_shows_exists_with_its_options(doc):
    found = commands((ROOT / doc).read_text(encoding="utf-8"))
    assert found
    wrong = [f"{doc}: {kind} {name}{args}: {p}" for kind, name, args in found for p in problems_of(kind, name, args)]
    assert wrong == []


def test_every_command_the_missing_reports_page_shows_exists_with_its_options(fixture_site):
    page = html.unescape(fixture_site.page("utvarderingar/saknade-rapporter/"))
    found = [c for code in re.findall(r"<code>(.*?)</code>", page) for c in commands(code)]
    assert "import_report" in {name for _, name, _ in found}
    wrong = [f"{name}{args}: {p}" for kind, name, args in found for p in problems_of(kind, name, args)]
    assert wrong == []


def test_the_check_sees_an_option_a_script_does_not_have():
    assert problems_of("script", "new_evaluation", " Åmål 2021 2020 --kommun Åmål") == \
        ["scripts/new_evaluation.py has no option --kommun"]
    assert problems_of("dev", "serve", " --dirty") == []
    assert problems_of("dev", "deploy", "") == ["./dev has no command 'deploy'"]


def test_the_scaffold_runs_as_contributing_shows_it_also_into_another_folder(tmp_path):
    """CONTRIBUTING: "Åmål 2021 2020", and --utmapp when the evaluation already exists."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    [arguments] = [args for kind, name, args in commands(text) if name == "new_evaluation" and args.strip()]
    project = empty_project(tmp_path / "project")
    first = run_script("new_evaluation", *arguments.split(), "--rot", project)
    assert first.returncode == 0, first.stderr
    again = run_script("new_evaluation", *arguments.split(), "--rot", project)
    assert again.returncode == 1 and "finns redan" in again.stderr
    elsewhere = run_script("new_evaluation", *arguments.split(), "--rot", project, "--utmapp", tmp_path / "utkast")
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert sorted(p.name for p in (tmp_path / "utkast").iterdir()) == ["amal-2021.md", "amal-2021.yaml"]
