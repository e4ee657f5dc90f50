"""Role models (förebilder) by the site's rule, on a synthetic archive made for it
(``tests/fixtures/rolemodels/``, its README says what each file exercises) and on the real data.

The rule: never the evaluation itself nor its municipality; at least BAR % of max and MARGIN
percentage points more than the one looking; the printed percent; levels (same sub-question,
same sub-question in another version through the crosswalk, whole area), similar municipalities
first, the evaluators' own words shown both ways.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from conftest import ROOT

from kommunkompassen.domain.crosswalk import CAUTION
from kommunkompassen.domain.rolemodels import BAR, MARGIN, RULE, area_share, question_share
from kommunkompassen.loading.archive import load_archive

FIXTURE = ROOT / "tests" / "fixtures" / "rolemodels"


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip()


def item(page: str, start: str) -> str:
    """The visible text of the outer list item that starts with ``start`` (nested lists included)."""
    i = page.index(f"<li>{start}")
    depth, j = 0, i
    for m in re.finditer(r"<(/?)li>", page[i:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            j = i + m.end()
            break
    return text(page[i:j])


def models_in(line: str) -> list[str]:
    """The evaluations a role-model item names, in order ("Jokkmokk 2012: 70 % …" -> "Jokkmokk 2012")."""
    return re.findall(r"([A-ZÅÄÖ][\wåäöÅÄÖ-]+(?: [A-ZÅÄÖ][\wåäö]+)? \d{4}) :", line)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import FixtureSite

    project = tmp_path_factory.mktemp("rolemodels") / "project"
    (project / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "frameworks", project / "data" / "frameworks")
    shutil.copytree(ROOT / "data" / "reference", project / "data" / "reference")
    shutil.copytree(FIXTURE / "data" / "evaluations", project / "data" / "evaluations")
    return FixtureSite(load_archive(project))


def area_box(page: str, number: int) -> str:
    start = page.index(f"## Område {number}:")
    end = page.find("\n## ", start + 1)
    return page[start:end]


def plan_box(site, evaluation_url: str, number: int) -> str:
    """The role models of area ``number`` on the evaluation's improvement plan (the evaluation
    page links each area there)."""
    page = site.page(evaluation_url + "forbattringsplan/")
    start = page.index(f"### Område {number}:")
    ends = [i for i in (page.find("\n### ", start + 1), page.find('<p class="kk-plan-foot"', start)) if i >= 0]
    return page[start:min(ends)]


# --- the rule ------------------------------------------------------------------------------------


def test_similar_municipalities_come_first_then_by_share_and_each_line_says_its_level(site):
    box = plan_box(site, "kommuner/dals-ed/2015/", 7)
    line = item(box, "7.5 ")
    assert models_in(line) == ["Jokkmokk 2012", "Göteborg 2014", "Stockholm 2013"]
    assert "Jokkmokk 2012 : 70 % (14 av 20) · samma delfråga, samma version · liknande kommun: samma " \
           "kommungrupp (C8 Landsbygdskommun)" in line
    assert "Göteborg 2014 : 90 % (18 av 20) · samma delfråga, samma version · liknande kommun: samma län " \
           "(Västra Götalands län)" in line
    assert "Stockholm 2013 : 100 % (20 av 20) · samma delfråga, samma version Alla resultat" in line


def test_never_oneself_nor_the_same_municipality_and_never_below_the_bar(site):
    box = plan_box(site, "kommuner/dals-ed/2015/", 7)
    # Dals-Ed 2011 has 100 % on 7.5 and 7.1 but is the same municipality; Överkalix has 55 % on 7.5.
    assert "Dals-Ed 2011" not in box
    assert "Överkalix" not in item(box, "7.5 ")
    assert "Dals-Ed 2015" not in plan_box(site, "kommuner/dals-ed/2011/", 7)
    assert "Överkalix 2013" not in site.page("goda-exempel/2010/7-5/").split("## Resultat")[0]


def test_the_margin_and_the_bar_itself(site):
    # Överkalix (67 % on 7.1) is a role model for Dals-Ed (20 %) but not for Jokkmokk (60 %, less than 10 points).
    dals_ed = item(plan_box(site, "kommuner/dals-ed/2015/", 7), "7.1 ")
    assert models_in(dals_ed) == ["Överkalix 2013", "Jokkmokk 2012", "Göteborg 2014"]
    assert dals_ed.endswith("och 1 till. Alla resultat för 7.1")  # Stockholm, tied at 100 % with Göteborg
    assert "Jokkmokk 2012 : 60 % (9 av 15)" in dals_ed  # exactly at the bar counts
    jokkmokk = plan_box(site, "kommuner/jokkmokk/2012/", 7)
    assert "Överkalix" not in jokkmokk


def test_ties_are_all_shown_on_the_good_example_page(site):
    page = site.page("goda-exempel/2010/7-1/")
    headings = [(t.replace("\\-", "-"), s) for t, s in re.findall(r"^### (.+?): (\d+) %", page, re.M)]
    assert headings == [("Dals-Ed 2011", "100"), ("Göteborg 2014", "100"), ("Stockholm 2013", "100"),
                        ("Överkalix 2013", "67"), ("Jokkmokk 2012", "60")]
    results = text(page.split("## Resultat")[1])
    assert results.index("Dals-Ed 2011") < results.index("Göteborg 2014") < results.index("Stockholm 2013")
    assert "Placering" not in results and "(delad)" not in results  # ordered, never ranked
    assert RULE in page


def test_a_sub_questions_page_details_the_first_role_models_and_counts_the_rest(site, monkeypatch):
    """At a thousand evaluations a sub-question has hundreds of role models: its page quotes the
    first ones (``QUESTION_DETAILED``, here 2) and says where all of them are."""
    from kommunkompassen.site import pages

    monkeypatch.setattr(pages, "QUESTION_DETAILED", 2)
    page = site._jobs["goda-exempel/2010/7-1/"]()
    headings = [t.replace("\\-", "-") for t in re.findall(r"^### (.+?): \d+ %", page, re.M)]
    assert headings == ["Dals-Ed 2011", "Göteborg 2014"]
    said = text(page.split("## Resultat")[0])
    assert "5 av " in said or "Alla 5 utvärderingar" in said  # the count of those reaching the bar is all of them
    assert "Här står 2 av de 5, i sidans ordning" in said
    assert "Alla 5 står med sina poäng i tabellen Resultat nedan." in said
    results = text(page.split("## Resultat")[1])
    assert all(name in results for name in ("Dals-Ed 2011", "Göteborg 2014", "Stockholm 2013", "Överkalix 2013",
                                            "Jokkmokk 2012"))
    monkeypatch.undo()
    assert "Här står" not in site._jobs["goda-exempel/2010/7-1/"]()  # 5 role models, all with their quotes


def test_a_sub_questions_page_lists_the_first_role_models_of_its_counterpart_and_links_to_all(site, monkeypatch):
    """Under "I en annan version" a page names the counterpart's first role models
    (``QUESTION_DETAILED``, here 1) and links to the counterpart's page, which has them all."""
    from kommunkompassen.site import pages

    monkeypatch.setattr(pages, "QUESTION_DETAILED", 1)
    other = text(site._jobs["goda-exempel/2016/7-3/"]().split("## I en annan version")[1].split("## Resultat")[0])
    assert len(models_in(other)) == 1
    assert ("Här står 1 av de 2 som når minst 60 % i Kommunkompassen 2010, i samma ordning som på sidan för "
            "delfråga 7.3 i Kommunkompassen 2010 , där alla står med sina poäng.") in other  # text(): " ," after a link
    counterpart = text(site._jobs["goda-exempel/2010/7-3/"]().split("## Förebilder")[1].split("## Resultat")[0])
    assert models_in(other)[0] in counterpart
    monkeypatch.undo()
    assert "Här står" not in site._jobs["goda-exempel/2016/7-3/"]()  # both, when the cap is not reached


