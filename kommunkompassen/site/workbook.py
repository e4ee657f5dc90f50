"""The open data's CSV tables as one Excel workbook, byte for byte the same for the same tables.

One sheet per table with the same header and cells: numeric columns (as the Data Package types
them) as numbers, everything else as text, an empty CSV cell as an empty cell. openpyxl stamps
the time of writing into the file (document properties and the zip entries); both are fixed
here, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

FIXED_TIME = "2000-01-01T00:00:00Z"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _cell(value: str, numeric: bool):
    if value == "":
        return None
    if numeric:
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    return value


def workbook(tables: dict[str, str], numeric: set[str]) -> bytes:
    """``tables``: sheet name -> CSV text; ``numeric``: the column names written as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, text in tables.items():
        sheet = book.create_sheet(name)
        rows = rows_of(text)
        header = rows[0]
        sheet.append(header)
        for row in rows[1:]:
            sheet.append([_cell(v, col in numeric) for col, v in zip(header, row)])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    book.properties.creator = "Kommunkompassens utvärderingar"
    book.properties.title = "Kommunkompassen – öppna data"
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
