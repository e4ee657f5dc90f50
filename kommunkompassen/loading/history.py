"""When each data file was added and last changed, from the project's Git history.

The feed dates an evaluation by its files' commits: the data's own history, the same in every
build of one commit, never the clock. Outside a Git checkout (a copy, an archive) there is no
history, and the feed falls back to the evaluation's own date.
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from kommunkompassen import routes

# Not under MkDocs' logger: a commit's date is the committer's clock, not data a maintainer can
# correct after the merge, so it warns without failing the strict build.
log = logging.getLogger("kommunkompassen.history")


@dataclass(frozen=True)
class FileDates:
    added: int  # seconds since 1970 (UTC) of the first commit that has the file
    changed: int  # … and of the last commit that changed it


def sane_time(seconds: int, not_before: Optional[int], not_after: Optional[int]) -> bool:
    """Whether a commit time can be a data file's date: within the bounds given."""
    return (not_before is None or seconds >= not_before) and (not_after is None or seconds <= not_after)


def year_start(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())


def data_file_dates(root: Path, not_before: Optional[int] = None,
                    not_after: Optional[int] = None) -> dict[str, FileDates]:
    """``data/evaluations/…`` path -> its dates; empty outside a Git checkout.

    A commit dated before ``not_before`` (the first evaluation) or after ``not_after`` (the
    build's own time) is a wrong clock, not a date: it is left out, with a warning.
    """
    if not (Path(root) / ".git").exists():
        return {}
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%H %ct", "--name-only", "--no-renames", "--",
             str(routes.EVALUATIONS)],
            capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    dates: dict[str, FileDates] = {}
    for commit in out.stdout.split("\0")[1:]:  # newest first
        lines = commit.strip().splitlines()
        sha, _, stamp = lines[0].partition(" ") if lines else ("", "", "")
        if not stamp.isdigit() or len(stamp) > 12:
            if stamp:
                log.warning("Git-historiken: incheckningen %s har ett datum som inte går att läsa (%s); "
                            "den dateringen används inte", sha[:12], stamp[:30])
            continue
        when = int(stamp)
        if not sane_time(when, not_before, not_after):
            log.warning("Git-historiken: incheckningen %s är daterad %s, %s; den dateringen används inte "
                        "(datafilerna dateras av de övriga incheckningarna eller av utvärderingen)",
                        sha[:12], _day(when), "före den första utvärderingen" if not_before is not None
                        and when < not_before else "efter bygget")
            continue
        for path in lines[1:]:
            path = path.strip()
            if not path:
                continue
            seen = dates.get(path)
            dates[path] = FileDates(when, when) if seen is None else FileDates(when, seen.changed)
    return dates


def _day(seconds: int) -> str:
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d")
    except (ValueError, OverflowError, OSError):
        return f"{seconds} s efter 1970"
