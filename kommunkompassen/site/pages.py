"""Page generation: pure functions from the archive to Markdown documents.

Every generated page is a Markdown string (headings in Markdown so the table of
contents and search see them, everything else as escaped HTML from Jinja templates).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.claims import area_average, weakest
from kommunkompassen.domain.language import collation_key, count_word
from kommunkompassen.domain.municipalities import transliterate
from kommunkompassen.domain.relevance import concerning, section_for
from kommunkompassen.domain.ranking import (
    question_share,
    total_ranking,
)
from kommunkompassen.domain.reporttext import IMPROVEMENTS, STRENGTHS, required_headings
from kommunkompassen.domain.rolemodels import BAR, MARGIN, RULE, RoleModels, area_points, area_share
from kommunkompassen.domain.rolemodels import question_share as rm_question_share
from kommunkompassen.domain.sources import on_own_site
from kommunkompassen.routes import area_url, framework_url, municipality_url, question_slug, question_url
from kommunkompassen.site.formatting import number
from kommunkompassen.site.index import SiteIndex
from kommunkompassen.site.pagemeta import shorten
from kommunkompassen.site.statistics import counts, evaluated_codes
from kommunkompassen.site.templating import Notes, relative_url, render
from kommunkompassen.site.verdict import verdict
from kommunkompassen.site.wording import comparison_for
from kommunkompassen.site.views import AreaRow, AreaSection, QuestionRow, ResultRow, WeakQuestion


def report_url(ev: Evaluation) -> Optional[str]:
    """The page with the report's text, if the site has any of it."""
    return None if ev.text.is_empty else routes.report_url(ev.municipality.slug, ev.year)


def evaluation_json_url(ev: Evaluation) -> str:
    return routes.evaluation_json_url(ev.key)


def chapter_ids(titles: list[str]) -> list[str]:
    """An id per free chapter of a report, unique on the page (two titles may share their
    first 40 letters, or have none a-z): the second of a kind gets "-2", and so on."""
    ids: list[str] = []
    for title in titles:
        base = f"rapport-{transliterate(title)[:40].strip('-')}".rstrip("-")
        candidate, n = base, 1
        while candidate in ids:
            n += 1
            candidate = f"{base}-{n}"
        ids.append(candidate)
    return ids


def section_anchor(number: int, title: str) -> Optional[str]:
    """Stable anchors for the sections other pages link to."""
    if title == STRENGTHS:
        return f"omrade-{number}-styrkor"
    if title in IMPROVEMENTS:
        return f"omrade-{number}-forbattringsomraden"
    return None


@dataclass(frozen=True)
class EvaluationInputs:
    """What an evaluation's page reads besides the evaluation (``incremental.Keyed``)."""

    ev: Evaluation
    comparison: object  # wording.ComparisonView, or None: the source's own average per area
    other_comparisons: list  # the source's other comparisons
    named_urls: dict  # (municipality code, year) -> address, for the municipalities its report names
    named_here: list  # other reports that name this municipality: dict(title, url, named)
    area_chart: object  # the chart of its areas (charts.specs.ChartSpec), or None


def evaluation_inputs(index: SiteIndex, ev: Evaluation) -> EvaluationInputs:
    comparison, other_comparisons = comparison_for(index.rankings, ev)
    named_here = [dict(title=other.title, url=other.url, named=n)
                  for other, n in index.rankings.role_models.named_by_others.get(ev.municipality.code, [])
                  if n.year in (None, ev.year)]
    return EvaluationInputs(ev, comparison, other_comparisons, _named_urls(index, ev), named_here,
                            index.charts.get(("areas", ev.key)))


def evaluation_page(index: SiteIndex, ev: Evaluation) -> str:
    return evaluation_from(evaluation_inputs(index, ev))


