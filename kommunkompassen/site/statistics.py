"""Numbers about the whole archive: counts, distributions and each municipality's latest total.

Pure functions of the archive. Totals count only when stated by their source (see ``ranking``);
every result says how many evaluations it rests on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

from kommunkompassen.domain.archive import Archive, Evaluation
from kommunkompassen.domain.language import decimal_text as _fmt
from kommunkompassen.domain.claims import version_certain
from kommunkompassen.domain.ranking import stated
from kommunkompassen.site.formatting import COMPLETENESS

DISTRIBUTION_WIDTH = 100


@dataclass(frozen=True)
class Latest:
    """A municipality's latest evaluation with a stated total."""

    evaluation: Evaluation
    value: float


def latest_stated_totals(archive: Archive) -> dict[str, Latest]:
    out = {}
    for code, evs in archive.by_municipality().items():
        with_total = [ev for ev in evs if stated(ev.data.total) is not None]
        if with_total:
            out[code] = Latest(with_total[-1], stated(with_total[-1].data.total))
    return out


def evaluated_codes(archive: Archive) -> set[str]:
    """Municipalities with a known evaluation, dated or not."""
    return set(archive.by_municipality()) | {u.municipality.code for u in archive.undated}


@dataclass(frozen=True)
class Counts:
    """How much the site knows, counted once for every page that says it."""

    dated: int  # evaluations with a year (each has its page)
    undated: int  # evaluations known without a year (listed on the municipality's page)
    municipalities: int  # with at least one known evaluation, dated or not
    all_municipalities: int
    by_completeness: dict[str, int]  # dated evaluations by how much of the report the site has

    @property
    def known(self) -> int:
        return self.dated + self.undated

    @property
    def complete(self) -> int:
        return self.by_completeness.get("full_text", 0)

    @property
    def with_scores(self) -> int:
        """Some scores but not the whole report."""
        return sum(self.by_completeness.get(k, 0) for k in ("total", "areas", "questions"))

    @property
    def catalogue_only(self) -> int:
        return self.by_completeness.get("catalogue", 0)


def counts(archive: Archive) -> Counts:
    done = Counter(ev.completeness for ev in archive.evaluations)
    return Counts(len(archive.evaluations), len(archive.undated), len(evaluated_codes(archive)),
                  len(archive.municipalities), {k: done[k] for k in COMPLETENESS})


def with_stated_total(evaluations: list[Evaluation]) -> list[Evaluation]:
    return [ev for ev in evaluations if stated(ev.data.total) is not None]


def version_uncertain(ev: Evaluation) -> bool:
    return not version_certain(ev)


def per_year(archive: Archive) -> list[dict]:
    years = Counter(ev.year for ev in archive.evaluations)
    totals = Counter(ev.year for ev in with_stated_total(archive.evaluations))
    return [dict(year=y, count=years[y], with_total=totals[y]) for y in sorted(years)]


def per_version(archive: Archive, by_framework: dict[str, list[Evaluation]]) -> list[dict]:
    rows = []
    for fw in sorted(archive.frameworks.values(), key=lambda f: f.period):
        evs = by_framework.get(fw.id, [])
        rows.append(dict(fw=fw, count=len(evs), with_total=len(with_stated_total(evs)),
                         uncertain=sum(1 for ev in evs if version_uncertain(ev))))
    return rows


def per_completeness(archive: Archive) -> list[dict]:
    counts = Counter(ev.completeness for ev in archive.evaluations)
    return [dict(key=k, label=label, count=counts[k]) for k, label in COMPLETENESS.items()]


def distribution(archive: Archive, by_framework: dict[str, list[Evaluation]],
                 width: int = DISTRIBUTION_WIDTH) -> tuple[list[dict], list[str]]:
    """Rows (lo, hi, count per version, all) over the range that has stated totals; version ids."""
    versions = [fw.id for fw in sorted(archive.frameworks.values(), key=lambda f: f.period)
                if with_stated_total(by_framework.get(fw.id, []))]
    values = {v: [stated(ev.data.total) for ev in with_stated_total(by_framework[v])] for v in versions}
    every = [x for xs in values.values() for x in xs]
    if not every:
        return [], versions
    most = max(archive.frameworks[v].max_total for v in versions)  # the scale's end
    rows = []
    for lo in range(int(min(every)) // width * width, int(max(every)) + 1, width):
        hi = min(lo + width, most)

        def count(xs: list[float]) -> int:
            return sum(1 for x in xs if lo <= x < hi or (hi == most and x == most))

        rows.append(dict(lo=lo, hi=hi - 1 if hi < most else most, counts=[count(values[v]) for v in versions],
                         all=count(every)))
    return rows, versions


def latest_label(name: str, latest: Optional[Latest], count: int, undated: int) -> str:
    """What a screen reader says for a municipality on the map."""
    if latest is not None:
        ev = latest.evaluation
        flag = ", versionen osäker" if version_uncertain(ev) else ""
        return f"{name}: {_fmt(latest.value)} poäng {ev.year} ({ev.framework.name}{flag})"
    if count or undated:
        return f"{name}: utvärderad, ingen totalpoäng med årtal"
    return f"{name}: ingen känd utvärdering"



