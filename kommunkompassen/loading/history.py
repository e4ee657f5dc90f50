"""When each data file was added and last changed, from the project's Git history.

The feed dates an evaluation by its files' commits: the data's own history, the same in every
build of one commit, never the clock. Outside a Git checkout (a copy, an archive) there is no
history, and the feed falls back to the evaluation's own date.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from kommunkompassen import routes


@dataclass(frozen=True)
class FileDates:
    added: int  # seconds since 1970 (UTC) of the first commit that has the file
    changed: int  # … and of the last commit that changed it


def data_file_dates(root: Path) -> dict[str, FileDates]:
    """``data/evaluations/…`` path -> its dates; empty outside a Git checkout."""
    if not (Path(root) / ".git").exists():
        return {}
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--no-renames", "--",
             str(routes.EVALUATIONS)],
            capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    dates: dict[str, FileDates] = {}
    for commit in out.stdout.split("\0")[1:]:  # newest first
        lines = commit.strip().splitlines()
        if not lines or not lines[0].isdigit():
            continue
        when = int(lines[0])
        for path in lines[1:]:
            path = path.strip()
            if not path:
                continue
            seen = dates.get(path)
            dates[path] = FileDates(when, when) if seen is None else FileDates(when, seen.changed)
    return dates
