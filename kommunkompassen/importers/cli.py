"""What the importer scripts in ``scripts/`` share: the reference data they start from, the
hidden ``--rot`` option of the pair writers, and ending without a traceback.

``load_reference`` loads the framework versions and the municipalities; when a framework file
has problems it prints them all and returns None (the script exits 1). An invalid reference
file raises ``DataError``; ``run`` calls a script's ``main`` and prints such an error as its
list of problems, exit code 1, instead of a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, NoReturn, Optional

from kommunkompassen.domain.model import Framework
from kommunkompassen.domain.municipalities import Municipalities
from kommunkompassen.loading.archive import DataPaths, load_frameworks
from kommunkompassen.loading.municipalities import load_municipalities
from kommunkompassen.loading.problems import DataError


def add_root_option(parser: argparse.ArgumentParser, root: Path) -> None:
    """``--rot``: another project root (for the tests), not shown in ``--help``."""
    parser.add_argument("--rot", type=Path, default=root, help=argparse.SUPPRESS)


def load_reference(paths: DataPaths) -> Optional[tuple[dict[str, Framework], Municipalities]]:
    frameworks, problems = load_frameworks(paths)
    if problems:
        print("Ramverksfilerna har fel; rätta dem först:", *(f"  {p}" for p in problems), sep="\n", file=sys.stderr)
        return None
    return frameworks, load_municipalities(paths.municipalities)


def run(main: Callable[[], int]) -> NoReturn:
    try:
        code = main()
    except DataError as exc:  # a reference file is invalid: every problem, no traceback
        print(exc.report(), file=sys.stderr)
        code = 1
    sys.exit(code)
