"""Locked installs: requirements.txt is the readable list of direct dependencies,
requirements.lock pins and hashes every package, ./dev installs from the lock and installs
again when it changes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

from projectcopy import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIN.match(line)
            assert match, f"requirements.txt: not pinned with ==: {line!r}"
            pins[_name(match.group(1))] = match.group(2)
    return pins


def locked() -> dict[str, tuple[str, list[str]]]:
    """Package -> (version, hashes), from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=\S)", text):
        if block.startswith("#") or not block.strip():
            continue
        match = PIN.match(block)
        assert match, f"requirements.lock: an entry that is not name==version: {block.splitlines()[0]!r}"
        entries[_name(match.group(1))] = (match.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


def test_every_direct_dependency_is_locked_at_its_version_and_every_package_is_hashed():
    lock = locked()
    assert {name: lock[name][0] for name in direct_pins() if name in lock} == direct_pins()
    assert not [name for name, (_, hashes) in lock.items() if not hashes]
    # What the direct dependencies bring along is locked too (pip --require-hashes refuses otherwise).
    assert {"click", "contourpy", "pyparsing", "typing-extensions", "deepmerge"} <= set(lock)
    assert not any(line.lstrip().startswith("-e") for line in (ROOT / "requirements.lock").read_text().splitlines())


def test_the_environment_has_the_locked_versions():
    lock = locked()
    installed = {_name(d.metadata["Name"]): d.version for d in distributions()}
    assert {name: installed.get(name) for name in lock} == {name: version for name, (version, _) in lock.items()}


def _fake_project(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of ./dev beside a lock file, a venv whose pip only writes down its calls, and a
    validate script that does nothing."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "dev", project / "dev")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / "requirements.lock").write_text("six==1.0 --hash=sha256:" + "0" * 64 + "\n", encoding="utf-8")
    (project / "scripts" / "validate.py").write_text("", encoding="utf-8")
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    calls = tmp_path / "pip-calls"
    (bin_dir / "pip").write_text(f'#!/bin/sh\necho "$*" >> {calls}\n', encoding="utf-8")
    (bin_dir / "pip").chmod(0o755)
    return project, calls


def test_dev_installs_from_the_lock_and_again_only_when_the_lock_changes(tmp_path):
    project, calls = _fake_project(tmp_path)

    def check() -> list[str]:
        before = calls.read_text().splitlines() if calls.exists() else []
        subprocess.run(["bash", "dev", "check"], cwd=project, check=True, capture_output=True, timeout=60,
                       env={**os.environ, "PYTHON": sys.executable})
        return (calls.read_text().splitlines() if calls.exists() else [])[len(before):]

    first = check()
    assert len(first) == 2
    assert "--require-hashes -r requirements.lock" in first[0]
    assert "--no-deps" in first[1] and first[1].endswith("-e .")
    assert check() == []  # nothing changed: nothing installed
    lock = project / "requirements.lock"
    lock.write_text(lock.read_text().replace("1.0", "1.1"), encoding="utf-8")
    assert len(check()) == 2  # a pulled or regenerated lock installs again
    assert check() == []