def evaluation_from(inputs: EvaluationInputs) -> str:
    """An evaluation as its own files (and the framework) give it. Nothing here depends on another
    evaluation's scores: role models are on the improvement plan (``plan_page``) and the site's
    average per area on the version's page, so that an edit to one evaluation re-renders few
    pages in ``mkdocs serve``. Other reports' words naming this municipality are report text."""
    ev = inputs.ev
    fw = ev.framework
    comparison = inputs.comparison
    area_rows, area_sections = [], []
    for fa in fw.areas:
        score = ev.area_score(fa.number)
        comp = comparison.areas.get(fa.number) if comparison else None
        diff = None
        if score is not None and score.known and comp is not None and comp.known:
            diff = round(score.value - comp.value)
        area_rows.append(AreaRow(number=fa.number, name=fa.label, score=score, comparison=comp,
                                 difference=diff))
        chapter = ev.text.areas.get(fa.number)
        text_url = f"{report_url(ev)}#omrade-{fa.number}" if chapter is not None else None
        area_sections.append(AreaSection(number=fa.number, name=fa.label, max=fa.max, score=score, comparison=comp,
                                  text_url=text_url, text_counts="" if ev.data.text_unconfirmed else _text_counts(chapter),
                                  has_role_models=has_area_role_models(ev, fa.number), named=RoleModels.named_for(ev, fa.number),
                                  self_named=[n for n in ev.data.named_role_models
                                              if n.area == fa.number and n.municipality.code == ev.municipality.code],
                                  url=area_url(fw.id, fa.number), **_in_short(ev, chapter)))
    question_rows = []
    for fa in fw.areas:
        for fq in fa.questions:
            q = ev.question_score(fq.id)
            if q is None:
                continue
            share = q.percent.value if q.percent.known else question_share(ev, fq.id)
            question_rows.append(QuestionRow(id=fq.id, slug=question_slug(fq.id), text=fq.text, q=q, share=share,
                                      url=question_url(fw.id, fq.id)))
    total_diff = None
    if comparison and ev.data.total and ev.data.total.known and comparison.total and comparison.total.known:
        total_diff = round(ev.data.total.value - comparison.total.value)
    return render(
        "evaluation.md.j2",
        ev=ev,
        notes=Notes(),
        link=lambda url: relative_url(ev.url, url),
        municipality_url=municipality_url(ev.municipality.slug),
        framework_url=framework_url(fw.id),
        verdict=verdict(ev, {a.number: dict(strengths=a.strengths, improvements=a.improvements)
                             for a in area_sections}),
        comparison=comparison,
        other_comparisons=inputs.other_comparisons,
        area_rows=area_rows,
        total_difference=total_diff,
        question_rows=question_rows,
        area_sections=area_sections,
        report_url=report_url(ev),
        report_summary=_report_summary(ev),
        named_url=_named_lookup(inputs.named_urls),
        named_here=inputs.named_here,
        plan_url=routes.plan_url(ev.municipality.slug, ev.year) if has_plan(ev) else None,
        NAMED_PRINTED=NAMED_PRINTED,
        area_chart=inputs.area_chart,
        json_url=evaluation_json_url(ev),
    )


# Other reports that name this municipality as a role model grow with the archive: the
# evaluation page prints this many of them and "och N till" (the screen shows them all), so
# that it stays within three A4 pages however many reports there are.
NAMED_PRINTED = 2

# On the evaluation page each area shows this many of the report's strengths and improvement
# areas, each cut to its first sentence; the report page has them all, in full.
IN_SHORT = 3
IN_SHORT_LENGTH = 160


def short_item(text: str, limit: int = IN_SHORT_LENGTH) -> str:
    """A bullet of the report in short: its first sentence, at most ``limit`` characters."""
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text, maxsplit=1)[0]
    return shorten(first.rstrip("."), limit)


def _in_short(ev: Evaluation, chapter) -> dict:
    if chapter is None or ev.data.text_unconfirmed:  # text not yet checked against the report: not quoted here
        return {}
    s, i = chapter.strengths, chapter.improvements
    return dict(strengths=tuple(short_item(t) for t in s[:IN_SHORT]),
                improvements=tuple(short_item(t) for t in i[:IN_SHORT]),
                more_strengths=max(0, len(s) - IN_SHORT), more_improvements=max(0, len(i) - IN_SHORT),
                improvements_title=chapter.improvements_title)


def _text_counts(chapter) -> str:
    """'3 styrkor och 4 förbättringsområden': what the area's text lists, in a phrase."""
    s, i = (len(chapter.strengths), len(chapter.improvements)) if chapter is not None else (0, 0)
    if not s and not i:
        return ""
    return (f"{s} {'styrka' if s == 1 else 'styrkor'} och "
            f"{i} {'förbättringsområde' if i == 1 else 'förbättringsområden'}")


