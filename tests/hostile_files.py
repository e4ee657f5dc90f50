"""A hostile corpus over every kind of file a pull request can change.

Each case breaks one file of a small valid project (the fixture archive, the real Åmål 2019
pair, the real frameworks, reference files and start page) the way an attacker or a careless
editor could: memory and time bombs, paths out of the site, invisible characters, YAML 1.1
surprises, broken structure. ``tests/test_hostile_files.py`` runs each through the same checks
as ``./dev check`` and the build. The text payloads that reach pages are in ``hostile.py``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EVALUATIONS = ROOT / "tests" / "fixtures" / "archive" / "data" / "evaluations"

EVALUATION = "data/evaluations/amal-2019.yaml"
REPORT = "data/evaluations/amal-2019.md"
FRAMEWORK = "data/frameworks/2016.yaml"
CSV = "data/reference/municipalities.csv"
GEOJSON = "data/reference/municipalities.geojson"
PUBLISHED = "data/reference/published-results.yaml"
FACTS = "data/facts.yaml"
UNDATED = "data/undated.yaml"
START = "docs/index.md"


def make_corpus_project(dest: Path) -> Path:
    """A valid project: the fixture archive plus the real Åmål 2019 pair, real reference files,
    frameworks, catalogue files and start page."""
    for folder in ("data/frameworks", "data/reference"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(FIXTURE_EVALUATIONS, dest / "data" / "evaluations")
    for name in (EVALUATION, REPORT, FACTS, UNDATED, START):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, dest / name)
    return dest


# --- edits ------------------------------------------------------------------------------------


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def append(text: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        path.write_text(_text(path).rstrip("\n") + "\n" + text, encoding="utf-8")
    return edit


def replace(old: str, new: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        text = _text(path)
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def prepend_bytes(data: bytes) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        path.write_bytes(data + path.read_bytes())
    return edit


def write_bytes(data: bytes) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        path.write_bytes(data)
    return edit


def make_directory(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.mkdir()
    (path / "x").write_text("x", encoding="utf-8")


BOMB = ('lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"lol{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)))


def bomb_in(key: str) -> Callable[[Path], None]:
    """The "billion laughs": nine levels of aliases, 1 KB that expands to 9⁹ strings."""
    return append(f"{key}:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()))


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file the edit breaks (and the problem must name)
    edit: Callable[[Path], None]
    expect: Optional[str]  # a fragment of the one Swedish problem; None: the file is valid as edited
    line: Optional[int] = None  # the line the problem names, when the case pins it


# Text that starts like a formula (OWASP's "CSV injection": arithmetic, a live link, a function
# after @, a formula behind a tab) in every kind of text the open data carries. Valid data: the
# project loads, and no cell of the CSV files or the workbook may become a formula.
FORMULAS = {"county": "=1+1", "group": "@SUM(1;2)", "total_note": '=HYPERLINK("http://evil.example/";"klicka")',
            "month_note": "\t=2+2", "source_title": "+3+3", "interviewed_note": "-4+4"}
FORMULA_CASES = [
    Case("formula-county-and-group", CSV, replace("1492,Åmål,14,Västra Götalands län,C8 Landsbygdskommun,",
                                                  f"1492,Åmål,14,{FORMULAS['county']},{FORMULAS['group']},"), None),
    Case("formula-notes-and-source", EVALUATION, lambda p: [edit(p) for edit in (
        replace('  note: "Rapporten: utvärderingen genomfördes i november år 2019."', '  note: "\\t=2+2"'),
        replace('  note: "Rapporten: intervjuer med', '  note: "-4+4 Rapporten: intervjuer med'),
        replace("  value: 453\n  note: >-\n", "  value: 453\n  note: >-\n    " + FORMULAS["total_note"] + "\n"),
        replace('  - title: "Kommunkompassen – Analys av Åmåls kommun 2019 (OCR-skanning)"', "  - title: '+3+3'"))],
         None),
]

CASES = [
    # --- an evaluation's YAML ---
    Case("alias-bomb", EVALUATION, bomb_in("kortfakta_extra"), "när alias (*namn) fylls i"),
    Case("self-alias", EVALUATION, append("kortfakta_extra: &x [*x]\n"), "pekar på värdet det står i"),
    Case("deep-flow", EVALUATION, append("notes_extra: " + "[" * 100_000 + "]" * 100_000 + "\n"), "nästlad"),
    Case("deep-block", EVALUATION, append("".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "x: 1\n"),
         "indragen"),
    Case("list-as-key", EVALUATION, append("? [a, b]\n: 1\n"), "en nyckel ska vara en enkel text"),
    Case("mapping-as-key", EVALUATION, append("{a: 1}: 2\n"), "en nyckel ska vara en enkel text"),
    Case("month-yes", EVALUATION, replace("month:\n  value: 11\n", "month:\n  value: yes\n"), "month: värdet 'yes' ska vara ett heltal"),
    Case("interviewed-sexagesimal", EVALUATION, replace("interviewed:\n  value: 40", "interviewed:\n  value: 1:30"),
         "interviewed: värdet '1:30' ska vara ett heltal"),
    Case("total-nan", EVALUATION, replace("total:\n  value: 453", "total:\n  value: .nan"), "total: värdet '.nan' ska vara ett tal"),
    Case("huge-integer", EVALUATION, replace("total:\n  value: 453", "total:\n  value: " + "9" * 5000), "5000 siffror"),
    Case("python-tag", EVALUATION, append("notes_extra: !!python/object/apply:os.system [id]\n"), "taggen"),
    Case("timestamp-tag", EVALUATION, append("notes_extra: !!timestamp 2019-01-01\n"), "taggen '!!timestamp'"),
    Case("duplicate-key", EVALUATION, append("year: 2019\n"), "nyckeln 'year' förekommer två gånger"),
    Case("byte-order-mark", EVALUATION, prepend_bytes(b"\xef\xbb\xbf"), "byte order mark (BOM", 1),
    Case("latin1-bytes", EVALUATION, lambda p: p.write_bytes(p.read_bytes() + "notes: Åmål\n".encode("latin-1")),
         "inte UTF-8"),
    Case("nul", EVALUATION, replace("year: 2019", "year: 2019\nnotes_x: \"a\\0b\"\nnotes_y: a\x00b"), "U+0000"),
    Case("right-to-left-override", EVALUATION, replace("  name: Åmål", "  name: \"Åm\u202eål\""), "U+202E"),
    Case("newline-in-one-line-field", EVALUATION, replace("evaluators: []", 'evaluators: [{name: "Anna\\n# Rubrik\\n    kod"}]'),
         "ska vara en rad"),
    Case("megabyte-name", EVALUATION, replace("evaluators: []", "evaluators: [{name: " + "x" * 1_000_000 + "}]"),
         "högst 1000 tillåts"),
    Case("three-megabyte-file", EVALUATION, append("notes_extra: " + "x" * 3_000_000 + "\n"), "högst 2.0 MB"),
    Case("directory-named-like-a-file", "data/evaluations/ale-2019.yaml", make_directory, "är en mapp"),
    Case("merge-key", EVALUATION, replace('municipality:\n  code: "1492"\n  name: Åmål\n',
                                          'municipality:\n  <<: {code: "1492", name: Åmål}\n  name: Åmål\n'), None),
    # --- the report's Markdown ---
    Case("second-strengths-heading", REPORT, replace("### Styrkor\n", "### Styrkor\n\n- Först\n\n### Styrkor\n"),
         "har '### Styrkor' två gånger"),
    Case("duplicate-chapter-title", REPORT, lambda p: p.write_text(
        "## Inledning\n\nA\n\n## Inledning\n\nB\n\n" + _text(p), encoding="utf-8"), "finns redan på rad 1", 5),
    Case("report-byte-order-mark", REPORT, prepend_bytes(b"\xef\xbb\xbf"), "byte order mark", 1),
    Case("report-nul", REPORT, append("Text\x00mer\n"), "U+0000"),
    Case("report-bidi-isolate", REPORT, append("Text \u2067mer\n"), "U+2067"),
    # --- a framework file ---
    Case("framework-alias-bomb", FRAMEWORK, bomb_in("extra"), "när alias (*namn) fylls i"),
    Case("framework-newline-in-name", FRAMEWORK, replace("name: Kommunkompassen 2016",
                                                         'name: "Kommunkompassen\\n# 2016"'), "ska vara en rad"),
    Case("framework-id-outside", FRAMEWORK, replace('id: "2016"', 'id: "../../x"'), "ska vara samma som filnamnet", 3),
    Case("framework-huge-question", FRAMEWORK, replace('        text: "Finns', '        text: "' + "y" * 5000 + 'Finns'), "högst 1000"),
    Case("framework-nan-max", FRAMEWORK, replace("max_total: 800", "max_total: .nan"), "max_total"),
    # --- the reference list and the boundaries ---
    Case("csv-code-path", CSV, replace("0305,Håbo,", "0305/../../../x,Håbo,"), "är inte en kommunkod"),
    Case("csv-nul-in-name", CSV, replace(",Åmål,", ",Åm\x00ål,"), "kontrolltecken"),
    Case("csv-rtl-in-name", CSV, replace(",Åmål,", ",Åm\u202eål,"), "kontrolltecken"),
    Case("csv-long-name", CSV, replace(",Åmål,", "," + "Å" * 5000 + ","), "längre än 200 tecken"),
    Case("geojson-code-path", GEOJSON, replace('"code":"0305"', '"code":"0305/../../x"'), "är inte en kommunkod"),
    Case("geojson-deep", GEOJSON, write_bytes(b"[" * 200_000 + b"]" * 200_000), "nästlad 200000 nivåer", 1),
    Case("geojson-nan", GEOJSON, lambda p: p.write_text(_first_coordinate_nan(_text(p)), encoding="utf-8"),
         "ändliga tal"),
    # --- the catalogue files and the published results ---
    Case("facts-alias-bomb", FACTS, bomb_in("extra"), "när alias (*namn) fylls i"),
    Case("undated-list-key", UNDATED, append("? [a]\n: b\n"), "en nyckel ska vara en enkel text"),
    Case("published-alias-bomb", PUBLISHED, bomb_in("extra"), "när alias (*namn) fylls i"),
    Case("published-nul", PUBLISHED, append("extra: \"\x00\"\n"), "U+0000"),
    # --- characters XML and spreadsheets cannot hold (noncharacters), raw or as a YAML escape ---
    Case("framework-name-escaped-uffff", FRAMEWORK, replace("name: Kommunkompassen 2016",
                                                            'name: "Kommunkompassen 2016\\uFFFF"'), "U+FFFF", 4),
    Case("evaluator-escaped-nul", EVALUATION, replace("evaluators: []", 'evaluators: [{name: "Anna\\0"}]'),
         "U+0000", 19),
    Case("evaluation-raw-ufdd0", EVALUATION, replace("  name: Åmål", "  name: Åmål\ufdd0"), "icke-tecken", 6),
    Case("report-plane-one-noncharacter", REPORT, append("Text \U0001FFFE mer\n"), "U+1FFFE"),
    Case("csv-county-ufffe", CSV, replace(",14,Västra Götalands län,C8", ",14,Västra Götalands län\ufffe,C8"),
         "icke-tecken"),
    Case("published-escaped-uffff", PUBLISHED, append('extra: "ok\\uFFFF"\n'), "U+FFFF"),
    # --- a crosswalk: one per pair of versions, whichever way it is written ---
    Case("crosswalk-second-file-reversed", "data/frameworks/crosswalks/2016-2010.yaml", write_bytes(
        b'versions: {from: "2016", to: "2010"}\nareas: []\nquestions:\n'
        b'  - {from: "8.5", to: "8.4", basis: other_max, note: "Internationella kontakter som n\xc3\xa4ringsliv."}\n'),
         "det finns redan en korstabell mellan version 2016 och 2010: data/frameworks/crosswalks/2010-2016.yaml "
         "(rad 20)", 1),
    Case("crosswalk-second-file-same-way", "data/frameworks/crosswalks/2010-2016-extra.yaml", write_bytes(
        b'versions: {from: "2010", to: "2016"}\nareas: []\nquestions: []\n'), "ska heta '2010-2016.yaml'"),
    Case("crosswalk-many-values-without-aliases", "data/frameworks/crosswalks/2010-2016.yaml",
         append("extra:\n" + "- 1\n" * 250_000), "har mer än 200 000 värden; dela upp den"),
    # --- dates are data: a date that does not exist would crash the feed ---
    Case("report-date-february-30", EVALUATION, replace("year: 2019\n", "year: 2019\nreport_date: '2019-02-30'\n"),
         "'2019-02-30' är inget datum som finns", 8),
    # --- a total that disagrees with its areas: only when the source prints both ---
    Case("total-disagrees-derived", EVALUATION, replace("total:\n  value: 453\n", "total:\n  value: 450\n  status: derived\n"),
         "en skillnad godtas bara när källan själv anger både totalen", 24),
    Case("total-disagrees-both-stated", EVALUATION, replace("total:\n  value: 453\n", "total:\n  value: 450\n"), None),
    # --- names on the share cards: a character the cards' font lacks is refused where it is written ---
    Case("framework-name-emoji", FRAMEWORK, replace("name: Kommunkompassen 2016", "name: Kommunkompassen 2016 \U0001F9ED"),
         "U+1F9ED (COMPASS) finns inte i typsnittet", 4),
    # --- text a spreadsheet would run as a formula: valid data, never a formula in the open data
    #     (tests/test_open_data.py opens the files in LibreOffice) ---
    *FORMULA_CASES,
    # --- the start page's markers ---
    Case("start-unknown-marker", START, append("<!-- kk:hemligt -->\n"), "okänd markör"),
    Case("start-nul", START, append("\x00\n"), "U+0000"),
]


def _first_coordinate_nan(text: str) -> str:
    import re

    return re.sub(r"\[\s*(-?[0-9.]+),", "[NaN,", text, count=1)
