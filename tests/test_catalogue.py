"""The catalogue: every evaluation that public pages mention is on the site, as the source states it.

The source is data/reference/published-results.yaml; scripts/import_published.py turns it into
data files, and a re-import never loses what a maintainer wrote.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sourcefacts
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "reference" / "published-results.yaml"
HAND_MADE = ("bengtsfors-2015", "amal-2019")


# --- helpers --------------------------------------------------------------------------------


def source() -> dict:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def filed_year(raw):
    """The year an entry is filed under: the year, or B for 'A/B (…)'; None without a year."""
    if raw is None or isinstance(raw, int):
        return raw
    return int(re.match(r"\d{4}/(\d{4})", str(raw)).group(1))


def slugs() -> dict[str, str]:
    from kommunkompassen.loading.municipalities import load_municipalities

    return {m.name: m.slug for m in load_municipalities(ROOT / "data/reference/municipalities.csv")}


def dated_entries() -> list[dict]:
    return [e for e in source()["evaluations"] if e["year"] is not None]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.parts.append(data)


def page(site: Path, url: str) -> tuple[str, str, list[str]]:
    """(html, visible text, links) of a built page."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    main = html[html.index('<article'):html.index('</article>')]
    parser = _Text()
    parser.feed(main)
    return html, re.sub(r"\s+", " ", " ".join(parser.parts)), parser.links


