"""One real page of every kind in ``routes.PAGE_KINDS``, for the tests that visit one page per
kind (axe, the HTML checker, layouts at three widths).

Each kind's address pattern is filled from the data files: ``<kommun>`` and ``<år>`` from the
first evaluation with a full report, ``<version>`` its version (or, where the pattern has a
``<delfråga>``, the first version with sub-questions), ``<område>`` the version's first area,
``<namn>`` a name two municipalities share, ``<jämförelse>`` a ready-made comparison. A new kind
with these placeholders needs no test edited; a new placeholder fails ``examples`` until it
is taught here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sourcefacts

from kommunkompassen import routes

PLACEHOLDER = re.compile(r"<([^<>]+)>")


@lru_cache(maxsize=None)
def _ready_made_comparison() -> str:
    from kommunkompassen.domain.pairs import default_comparisons
    from kommunkompassen.loading.archive import load_archive

    archive = load_archive(sourcefacts.ROOT)
    found = default_comparisons(archive)
    full = _full()
    pairs = found.get(full.code) or next(v for v in found.values() if v)
    return "--".join(pairs[0].keys)


@lru_cache(maxsize=None)
def _shared_name() -> str:
    from kommunkompassen.loading.municipalities import load_municipalities

    municipalities = load_municipalities(sourcefacts.ROOT / "data" / "reference" / "municipalities.csv")
    return sorted(municipalities.ambiguous_slugs())[0]


def _full() -> sourcefacts.SourceEvaluation:
    return next(e for e in sourcefacts.evaluations() if (sourcefacts.DATA / "evaluations" / f"{e.key}.md").exists())


def fill(address: str) -> str:
    """The address of a real page for the pattern ``address``."""
    e = _full()
    frameworks = sourcefacts.frameworks()
    version = e.framework
    if "<delfråga>" in address:
        version = next(v for v in [e.framework, *frameworks]
                       if any(a.get("questions") for a in frameworks[v]["areas"]))
    areas = frameworks[version]["areas"]
    question = next((q["id"] for a in areas for q in a.get("questions") or ()), None)
    values = {
        "kommun": e.key.removesuffix(f"-{e.year}"),
        "år": str(e.year),
        "version": version,
        "område": str(areas[0]["number"]),
        "delfråga": routes.question_slug(question) if question else "",
        "namn": _shared_name(),
        "jämförelse": _ready_made_comparison(),
    }
    unknown = set(PLACEHOLDER.findall(address)) - set(values)
    assert not unknown, f"tests/pagekinds.py does not know the placeholder(s) {sorted(unknown)} in {address!r}"
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], address)


def examples(themed_only: bool = False) -> dict[str, str]:
    """Kind name -> the address of a real page of that kind (with ``themed_only``, only the
    kinds drawn with the site's theme: navigation, header, article)."""
    return {kind.name: fill(kind.address) for kind in routes.PAGE_KINDS if kind.themed or not themed_only}


def visits(themed_only: bool = False) -> dict[str, str]:
    """``examples`` as a reader reaches them in a browser: the comparison page with two
    evaluations chosen (``?u=``), so that its script writes the table."""
    full = [e.key for e in sourcefacts.evaluations() if (sourcefacts.DATA / "evaluations" / f"{e.key}.md").exists()]
    out = examples(themed_only)
    if len(full) >= 2:
        out["comparison"] = f"{routes.COMPARE_PAGE}?u={full[0]},{full[1]}"
    return out


def html_file(address: str) -> str:
    """The built file that serves ``address``."""
    return address if address.endswith(".html") else f"{address}index.html"
