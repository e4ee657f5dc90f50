"""Charts as SVG with matplotlib: what to draw (specs, from data) and drawing them.

A ``ChartSpec`` is plain data; its ``key`` hashes that data together with this module's
source and the drawing tools (``tools.py``: matplotlib's, NumPy's and Pillow's versions and the
font files), so a chart is drawn again only when its numbers, the drawing code or the tools change.
Output is byte-identical for the same spec (fixed SVG hash salt, no dates, text as text).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.charts.cards import CardSpec, draw_card
from kommunkompassen.charts import tools
from kommunkompassen.domain.language import decimal_text
from kommunkompassen.domain.recorded import MISSING, QUALIFIERS, STATUS_LABELS

# Okabe–Ito colours (safe for colour-blind readers); series also differ by hatch and marker.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#BBBBBB"

DPI = 72  # px per inch: sizes are in px, text in px


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows. ``kind`` selects the drawing function."""

    kind: str
    name: str  # output path under the site, e.g. "grafik/kommuner/amal-2019-omraden.svg"
    title: str
    alt: str
    caption: str
    data: dict = field(default_factory=dict)
    heading: str = ""  # the chart's title on the page
    version: str = ""  # which version(s) of Kommunkompassen its numbers come from
    page: str = ""  # the address of the page that shows it (its embed page lies below)
    address: str = ""  # that page's published address (site_url + page), written into the files

    @property
    def key(self) -> str:
        return tools.spec_key("spec", self, _CODE_HASH)

    @property
    def src(self) -> str:
        return self.name

    @property
    def narrow_src(self) -> str:
        """The same chart drawn for a phone's width."""
        return routes.narrow_chart(self.name)

    @property
    def width(self) -> int:
        return chart_size(self)[0]

    @property
    def height(self) -> int:
        return chart_size(self)[1]

    @property
    def narrow_width(self) -> int:
        return chart_size(self, narrow=True)[0]

    @property
    def narrow_height(self) -> int:
        return chart_size(self, narrow=True)[1]

    @property
    def embed_url(self) -> str:
        """The chart's embed page, for an <iframe> on another site."""
        return routes.embed_url(self.page)

    @property
    def embed_src(self) -> str:
        """The embed page's file (a link to it from a page of the site)."""
        return routes.embed_file(self.page)

    @property
    def table_src(self) -> str:
        """The chart's numbers as CSV, beside the SVG."""
        return self.name.removesuffix(".svg") + ".csv"


_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

# The credit every downloaded chart and its CSV carry (the embed page says the same).
SITE_NAME = "Kommunkompassens utvärderingar"
SOURCE = "rapporterna och sidorna som anges vid varje utvärdering"
LICENCE = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"


def credit(spec: ChartSpec) -> list[tuple[str, str]]:
    """What a chart file says about itself, as (label, text): its title, version, source,
    licence and the page it is on."""
    where = spec.address or spec.page
    lines = [("Titel", spec.heading or spec.title)]
    if spec.version:
        lines.append(("Version", f"Kommunkompassen, {spec.version}"))
    lines += [("Källa", f"{SOURCE} på {SITE_NAME}"),
              ("Licens", f"{LICENCE}, fri att använda; ange gärna källan ({LICENCE_URL})")]
    if where:
        lines.append(("Adress", where))
    return lines


def _fmt(value) -> str:
    return MISSING if value is None else decimal_text(value)


# --- specs from data -----------------------------------------------------------------


def areas_spec(name: str, title: str, labels: list[str], values: list[Optional[float]],
               comparison_label: Optional[str], comparison: list[Optional[float]], maximum: int,
               version: str = "") -> ChartSpec:
    """Points per area; ``maximum`` is the areas' most points (the scale's end)."""
    parts = [f"{label}: {_fmt(v)}" + (f" (jämförelse {_fmt(c)})" if comparison_label else "")
             for label, v, c in zip(labels, values, comparison or [None] * len(values))]
    alt = f"Liggande stapeldiagram, poäng per område för {title}" + (
        f" jämfört med {comparison_label}" if comparison_label else "") + ". " + "; ".join(parts) + "."
    caption = f"Poäng per område (0–{maximum}) för {title}" + (
        f", jämfört med {comparison_label} (randiga staplar)." if comparison_label else ".")
    return ChartSpec("areas", name, title, alt, caption,
                     data={"labels": labels, "values": values, "comparison_label": comparison_label,
                           "comparison": comparison, "maximum": maximum},
                     heading=f"Poäng per område, {title}", version=version)