def _report_summary(ev: Evaluation) -> str:
    """What the report page holds, in a phrase."""
    areas, of = len(ev.text.areas), len(ev.framework.areas)
    what = f"alla {of} områden" if areas == of else f"{areas} av {of} områden"
    intro = "inledning och " if ev.text.preamble else ""
    return f"{intro}{what} med styrkor och förbättringsområden, på en egen sida."


def report_page(ev: Evaluation) -> str:
    """The report's text on its own page: the evaluation page stays light (scores, charts,
    role models), and a long report is read, searched and printed in one place."""
    area_sections = [dict(number=fa.number, name=fa.label, max=fa.max, score=ev.area_score(fa.number),
                          chapter=ev.text.areas.get(fa.number)) for fa in ev.framework.areas]
    url = report_url(ev)
    # The municipality's own chapters first, the version's standard introduction after the areas.
    chapters = list(zip(chapter_ids([c.title for c in ev.text.preamble]), ev.text.preamble))
    intro = set(ev.framework.introduction_titles)
    return render(
        "report.md.j2",
        ev=ev,
        notes=Notes(),
        link=lambda target: relative_url(url, target),
        area_sections=area_sections,
        own_chapters=[(i, c) for i, c in chapters if c.title not in intro],
        introduction=[(i, c) for i, c in chapters if c.title in intro],
        section_anchor=section_anchor,
    )


def strengths_url(ev: Evaluation, number: int) -> str:
    """Where a role-model link lands: the area's strengths, or the area if there is no text."""
    chapter = ev.text.areas.get(number)
    if chapter is not None and chapter.section(STRENGTHS) is not None:
        return f"{report_url(ev)}#omrade-{number}-styrkor"
    return f"{ev.url}#omrade-{number}"


def evaluations_page(index: SiteIndex) -> str:
    archive = index.archive
    rows = sorted(archive.evaluations, key=lambda e: (collation_key(e.municipality.name), e.year))
    return render("evaluations.md.j2", rows=rows, notes=Notes(), undated=archive.undated,
                  counts=counts(archive),
                  link=lambda url: relative_url("utvarderingar/", url))


def municipalities_page(index: SiteIndex) -> str:
    archive = index.archive
    groups = archive.by_municipality()
    rows = []
    undated = Counter(u.municipality.code for u in archive.undated)
    for code, evs in groups.items():
        mu = archive.municipalities.by_code[code]
        rows.append(dict(m=mu, count=len(evs), undated=undated[code], latest=evs[-1], url=municipality_url(mu.slug)))
    for code in sorted(set(undated) - set(groups)):  # known only without a year
        mu = archive.municipalities.by_code[code]
        rows.append(dict(m=mu, count=0, undated=undated[code], latest=None, url=municipality_url(mu.slug)))
    rows.sort(key=lambda r: collation_key(r["m"].name))
    all_m = list(archive.municipalities)
    return render("municipalities.md.j2", rows=rows, notes=Notes(), total_count=len(all_m),
                  without_count=len(all_m) - len(rows),
                  counties=sorted({m.county for m in all_m}, key=collation_key),
                  groups=sorted({m.skr_group_2017 for m in all_m}, key=collation_key),
                  link=lambda url: relative_url("kommuner/", url))


def without_evaluation_page(index: SiteIndex) -> str:
    archive = index.archive
    evaluated = evaluated_codes(archive)
    rows = [m for m in archive.municipalities if m.code not in evaluated]
    return render("without.md.j2", rows=rows, total_count=len(archive.municipalities),
                  counties=sorted({m.county for m in rows}, key=collation_key),
                  groups=sorted({m.skr_group_2017 for m in rows}, key=collation_key),
                  link=lambda url: relative_url("kommuner/utan-utvardering/", url))


def _where_to_find(sources) -> list:
    """The sources that point to a report: web pages first, the compilation file last."""
    return [s for s in sources if s.url]


