"""Every public page speaks Swedish (no English giveaways, no compiler's notes, no file names as
sources, no awkward wording) and says what it is (its own title and description).

The catalogue's English working notes (``notes`` in the reference file) must never reach a page;
the pages use the Swedish ``notes_sv``, the sources' own quotes and structured statuses. Field
names of the open data (in ``<code>``) and the site's own English-named files are not prose and
are left out of the scan, as are the theme's scripts and the map's drawing.
"""

from __future__ import annotations

import html
import re

import pytest

ENGLISH = re.compile("|".join([
    r"\bthe\b", r"\band\b", r"\bof\b", r"\bwith\b", r"\bnot\b", r"\bby me\b", r"\bsource\b", r"\bpage\b",
    r"\bscores?\b", r"\bprinted\b", r"\bretrieved\b", r"\bcomputed\b", r"\binterviewees\b", r"\bNot found\b",
    r"\bSearch\b", r"\bTable of contents\b", r"\bmunicipalit(?:y|ies)\b",
]))
FILE_AS_SOURCE = re.compile(r"källfil [\w.-]+\.(?:txt|pdf)|\b[0-9a-f]{3}_[0-9a-f]{16}\.txt\b")
# A rank among fewer than ten ("3 av 4 bland ...") is awkward; a count of a pool ("1 av 2
# utvärderingar med ... når minst 60 %") is plain Swedish and passes.
AWKWARD = re.compile(r"uppgift saknas av \d|Underlag här|\b1 högsta av 1\b|\bmed med\b|\b1 av 1\b|"
                     r"\b\d+ av \d\b(?= bland)")
HIDDEN = re.compile(r"<(script|style|svg|code|pre)\b.*?</\1>", re.S)


def visible_text(page: str) -> str:
    body = page[page.find("<body"):]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", HIDDEN.sub(" ", body))).split())


def test_no_public_page_holds_english_file_names_or_awkward_wording(built_site):
    found: dict[str, list[str]] = {}
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"))
        where = path.relative_to(built_site).as_posix()
        hits = [m.group(0) for m in ENGLISH.finditer(text)] + [m.group(0) for m in FILE_AS_SOURCE.finditer(text)]
        hits += [m.group(0) for m in AWKWARD.finditer(text)]
        if hits:
            found[where] = sorted(set(hits))
    assert found == {}, f"{len(found)} pages: {dict(list(found.items())[:8])}"


@pytest.mark.parametrize("sentence, awkward", [
    ("1 av 2 utvärderingar med Kommunkompassen 2016 som har poäng för delfrågan når minst 60 % av max.", False),
    ("Placering: 3 av 4 bland utvärderingar med Kommunkompassen 2016.", True),
    ("Utvärderare uppgift saknas av 3", True),
])
def test_the_wording_check_tells_a_count_from_a_rank(sentence, awkward):
    assert bool(AWKWARD.search(sentence)) is awkward


def test_every_page_has_its_own_title_and_description(built_site):
    titles, descriptions = {}, {}
    for path in sorted(built_site.rglob("index.html")):
        page = path.read_text(encoding="utf-8")
        where = path.parent.relative_to(built_site).as_posix()
        titles.setdefault(re.search(r"<title>(.*?)</title>", page, re.S).group(1), []).append(where)
        found = re.search(r'<meta name="description" content="([^"]*)"', page)
        assert found and len(html.unescape(found.group(1))) >= 30, f"{where} has no description of its own"
        descriptions.setdefault(found.group(1), []).append(where)
    assert len(titles) > 100
    assert {t: w for t, w in titles.items() if len(w) > 1} == {}
    assert {d: w for d, w in descriptions.items() if len(w) > 1} == {}