STATUS_WORDS = QUALIFIERS


@dataclass(frozen=True)
class Series:
    """How one framework version is drawn: its label ("2010") and symbol."""

    label: str
    marker: str
    colour: str


def timeline_spec(name: str, title: str, points: list[tuple], maximum: int) -> ChartSpec:
    """Totals over time; points are (year, total or None, Series, status); ``maximum`` is the
    highest possible total (the scale's end)."""
    known = [p for p in points if p[1] is not None]
    parts = [f"{year}: {_fmt(total)}" + (f", {STATUS_WORDS[status]}" if total is not None and status in STATUS_WORDS
                                         else "") + f" (version {series.label})"
             for year, total, series, status in points]
    alt = (f"Punktdiagram, totalpoäng över tid för {title}, med en symbol per version av Kommunkompassen. "
           + "; ".join(parts) + ".")
    caption = (f"Totalpoäng (0–{maximum}) över tid för {title}. Symbol och färg visar versionen av Kommunkompassen"
               + ("; en ofylld symbol är ett härlett eller osäkert värde." if any(
                   p[3] in STATUS_WORDS and p[1] is not None for p in points) else "."))
    versions = sorted({series.label for _, _, series, _ in points})
    return ChartSpec("timeline", name, title, alt, caption,
                     data={"points": [[year, total, asdict(series), status] for year, total, series, status in points],
                           "known": len(known), "maximum": maximum},
                     heading=f"Totalpoäng över tid, {title}", version=_versions(versions))


def _versions(labels: list[str]) -> str:
    if len(labels) == 1:
        return f"version {labels[0]}"
    return "versionerna " + ", ".join(labels[:-1]) + " och " + labels[-1]


def all_totals_spec(name: str, points: list[tuple], maximum: int) -> ChartSpec:
    """Every known total over time, one symbol per version; points are (year, total, Series,
    status, evaluation title). A hollow symbol is a derived or uncertain total."""
    by_version: dict[str, list] = {}
    for year, total, series, status, title in points:
        by_version.setdefault(series.label, []).append((year, total, status))
    parts = [f"version {label}: {len(rows)} totalpoäng, {_fmt(min(r[1] for r in rows))}–"
             f"{_fmt(max(r[1] for r in rows))}, åren {min(r[0] for r in rows)}–{max(r[0] for r in rows)}"
             for label, rows in sorted(by_version.items())]
    alt = ("Punktdiagram, alla kända totalpoäng över tid, en symbol och färg per version av Kommunkompassen. "
           + "; ".join(parts) + ".")
    caption = (f"Alla {len(points)} kända totalpoäng (0–{maximum}) efter utvärderingsår. Symbol och färg "
               "visar versionen; en ofylld symbol är ett härlett eller osäkert värde. Poäng från olika "
               "versioner går bara att jämföra med försiktighet.")
    return ChartSpec("scatter", name, "alla utvärderingar", alt, caption,
                     data={"points": [[y, t, asdict(s), st, title] for y, t, s, st, title in points],
                           "maximum": maximum},
                     heading="Alla kända totalpoäng över tid",
                     version=_versions(sorted(by_version, key=lambda label: min(r[0] for r in by_version[label]))))


