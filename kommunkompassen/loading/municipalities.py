"""Reading the reference files about municipalities, checked field by field.

``data/reference/municipalities.csv`` (the 290 municipalities) and the boundaries in
``data/reference/municipalities.geojson`` can be changed by a pull request like any other
file. A municipality code becomes part of output paths (Håbo and Habo get it in their slug),
so a code is exactly four digits, or the file is refused with every problem named by row.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

from kommunkompassen import routes
from kommunkompassen.domain.municipalities import Municipalities, Municipality, assign_slugs
from kommunkompassen.loading.problems import DataError, Problem, show
from kommunkompassen.loading.yamlio import character_problem, forbidden_character

COLUMNS = ("code", "name", "county_code", "county", "skr_group_2017", "population", "population_year")
REQUIRED = ("code", "name", "county_code", "county", "skr_group_2017")
CODE = re.compile(r"^[0-9]{4}$")
COUNTY_CODE = re.compile(r"^[0-9]{2}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_TEXT = 200
MAX_BYTES = 5_000_000


def read_municipalities(path: Path, file: str) -> tuple[Municipalities | None, list[Problem]]:
    """The municipalities in ``path`` (named ``file`` in messages), or None and every problem."""
    problems: list[Problem] = []
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, "", "filen saknas")]
    except IsADirectoryError:
        return None, [Problem(file, "", "är en mapp, inte en fil")]
    if len(data) > MAX_BYTES:
        return None, [Problem(file, "", f"filen är större än {MAX_BYTES // 1_000_000} MB")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [Problem(file, f"rad {line}", "filen är inte UTF-8; spara den som UTF-8")]
    if not text.strip():
        return None, [Problem(file, "", f"filen är tom; väntat rubrikraden {','.join(COLUMNS)} "
                              "och en rad per kommun")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        return None, [Problem(file, "rad 1", f"rubrikraden går inte att läsa som CSV ({exc})")]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return None, [Problem(file, "rad 1", f"kolumnerna {', '.join(missing)} saknas; väntat {', '.join(COLUMNS)}")]
    rows: list[dict] = []
    row_lines: list[int] = []
    seen: dict[str, int] = {}
    for line, row in _records(reader, problems, file):
        where = f"rad {line}"
        if None in row or any(v is None for v in row.values()):
            problems.append(Problem(file, where, f"raden har inte {len(header)} fält"))
            continue
        bad = False
        for column in REQUIRED:
            value = row[column]
            if not value.strip():
                problems.append(Problem(file, f"{where}: {column}", "värdet saknas"))
                bad = True
            elif CONTROL.search(value):
                problems.append(Problem(file, f"{where}: {column}", f"{show(value)} innehåller en radbrytning "
                                        "eller ett annat kontrolltecken"))
                bad = True
            elif forbidden_character(value):
                problems.append(Problem(file, f"{where}: {column}", f"{show(value)}: "
                                        + character_problem(forbidden_character(value).group())))
                bad = True
            elif len(value) > MAX_TEXT:
                problems.append(Problem(file, f"{where}: {column}", f"{show(value)} är längre än {MAX_TEXT} tecken"))
                bad = True
        code = row["code"]
        if code.strip() and not CODE.match(code):
            problems.append(Problem(file, f"{where}: code", f"{show(code)} är inte en kommunkod (fyra siffror)"))
            bad = True
        elif code in seen:
            problems.append(Problem(file, f"{where}: code", f"koden {code} finns redan på rad {seen[code]}"))
            bad = True
        if row["county_code"].strip() and not COUNTY_CODE.match(row["county_code"]):
            problems.append(Problem(file, f"{where}: county_code",
                                    f"{show(row['county_code'])} är inte en länskod (två siffror)"))
            bad = True
        for column, lo, hi in (("population", 0, 100_000_000), ("population_year", 1900, 2100)):
            value = row[column].strip()
            if value and not (value.isdigit() and len(value) <= 9 and lo <= int(value) <= hi):
                problems.append(Problem(file, f"{where}: {column}", f"{show(value)} är inte ett heltal {lo}–{hi}"))
                bad = True
        seen.setdefault(code, line)
        if not bad:
            rows.append(row)
            row_lines.append(line)
    if not rows and not problems:
        problems.append(Problem(file, "", "filen har inga kommuner"))
    if problems:
        return None, problems
    names = {r["code"]: r["name"] for r in rows}
    slugs = assign_slugs(names)
    lines = {r["code"]: line for line, r in zip(row_lines, rows)}
    owner: dict[str, str] = {}
    for code, slug in slugs.items():
        where = f"rad {lines[code]}: name"
        if not slug.strip("-0123456789"):
            problems.append(Problem(file, where, f"namnet {show(names[code])} ger ingen adress; det behöver "
                                    "minst en bokstav a–z (å, ä, ö räknas som a, a, o)"))
        elif slug in owner:
            problems.append(Problem(file, where, f"namnet {show(names[code])} ger adressen '{slug}', som "
                                    f"kommunen på rad {lines[owner[slug]]} redan har"))
        owner.setdefault(slug, code)
    if problems:
        return None, problems
    return Municipalities([
        Municipality(code=r["code"], name=r["name"], county_code=r["county_code"], county=r["county"],
                     skr_group_2017=r["skr_group_2017"],
                     population=int(r["population"]) if r["population"].strip() else None,
                     population_year=int(r["population_year"]) if r["population_year"].strip() else None,
                     slug=slugs[r["code"]])
        for r in rows]), []


def _records(reader: csv.DictReader, problems: list[Problem], file: str):
    """(first line of the record, record): a quoted name may span lines, so count from its start."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a quote that is never closed
            problems.append(Problem(file, f"rad {start}", f"raden går inte att läsa som CSV ({exc})"))
            return
        yield start, row
        start = reader.line_num + 1


