"""scripts/import_report.py on the two real reports: the draft equals the hand-made data on every
legible value, flags every cell the hand-made data could not read, and validates."""

from __future__ import annotations

import pytest
from projectcopy import ROOT, empty_project
from scripts_inproc import run_script

from kommunkompassen.domain.recorded import Recorded
from kommunkompassen.domain.reporttext import parse_report_text
from kommunkompassen.importers.report import import_report
from kommunkompassen.importers.report_source import read_report
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.loading.yamlio import load_yaml

FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = {"bengtsfors-2015": "bengtsfors-2015-transkript.txt", "amal-2019": "amal-2019-ocr.txt"}


@pytest.fixture(scope="module")
def archive():
    return load_archive(ROOT)


@pytest.fixture(scope="module")
def drafts(archive):
    return {key: import_report(read_report(FIXTURES / name), archive.frameworks, archive.municipalities)
            for key, name in SEEDS.items()}


def cells(data: dict, prefix: str = ""):
    """Every Recorded-like leaf of an evaluation mapping, by its field path."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and ("value" in value or "note" in value) and not ({"score"} & value.keys()):
            yield path, value
        elif isinstance(value, dict):
            yield from cells(value, f"{path}.")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield path, {"value": value}


def recorded(value) -> Recorded:
    return Recorded.model_validate(value)


def hand_made(key: str) -> dict:
    return load_yaml(ROOT / "data" / "evaluations" / f"{key}.yaml")


SCORE_FIELDS = ("areas", "total", "month", "interviewed", "evaluation_number", "year")


@pytest.mark.parametrize("key", SEEDS)
def test_every_legible_value_of_the_hand_made_data_equals_the_draft(drafts, key):
    mine = dict(cells({k: v for k, v in drafts[key].data.items() if k in SCORE_FIELDS}))
    theirs = dict(cells({k: v for k, v in hand_made(key).items() if k in SCORE_FIELDS}))
    legible = {path: recorded(v).value for path, v in theirs.items() if recorded(v).status == "stated"
               and recorded(v).value is not None}
    assert len(legible) > 40
    assert {path: recorded(mine[path]).value for path in legible} == legible


@pytest.mark.parametrize("key", SEEDS)
def test_every_cell_the_hand_made_data_could_not_read_is_flagged(drafts, key):
    draft = drafts[key]
    mine = dict(cells(draft.data["areas"], "areas."))
    flagged = {f.field for f in draft.findings}
    doubtful = [path for path, v in cells(hand_made(key)["areas"], "areas.") if recorded(v).status != "stated"]
    for path in doubtful:
        assert recorded(mine[path]).status != "stated" and path in flagged, path


def test_the_clean_transcript_reads_without_a_flagged_score(drafts):
    draft = drafts["bengtsfors-2015"]
    assert [str(f) for f in draft.findings if f.field.startswith(("areas", "total"))] == []
    assert draft.data["total"] == 387
    assert draft.data["report_date"] == "2015-06-15"
    assert draft.data["evaluators"] == [
        {"name": "Märit Melbi", "organisation": "SKL"}, {"name": "Linda Persson-Melin", "organisation": "SKL"},
        {"name": "Anna Marnell", "organisation": "Katrineholms kommun"}]
    [comparison] = draft.data["comparisons"]
    assert comparison["label"] == "Genomsnitt 63 kommuner" and comparison["total"] == 472
    assert list(comparison["areas"].values()) == [54, 57, 68, 57, 58, 57, 54, 67]


def finding(draft, field: str) -> str:
    return next(f.message for f in draft.findings if f.field == field)


def test_the_scan_s_damaged_cells_are_unknown_or_uncertain_with_what_the_scan_shows(drafts):
    draft = drafts["amal-2019"]
    q = {qid: row for area in draft.data["areas"].values() for qid, row in area["questions"].items()}
    assert q["2.1"]["score"]["value"] == 5 and "'19 5 15 30 %'" in q["2.1"]["score"]["note"]
    assert q["6.3"]["percent"] == {"value": None, "note": "Oläslig i tabellen ('S1%')."}
    assert q["7.3"]["score"] == {"value": None, "note": "Oläslig i tabellen ('?')."}
    assert q["6.2"]["score"]["value"] == 15 and q["6.2"]["percent"]["value"] is None
    assert "väntat cirka 75 %" in q["6.2"]["percent"]["note"]
    assert q["8.1"]["max"] == {"value": 15, "status": "derived",
                               "note": "Maxpoängen enligt ramverket; tabellens rad saknar siffror."}
    assert q["8.1"]["score"]["value"] is None and "'.1'" in q["8.1"]["score"]["note"]
    assert q["8.2"]["score"]["status"] == "uncertain" and "inte summera till områdets 81" in q["8.2"]["score"]["note"]
    assert draft.data["total"]["status"] == "derived" and draft.data["total"]["value"] == 453
    assert "OCR-skadad" in finding(draft, "text")
    assert "titelsidan saknas" in finding(draft, "municipality")
    assert draft.data["evaluators"] == [] and draft.data["evaluators_note"]


@pytest.mark.parametrize("key", SEEDS)
def test_the_draft_pair_passes_the_loader(drafts, key, tmp_path):
    project = empty_project(tmp_path)
    draft = drafts[key]
    (project / "data" / "evaluations" / f"{key}.yaml").write_text(draft.yaml_text(), encoding="utf-8")
    (project / "data" / "evaluations" / f"{key}.md").write_text(draft.markdown, encoding="utf-8")
    [ev] = load_archive(project).evaluations
    assert ev.key == key and sorted(ev.text.areas) == list(range(1, 9))


def test_the_scan_s_text_has_the_hand_made_sections_and_improvement_points(drafts):
    mine = parse_report_text(drafts["amal-2019"].markdown)
    theirs = parse_report_text((ROOT / "data" / "evaluations" / "amal-2019.md").read_text(encoding="utf-8"))
    assert [len(mine.areas[n].improvements) for n in range(1, 9)] == \
        [len(theirs.areas[n].improvements) for n in range(1, 9)]
    assert sum(len(mine.areas[n].strengths) for n in range(1, 9)) >= \
        sum(len(theirs.areas[n].strengths) for n in range(1, 9)) - 5
    for n in range(1, 9):
        titles = [s.title for s in mine.areas[n].sections]
        assert titles[0] == "Allmänt" and "Styrkor" in titles and "Förbättringsområden" in titles
        assert titles[-1] == "Sammanfattning av utvärderingens intryck"
    assert [c.title for c in mine.preamble][0] == "Vad ar kommunkompassen?"  # OCR spelling, flagged
    assert "Översikt" not in drafts["amal-2019"].markdown and "Uppnått" not in drafts["amal-2019"].markdown


def test_the_transcript_s_run_on_lists_are_one_point_each_and_flagged(drafts):
    draft = drafts["bengtsfors-2015"]
    text = parse_report_text(draft.markdown)
    area1 = text.areas[1]
    assert area1.improvements_title == "Förbättringsmöjligheter"
    assert area1.strengths == ["Informations-och kommunikationspolicy med tydliga ambitioner Lätt att hitta "
                               "information om politiska möten Pusselbitsmöten ett kreativt sätt att möta "
                               "medborgare Lätt att få kontakt med politiker Ordlistan med krångliga ord"]
    assert "punkterna kunde inte skiljas åt" in finding(draft, "text.område 1")


def run_import(*args):
    return run_script("import_report", *args)


def test_the_command_prints_each_flagged_cell_and_never_overwrites(tmp_path):
    out = tmp_path / "utkast"
    first = run_import(FIXTURES / SEEDS["amal-2019"], "--utmapp", out)
    assert first.returncode == 0, first.stderr
    assert "areas.7.questions.7.3.score: okänt: Oläslig i tabellen ('?')." in first.stdout
    written = (out / "amal-2019.yaml").read_text(encoding="utf-8")
    second = run_import(FIXTURES / SEEDS["amal-2019"], "--utmapp", out)
    assert second.returncode == 1
    assert "amal-2019.yaml och" in second.stderr and "finns redan; inget skrevs" in second.stderr
    assert (out / "amal-2019.yaml").read_text(encoding="utf-8") == written


def test_a_file_that_is_no_report_is_a_clear_error(tmp_path):
    text = tmp_path / "brev.txt"
    text.write_text("Hej! Här är mötesanteckningarna.\n", encoding="utf-8")
    result = run_import(text, "--utmapp", tmp_path / "utkast")
    assert result.returncode == 2
    assert "ramverksversionen kunde inte avgöras ur poängtabellerna; ange den med --ramverk" in result.stderr
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"inte en pdf")
    result = run_import(broken, "--utmapp", tmp_path / "utkast")
    assert result.returncode == 2 and "trasig.pdf: PDF:en kan inte läsas" in result.stderr
    assert not (tmp_path / "utkast").exists()


def test_a_second_import_refuses_before_reading_the_report(tmp_path, monkeypatch):
    """A scan's OCR takes minutes: the second import of the same file, or of a municipality and
    year whose pair is there, refuses before it reads a page."""
    out = tmp_path / "utkast"
    assert run_import(FIXTURES / SEEDS["amal-2019"], "--utmapp", out).returncode == 0

    def never(*args, **kwargs):
        raise AssertionError("the report was read")

    monkeypatch.setattr("kommunkompassen.importers.report_source.read_report", never)
    again = run_import(FIXTURES / SEEDS["amal-2019"], "--utmapp", out)
    assert again.returncode == 1 and "Läser" not in again.stdout
    assert "amal-2019.yaml och" in again.stderr and "finns redan; inget skrevs, och rapporten lästes inte" in again.stderr
    named = run_import(tmp_path / "skanning.pdf", "--kommun", "Åmål", "--ar", "2019", "--utmapp", out)
    assert named.returncode == 1 and "rapporten lästes inte" in named.stderr


def test_points_that_ocr_merged_or_that_carry_a_page_header_are_named():
    from kommunkompassen.importers.report_markdown import list_warnings

    warnings = list_warnings("Styrkor", [
        "Informationspolicy med tydliga ambitioner Lätt att hitta information om politiska möten i kommunen",
        "Tydlig styrning av verksamheten Sida 12 av 40 genom mål och uppföljning",
        "Samarbetet med Åmåls kommun och Dalslands kommuner i frågor om demokrati är gott och utvecklas.",
        "Kort punkt"])
    assert warnings == [
        "'Styrkor', punkt 1: ser ut att vara 2 punkter ihopslagna (\"…spolicy med tydliga ambitioner Lätt att "
        "hitta information om…\"); dela upp den om rapporten har flera punkter här",
        "'Styrkor', punkt 2: innehåller något som ser ut som ett sidhuvud eller sidnummer (\"Sida 12 av 40\"); "
        "ta bort det om det inte står i punkten i rapporten"]
