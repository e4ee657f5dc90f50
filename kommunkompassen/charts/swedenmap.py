"""A map of Sweden's municipalities as an accessible SVG with a link per municipality.

The boundaries are SCB's (``data/reference/municipalities.geojson``, WGS84), read with
``json`` and drawn as matplotlib patches in a sinusoidal projection around 15° E (areas and
the country's shape stay true enough at this scale). Every municipality is an ``<a>`` to its
page (``patch.set_url``); the SVG is meant to be inlined in a page, so it gets a title,
a description and a name on every link. Same data, same bytes: fixed hash salt, no dates.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

from kommunkompassen.charts.drawing import prune
from kommunkompassen.charts import tools

# Latest total, binned; colours from viridis (safe for colour-blind readers, light = low).
BINS: list[tuple[float, float, str, str]] = [
    (0, 400, "under 400", "#FDE725"),
    (400, 500, "400–499", "#5EC962"),
    (500, 600, "500–599", "#21918C"),
    (600, float("inf"), "600 och mer", "#3B528B"),
]
# Missing data recedes: light grey with grey stripes for "evaluated, no total", lighter grey
# without stripes for "not evaluated", so the scored municipalities are what the eye finds.
EVALUATED_NO_TOTAL = ("utvärderad, ingen totalpoäng med årtal", "#F7F7F7")
NOT_EVALUATED = ("ingen känd utvärdering", "#E6E6E6")
NO_TOTAL_HATCH, NO_TOTAL_HATCH_COLOUR = "/////", "#8C8C8C"
# The version symbols as small SVG shapes for the legend beside the map (HTML, legible at any
# width), by matplotlib's marker codes (``drawing.marker`` in a framework file), in a 12 × 12 box.
LEGEND_SYMBOLS = {
    "o": '<circle cx="6" cy="6" r="4.5"/>',
    "s": '<rect x="2" y="2" width="8" height="8"/>',
    "D": '<polygon points="6,1 11,6 6,11 1,6"/>',
    "d": '<polygon points="6,1 9.5,6 6,11 2.5,6"/>',
    "^": '<polygon points="6,1.5 11,10.5 1,10.5"/>',
    "v": '<polygon points="1,1.5 11,1.5 6,10.5"/>',
    "<": '<polygon points="1.5,6 10.5,1 10.5,11"/>',
    ">": '<polygon points="10.5,6 1.5,1 1.5,11"/>',
    "p": '<polygon points="6,1 11,4.6 9.1,10.5 2.9,10.5 1,4.6"/>',
    "h": '<polygon points="6,1 10.3,3.5 10.3,8.5 6,11 1.7,8.5 1.7,3.5"/>',
    "*": '<polygon points="6,1 7.2,4.4 10.8,4.4 7.9,6.6 9,10 6,7.9 3,10 4.1,6.6 1.2,4.4 4.8,4.4"/>',
}
EDGE = "#FFFFFF"
CENTRAL_LON = 15.0
INSET_COUNTY = "01"  # Stockholms län, too small to see on the whole map
WIDTH_IN, HEIGHT_IN, DPI = 6.4, 9.6, 72
INSET_GID = "forstoring"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    county_code: str
    parts: tuple[tuple[tuple[float, float], ...], ...]  # projected exterior rings


@dataclass(frozen=True)
class MapEntry:
    """How one municipality is shown: its link, its name for screen readers, its fill."""

    code: str
    url: str
    label: str
    total: Optional[float] = None
    framework: Optional[str] = None
    evaluated: bool = False
    version: Optional[str] = None  # the version's label and symbol (``drawing`` in its framework file)
    marker: Optional[str] = None
    version_order: int = 0  # the versions' order in the legend


def project(lon: float, lat: float) -> tuple[float, float]:
    return round((lon - CENTRAL_LON) * math.cos(math.radians(lat)), 5), round(lat, 5)


def read_shapes(geojson_text: str) -> list[Shape]:
    shapes = []
    for feature in json.loads(geojson_text)["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        parts = tuple(tuple(project(lon, lat) for lon, lat in polygon[0]) for polygon in polygons)
        shapes.append(Shape(props["code"], props["name"], props["county_code"], parts))
    return sorted(shapes, key=lambda s: s.code)


def map_legend(entries: list[MapEntry]) -> dict:
    """What the legend beside the map shows: each class (label, colour, striped) from the highest
    total down, and the symbol of each version that has a total on the map (label, SVG shape)."""
    fills = [(label, colour, False) for _, _, label, colour in reversed(BINS)]
    fills += [(EVALUATED_NO_TOTAL[0], EVALUATED_NO_TOTAL[1], True), (NOT_EVALUATED[0], NOT_EVALUATED[1], False)]
    shown = sorted({(e.version_order, e.version, e.marker) for e in entries if e.total is not None and e.marker})
    symbols = [(label, LEGEND_SYMBOLS.get(marker, LEGEND_SYMBOLS["o"])) for _, label, marker in shown]
    return dict(fills=fills, symbols=symbols, hatch_colour=NO_TOTAL_HATCH_COLOUR)


def fill_of(entry: MapEntry) -> tuple[str, str]:
    """(legend label, colour) of a municipality."""
    if entry.total is None:
        return EVALUATED_NO_TOTAL if entry.evaluated else NOT_EVALUATED
    for lo, hi, label, colour in BINS:
        if lo <= entry.total < hi:
            return label, colour
    raise ValueError(f"negativ totalpoäng: {entry.total}")


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def representative_point(shape: Shape) -> tuple[float, float]:
    """A point inside the largest part: the middle of the widest span through its centroid's height."""
    ring = max(shape.parts, key=lambda r: abs(_area(r)))
    a = _area(ring) or 1e-12
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / (6 * a)
    xs = sorted(x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
                for (x0, y0), (x1, y1) in zip(ring, ring[1:]) if (y0 <= cy < y1) or (y1 <= cy < y0))
    spans = [(xs[i + 1] - xs[i], (xs[i] + xs[i + 1]) / 2) for i in range(0, len(xs) - 1, 2)]
    return (max(spans)[1] if spans else ring[0][0]), cy


