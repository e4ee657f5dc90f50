"""The grown archive: the real one plus generated valid pairs of every framework version.

``tests/test_adding_an_evaluation.py`` and the tests that read a built site (print, links,
wording, accessibility, HTML validity) build the site once from a copy of the checkout with
these pairs added (the session fixture ``grown`` in ``conftest.py``). The pairs are made from
the framework files in ``data/frameworks/``, never from ids written here, so a new version is
covered the day its file is added:

- per version, **scores only**: a YAML file with every area's (and sub-question's) points and
  the total, no report text, for a municipality without any evaluation;
- per version, **full report**: the same with a ``.md`` that has every area's required
  headings (``Allmänt``, the version's headings, ``Styrkor``, ``Förbättringsområden``) and text;
  a version without sub-questions (2020 today) thus gets a report with text and area scores;
- **a second evaluation** of a municipality that has a full report, with the latest version
  and text (its pages gain comparisons over time);
- **a renamed copy of Åmål 2019** (same version and year, every cell tied with Åmål's);
- as many more scores-only pairs of the first full report's version as its page needs to
  show the site's average per area on the version's page (``claims.MIN_POOL`` complete evaluations).

Every full report of a version names the archive's first full report as a role model (the
renamed copy names Åmål twice, as Åmål's own report does), so that page gains more such
lines than it prints: an evaluation page stays within three A4 pages however many reports
name it.

The numbers are synthetic (they live only in the temporary copy) and consistent by
construction: sub-questions add up to their area, areas to the total, percentages match.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import sourcefacts
import yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../docs/data/utvardering.schema.json"


@dataclass(frozen=True)
class Pair:
    key: str  # <slug>-<year>, as the files are named
    slug: str
    code: str
    name: str
    year: int
    version: str
    kind: str  # "scores", "text", "second", "copy"

    @property
    def url(self) -> str:
        return f"kommuner/{self.slug}/{self.year}/"

    @property
    def has_text(self) -> bool:
        return self.kind in ("text", "second", "copy")


def _slug(code: str) -> str:
    from kommunkompassen.loading.municipalities import load_municipalities

    return load_municipalities(sourcefacts.ROOT / "data" / "reference" / "municipalities.csv").by_code[code].slug


def _first_year(framework: dict) -> int:
    return int(re.match(r"\d{4}", str(framework["period"])).group(0))


def plan() -> list[Pair]:
    """The pairs the grown copy gets, worked out from the checkout's data files (cheap; no build)."""
    fresh = iter(sourcefacts.never_evaluated())
    pairs = []
    frameworks = sourcefacts.frameworks()
    for version, fw in frameworks.items():
        for kind in ("scores", "text"):
            m = next(fresh)
            pairs.append(Pair(f"{_slug(m['code'])}-{_first_year(fw)}", _slug(m["code"]), m["code"], m["name"],
                              _first_year(fw), version, kind))
    # A second evaluation, with the latest version, of the first municipality with a full report.
    latest = max(frameworks, key=lambda v: _first_year(frameworks[v]))
    full = [e for e in sourcefacts.evaluations() if (sourcefacts.DATA / "evaluations" / f"{e.key}.md").exists()]
    again = full[0]
    years = [e.year for e in sourcefacts.evaluations() if e.code == again.code]
    year = max(max(years) + 1, _first_year(frameworks[latest]))
    slug = again.key.removesuffix(f"-{again.year}")
    pairs.append(Pair(f"{slug}-{year}", slug, again.code, again.name, year, latest, "second"))
    # A renamed copy of Åmål 2019: ties on every cell with the original.
    m = next(fresh)
    pairs.append(Pair(f"{_slug(m['code'])}-2019", _slug(m["code"]), m["code"], m["name"], 2019, "2016", "copy"))
    # Enough complete evaluations of the first full report's version for the site's own average
    # per area (claims.MIN_POOL), shown on the version's page (the evaluation pages link there).
    from kommunkompassen.domain.claims import MIN_POOL

    version = full[0].framework
    numbers = [str(a["number"]) for a in frameworks[version]["areas"]]
    pool = sum(1 for e in sourcefacts.evaluations() if e.framework == version and not sourcefacts.version_uncertain(e)
               and all(e.stated("areas", n, "score") is not None for n in numbers))
    pool += sum(1 for p in pairs if p.version == version)
    year = _first_year(frameworks[version])
    for _ in range(max(0, MIN_POOL + 1 - pool)):
        m = next(fresh)
        pairs.append(Pair(f"{_slug(m['code'])}-{year}", _slug(m["code"]), m["code"], m["name"], year, version, "scores"))
    return pairs