def distribution_spec(name: str, title: str, values: list[float], maximum: int, bin_width: int,
                      unit: str, version: str = "") -> ChartSpec:
    bins = _bins(values, maximum, bin_width)
    parts = [f"{lo}–{hi}: {n}" for lo, hi, n in bins if n]
    count = f"{len(values)} utvärdering" + ("" if len(values) == 1 else "ar")
    alt = (f"Stapeldiagram, fördelning av {unit} för {title}, {count}. "
           + ("; ".join(parts) if parts else "inga värden") + ".")
    caption = (f"Fördelning av {unit} för {title}: de {len(values)} som är offentliga på webbplatsen, "
               "inte alla som gjorts.")
    return ChartSpec("distribution", name, title, alt, caption,
                     data={"bins": [list(b) for b in bins], "unit": unit, "maximum": maximum},
                     heading=f"Fördelning av {unit}, {title}", version=version)


def _bins(values: list[float], maximum: int, width: int) -> list[tuple[int, int, int]]:
    out = []
    for lo in range(0, maximum, width):
        hi = lo + width
        n = sum(1 for v in values if lo <= v < hi or (hi == maximum and v == maximum))
        out.append((lo, hi, n))
    return out


# --- drawing -------------------------------------------------------------------------

# Charts are drawn twice: a wide one for screens from a tablet up and a narrow one for phones
# (the page picks one with <picture>). Each is shown at its own size or smaller, never
# enlarged, and its smallest text is MIN_TEXT px at that size (sizes in px; 72 px per inch).
WIDE, NARROW = 576, 350
MIN_TEXT = 11  # px: tick labels, value labels, legends
LABEL_TEXT = 12  # px: axis titles
INK = "#222222"
SOFT_INK = "#444444"


def chart_size(spec: ChartSpec, narrow: bool = False) -> tuple[int, int]:
    """A chart's width and height in px (its SVG's viewBox, and the size it is shown at)."""
    if spec.kind == "areas":
        n = len(spec.data["labels"])
        per_area = (58 if spec.data["comparison_label"] else 44) if narrow else (
            40 if spec.data["comparison_label"] else 34)
        return (NARROW, (90 if spec.data["comparison_label"] else 60) + n * per_area) if narrow else (WIDE, 80 + n * per_area)
    if spec.kind == "scatter":
        return (NARROW, 430) if narrow else (WIDE, 380)
    return (NARROW, 300) if narrow else (WIDE, 324)


