"""Realistic report PDFs, made the way real ones are: a document written with python-docx and
turned into a PDF by LibreOffice headless (Debian's libreoffice-writer-nogui), then a scan of it
(pages rasterised with pypdfium2) and an OCR'd scan (Tesseract, through the importer's --ocr).

The document has what trips an importer up in a real report: Word's Symbol-font bullet
(U+F0B7), a running header and a footer with the page number, sub-headings from the area's
Rubriker, paragraphs without blank lines, line-end hyphens that belong to the text
("informations- och", "EU-" at a line end), the chapter heading "4. Översikt av
poängfördelning" right after area 8's last point, and score tables that run over a page break
with Word's "repeat header row".

``report_spec`` says what was written (``Spec``), so a test checks the import against it;
``realistic_pdfs`` builds the three PDFs once per content hash under a cache folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

HEADER = "Kommunkompassen – Analys av {name} kommun {year}"
FOOTER_DATE = "Sveriges Kommuner och Landsting"
SYMBOL_BULLET = "\uf0b7"  # what Word stores for its default bullet, in the font Symbol


@dataclass
class AreaSpec:
    number: int
    name: str
    headings: list[str]
    strengths: list[str]
    improvements: list[str]


@dataclass
class Spec:
    name: str
    year: int
    framework: str
    areas: list[AreaSpec]
    scores: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # qid -> (points, max, percent)
    area_scores: dict[int, int] = field(default_factory=dict)
    total: int = 0


def _strengths(n: int, number: int) -> list[str]:
    base = [f"Kommunen har ett tydligt och väl förankrat arbete inom område {number}, som beskrivs i "
            "styrdokument och följs upp av nämnderna varje år",
            "Informations- och dialogarbetet är brett och når många grupper av invånare",
            "EU-informationskontoret samverkar med näringslivet",
            "Goda exempel sprids mellan förvaltningarna",
            "Medarbetarna beskriver en öppen kultur"]
    return base[:n]


def _improvements(n: int, number: int) -> list[str]:
    base = [f"Utveckla uppföljningen av område {number} så att resultaten redovisas för invånarna",
            "Samordna enkäter och brukarundersökningar",
            "Tydliggör ansvaret för förbättringsarbetet",
            "Följ upp åtgärderna i budgeten"]
    return base[:n]


def report_spec(framework, name: str = "Vårgårda", year: int = 2016) -> Spec:
    """What the generated report prints: per area 5 strengths and 4 improvements (area 8: 3 and 2),
    the framework's headings as Rubriker, and scores that add up (printed rounded)."""
    spec = Spec(name=name, year=year, framework=framework.id, areas=[])
    total = 0
    for i, area in enumerate(framework.areas):
        s, k = (3, 2) if area.number == 8 else (5, 4)
        spec.areas.append(AreaSpec(area.number, area.name, list(area.headings), _strengths(s, area.number),
                                   _improvements(k, area.number)))
        area_sum = 0.0
        for j, q in enumerate(area.questions):
            share = 30 + (i * 11 + j * 7) % 60
            exact = q.max * share / 100
            spec.scores[q.id] = (int(exact + 0.5), q.max, share)
            area_sum += exact
        spec.area_scores[area.number] = int(area_sum + 0.5)
        total += spec.area_scores[area.number]
    spec.total = total
    return spec


def _page_field(run) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _symbol_bullet(paragraph, text: str) -> None:
    """A bullet as Word writes one when numbering is lost: U+F0B7 in Symbol, a tab, the text."""
    from docx.shared import Cm

    paragraph.paragraph_format.left_indent = Cm(0.63)
    paragraph.paragraph_format.first_line_indent = Cm(-0.63)
    run = paragraph.add_run(SYMBOL_BULLET)
    run.font.name = "Symbol"
    paragraph.add_run("\t" + text)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    props.append(el)


def _paragraph_with_break(doc, before: str, after: str) -> None:
    """A line that ends in a hyphen the text needs (the line break is where the PDF's is)."""
    p = doc.add_paragraph()
    run = p.add_run(before)
    run.add_break()
    p.add_run(after)


