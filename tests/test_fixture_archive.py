"""What a reader sees for the cases the real archive may or may not happen to contain.

The synthetic archive in ``tests/fixtures/archive/`` (its README says what each file
exercises) never grows, so its counts and ranks are pinned here: ties, a derived total, an
unknown cell, an uncertain version, a catalogue-only entry, two versions of one municipality
and role models pointing at one another. The pages are the generated Markdown, with HTML.
"""

from __future__ import annotations

import csv
import io
import re


def text(markup: str) -> str:
    """The visible text: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip()


def rows(markup: str, caption_start: str) -> list[list[str]]:
    """The cells (as text, note numbers dropped) of the table whose caption starts so."""
    m = re.search(r"<table[^>]*>\s*<caption>" + re.escape(caption_start) + r".*?</table>", markup, re.S)
    assert m, f"no table captioned {caption_start!r}"
    return [[text(re.sub(r"<sup.*?</sup>", "", cell)) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(0), re.S)]


def fact(markup: str, label: str) -> str:
    return text(re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", markup).group(1))


# --- counts -----------------------------------------------------------------------------------


def test_the_start_page_counts_evaluations_and_lists_the_latest_and_no_highest(fixture_site):
    start = fixture_site.page("")
    assert ("Webbplatsen känner till 8 utvärderingar av 7 av Sveriges 290 kommuner. Av dem har ingen hela "
            "rapporten här ännu; poäng (totalt, per område eller per delfråga) finns för 7 och för 1 bara uppgiften "
            "att en rapport finns.") in text(start)
    latest = re.findall(r"<li>(.*?)</li>", re.search(r'<ul class="kk-latest">(.*?)</ul>', start, re.S).group(1))
    assert [text(li) for li in latest[:3]] == [
        "Arvika 2021 : 610 av 800 poäng (Kommunkompassen 2020)",
        "Boden 2017 : rapport finns, poäng ej inlagda (Kommunkompassen 2016)",
        "Bjuv 2015 : 600 av 800 poäng (troligen Kommunkompassen 2010)"]
    # No "highest" list: the published totals are a self-selected few. Each version says what it has.
    versions = [text(li) for li in re.findall(r"<li>(.*?)</li>", re.search(
        r'<ul class="kk-versions">(.*?)</ul>', start, re.S).group(1))]
    assert "Kommunkompassen 2010 (2010–2015): 6 utvärderingar på webbplatsen, 5 offentliga totalpoäng " \
           "(1 av dem med en version som källan inte anger)." in versions
    assert "Kommunkompassen 2020 (2020–): 1 utvärdering på webbplatsen, 1 offentlig totalpoäng." in versions
    assert "högsta" not in text(start).lower()


def test_the_lists_and_statistics_count_every_evaluation_and_how_much_is_known(fixture_site):
    listing = text(fixture_site.page("utvarderingar/"))
    assert "8 kända utvärderingar av 7 kommuner. Klicka" in listing
    assert ("rapport finns, poäng ej inlagda: 1; totalpoäng: 3; poäng per område: 1; poäng per delfråga: 3; "
            "hela rapporten: 0") in listing
    stats = fixture_site.page("statistik/")
    assert "Webbplatsen har 8 utvärderingar med känt år, av 7 av Sveriges 290 kommuner. 6 av dem har en " \
           "totalpoäng som källan anger" in text(stats)
    assert rows(stats, "Utvärderingar per version")[1:] == [
        ["Kommunkompassen före 2010", "2002–2009", "0", "0", "0"],
        ["Kommunkompassen 2010", "2010–2015", "6", "5", "1"],
        ["Kommunkompassen 2016", "2016–2019", "1", "0", "0"],
        ["Kommunkompassen 2020", "2020–", "1", "1", "0"]]
    assert ["2014", "2", "1"] in rows(stats, "Utvärderingar per år")  # Arvika 2014 stated, Askersund derived
    municipalities = text(fixture_site.page("kommuner/"))
    assert "7 av Sveriges 290 kommuner har minst en känd utvärdering. 283 kommuner saknar känd utvärdering" \
        in municipalities


# --- ties and ranks ----------------------------------------------------------------------------


def test_a_version_lists_its_published_totals_without_ranks(fixture_site):
    page = fixture_site.page("omraden/2020/")
    ranking = rows(page, "De 1 totalpoäng med Kommunkompassen 2020 som är offentliga")
    assert ranking == [["Utvärdering", "Totalpoäng"], ["Arvika 2021", "610"]]
    assert "1 utvärdering med Kommunkompassen 2020 har en totalpoäng som källan anger." in text(page)


def test_published_totals_are_listed_highest_first_and_no_page_gives_a_placing(fixture_site):
    ranking = rows(fixture_site.page("omraden/2010/"), "De 5 totalpoäng med Kommunkompassen 2010 som är offentliga")
    assert ranking[1:] == [["Bjuv 2015 (versionen osäker)", "600"], ["Arjeplog 2012", "520"],
                           ["Arvidsjaur 2013", "520"], ["Avesta 2011", "480"], ["Arvika 2014", "400"]]
    for url in ("kommuner/arjeplog/2012/", "kommuner/arvidsjaur/2013/", "kommuner/avesta/2011/", "kommuner/arvika/"):
        assert "Placering" not in fixture_site.page(url) and " av 5 utvärderingar" not in fixture_site.page(url)


def test_an_uncertain_version_is_said_as_probable_wherever_the_version_is(fixture_site):
    page = fixture_site.page("kommuner/bjuv/2015/")
    assert fact(page, "Version") == "troligen Kommunkompassen 2010 (källan anger inte versionen) [1]"
    assert text(page).startswith("# Bjuv 2015 Bjuv fick 600 av 800 poäng (2015), troligen i Kommunkompassen 2010; "
                                 "källan anger inte versionen.")
    assert "Testkällan anger inte versionen; 2010 års version gällde utvärderingsåret." in text(page)
    assert "Rekord" not in fixture_site.page("statistik/")


# --- derived, unknown, catalogue-only ------------------------------------------------------------


def test_a_derived_total_is_marked_and_not_ranked(fixture_site):
    page = fixture_site.page("kommuner/askersund/2014/")
    assert text(page).startswith("# Askersund 2014 Askersund fick 430 av 800 poäng i Kommunkompassen 2010 (2014). "
                                 "Totalpoängen står inte i källan utan är härledd.")
    assert "430 (härlett) [1] av 800 poäng" in text(page)
    assert "<dt>Placering</dt>" not in page
    assert "Totalpoäng (härlett): Summan av områdenas poäng; rapporten trycker ingen totalpoäng." in text(page)
    assert "Askersund" not in fixture_site.page("omraden/2010/").split("## Totalpoäng")[1]
    csv_row = next(r for r in csv.DictReader(io.StringIO(fixture_site.data["data/utvarderingar.csv"]))
                   if r["municipality"] == "Askersund")
    assert csv_row["total"] == "430"


def test_an_unknown_cell_says_so_with_its_note(fixture_site):
    page = fixture_site.page("kommuner/avesta/2011/")
    questions = {r[0]: r for r in rows(page, "Poäng per delfråga för Avesta 2011")[1:]}
    assert questions["7.3"][2:5] == ["uppgift saknas", "20", "uppgift saknas"]
    assert questions["7.4"][2:5] == ["4", "20", "20 %"]
    assert "Delfråga 7.3, poäng och procent (uppgift saknas): Raden går inte att läsa i testets skanning." \
        in text(page)
    ranking = rows(fixture_site.page("goda-exempel/2010/7-3/"), "Utvärderingar med Kommunkompassen 2010")
    assert [r[0] for r in ranking[1:]] == ["Arjeplog 2012", "Arvidsjaur 2013"]  # the unknown cell is not listed


def test_a_catalogue_only_entry_shows_what_is_missing_and_invites_a_report(fixture_site):
    page = text(fixture_site.page("kommuner/boden/2017/"))
    assert "Totalpoäng: uppgift saknas" in text(page) and "uppgift saknas av 800" not in page
    assert "Rapport finns, poäng ej inlagda" in page and "Har du rapporten? Så lägger du till den" in page
    assert "Placering" not in page


# --- one municipality, two versions; the map ---------------------------------------------------


def test_a_municipality_with_two_versions_lists_both_and_warns(fixture_site):
    page = fixture_site.page("kommuner/arvika/")
    assert rows(page, "Utvärderingar av Arvika")[1:] == [
        ["2014", "Kommunkompassen 2010", "400", "totalpoäng"],
        ["2021", "Kommunkompassen 2020", "610", "totalpoäng"]]
    assert "Olika versioner" in page
    assert "2014: 400 (version 2010); 2021: 610 (version 2020)." in page  # the timeline's text alternative


def test_the_map_table_shows_each_municipalitys_latest_stated_total(fixture_site):
    table = {r[0]: r for r in rows(fixture_site.page("karta/"), "Senaste totalpoäng enligt källan")[1:]}
    assert len(table) == 7
    assert table["Arvika"][2:] == ["2", "610", "2021", "2020", "600 och mer"]
    assert table["Bjuv"][5:] == ["2010 (osäker)", "600 och mer"]
    assert table["Askersund"][3:] == ["uppgift saknas", "–", "–", "utvärderad, ingen totalpoäng med årtal"]
    assert "för de 7 kommuner som har minst en känd utvärdering (5 med totalpoäng)" in fixture_site.page("karta/")


# --- role models -----------------------------------------------------------------------------


def role_model_line(page: str, qid: str) -> str:
    """The visible text of the item for one sub-question in the improvement plan's role models per
    area, its nested role models included."""
    start = page.index(f"<li>{qid} ")
    return text(page[start:page.index("</a></li>", start) + len("</a></li>")])


def test_role_models_point_at_one_another_across_evaluations(fixture_site):
    arjeplog = fixture_site.page("kommuner/arjeplog/2012/forbattringsplan/")
    arvidsjaur = fixture_site.page("kommuner/arvidsjaur/2013/forbattringsplan/")
    assert role_model_line(arjeplog, "7.1").endswith(
        "(20 %): Arvidsjaur 2013 : 100 % (15 av 15) · samma delfråga, samma version · liknande kommun: samma län "
        "(Norrbottens län) Avesta 2011 : 80 % (12 av 15) · samma delfråga, samma version Alla resultat för 7.1")
    assert '<a href="../../../arvidsjaur/2013/#omrade-7">Arvidsjaur 2013</a>: 100 %' in arjeplog
    assert '<a href="forbattringsplan/#omrade-7">Förebilder i området</a>' in fixture_site.page("kommuner/arjeplog/2012/")
    assert role_model_line(arvidsjaur, "7.2").endswith(
        "(20 %): Arjeplog 2012 : 100 % (25 av 25) · samma delfråga, samma version · liknande kommun: samma län "
        "(Norrbottens län) Avesta 2011 : 80 % (20 av 25) · samma delfråga, samma version Alla resultat för 7.2")


def test_tied_role_models_are_both_named(fixture_site):
    line = role_model_line(fixture_site.page("kommuner/avesta/2011/forbattringsplan/"), "7.4")
    assert line.endswith("(20 %): Arjeplog 2012 : 80 % (16 av 20) · samma delfråga, samma version "
                         "Arvidsjaur 2013 : 80 % (16 av 20) · samma delfråga, samma version Alla resultat för 7.4")


def test_the_good_example_page_orders_by_share_and_names_the_role_models(fixture_site):
    page = fixture_site.page("goda-exempel/2010/7-1/")
    ranking = rows(page, "Utvärderingar med Kommunkompassen 2010 som har poäng för delfråga 7.1")
    assert ranking[1:] == [["Arvidsjaur 2013", "15", "100 %"], ["Avesta 2011", "12", "80 %"],
                           ["Arjeplog 2012", "3", "20 %"]]
    assert "### Arvidsjaur 2013: 100 %" in page
    # No report text in the fixture: the page says where the report about Arvidsjaur 2013 can be found.
    assert "Rapporten om Arvidsjaur 2013 finns inte på webbplatsen; den kan finnas hos källan:" in text(page)