def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    _measure_text_once()

    plt.rcParams.update({
        "svg.hashsalt": "kommunkompassen",
        "svg.fonttype": "none",
        # Labels come from data files: "$5 och $6" or a backslash must print as written, never as
        # mathtext (which also fails on unbalanced "$" and stops the build).
        "text.parse_math": False,
        "text.usetex": False,
        "font.family": "DejaVu Sans",
        "font.size": MIN_TEXT,
        "axes.labelsize": LABEL_TEXT,
        "xtick.labelsize": MIN_TEXT,
        "ytick.labelsize": MIN_TEXT,
        "legend.fontsize": MIN_TEXT,
        "text.color": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


def _measure_text_once() -> None:
    """Measure each text once per process, not once per chart.

    matplotlib's SVG renderer measures a text (its width, height and descent, from the font's
    outlines) to place it, and caches the result for one renderer: one chart. The same area
    names, tick labels and numbers recur in thousands of charts, and measuring them was a third
    of an areas chart's time. The measure depends only on the text, the font's properties and
    the unhinted outlines, so keeping it for the process changes no byte (tests/test_charts.py).
    """
    from matplotlib.backends.backend_svg import RendererSVG

    if getattr(RendererSVG.get_text_width_height_descent, "measured_once", False):
        return

    def get_text_width_height_descent(self, s, prop, ismath):
        return _text_size(s, prop.copy(), ismath)  # a copy: FontProperties is mutable

    get_text_width_height_descent.measured_once = True
    get_text_width_height_descent.unpatched = RendererSVG.get_text_width_height_descent
    RendererSVG.get_text_width_height_descent = get_text_width_height_descent


@functools.lru_cache(maxsize=1 << 14)
def _text_size(s: str, prop, ismath) -> tuple[float, float, float]:
    return _text_to_path().get_text_width_height_descent(s, prop, ismath)


@functools.cache
def _text_to_path():
    from matplotlib.textpath import TextToPath

    return TextToPath()


def laid_out(spec: ChartSpec, narrow: bool = False):
    """The chart as a matplotlib figure (close it with ``matplotlib.pyplot.close``)."""
    plt = _pyplot()
    width, height = chart_size(spec, narrow)
    fig = plt.figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    try:
        {"areas": _draw_areas, "timeline": _draw_timeline, "distribution": _draw_distribution,
         "scatter": _draw_scatter}[spec.kind](fig, spec, narrow)
    except BaseException:
        plt.close(fig)
        raise
    return fig


def draw(spec: ChartSpec, narrow: bool = False) -> bytes:
    """The chart as SVG (``svg_of``); an areas chart is drawn on a kept frame (``_on_frame``)."""
    if spec.kind == "areas":
        fig, clear = _on_frame(spec, narrow)
    else:
        fig = laid_out(spec, narrow)

        def clear() -> None:
            _pyplot().close(fig)
    try:
        return svg_of(fig, spec)
    finally:
        clear()


def svg_of(fig, spec: ChartSpec) -> bytes:
    """``fig`` as SVG, carrying ``spec``'s credit: a <title> and <desc> (what a browser or an editor
    shows when the file is opened on its own) and the same as Dublin Core metadata."""
    import io
    from html import escape

    lines = dict(credit(spec))
    title = lines["Titel"] + (f" ({lines['Version']})" if "Version" in lines else "")
    description = " ".join(f"{label}: {text}." for label, text in credit(spec) if label != "Titel")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={
        "Date": None, "Creator": None, "Title": title, "Description": f"{spec.caption} {description}",
        "Publisher": SITE_NAME, "Rights": f"{LICENCE} ({LICENCE_URL})", "Language": "sv",
        **({"Source": spec.address} if spec.address else {})})
    svg = buffer.getvalue().decode("utf-8")  # matplotlib writes the title as <title> too
    head = svg.index("</title>", svg.index("<svg")) + len("</title>")
    return (svg[:head] + f"\n <desc>{escape(spec.caption)} {escape(description)}</desc>" + svg[head:]).encode("utf-8")


# Areas charts are most of the site's charts (two per evaluation), and most of them share their
# frame: an evaluation of the same version has the same areas, scale and size. Setting up the
# axes took a third of a chart's time, so each process keeps the last few frames and draws only
# the bars and numbers on them, taking those off again after saving. The file is byte-identical
# to the chart drawn on a new figure (``laid_out``; tests/test_charts.py holds them equal).
_FRAMES: dict[tuple, tuple] = {}
FRAMES = 8  # frames a process keeps (two per version and comparison kind: wide and narrow)


def _on_frame(spec: ChartSpec, narrow: bool):
    """An areas chart drawn on a kept frame, and the function that takes its data off again."""
    from matplotlib.figure import Figure

    _pyplot()  # the rcParams
    key = _areas_frame_key(spec, narrow)
    frame = _FRAMES.pop(key, None)
    if frame is None:
        width, height = chart_size(spec, narrow)
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        frame = fig, _areas_frame(fig, spec, narrow)
    _FRAMES[key] = frame  # the most recently used last
    while len(_FRAMES) > FRAMES:
        del _FRAMES[next(iter(_FRAMES))]
    fig, ax = frame
    try:
        added = _areas_data(ax, spec, narrow)
    except BaseException:
        del _FRAMES[key]  # partly drawn on: never used again
        raise

    def clear() -> None:
        try:
            for artist in reversed(added):
                artist.remove()
        except BaseException:
            _FRAMES.pop(key, None)
            raise

    return fig, clear


def _axes(fig, left: float, bottom: float, right: float, top: float):
    """Axes placed by margins in px from each edge of the figure."""
    w, h = fig.get_size_inches() * DPI
    return fig.add_axes((left / w, bottom / h, 1 - (left + right) / w, 1 - (bottom + top) / h))


def _draw_areas(fig, spec: ChartSpec, narrow: bool) -> None:
    _areas_data(_areas_frame(fig, spec, narrow), spec, narrow)


def _areas_frame_key(spec: ChartSpec, narrow: bool) -> tuple:
    """What an areas chart's frame depends on: every chart with the same key has the same figure
    size, axes, area names, scale and axis title, and differs only in its bars and numbers."""
    d = spec.data
    return ("areas", narrow, tuple(d["labels"]), bool(d["comparison_label"]), d["maximum"])


def _areas_frame(fig, spec: ChartSpec, narrow: bool):
    """The axes of an areas chart without its data: the areas' names, the scale, the axis title."""
    d = spec.data
    n = len(d["labels"])
    has_cmp = bool(d["comparison_label"])
    maximum = d["maximum"]
    if narrow:
        # The area's name on its own line above its bars: the bars get the whole width.
        ax = _axes(fig, 8, 44, 12, 48 if has_cmp else 6)
        for y, label in zip(_areas_rows(n, has_cmp, narrow)[0], d["labels"]):
            ax.text(0, y + 0.12, label if len(label) <= 50 else label[:48].rstrip() + "…", va="center",
                    ha="left", fontsize=MIN_TEXT, color=INK)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(n - 0.05, -0.15)
    else:
        ax = _axes(fig, 200, 46, 24, 30 if has_cmp else 10)
        ax.set_yticks(list(range(n)))
        ax.set_yticklabels([_wrap(label) for label in d["labels"]])
        ax.set_ylim(n - 0.5, -0.5)
    # The limits are fixed before any bar is drawn: bars never move them (no autoscaling).
    ax.set_xlim(0, maximum * (1.16 if narrow else 1.1))
    ax.set_xticks([round(maximum * i / (4 if narrow else 5)) for i in range(5 if narrow else 6)])
    ax.set_xlabel(f"Poäng (max {maximum})")
    return ax


def _areas_rows(n: int, has_cmp: bool, narrow: bool) -> tuple[list[float], list[float], list[float], float]:
    """Per area: where its name, its own bar and its comparison bar lie on the y axis, and the bars' height."""
    if narrow:
        bar = 0.22 if has_cmp else 0.32
        label_y = [float(i) for i in range(n)]
        return label_y, [y + 0.42 for y in label_y], [y + 0.42 + bar + 0.03 for y in label_y], bar
    bar = 0.38 if has_cmp else 0.6
    ys = list(range(n))
    return ys, [y - (bar / 2 if has_cmp else 0) for y in ys], [y + bar / 2 for y in ys], bar


def _areas_data(ax, spec: ChartSpec, narrow: bool) -> list:
    """The bars and numbers of an areas chart on its frame; returns what was added (to take it
    off again when the frame is reused)."""
    d = spec.data
    has_cmp = bool(d["comparison_label"])
    maximum = d["maximum"]
    _, own_y, cmp_y, bar = _areas_rows(len(d["labels"]), has_cmp, narrow)
    values = [v if v is not None else 0 for v in d["values"]]
    added = [ax.barh(own_y, values, height=bar, color=BLUE, label=spec.title)]
    for y, v in zip(own_y, d["values"]):
        added.append(ax.text((v or 0) + maximum / 100, y, _fmt(v), va="center", fontsize=MIN_TEXT))
    if has_cmp:
        comps = [c if c is not None else 0 for c in d["comparison"]]
        added.append(ax.barh(cmp_y, comps, height=bar, color="white", edgecolor=ORANGE, hatch="///",
                             linewidth=1.2, label=d["comparison_label"]))
        for y, c in zip(cmp_y, d["comparison"]):
            added.append(ax.text((c or 0) + maximum / 100, y, _fmt(c), va="center", fontsize=MIN_TEXT,
                                 color="#6b4a00"))
        # Above the bars, never among them.
        added.append(ax.legend(loc="lower left", frameon=False, bbox_to_anchor=(0.0, 1.0), ncol=1 if narrow else 2,
                               borderaxespad=0.2, handlelength=1.5))
    return added


def _legend_outside(ax, narrow: bool, handles: list, ncol: int) -> None:
    """The legend beside the plot (wide) or above it (narrow), never over the data."""
    if narrow:
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(-0.02, 1.01), frameon=False, ncol=ncol,
                  borderaxespad=0.2, handletextpad=0.3, columnspacing=1.0)
    else:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, borderaxespad=0.2,
                  handletextpad=0.3)


