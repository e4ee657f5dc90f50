"""Building the site in tests: a project copy, one ``mkdocs build``, and a build shared by all workers.

Used by the fixtures in ``conftest.py``. Every build goes into a fresh temporary folder and
never touches ``site/``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent


def project_files(root: Path = ROOT) -> list[str]:
    """The files of the checkout as Git sees them: tracked, plus new files that are not ignored."""
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, check=True)
    return sorted({p for p in out.stdout.decode("utf-8").split("\0") if p and (root / p).is_file()})


def copy_project(dest: Path, include: Callable[[str], bool] = lambda path: True) -> Path:
    """A copy of the checkout's files (no ``.git``, no ``.cache``) under ``dest``."""
    for rel in project_files():
        if include(rel):
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target)
    return dest


def copy_chart_cache(project: Path) -> None:
    """Seed a project copy's chart cache with the checkout's, so that its build draws only the
    charts whose data differ. Charts are cached by a hash of what they show and written whole
    (under a temporary name first), so any cached file is good; one that a build in the
    checkout prunes while this copies is skipped."""
    from kommunkompassen import routes

    source, target = routes.project_path(ROOT, routes.CHART_CACHE), routes.project_path(project, routes.CHART_CACHE)
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in [*source.glob("*.svg"), *source.glob("*.png")]:
        try:
            shutil.copy2(path, target / path.name)
        except FileNotFoundError:
            continue


def mkdocs_build(project: Path, out: Path, env: dict[str, str] | None = None) -> None:
    """``mkdocs build --strict`` of the project at ``project`` into ``out``; fails the test on any warning."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(out)],
        cwd=project, env=full_env, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build of {project} failed:\n{result.stdout}\n{result.stderr}")


def shared_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """``make(folder)`` once per test run, even when pytest-xdist runs several workers.

    The first worker to get the lock builds; the others wait and reuse the result.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    target = base / name
    done = base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            make(target)
            done.touch()
    return target


def site_pages(site: Path) -> list[Path]:
    """Every HTML file of a built site."""
    return sorted(site.rglob("*.html"))