def missing_reports_page(index: SiteIndex) -> str:
    """A to-do list for maintainers: known evaluations whose report is not here, where each
    report may be found, how to add it, and the versions whose sub-questions are unknown."""
    archive = index.archive
    url = routes.MISSING_REPORTS_PAGE
    groups = {"catalogue": [], "scores": []}
    # "Lägg till texten" opens a new file with every heading the text needs (data/README.md).
    skeletons = {fw.id: required_headings(fw) for fw in archive.frameworks.values()}
    for ev in sorted(archive.evaluations, key=lambda e: (e.municipality.name, e.year)):
        if ev.completeness == "full_text":
            continue
        yaml_file, md_file = routes.evaluation_files(ev.key)
        groups["catalogue" if ev.completeness == "catalogue" else "scores"].append(dict(
            ev=ev, sources=_where_to_find(ev.data.sources), version_known=ev.data.framework.status == "stated",
            command=(f'.venv/bin/python scripts/import_report.py rapport.pdf --kommun "{ev.municipality.name}" '
                     f"--ar {ev.year} --ramverk {ev.framework.id} --utmapp utkast"),
            new_text=routes.github_new_file_url(md_file, skeletons[ev.framework.id]),
            edit_yaml=routes.github_edit_url(yaml_file),
            send_report=routes.report_form_url(ev.municipality.name, ev.year)))
    undated = [dict(u=u, sources=_where_to_find(u.data.sources),
                    command=f'.venv/bin/python scripts/new_evaluation.py "{u.municipality.name}" ÅR '
                            f'{u.data.framework.value if u.data.framework.known else "VERSION"}')
               for u in sorted(archive.undated, key=lambda u: u.municipality.name)]
    versions = [dict(fw=fw, url=framework_url(fw.id), count=len(index.rankings.by_framework[fw.id]))
                for fw in sorted(archive.frameworks.values(), key=lambda f: f.period) if not fw.has_questions]
    return render("missing.md.j2", catalogue=groups["catalogue"], scores=groups["scores"], undated=undated,
                  versions=versions, notes=Notes(), framework_file=lambda fw: f"{routes.FRAMEWORKS}/{fw.id}.yaml",
                  edit_url=routes.github_edit_url, link=lambda target: relative_url(url, target))


def municipality_page(index: SiteIndex, mu) -> str:
    evaluations = index.rankings.by_municipality.get(mu.code, [])
    rows = [dict(ev=ev) for ev in evaluations]
    area_table = []
    if any(ev.data.areas for ev in evaluations):
        latest_fw = evaluations[-1].framework
        for fa in latest_fw.areas:
            area_table.append(dict(number=fa.number, name=fa.label, label=f"Område {fa.number}",
                                   cells=[ev.area_score(fa.number) for ev in evaluations]))
    url = municipality_url(mu.slug)
    undated = [u for u in index.archive.undated if u.municipality.code == mu.code]
    sources = {}
    for s in [s for ev in evaluations for s in ev.data.sources] + [s for u in undated for s in u.data.sources]:
        if s.url:
            sources.setdefault(s.url, s.title)
    # The municipality's own page about Kommunkompassen, when a source is one.
    own_pages = [u for u in sources if "kompassen" in u.lower() and on_own_site(u, mu)]
    return render("municipality.md.j2", mu=mu, evaluations=evaluations, rows=rows, area_table=area_table,
                  latest_framework=evaluations[-1].framework if evaluations else None,
                  undated=undated, sources=list(sources.items()), own_pages=own_pages,
                  kolada_url=routes.kolada_url(mu.code), send_report=routes.report_form_url(mu.name),
                  versions={ev.framework.id for ev in evaluations}, notes=Notes(),
                  chart=index.charts.get(("municipality", mu.slug)),
                  known_totals=sum(1 for ev in evaluations if ev.data.total is not None and ev.data.total.known),
                  comparisons=[(routes.compare_url(c.keys), c) for c in index.comparisons.get(mu.code, [])],
                  compare_permalink=routes.compare_permalink(
                      [evaluations[-1].key]) if evaluations else None,
                  link=lambda target: relative_url(url, target))


def ambiguous_page(name: str, rows) -> str:
    url = f"kommuner/{transliterate(name)}/"
    return render("ambiguous.md.j2", name=name, rows=rows, link=lambda target: relative_url(url, target))


