"""Printing on A4: an evaluation, its improvement plan and a municipality profile on paper.

Chromium prints each page to PDF as a reader's browser does (A4, background graphics off);
pypdf counts the pages and reads the printed text back. Under print media, at the width of the
paper's text (A4 less the margins of the stylesheet's @page rule), no table reaches past the
text's right edge and no score cell is hidden. What the paper must say comes from the data
files (tests/sourcefacts.py), so adding an evaluation changes it along with the site.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
import sourcefacts
import yaml
from grown import PAIRS
from sourcefacts import swedish_number

pytestmark = pytest.mark.browser

# The promise: an evaluation prints on at most three A4 pages.
EVALUATION_MAX_PAGES = 3
# The plan lists a fixed number of weakest areas and sub-questions, each with its nearest role
# model, and says of itself that it is made to print on one or two A4 pages.
PLAN_MAX_PAGES = 2
# A profile is the municipality's facts, one table row per evaluation and one column per
# evaluation in the table of area scores: one page today (the most evaluated municipality has
# four), two leave room for the column of a further evaluation and its source marks.
MUNICIPALITY_MAX_PAGES = 2

MKDOCS = yaml.safe_load((Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8"))


def _slug(e: sourcefacts.SourceEvaluation) -> str:
    return e.key.removesuffix(f"-{e.year}")  # files are named <slug>-<year> (routes.evaluation_key)


def _full_reports() -> list[sourcefacts.SourceEvaluation]:
    """Evaluations whose report text is here (data/evaluations/<key>.md beside the .yaml)."""
    return [e for e in sourcefacts.evaluations() if (sourcefacts.DATA / "evaluations" / f"{e.key}.md").exists()]


def _quotes(e: sourcefacts.SourceEvaluation) -> list[str]:
    return [s["quote"] for s in e.raw.get("sources") or () if s.get("quote")]


def _most_quoted() -> sourcefacts.SourceEvaluation:
    """The evaluation whose sources give the most exact words (each shown behind a disclosure)."""
    return max(sourcefacts.evaluations(), key=lambda e: (len(_quotes(e)), e.key))


def _most_evaluated_slug() -> str:
    counts = Counter(_slug(e) for e in sourcefacts.evaluations())
    return max(sorted(counts), key=lambda slug: counts[slug])


FULL = _full_reports()
FULL_IDS = [e.key for e in FULL]


def _printed(page, out: Path | None = None) -> tuple[int, str]:
    """Print the page to an A4 PDF (kept at ``out``): its number of pages and its text, whitespace collapsed.

    pypdf counts the pages; pypdfium2 reads the text (pypdf's pure-Python text extraction takes
    seconds per page of table; both are in requirements.txt)."""
    import pypdfium2
    from pypdf import PdfReader

    pdf = page.pdf(format="A4", print_background=False)
    if out is not None:
        out.write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = " ".join(document[i].get_textpage().get_text_bounded() for i in range(len(document)))
    finally:
        document.close()
    return pages, re.sub(r"\s+", " ", text)


def _open(tab, server, path: str):
    page = tab.page
    response = page.goto(server.url(path))
    assert response.status == 200, path
    return page


# --- the number of pages and what they say -------------------------------------------------


def _questions(area: dict) -> list[dict]:
    return area.get("questions") or []  # a version whose sub-questions are unknown has none


def _check_full_report(server, tab, e: sourcefacts.SourceEvaluation, out: Path) -> None:
    page = _open(tab, server, f"kommuner/{_slug(e)}/{e.year}/")
    pages, text = _printed(page, out)
    assert pages <= EVALUATION_MAX_PAGES, f"{e.key} prints on {pages} A4 pages"

    framework = sourcefacts.frameworks()[e.framework]
    assert f"{e.name} {e.year}" in text
    total = e.stated("total")
    assert re.search(rf"{re.escape(e.name)} fick {swedish_number(total)} av {framework['max_total']} poäng", text)
    for area in framework["areas"]:
        score = e.stated("areas", str(area["number"]), "score")
        if score is None:
            continue
        # The area's line in the table of area scores and at the head of its section.
        label = area.get("name") or f"Område {area['number']}"
        assert f"{area['number']}. {label} {swedish_number(score)}" in text, f"area {area['number']}"
        assert f"Poäng: {swedish_number(score)} av {area['max']}" in text, f"area {area['number']}"
        for question in _questions(area):
            points = e.stated("areas", str(area["number"]), "questions", question["id"], "score")
            if points is not None:  # its row: number, question, points (a note mark may follow)
                row = rf"{re.escape(question['id'])} {re.escape(question['text'])} {swedish_number(points)}(\[\d+\])? "
                assert re.search(row, text), f"sub-question {question['id']} with {points} points"
    # The page's published address under the title; not the site's header and footer.
    assert f"{MKDOCS['site_url']}kommuner/{_slug(e)}/{e.year}/" in text
    assert MKDOCS["copyright"] in page.locator(".md-footer").inner_text()  # on the screen ...
    assert MKDOCS["copyright"] not in text  # ... not on paper
    assert MKDOCS["site_name"] not in text


def _check_plan(server, tab, e: sourcefacts.SourceEvaluation) -> None:
    """At most two pages; the headings say "Svagaste" only when every value is known, and a
    version without sub-questions has no section of sub-questions."""
    page = _open(tab, server, f"kommuner/{_slug(e)}/{e.year}/forbattringsplan/")
    pages, text = _printed(page)
    assert pages <= PLAN_MAX_PAGES, f"the plan of {e.key} prints on {pages} A4 pages"
    assert f"Förbättringsplan: {e.name} {e.year}" in text
    areas = sourcefacts.frameworks()[e.framework]["areas"]
    stated = [a for a in areas if e.stated("areas", str(a["number"]), "score") is not None]
    if len(stated) == len(areas):
        assert "Svagaste områden" in text
    else:
        assert "Svagaste områden" in text or re.search(r"Lägst poäng av de \d+ kända områdena", text)
    questions = [(a, q) for a in areas for q in _questions(a)]
    scored = [q for a, q in questions if e.stated("areas", str(a["number"]), "questions", q["id"], "score") is not None]
    if not questions:
        assert "Svagaste delfrågor" not in text and "delfrågor som har läsbara poäng" not in text
    elif len(scored) == len(questions):
        assert "Svagaste delfrågor" in text
    elif scored:
        assert re.search(r"Lägst andel av max bland de \d+ delfrågor som har läsbara poäng", text)


@pytest.mark.parametrize("evaluation", FULL, ids=FULL_IDS)
def test_a_full_report_prints_on_at_most_three_pages_with_every_score(server, tab, evaluation, tmp_path):
    _check_full_report(server, tab, evaluation, tmp_path / f"{evaluation.key}.pdf")


@pytest.mark.parametrize("evaluation", FULL, ids=FULL_IDS)
def test_an_improvement_plan_prints_on_at_most_two_pages(server, tab, evaluation):
    _check_plan(server, tab, evaluation)


# On the grown copy (``grown``: every version with text, a second evaluation, a tie): the real
# full reports, whose pages gain role models and comparisons, and the generated ones.
GROWN_FULL = FULL_IDS + [p.key for p in PAIRS if p.has_text]


@pytest.mark.parametrize("key", GROWN_FULL)
def test_with_more_evaluations_of_every_version_a_full_report_still_prints_on_three_pages(
        grown_server, grown_facts, tab, key, tmp_path):
    e = next(e for e in grown_facts.evaluations() if e.key == key)
    _check_full_report(grown_server, tab, e, tmp_path / f"{key}.pdf")


@pytest.mark.parametrize("key", [p.key for p in PAIRS if p.has_text and p.kind != "copy"])
def test_the_plan_of_every_version_prints_on_two_pages_with_headings_that_fit_its_values(
        grown_server, grown_facts, tab, key):
    _check_plan(grown_server, tab, next(e for e in grown_facts.evaluations() if e.key == key))


@pytest.mark.parametrize("which", ["full report", "most evaluations"])
def test_a_municipality_profile_prints_on_at_most_two_pages(server, tab, which):
    slug = _slug(FULL[0]) if which == "full report" else _most_evaluated_slug()
    evaluations = [e for e in sourcefacts.evaluations() if _slug(e) == slug]
    page = _open(tab, server, f"kommuner/{slug}/")
    pages, text = _printed(page)
    assert pages <= MUNICIPALITY_MAX_PAGES, f"kommuner/{slug}/ prints on {pages} A4 pages"
    for e in evaluations:  # each evaluation's row: its year and, where known, its total
        assert str(e.year) in text
        if e.stated("total") is not None:
            assert swedish_number(e.stated("total")) in text


def test_the_sources_exact_words_are_printed_though_folded_on_the_screen(server, tab):
    """The evidence for a number is on paper: the theme opens each <details> for printing (and
    utskrift.css does without scripts); a print stylesheet that hid them would fail here."""
    e = _most_quoted()
    page = _open(tab, server, f"kommuner/{_slug(e)}/{e.year}/")
    assert page.locator("details.kk-quote:not([open])").count() == len(_quotes(e))
    pages, text = _printed(page)
    assert pages <= EVALUATION_MAX_PAGES, f"{e.key} prints on {pages} A4 pages"
    for quote in _quotes(e):
        assert re.sub(r"\s+", " ", quote).strip() in text


# --- nothing cut off at the paper's width --------------------------------------------------

PAPER_TEXT_WIDTH = """() => {
  const rules = [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch (e) { return []; } });
  const page = rules.filter(r => r instanceof CSSPageRule).pop();  // the last one wins (the theme's comes first)
  if (!page) return null;
  const mm = v => v.endsWith('mm') ? parseFloat(v) : NaN;
  return Math.floor((210 - mm(page.style.marginLeft) - mm(page.style.marginRight)) * 96 / 25.4);
}"""

# What the site puts around the text: navigation, search, footer, edit button, contents list.
SITE_PARTS = ".md-header, .md-tabs, .md-sidebar, .md-footer, .kk-search, .md-top, .md-content__button, .kk-inline-toc"

MEASURE = """(SITE_PARTS) => {
  const text = document.querySelector('.md-content__inner').getBoundingClientRect();
  const cut = [], hidden = [];
  for (const table of document.querySelectorAll('article table')) {
    const name = (table.caption ? table.caption.textContent : table.outerHTML).trim().slice(0, 60);
    for (const row of table.rows) {
      for (const cell of row.cells) {
        const r = cell.getBoundingClientRect();
        if (r.right > text.right + 1 || r.left < text.left - 1) cut.push(`${name}: ${cell.textContent.trim().slice(0, 30)}`);
        const style = getComputedStyle(cell);
        if ((cell.classList.contains('kk-num') || (table.classList.contains('kk-subscores') && cell.cellIndex >= 2)) && (r.width === 0 || r.height === 0 || style.visibility !== 'visible'))
          hidden.push(`${name}: ${row.cells[0].textContent.trim()}`);
      }
    }
    if (getComputedStyle(table).position === 'sticky') cut.push(`${name}: sticky`);
    for (const cell of table.querySelectorAll('th, td'))
      if (getComputedStyle(cell).position === 'sticky') { cut.push(`${name}: sticky first column`); break; }
  }
  const questions = [...document.querySelectorAll('article table.kk-questions tbody tr')]
    .filter(r => r.getBoundingClientRect().height > 0).map(r => r.cells[0].textContent.trim());
  const shown = [...document.querySelectorAll(SITE_PARTS)].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible';
  }).map(e => e.className.toString().split(' ')[0]);
  return {cut, hidden, questions, shown, tables: document.querySelectorAll('article table').length};
}"""


def _pages_to_measure() -> list[tuple[str, str]]:
    out = []
    for e in FULL:
        out += [(f"{e.key}", f"kommuner/{_slug(e)}/{e.year}/"),
                (f"{e.key} plan", f"kommuner/{_slug(e)}/{e.year}/forbattringsplan/")]
    out.append(("municipality", f"kommuner/{_slug(FULL[0])}/"))
    return out


def _measured_on_paper(server, tab, name: str, path: str) -> dict:
    page = _open(tab, server, path)
    width = page.evaluate(PAPER_TEXT_WIDTH)
    assert width and width > 500, "the print stylesheet sets no @page margins in mm"
    page.set_viewport_size({"width": width, "height": 1100})
    page.emulate_media(media="print")
    assert page.locator(SITE_PARTS).count() > 0
    found = page.evaluate(MEASURE, SITE_PARTS)
    assert found["shown"] == [], f"{name}: the site's navigation on paper"
    assert found["cut"] == [], f"{name}: cells past the text's edge on paper"
    assert found["hidden"] == [], f"{name}: score cells hidden on paper"
    return found


def test_a_table_that_compares_is_not_cut_off_on_paper(server, tab):
    """An evaluation whose report gives its own average per area (the site's average is on the
    version's page, never on an evaluation's): its area table compares in four columns, beside the chart."""
    def known(v):
        return v is not None and (not isinstance(v, dict) or v.get("value") is not None)

    e = next(e for e in FULL if any(known(v) for c in e.raw.get("comparisons") or () for v in (c.get("areas") or {}).values()))
    page = _open(tab, server, f"kommuner/{_slug(e)}/{e.year}/")
    assert page.locator("table thead th").filter(has_text="Skillnad").count() >= 1
    _measured_on_paper(server, tab, e.key, f"kommuner/{_slug(e)}/{e.year}/")


@pytest.mark.parametrize("name,path", _pages_to_measure(), ids=[n for n, _ in _pages_to_measure()])
def test_no_table_is_cut_off_at_the_right_edge_of_the_paper(server, tab, name, path):
    found = _measured_on_paper(server, tab, name, path)
    key = name.removesuffix(" plan")
    e = next((e for e in FULL if e.key == key), None)
    if e is not None and name == key:  # the evaluation: a table, and a row for every sub-question it scores
        assert found["tables"] > 0
        stated = {q["id"] for a in sourcefacts.frameworks()[e.framework]["areas"] for q in _questions(a)
                  if e.stated("areas", str(a["number"]), "questions", q["id"], "score") is not None}
        assert stated <= set(found["questions"])
