#!/usr/bin/env python3
"""Time the site build with N synthetic evaluations (in a temporary directory).

    .venv/bin/python scripts/benchmark.py [--sizes 10,100,1000] [--json benchmark-results.json]

See README.md, "Performance (benchmark)", for what the numbers mean.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_benchmark import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
