"""Comparison pages: ready-made comparisons (readable without a script), the comparison page
with its picker, and the data the page's script reads (``jamfor/jamforelse.json``).

The script (``docs/javascripts/jamfor.js``) aligns the rows with the same plan as
``domain.alignment`` and writes the same table as ``_compare_table.html.j2``; a browser test
holds the two to the same text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from kommunkompassen import routes
from kommunkompassen.domain.alignment import MAX_COLUMNS, Alignment, Cell, align, counterpart_plan
from kommunkompassen.domain.archive import Archive
from kommunkompassen.domain.claims import version_label
from kommunkompassen.domain.crosswalk import Crosswalks
from kommunkompassen.domain.language import collation_key, decimal_text
from kommunkompassen.domain.pairs import DefaultComparison, has_numbers
from kommunkompassen.domain.recorded import MISSING, QUALIFIERS
from kommunkompassen.site.templating import relative_url, render

STATUS_WORDS = QUALIFIERS


def cell_text(cell: Cell) -> str:
    """What a cell says: "55 av 100", "430 av 800 (härlett)", "uppgift saknas", "ingen motsvarighet …"."""
    if cell.status == "none":
        return cell.counterpart or "ingen motsvarighet"
    if cell.value is None:
        return MISSING
    word = STATUS_WORDS.get(cell.status)
    return f"{decimal_text(cell.value)} av {cell.max}" + (f" ({word})" if word else "")


def difference_text(value) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "±") + decimal_text(abs(value))


def comparison_title(alignment: Alignment) -> str:
    titles = [ev.title for ev in alignment.evaluations]
    return ", ".join(titles[:-1]) + " och " + titles[-1]


@dataclass(frozen=True)
class CompareInputs:
    """What a ready-made comparison's page reads (``incremental.Keyed``): the comparison, and the
    versions and crosswalks that align its rows (``align`` reads nothing else of the archive)."""

    comparison: DefaultComparison
    frameworks: dict
    crosswalks: Crosswalks


def compare_inputs(archive: Archive, comparison: DefaultComparison) -> CompareInputs:
    return CompareInputs(comparison, archive.frameworks, archive.crosswalks)


def compare_page(archive: Archive, comparison: DefaultComparison) -> str:
    return compare_from(compare_inputs(archive, comparison))


def compare_from(inputs: CompareInputs) -> str:
    comparison = inputs.comparison
    alignment = align(list(comparison.evaluations), inputs)
    url = routes.compare_url(comparison.keys)
    return render("compare.md.j2", alignment=alignment, reason=comparison.reason, title=comparison_title(alignment),
                  table=compare_table(alignment, lambda target: relative_url(url, target)),
                  permalink=relative_url(url, routes.compare_permalink(comparison.keys)),
                  link=lambda target: relative_url(url, target))


def compare_table(alignment: Alignment, link) -> Markup:
    rows = alignment.rows
    # A difference only within one version: across versions the points measure different things.
    with_difference = alignment.same_version and any(r.difference is not None for r in rows)
    return Markup(render("_compare_table.html.j2", alignment=alignment, rows=rows, with_difference=with_difference,
                  cell_text=cell_text, difference_text=difference_text, link=link))


def compare_index_page(archive: Archive, defaults: dict[str, list[DefaultComparison]]) -> str:
    url = routes.COMPARE_PAGE
    evaluations = sorted(archive.evaluations, key=lambda ev: (collation_key(ev.municipality.name), ev.year))
    ready = []
    for code in sorted(defaults, key=lambda c: collation_key(archive.municipalities.by_code[c].name)):
        for comparison in defaults[code]:
            ready.append((routes.compare_url(comparison.keys), comparison))
    root = relative_url(url, "")
    return render("compare_index.md.j2", evaluations=evaluations, ready=ready, max_columns=MAX_COLUMNS,
                  scored=[ev for ev in evaluations if has_numbers(ev)],
                  unscored=[ev for ev in evaluations if not has_numbers(ev)],
                  root=root if root.endswith("/") else root + "/",
                  data_url=relative_url(url, routes.COMPARE_DATA), script=relative_url(url, routes.COMPARE_SCRIPT),
                  title_of=lambda c: " och ".join(ev.title for ev in c.evaluations),
                  link=lambda target: relative_url(url, target))


def compare_data(archive: Archive) -> str:
    """What the comparison page's script needs: each evaluation's title, page, version and data
    file, each version's areas and sub-questions, and the crosswalk's plan (``counterpart_plan``)."""
    frameworks = {
        fw.id: {"name": fw.name, "max_total": fw.max_total,
                "areas": [{"number": a.number, "label": a.label, "max": a.max,
                           "questions": [{"id": q.id, "text": q.text, "max": q.max} for q in a.questions]}
                          for a in fw.areas]}
        for fw in archive.frameworks.values()}
    evaluations = {ev.key: {"title": ev.title, "url": ev.url, "framework": ev.framework.id,
                            "version": version_label(ev), "data": routes.evaluation_json_url(ev.key)}
                   for ev in archive.evaluations}
    return json.dumps({"evaluations": evaluations, "frameworks": frameworks,
                       "plan": counterpart_plan(archive.frameworks, archive.crosswalks),
                       "max_columns": MAX_COLUMNS}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
