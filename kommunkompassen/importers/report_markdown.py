"""A report's text as Markdown following ``data/README.md``: chapters, areas, strengths.

Landmarks are found whatever OCR did to å/ä/ö (``reportsource.fold``): the chapter "Vad är
Kommunkompassen?", the summary chapter, each ``Område N`` followed by its "Rubriker" box,
"Allmänt", "Styrkor", "Förbättringsområden"/"Förbättringsmöjligheter" and "Sammanfattning av
utvärderingens intryck". Inside them the layout decides what can be read: text with real
lines gives paragraphs (blank lines), sub-headings (a short line standing alone) and bullets
(a bullet sign, or one paragraph per point); a transcript with one line per page gives one
paragraph per section and one point per list, and says so. A word processor's PDF has no blank
lines: there an area's sub-headings are the lines that match its Rubriker (the report's box and
the framework's ``headings``), and a paragraph ends at a line that ends a sentence short of the
text width; the importer warns per area, with the page, where it had to guess. The area
headings are the framework's names, so the draft validates (a report that names an area
differently is told); the text itself is left as printed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Optional

from kommunkompassen.domain.language import fold_in_place
from kommunkompassen.domain.model import Framework
from kommunkompassen.importers.drafts import NOT_FILLED
from kommunkompassen.importers.score_check import Finding

# Bullet signs word processors and OCR leave: Word's Symbol/Wingdings bullets come out of a PDF
# as private-use characters (U+F0B7, U+F0A7, ...); OCR reads a bullet as "e", "o" or "®".
BULLET_SIGNS = "•●▪■◦○□◆◇►▸‣⁃➢✓✔*»=®·\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf0e0\uf06e\uf0a1"
BULLET = re.compile(rf"^\s*(?:[{BULLET_SIGNS}]|[-–](?=\s)|[eo](?=\s+[A-ZÅÄÖ]))\s*")
# A numbered point ("1.", "2)", "a)"), read as a point only inside a Styrkor/Förbättringsområden list.
NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-h]\))\s+(?=\S)")
# A hyphen at a line's end that belongs to the text: before "och"/"eller" ("informations- och")
# or after a capital abbreviation ("EU-", "IT-").
KEEP_HYPHEN_BEFORE = ("och", "eller", "samt", "respektive", "resp.", "som", "till")
ABBREVIATION = re.compile(r"(?:^|[\s(/])[A-ZÅÄÖ0-9]{2,6}-$")
SENTENCE_END = re.compile(r"[.!?:”\"»)]$")
PREAMBLE_HEADINGS = ("Utvärderingen", "Sammanfattning av resultat", "Jämförelser", "Sammanfattande kommentarer")
SUMMARY_ROWS = re.compile(r"(?:KommunKompassen\s+\d,\d\s+)?(?:\S+\s+)?(?:Genomsnitt[^\d]*\d*[^\d]*?)?"
                          r"1\.\s+[^\d]+?\s\d{1,3}(?:\s+\d{1,3})?\s.*?Totalt\s+\d{1,3}(?:\s+\d{1,3})?", re.S)


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: Optional[list[str]] = None  # a bullet list section (Styrkor, Förbättringsområden)


@dataclass
class Chapter:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _hyphen_belongs(before: str, line: str) -> bool:
    """Is the hyphen ending ``before`` part of the text (not the word processor's hyphenation)?"""
    first = line.split()[0] if line.split() else ""
    return first.casefold() in KEEP_HYPHEN_BEFORE or bool(ABBREVIATION.search(before))


def _join_lines(lines: list[str]) -> str:
    """One paragraph from its lines, undoing the PDF's end-of-line hyphenation (but keeping a
    hyphen the text needs: "informations- och", "EU-projekt")."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out.endswith("-") and ABBREVIATION.search(out) and line[:1].islower():
            out = out + line
        elif out.endswith("-") and _hyphen_belongs(out, line):
            out = f"{out} {line}"
        elif out.endswith("-") and line[:1].islower() and not out[-2:-1].isdigit() and out[-2:-1] != " ":
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return _clean(out)


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_heading(block: list[str], following: Optional[list[str]]) -> bool:
    """A short line standing alone, followed by a paragraph that starts a sentence."""
    if len(block) != 1 or not following:
        return False
    line, after = block[0].strip(), following[0].strip()
    return (0 < len(line) <= 80 and len(line.split()) <= 10 and line[:1].isupper() and not BULLET.match(line)
            and not re.search(r"[.,;:!]$", line) and not re.fullmatch(r"[\d\s%.,]+", line)
            and after[:1].isupper() and not BULLET.match(following[0]))


def _merge_page_breaks(paragraphs: list[str]) -> list[str]:
    merged: list[str] = []
    for p in paragraphs:
        if merged and not SENTENCE_END.search(merged[-1]) and p[:1].islower():
            merged[-1] = f"{merged[-1]} {p}"
        else:
            merged.append(p)
    return merged


def heading_key(text: str) -> str:
    return " ".join(re.sub(r"[–—-]", " ", fold_in_place(text)).split()).strip(" .:")


def known_heading(line: str, known: dict[str, str]) -> bool:
    """Is ``line`` one of the known headings (the area's Rubriker), whatever OCR did to it?"""
    key = heading_key(line)
    if not key or len(key) > 120 or BULLET.match(line):
        return False
    if key in known:
        return True
    return any(len(k) > 8 and difflib.SequenceMatcher(None, key, k).ratio() >= 0.9 for k in known)


def text_width(text: str) -> int:
    widths = sorted(len(line.rstrip()) for line in text.splitlines() if line.strip())
    return widths[int(len(widths) * 0.9)] if widths else 0


def _split_block(block: list[str], width: int, known: dict[str, str]) -> list[tuple[str, list[str]]]:
    """A block of lines without blank lines, cut at known headings and at paragraph ends (a line
    that ends a sentence well short of the text width)."""
    parts: list[tuple[str, list[str]]] = []
    current: list[str] = []
    in_items = False

    def flush() -> None:
        nonlocal current, in_items
        if current:
            parts.append(("b", current))
        current, in_items = [], False

    for i, line in enumerate(block):
        if known and known_heading(line, known):
            flush()
            parts.append(("h", [line]))
            continue
        bullet = BULLET.match(line) and line[BULLET.match(line).end():].strip()
        if not bullet and in_items and current and line.strip()[:1].isupper() \
                and len(current[-1].rstrip()) < 0.85 * width:
            flush()  # prose after a list
        current.append(line)
        in_items = in_items or bool(bullet)
        if not in_items and width and SENTENCE_END.search(line.rstrip()) and len(line.rstrip()) < 0.85 * width:
            flush()
    flush()
    return parts


def paragraphs_and_headings(text: str, line_based: bool, headings: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """("p", text), ("h", heading) and ("li", item) in order. ``headings`` are the sub-headings
    to expect (the area's Rubriker): a line that is one of them is a heading even without blank
    lines around it."""
    if not line_based:
        cleaned = _clean(text)
        return [("p", cleaned)] if cleaned else []
    out: list[tuple[str, str]] = []
    known = {heading_key(h): h for h in headings}
    width = text_width(text)
    blocks = _blocks(text)
    for i, block in enumerate(blocks):
        if _is_heading(block, blocks[i + 1] if i + 1 < len(blocks) else None):
            out.append(("h", _clean(block[0])))
            continue
        for kind, part in _split_block(block, width, known):
            if kind == "h":
                out.append(("h", _clean(part[0])))
                continue
            items: list[list[str]] = []
            plain: list[str] = []
            for line in part:
                bullet = BULLET.match(line)
                if bullet and line[bullet.end():].strip():
                    items.append([line[bullet.end():]])
                elif items:
                    items[-1].append(line)
                else:
                    plain.append(line)
            if plain:
                paragraph = _join_lines(plain)
                if out and out[-1][0] == "p" and not SENTENCE_END.search(out[-1][1]) and paragraph[:1].islower():
                    out[-1] = ("p", f"{out[-1][1]} {paragraph}")
                else:
                    out.append(("p", paragraph))
            out.extend(("li", _join_lines(item)) for item in items)
    return [(kind, text) for kind, text in out if text]


def list_items(text: str, line_based: bool) -> list[str]:
    """The points of a Styrkor/Förbättringsområden list.

    A point starts at a bullet sign, after a blank line, at an indented capital (OCR lost the
    sign) or at a capital after a line that stopped short of the text width; a point that
    starts in lower case continues the one before (a page break).
    """
    if not line_based:
        cleaned = _clean(text)
        return [cleaned] if cleaned else []
    lines = text.splitlines()
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    width = widths[int(len(widths) * 0.9)] if widths else 0
    items: list[list[str]] = []
    previous = ""
    for line in lines:
        if not line.strip():
            previous = ""
            continue
        bullet = BULLET.match(line) or NUMBERED.match(line)
        body = line[bullet.end():] if bullet and line[bullet.end():].strip() else line
        first = body.strip()[:1]
        starts = (bullet is not None and body is not line) or not previous or not items \
            or (line[:1].isspace() and first.isupper()) \
            or (first.isupper() and len(previous.rstrip()) < 0.8 * width and not previous.rstrip().endswith((",", "-")))
        if starts:
            items.append([body])
        else:
            items[-1].append(body)
        previous = line
    joined = [_join_lines(item) for item in items]
    # a chapter number left by the next heading ("4." of "4. Översikt av poängfördelning") is no point
    return _merge_page_breaks([item for item in joined if item and not re.fullmatch(r"[\d.\s)]+", item)])


# What a page's running header or footer leaves inside a point when OCR read it into the list:
# SKR's header ("Sveriges Kommuner och Regioner 2019-11-20 12 (40)"), "Sida 12 (av 40)", a report
# title with its year followed by a page number, or a page number with its total ("12 (40)").
_HEADER_IN_POINT = re.compile(
    r"Sveriges\s+Kommuner\s+och\s+(?:Landsting|Regioner)\s+\d{4}-\d{2}-\d{2}"
    r"|\bSida\s+\d{1,3}(?:\s*(?:av|\()\s*\d{1,3}\)?)?"
    r"|\bKommunkompassen\b[^.!?]{0,60}\b(?:19|20)\d{2}\s+\d{1,3}\b"
    r"|(?<![\d,.])\b\d{1,3}\s*\(\s*\d{1,3}\s*\)", re.IGNORECASE)
# Inside a point: a word in lower case, then one that starts with a capital and is no name the
# sentence could carry (OCR lost the bullet between two points: "… ambitioner Lätt att hitta …").
_POINT_JOIN = re.compile(r"(?<=[a-zåäö0-9,)]) (?=[A-ZÅÄÖ][a-zåäö]{2,} (?:[a-zåäö]+ ){1,})")


# Words after which a capital starts a name, not a new point ("samarbete med Åmåls kommun").
_BEFORE_A_NAME = {"med", "i", "av", "för", "till", "på", "om", "och", "hos", "från", "mellan", "inom", "vid",
                  "under", "över", "samt", "som", "eller", "än", "enligt", "mot", "via", "genom", "kring"}


def list_warnings(title: str, items: list[str]) -> list[str]:
    """Warnings about points OCR may have damaged: a page header carried into a point, or two
    points read as one. Each names the list, the point and the words, so a reviewer finds them."""
    warnings = []
    for n, item in enumerate(items, start=1):
        header = _HEADER_IN_POINT.search(item)
        if header:
            warnings.append(f"'{title}', punkt {n}: innehåller något som ser ut som ett sidhuvud eller sidnummer "
                            f"(\"{header.group().strip()}\"); ta bort det om det inte står i punkten i rapporten")
        joins = [m.start() for m in _POINT_JOIN.finditer(item)
                 if item[:m.start()].rsplit(" ", 1)[-1].casefold() not in _BEFORE_A_NAME]
        if joins and len(item) > 80:
            at = joins[0]
            words = item[max(0, at - 30):at + 30].strip()
            warnings.append(f"'{title}', punkt {n}: ser ut att vara {len(joins) + 1} punkter ihopslagna "
                            f"(\"…{words}…\"); dela upp den om rapporten har flera punkter här")
    return warnings


# --- landmarks --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """Where a landmark heading stands in the text."""

    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _heading_at(text: str, folded: str, pattern: str, line_based: bool, start: int = 0,
                end: Optional[int] = None, last: bool = False) -> Optional[_Span]:
    """A heading: alone on its line, or (one line per page) followed by a capital letter."""
    end = len(text) if end is None else end
    found = None
    for m in re.finditer(pattern, folded[start:end]):
        a, b = start + m.start(), start + m.end()
        if not text[a:a + 1].isupper():
            continue
        if line_based:
            line_a = text.rfind("\n", 0, a) + 1
            line_b = text.find("\n", b)
            line_b = len(text) if line_b < 0 else line_b
            if text[line_a:a].strip() or text[b:line_b].strip(" :"):
                continue
        else:
            after = text[b:b + 3].lstrip(" :")
            if not after[:1].isupper():
                continue
        found = (a, b)
        if not last:
            break
    if found is None:
        return None
    return _Span(*found)


def find_area_starts(text: str, folded: str, end: int, numbers: list[int]) -> dict[int, int]:
    """Where each of the framework's areas (``numbers``) begins in the report's text."""
    starts: dict[int, int] = {}
    position = 0
    for number in numbers:
        for m in re.finditer(rf"\bomr\w{{2,4}}\s+{number}\b", folded[position:end]):
            a = position + m.start()
            if "rubriker" in folded[a:a + 400]:
                starts[number] = a
                position = a + 1
                break
    return starts


def _chapter_number_before(text: str, end: int) -> int:
    """``end`` moved back over a chapter number that opens the heading at ``end`` ("4. Översikt")."""
    m = re.search(r"(?:^|\n)\s*\d{1,2}\.?\s*$", text[max(0, end - 12):end])
    return max(0, end - 12) + m.start() if m else end


def convert(text: str, framework: Framework, line_based: bool, body_end: int,
            page_of: Callable[[int], int] = lambda offset: 0) -> tuple[str, list[Finding]]:
    """The Markdown and the findings; ``page_of`` gives the page of an offset, for the findings."""
    body_end = _chapter_number_before(text, body_end)
    folded = fold_in_place(text)
    findings: list[Finding] = []
    starts = find_area_starts(text, folded, body_end, [a.number for a in framework.areas])
    first_area = min(starts.values()) if starts else body_end
    chapters = _preamble(text, folded, first_area, line_based)
    for chapter in chapters:
        for paragraph in chapter.paragraphs + [p for s in chapter.sections for p in s.paragraphs]:
            numbers = re.search(r"(?:\b\d{1,3}\s+){4,}\d{1,3}\b", paragraph)
            if numbers:
                findings.append(Finding(f"text.{chapter.title}", f"texten innehåller sifferserien "
                                        f"”{numbers.group(0)}”, troligen rester av ett diagram; ta bort dem"))
    for number in [a.number for a in framework.areas]:
        fw_area = framework.area(number)
        name = fw_area.name if fw_area and fw_area.name else NOT_FILLED.rstrip(".")
        chapter = Chapter(f"Område {number}: {name}")
        if number not in starts:
            findings.append(Finding(f"text.område {number}", "områdets text hittades inte i rapporten; "
                                    "skriv av den för hand"))
            # the sections the convention asks for, so that the draft validates until it is filled in
            chapter.sections.extend([Section("Styrkor", items=[NOT_FILLED]),
                                     Section("Förbättringsområden", items=[NOT_FILLED])])
        else:
            later = [s for n, s in starts.items() if n > number]
            end = min(later) if later else body_end
            findings.extend(_area(chapter, fw_area, text, folded, starts[number], end, line_based, page_of))
            if line_based:
                line = text[starts[number]:text.find("\n", starts[number]) % (len(text) + 1)]
                printed = _clean(re.sub(r"^\S+\s+\d+\s*[:.–-]?\s*", "", line))
                if printed and fw_area.name and heading_key(printed) != heading_key(fw_area.name):
                    findings.append(Finding(f"text.område {number}", f"sidan {page_of(starts[number])}: rapporten "
                                            f"kallar området ”{printed}”; rubriken i textfilen har ramverkets namn "
                                            f"”{fw_area.name}” (konventionen), så nämn rapportens namn i texten "
                                            "om det behövs"))
        chapters.append(chapter)
    return render(chapters), findings


def _preamble(text: str, folded: str, end: int, line_based: bool) -> list[Chapter]:
    what = [m.start() for m in re.finditer(r"vad\s+ar\s+kommunkompassen\s*\??", folded[:end])]
    summary = [m for m in re.finditer(r"(?<![\d.])2\.?\s+([^\d]{10,160}?sammanfattande\s+genomg\w*)", folded[:end], re.S)]
    detail = [m.start() for m in re.finditer(r"(?<![\d.])3\.?\s+detaljerad\s+genomg", folded[:end])]
    chapters: list[Chapter] = []
    stop = detail[-1] if detail else end
    if what:
        a = what[-1]
        m = re.match(r"vad\s+ar\s+kommunkompassen\s*\??", folded[a:])
        b = summary[-1].start() if summary and summary[-1].start() > a else stop
        chapter = Chapter(_clean(text[a:a + m.end()]))
        _fill(chapter, text[a + m.end():b], line_based, PREAMBLE_HEADINGS)
        chapters.append(chapter)
    if summary:
        m = summary[-1]
        chapter = Chapter(_clean(text[m.start(1):m.end(1)]))
        body = SUMMARY_ROWS.sub(" ", text[m.end():stop])
        _fill(chapter, body, line_based, PREAMBLE_HEADINGS)
        chapters.append(chapter)
    return chapters


def _fill(chapter: Chapter, body: str, line_based: bool, known_headings: tuple[str, ...]) -> None:
    """Paragraphs, then one section per heading (known headings are found in run-on text too)."""
    if not line_based:
        folded = fold_in_place(body)
        cuts: list[tuple[int, int, str]] = []
        for heading in known_headings:
            pattern = re.escape(fold_in_place(heading)).replace(r"\ ", r"\s+")
            m = _heading_at(body, folded, pattern, False)
            if m:
                cuts.append((m.start(), m.end(), _clean(body[m.start():m.end()])))
        cuts.sort()
        head = body[:cuts[0][0]] if cuts else body
        chapter.paragraphs.extend(p for _, p in paragraphs_and_headings(head, False))
        for i, (a, b, title) in enumerate(cuts):
            stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(body)
            section = Section(title)
            section.paragraphs.extend(p for _, p in paragraphs_and_headings(body[b:stop], False))
            chapter.sections.append(section)
        return
    known = {fold_in_place(h) for h in known_headings}
    body = "\n".join(f"\n{line}\n" if fold_in_place(line.strip()) in known else line for line in body.splitlines())
    _sections_by_line(chapter, body, chapter)


def _rubriker(text: str, folded: str, start: int, end: int) -> list[str]:
    """The headings the area's "Rubriker" box lists (bullets and a trailing score dropped)."""
    m = re.search(r"rubriker", folded[start:end])
    if not m:
        return []
    out = []
    for line in text[start + m.end():end].splitlines()[1:]:
        bullet = BULLET.match(line)
        if not bullet:
            if out or line.strip():
                break
            continue
        out.append(re.sub(r"\s+\d{1,3}\s*$", "", line[bullet.end():]).strip())
    return [h for h in out if h]


def _area(chapter: Chapter, fw_area, text: str, folded: str, start: int, end: int,
          line_based: bool, page_of: Callable[[int], int]) -> list[Finding]:
    number = fw_area.number
    where = f"text.område {number}"
    findings: list[Finding] = []

    def on_page(offset: int) -> str:
        page = page_of(offset)
        return f"sidan {page}: " if page else ""
    allmant = _heading_at(text, folded, r"\ballm\w{2,3}t\b", line_based, start, end)
    strengths = _heading_at(text, folded, r"\bstyrkor\b", line_based, start, end, last=True)
    improve_from = strengths.end() if strengths else start
    improvements = _heading_at(text, folded, r"\bforb\w{1,2}ttrings(?:omr\w{1,2}den|m\w{1,2}jligheter)\b",
                               line_based, improve_from, end)
    summary_from = improvements.end() if improvements else improve_from
    summary = _heading_at(text, folded, r"\bsammanfattning\s+av\s+utv\w+\s+intryck\b", line_based, summary_from, end)
    body_start = allmant.end() if allmant else _after_rubriker(text, folded, start, end)
    body_end = min(x.start() for x in (strengths, improvements, summary) if x) if (strengths or improvements or summary) else end
    if not allmant:
        findings.append(Finding(where, "rubriken 'Allmänt' hittades inte; kontrollera var områdets text börjar"))
    general = Section("Allmänt")
    chapter.sections.append(general)
    printed = _rubriker(text, folded, start, allmant.start() if allmant else body_start)
    expected = tuple(dict.fromkeys([*printed, *fw_area.headings]))
    body = text[body_start:body_end]
    found = _fill_area_body(chapter, general, body, line_based, expected)
    if line_based:
        keys = {heading_key(h) for h in found}
        missing = [h for h in (printed or fw_area.headings) if heading_key(h) not in keys
                   and not known_heading(h, {k: k for k in keys})]
        if missing:
            names = ", ".join(repr(h) for h in missing)
            findings.append(Finding(where, f"{on_page(body_start)}underrubrikerna {names} hittades inte som egna "
                                    "rader i texten; kontrollera var de står"))
        lines = [line for line in body.splitlines() if line.strip()]
        if len(lines) > 12 and body.count("\n\n") * 12 < len(lines):
            findings.append(Finding(where, f"{on_page(body_start)}texten har inga tomrader mellan styckena; de "
                                    "delades vid rader som slutar en mening före radens slut; kontrollera styckena"))

    improvements_title = "Förbättringsområden"
    if improvements and "mojlighet" in folded[improvements.start():improvements.end()]:
        improvements_title = "Förbättringsmöjligheter"
    for title, mark, stop in (("Styrkor", strengths, improvements or summary),
                              (improvements_title, improvements, summary)):
        if mark is None:
            chapter.sections.append(Section(title, items=[NOT_FILLED]))
            findings.append(Finding(where, f"avsnittet '{title}' hittades inte; punkten \"{NOT_FILLED}\" står i stället"))
            continue
        items = list_items(text[mark.end():stop.start() if stop else end], line_based)
        if line_based and len(items) == 1 and len(items[0]) > 300:
            findings.append(Finding(where, f"{on_page(mark.start())}'{title}' blev en enda lång punkt; har "
                                    "rapporten flera punkter med ett tecken importen inte känner igen? Dela upp den"))
        if line_based:
            findings.extend(Finding(where, f"{on_page(mark.start())}{message}") for message in list_warnings(title, items))
        if not items:
            items = [NOT_FILLED]
            findings.append(Finding(where, f"'{title}' har inga punkter; punkten \"{NOT_FILLED}\" står i stället"))
        elif not line_based:
            findings.append(Finding(where, f"'{title}': texten saknar radbrytningar, så punkterna kunde inte skiljas "
                                    "åt; dela upp punkten för hand"))
        chapter.sections.append(Section(title, items=items))
    if summary:
        section = Section("Sammanfattning av utvärderingens intryck")
        section.paragraphs.extend(p for kind, p in paragraphs_and_headings(text[summary.end():end], line_based)
                                  if kind != "h")
        chapter.sections.append(section)
    return findings


def _after_rubriker(text: str, folded: str, start: int, end: int) -> int:
    m = re.search(r"rubriker", folded[start:end])
    if not m:
        return text.find("\n", start) + 1 or start
    blank = text.find("\n\n", start + m.end(), end)
    return blank if blank > 0 else start + m.end()


def _fill_area_body(chapter: Chapter, general: Section, body: str, line_based: bool,
                    headings: tuple[str, ...]) -> list[str]:
    if not line_based:
        general.paragraphs.extend(p for _, p in paragraphs_and_headings(body, False))
        return []
    return _sections_by_line(chapter, body, general, headings)


def _sections_by_line(chapter: Chapter, body: str, first: Chapter | Section,
                      headings: tuple[str, ...] = ()) -> list[str]:
    """Line-based text: each heading opens a section of ``chapter``; the rest goes to the open
    section, to ``first`` before the first heading (a bullet as ``- …``). Returns the headings."""
    into = first
    found = []
    for kind, value in paragraphs_and_headings(body, True, headings):
        if kind == "h":
            into = Section(value)
            chapter.sections.append(into)
            found.append(value)
        else:
            into.paragraphs.append(f"- {value}" if kind == "li" else value)
    return found


def render(chapters: list[Chapter]) -> str:
    parts: list[str] = []
    for chapter in chapters:
        parts.append(f"## {chapter.title}")
        parts.extend(_paragraphs(chapter.paragraphs))
        for section in chapter.sections:
            parts.append(f"### {section.title}")
            if section.items is not None:
                parts.append("\n".join(f"- {_safe(item)}" for item in section.items))
            else:
                parts.extend(_paragraphs(section.paragraphs))
    return "\n\n".join(parts) + "\n"


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs, with consecutive bullet lines kept together as one list."""
    out: list[str] = []
    for line in lines:
        if line.startswith("- ") and out and out[-1].startswith("- "):
            out[-1] = f"{out[-1]}\n- {_safe(line[2:])}"
        elif line.startswith("- "):
            out.append(f"- {_safe(line[2:])}")
        else:
            out.append(_safe(line))
    return out


def _safe(text: str) -> str:
    """Text that the Markdown reader takes as text: no heading or list marker at its start."""
    return re.sub(r"^(?:#+|[-*+](?=\s))\s*", "", text).strip() or text