def test_area_level_role_models(site):
    line = item(plan_box(site, "kommuner/dals-ed/2015/", 7), "Hela området")
    assert models_in(line) == ["Jokkmokk 2012", "Göteborg 2014", "Stockholm 2013"]
    assert "Jokkmokk 2012 : 60 av 100 poäng · hela området, samma version" in line


def test_a_cross_version_role_model_through_the_crosswalk_is_labelled(site):
    line = item(plan_box(site, "kommuner/dals-ed/2015/", 8), "8.5 ")
    assert models_in(line) == ["Arvidsjaur 2019"]
    assert (f"Arvidsjaur 2019 : 100 % (10 av 10) · samma delfråga i {CAUTION} (delfråga 8.5 i Kommunkompassen "
            "2016: samma ämne, ändrad lydelse, samma maxpoäng) · liknande kommun: samma kommungrupp") in line
    assert "utvärderarna lyfter fram Arvidsjaur här som exempel för andra" in line
    page = site.page("goda-exempel/2010/8-5/")
    assert "Annan version av Kommunkompassen, jämför med försiktighet" in page
    assert "Arvidsjaur 2019 : 100 % (10 av 10) · samma delfråga i annan version" in text(page)


def test_evaluator_named_role_models_show_on_both_pages(site):
    dals_ed = site.page("kommuner/dals-ed/2015/")
    assert "Utpekad i rapporten: Göteborg 2014 (7.5): Göteborgs arbete med IT-stöd kan ses som en förebild " \
           "för Dals-Ed." in text(area_box(dals_ed, 7))
    assert '<a href="../../goteborg/2014/">Göteborg 2014</a>' in dals_ed
    goteborg = site.page("kommuner/goteborg/2014/")
    assert "Rapporten om Dals-Ed 2015 pekar på Göteborg som förebild i område 7 (7.5): Göteborgs arbete med " \
           "IT-stöd" in text(goteborg)
    assert '<a href="../../dals-ed/2015/#omrade-7">Dals-Ed 2015</a>' in goteborg
    arvidsjaur = text(area_box(site.page("kommuner/arvidsjaur/2019/"), 8))
    assert "Utvärderarna lyfter fram Arvidsjaur som exempel för andra kommuner (8.5): Arvidsjaurs " \
           "internationella kontakter" in arvidsjaur


