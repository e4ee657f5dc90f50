"""Page generation: pure functions from the archive to Markdown documents.

Every generated page is a Markdown string (headings in Markdown so the table of
contents and search see them, everything else as escaped HTML from Jinja templates).
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Evaluation
from kommunkompassen.domain.language import count_word
from kommunkompassen.domain.municipalities import transliterate
from kommunkompassen.domain.ranking import (
    ROLE_MODELS,
    Ranked,
    question_share,
    role_models,
    role_models_without,
    total_ranking,
    weakest_questions,
)
from kommunkompassen.domain.reporttext import IMPROVEMENTS, STRENGTHS
from kommunkompassen.routes import area_url, framework_url, municipality_url, question_slug, question_url
from kommunkompassen.site.comparison import comparison_for
from kommunkompassen.site.formatting import number
from kommunkompassen.site.index import SiteIndex
from kommunkompassen.site.templating import Notes, relative_url, render
from kommunkompassen.site.views import AreaRow, AreaSection, QuestionRow, WeakQuestion


def report_url(ev: Evaluation) -> Optional[str]:
    """The page with the report's text, if the site has any of it."""
    return None if ev.text.is_empty else routes.report_url(ev.municipality.slug, ev.year)


def evaluation_json_url(ev: Evaluation) -> str:
    return routes.evaluation_json_url(ev.key)


def section_anchor(number: int, title: str) -> Optional[str]:
    """Stable anchors for the sections other pages link to."""
    if title == STRENGTHS:
        return f"omrade-{number}-styrkor"
    if title in IMPROVEMENTS:
        return f"omrade-{number}-forbattringsomraden"
    return None


