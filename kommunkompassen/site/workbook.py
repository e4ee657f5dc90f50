"""The open data as one Excel workbook for a spreadsheet user, byte for byte the same for the same data.

Each sheet is a header row and typed cells: a number is a number (it sums), text is a string
cell, an empty value an empty cell. Text is always written as an explicit string, never a
formula, whatever it begins with (``=HYPERLINK(…)`` in a name stays those characters;
https://owasp.org/www-community/attacks/CSV_Injection). Every sheet has a frozen header row,
a filter on its columns and column widths fitted to its content.

openpyxl stamps the time of writing into the file (document properties and the zip entries);
both are fixed here, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Optional, Sequence, Union

FIXED_TIME = "2000-01-01T00:00:00Z"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")

Cell = Union[str, int, float, None]
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, no []:*?/\
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    wrap: bool = False  # wrap long text in its cells (the explanation sheet)
    widths: Optional[Sequence[int]] = field(default=None)  # fixed widths instead of fitted ones


def _width(values) -> int:
    longest = max((max(len(line) for line in str(v).split("\n")) for v in values if v is not None), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def workbook(sheets: Sequence[Sheet], title: str = "Kommunkompassen – öppna data") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for c, text in enumerate(spec.header, start=1):
            cell = sheet.cell(row=1, column=c)
            cell.value = text
            cell.data_type = "s"
            cell.font = bold
        for r, row in enumerate(spec.rows, start=2):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it begins with
                if spec.wrap:
                    cell.alignment = wrapped
        last = _column_letter(max(len(spec.header), 1))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last}{len(spec.rows) + 1}"
        for c in range(1, len(spec.header) + 1):
            width = (spec.widths[c - 1] if spec.widths else
                     _width([spec.header[c - 1], *(row[c - 1] for row in spec.rows if len(row) >= c)]))
            sheet.column_dimensions[_column_letter(c)].width = width
    book.properties.creator = "Kommunkompassens utvärderingar"
    book.properties.title = title
    book.properties.language = "sv-SE"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue())


def _fixed(data: bytes) -> bytes:
    """The same zip with fixed times in every entry and in the document properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMP.sub(lambda m: m.group(1) + FIXED_TIME.encode() + m.group(2), content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()