def test_empty_states_say_what_is_true(site):
    dals_ed = item(plan_box(site, "kommuner/dals-ed/2015/", 8), "8.6 ")
    assert "Ingen annan kommuns utvärdering med Kommunkompassen 2010 har poäng för den här delfrågan ännu " \
           "(korstabellerna ger delfrågan ingen motsvarighet i en annan version)." in dals_ed  # 8.6 is not in the crosswalk
    stockholm = item(plan_box(site, "kommuner/stockholm/2013/", 7), "7.4 ")
    assert f"5 utvärderingar av andra kommuner har poäng här, men ingen når minst {BAR} % av max och {MARGIN} " \
           "procentenheter över Stockholm 2013 (50 %)." in stockholm
    index = text(site.page("goda-exempel/"))
    assert "7.4 Hur arbetar kommunen med kreativitet och innovationer? : ingen förebild ännu (6 utvärderingar " \
           f"har poäng, ingen når {BAR} %)" in index
    assert "8.7 Hur främjas social hållbarhet? : 8.7" not in index
    assert RULE in site.page("goda-exempel/")


def test_area_pages_list_the_published_scores_and_name_no_highest_or_rank(site):
    many = site.page("omraden/2010/7/")
    assert "6 utvärderingar med Kommunkompassen 2010 har poäng för området enligt källan: de som är " \
           "offentliga, inte alla. Webbplatsen visar därför ingen placering." in text(many)
    assert ">Placering</th>" not in many and "Högst poäng" not in text(many)
    one = site.page("omraden/2016/8/")
    assert "1 utvärdering med Kommunkompassen 2016 har poäng för området enligt källan" in text(one)
    assert ">Placering</th>" not in one and "Högst poäng" not in text(one)


def test_the_improvement_plan_names_the_best_similar_role_model_the_gap_and_its_strengths(site):
    plan = site.page("kommuner/dals-ed/2015/forbattringsplan/")
    first = item(plan, "<p><strong><a")  # the weakest area comes first
    assert first.startswith("Område 7: Verksamhetsutveckling : 30 av 100 poäng.")
    assert "Förebild: Jokkmokk 2012 : 60 av 100 poäng · hela området, samma version · liknande kommun" in first
    assert "Avstånd: 30 poäng." in first
    assert "Testets styrka ett: ett gemensamt IT-stöd för alla förvaltningar." in first
    assert '<a href="../../../jokkmokk/2012/rapport/#omrade-7-styrkor">' in plan
    assert "Utpekade" not in plan and "Område 7: Göteborg 2014" in text(plan)  # the report's own pointer
    assert "## Svagaste områden" in plan  # every area is scored: "weakest" holds
    questions = plan.split("{#delfragor")[1]
    assert text(questions.split("</ol>")[0]).startswith("data-pagefind-ignore} 7.5 Hur arbetar kommunen med IT-stöd")
    assert "8.5 Hur arbetar kommunen med internationella kontakter? : 10 % (1 av 10)." in text(questions)
    assert "Avstånd: 9 poäng." in text(questions)  # Arvidsjaur 10 of 10 against 1 of 10
    assert 'href="../../../../goda-exempel/2010/7-5/"' in plan


