"""Opening the open data in a real spreadsheet program: LibreOffice Calc, headless.

``calc_open`` has Calc open workbooks or CSV files (as a reader's double-click or import does)
and save them as OpenDocument; ``read_ods`` returns every sheet's cells as Calc understood
them: a number, text, or a formula. ``scripts/install-test-deps.sh`` installs Calc.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import pytest

NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
T, O, X = (f"{{{NS[k]}}}" for k in ("table", "office", "text"))
# Calc's CSV import as a reader sets it: comma, double quote, UTF-8 (76), from line 1.
CSV_IMPORT = "CSV:44,34,76,1"


@dataclass(frozen=True)
class Cell:
    kind: str  # "float", "string", … (office:value-type) or "" for an empty cell
    value: Union[float, str, None]
    formula: Optional[str]


@dataclass
class Calc:
    sheets: dict[str, list[list[Cell]]]
    filters: dict[str, str]  # sheet -> the range its filter buttons cover
    formulas: list[str]  # every formula anywhere in the document

    def column(self, sheet: str, header: str) -> list[Cell]:
        rows = self.sheets[sheet]
        index = [c.value for c in rows[0]].index(header)
        return [row[index] if index < len(row) else Cell("", None, None) for row in rows[1:]]


def calc_open(files: list[Path], out: Path, csv: bool = False) -> list[Path]:
    """Open ``files`` in LibreOffice Calc and save each as ``out/<name>.ods``."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run scripts/install-test-deps.sh")
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "libreoffice-profile").resolve()  # its own profile: workers run Calc side by side
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               *([f"--infilter={CSV_IMPORT}"] if csv else []), "--convert-to", "ods", "--outdir", str(out),
               *(str(f.resolve()) for f in files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    converted = [out / f"{f.stem}.ods" for f in files]
    missing = [p.name for p in converted if not p.exists()]
    assert not missing, f"Calc did not open {missing}: {run.stdout} {run.stderr}"
    return converted


def _text(cell: ET.Element) -> str:
    parts = []
    for p in cell.iter(f"{X}p"):
        line = [p.text or ""]
        for child in p:
            if child.tag == f"{X}tab":
                line.append("\t")
            elif child.tag == f"{X}s":
                line.append(" " * int(child.get(f"{X}c", "1")))
            else:
                line.append("".join(child.itertext()))
            line.append(child.tail or "")
        parts.append("".join(line))
    return "\n".join(parts)


def read_ods(path: Path) -> Calc:
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
    sheets: dict[str, list[list[Cell]]] = {}
    formulas = []
    for table in root.iter(f"{T}table"):
        rows = []
        for row in table.iter(f"{T}table-row"):
            cells = []
            for el in row:
                if el.tag not in (f"{T}table-cell", f"{T}covered-table-cell"):
                    continue
                kind = el.get(f"{O}value-type", "")
                formula = el.get(f"{T}formula")
                if formula is not None:
                    formulas.append(formula)
                value = (float(el.get(f"{O}value")) if kind in ("float", "percentage", "currency")
                         else _text(el) if kind else None)
                repeat = int(el.get(f"{T}number-columns-repeated", "1"))
                cells.extend([Cell(kind, value, formula)] * (repeat if kind or repeat < 100 else 1))
            while cells and not cells[-1].kind:
                cells.pop()
            repeat = int(row.get(f"{T}number-rows-repeated", "1"))
            if cells:
                rows.extend([cells] * repeat)
        sheets[table.get(f"{T}name")] = rows
    filters = {}
    for db in root.iter(f"{T}database-range"):
        if db.get(f"{T}display-filter-buttons") == "true":
            target = db.get(f"{T}target-range-address")
            filters[target.rpartition(".")[0].split(".")[0].strip("'").replace("''", "'") if "." in target
                    else target] = target
    return Calc(sheets, filters, formulas)