def _version_break(ax, x: float, label: str) -> None:
    """A dashed line where the version changes, named along the line from the bottom."""
    ax.axvline(x, color="#555555", linestyle="--", linewidth=1.2)
    # Right of the line: in an SVG with text as text the baseline sits at the anchor, and the
    # letters of a rotated text rise to the left of it, so the anchor is set one line's height right.
    ax.annotate(f"ny version: {label}", (x, 0.02), xycoords=ax.get_xaxis_transform(), textcoords="offset points",
                xytext=(MIN_TEXT + 2, 0), rotation=90, fontsize=MIN_TEXT, color=SOFT_INK, ha="left", va="bottom")


def _draw_timeline(fig, spec: ChartSpec, narrow: bool) -> None:
    points = spec.data["points"]
    labels = {p[2]["label"] for p in points}
    ax = _axes(fig, 58, 34, 22, 44) if narrow else _axes(fig, 64, 34, 130, 12)
    years = [p[0] for p in points]
    seen = []
    maximum = spec.data["maximum"]
    for year, total, series, status in points:
        if total is None:
            ax.annotate("uppgift\nsaknas", (year, maximum * 30 / 800), ha="center", fontsize=MIN_TEXT,
                        color=SOFT_INK)
            continue
        if series not in seen:
            seen.append(series)
        colour = series["colour"]
        ax.plot([year], [total], marker=series["marker"], markersize=9, linestyle="none",
                color=colour, markerfacecolor="white" if status in STATUS_WORDS else colour,
                markeredgewidth=1.5)
        label = _fmt(total) + (f" ({STATUS_WORDS[status]})" if status in STATUS_WORDS else "")
        ax.annotate(label, (year, total), textcoords="offset points", xytext=(0, 9), ha="center",
                    fontsize=MIN_TEXT)
    # The line joins totals of one version only: it breaks where the version changes.
    runs: list[list[tuple]] = []
    for year, total, series, _ in points:
        if total is None:
            continue
        if runs and runs[-1][-1][2] == series:
            runs[-1].append((year, total, series))
        else:
            runs.append([(year, total, series)])
    for run in runs:
        if len(run) > 1:
            ax.plot([k[0] for k in run], [k[1] for k in run], color="#777777", linewidth=1, linestyle=":")
    for (y0, _, f0, _), (y1, _, f1, _) in zip(points, points[1:]):
        if f0 != f1:
            _version_break(ax, (y0 + y1) / 2, f1["label"])
    lo, hi = (min(years), max(years)) if years else (2000, 2025)
    ax.set_xlim(lo - 2, hi + 2)
    ax.set_ylim(0, maximum * 1.06)
    ax.set_yticks([round(maximum * i / 4) for i in range(5)])
    ax.set_ylabel(f"Totalpoäng (max {maximum})")
    ax.xaxis.get_major_locator().set_params(integer=True, nbins=4 if narrow else 8)
    if seen:
        # The legend shows each version's filled symbol, whatever its first point is.
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker=s["marker"], markersize=9, linestyle="none", color=s["colour"],
                          markeredgewidth=1.5, label=f"Version {s['label']}") for s in seen]
        _legend_outside(ax, narrow, handles, ncol=min(len(labels), 3))


