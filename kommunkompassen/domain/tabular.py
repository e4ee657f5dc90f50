"""Tables as CSV that a spreadsheet opens as text: no cell becomes a formula.

A spreadsheet's CSV import reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in
some programs, a tab or carriage return) as a formula: ``=HYPERLINK(...)`` in a municipality's
name would become a live link on the reader's machine ("CSV injection",
https://owasp.org/www-community/attacks/CSV_Injection). As OWASP recommends, such a cell is
written with a leading apostrophe, which every spreadsheet shows as text; a genuine number
(``-3``, ``+1.5``) stays a number. The open data, the charts' tables and the workbook's text
cells all go through ``formula_free``.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Iterable, Sequence

# What makes a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
# A UTF-8 byte-order mark first: Excel with Swedish settings then reads å, ä and ö right.
BOM = "\ufeff"


def starts_like_a_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (a genuine number cannot)."""
    return text.startswith(FORMULA_START) and not NUMBER.match(text)


def formula_free(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet keeps as text: a leading apostrophe where needed."""
    return "'" + text if starts_like_a_formula(text) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table as CSV: UTF-8 with BOM, commas, ``\\n`` line ends, every cell formula-free."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The writer quotes a cell with a line feed but not one with a lone carriage return (its line
    # ends are "\n"); a reader would split the row there. Such a row is written fully quoted.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in [header, *rows]:
        cells = [formula_free(c) for c in row]
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    return BOM + buffer.getvalue()