def csv_rows(site: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data/utvarderingar.csv").read_text(encoding="utf-8-sig"))))


def number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def load_importer():
    spec = importlib.util.spec_from_file_location("import_published", ROOT / "scripts" / "import_published.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_import(root: Path, capsys, *args: str) -> str:
    assert load_importer().main(["--root", str(root), *args]) == 0
    return capsys.readouterr().out


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*.yaml"))}


# --- every evaluation in the source is on the site ------------------------------------------------


def test_every_published_evaluation_has_a_page_and_a_csv_row_with_its_numbers(built_site):
    by_key = {(r["municipality"], r["year"]): r for r in csv_rows(built_site)}
    slug = slugs()
    checked = 0
    for entry in dated_entries():
        name, year = entry["municipality"], filed_year(entry["year"])
        row = by_key[(name, str(year))]
        _, text, _ = page(built_site, f"kommuner/{slug[name]}/{year}")
        assert f"{name} {year}" in text
        if entry["total_score"] is not None:
            assert row["total"] == number(entry["total_score"]), (name, year)
            marked = " (härlett)" if entry["total_score_status"].startswith("derived") else ""
            shown = number(entry["total_score"]).replace(".", ",") + marked
            assert re.search(re.escape(shown) + r"( \[\d+\])? av 800 poäng", text), (name, year, shown)
        for area in entry["area_scores"] or []:
            assert row[f"area_{area['area']}"] == number(area["score"]), (name, year, area)
        checked += 1
    assert checked == len(dated_entries()) and checked


def test_evaluations_without_a_year_are_on_their_municipality_page(built_site):
    slug = slugs()
    undated = [e for e in source()["evaluations"] if e["year"] is None]
    assert any(e["municipality"] == "Simrishamn" for e in undated)
    for entry in undated:
        _, text, _ = page(built_site, f"kommuner/{slug[entry['municipality']]}")
        assert "Utvärderingar utan känt år" in text
        if entry["total_score"] is not None:
            assert f"Totalpoäng: {entry['total_score']}" in text
    _, text, _ = page(built_site, "kommuner/simrishamn")
    assert "Vi känner inte till någon utvärdering" not in text
    assert "Lars Strid (f.d. SKL), Josephine Härdin" in text


def test_an_evaluation_known_only_from_a_title_page_invites_the_reader_to_add_it(built_site):
    html, text, links = page(built_site, "kommuner/tranas/2017")
    assert "Rapport finns, poäng ej inlagda" in text
    assert "Har du rapporten? Så lägger du till den" in text
    assert ("Tranås utvärderades 2017, troligen med Kommunkompassen 2016; källan anger inte versionen. "
            "Totalpoängen finns inte på webbplatsen.") in text
    assert "Totalpoäng: uppgift saknas" in text and "uppgift saknas av 800" not in text
    assert "Lars Strid (senior konsult, SKL), Anders Bergenek (Halmstad)" in text
    assert "troligen Kommunkompassen 2016 (källan anger inte versionen)" in text
    assert "Källan anger inte versionen; sammanställningen anger version 2016 som trolig" in text
    assert "Område 1:" not in text  # no empty area sections
    # the page that lists the title is another municipality's report: a mention, not the report
    assert "Rapporten nämns i: docplayer.se (sidan om Bengtsfors)" in text
    assert any("docplayer.se" in link for link in links)


def test_a_total_without_area_scores_shows_what_exists(built_site):
    _, text, _ = page(built_site, "kommuner/helsingborg/2017")
    assert "668 av 800 poäng" in text
    assert "Totalpoängen är känd, inte områdenas poäng" in text
    assert "Poäng per område" not in text
    assert "cirka 30 personer" in text
    entry = next(e for e in source()["evaluations"] if e["municipality"] == "Helsingborg" and e["year"] == 2017)
    assert "Om uppgifterna" in text and " ".join(entry["notes_sv"].split()) in text
    assert entry["notes"].split(".")[0] not in text  # the compiler's English notes are never shown


def test_values_the_source_derived_or_doubts_are_marked_with_the_source_words(built_site):
    _, text, _ = page(built_site, "kommuner/orebro/2010")
    assert "516 (härlett)" in text
    assert "Härlett, inte läst i källan" in text
    _, text, _ = page(built_site, "kommuner/orebro/2015")
    assert "troligen Kommunkompassen 2010 (källan anger inte versionen)" in text
    assert "Källan anger inte versionen (den kan vara version 2010 eller version 2016)" in text
    _, text, _ = page(built_site, "kommuner/tomelilla/2023")
    assert "Källan anger året som 2022/2023; här används det senare året, 2023." in text


def test_published_totals_are_listed_as_what_they_are_with_stated_totals_only(built_site):
    _, text, _ = page(built_site, "omraden/2016")
    stated = [e for e in sourcefacts.evaluations() if e.framework == "2016" and e.stated("total") is not None]
    caption = f"De {len(stated)} totalpoäng med Kommunkompassen 2016 som är offentliga, högst först"
    assert caption in text
    assert "Helsingborg 2017 (versionen osäker) 668" in text
    assert "Kumla 2017" not in text.split(caption)[1]  # 420 is derived, not stated
    assert "Placering" not in text


def test_lists_say_how_much_of_each_evaluation_is_known(built_site, archive):
    _, text, _ = page(built_site, "utvarderingar")
    evs = sourcefacts.evaluations()
    undated = sourcefacts.undated()
    # One count for the site (the start page says the same): dated and undated, every municipality with one.
    assert (f"{len(evs) + len(undated)} kända utvärderingar av {sourcefacts.kommuner(len(sourcefacts.evaluated_codes()))}"
            + (f"; de {len(evs)} med känt år står i tabellen." if undated else ".")) in text
    known = Counter(e.completeness for e in archive.evaluations)
    assert f"rapport finns, poäng ej inlagda: {known['catalogue']}" in text
    assert f"hela rapporten: {known['full_text']}" in text and known["full_text"] >= 2  # Bengtsfors 2015, Åmål 2019
    assert f"Dessutom {sourcefacts.utvarderingar(len(sourcefacts.undated()))} utan känt år" in text


# --- municipalities -------------------------------------------------------------------------------


def test_the_page_of_municipalities_without_an_evaluation_lists_only_those(built_site):
    html, text, _ = page(built_site, "kommuner/utan-utvardering")
    never, everyone = sourcefacts.never_evaluated(), sourcefacts.municipalities()
    assert f"{len(never)} av Sveriges {len(everyone)} kommuner har ingen utvärdering" in text
    rows = re.findall(r"<tr><td><a [^>]*>([^<]+)</a>", html)
    assert sorted(rows) == sorted(m["name"] for m in never)
    assert not {"Helsingborg", "Simrishamn", "Bengtsfors"} & set(rows)
    assert 'id="filter-lan"' in html and 'data-table="utan-utvardering"' in html


def test_the_list_of_municipalities_can_be_filtered_and_includes_undated_ones(built_site):
    html, text, _ = page(built_site, "kommuner")
    evaluated = sourcefacts.evaluated_codes()
    assert (f"{len(evaluated)} av Sveriges {len(sourcefacts.municipalities())} kommuner har minst en känd "
            "utvärdering") in text
    dated = {e.code for e in sourcefacts.evaluations()}
    only_undated = [m for m in sourcefacts.municipalities()
                    if m["code"] in {u["municipality"]["code"] for u in sourcefacts.undated()} - dated]
    for m in only_undated:  # e.g. Simrishamn: known from a list of reports, no year
        assert f"{m['name']} {m['county']} {m['skr_group_2017']} 0 + 1 utan år år okänt" in text
    assert '<option>Skåne län</option>' in html and '<option>A1 Storstäder</option>' in html


def test_a_municipality_page_shows_county_group_and_credits_its_sources(built_site):
    _, text, links = page(built_site, "kommuner/helsingborg")
    assert "Skåne län" in text and "Kommungrupp (SKR 2017)" in text
    assert "SCB" in text and "SKR (Kommungruppsindelning 2017)" in text
    assert any(link.startswith("https://www.scb.se/") for link in links)
    assert any("mynewsdesk.com" in link for link in links)


# --- statistics -------------------------------------------------------------------------------------


def test_statistics_count_per_year_and_version_and_name_no_records(built_site):
    _, text, _ = page(built_site, "statistik")
    evs, undated = sourcefacts.evaluations(), sourcefacts.undated()
    assert (f"{len(evs)} utvärderingar med känt år och {len(undated)} utan känt år, av "
            f"{len(sourcefacts.evaluated_codes())} av Sveriges {len(sourcefacts.municipalities())} kommuner") in text
    v2020 = [e for e in evs if e.framework == "2020"]
    stated = [e for e in v2020 if e.stated("total") is not None]
    uncertain = sum(sourcefacts.version_uncertain(e) for e in v2020)
    assert f"Kommunkompassen 2020 2020– {len(v2020)} {len(stated)} {uncertain}" in text  # evaluations, stated, uncertain
    assert "Rekord" not in text  # the published totals are a self-selected few: no site-made record
    in_2015 = [e for e in evs if e.year == 2015]
    assert f"2015 {len(in_2015)} {sum(e.stated('total') is not None for e in in_2015)}" in text


def test_programme_facts_are_copied_with_their_sources(built_site):
    """data/facts.yaml has every fact of the source that has a source, with the same numbers and URLs."""
    facts = {f["source_text"]: f for f in yaml.safe_load((ROOT / "data/facts.yaml").read_text())["facts"]}
    _, text, links = page(built_site, "statistik")
    for item in source()["facts"]:
        raw = item.get("source")
        raw = [raw] if isinstance(raw, (str, dict)) else raw or []
        # a fact from one of the project's own reports (seed:<file>) is on that report's page
        urls = [u for u in (r if isinstance(r, str) else r["url"] for r in raw) if u.startswith("http")]
        if not urls:
            continue
        fact = facts[item["fact"]]
        assert fact["sources"] == urls
        value = item["value"]
        if value is None:
            assert "value" not in fact
        elif isinstance(value, (list, dict)):  # names (and years) of a list, all in the Swedish text
            words = [*map(str, value), *(map(str, value.values()) if isinstance(value, dict) else [])]
            assert all(w in fact["value"] for w in words), (fact["value"], words)
        else:
            digits = re.findall(r"\d+", str(value))
            assert all(d in fact["value"] for d in digits) if digits else fact["value"] == value
        assert fact["label"] in text
        assert set(urls) <= set(links)


# --- the import ----------------------------------------------------------------------------------


def test_the_committed_files_are_what_the_import_writes(capsys):
    out = run_import(ROOT, capsys, "--check")
    assert "Filer skulle skrivas: 0." in out


def source_keys() -> set[str]:
    """The file each dated entry of the source is filed under, e.g. 'tomelilla-2023'."""
    slug = slugs()
    return {f"{slug[e['municipality']]}-{filed_year(e['year'])}" for e in dated_entries()}


def test_import_run_twice_changes_nothing(data_copy, capsys):
    project = data_copy(*HAND_MADE)
    first = run_import(project.root, capsys)
    new_files = len(source_keys() - set(HAND_MADE))
    undated = len(source()["evaluations"]) - len(dated_entries())
    assert f"ny fil: {new_files}" in first and f"inget år, till data/undated.yaml: {undated}" in first
    after_first = snapshot(project.root)
    second = run_import(project.root, capsys)
    assert f"oförändrad: {new_files}" in second and "Filer skrivna: 0." in second
    assert snapshot(project.root) == after_first
    assert project.problems() == []


def test_the_importer_never_overwrites_a_hand_made_file(data_copy, capsys):
    project = data_copy(*HAND_MADE)
    mine = "municipality: {code: '0687', name: Tranås}\nyear: 2017\nframework: '2016'\n" \
           "evaluators: [{name: Lars Strid}]\ntotal: 500\nsources: [{title: Rapporten, file: x.pdf, used_for: allt}]\n"
    project.path("tranas-2017.yaml").write_text(mine, encoding="utf-8")
    before = {name: project.path(f"{name}.yaml").read_bytes() for name in (*HAND_MADE, "tranas-2017")}
    out = run_import(project.root, capsys)
    assert {name: project.path(f"{name}.yaml").read_bytes() for name in before} == before
    assert "Tranås 2017 -> data/evaluations/tranas-2017.yaml: handskriven fil, rörs inte" in out
    assert "Åmål 2019 -> data/evaluations/amal-2019.yaml: handskriven fil, rörs inte" in out
    assert "källan: totalpoäng 453 (stated), område 8 81" in out


def test_maintainer_edits_survive_a_reimport_of_a_corrected_source(data_copy, capsys):
    project = data_copy(*HAND_MADE)
    run_import(project.root, capsys)

    def maintainer(data):  # confirms a value from the report, adds an area score and a fact
        data["interviewed"] = {"value": 32, "note": "Rapporten: 32 intervjuade."}
        data["areas"] = {"1": {"score": 80}}
        data["kortfakta"] = [{"label": "Kommungrupp", "value": "Större stad"}]

    project.edit("helsingborg-2017.yaml", maintainer)
    corrected = source()
    entry = next(e for e in corrected["evaluations"] if e["municipality"] == "Helsingborg" and e["year"] == 2017)
    entry["total_score"], entry["month"], entry["notes_sv"] = 669, "March", "Rättat."
    (project.root / "corrected.yaml").write_text(yaml.safe_dump(corrected, allow_unicode=True), encoding="utf-8")

    out = run_import(project.root, capsys, "--source", "corrected.yaml")
    data = project.read("helsingborg-2017.yaml")
    assert data["total"] == 669 and data["month"] == 3  # the source's correction
    assert data["interviewed"] == {"value": 32, "note": "Rapporten: 32 intervjuade."}  # the maintainer's
    assert data["areas"] == {"1": {"score": 80}} and data["kortfakta"][0]["value"] == "Större stad"
    assert data["notes"] == "Rättat."  # the Swedish notes; the English ones are never imported
    assert "behållet (ändrat för hand): interviewed" in out
    assert "uppdaterat: total" in out
    assert "Helsingborg 2017 -> data/evaluations/helsingborg-2017.yaml: uppdaterad" in out
    again = run_import(project.root, capsys, "--source", "corrected.yaml")
    assert "Filer skrivna: 0." in again
    assert project.problems() == []


def test_a_value_the_maintainer_removed_stays_removed(data_copy, capsys):
    project = data_copy(*HAND_MADE)
    run_import(project.root, capsys)
    project.edit("nacka-2011.yaml", lambda d: d.pop("total"))
    out = run_import(project.root, capsys)
    assert "total" not in project.read("nacka-2011.yaml")
    assert "behållet (ändrat för hand): total" in out


def test_two_entries_for_one_municipality_and_year_are_reported_and_not_imported(data_copy, capsys):
    project = data_copy(*HAND_MADE)
    doubled = source()
    doubled["evaluations"].append(dict(next(e for e in doubled["evaluations"] if e["municipality"] == "Kalix"),
                                       total_score=500, total_score_status="stated"))
    (project.root / "doubled.yaml").write_text(yaml.safe_dump(doubled, allow_unicode=True), encoding="utf-8")
    out = run_import(project.root, capsys, "--source", "doubled.yaml")
    assert out.count("Kalix 2012 -> data/evaluations/kalix-2012.yaml: dubblett, importeras inte") == 2
    assert not project.path("kalix-2012.yaml").exists()


def test_names_are_matched_to_the_reference_list_and_unknown_names_reported(data_copy, capsys):
    project = data_copy(*HAND_MADE)
    renamed = source()
    renamed["evaluations"] = [
        dict(renamed["evaluations"][0], municipality="Region Gotland", year=2014),
        dict(renamed["evaluations"][0], municipality="Helsingborgs stad", year=2016),
        dict(renamed["evaluations"][0], municipality="Atlantis", year=2014),
    ]
    (project.root / "renamed.yaml").write_text(yaml.safe_dump(renamed, allow_unicode=True), encoding="utf-8")
    out = run_import(project.root, capsys, "--source", "renamed.yaml")
    assert project.read("gotland-2014.yaml")["municipality"] == {"code": "0980", "name": "Gotland"}
    assert project.read("helsingborg-2016.yaml")["municipality"]["code"] == "1283"
    assert "Atlantis 2014: kommunen hittades inte" in out and "”Atlantis” finns inte" in out


@pytest.mark.parametrize("raw, year, expected, status", [
    ("2016 (uncertain)", 2017, "2016", "uncertain"),
    ("unknown (2010 or 2016)", 2015, "2010", "uncertain"),  # the 2016 version began in 2016
    ("unknown (2010 or pre-2010)", 2010, "2010", "uncertain"),
    ("2010 (uncertain; could be 2016)", 2015, "2010", "uncertain"),
    ("2020", 2022, "2020", "stated"),
])
def test_the_framework_rule(archive, raw, year, expected, status):
    from kommunkompassen.domain.recorded import Recorded
    from kommunkompassen.importers.catalogue import framework_field

    value = Recorded.model_validate(framework_field(raw, "inferred from year", year, archive.frameworks))
    assert (value.value, value.status) == (expected, status)
    if status != "stated":  # said in Swedish, without the compilation's English words
        assert value.note.startswith("Källan anger inte versionen") and "uncertain" not in value.note


def test_nothing_is_added_that_the_source_does_not_state(archive):
    """Every number the import wrote into a file (its ``imported.fields``) is a number of its
    source entry. What a maintainer adds or changes by hand (CONTRIBUTING: area scores copied
    from a report into an imported file) is theirs, checked by ``./dev check`` like any value."""
    entries = {(e["municipality"], filed_year(e["year"])): e for e in dated_entries()}

    def numbers(value):
        if isinstance(value, dict):
            return [n for v in value.values() for n in numbers(v)]
        if isinstance(value, list):
            return [n for v in value for n in numbers(v)]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [value]
        return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", value)] if isinstance(value, str) else []

    imported = [ev for ev in archive.evaluations if ev.data.imported]
    hand_made = {ev.key for ev in archive.evaluations if not ev.data.imported}
    assert {ev.key for ev in imported} == source_keys() - hand_made  # every dated entry, unless made by hand
    for ev in imported:
        entry = entries[(ev.municipality.name, ev.year)]
        stated = set(numbers(entry))
        data = {k: v for k, v in ev.data.imported.fields.items()
                if k not in ("municipality", "year", "month", "sources", "notes")}
        for key in ("total", "areas", "comparisons", "interviewed", "evaluation_number"):
            for n in numbers(data.get(key)):
                assert n in stated, (ev.key, key, n)


def test_a_fresh_clone_rebuilds_the_same_files_from_the_source(tmp_path):
    """From the source and the hand-made files alone, the import writes exactly the committed files."""
    project = tmp_path / "p"
    shutil.copytree(ROOT / "data" / "frameworks", project / "data" / "frameworks")
    shutil.copytree(ROOT / "data" / "reference", project / "data" / "reference")
    (project / "data" / "evaluations").mkdir()
    for name in HAND_MADE:
        for suffix in (".yaml", ".md"):
            shutil.copy(ROOT / "data/evaluations" / f"{name}{suffix}", project / "data/evaluations")
    assert load_importer().main(["--root", str(project)]) == 0
    written = {p.name for p in (project / "data" / "evaluations").glob("*.yaml")}
    for path in sorted((ROOT / "data" / "evaluations").glob("*.yaml")):
        if "imported" not in yaml.safe_load(path.read_text(encoding="utf-8")) and path.name not in written:
            continue  # added by hand in a pull request, not by the import
        assert (project / "data/evaluations" / path.name).read_bytes() == path.read_bytes(), path.name
    assert written <= {p.name for p in (ROOT / "data" / "evaluations").glob("*.yaml")}
    assert (project / "data/undated.yaml").read_bytes() == (ROOT / "data/undated.yaml").read_bytes()
