"""The importer's PDF path, on reports the tests draw themselves (tests/reportpdf.py)."""

from __future__ import annotations

import pytest
from projectcopy import ROOT, empty_project
from reportpdf import synthetic_report, write_pdf

from kommunkompassen.domain.reporttext import parse_report_text
from kommunkompassen.importers.report import import_report
from kommunkompassen.importers.report_source import read_report
from kommunkompassen.loading.archive import load_archive


@pytest.fixture(scope="module")
def archive():
    return load_archive(ROOT)


@pytest.fixture(scope="module")
def report(archive, tmp_path_factory):
    """An invented 2016-version report for Vårgårda with one unreadable cell (2.3 printed as '?')."""
    fw = archive.frameworks["2016"]
    shares = {q.id: 30 + (i * 7) % 60 for i, q in enumerate(q for a in fw.areas for q in a.questions)}
    pages, printed = synthetic_report(fw, "Vårgårda", 2016, shares,
                                      damaged={"2.3": ("?", "20", f"{shares['2.3']} %")})
    path = write_pdf(tmp_path_factory.mktemp("pdf") / "vargarda-2016.pdf", pages)
    draft = import_report(read_report(path), archive.frameworks, archive.municipalities)
    return draft, printed


def test_facts_are_read_from_the_pdf(report):
    draft, printed = report
    assert draft.key == "vargarda-2016" and draft.framework.id == "2016"
    data = draft.data
    assert data["municipality"] == {"code": "1442", "name": "Vårgårda"}
    assert data["month"]["value"] == 10 and data["interviewed"]["value"] == 35
    assert data["evaluation_number"]["value"] == 1
    assert data["evaluators"] == [{"name": "Eva Exempel", "organisation": "SKR"},
                                  {"name": "Per Prov", "organisation": "Testby kommun"}]
    assert data["total"] == printed["total"]


def test_every_printed_score_is_read_and_the_unreadable_one_is_unknown(report):
    draft, printed = report
    for area in draft.framework.areas:
        got = draft.data["areas"][str(area.number)]
        assert got["score"] == printed[area.number]
        for q in area.questions:
            row = got["questions"][q.id]
            if q.id == "2.3":
                assert row["score"] == {"value": None, "note": "Oläslig i tabellen ('?')."}
                assert (row["max"], row["percent"]) == printed[q.id][1:]
            else:
                assert (row["score"], row["max"], row["percent"]) == printed[q.id]
    assert [f.field for f in draft.findings if f.field.startswith("areas")] == ["areas.2.questions.2.3.score"]


def test_strengths_and_improvements_are_bullet_lists_and_the_pair_validates(report, tmp_path):
    draft, _ = report
    text = parse_report_text(draft.markdown)
    assert text.areas[3].strengths == ["Ett tydligt arbete med område 3 i hela organisationen", "En andra styrka"]
    assert text.areas[3].improvements == ["Ett förbättringsområde"]
    # the Rubriker box lists a heading the area's text never prints: said per area, with the page
    warnings = [f for f in draft.findings if f.field.startswith("text")]
    assert [f.field for f in warnings] == [f"text.område {a.number}" for a in draft.framework.areas]
    first = draft.framework.areas[0]
    assert warnings[0].message == (f"sidan 3: underrubrikerna '{first.headings[0]}' hittades inte som egna rader "
                                   "i texten; kontrollera var de står")
    assert draft.data["text_unconfirmed"].startswith("Utkast")
    project = empty_project(tmp_path)
    (project / "data" / "evaluations" / "vargarda-2016.yaml").write_text(draft.yaml_text(), encoding="utf-8")
    (project / "data" / "evaluations" / "vargarda-2016.md").write_text(draft.markdown, encoding="utf-8")
    [ev] = load_archive(project).evaluations
    assert ev.question_score("2.3").score.status == "unknown"
