"""The two full reports are in data/ exactly as printed."""

from __future__ import annotations

import pytest

BENGTSFORS_QUESTIONS = {
    "1.1": (6, 15, 40), "1.2": (11, 20, 55), "1.3": (8, 25, 32), "1.4": (15, 30, 50), "1.5": (6, 10, 59),
    "2.1": (3, 15, 20), "2.2": (11, 25, 45), "2.3": (5, 15, 36), "2.4": (5, 15, 36), "2.5": (7, 15, 44),
    "2.6": (8, 15, 50), "3.1": (11, 15, 75), "3.2": (7, 25, 28), "3.3": (11, 25, 46), "3.4": (17, 20, 83),
    "3.5": (11, 15, 73), "4.1": (14, 15, 90), "4.2": (7, 10, 73), "4.3": (7, 20, 37), "4.4": (4, 15, 28),
    "4.5": (14, 20, 72), "4.6": (14, 20, 70), "5.1": (0, 15, 0), "5.2": (9, 20, 45), "5.3": (9, 20, 46),
    "5.4": (7, 15, 47), "5.5": (10, 20, 48), "5.6": (8, 10, 75), "6.1": (8, 15, 50), "6.2": (10, 20, 50),
    "6.3": (11, 25, 45), "6.4": (10, 15, 65), "6.5": (13, 15, 87), "6.6": (4, 10, 40), "7.1": (6, 15, 40),
    "7.2": (8, 25, 31), "7.3": (7, 20, 33), "7.4": (1, 20, 3), "7.5": (5, 20, 25), "8.1": (7, 15, 48),
    "8.2": (13, 20, 63), "8.3": (12, 20, 60), "8.4": (9, 15, 60), "8.5": (1, 10, 5), "8.6": (17, 20, 85),
}
BENGTSFORS_AREAS = [46, 39, 57, 60, 43, 56, 27, 59]
AMAL_AREAS = [55, 46, 60, 54, 51, 64, 42, 81]


def find(archive, key):
    return next(e for e in archive.evaluations if e.key == key)


def test_both_reports_load_with_their_frameworks(archive):
    full = [(e.key, e.framework.id) for e in archive.evaluations if e.completeness == "full_text"]
    assert {("bengtsfors-2015", "2010"), ("amal-2019", "2016")} <= set(full)


def test_bengtsfors_scores_equal_the_report(archive):
    ev = find(archive, "bengtsfors-2015")
    assert ev.data.total.value == 387
    assert [ev.area_score(n).value for n in range(1, 9)] == BENGTSFORS_AREAS
    got = {qid: (q.score.value, q.max.value, q.percent.value)
           for area in ev.data.areas.values() for qid, q in area.questions.items()}
    assert got == BENGTSFORS_QUESTIONS
    comparison = ev.data.comparisons[0]
    assert comparison.label == "Genomsnitt 63 kommuner"
    assert [comparison.areas[str(n)].value for n in range(1, 9)] == [54, 57, 68, 57, 58, 57, 54, 67]
    assert comparison.total.value == 472


def test_bengtsfors_facts(archive):
    ev = find(archive, "bengtsfors-2015")
    assert [e.name for e in ev.data.evaluators] == ["Märit Melbi", "Linda Persson-Melin", "Anna Marnell"]
    assert ev.data.month.value == 3 and ev.data.interviewed.value == 30
    assert ev.data.evaluation_number.value == 1
    assert ("Folkmängd 2014", "9 556 personer") in [(f.label, f.value) for f in ev.data.kortfakta]


def test_amal_area_scores_and_stated_total(archive):
    ev = find(archive, "amal-2019")
    assert [ev.area_score(n).value for n in range(1, 9)] == AMAL_AREAS
    assert sum(AMAL_AREAS) == ev.data.total.value == 453
    assert any("amal.se" in (s.url or "") for s in ev.data.sources)


@pytest.mark.parametrize("qid, field", [("7.3", "score"), ("8.1", "score"), ("8.2", "score"),
                                        ("8.1", "percent"), ("6.2", "percent")])
def test_amal_cells_lost_in_the_scan_are_unknown_with_a_note(archive, qid, field):
    value = getattr(find(archive, "amal-2019").question_score(qid), field)
    assert value.value is None and value.status == "unknown" and value.note


def test_amal_inconsistent_and_derived_cells_are_marked(archive):
    ev = find(archive, "amal-2019")
    assert ev.question_score("7.2").percent.status == "uncertain"
    assert ev.question_score("8.1").max.status == "derived" and ev.question_score("8.1").max.value == 15
    assert ev.question_score("2.1").score.value == 5


def test_every_area_has_strengths_and_improvements(archive):
    for ev in [e for e in archive.evaluations if e.completeness == "full_text"]:
        assert sorted(ev.text.areas) == [a.number for a in ev.framework.areas]
        for number, chapter in ev.text.areas.items():
            assert chapter.strengths, f"{ev.key} area {number}"
            assert chapter.improvements, f"{ev.key} area {number}"


def test_amal_text_has_restored_swedish_letters(archive):
    ev = find(archive, "amal-2019")
    text = " ".join(b.text for c in ev.text.chapters for s in c.sections for b in s.blocks)
    assert "Åmål" in text and "förbättring" in text
    for ocr_damage in (" &r ", "Amals", "utvirdering", " fér "):
        assert ocr_damage not in text


def test_bengtsfors_text_keeps_report_wording(archive):
    ev = find(archive, "bengtsfors-2015")
    assert ev.text.areas[1].improvements_title == "Förbättringsmöjligheter"
    assert ev.text.preamble[0].title == "Vad är Kommunkompassen?"
