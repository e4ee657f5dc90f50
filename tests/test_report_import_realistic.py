"""The importer on reports made the way real ones are (tests/reportdocx.py): a python-docx
document turned into a PDF by LibreOffice, with Word's Symbol bullets, a running header and
footer, sub-headings, paragraphs without blank lines, hyphens the text needs and score tables
whose header row repeats after a page break; an image-only scan of it; and a scanned page read
through --ocr. Every assertion compares with what the generated report prints (``Spec``)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from projectcopy import ROOT, empty_project
from reportdocx import HEADER, realistic_pdfs
from scripts_inproc import run_script

from kommunkompassen.domain.reporttext import parse_report_text
from kommunkompassen.importers.report import import_report
from kommunkompassen.importers.report_source import ReportReadError, read_report
from kommunkompassen.loading.archive import load_archive
from kommunkompassen.site.index import build_index
from kommunkompassen.site.pages import evaluation_page

CACHE = Path(tempfile.gettempdir()) / "kommunkompassen-test-pdfs"


@pytest.fixture(scope="session")
def archive():
    return load_archive(ROOT)


@pytest.fixture(scope="session")
def made(archive):
    CACHE.mkdir(exist_ok=True)
    return realistic_pdfs(archive.frameworks["2016"], CACHE)


@pytest.fixture(scope="session")
def word_draft(archive, made):
    spec, pdfs = made
    return spec, import_report(read_report(pdfs["word"]), archive.frameworks, archive.municipalities)


def _flagged(draft, field: str) -> bool:
    return any(f.field == field for f in draft.findings)


def _value(cell):
    return cell.get("value") if isinstance(cell, dict) else cell


def test_every_score_cell_of_the_word_report_is_right_or_flagged(word_draft):
    spec, draft = word_draft
    assert draft.key == "vargarda-2016" and draft.framework.id == "2016"
    wrong = []
    for qid, printed in spec.scores.items():
        row = draft.data["areas"][qid.split(".")[0]]["questions"][qid]
        for name, want in zip(("score", "max", "percent"), printed):
            if _value(row[name]) != want and not _flagged(draft, f"areas.{qid.split('.')[0]}.questions.{qid}.{name}"):
                wrong.append((qid, name, row[name], want))
    assert wrong == []
    # the tables run over page breaks with a repeated header row: no row is lost
    assert not [f for f in draft.findings if "raden saknas" in f.message]
    assert {n: _value(a["score"]) for n, a in draft.data["areas"].items()} == {str(k): v for k, v in
                                                                             spec.area_scores.items()}


def test_lists_have_the_report_s_points_with_the_hyphens_the_text_needs(word_draft):
    spec, draft = word_draft
    text = parse_report_text(draft.markdown)
    for area in spec.areas:
        chapter = text.areas[area.number]
        assert chapter.strengths == area.strengths, area.number
        assert chapter.improvements == area.improvements, area.number
    assert "Informations- och dialogarbetet är brett" in text.areas[1].strengths[1]
    assert text.areas[1].strengths[2].startswith("EU-informationskontoret")


def test_sub_headings_come_from_the_rubriker_and_paragraphs_are_split(word_draft):
    spec, draft = word_draft
    text = parse_report_text(draft.markdown)
    for area in spec.areas:
        titles = [s.title for s in text.areas[area.number].sections]
        assert titles == ["Allmänt", *area.headings, "Styrkor", "Förbättringsområden"], area.number
    first = text.areas[1].sections[1]
    paragraphs = [b.text for b in first.blocks if b.kind == "p"]
    assert any(p.endswith("Kommunen har ett samlat informations- och kommunikationsarbete.") for p in paragraphs)
    assert "Kommunen deltar i ett EU-projekt om landsbygdsutveckling." in paragraphs
    assert len(paragraphs) >= 3


def test_page_furniture_and_chapter_numbers_do_not_leak_into_the_text(word_draft):
    spec, draft = word_draft
    header = HEADER.format(name=spec.name, year=spec.year)
    assert header not in draft.markdown
    assert "Sveriges Kommuner och Landsting" not in draft.markdown
    text = parse_report_text(draft.markdown)
    items = [i for a in text.areas.values() for i in a.strengths + a.improvements]
    assert not [i for i in items if re.fullmatch(r"[\d.\s]+", i)]
    assert "\uf0b7" not in draft.markdown


def test_unsure_text_is_warned_per_area_with_its_page_and_the_draft_hides_counts(word_draft, tmp_path):
    spec, draft = word_draft
    warnings = [f for f in draft.findings if f.field.startswith("text.område")]
    assert {f.field for f in warnings} == {f"text.område {a.number}" for a in spec.areas}
    assert all(re.match(r"sidan \d+: ", f.message) for f in warnings)
    assert draft.data["text_unconfirmed"].startswith("Utkast")
    project = empty_project(tmp_path)
    (project / "data" / "evaluations" / "vargarda-2016.yaml").write_text(draft.yaml_text(), encoding="utf-8")
    (project / "data" / "evaluations" / "vargarda-2016.md").write_text(draft.markdown, encoding="utf-8")
    unconfirmed = load_archive(project)
    [ev] = unconfirmed.evaluations
    assert ev.data.text_unconfirmed
    page = evaluation_page(build_index(unconfirmed), ev)
    assert "Rapportens text om området</a>." in page and "styrkor och" not in page.split("kk-area-score")[1]
    # once the maintainer removes the line, the counts are shown
    yaml_file = project / "data" / "evaluations" / "vargarda-2016.yaml"
    yaml_file.write_text("\n".join(line for line in yaml_file.read_text(encoding="utf-8").splitlines()
                                   if not line.startswith("text_unconfirmed:")) + "\n", encoding="utf-8")
    confirmed = load_archive(project)
    page = evaluation_page(build_index(confirmed), confirmed.evaluations[0])
    assert "Rapportens text om området</a>: 5 styrkor och 4 förbättringsområden." in page


def test_a_scan_without_text_layer_is_refused_with_what_to_do(made, tmp_path):
    _, pdfs = made
    with pytest.raises(ReportReadError, match="inget textlager.*--ocr"):
        read_report(pdfs["scan"])
    result = run_script("import_report", str(pdfs["scan"]), "--utmapp", str(tmp_path))
    assert result.returncode == 2
    assert "PDF:en har inget textlager" in result.stderr and "--ocr" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_scanned_table_page_imports_through_ocr_into_a_draft_that_validates(archive, made, tmp_path):
    spec, pdfs = made
    project = empty_project(tmp_path)
    out = project / "data" / "evaluations"
    result = run_script("import_report", str(pdfs["scan_part"]), "--ocr", "--kommun", "Vårgårda",
                        "--ar", "2016", "--ramverk", "2016", "--utmapp", str(out))
    assert result.returncode == 0, result.stderr
    assert "OCR" in result.stdout
    [ev] = load_archive(project).evaluations
    area = ev.data.areas["2"]
    wrong = []
    for qid in ("2.1", "2.2", "2.3", "2.4", "2.5"):
        got = area.questions[qid]
        for name, want in zip(("score", "max", "percent"), spec.scores[qid]):
            cell = getattr(got, name)
            if cell.value is not None and cell.value != want:
                wrong.append((qid, name, cell.value, want))
    assert wrong == []  # no cell is silently wrong: what OCR did not confirm is unknown
    read = sum(getattr(area.questions[q], n).value is not None for q in area.questions for n in ("score", "percent"))
    assert read >= 5, "OCR read almost nothing of area 2's table"


def test_many_reports_at_once_summary_review_pages_and_nothing_overwritten(archive, made, tmp_path):
    from reportpdf import synthetic_report, write_pdf

    spec, pdfs = made
    fw = archive.frameworks["2016"]
    shares = {q.id: 40 + (i * 7) % 50 for i, q in enumerate(q for a in fw.areas for q in a.questions)}
    pages, _ = synthetic_report(fw, "Åmål", 2017, shares, damaged={"2.3": ("?", "20", f"{shares['2.3']} %")})
    damaged = write_pdf(tmp_path / "amal-2017.pdf", pages)
    out, review = tmp_path / "utkast", tmp_path / "granskning"
    args = (str(pdfs["word"]), str(damaged), str(pdfs["scan"]), "--utmapp", str(out), "--granskning", str(review))
    result = run_script("import_report", *args)
    assert result.returncode == 2  # the scan failed; the others were drafted
    assert "[1/3] Läser" in result.stdout and "[3/3] Läser" in result.stdout
    summary = result.stdout.split("Sammanfattning:")[1].splitlines()
    rows = {line.split()[0]: line.split() for line in summary[3:] if line.strip()}
    assert rows["vargarda-2016.pdf"][1:5] == ["vargarda-2016", str(3 * len(spec.scores)), "0", str(len(spec.areas))]
    assert rows["amal-2017.pdf"][1] == "amal-2017" and rows["amal-2017.pdf"][3] == "1"
    assert " ".join(rows[pdfs["scan"].name]).endswith("– – – inte importerad " + rows[pdfs["scan"].name][-2] + " s")
    assert sorted(p.name for p in out.iterdir()) == ["amal-2017.md", "amal-2017.yaml", "vargarda-2016.md",
                                                     "vargarda-2016.yaml"]
    page = (review / "amal-2017" / "index.html").read_text(encoding="utf-8")
    assert "<code>areas.2.questions.2.3.score</code>" in page and "Utkastets värde: <strong>okänt</strong>" in page
    assert "Rätta i <code>" in page and 'src="ruta-001.png"' in page
    from PIL import Image
    with Image.open(review / "amal-2017" / "ruta-001.png") as image:  # a strip of the page, not all of it
        assert image.width > 2 * image.height
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = run_script("import_report", *args[:2], "--utmapp", str(out), "--granskning", str(review))
    assert again.returncode == 1 and "finns redan" in again.stdout
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_2020_report_yields_a_proposed_sub_question_list_that_validates(archive, tmp_path):
    """The 2020 version has no sub-questions on file; a report's tables give them (here an
    invented report whose questions the test makes up)."""
    from reportpdf import synthetic_report, write_pdf

    from kommunkompassen.domain.model import Framework
    from kommunkompassen.importers.framework_proposal import validate
    from kommunkompassen.loading.yamlio import load_yaml

    on_file = archive.frameworks["2020"]
    assert not any(a.questions for a in on_file.areas)
    raw = load_yaml(ROOT / "data" / "frameworks" / "2020.yaml")
    for area in raw["areas"]:
        n = area["number"]
        area["questions"] = [{"id": f"{n}.{k}", "max": m, "text": f"Påhittad fråga {k} i område {n}?"}
                             for k, m in enumerate((20, 30, 25, 25), 1)]
    invented = Framework.model_validate(raw)
    shares = {q.id: 50 for a in invented.areas for q in a.questions}
    pages, _ = synthetic_report(invented, "Ale", 2021, shares)
    pdf = write_pdf(tmp_path / "ale-2021.pdf", pages)
    review = tmp_path / "granskning"
    result = run_script("import_report", str(pdf), "--utmapp", str(tmp_path / "ut"), "--granskning", str(review))
    assert result.returncode == 0, result.stderr
    assert "Version 2020 har inga delfrågor" in result.stdout and "Förslaget validerar" in result.stdout
    proposal = review / "ramverk-2020-ur-ale-2021.yaml"
    text = proposal.read_text(encoding="utf-8")
    assert validate("2020", text) == []
    got = load_yaml(proposal)
    assert [[(q["id"], q["max"], q["text"]) for q in a["questions"]] for a in got["areas"]] == \
        [[(q["id"], q["max"], q["text"]) for q in a["questions"]] for a in raw["areas"]]
    assert got["sources"][-1]["title"] == "Kommunkompassen – Analys av Ale 2021"


@pytest.mark.parametrize("sign", ["\uf0b7", "\uf0a7", "•", "▪", "–", "o", "1.", "2)", "➢"])
def test_every_bullet_sign_a_word_processor_emits_starts_a_point(sign):
    from kommunkompassen.importers.report_markdown import list_items

    text = f"{sign} Första punkten som fortsätter\npå nästa rad\n{sign} Andra punkten\n{sign} Tredje punkten\n"
    assert list_items(text, True) == ["Första punkten som fortsätter på nästa rad", "Andra punkten",
                                      "Tredje punkten"]


@pytest.mark.parametrize("lines, joined", [
    (["ett samlat informations-", "och kommunikationsarbete"], "ett samlat informations- och kommunikationsarbete"),
    (["stöd till barn-", "eller ungdomsfrågor"], "stöd till barn- eller ungdomsfrågor"),
    (["ett nytt EU-", "informationskontor"], "ett nytt EU-informationskontor"),
    (["kommunens verksam-", "heter"], "kommunens verksamheter"),
])
def test_line_end_hyphens_are_kept_where_the_text_needs_them(lines, joined):
    from kommunkompassen.importers.report_markdown import _join_lines

    assert _join_lines(lines) == joined
