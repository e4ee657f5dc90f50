"""Charts as SVG with matplotlib: what to draw (specs, from data) and drawing them.

A ``ChartSpec`` is plain data; its ``key`` hashes that data together with this module's
source, so a chart is drawn again only when its numbers or the drawing code change.
Output is byte-identical for the same spec (fixed SVG hash salt, no dates, text as text).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from kommunkompassen.domain.language import decimal_text

# Okabe–Ito colours (safe for colour-blind readers); series also differ by hatch and marker.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#BBBBBB"

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 72


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows. ``kind`` selects the drawing function."""

    kind: str
    name: str  # output path under the site, e.g. "grafik/kommuner/amal-2019-omraden.svg"
    title: str
    alt: str
    caption: str
    data: dict = field(default_factory=dict)
    width: int = int(WIDTH_IN * DPI)
    height: int = int(HEIGHT_IN * DPI)
    heading: str = ""  # the chart's title on the page
    version: str = ""  # which version(s) of Kommunkompassen its numbers come from

    @property
    def key(self) -> str:
        payload = json.dumps({"spec": asdict(self), "code": _CODE_HASH}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]

    @property
    def src(self) -> str:
        return self.name

    @property
    def table_src(self) -> str:
        """The chart's numbers as CSV, beside the SVG."""
        return self.name.removesuffix(".svg") + ".csv"


_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _fmt(value) -> str:
    return "uppgift saknas" if value is None else decimal_text(value)


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


STATUS_WORDS = {"derived": "härlett", "uncertain": "osäkert"}


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
    caption = f"Fördelning av {unit} för {title} ({count})."
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


def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.hashsalt": "kommunkompassen",
        "svg.fonttype": "none",
        # Labels come from data files: "$5 och $6" or a backslash must print as written, never as
        # mathtext (which also fails on unbalanced "$" and stops the build).
        "text.parse_math": False,
        "text.usetex": False,
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


def draw(spec: ChartSpec) -> bytes:
    plt = _pyplot()
    import io

    fig = plt.figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    try:
        {"areas": _draw_areas, "timeline": _draw_timeline, "distribution": _draw_distribution,
         "scatter": _draw_scatter}[spec.kind](fig, spec)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


def _draw_areas(fig, spec: ChartSpec) -> None:
    d = spec.data
    labels = [_wrap(label) for label in d["labels"]]
    ax = fig.add_axes((0.34, 0.11, 0.62, 0.78))
    n = len(labels)
    has_cmp = bool(d["comparison_label"])
    height = 0.38 if has_cmp else 0.6
    ys = list(range(n))
    values = [v if v is not None else 0 for v in d["values"]]
    ax.barh([y - (height / 2 if has_cmp else 0) for y in ys], values, height=height, color=BLUE,
            label=spec.title)
    for y, v in zip(ys, d["values"]):
        ax.text((v or 0) + 1, y - (height / 2 if has_cmp else 0), _fmt(v), va="center", fontsize=9)
    if has_cmp:
        comps = [c if c is not None else 0 for c in d["comparison"]]
        ax.barh([y + height / 2 for y in ys], comps, height=height, color="white", edgecolor=ORANGE,
                hatch="///", linewidth=1.2, label=d["comparison_label"])
        for y, c in zip(ys, d["comparison"]):
            ax.text((c or 0) + 1, y + height / 2, _fmt(c), va="center", fontsize=9, color="#6b4a00")
        ax.legend(loc="lower left", fontsize=8, frameon=False, bbox_to_anchor=(0.0, 1.01), ncol=2)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    maximum = d["maximum"]
    ax.set_xlim(0, maximum * 1.08)
    ax.set_xticks([round(maximum * i / 5) for i in range(6)])
    ax.set_xlabel(f"Poäng (max {maximum})")


def _draw_timeline(fig, spec: ChartSpec) -> None:
    points = spec.data["points"]
    ax = fig.add_axes((0.10, 0.14, 0.86, 0.76))
    years = [p[0] for p in points]
    seen = []
    maximum = spec.data["maximum"]
    for year, total, series, status in points:
        if total is None:
            ax.annotate("uppgift\nsaknas", (year, maximum * 30 / 800), ha="center", fontsize=8, color="#555555")
            continue
        first = series["label"] not in seen
        seen.append(series["label"])
        colour = series["colour"]
        ax.plot([year], [total], marker=series["marker"], markersize=9, linestyle="none",
                color=colour, markerfacecolor="white" if status in STATUS_WORDS else colour,
                markeredgewidth=1.5, label=f"Version {series['label']}" if first else None)
        label = _fmt(total) + (f" ({STATUS_WORDS[status]})" if status in STATUS_WORDS else "")
        ax.annotate(label, (year, total), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=9)
    known = [(p[0], p[1]) for p in points if p[1] is not None]
    if len(known) > 1:
        ax.plot([k[0] for k in known], [k[1] for k in known], color="#777777", linewidth=1, linestyle=":")
    for (y0, _, f0, _), (y1, _, f1, _) in zip(points, points[1:]):
        if f0 != f1:
            x = (y0 + y1) / 2
            ax.axvline(x, color="#555555", linestyle="--", linewidth=1)
            ax.text(x, maximum * 780 / 800, " ny version", fontsize=8, color="#333333", va="top")
    lo, hi = (min(years), max(years)) if years else (2000, 2025)
    ax.set_xlim(lo - 2, hi + 2)
    ax.set_ylim(0, maximum)
    ax.set_ylabel(f"Totalpoäng (max {maximum})")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if seen:
        ax.legend(loc="lower right", fontsize=8, frameon=False)


