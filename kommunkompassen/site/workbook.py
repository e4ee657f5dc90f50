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
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    # Write-only: rows are streamed to the file instead of kept as cell objects (about twice
    # as fast, and a fraction of the memory, for a thousand evaluations' sub-question rows).
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for c in range(1, len(spec.header) + 1):  # widths, panes and filter before the rows
            width = (spec.widths[c - 1] if spec.widths else
                     _width([spec.header[c - 1], *(row[c - 1] for row in spec.rows if len(row) >= c)]))
            sheet.column_dimensions[_column_letter(c)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{_column_letter(max(len(spec.header), 1))}{len(spec.rows) + 1}"
        header = []
        for text in spec.header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            cells: list = []
            for value in row:
                if value is None or value == "":
                    cells.append(None)
                elif isinstance(value, str) or spec.wrap:
                    cell = WriteOnlyCell(sheet, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # text, never a formula, whatever it begins with
                    if spec.wrap:
                        cell.alignment = wrapped
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
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
