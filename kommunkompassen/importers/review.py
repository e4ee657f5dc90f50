"""A local review page per draft: each flagged cell and text warning beside an image of the part
of the report page it came from, with the draft's value and the file and field to edit.

Pages are rendered with pypdfium2. A score cell is found by its sub-question's number in the
PDF's text layer (the last place it stands: the score tables); a text warning names its page. A
scan without a text layer shows the warned page. The page is plain HTML with its images beside
it, written to a folder of its own that is never overwritten (a second run gets ``-2``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Optional

SCALE = 2.0  # pixels per PDF point (144 dpi)
STYLE = """body{font-family:sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#111}
.item{display:grid;grid-template-columns:minmax(16rem,1fr) minmax(0,2fr);gap:1rem;
border-top:1px solid #ccc;padding:1rem 0}
.item img{max-width:100%;border:1px solid #999}code{background:#f2f2f2;padding:0 .2em}
@media (max-width:700px){.item{grid-template-columns:1fr}}"""


def _value_at(data: dict[str, Any], field: str) -> Any:
    node: Any = data
    for part in _field_parts(field):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _field_parts(field: str) -> list[str]:
    m = re.match(r"areas\.(\d+)\.questions\.(\d+\.\d+)\.(\w+)$", field)
    if m:
        return ["areas", m.group(1), "questions", m.group(2), m.group(3)]
    return field.split(".")


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        shown = "okänt" if value.get("value") is None else str(value.get("value"))
        return shown + (f" ({value['status']})" if value.get("status") else "")
    return "–" if value is None else str(value)


class _Pdf:
    def __init__(self, path: Path):
        import pypdfium2 as pdfium

        self.doc = pdfium.PdfDocument(str(path))

    def find(self, words: str) -> Optional[tuple[int, float]]:
        """(page index, top in points) of the last place ``words`` stand."""
        found = None
        for index in range(len(self.doc)):
            textpage = self.doc[index].get_textpage()
            searcher = textpage.search(words, match_case=True)
            while (hit := searcher.get_next()) is not None:
                found = (index, textpage.get_charbox(hit[0])[3])
        return found

    def image(self, index: int, top: Optional[float], out: Path) -> Path:
        page = self.doc[index]
        image = page.render(scale=SCALE).to_pil()
        if top is not None:
            y = (page.get_height() - top - 6) * SCALE
            image = image.crop((0, max(0, int(y)), image.width, min(image.height, int(y + 130 * SCALE))))
        image.save(out)
        return out


def write_review(draft, source, folder: Path, yaml_file: str, md_file: str) -> Optional[Path]:
    """Write ``<folder>/<key>/index.html`` (or ``<key>-2``, …) and its images; None without findings."""
    if not draft.findings:
        return None
    target = folder / draft.key
    n = 2
    while target.exists():
        target, n = folder / f"{draft.key}-{n}", n + 1
    target.mkdir(parents=True)
    pdf = _Pdf(Path(source.file)) if source.kind == "pdf" else None
    items = []
    for i, finding in enumerate(draft.findings, 1):
        is_text = finding.field.startswith("text")
        where: Optional[tuple[int, Optional[float]]] = None
        if pdf is not None:
            qid = re.match(r"areas\.\d+\.questions\.(\d+\.\d+)\.", finding.field)
            page = re.match(r"sidan (\d+): ", finding.message)
            if qid:
                where = pdf.find(qid.group(1) + " ")
            elif page and int(page.group(1)) <= len(pdf.doc):
                where = (int(page.group(1)) - 1, None)
        image = ""
        if where is not None:
            name = f"ruta-{i:03d}.png"
            pdf.image(where[0], where[1], target / name)
            image = (f'<a href="{name}"><img src="{name}" alt="Rapportens sida {where[0] + 1} där uppgiften står"></a>'
                     f"<p>Sidan {where[0] + 1} i {html.escape(Path(source.file).name)}.</p>")
        else:
            image = "<p>Ingen bild: platsen i rapporten kunde inte hittas.</p>"
        file = md_file if is_text else yaml_file
        shown = html.escape(_shown(_value_at(draft.data, finding.field)))
        value = "" if is_text else f"<p>Utkastets värde: <strong>{shown}</strong></p>"
        items.append(f'<section class="item"><div><h2>{i}. <code>{html.escape(finding.field)}</code></h2>'
                     f"<p>{html.escape(finding.message)}</p>{value}"
                     f"<p>Rätta i <code>{html.escape(file)}</code>"
                     + ("" if is_text else f", fältet <code>{html.escape(finding.field)}</code>") + f".</p></div>"
                     f"<div>{image}</div></section>")
    title = f"Granskning av utkastet {draft.key}"
    page = (f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
            f"<p>{len(draft.findings)} saker att kontrollera mot rapporten {html.escape(Path(source.file).name)}. "
            "Jämför varje värde med bilden från rapporten och rätta filen som anges; kör sedan ./dev check.</p>"
            + "\n".join(items) + "</body></html>\n")
    (target / "index.html").write_text(page, encoding="utf-8")
    return target / "index.html"
