"""Share cards: the picture a link to a page previews with (Open Graph, Twitter), as PNG.

A card is 1200 × 630 px, the size Facebook, LinkedIn, Mastodon and X show large. It is drawn
with matplotlib at build time from plain data (``CardSpec``), cached by the hash of that data,
this package's drawing code and the drawing tools (``tools.py``) like the charts, and
byte-identical between builds (Agg rendering with matplotlib's own DejaVu fonts, no date or
software name in the file).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from kommunkompassen.charts import tools
from kommunkompassen.domain.language import decimal_text
from kommunkompassen.domain.recorded import MISSING

WIDTH, HEIGHT = 1200, 630
DPI = 100
INK = "#1a1a1a"
SOFT_INK = "#4a4a4a"
TRACK = "#e6e8f0"
BAND = "#3f51b5"  # the site's indigo (mkdocs.yml palette)
LABEL_CHARS = 46


@dataclass(frozen=True)
class Bar:
    """One bar of a card: its label, value (None: not given by the sources) and scale's end."""

    label: str
    value: Optional[float]
    maximum: float
    colour: str = "#0072B2"
    note: str = ""  # "härlett" or "osäkert" beside the value

    @property
    def shown(self) -> str:
        if self.value is None:
            return MISSING
        return f"{decimal_text(self.value)} av {decimal_text(self.maximum)}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class CardSpec:
    """What a card shows: a title ("Åmål 2019"), a headline ("453 av 800 poäng"), a line under
    it, and bars (areas of an evaluation, or a municipality's totals over time)."""

    name: str  # output path under the site, e.g. "grafik/kort/amal-2019.png"
    title: str
    headline: str
    detail: str
    bars: tuple[Bar, ...] = ()
    bars_title: str = ""
    empty: str = ""  # said where the bars would be when there are none
    footer: str = ""
    alt: str = field(default="", compare=False)
    address: str = ""  # the site's address ("kommunkompassen.github.io/kommunkompassen"), top right

    @property
    def key(self) -> str:
        payload = json.dumps({"card": asdict(self), "code": _CODE_HASH, "tools": tools.drawing_tools()},
                             sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _fit(fig, artist, value: str, width: float) -> None:
    """Shorten ``artist``'s text with an ellipsis until it is at most ``width`` pixels wide: a long
    or wide name ("WWW…", 200 characters) ends in "…" inside the card instead of off its edge."""
    renderer = fig.canvas.get_renderer()
    if artist.get_window_extent(renderer).width <= width:
        return
    lo, hi = 0, len(value)  # the longest prefix that fits, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        artist.set_text(value[:mid].rstrip() + "…")
        if artist.get_window_extent(renderer).width <= width:
            lo = mid
        else:
            hi = mid - 1
    artist.set_text(value[:lo].rstrip() + "…")


@lru_cache(maxsize=None)
def _font_characters() -> frozenset[int]:
    """The code points the cards' font (matplotlib's own DejaVu Sans, regular and bold) can draw."""
    import matplotlib
    from matplotlib.ft2font import FT2Font

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    regular = set(FT2Font(str(fonts / "DejaVuSans.ttf")).get_charmap())
    return frozenset(regular & set(FT2Font(str(fonts / "DejaVuSans-Bold.ttf")).get_charmap()))


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` the cards' font lacks (it would draw them as empty boxes)."""
    have = _font_characters()
    return sorted({c for c in text if ord(c) not in have and not c.isspace()})


def card_texts(spec: "CardSpec") -> list[str]:
    return [spec.title, spec.headline, spec.detail, spec.footer, spec.empty, spec.bars_title,
            *(b.label for b in spec.bars)]


def draw_card(spec: CardSpec) -> bytes:
    """The card as PNG bytes."""
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"text.parse_math": False, "text.usetex": False, "font.family": "DejaVu Sans",
                         "text.color": INK})
    fig = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    try:
        _draw(fig, spec)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


def _draw(fig, spec: CardSpec) -> None:
    # Text in figure pixels from the top-left corner; fontsize in points (1 pt = DPI/72 px).
    room = WIDTH - 2 * 56

    def text(x: float, y: float, value: str, size: float, **kw) -> None:
        _fit(fig, fig.text(x / WIDTH, 1 - y / HEIGHT, value, fontsize=size, va="top", ha="left", **kw), value, room)

    _box(fig, 0, HEIGHT - 14, WIDTH, 14, BAND)
    text(56, 42, "Kommunkompassens utvärderingar", 17, color=SOFT_INK)
    if spec.address:  # the card travels without its link: it says where it comes from
        fig.text((WIDTH - 56) / WIDTH, 1 - 42 / HEIGHT, short(spec.address, 48), fontsize=17, va="top",
                 ha="right", color=SOFT_INK)
    text(56, 84, short(spec.title, 30), 44, weight="bold")
    text(56, 170, spec.headline, 28)
    text(56, 222, short(spec.detail, 72), 17, color=SOFT_INK)
    if spec.footer:
        text(56, HEIGHT - 58, short(spec.footer, 100), 15, color=SOFT_INK)
    if not spec.bars:
        if spec.empty:
            text(56, 300, spec.empty, 20, color=SOFT_INK)
        return
    top, left, right = 282, 56, WIDTH - 56
    bottom = HEIGHT - (92 if spec.footer else 56)
    if spec.bars_title:
        text(left, top, spec.bars_title, 16, color=SOFT_INK, weight="bold")
        top += 34
    n = len(spec.bars)
    row = (bottom - top) / n
    bar_left = left + 500
    bar_w = right - bar_left - 230  # room for "uppgift saknas" and "384 av 800 (härlett)"
    for i, bar in enumerate(spec.bars):
        y = top + i * row
        size = min(16, row * 0.55 * 72 / DPI)
        label = short(bar.label)
        _fit(fig, fig.text(left / WIDTH, 1 - (y + row / 2) / HEIGHT, label, fontsize=size, va="center", ha="left"),
             label, bar_left - left - 16)
        thick = max(4.0, row * 0.62)
        y0 = HEIGHT - (y + row / 2 + thick / 2)
        _box(fig, bar_left, y0, bar_w, thick, TRACK)
        share = 0 if bar.value is None or not bar.maximum else max(0.0, min(1.0, bar.value / bar.maximum))
        if share:
            _box(fig, bar_left, y0, bar_w * share, thick, bar.colour)
        fig.text((bar_left + bar_w + 12) / WIDTH, 1 - (y + row / 2) / HEIGHT, bar.shown, fontsize=size,
                 va="center", ha="left", color=INK if bar.value is not None else SOFT_INK)


def _box(fig, x: float, y: float, w: float, h: float, colour: str) -> None:
    """A filled rectangle in figure pixels (origin bottom-left)."""
    from matplotlib.patches import Rectangle

    fig.add_artist(Rectangle((x / WIDTH, y / HEIGHT), w / WIDTH, h / HEIGHT, transform=fig.transFigure,
                             facecolor=colour, edgecolor="none"))
