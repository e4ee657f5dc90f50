"""Reading the search index a build wrote (Pagefind, ``kommunkompassen/site/search_index.py``) as a
browser gets it: one fragment per indexed page, with the text, title and section anchors a
result shows."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the JSON of every compressed file


def read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE):]


def fragments(site: Path) -> dict[str, dict]:
    """Every record's fragment by its address without the leading slash: a page
    (``kommuner/amal/``) or a section of a report (``kommuner/amal/2019/rapport/#omrade-1``).
    ``bytes``: what a browser fetches for it."""
    out = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        fragment = json.loads(read(path))
        fragment["bytes"] = path.stat().st_size
        # A report's section is a page of its own in the index; kk_url is where its result leads.
        out[fragment["meta"].get("kk_url", fragment["url"]).lstrip("/")] = fragment
    return out


def entry(site: Path) -> dict:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
