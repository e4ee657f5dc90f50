"""Reading a scanned report (a PDF whose pages are images) with Tesseract, in Swedish.

Pages are rendered with pypdfium2 and read by Tesseract through pytesseract, one page per
process so that a long report uses every core. Tesseract is a program (Debian's tesseract-ocr
and tesseract-ocr-swe), not a Python package: when it or its Swedish data is missing, the error
says what to install. The text goes through the same cleaning as a PDF's text layer.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DPI = 300
# --psm 4: one column of lines of varying size, so a table row stays on one line (question, points, max, %)
CONFIG = "--psm 4"


class OcrError(Exception):
    pass


def check_tesseract() -> None:
    if shutil.which("tesseract") is None:
        raise OcrError("--ocr kräver programmet Tesseract; installera Debians tesseract-ocr och "
                       "tesseract-ocr-swe (scripts/install-test-deps.sh gör det)")
    import pytesseract

    if "swe" not in pytesseract.get_languages(config=""):
        raise OcrError("Tesseract saknar svenska; installera Debians tesseract-ocr-swe")


def _page_text(args: tuple[str, int, int]) -> str:
    import pypdfium2 as pdfium
    import pytesseract

    path, index, dpi = args
    doc = pdfium.PdfDocument(path)
    try:
        image = doc[index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    return pytesseract.image_to_string(image, lang="swe", config=CONFIG)


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def ocr_pages(path: Path, dpi: int = DPI, progress=None) -> list[str]:
    """Each page's text as Tesseract reads it; ``progress(done, total)`` after each page."""
    check_tesseract()
    total = page_count(path)
    jobs = [(str(path), i, dpi) for i in range(total)]
    workers = max(1, min(total, os.cpu_count() or 1))
    texts: list[str] = []
    if workers == 1:
        for job in jobs:
            texts.append(_page_text(job))
            if progress:
                progress(len(texts), total)
        return texts
    with ProcessPoolExecutor(workers) as pool:
        for text in pool.map(_page_text, jobs):
            texts.append(text)
            if progress:
                progress(len(texts), total)
    return texts