def load_municipalities(path: Path, file: str | None = None) -> Municipalities:
    """The municipalities in ``path``; raises ``DataError`` with every problem.

    Messages name the file as the repository path (``data/reference/municipalities.csv``) when
    ``path`` is that file of some project root, else as ``path``.
    """
    if file is None:
        usual = routes.MUNICIPALITIES_CSV.as_posix()
        file = usual if path.as_posix().endswith("/" + usual) else path.as_posix()
    municipalities, problems = read_municipalities(path, file)
    if problems:
        raise DataError(problems)
    return municipalities


def _deepest(data: bytes) -> tuple[int, int]:
    """(line where the nesting is deepest, how deep) of JSON text, brackets in strings included."""
    depth = deepest = 0
    where = 0
    for i, byte in enumerate(data):
        if byte in b"[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, i
        elif byte in b"]}":
            depth -= 1
    return data.count(b"\n", 0, where) + 1, deepest


def check_shapes(path: Path, file: str, municipalities: Municipalities) -> list[Problem]:
    """The boundaries the map draws: a FeatureCollection of (Multi)Polygons, one per known code."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [Problem(file, "", "filen saknas")]
    except IsADirectoryError:
        return [Problem(file, "", "är en mapp, inte en fil")]
    if len(data) > 10 * MAX_BYTES:
        return [Problem(file, "", f"filen är större än {10 * MAX_BYTES // 1_000_000} MB")]
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return [Problem(file, "", "filen är inte UTF-8")]
    except RecursionError:
        line, depth = _deepest(data)
        return [Problem(file, f"rad {line}", f"filen är nästlad {depth} nivåer djupt ([ eller {{); en "
                        "GeoJSON-fil med kommungränser behöver högst några få")]
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        return [Problem(file, f"rad {line}" if line else "", "filen är inte giltig JSON")]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return [Problem(file, "", "väntat en GeoJSON FeatureCollection med 'features'")]
    problems: list[Problem] = []
    codes: set[str] = set()
    for i, feature in enumerate(doc["features"]):
        where = f"features.{i}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(file, where, "väntat ett objekt med \"type\": \"Feature\""))
            continue
        props, geometry = feature.get("properties"), feature.get("geometry")
        if not isinstance(props, dict):
            problems.append(Problem(file, f"{where}.properties", "saknas; väntat code, name och county_code"))
            continue
        code = props.get("code")
        if code is None:
            problems.append(Problem(file, f"{where}.properties.code", "kommunkoden saknas"))
            continue
        if not isinstance(code, str) or not CODE.match(code):
            problems.append(Problem(file, f"{where}.properties.code", f"{show(code)} är inte en kommunkod (fyra siffror)"))
            continue
        if code not in municipalities.by_code:
            problems.append(Problem(file, f"{where}.properties.code", f"koden {code} finns inte i municipalities.csv"))
        if code in codes:
            problems.append(Problem(file, f"{where}.properties.code", f"koden {code} förekommer två gånger"))
        codes.add(code)
        for key in ("name", "county_code"):
            if not isinstance(props.get(key), str):
                problems.append(Problem(file, f"{where}.properties.{key}", "värdet saknas eller är inte text"))
        if geometry is None:
            problems.append(Problem(file, f"{where}.geometry", f"kommunen {code} saknar geometri (gränsen)"))
            continue
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(file, f"{where}.geometry", "väntat en Polygon eller MultiPolygon"))
            continue
        polygons = [geometry.get("coordinates")] if geometry["type"] == "Polygon" else geometry.get("coordinates")
        if not _rings_ok(polygons):
            problems.append(Problem(file, f"{where}.geometry.coordinates",
                                    "koordinaterna ska vara listor av [longitud, latitud] med ändliga tal"))
    for code in sorted(set(municipalities.by_code) - codes):
        problems.append(Problem(file, "features", f"kommunen {code} ({municipalities.by_code[code].name}) saknar gräns"))
    return problems


def _rings_ok(polygons) -> bool:
    if not isinstance(polygons, list) or not polygons:
        return False
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon or not isinstance(polygon[0], list) or len(polygon[0]) < 3:
            return False
        for ring in polygon:
            if not isinstance(ring, list):
                return False
            for point in ring:
                if not (isinstance(point, list) and len(point) == 2 and all(
                        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                        for v in point[:2]) and -180 <= point[0] <= 180 and -90 <= point[1] <= 90):
                    return False
    return True