def cache_key(geojson_text: str, entries: list[MapEntry], title: str) -> str:
    payload = json.dumps({"geo": hashlib.sha256(geojson_text.encode()).hexdigest(), "title": title,
                          "entries": [asdict(e) for e in entries],
                          "code": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
                          "tools": tools.drawing_tools()},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


# --- drawing ----------------------------------------------------------------------------


def _draw_shapes(ax, shapes: list[Shape], entries: dict[str, MapEntry], marker_size: float, gid: str) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    for shape in shapes:
        entry = entries[shape.code]
        vertices, codes = [], []
        for ring in shape.parts:
            vertices.extend(ring)
            codes.extend([MPath.MOVETO] + [MPath.LINETO] * (len(ring) - 2) + [MPath.CLOSEPOLY])
        striped = entry.total is None and entry.evaluated
        patch = PathPatch(MPath(vertices, codes), facecolor=fill_of(entry)[1], edgecolor=EDGE, linewidth=0.25,
                          hatch=NO_TOTAL_HATCH if striped else None,
                          hatchcolor=NO_TOTAL_HATCH_COLOUR if striped else None)
        patch.set_url(entry.url)
        patch.set_gid(f"{gid}-{shape.code}")
        ax.add_patch(patch)
        if entry.total is not None and entry.marker:
            x, y = representative_point(shape)
            # The symbol lets clicks through to the shape beneath (CSS: [id^="symbol-"]), so the
            # whole shape, its centre included, is the municipality's link.
            (symbol,) = ax.plot([x], [y], marker=entry.marker, markersize=marker_size, color="white",
                                markeredgecolor="#111111", markeredgewidth=0.6, linestyle="none")
            symbol.set_gid(f"symbol-{gid}-{shape.code}")


def _frame(ax, xs: list[float], ys: list[float], pad: float) -> None:
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_map(shapes: list[Shape], entries: dict[str, MapEntry], most: int = 800) -> bytes:
    """The bare matplotlib SVG (links included, no title or names yet). No text in it: the legend
    and the enlarged county's name are the page's (``map_legend``), legible at any width."""
    from kommunkompassen.charts.drawing import _pyplot

    plt = _pyplot()
    fig = plt.figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    try:
        main = fig.add_axes((0.0, 0.01, 0.62, 0.98))
        _draw_shapes(main, shapes, entries, 4, "kommun")
        _frame(main, [x for s in shapes for r in s.parts for x, _ in r],
               [y for s in shapes for r in s.parts for _, y in r], 0.1)
        inset_shapes = [s for s in shapes if s.county_code == INSET_COUNTY]
        if inset_shapes:
            xs = [x for s in inset_shapes for r in s.parts for x, _ in r]
            ys = [y for s in inset_shapes for r in s.parts for _, y in r]
            inset = fig.add_axes((0.63, 0.03, 0.36, 0.40))
            _draw_shapes(inset, inset_shapes, entries, 6, INSET_GID)
            _frame(inset, xs, ys, 0.02)
            from matplotlib.patches import Rectangle

            main.add_patch(Rectangle((min(xs), min(ys)), max(xs) - min(xs), max(ys) - min(ys), fill=False,
                                     edgecolor="#333333", linewidth=0.6, linestyle="--"))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


_PATH_TOKEN = re.compile(r"[MLZmlz]|-?\d+(?:\.\d*)?|-?\.\d+")


def _tenths(n: int) -> str:
    """A number of tenths as SVG writes it shortest: 12 -> "1.2", -6 -> "-.6", 10 -> "1"."""
    sign, n = ("-" if n < 0 else ""), abs(n)
    whole, tenth = divmod(n, 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{tenth}"


def compact_path(d: str) -> str:
    """A path of straight lines (``M``, ``L``, ``Z``) in relative steps of 0.1 px with no repeated
    points: ``M 186.0 485.0 L 185.4 484.8 z`` -> ``M186 485l-.6-.2z``. A path with curves (the
    legend's symbols) only gets its numbers rounded to 0.1."""
    tokens = _PATH_TOKEN.findall(d)
    if any(t.isalpha() and t not in "MLZmlz" for t in re.findall(r"[A-Za-z]", d)) or any(
            t in "ml" for t in tokens):
        return re.sub(r"(\.\d)\d+", r"\1", d)
    out: list[str] = []
    x = y = start_x = start_y = 0  # in tenths
    after_number = False  # the last thing written is a number (the next needs a separator)
    need_l = False  # the next line step must write its "l"

    def number(n: int) -> None:
        nonlocal after_number
        text = _tenths(n)
        if after_number and not text.startswith("-"):
            out.append(" ")
        out.append(text)
        after_number = True

    def letter(c: str) -> None:
        nonlocal after_number
        out.append(c)
        after_number = False

    i, command = 0, ""
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            command, i = t.upper(), i + 1
            if command == "Z":
                letter("z")
                x, y, need_l = start_x, start_y, True  # a closed path continues from its start
            continue
        nx, ny = round(float(tokens[i]) * 10), round(float(tokens[i + 1]) * 10)
        i += 2
        if command == "M":
            letter("M")
            number(nx)
            number(ny)
            start_x, start_y, need_l, command = nx, ny, True, "L"  # more pairs after M are lines
        elif (nx, ny) != (x, y):
            if need_l:
                letter("l")
                need_l = False
            number(nx - x)
            number(ny - y)
        x, y = nx, ny
    return "".join(out)


def accessible_svg(svg: bytes, title: str, description: str, entries: dict[str, MapEntry]) -> str:
    """The SVG ready to inline: no XML prologue, a title and description, a name on every link.

    The enlarged county repeats links of the whole map, so its links are for the mouse only
    (out of the tab order and hidden from screen readers). Paths are written compactly
    (``compact_path``), which more than halves the page.
    """
    text = svg.decode("utf-8")
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r' d="([^"]*)"', lambda m: f' d="{compact_path(m.group(1))}"', text)
    text = re.sub(r"<svg ", '<svg class="kk-map-svg" role="group" aria-labelledby="karta-titel" '
                  'aria-describedby="karta-beskrivning" ', text, count=1)
    head_end = text.index(">") + 1
    text = (text[:head_end] + f'\n<title id="karta-titel">{html.escape(title)}</title>'
            f'\n<desc id="karta-beskrivning">{html.escape(description)}</desc>' + text[head_end:])
    text = text.replace("*{stroke-linejoin", ".kk-map-svg *{stroke-linejoin")  # scope matplotlib's style
    labels = {html.escape(e.url): html.escape(e.label) for e in entries.values()}

    def name_link(m: re.Match) -> str:
        group, url = m.group(1), m.group(3)
        # href (SVG 2, what crawlers and current browsers follow) and xlink:href (older readers).
        if group.startswith(INSET_GID):
            link = f'<a href="{url}" xlink:href="{url}" tabindex="-1" aria-hidden="true">'
        else:
            link = f'<a href="{url}" xlink:href="{url}" aria-label="{labels[url]}"><title>{labels[url]}</title>'
        return m.group(0)[:m.start(2) - m.start(0)] + link

    text = re.sub(r'<g id="([^"]+)">\s*(<a xlink:href="([^"]*)" target="_blank">)', name_link, text)
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def sweden_map(geojson_text: str, entries: list[MapEntry], title: str, description: str,
               cache_dir: Optional[Path] = None, most: int = 800) -> str:
    """The finished SVG, from the cache when the same map was drawn before."""
    key = cache_key(geojson_text, entries, f"{title}{description}{most}")
    cached = cache_dir / f"karta-{key}.svg" if cache_dir else None
    if cached is not None and cached.exists():
        prune(cache_dir, {cached}, "karta-")
        return cached.read_text(encoding="utf-8")
    by_code = {e.code: e for e in entries}
    svg = accessible_svg(draw_map(read_shapes(geojson_text), by_code, most), title, description, by_code)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")  # builds may share the cache
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(cached)
        prune(cache_dir, {cached}, "karta-")
    return svg