def _draw_scatter(fig, spec: ChartSpec, narrow: bool) -> None:
    points = spec.data["points"]
    maximum = spec.data["maximum"]
    series: dict[str, dict] = {}
    for _, _, s, _, _ in points:
        series.setdefault(s["label"], s)
    # The legend under the axis: beside the plot it would take a third of the width.
    ax = _axes(fig, 58, 150, 22, 12) if narrow else _axes(fig, 64, 110, 16, 12)
    for label, s in sorted(series.items()):
        for hollow in (False, True):
            xs = [p[0] for p in points if p[2]["label"] == label and (p[3] in STATUS_WORDS) == hollow]
            ys = [p[1] for p in points if p[2]["label"] == label and (p[3] in STATUS_WORDS) == hollow]
            if xs:
                ax.plot(xs, ys, marker=s["marker"], markersize=8, linestyle="none", color=s["colour"],
                        markerfacecolor="white" if hollow else s["colour"], markeredgewidth=1.5, alpha=0.9,
                        label=f"Version {label}" + (" (härlett/osäkert)" if hollow else ""))
    years = [p[0] for p in points]
    ax.set_xlim(min(years) - 1, max(years) + 1)
    ax.set_ylim(0, maximum * 1.04)
    ax.set_yticks([round(maximum * i / 4) for i in range(5)])
    ax.set_ylabel(f"Totalpoäng (max {maximum})")
    ax.set_xlabel("Utvärderingsår")
    ax.xaxis.get_major_locator().set_params(integer=True, nbins=4 if narrow else 8)
    ax.legend(loc="upper left", bbox_to_anchor=(-0.1 if narrow else -0.08, -0.16 if narrow else -0.2),
              frameon=False, ncol=1 if narrow else 2, borderaxespad=0.2, handletextpad=0.3, columnspacing=1.2)