# --- validation of the crosswalk and of named role models ----------------------------------------


def crosswalk_copy(tmp_path, change) -> list[str]:
    from conftest import DataCopy

    d = DataCopy(tmp_path / f"copy-{len(list(tmp_path.iterdir()))}", ("bengtsfors-2015", "amal-2019"))
    path = d.root / "data" / "frameworks" / "crosswalks" / "2010-2016.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return d.problems()


def test_a_broken_crosswalk_is_named_by_file_line_and_field(tmp_path):
    def break_it(t):
        t = t.replace('{from: "1.1", to: "1.1", basis: identical', '{from: "1.1", to: "1.9", basis: identical')
        t = t.replace('{from: "2.3", to: "2.3", basis: other_max', '{from: "2.3", to: "2.3", basis: identical')
        t = t.replace('{from: "3.4", to: "3.4", basis: reworded', '{from: "3.5", to: "3.4", basis: reworded')
        return t

    problems = crosswalk_copy(tmp_path, break_it)
    file = "data/frameworks/crosswalks/2010-2016.yaml"
    lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
    line_of = {qid: next(i + 1 for i, line in enumerate(lines) if f'{{from: "{qid}"' in line)
               for qid in ("1.1", "2.3", "3.4", "3.5")}
    assert any(p.startswith(f"{file}: rad {line_of['1.1']}: questions.0.to: delfrågan 1.9 finns inte i "
                            "Kommunkompassen 2016") for p in problems), problems
    assert any(p.startswith(f"{file}: rad {line_of['2.3']}: questions.7.basis: 'identical' kräver samma lydelse "
                            "och maxpoäng") for p in problems), problems
    assert any(f"rad {line_of['3.4']}: questions.13.basis: 'reworded' kräver samma maxpoäng" in p for p in problems)
    assert any(f"rad {line_of['3.5']}: questions.14.from: delfrågan 3.5 finns redan i par 13" in p for p in problems)


def test_a_crosswalk_with_a_wrong_key_or_version_is_rejected(tmp_path):
    problems = crosswalk_copy(tmp_path, lambda t: t.replace('versions: {from: "2010", to: "2016"}',
                                                              'versions: {from: "2010", to: "2017"}'))
    assert any("versions.to: ramverksversionen '2017' finns inte" in p for p in problems), problems
    problems = crosswalk_copy(tmp_path, lambda t: t.replace("basis: same_name", "grund: same_name", 1))
    assert any(re.search(r"rad \d+: areas\.0\.grund: okänd nyckel", p) for p in problems), problems


def test_named_role_models_are_checked(data_copy):
    d = data_copy()

    def change(y):
        y["named_role_models"] = [
            {"area": 9, "municipality": {"code": "1480", "name": "Göteborg"}, "quote": "x"},
            {"area": 7, "questions": ["8.1"], "municipality": {"code": "1480", "name": "Goteborg"}, "quote": "x"},
            {"area": 7, "municipality": {"code": "1480", "name": "Göteborg"}, "quote": ""}]

    d.edit("bengtsfors-2015.yaml", change)
    problems = d.problems()
    file = "data/evaluations/bengtsfors-2015.yaml"
    at = lambda *keys: d.line("bengtsfors-2015.yaml", "named_role_models", *keys)  # noqa: E731
    assert f"{file}: rad {at(2, 'quote')}: named_role_models.2.quote: får inte vara tom" in problems, problems
    d.edit("bengtsfors-2015.yaml", lambda y: y["named_role_models"].pop())
    problems = d.problems()
    assert f"{file}: rad {at(0, 'area')}: named_role_models.0.area: område 9 finns inte i ramverksversion 2010" in problems
    assert f"{file}: rad {at(1, 'questions', 0)}: named_role_models.1.questions.0: delfrågan 8.1 finns inte i område 7 i ramverksversion 2010" \
        in problems
    assert f"{file}: rad {at(1, 'municipality', 'name')}: named_role_models.1.municipality.name: 'Goteborg' stämmer inte med koden 1480, som är " \
           "Göteborg" in problems