def frameworks_page(index: SiteIndex) -> str:
    rows = []
    for fw in sorted(index.archive.frameworks.values(), key=lambda f: f.period):
        rows.append(dict(fw=fw, count=len(index.rankings.by_framework[fw.id]), url=framework_url(fw.id),
                         area_urls=[area_url(fw.id, a.number) for a in fw.areas]))
    return render("frameworks.md.j2", rows=rows, scale=_scale_sentence(index.archive.frameworks.values()),
                  revisions=_and_list(_revision_years(index.archive.frameworks.values())),
                  link=lambda target: relative_url(routes.FRAMEWORKS_PAGE, target))


def _scale_sentence(frameworks) -> str:
    """How many areas and points, said once when every version agrees ("åtta områden …")."""
    shapes = {(len(fw.areas), fw.area_max, fw.max_total) for fw in frameworks}
    if len(shapes) == 1:
        count, area_max, total = shapes.pop()
        if area_max is not None:
            return (f"Kommunkompassen bedömer {count_word(count)} områden med högst {number(area_max)} poäng "
                    f"vardera, totalt {number(total)}.")
    return "Antalet områden och maxpoängen skiljer sig mellan versionerna; de står under varje version nedan."


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1] if words else ""


def _revision_years(frameworks) -> list[str]:
    """The years a new version began (each version's period after the first), from the framework files."""
    periods = sorted(fw.period for fw in frameworks)
    return [p[:4] for p in periods[1:] if p[:4].isdigit()]


def framework_page(index: SiteIndex, fw) -> str:
    evaluations = index.rankings.by_framework[fw.id]
    rows = []
    for a in fw.areas:
        ranking = index.rankings.area_rankings[(fw.id, a.number)]
        values = [r.value for r in ranking]
        # An average only of values whose version the source states, and of at least MIN_POOL (claims.py).
        average = area_average(evaluations, a.number)
        rows.append(dict(area=a, url=area_url(fw.id, a.number), count=len(values),
                         mean=average[0] if average else None))
    url = framework_url(fw.id)
    return render("framework.md.j2", fw=fw, evaluations=evaluations, rows=rows,
                  ranking=total_ranking(evaluations), chart=index.charts.get(("totals", fw.id)),
                  link=lambda target: relative_url(url, target))


def named_url(index: SiteIndex, named) -> str:
    """Where a municipality a report names as a role model is: the evaluation it names, else the municipality."""
    mu = index.archive.municipalities.by_code[named.municipality.code]
    if named.year is not None:
        for ev in index.rankings.by_municipality.get(mu.code, []):
            if ev.year == named.year:
                return ev.url
    return municipality_url(mu.slug)


def _named_urls(index: SiteIndex, ev: Evaluation) -> dict:
    """``named_url`` for the municipalities ``ev``'s report names, looked up once: a page's inputs
    then hold the addresses, not the whole index (``incremental.py``)."""
    return {(n.municipality.code, n.year): named_url(index, n) for n in ev.data.named_role_models}


def _named_lookup(urls: dict):
    """The address of a municipality a report names, from ``_named_urls``."""
    return lambda named: urls[(named.municipality.code, named.year)]


def _versions_sorted(index: SiteIndex):
    return sorted(index.archive.frameworks.values(), key=lambda f: f.period)


def _scored(index: SiteIndex, fid: str, qid: str) -> int:
    return len(index.rankings.role_models.question_pools.get((fid, qid), []))


def area_page(index: SiteIndex, fw, area) -> str:
    models = index.rankings.role_models
    questions = []
    for q in area.questions:
        found = models.of_question(fw.id, q.id)
        questions.append(dict(q=q, url=question_url(fw.id, q.id), models=found[:3], more=len(found[3:]),
                              scored=_scored(index, fw.id, q.id)))
    url = area_url(fw.id, area.number)
    ranking = index.rankings.area_rankings[(fw.id, area.number)]
    return render("area.md.j2", fw=fw, area=area, questions=questions, fw_url=framework_url(fw.id),
                  ranking=ranking, evaluations_in_version=len(index.rankings.by_framework[fw.id]), area_models=models.of_area(fw.id, area.number),
                  counterparts=_area_counterparts(index, fw.id, area.number),
                  chart=index.charts.get(("area", fw.id, area.number)), BAR=BAR, MARGIN=MARGIN, RULE=RULE,
                  strengths_url=strengths_url, link=lambda target: relative_url(url, target))