def chart_rows(spec: ChartSpec, swedish: bool = False) -> tuple[list[str], list[list[str]]]:
    """A chart's numbers as a header and rows, one row per mark: column names as in the CSV, or
    in Swedish for a reader (the embed page's table)."""
    d = spec.data
    num = (lambda v: MISSING if v is None else decimal_text(v)) if swedish else _num
    if spec.kind == "areas":
        has_cmp = bool(d["comparison_label"])
        header = (["Område", "Poäng", *([d["comparison_label"]] if has_cmp else [])] if swedish
                  else ["area", "score", *(["comparison"] if has_cmp else [])])
        rows = [[label, num(v), *([num(c)] if has_cmp else [])]
                for label, v, c in zip(d["labels"], d["values"], d["comparison"] or [None] * len(d["values"]))]
    elif spec.kind == "timeline":
        header = ["År", "Totalpoäng", "Status", "Version"] if swedish else ["year", "total", "status", "version"]
        rows = [[str(y), num(t), _status(st, t) if swedish else st, s["label"]] for y, t, s, st in d["points"]]
    elif spec.kind == "scatter":
        header = (["Utvärdering", "År", "Totalpoäng", "Status", "Version"] if swedish
                  else ["evaluation", "year", "total", "status", "version"])
        rows = [[title, str(y), num(t), _status(st, t) if swedish else st, s["label"]]
                for y, t, s, st, title in d["points"]]
    else:
        header = ["Från", "Till", "Antal utvärderingar"] if swedish else ["from", "to", "count"]
        rows = [[str(lo), str(hi), str(n)] for lo, hi, n in d["bins"]]
    return header, rows


def _status(status: str, value) -> str:
    if value is None:
        return MISSING
    return STATUS_LABELS.get(status, STATUS_LABELS["stated"])


def chart_table(spec: ChartSpec) -> str:
    """A chart's numbers as CSV (UTF-8 with BOM, like the other tables, no cell a formula), one row
    per mark, under comment lines with the chart's title, version, source, licence and address."""
    from kommunkompassen.domain.tabular import BOM, csv_text

    # The credit first, as comment lines ("#"): pandas reads past them with comment="#", a
    # spreadsheet shows them above the table. A line starting with "#" is no formula.
    credit_lines = "".join(f"# {label}: {' '.join(str(text).split())}\n" for label, text in credit(spec))
    return BOM + credit_lines + csv_text(*chart_rows(spec))[len(BOM):]