# --- the real data ------------------------------------------------------------------------------


def test_on_real_data_no_role_model_is_oneself_or_below_the_rule(archive):
    from kommunkompassen.site.index import build_index

    models = build_index(archive).rankings.role_models
    checked = 0
    for ev in archive.evaluations:
        for area in ev.framework.areas:
            findings = [(models.for_question(ev, q.id), question_share(ev, q.id)) for q in area.questions
                        if question_share(ev, q.id) is not None]
            if area_share(ev, area.number) is not None:
                findings.append((models.for_area(ev, area.number), area_share(ev, area.number)))
            for finding, own in findings:
                for m in finding.models:
                    checked += 1
                    assert m.evaluation.municipality.code != ev.municipality.code
                    assert m.share.value >= BAR and m.share.value >= own.value + MARGIN
                    assert m.share.printed or "." not in m.key or \
                        not m.evaluation.question_score(m.key).percent.known
    assert checked  # the archive has role models to check


def _every_role_model(models, ev, qid=None, number=None):
    """The rule applied the plain way: every candidate of every pool the finding reads, sorted."""
    from kommunkompassen.domain.rolemodels import _order

    fid = ev.framework.id
    own = question_share(ev, qid) if qid else area_share(ev, number)
    bar = max(BAR, own.value + MARGIN) if own is not None else BAR
    crosswalks = models.archive.crosswalks
    pools = ([models.question_pools.get((fid, qid), [])] +
             [models.question_pools.get((cp.framework, cp.key), []) for cp in crosswalks.questions(fid, qid)]
             if qid else [models.area_pools.get((fid, number), [])] +
             [models.area_pools.get((cp.framework, int(cp.key)), []) for cp in crosswalks.areas(fid, number)])
    return [c.evaluation.key for pool in pools for c in pool
            if c.share.value >= bar and c.evaluation.municipality.code != ev.municipality.code], _order


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_a_finding_read_in_part_is_the_start_of_every_role_model_in_order(which, site, archive):
    """A page reads the first few role models and the count; both agree with all of them, sorted."""
    from kommunkompassen.site.index import build_index

    arch = site.archive if which == "fixture" else archive
    models = build_index(arch).rankings.role_models
    checked = 0
    for ev in arch.evaluations:
        for area in ev.framework.areas:
            asks = [dict(qid=q.id) for q in area.questions] + [dict(number=area.number)]
            for ask in asks:
                get = (lambda: models.for_question(ev, ask["qid"])) if "qid" in ask else \
                    (lambda: models.for_area(ev, ask["number"]))
                part, whole = get(), get()
                shown, count = [m.evaluation.key for m in part.shown], len(part.models)
                everything = list(whole.models)
                expected, order = _every_role_model(models, ev, **ask)
                assert sorted(m.evaluation.key for m in everything) == sorted(expected)
                assert everything == sorted(everything, key=order)
                assert count == len(everything) and shown == [m.evaluation.key for m in everything[:3]]
                assert part.more == max(0, count - 3)
                checked += count
    assert checked