def _area_counterparts(index: SiteIndex, fid: str, number: int) -> list[dict]:
    out = []
    for cp in index.archive.crosswalks.areas(fid, number):
        other = index.archive.frameworks[cp.framework]
        out.append(dict(cp=cp, fw=other, area=other.area(int(cp.key)), url=area_url(other.id, int(cp.key))))
    return out


def _question_counterparts(index: SiteIndex, fid: str, qid: str, limit: int) -> list[dict]:
    """The sub-question's counterparts in other versions (the crosswalk), each with its first
    ``limit`` role models and how many there are."""
    out = []
    for cp in index.archive.crosswalks.questions(fid, qid):
        other = index.archive.frameworks[cp.framework]
        area = other.area(int(cp.key.split(".")[0]))
        found = index.rankings.role_models.of_question(other.id, cp.key)
        out.append(dict(cp=cp, fw=other, area=area, q=area.question(cp.key), url=question_url(other.id, cp.key),
                        models=[replace(r, level="crosswalk", counterpart=cp) for r in found[:limit]],
                        count=len(found), scored=_scored(index, other.id, cp.key)))
    return out


def examples_page(index: SiteIndex) -> str:
    models = index.rankings.role_models
    versions = []
    for fw in _versions_sorted(index):
        areas = []
        for a in fw.areas:
            if a.questions:
                rows = []
                for q in a.questions:
                    found = models.of_question(fw.id, q.id)
                    rows.append(dict(q=q, url=question_url(fw.id, q.id), models=found[:3], more=len(found[3:]),
                                     scored=_scored(index, fw.id, q.id),
                                     counterparts=_question_counterparts(index, fw.id, q.id, 3)))
                areas.append(dict(area=a, questions=rows, url=area_url(fw.id, a.number)))
        versions.append(dict(fw=fw, areas=areas))
    with_models = sum(1 for v in versions for a in v["areas"] for q in a["questions"] if q["models"])
    all_questions = sum(len(a["questions"]) for v in versions for a in v["areas"])
    return render("examples.md.j2", versions=versions, RULE=RULE, BAR=BAR, MARGIN=MARGIN, with_models=with_models,
                  all_questions=all_questions, link=lambda target: relative_url("goda-exempel/", target))


# Role models a sub-question's page presents with what their reports say; the others that reach
# the bar are counted, and every evaluation with points is in the page's table of results. At a
# thousand evaluations a sub-question has hundreds of role models: the page stays readable.
QUESTION_DETAILED = 10


@dataclass(frozen=True)
class QuestionInputs:
    """What a sub-question's page reads (``incremental.Keyed``): the version, its first role
    models, the counts, the table of results as plain rows, and the counterparts in other
    versions with their first role models."""

    fw: object
    area: object
    q: object
    models: list  # the first ``QUESTION_DETAILED`` role models
    reaching: int  # evaluations that reach the bar
    pooled: int  # evaluations with points for the sub-question
    results: list  # ResultRow, highest first
    counterparts: list


def question_inputs(index: SiteIndex, fw, area, q) -> QuestionInputs:
    ranking = index.rankings.question_rankings[(fw.id, q.id)]
    found = index.rankings.role_models.of_question(fw.id, q.id)
    results = [ResultRow(url=r.evaluation.url, title=r.evaluation.title,
                         uncertain=r.evaluation.data.framework.status != "stated",
                         points=r.evaluation.question_score(q.id).score, share=r.share) for r in ranking]
    return QuestionInputs(fw, area, q, found[:QUESTION_DETAILED], len(found),
                          _scored(index, fw.id, q.id), results,
                          _question_counterparts(index, fw.id, q.id, QUESTION_DETAILED))


def question_page(index: SiteIndex, fw, area, q) -> str:
    return question_from(question_inputs(index, fw, area, q))


def question_from(inputs: QuestionInputs) -> str:
    fw, area, q = inputs.fw, inputs.area, inputs.q
    models = [dict(r=r, quotes=report_quotes(r.evaluation, area.number, q.id)) for r in inputs.models]
    url = question_url(fw.id, q.id)
    return render("question.md.j2", fw=fw, area=area, q=q, pooled=inputs.pooled, models=models,
                  results=inputs.results, reaching=inputs.reaching, counterparts=inputs.counterparts,
                  RULE=RULE, BAR=BAR, MARGIN=MARGIN, slug=question_slug(q.id), area_url=area_url(fw.id, area.number),
                  strengths_url=strengths_url, link=lambda target: relative_url(url, target))