def _num(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _draw_distribution(fig, spec: ChartSpec, narrow: bool) -> None:
    bins = spec.data["bins"]
    ax = _axes(fig, 50, 48, 12, 14) if narrow else _axes(fig, 64, 48, 20, 14)
    centers = [(lo + hi) / 2 for lo, hi, _ in bins]
    counts = [n for _, _, n in bins]
    width = (bins[0][1] - bins[0][0]) * 0.9 if bins else 1
    ax.bar(centers, counts, width=width, color=BLUE)
    for x, n in zip(centers, counts):
        if n:
            ax.text(x, n, str(n), ha="center", va="bottom", fontsize=MIN_TEXT)
    maximum = spec.data["maximum"]
    ax.set_xlim(0, maximum)
    ax.set_xticks([round(maximum * i / 4) for i in range(5)])
    ax.set_ylim(0, max(counts or [1]) * 1.15)
    ax.set_xlabel(spec.data["unit"].capitalize())
    ax.set_ylabel("Antal utvärderingar")
    ax.yaxis.get_major_locator().set_params(integer=True, nbins=4)


def _wrap(text: str, width: int = 30) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


# --- cache and parallel drawing ----------------------------------------------------------


def _variants(spec) -> list[tuple[bool, str, str]]:
    """(narrow, site name, cache file name) of every file a spec is drawn as: a chart wide and
    narrow (SVG), a share card once (PNG)."""
    key = spec.key
    if isinstance(spec, CardSpec):
        return [(False, spec.name, f"{key}.png")]
    return [(False, spec.name, f"{key}.svg"), (True, spec.narrow_src, f"{key}-smal.svg")]


def _draw_to(args: tuple) -> str:
    spec, narrow, path = args
    data = draw_card(spec) if isinstance(spec, CardSpec) else draw(spec, narrow)
    # A name of this process's own: two builds sharing the cache (tests, serve and build) may
    # draw the same chart at once, and each must replace the file whole.
    tmp = Path(path).with_name(f"{Path(path).name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def site_names(spec) -> list[str]:
    """The site names of the files a spec is drawn as (``_variants`` without their cache keys)."""
    return [spec.name] if isinstance(spec, CardSpec) else [spec.name, spec.narrow_src]


def ensure_drawn(specs: list, cache_dir: Path, workers: Optional[int] = None) -> tuple[dict[str, Path], int]:
    """Path of every chart (wide and narrow) and share card in the cache, drawing the missing
    ones on every core (one process each). Returns (paths by site name, how many files were drawn).

    A file is drawn once even when two specs share it (the same numbers give the same key).
    The bytes do not depend on which process draws a file or in what order."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(spec, narrow, name, cache_dir / file) for spec in specs for narrow, name, file in _variants(spec)]
    paths = {name: path for _, _, name, path in jobs}
    missing, seen = [], set()
    for spec, narrow, _, path in jobs:
        if path not in seen and not path.exists():
            seen.add(path)
            missing.append((spec, narrow, str(path)))
    if len(missing) >= 16 and (workers is None or workers > 1):
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        n = workers or min(os.cpu_count() or 1, 8)
        ctx = multiprocessing.get_context("spawn")
        # Small chunks: the last ones finish close together, so no core waits long at the end.
        chunk = max(1, min(CHUNK, len(missing) // (n * 4)))
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            list(pool.map(_draw_to, missing, chunksize=chunk))
    else:
        for item in missing:
            _draw_to(item)
    return paths, len(missing)


CHUNK = 16  # charts a drawing process takes at a time


# Files drawn within this many seconds are kept by ``prune``: builds that share one cache (the
# tests' builds, serve beside build) must not remove what another has just drawn for itself.
RECENT = 600


def prune(cache_dir: Path, keep: set[Path], prefix: str = "") -> int:
    """Remove cached SVGs and PNGs (named ``prefix…``) that this build did not use; returns how many.

    Every data edit leaves the old version of a chart behind; without pruning the cache grows
    with every edit. The map's files (``karta-…``) are pruned by the map, not here.
    """
    removed = 0
    recent = time.time() - RECENT  # another build sharing the cache may have drawn it just now
    for path in [*cache_dir.glob(f"{prefix}*.svg"), *cache_dir.glob(f"{prefix}*.png")]:
        if path not in keep and (prefix or not path.name.startswith("karta-")):
            try:
                if path.stat().st_mtime > recent:
                    continue
            except FileNotFoundError:
                continue
            path.unlink(missing_ok=True)
            removed += 1
    return removed