def write_docx(spec: Spec, framework, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(11)
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = HEADER.format(name=spec.name, year=spec.year)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{FOOTER_DATE}    ")
    _page_field(footer.add_run())

    doc.add_heading(f"KommunKompassen ANALYS AV {spec.name.upper()} KOMMUN {spec.year}", 0)
    doc.add_paragraph("Utvärderare: Eva Exempel, SKL samt Per Prov, Testby kommun")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading("1. Vad är Kommunkompassen?", 1)
    doc.add_paragraph("Kommunkompassen är ett verktyg för att analysera en kommuns arbetssätt. Den tar sin "
                      "utgångspunkt i åtta områden som tillsammans ger en bild av hur kommunen leds och styrs.")
    doc.add_heading(f"2. {spec.name} i förhållande till Kommunkompassen: En sammanfattande genomgång", 1)
    doc.add_heading("Utvärderingen", 2)
    doc.add_paragraph(f"Utvärderingen av {spec.name} kommun genomfördes i oktober {spec.year} och var kommunens "
                      "första utvärdering enligt Kommunkompassens kriterier. Utvärderingsgruppen har genomfört "
                      "intervjuer med ett 35-tal personer i organisationen.")
    doc.add_heading("Sammanfattning av resultat", 2)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = f"KommunKompassen {spec.name}"
    for area in framework.areas:
        row = table.add_row().cells
        row[0].text, row[1].text = f"{area.number}. {area.name}", str(spec.area_scores[area.number])
    row = table.add_row().cells
    row[0].text, row[1].text = "Totalt", str(spec.total)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("3. Detaljerad genomgång", 1)

    for area in spec.areas:
        doc.add_heading(f"Område {area.number} {area.name}", 1)
        doc.add_paragraph("Rubriker")
        for heading in area.headings:
            _symbol_bullet(doc.add_paragraph(), heading)
        doc.add_heading("Allmänt", 2)
        doc.add_paragraph("Ramverkets allmänna text om området, densamma i varje rapport. Den beskriver vad "
                          "utvärderarna letar efter och varför det är viktigt för invånarna.")
        for k, heading in enumerate(area.headings):
            doc.add_heading(heading, 3)
            doc.add_paragraph(f"Första stycket om {heading.lower()}. Kommunen beskriver arbetet i sina planer och "
                              "följer upp det i årsredovisningen, men arbetet skiljer sig mellan förvaltningarna.")
            if k == 0:
                _paragraph_with_break(doc, "Kommunen har ett samlat informations-", "och kommunikationsarbete.")
                _paragraph_with_break(doc, "Kommunen deltar i ett EU-", "projekt om landsbygdsutveckling.")
            doc.add_paragraph("Andra stycket: utvärderarna ser att det finns en god grund att bygga vidare på.")
        doc.add_paragraph("STYRKOR")
        for item in area.strengths:
            _symbol_bullet(doc.add_paragraph(), item)
        doc.add_paragraph("FÖRBÄTTRINGSOMRÅDEN")
        for item in area.improvements:
            _symbol_bullet(doc.add_paragraph(), item)
        if area.number != spec.areas[-1].number:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading("4. Översikt av poängfördelning", 1)
    for area in framework.areas:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        head = table.rows[0]
        _repeat_header(head)
        for cell, text in zip(head.cells, (f"{area.number}. {area.name}", "Uppnått", "Max", "Procent")):
            cell.text = text
        for q in area.questions:
            points, maximum, percent = spec.scores[q.id]
            cells = table.add_row().cells
            for cell, text in zip(cells, (f"{q.id} {q.text}", str(points), str(maximum), f"{percent} %")):
                cell.text = text
        cells = table.add_row().cells
        score = spec.area_scores[area.number]
        for cell, text in zip(cells, ("", str(score), "100", f"{score} %")):
            cell.text = text
        doc.add_paragraph("")
    doc.save(path)
    return path


def soffice_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice saknas: installera Debians libreoffice-writer-nogui "
                           "(scripts/install-test-deps.sh gör det)")
    profile = out_dir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=180)
    return out_dir / (docx.stem + ".pdf")


def rasterise(pdf: Path, out: Path, dpi: int = 200, pages: list[int] | None = None) -> Path:
    """An image-only copy of ``pdf`` (or of some of its pages), as a scanner makes one."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in (pages or range(len(doc)))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def realistic_pdfs(framework, cache: Path) -> tuple[Spec, dict[str, Path]]:
    """(spec, {"word": PDF, "scan": image-only PDF, "scan_part": the page with area 2's score
    table as a 300 dpi scan}), built once per content of this module and the framework (a
    lock keeps parallel test workers from building it twice)."""
    import fcntl

    spec = report_spec(framework)
    digest = hashlib.sha256(Path(__file__).read_bytes() + json.dumps(asdict(spec)).encode()).hexdigest()[:16]
    folder = cache / f"realistic-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    word, scan = folder / "vargarda-2016.pdf", folder / "vargarda-2016-skannad.pdf"
    part = folder / "vargarda-2016-del.pdf"
    with open(cache / f"realistic-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not part.exists():
            docx = write_docx(spec, framework, folder / "vargarda-2016.docx")
            soffice_pdf(docx, folder)
            rasterise(word, scan, dpi=100)
            rasterise(word, part, dpi=300, pages=[_page_with(word, "2.5 Hur arbetar")])
    return spec, {"word": word, "scan": scan, "scan_part": part}


def _page_with(pdf: Path, words: str) -> int:
    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]
    return next(i for i, text in enumerate(pages) if words in text)
