"""When each evaluation's data file was added and when its content last changed, from Git.

The feed dates an evaluation by its files' history: the data's own history, the same in every
build of one commit, never the clock. A commit counts as a change of an evaluation only when it
changed what the evaluation says, and only when it was about few evaluations:

- *What the evaluation says*: its values (scores, totals, year, version, evaluators, …) and its
  report's text. Notes, sources, the import's record (``imported:``), comments, quoting, key
  order and line breaks are left out, so a commit that only reformats a file, rewords a note or
  re-imports the same values changes nothing. A value written ``{value: 7}`` equals ``7``.
- *About few evaluations*: a commit that touches more than ``BULK`` evaluations at once (a
  bulk import or a change of format across the archive) dates none of them as changed; it
  still dates the evaluations it adds.

``added`` is the first commit that has the file; ``changed`` the newest commit that changed its
content by these rules, else ``added``. The data page (docs/data/index.md) says the same in
Swedish. Outside a Git checkout (a copy, an archive) there is no history, and the feed falls
back to the evaluation's own date.
"""

from __future__ import annotations

import logging
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

from kommunkompassen import routes
from kommunkompassen.loading.yamlio import parse_yaml

# Not under MkDocs' logger: a commit's date is the committer's clock, not data a maintainer can
# correct after the merge, so it warns without failing the strict build.
log = logging.getLogger("kommunkompassen.history")

# More evaluations than this in one commit: a bulk commit (an import, a change of format).
BULK = 10
# Keys that say where a value comes from or comment on it, not what the evaluation says.
NOT_CONTENT = frozenset({"sources", "notes", "note", "imported", "evaluators_note"})
_NULL_SHA = re.compile(r"^0+$")


@dataclass(frozen=True)
class FileDates:
    added: int  # seconds since 1970 (UTC) of the first commit that has the file
    changed: int  # … and of the newest commit that changed its content (see the module's rules)


def _content(path: str, text: Optional[str]) -> Any:
    """What a version of a data file says, without its formatting and commentary."""
    if text is None:
        return None
    if not path.endswith((".yaml", ".yml")):
        return " ".join(text.split())
    try:
        data, _ = parse_yaml(text)
    except ValueError:
        return text  # an unreadable old version: compared as written
    return _values(data)


def _values(data: Any) -> Any:
    if isinstance(data, dict):
        kept = {str(k): _values(v) for k, v in data.items() if str(k) not in NOT_CONTENT}
        return kept["value"] if set(kept) == {"value"} else kept
    if isinstance(data, list):
        return [_values(item) for item in data]
    return data


def _evaluation(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _git(root: Path, *args: str, stdin: Optional[bytes] = None) -> Optional[bytes]:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True,
                             timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


def _blobs(root: Path, shas: set[str]) -> dict[str, str]:
    """The text of each blob, read in one ``git cat-file --batch``."""
    if not shas:
        return {}
    ordered = sorted(shas)
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in ordered).encode())
    texts: dict[str, str] = {}
    if out is None:
        return texts
    pos = 0
    for sha in ordered:
        end = out.find(b"\n", pos)
        if end < 0:
            break
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        texts[sha] = out[pos:pos + size].decode("utf-8", errors="replace")
        pos += size + 1
    return texts


def sane_time(seconds: int, not_before: Optional[int], not_after: Optional[int]) -> bool:
    """Whether a commit time can be a data file's date: within the bounds given."""
    return (not_before is None or seconds >= not_before) and (not_after is None or seconds <= not_after)


def year_start(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())


def _day(seconds: int) -> str:
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d")
    except (ValueError, OverflowError, OSError):
        return f"{seconds} s efter 1970"


def data_file_dates(root: Path, not_before: Optional[int] = None,
                    not_after: Optional[int] = None) -> dict[str, FileDates]:
    """``data/evaluations/…`` path -> its dates; empty outside a Git checkout.

    A commit dated before ``not_before`` (the first evaluation) or after ``not_after`` (the
    build's own time) is a wrong clock, not a date: it is left out, with a warning.
    """
    if not (Path(root) / ".git").exists():
        return {}
    out = _git(root, "log", "--format=%x00%H %ct", "--raw", "--no-renames", "--no-abbrev", "--",
               str(routes.EVALUATIONS))
    if out is None:
        return {}
    commits: list[tuple[int, list[tuple[str, str, str]]]] = []  # newest first: (time, [(path, old, new)])
    for chunk in out.decode("utf-8", errors="replace").split("\0")[1:]:
        lines = chunk.strip().splitlines()
        sha, _, stamp = lines[0].partition(" ") if lines else ("", "", "")
        if not stamp.isdigit() or len(stamp) > 12:
            if stamp:
                log.warning("Git-historiken: incheckningen %s har ett datum som inte går att läsa (%s); "
                            "den dateringen används inte", sha[:12], stamp[:30])
            continue
        if not sane_time(int(stamp), not_before, not_after):
            log.warning("Git-historiken: incheckningen %s är daterad %s, %s; den dateringen används inte "
                        "(datafilerna dateras av de övriga incheckningarna eller av utvärderingen)",
                        sha[:12], _day(int(stamp)), "före den första utvärderingen" if not_before is not None
                        and int(stamp) < not_before else "efter bygget")
            continue
        lines[0] = stamp
        changes = []
        for line in lines[1:]:
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, path = line.split("\t", 1)
            fields = meta.split()
            if len(fields) >= 4:
                changes.append((path.strip(), fields[2], fields[3]))
        commits.append((int(lines[0]), changes))
    shas = {sha for _, changes in commits for _, old, new in changes for sha in (old, new)
            if not _NULL_SHA.match(sha)}
    texts = _blobs(root, shas)

    def text(sha: str) -> Optional[str]:
        return None if _NULL_SHA.match(sha) else texts.get(sha, "")

    added: dict[str, int] = {}
    changed: dict[str, int] = {}
    born: set[str] = set()  # files whose adding commit is behind us: older history is another file's
    for when, changes in commits:  # newest first: the last assignment to `added` is the oldest
        bulk = len({_evaluation(path) for path, _, _ in changes}) > BULK
        for path, old, new in changes:
            if path in born or _NULL_SHA.match(new):
                continue
            added[path] = when
            if _NULL_SHA.match(old):
                born.add(path)
            elif path not in changed and not bulk and _content(path, text(old)) != _content(path, text(new)):
                changed[path] = when
    return {path: FileDates(when, changed.get(path, when)) for path, when in added.items()}