def evaluation_page(index: SiteIndex, ev: Evaluation) -> str:
    fw = ev.framework
    comparison, other_comparisons = comparison_for(index.rankings, ev)
    area_rows, area_sections = [], []
    for fa in fw.areas:
        score = ev.area_score(fa.number)
        comp = comparison.areas.get(fa.number) if comparison else None
        diff = None
        if score is not None and score.known and comp is not None and comp.known:
            diff = round(score.value - comp.value)
        rank = index.rankings.area_ranks[(fw.id, fa.number)].get(ev.key)
        area_rows.append(AreaRow(number=fa.number, name=fa.label, score=score, comparison=comp,
                                 difference=diff, rank=rank))
        weak = []
        for qid, share in weakest_questions(ev, fa.number):
            ranking = index.rankings.question_rankings[(fw.id, qid)]
            models = [r for r in role_models_without(ranking, ev) if r.value > share]
            shown = models[:ROLE_MODELS]
            # Tied role models (often full points) share one "(alla 100 %)" instead of one each.
            tied = round(shown[0].share) if len(shown) > 1 and len({round(r.share) for r in shown}) == 1 else None
            weak.append(WeakQuestion(id=qid, text=fa.question(qid).text, share=round(share), models=shown, tied=tied,
                             more=len(models[ROLE_MODELS:]), url=question_url(fw.id, qid)))
        chapter = ev.text.areas.get(fa.number)
        text_url = f"{report_url(ev)}#omrade-{fa.number}" if chapter is not None else None
        area_sections.append(AreaSection(number=fa.number, name=fa.label, max=fa.max, score=score, comparison=comp,
                                  text_url=text_url, text_counts="" if ev.data.text_unconfirmed else _text_counts(chapter),
                                  weak=weak, url=area_url(fw.id, fa.number)))
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
        total_rank=index.rankings.total_ranks[fw.id].get(ev.key),
        comparison=comparison,
        other_comparisons=other_comparisons,
        area_rows=area_rows,
        area_ranks=any(r.rank for r in area_rows),
        total_difference=total_diff,
        question_rows=question_rows,
        area_sections=area_sections,
        report_url=report_url(ev),
        report_summary=_report_summary(ev),
        strengths_url=strengths_url,
        area_chart=index.charts.get(("areas", ev.key)),
        json_url=evaluation_json_url(ev),
    )


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
    return render(
        "report.md.j2",
        ev=ev,
        notes=Notes(),
        link=lambda target: relative_url(url, target),
        area_sections=area_sections,
        chapter_ids=[f"rapport-{transliterate(c.title)[:40].strip('-')}" for c in ev.text.preamble],
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
    rows = sorted(archive.evaluations, key=lambda e: (e.municipality.name, e.year))
    return render("evaluations.md.j2", rows=rows, notes=Notes(), undated=archive.undated,
                  municipality_count=len({e.municipality.code for e in rows}),
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
    rows.sort(key=lambda r: r["m"].name)
    all_m = list(archive.municipalities)
    return render("municipalities.md.j2", rows=rows, notes=Notes(), total_count=len(all_m),
                  without_count=len(all_m) - len(rows),
                  counties=sorted({m.county for m in all_m}), groups=sorted({m.skr_group_2017 for m in all_m}),
                  link=lambda url: relative_url("kommuner/", url))


def without_evaluation_page(index: SiteIndex) -> str:
    archive = index.archive
    evaluated = set(archive.by_municipality()) | {u.municipality.code for u in archive.undated}
    rows = [m for m in archive.municipalities if m.code not in evaluated]
    return render("without.md.j2", rows=rows, total_count=len(archive.municipalities),
                  counties=sorted({m.county for m in rows}), groups=sorted({m.skr_group_2017 for m in rows}),
                  link=lambda url: relative_url("kommuner/utan-utvardering/", url))


def municipality_page(index: SiteIndex, mu) -> str:
    evaluations = index.rankings.by_municipality.get(mu.code, [])
    rows = [dict(ev=ev, rank=index.rankings.total_ranks[ev.framework.id].get(ev.key)) for ev in evaluations]
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
    return render("municipality.md.j2", mu=mu, evaluations=evaluations, rows=rows, area_table=area_table,
                  latest_framework=evaluations[-1].framework if evaluations else None,
                  undated=undated, sources=list(sources.items()),
                  versions={ev.framework.id for ev in evaluations}, notes=Notes(),
                  chart=index.charts.get(("municipality", mu.slug)),
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
        rows.append(dict(area=a, url=area_url(fw.id, a.number), count=len(values),
                         mean=sum(values) / len(values) if values else None))
    url = framework_url(fw.id)
    return render("framework.md.j2", fw=fw, evaluations=evaluations, rows=rows,
                  ranking=total_ranking(evaluations), chart=index.charts.get(("totals", fw.id)),
                  link=lambda target: relative_url(url, target))


def _shown(models: list[Ranked], limit: int = ROLE_MODELS) -> dict:
    """The role models a page names, and how many more share the last one's score.

    Many evaluations can tie at the top (e.g. full points); naming them all would make
    pages grow with the archive, so the rest are counted and the full ranking links them.
    """
    return dict(models=models[:limit], more=len(models[limit:]))


def area_page(index: SiteIndex, fw, area) -> str:
    questions = []
    for q in area.questions:
        ranking = index.rankings.question_rankings[(fw.id, q.id)]
        questions.append(dict(q=q, url=question_url(fw.id, q.id), **_shown(role_models(ranking))))
    url = area_url(fw.id, area.number)
    return render("area.md.j2", fw=fw, area=area, questions=questions, fw_url=framework_url(fw.id),
                  ranking=index.rankings.area_rankings[(fw.id, area.number)],
                  chart=index.charts.get(("area", fw.id, area.number)),
                  strengths_url=strengths_url, link=lambda target: relative_url(url, target))


def examples_page(index: SiteIndex) -> str:
    versions = []
    for fw in sorted(index.archive.frameworks.values(), key=lambda f: f.period):
        areas = []
        for a in fw.areas:
            if a.questions:
                areas.append(dict(area=a, questions=[
                    dict(q=q, url=question_url(fw.id, q.id),
                         **_shown(role_models(index.rankings.question_rankings[(fw.id, q.id)]))) for q in a.questions]))
        versions.append(dict(fw=fw, areas=areas))
    return render("examples.md.j2", versions=versions, link=lambda target: relative_url("goda-exempel/", target))


def question_page(index: SiteIndex, fw, area, q) -> str:
    ranking = index.rankings.question_rankings[(fw.id, q.id)]
    models = []
    top = _shown(role_models(ranking))
    for r in top["models"]:
        chapter = r.evaluation.text.areas.get(area.number)
        models.append(dict(evaluation=r.evaluation, share=r.share, strengths=chapter.strengths if chapter else []))
    url = question_url(fw.id, q.id)
    return render("question.md.j2", fw=fw, area=area, q=q, ranking=ranking, models=models, more=top["more"],
                  slug=question_slug(q.id), area_url=area_url(fw.id, area.number),
                  strengths_url=strengths_url, link=lambda target: relative_url(url, target))