def _draw_scatter(fig, spec: ChartSpec) -> None:
    points = spec.data["points"]
    ax = fig.add_axes((0.10, 0.14, 0.86, 0.76))
    maximum = spec.data["maximum"]
    series: dict[str, dict] = {}
    for _, _, s, _, _ in points:
        series.setdefault(s["label"], s)
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
    ax.set_ylim(0, maximum)
    ax.set_ylabel(f"Totalpoäng (max {maximum})")
    ax.set_xlabel("Utvärderingsår")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", fontsize=8, frameon=False, ncol=2)


def chart_table(spec: ChartSpec) -> str:
    """A chart's numbers as CSV (UTF-8 with BOM, like the other tables), one row per mark."""
    import csv
    import io

    d = spec.data
    if spec.kind == "areas":
        header = ["area", "score", *(["comparison"] if d["comparison_label"] else [])]
        rows = [[label, _num(v), *([_num(c)] if d["comparison_label"] else [])]
                for label, v, c in zip(d["labels"], d["values"], d["comparison"] or [None] * len(d["values"]))]
    elif spec.kind == "timeline":
        header = ["year", "total", "status", "version"]
        rows = [[str(y), _num(t), st, s["label"]] for y, t, s, st in d["points"]]
    elif spec.kind == "scatter":
        header = ["evaluation", "year", "total", "status", "version"]
        rows = [[title, str(y), _num(t), st, s["label"]] for y, t, s, st, title in d["points"]]
    else:
        header = ["from", "to", "count"]
        rows = [[str(lo), str(hi), str(n)] for lo, hi, n in d["bins"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _num(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _draw_distribution(fig, spec: ChartSpec) -> None:
    bins = spec.data["bins"]
    ax = fig.add_axes((0.10, 0.16, 0.86, 0.74))
    centers = [(lo + hi) / 2 for lo, hi, _ in bins]
    counts = [n for _, _, n in bins]
    width = (bins[0][1] - bins[0][0]) * 0.9 if bins else 1
    ax.bar(centers, counts, width=width, color=BLUE)
    for x, n in zip(centers, counts):
        if n:
            ax.text(x, n, str(n), ha="center", va="bottom", fontsize=9)
    ax.set_xlim(0, spec.data["maximum"])
    ax.set_xlabel(spec.data["unit"].capitalize())
    ax.set_ylabel("Antal utvärderingar")
    ax.yaxis.get_major_locator().set_params(integer=True)


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


def _draw_to(args: tuple[ChartSpec, str]) -> str:
    spec, path = args
    data = draw(spec)
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def ensure_drawn(specs: list[ChartSpec], cache_dir: Path, workers: Optional[int] = None) -> tuple[dict[str, Path], int]:
    """Path of every chart in the cache, drawing the missing ones. Returns (paths, drawn)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = {spec.name: cache_dir / f"{spec.key}.svg" for spec in specs}
    missing = [(spec, str(paths[spec.name])) for spec in specs if not paths[spec.name].exists()]
    if len(missing) >= 16 and (workers is None or workers > 1):
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        n = workers or min(os.cpu_count() or 1, 8)
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            list(pool.map(_draw_to, missing, chunksize=max(1, len(missing) // (n * 4))))
    else:
        for item in missing:
            _draw_to(item)
    return paths, len(missing)


def prune(cache_dir: Path, keep: set[Path], prefix: str = "") -> int:
    """Remove cached SVGs (named ``prefix…``) that this build did not use; returns how many.

    Every data edit leaves the old version of a chart behind; without pruning the cache grows
    with every edit. The map's files (``karta-…``) are pruned by the map, not here.
    """
    removed = 0
    for path in cache_dir.glob(f"{prefix}*.svg"):
        if path not in keep and (prefix or not path.name.startswith("karta-")):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