PAIRS = plan()
# The evaluation the generated full reports name as a role model: the first with a full report.
NAMED = next(e for e in sourcefacts.evaluations() if (sourcefacts.DATA / "evaluations" / f"{e.key}.md").exists())


def _points(maximum: int, seed: int) -> int:
    """A deterministic score between 20 % and 90 % of ``maximum``."""
    return round(maximum * (0.2 + 0.7 * ((seed * 37) % 11) / 10))


def evaluation_data(pair: Pair, framework: dict, seed: int) -> dict:
    areas = {}
    for i, area in enumerate(framework["areas"]):
        questions = {}
        for j, q in enumerate(area.get("questions") or ()):
            score = _points(q["max"], seed + 3 * i + j)
            questions[q["id"]] = {"score": score, "max": q["max"], "percent": round(100 * score / q["max"])}
        score = sum(q["score"] for q in questions.values()) if questions else _points(area["max"], seed + i)
        areas[str(area["number"])] = {"score": score, **({"questions": questions} if questions else {})}
    return {
        "municipality": {"code": pair.code, "name": pair.name},
        "year": pair.year,
        "month": 5,
        "framework": pair.version,
        "evaluators": [{"name": "Anna Andersson", "organisation": "SKR"}, {"name": "Bertil Berg"}],
        "interviewed": 30,
        "total": sum(a["score"] for a in areas.values()),
        "areas": areas,
        "sources": [{"title": f"Kommunkompassen – {pair.name} {pair.year} (syntetisk testrapport)",
                     "url": "https://example.org/kommunkompassen.pdf", "used_for": "Poäng och text."}],
    }


def report_text(pair: Pair, framework: dict) -> str:
    parts = ["## Sammanfattande genomgång", "### Utvärderingen",
             f"Utvärderingen av {pair.name} genomfördes i maj {pair.year}."]
    for area in framework["areas"]:
        n = area["number"]
        parts.append(f"## Område {n}: {area.get('name') or f'Syntetiskt område {n}'}")
        for heading in ("Allmänt", *(area.get("headings") or ())):
            parts += [f"### {heading}", f"Kommunen beskriver sitt arbete inom område {n} under rubriken {heading}."]
        parts += ["### Styrkor", f"- En tydlig plan för område {n}.\n- Uppföljning varje år.",
                  "### Förbättringsområden", f"- Fler medborgare kan involveras i område {n}."]
    return "\n\n".join(parts) + "\n"


def add_pairs(project: Path) -> None:
    """Write every planned pair into the project copy ``project``."""
    evaluations = project / "data" / "evaluations"
    frameworks = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
                  for p in (project / "data" / "frameworks").glob("*.yaml")}
    for seed, pair in enumerate(PAIRS):
        if pair.kind == "copy":
            shutil.copy(evaluations / "amal-2019.md", evaluations / f"{pair.key}.md")
            data = yaml.safe_load((evaluations / "amal-2019.yaml").read_text(encoding="utf-8"))
            data.update(municipality={"code": pair.code, "name": pair.name}, year=pair.year)
        else:
            data = evaluation_data(pair, frameworks[pair.version], seed)
            if pair.has_text:
                (evaluations / f"{pair.key}.md").write_text(report_text(pair, frameworks[pair.version]),
                                                            encoding="utf-8")
            if pair.kind == "text":  # each report names the first full report as a role model
                data["named_role_models"] = [{
                    "area": 1, "municipality": {"code": NAMED.code, "name": NAMED.name}, "year": NAMED.year,
                    "quote": f"{NAMED.name} är ett gott exempel i område 1.", "where": "Område 1, Allmänt"}]
        assert not (evaluations / f"{pair.key}.yaml").exists(), pair.key
        (evaluations / f"{pair.key}.yaml").write_text(
            SCHEMA_COMMENT + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
