"""The import workflow's only writes: a branch per issue, a draft pull request, a comment.

Used by ``scripts/open_import_pr.py`` in the workflow's second job, which holds the write
token and never runs anything from the report: it reads the files the first job left
(``read_artifact`` checks their names, sizes and shape and trusts nothing else), copies the pair
into a checkout, and calls Git and GitHub's REST API. Standard library only, so the job needs
no install.

- **The branch** ``import/rapport-<issue>``: the first run makes it from the default branch;
  a later run on the same issue commits on top of it. The import's commits have the author
  ``AUTHOR``; if the pair on the branch differs from what the import's last commit wrote, a
  maintainer has edited it, and nothing is written (``update_branch`` says ``edited``).
- **The pull request**: a draft "Utvärdering: <kommun> <år> (från #N)", opened once and
  updated on later runs.
- **The comment** on the issue: the first job's summary, with the pull request's and the
  review artifact's addresses.

``dry_run`` prints each Git command and API call instead of running it.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

API = "https://api.github.com"
AUTHOR = ("Kommunkompassens import", "41898282+github-actions[bot]@users.noreply.github.com")
BRANCH = "import/rapport-{issue}"
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-(?:19|20)\d\d$")
TITLE = re.compile(r"^Utvärdering: [^\r\n`<>@#\[\]]{1,80} (?:19|20)\d\d \(från #(\d+)\)$")
MAX_FILE = 2 << 20
MAX_COMMENT = 60000  # GitHub takes 65536 characters


class ArtifactError(Exception):
    pass


@dataclass(frozen=True)
class Draft:
    issue: int
    ok: bool
    comment: str
    key: Optional[str] = None
    pr_title: Optional[str] = None
    files: tuple[tuple[str, Path], ...] = ()  # (path in the repository, file in the artifact)

    @property
    def branch(self) -> str:
        return BRANCH.format(issue=self.issue)


def read_artifact(folder: Path, issue: int) -> Draft:
    """What the first job wrote for ``issue`` (the number from the event, not from the artifact)."""
    try:
        result = json.loads((folder / "resultat.json").read_text(encoding="utf-8"))
        comment = (folder / "kommentar.md").read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"the artifact has no readable resultat.json and kommentar.md ({exc})") from None
    if not isinstance(result, dict) or result.get("issue") != issue or result.get("status") not in ("ok", "fel"):
        raise ArtifactError(f"resultat.json is not about issue #{issue}")
    if len(comment) > MAX_COMMENT:
        raise ArtifactError("kommentar.md is too long")
    if result["status"] == "fel":
        return Draft(issue, False, comment)
    key, title = result.get("key"), result.get("pr_title")
    if not isinstance(key, str) or not KEY.match(key):
        raise ArtifactError(f"{key!r} is not an evaluation's key")
    match = TITLE.match(title) if isinstance(title, str) else None
    if not match or int(match.group(1)) != issue:
        raise ArtifactError(f"{title!r} is not a pull request title for issue #{issue}")
    files = []
    for suffix in (".yaml", ".md"):
        repo_path = f"data/evaluations/{key}{suffix}"
        local = folder / "utkast" / repo_path
        if local.is_symlink() or not local.is_file() or local.stat().st_size > MAX_FILE:
            raise ArtifactError(f"{repo_path} is missing, not a file or larger than {MAX_FILE} bytes")
        local.read_bytes().decode("utf-8")  # text, or UnicodeDecodeError
        files.append((repo_path, local))
    if result.get("files") != [f for f, _ in files]:
        raise ArtifactError("resultat.json names other files than the pair")
    return Draft(issue, True, comment, key, title, tuple(files))


# --- Git ---------------------------------------------------------------------------------------


class Git:
    def __init__(self, repo: Path, dry_run: bool = False, echo: Callable[[str], None] = print):
        self.repo, self.dry_run, self.echo = repo, dry_run, echo

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        if self.dry_run:  # nothing runs, not even a fetch; the plan is the one for a new branch
            self.echo(shlex.join(["git", *args]))
            return subprocess.CompletedProcess(args, 1 if args[0] == "fetch" and not check else 0, "", "")
        return subprocess.run(["git", "-C", str(self.repo), *args], capture_output=True, text=True, check=check)


def update_branch(git: Git, draft: Draft, base: str) -> str:
    """Put the draft's pair on its branch: ``created``, ``updated``, ``unchanged``, or ``edited``
    (a maintainer changed the pair since the import's last commit; nothing written)."""
    files = [f for f, _ in draft.files]
    remote = f"origin/{draft.branch}"
    exists = git("fetch", "--quiet", "origin", f"+refs/heads/{draft.branch}:refs/remotes/{remote}",
                 check=False).returncode == 0
    if git.dry_run:
        git.echo(f"# finns grenen redan, skrivs bara om paret där är det importen senast skrev ({AUTHOR[0]})")
    if exists:
        last = git("log", "-1", "--format=%H", f"--author=^{AUTHOR[0]} <", remote, "--", *files).stdout.strip()
        if not last or git("diff", "--quiet", last, remote, "--", *files, check=False).returncode != 0:
            return "edited"
        git("checkout", "--quiet", "-B", draft.branch, remote)
    else:
        git("fetch", "--quiet", "origin", base)
        git("checkout", "--quiet", "-B", draft.branch, f"origin/{base}")
    for repo_path, local in draft.files:
        if git.dry_run:
            git.echo(f"cp {local} {repo_path}")
        else:
            shutil.copyfile(local, git.repo / repo_path)
    git("add", "--", *files)
    if not git.dry_run and git("diff", "--cached", "--quiet", check=False).returncode == 0:
        return "unchanged"
    git("-c", f"user.name={AUTHOR[0]}", "-c", f"user.email={AUTHOR[1]}", "commit", "--quiet", "-m",
        f"{draft.pr_title.split(' (från')[0]}: utkast ur rapporten i #{draft.issue}")
    git("push", "--quiet", "origin", f"HEAD:refs/heads/{draft.branch}")
    return "updated" if exists else "created"


# --- the REST API --------------------------------------------------------------------------


class GitHub:
    def __init__(self, repository: str, token: Optional[str], dry_run: bool = False,
                 echo: Callable[[str], None] = print):
        self.repository, self.token, self.dry_run, self.echo = repository, token, dry_run, echo

    def call(self, method: str, path: str, body: Optional[dict] = None, reads: bool = False) -> Any:
        url = f"{API}/repos/{self.repository}{path}"
        if self.dry_run:
            self.echo(f"{method} {url}" + (f"\n{json.dumps(body, ensure_ascii=False, indent=1)}" if body else ""))
            return [] if reads else {"html_url": f"https://github.com/{self.repository}/pull/(ny)", "number": 0}
        request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "Accept": "application/vnd.github+json",
                                                  "X-GitHub-Api-Version": "2022-11-28",
                                                  "User-Agent": "kommunkompassen-import"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def draft_pull_request(self, branch: str, base: str, title: str, body: str) -> str:
        owner = self.repository.split("/")[0]
        found = self.call("GET", f"/pulls?head={owner}:{branch}&state=open", reads=True)
        if found:
            return self.call("PATCH", f"/pulls/{found[0]['number']}", {"title": title, "body": body})["html_url"]
        return self.call("POST", "/pulls", {"title": title, "head": branch, "base": base, "body": body,
                                            "draft": True})["html_url"]

    def comment(self, issue: int, body: str) -> None:
        self.call("POST", f"/issues/{issue}/comments", {"body": body})


def pr_body(draft: Draft) -> str:
    return "\n".join([
        f"Utkast ur rapporten som skickades in i #{draft.issue}, gjort av importen "
        "(`.github/workflows/import-report.yml`). Closes #" + str(draft.issue) + ".",
        "",
        "Granska det som en vanlig pull request, med rapporten bredvid: CONTRIBUTING.md, avsnittet "
        "\"Granska ett importerat utkast\". Kontrollerna (`pr.yml`) startar inte av sig själva för en pull request "
        "som ett workflow har öppnat: markera den som klar för granskning och stäng och öppna den igen, "
        "eller gör en ändring, så körs de.",
        "",
        "---",
        "",
        draft.comment,
    ])


def issue_comment(draft: Draft, outcome: Optional[str], pr_url: Optional[str], review_url: Optional[str]) -> str:
    if not draft.ok:
        return draft.comment
    review = (f"\n**Granskningssidan och webbplatsen med utkastet** (zip-fil, för den som granskar): {review_url}\n"
              if review_url else "")
    if outcome == "edited":
        return (f"## Importen kördes igen, men inget skrevs över\n\nUtkastet för {draft.pr_title.split(': ', 1)[1]} "
                f"på grenen `{draft.branch}` har ändrats av en granskare sedan importens senaste commit, så "
                "importen lät det vara. Det nya utkastet och granskningssidan finns i artefakten." + review)
    head = {"created": "Ett utkast är öppnat", "updated": "Utkastet är uppdaterat",
            "unchanged": "Utkastet är oförändrat"}[outcome]
    return f"{draft.comment}\n---\n\n**{head}:** {pr_url}\n{review}"


def publish(draft: Draft, git: Git, github: GitHub, base: str, review_url: Optional[str]) -> str:
    """Branch, pull request and comment for one run; returns the comment posted."""
    outcome, pr_url = None, None
    if draft.ok:
        outcome = update_branch(git, draft, base)
        if outcome != "edited":
            pr_url = github.draft_pull_request(draft.branch, base, draft.pr_title, pr_body(draft))
    body = issue_comment(draft, outcome, pr_url, review_url)
    github.comment(draft.issue, body)
    return body


def failure_comment(run_url: Optional[str]) -> str:
    return ("## Importen avbröts\n\nNågot gick fel i importen innan den hann göra ett utkast eller säga vad som var "
            "fel med rapporten. En granskare behöver läsa körningens logg"
            + (f": {run_url}" if run_url else "") + ". Ärendet och rapporten finns kvar; inget har ändrats.\n")
