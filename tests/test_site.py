"""The built site: what a citizen sees on the pages equals the reports."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import sourcefacts
from sitebuild import ROOT, copy_project


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def page_text(site, url: str) -> str:
    path = site / url if url.endswith((".csv", ".json", ".svg")) else site / url / "index.html"
    return path.read_text(encoding="utf-8-sig" if url.endswith(".csv") else "utf-8")


class _Text(HTMLParser):
    """Visible text of a page region, and its links, ids and images."""

    def __init__(self):
        super().__init__()
        self.parts, self.links, self.ids, self.images = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a)

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self):
        return re.sub(r"\s+", " ", " ".join(self.parts))


def parse(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


def table_rows(html: str, caption_start: str) -> list[list[str]]:
    """Cells of the table whose caption starts with the given text."""
    m = re.search(r"<table[^>]*>\s*<caption>" + re.escape(caption_start) + r".*?</table>", html, re.S)
    assert m, f"no table captioned {caption_start!r}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(0), re.S)
    return [[re.sub(r"<sup.*?</sup>|<[^>]+>", "", c).strip()
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def test_evaluation_page_opens_with_the_reports_comparison_and_the_area_table(site):
    html = page_text(site, "kommuner/bengtsfors/2015")
    text = parse(html).text
    assert "387" in text and "av 800 poäng" in text
    assert "Märit Melbi (SKL), Linda Persson-Melin (SKL), Anna Marnell (Katrineholms kommun)" in text
    assert ("Bengtsfors fick 387 av 800 poäng i Kommunkompassen 2010 (2015). Det är 85 poäng under rapportens "
            "jämförelsevärde: 472 poäng, genomsnitt 63 kommuner. Starkast: område 4, Ledarskap, ansvar och "
            "delegation (60 poäng). Svagast: område 7, Verksamhetsutveckling (27 poäng).") in text
    rows = table_rows(html, "Poäng per område för Bengtsfors 2015")
    # The report's own average per area; the site never ranks among the published few.
    assert rows[0] == ["Område", "Poäng", "Rapportens genomsnitt", "Skillnad"]
    assert rows[1] == ["1. Offentlighet och demokrati", "46", "54", "−8"]
    assert rows[7] == ["7. Verksamhetsutveckling", "27", "54", "−27"]
    assert rows[-1] == ["Totalt", "387", "472", "−85"]
    assert "Placering" not in html


def test_amals_opening_gives_the_reports_average_for_all_and_its_strengths_first(site):
    """Åmål 2019 is its second evaluation: compared with all municipalities (473), not first-timers (375)."""
    html = page_text(site, "kommuner/amal/2019")
    text = parse(html).text
    assert ("Åmål fick 453 av 800 poäng i Kommunkompassen 2016 (2019). Det är 20 poäng under rapportens "
            "jämförelsevärde: 473 poäng, alla kommuner som gjort en eller flera Kompasser. Starkast: område 8, "
            "Kommunen som samhällsbyggare (81 poäng). Svagast: område 7, Ständiga förbättringar (42 poäng).") in text
    opening = parse(html.split('class="kk-summary"')[0]).text
    assert "Styrkor enligt rapporten Strategier eller motsvarande för arbete med näringsliv" in opening
    assert "Förbättringsområden enligt rapporten Utveckla samordningen med de centrala resurserna" in opening
    assert "375" not in opening.split("Ur rapportens")[0]


def test_evaluation_page_sub_question_table_equals_report(site):
    rows = table_rows(page_text(site, "kommuner/bengtsfors/2015"), "Poäng per delfråga för Bengtsfors 2015")
    by_id = {r[0]: r[2:5] for r in rows[1:]}
    assert by_id["1.5"] == ["6", "10", "59 %"]
    assert by_id["7.4"] == ["1", "20", "3 %"]
    assert len(by_id) == 45


def test_missing_and_derived_values_say_so(site):
    html = page_text(site, "kommuner/amal/2019")
    rows = {r[0]: r for r in table_rows(html, "Poäng per delfråga för Åmål 2019")[1:]}
    assert rows["7.3"][2:5] == ["uppgift saknas", "20", "46 %"]
    assert rows["8.1"][2:5] == ["uppgift saknas", "15 (härlett)", "uppgift saknas"]
    assert rows["7.2"][2:5] == ["14 (osäkert)", "25", "33 % (osäkert)"]
    text = parse(html).text
    assert "Raden saknas i skanningen." in text
    assert "Utvärderare uppgift saknas" in text


def test_the_site_averages_only_five_or_more_and_values_that_share_a_remark_share_its_number(site):
    """Grästorp 2014 has every area but no average from its source: its page compares its areas
    with nothing and links to the version's page, whose mean per area averages at least five
    stated scores of evaluations whose source states the version (an evaluation's page never
    moves with the other evaluations' scores). Values that share a remark share its number."""
    html = page_text(site, "kommuner/grastorp/2014")
    rows = table_rows(html, "Poäng per område för Grästorp 2014")
    assert len(rows) == 10 and rows[0] == ["Område", "Poäng"]
    assert "genomsnitt av" not in html.lower() and "Medelvärde av" not in html
    assert ("eget genomsnitt per område finns inte på webbplatsen. Medelpoängen per område för alla utvärderingar "
            "med Kommunkompassen 2010 på webbplatsen står på versionens sida") in parse(html).text
    assert '<a href="../../../omraden/2010/#omraden">versionens sida</a>' in html
    version = table_rows(page_text(site, "omraden/2010"), "Områdena i Kommunkompassen 2010")
    certain = [e for e in sourcefacts.evaluations() if e.framework == "2010" and not sourcefacts.version_uncertain(e)]
    for n in range(1, 9):
        scores = [v for e in certain if (v := e.stated("areas", str(n), "score")) is not None]
        mean = sourcefacts.swedish_number(round(sum(scores) / len(scores), 1)) if len(scores) >= 5 else "–"
        assert version[n][0].startswith(f"{n}.") and version[n][3] == mean, (n, scores)
    amal = [parse(li).text for li in re.findall(r'<li id="anm-\d+">.*?</li>', page_text(site, "kommuner/amal/2019"))]
    assert "Delfråga 8.1, poäng och procent (uppgift saknas): Raden saknas i skanningen." in amal


def test_area_text_strengths_and_improvements_have_stable_anchors(site):
    ids = parse(page_text(site, "kommuner/amal/2019")).ids
    report = parse(page_text(site, "kommuner/amal/2019/rapport")).ids
    for n in range(1, 9):
        assert f"omrade-{n}" in ids  # scores and role models of the area
        assert {f"omrade-{n}", f"omrade-{n}-styrkor", f"omrade-{n}-forbattringsomraden"} <= report


def test_report_text_has_its_own_page_linked_from_each_area(site, archive):
    """The evaluation page keeps scores, charts and role models; the report's text is one click away."""
    html = page_text(site, "kommuner/amal/2019")
    overview = parse(html)
    assert '<a href="rapport/">Läs rapportens text</a>: inledning och alla 8 områden med styrkor och ' \
           'förbättringsområden, på en egen sida.' in html
    amal = next(e for e in archive.evaluations if e.key == "amal-2019")
    assert len(amal.text.areas[1].strengths) == 7  # the bullets under "### Styrkor" in area 1
    assert ('href="rapport/#omrade-1">Rapportens text om området</a>: 7 styrkor och '
            f'{len(amal.text.areas[1].improvements)} förbättringsområden.') in html
    # The evaluation page shows an area's first three strengths in short; the report page all, in full.
    strengths = [" ".join(t.split()) for t in amal.text.areas[3].strengths]
    strength = strengths[0]
    assert len(strength) > 160 and strength[:60] in overview.text and strength not in overview.text
    assert strengths[1] in overview.text and strengths[2] in overview.text
    assert strengths[3] not in overview.text
    assert f"Alla {len(strengths)} styrkor i rapporten" in overview.text
    report = parse(page_text(site, "kommuner/amal/2019/rapport"))
    assert "Åmål 2019: rapportens text" in report.text
    assert " ".join(strength.split())[:60] in report.text
    assert "Vad är Kommunkompassen?" in report.text  # the report's introduction, as printed
    # The page opens with the municipality's own text; the version's standard introduction comes last.
    own = report.text.index("Åmåls kommun i förhållande till Kommunkompassen")
    intro = report.text.index("Rapportens inledning om Kommunkompassen, densamma i alla rapporter")
    assert own < report.text.index("Område 1: Offentlighet och demokrati") < \
        report.text.index("Område 8: Kommunen som samhällsbyggare") < intro


def test_open_data_tables_equal_the_reports(site):
    rows = list(csv.DictReader(io.StringIO(page_text(site, "data/utvarderingar.csv"))))
    bengtsfors = next(r for r in rows if r["municipality"] == "Bengtsfors")
    assert [bengtsfors[f"area_{n}"] for n in range(1, 9)] == ["46", "39", "57", "60", "43", "56", "27", "59"]
    assert (bengtsfors["municipality_code"], bengtsfors["year"], bengtsfors["framework"], bengtsfors["total"]) == \
        ("1460", "2015", "2010", "387")
    scores = list(csv.DictReader(io.StringIO(page_text(site, "data/poang.csv"))))
    amal = {r["question"]: r for r in scores if r["municipality"] == "Åmål"}
    assert (amal["7.3"]["score"], amal["7.3"]["max"], amal["7.3"]["percent"]) == ("", "20", "46")
    assert (amal["1.4"]["score"], amal["1.4"]["percent"]) == ("19", "65")
    assert len([r for r in scores if r["municipality"] == "Bengtsfors"]) == 45


def test_every_chart_has_alt_text_and_a_table_with_its_numbers(site):
    html = page_text(site, "kommuner/amal/2019")
    (img,) = [i for i in parse(html).images if "grafik/" in i["src"]]
    assert img["alt"].startswith("Liggande stapeldiagram, poäng per område för Åmål 2019")
    assert "8. Kommunen som samhällsbyggare: 81" in img["alt"]
    assert (site / "kommuner/amal/2019" / img["src"]).resolve().exists()
    assert "Samma siffror finns i tabellen nedan." in html


def test_chart_svg_is_deterministic_and_swedish():
    from kommunkompassen.charts.drawing import areas_spec, draw

    spec = areas_spec("x.svg", "Test 2019", ["1. Ett", "2. Två"], [55, None], "Genomsnitt", [50, 60], 100)
    first, second = draw(spec), draw(spec)
    assert first == second
    assert b"uppgift saknas" in first and b"Po\xc3\xa4ng (max 100)" in first


def test_role_model_links_land_on_existing_sections(site):
    """Every link from the good-examples pages and evaluation pages to an evaluation resolves."""
    checked = 0
    for page in list(site.glob("goda-exempel/**/index.html")) + list(site.glob("kommuner/*/*/index.html")):
        for href in parse(page.read_text(encoding="utf-8")).links:
            if "kommuner/" not in href or href.startswith("http") or href.endswith((".svg", ".csv")):
                continue
            path, _, anchor = href.partition("#")
            target = (page.parent / path / "index.html").resolve()
            assert target.exists(), f"{page}: {href}"
            if anchor:
                assert anchor in parse(target.read_text(encoding="utf-8")).ids, f"{page}: {href}"
            checked += 1
    assert checked > 0


def nav_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"[^>]*class="md-nav__link', html) + \
        re.findall(r'<a class="md-nav__link[^"]*" href="([^"]*)"', html)


def test_navigation_does_not_list_every_evaluation(site):
    for url in ("", "kommuner/amal/2019", "kommuner/bengtsfors"):
        links = nav_links(page_text(site, url))
        assert links, url
        assert not [h for h in links if re.search(r"kommuner/[a-z-]+/\d{4}", h)], url
        assert len([h for h in links if not h.startswith("#")]) == len(NAV), url


def _nav_entries() -> list:
    import yaml

    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


NAV = _nav_entries()


def test_municipality_page_lists_its_evaluations(site):
    text = parse(page_text(site, "kommuner/amal")).text
    assert "Västra Götalands län" in text and "C8 Landsbygdskommun" in text
    assert "453" in text


def test_ambiguous_slug_lets_the_reader_choose(site):
    text = parse(page_text(site, "kommuner/habo")).text
    assert "Habo (Jönköpings län)" in text and "Håbo (Uppsala län)" in text


def test_invalid_data_fails_the_build_and_publishes_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    yaml_path = project / "data/evaluations/bengtsfors-2015.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("total: 387", "total: 400"),
                         encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    line = 1 + yaml_path.read_text(encoding="utf-8").splitlines().index("total: 400")
    assert (f"data/evaluations/bengtsfors-2015.yaml: rad {line}: total: totalen 400 stämmer inte med summan av "
            "områdena (387)") in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_report_bullet_in_short_is_its_first_sentence_within_160_characters():
    from kommunkompassen.site.pages import short_item

    assert short_item("Webbsändningar av KF. Aktuella handlingar är kopplade till tjänsten.") == "Webbsändningar av KF"
    assert short_item("Protokoll, kallelser m.m. samt information i Åmålsmagasinet.") == (
        "Protokoll, kallelser m.m. samt information i Åmålsmagasinet")
    long = "Ett " + "mycket " * 40 + "långt påstående"
    assert len(short_item(long)) <= 160 and short_item(long).endswith("mycket…")


def test_a_role_model_is_quoted_on_what_concerns_the_sub_question(site):
    """Bengtsfors 2015 is weak on international contacts (8.5); its plan quotes what Åmål's report says
    about international contacts, not the first strengths of Åmål's whole area 8."""
    plan = parse(page_text(site, "kommuner/bengtsfors/2015/forbattringsplan")).text
    row = plan[plan.index("8.5 Hur arbetar kommunen med internationella kontakter?"):]
    row = row[:row.index("hela avsnittet i rapporten om Åmål 2019")]
    assert "Förebild: Åmål 2019" in row
    assert "Styrkor i område 8 som gäller delfrågan, enligt rapporten om Åmål 2019:" in row
    assert "Ett omfattande och väletablerat arbete med internationella kontakter" in row
    assert "Under rubriken ”Internationella kontakter” skriver rapporten om Åmål 2019:" in row
    chapter = (ROOT / "data/evaluations/amal-2019.md").read_text(encoding="utf-8").split("## Område 8")[1]
    listed = chapter.split("### Styrkor")[1].split("\n### ")[0]
    bullets = [" ".join(b.split()) for b in listed.split("\n- ")[1:]]
    off_topic = [b for b in bullets if "internation" not in b.lower() and "kontakt" not in b.lower()]
    assert off_topic and not any(b[:40] in row for b in off_topic)  # none of the area's other strengths
