"""How a printed score row is judged: kept, kept with a note, or unknown; never a new number."""

from __future__ import annotations

from kommunkompassen.domain.model import FrameworkArea, FrameworkQuestion
from kommunkompassen.importers.score_check import judge_area
from kommunkompassen.importers.score_table import read_tables

AREA = FrameworkArea(number=1, max=100, name="Offentlighet och demokrati", questions=[
    FrameworkQuestion(id="1.1", max=40, text="a"), FrameworkQuestion(id="1.2", max=30, text="b"),
    FrameworkQuestion(id="1.3", max=30, text="c")])


def judged(rows: str, total: str = "50 100 50 %"):
    text = f"4. Översikt av poängfördelning\n1. Offentlighet och demokrati Uppnått Max Procent\n{rows}\n{total}\n"
    area, findings = judge_area(1, AREA, read_tables(text).get(1), None)
    return area["questions"], {f.field for f in findings}, area["score"]


def test_consistent_rows_are_kept_as_printed():
    rows, flagged, score = judged("1.1 Fråga a 20 40 50 %\n1.2 Fråga b 15 30 50 %\n1.3 Fråga c 15 30 50 %")
    assert rows["1.2"] == {"score": 15, "max": 30, "percent": 50} and not flagged and score == 50


def test_a_transcript_listing_questions_before_their_numbers_pairs_them_in_order():
    rows, flagged, _ = judged("1.1 Fråga a 1.2 Fråga b 20 40 50 % 15 30 50 % 1.3 Fråga c 15 30 50 %")
    assert [rows[q]["score"] for q in ("1.1", "1.2", "1.3")] == [20, 15, 15] and not flagged


def test_when_points_and_percent_disagree_the_area_total_decides_which_is_kept():
    rows, flagged, _ = judged("1.1 Fråga a 20 40 5 %\n1.2 Fråga b 15 30 50 %\n1.3 Fråga c 15 30 50 %")
    assert rows["1.1"]["score"]["status"] == "uncertain" and rows["1.1"]["score"]["value"] == 20
    assert rows["1.1"]["percent"]["value"] is None and "väntat cirka 50 %" in rows["1.1"]["percent"]["note"]
    assert flagged == {"areas.1.questions.1.1.score", "areas.1.questions.1.1.percent"}


def test_when_the_total_cannot_decide_both_disagreeing_cells_are_unknown():
    rows, _, _ = judged("1.1 Fråga a 20 40 5 %\n1.2 Fråga b ? 30 S0%\n1.3 Fråga c 15 30 50 %", "40 100 40 %")
    assert rows["1.1"]["score"]["value"] is None and rows["1.1"]["percent"]["value"] is None
    assert "går inte att avgöra" in rows["1.1"]["score"]["note"]
    assert rows["1.2"]["score"] == {"value": None, "note": "Oläslig i tabellen ('?')."}
    assert rows["1.2"]["percent"] == {"value": None, "note": "Oläslig i tabellen ('S0%')."}


def test_a_row_without_numbers_is_unknown_and_its_max_comes_from_the_framework():
    rows, flagged, _ = judged("1.1 Fråga a 20 40 50 %\n1.2 Fråga b\n1.3 Fråga c 15 30 50 %")
    assert rows["1.2"]["score"]["value"] is None and rows["1.2"]["percent"]["value"] is None
    assert rows["1.2"]["max"]["status"] == "derived" and rows["1.2"]["max"]["value"] == 30
    assert "areas.1.questions.1.2.max" in flagged


def test_a_max_that_is_not_the_framework_s_makes_the_row_unreadable():
    rows, flagged, _ = judged("1.1 Fråga a 20 45 50 %\n1.2 Fråga b 15 30 50 %\n1.3 Fråga c 15 30 50 %")
    assert rows["1.1"]["score"]["value"] is None and "'45' inte är ramverkets 40" in rows["1.1"]["score"]["note"]