def test_bengtsfors_2015_names_orebro_and_grastorp_for_area_7_and_amal_across_versions(root, archive):
    from conftest import FixtureSite

    site = FixtureSite(archive)
    models = site.index.rankings.role_models
    by_key = {e.key: e for e in archive.evaluations}
    bengtsfors, amal = by_key["bengtsfors-2015"], by_key["amal-2019"]
    page = site.page("kommuner/bengtsfors/2015/")
    # Each area of the evaluation page links to the area's role models in the improvement plan.
    assert '<a href="forbattringsplan/#omrade-7">Förebilder i området</a>' in page
    assert "Hela området" not in page

    finding = models.for_area(bengtsfors, 7)
    assert {"Örebro 2012", "Grästorp 2014"} <= {m.evaluation.title for m in finding.models}
    line = item(plan_box(site, "kommuner/bengtsfors/2015/", 7), "Hela området")
    assert models_in(line) == [m.evaluation.title for m in finding.shown]
    for m in finding.shown:
        assert f"{m.evaluation.title} : {m.points:g} av 100 poäng · hela området, samma version" in line
    grastorp = by_key["grastorp-2014"]
    if grastorp.title in models_in(line):
        assert f"Grästorp 2014 : {grastorp.area_score(7).value} av 100 poäng · hela området, samma version · " \
               "liknande kommun: samma län (Västra Götalands län)" in line

    # Åmål 2019 (2016 version, same municipality group) where the crosswalk pairs a weak sub-question.
    crosswalk = yaml.safe_load((root / "data" / "frameworks" / "crosswalks" / "2010-2016.yaml").read_text("utf-8"))
    pairs = {p["from"]: p["to"] for p in crosswalk["questions"]}
    weak = [qid for qid, _ in models.weakest_questions(bengtsfors, 8)]
    assert "8.5" in weak and pairs["8.5"] == "8.5"
    q = amal.question_score("8.5")
    line = item(plan_box(site, "kommuner/bengtsfors/2015/", 8), "8.5 ")
    assert f"Åmål 2019 : {q.percent.value} % ({q.score.value} av {q.max.value}) · samma delfråga i {CAUTION} " \
           "(delfråga 8.5 i Kommunkompassen 2016" in line
    assert "liknande kommun: samma kommungrupp (C8 Landsbygdskommun)" in line
    assert "utvärderarna lyfter fram Åmål här som exempel för andra" in line


def test_the_seed_reports_own_words_are_shown(archive):
    from conftest import FixtureSite

    site = FixtureSite(archive)
    for key in ("bengtsfors-2015", "amal-2019"):
        ev = next(e for e in archive.evaluations if e.key == key)
        report = (ROOT / "data" / "evaluations" / f"{key}.md").read_text(encoding="utf-8")
        assert ev.data.named_role_models, key
        for named in ev.data.named_role_models:
            assert named.quote in report  # only what the report says
            assert f"<q>{named.quote}</q>" in site.page(ev.url)


def test_the_rule_is_stated_on_the_about_page():
    about = (ROOT / "docs" / "om-webbplatsen.md").read_text(encoding="utf-8")
    assert RULE in about and "{#forebilder}" in about


# --- one edit, few pages ----------------------------------------------------------------------------


def test_an_evaluation_page_stays_the_same_when_another_evaluations_scores_change(tmp_path):
    """An evaluation page shows its own evaluation only: role models and the site's averages move
    with every other evaluation, so they live on the improvement plan and the version's page, and
    an edit to one evaluation re-renders few pages in ``mkdocs serve``. Jokkmokk 2012 is a role
    model for Dals-Ed 2015 on 7.5; raising its score changes Dals-Ed's plan, not Dals-Ed's page."""
    from conftest import FixtureSite

    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "frameworks", project / "data" / "frameworks")
    shutil.copytree(ROOT / "data" / "reference", project / "data" / "reference")
    shutil.copytree(FIXTURE / "data" / "evaluations", project / "data" / "evaluations")
    pages = ("kommuner/dals-ed/2015/", "kommuner/stockholm/2013/", "kommuner/dals-ed/2015/forbattringsplan/")
    before = FixtureSite(load_archive(project))
    was = {url: before.page(url) for url in pages}
    assert "Jokkmokk 2012 : 70 % (14 av 20)" in text(was["kommuner/dals-ed/2015/forbattringsplan/"])

    path = project / "data" / "evaluations" / "jokkmokk-2012.yaml"
    source = path.read_text(encoding="utf-8")
    for old, new in (('"7.5": {score: 14, max: 20, percent: 70}', '"7.5": {score: 20, max: 20, percent: 100}'),
                     ("    score: 60\n", "    score: 66\n"), ("total: 410", "total: 416")):
        assert old in source
        source = source.replace(old, new)
    path.write_text(source, encoding="utf-8")
    after = FixtureSite(load_archive(project))

    assert after.page("kommuner/dals-ed/2015/") == was["kommuner/dals-ed/2015/"]
    assert after.page("kommuner/stockholm/2013/") == was["kommuner/stockholm/2013/"]
    plan = text(after.page("kommuner/dals-ed/2015/forbattringsplan/"))
    assert "Jokkmokk 2012 : 100 % (20 av 20)" in plan and "Jokkmokk 2012 : 70 %" not in plan