# --- the improvement plan --------------------------------------------------------------------

PLAN_AREAS = 3
PLAN_QUESTIONS = 5
PLAN_QUOTES = 3


def has_plan(ev: Evaluation) -> bool:
    """An improvement plan needs scores to rank the evaluation's own weak spots."""
    return any(area_share(ev, a.number) is not None for a in ev.framework.areas)


def has_area_role_models(ev: Evaluation, number: int) -> bool:
    """Whether the improvement plan looks for role models in area ``number``: the evaluation's own
    score for the area or for one of its sub-questions (whether any are found depends on the
    other evaluations, which the evaluation page does not read)."""
    area = ev.framework.area(number)
    return area_share(ev, number) is not None or any(
        rm_question_share(ev, q.id) is not None for q in (area.questions if area else []))


def _best(finding) -> Optional[object]:
    """The role model the plan names: the first similar one of the best level, else the first."""
    if not finding.models:
        return None
    first = finding.models[0]
    # Read only as far as needed: within a level the role models the report holds up come first,
    # then the similar ones (``rolemodels._order``); after the first neither, no similar one follows.
    for m in finding.models:
        if m.level != first.level or (m.named is None and m.similarity is None):
            break
        if m.similarity:
            return m
    return first


def _gap(own_points, own_max, model) -> dict:
    """The gap to a role model: in points when both count on the same max, else in percentage points."""
    if own_points is not None and model.points is not None and own_max == model.max:
        return dict(points=model.points - own_points, pp=None)
    return dict(points=None, pp=round(model.share.value - (own_points or 0) / own_max * 100))


def report_quotes(ev: Evaluation, area_number: int, qid: Optional[str] = None) -> dict:
    """What a page quotes from an evaluation's report about an area (its first strengths) or one of
    its sub-questions (the strengths that concern it, ``relevance``, and its section's first lines),
    and where the report can be found when the site does not have its text. Made once per
    evaluation, area and sub-question (every plan naming a role model quotes it); read-only."""
    key = ("quotes", area_number, qid)
    hit = ev.derived.get(key)
    if hit is None:
        hit = ev.derived[key] = _report_quotes(ev, area_number, qid)
    return hit


def _report_quotes(ev: Evaluation, area_number: int, qid: Optional[str]) -> dict:
    chapter = ev.text.areas.get(area_number)
    strengths = chapter.strengths if chapter else []
    source = next((s for s in ev.data.sources if s.url), None)
    if qid is None or chapter is None:
        return dict(strengths=strengths[:PLAN_QUOTES], more_strengths=len(strengths[PLAN_QUOTES:]), source=source,
                    has_text=chapter is not None, section=None, excerpt=None)
    fa = ev.framework.area(area_number)
    position = [q.id for q in fa.questions].index(qid)
    heading = fa.headings[position] if len(fa.headings) == len(fa.questions) else None
    topic = f"{fa.question(qid).text} {heading or ''}"
    found = concerning(strengths, topic)
    section = section_for(chapter, heading, topic)
    paragraphs = [b.text for b in section.blocks if b.kind == "p" and b.text.strip()] if section else []
    excerpt = shorten(" ".join(paragraphs[0].split()), 320) if paragraphs else None
    return dict(strengths=found[:PLAN_QUOTES], more_strengths=len(strengths) - len(found[:PLAN_QUOTES]),
                source=source, has_text=True, section=section.title if section else None, excerpt=excerpt)


def _quotes(model, whole_area: bool = True) -> dict:
    return report_quotes(model.evaluation, model.area_number, None if whole_area else model.key)


@dataclass(frozen=True)
class PlanInputs:
    """What an improvement plan reads besides its own evaluation (``incremental.Keyed``): the role
    models the site index finds for it, each finding with the one the plan names (``_best``), and
    the addresses of the municipalities its report names."""

    ev: Evaluation
    areas: dict  # area number -> (Finding, best RoleModel or None): every area with an own share
    questions: dict  # sub-question id -> (Finding, best or None): the weak ones the plan shows
    named_urls: dict  # (municipality code, year) -> address


def _plan_questions(ev: Evaluation) -> tuple[list, int]:
    """The ``PLAN_QUESTIONS`` weakest sub-questions with an own share, of how many there are with one."""
    known = [(fq, fa, s) for fa in ev.framework.areas for fq in fa.questions
             if (s := rm_question_share(ev, fq.id)) is not None]
    return weakest(known, PLAN_QUESTIONS, value=lambda t: t[2].value,
                   order=lambda t: [int(p) for p in t[0].id.split(".")]), len(known)


def plan_inputs(index: SiteIndex, ev: Evaluation) -> PlanInputs:
    models = index.rankings.role_models
    fw = ev.framework
    areas = {a.number: _with_best(models.for_area(ev, a.number)) for a in fw.areas
             if area_share(ev, a.number) is not None}
    wanted = {qid for fa in fw.areas if has_area_role_models(ev, fa.number)
              for qid, _ in RoleModels.weakest_questions(ev, fa.number)}
    wanted.update(fq.id for fq, _, _ in _plan_questions(ev)[0])
    questions = {qid: _with_best(models.for_question(ev, qid))
                 for qid in sorted(wanted, key=lambda q: [int(p) for p in q.split(".")])}
    return PlanInputs(ev, areas, questions, _named_urls(index, ev))


def _with_best(finding) -> tuple:
    return finding, _best(finding)


def plan_page(index: SiteIndex, ev: Evaluation) -> str:
    return plan_from(plan_inputs(index, ev))


def plan_from(inputs: PlanInputs) -> str:
    """The improvement plan, from its inputs alone."""
    ev = inputs.ev
    fw = ev.framework
    known_areas = [(a, s) for a in fw.areas if (s := area_share(ev, a.number)) is not None]
    areas = weakest(known_areas, PLAN_AREAS, value=lambda t: t[1].value, order=lambda t: t[0].number)
    area_rows = []
    for a, share in areas:
        finding, best = inputs.areas[a.number]
        area_rows.append(dict(area=a, points=area_points(ev, a.number), finding=finding, best=best,
                              gap=_gap(area_points(ev, a.number), a.max, best) if best else None,
                              quotes=_quotes(best) if best else None, url=f"{ev.url}#omrade-{a.number}"))
    # Every area's role models, as the evaluation page showed them before they moved here (the
    # evaluation page links each area to its section): the whole area and its weakest sub-questions.
    by_area = []
    for fa in fw.areas:
        if not has_area_role_models(ev, fa.number):
            continue
        weak = [WeakQuestion(id=qid, text=fa.question(qid).text, share=share, finding=inputs.questions[qid][0],
                             url=question_url(fw.id, qid))
                for qid, share in RoleModels.weakest_questions(ev, fa.number)]
        by_area.append(dict(number=fa.number, name=fa.label, max=fa.max, points=area_points(ev, fa.number),
                            finding=inputs.areas[fa.number][0] if fa.number in inputs.areas else None,
                            weak=weak, url=area_url(fw.id, fa.number), ev_url=f"{ev.url}#omrade-{fa.number}"))
    questions, questions_known = _plan_questions(ev)
    all_questions = sum(len(fa.questions) for fa in fw.areas)
    question_rows = []
    for fq, fa, share in questions:
        finding, best = inputs.questions[fq.id]
        q = ev.question_score(fq.id)
        own_points = q.score.value if q.score.known and q.score.stated else None
        question_rows.append(dict(q=fq, area=fa, share=share, points=own_points, finding=finding, best=best,
                                  gap=_gap(own_points, fq.max, best) if best else None,
                                  quotes=_quotes(best, best.whole_area) if best else None,
                                  url=question_url(fw.id, fq.id)))
    named = [n for n in ev.data.named_role_models if n.municipality.code != ev.municipality.code]
    url = routes.plan_url(ev.municipality.slug, ev.year)
    return render("plan.md.j2", ev=ev, area_rows=area_rows, question_rows=question_rows, named=named, by_area=by_area,
                  areas_complete=len(known_areas) == len(fw.areas), areas_known=len(known_areas),
                  questions_complete=questions_known == all_questions, questions_known=questions_known,
                  named_url=_named_lookup(inputs.named_urls), RULE=RULE, BAR=BAR, MARGIN=MARGIN,
                  strengths_url=strengths_url, link=lambda target: relative_url(url, target))
